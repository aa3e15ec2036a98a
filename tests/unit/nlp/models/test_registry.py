"""The registry: add / list / find / remove under the models folder, and the HF cache."""

from __future__ import annotations

import json
import shutil

import pytest

from reader import locations
from reader.errors import CorruptModel, ModelMissing, ReaderError
from reader.nlp import models
from tests.unit import _model_folders as make


@pytest.fixture
def hub(tmp_path):
    path = tmp_path / "hf-home" / "hub"
    path.mkdir(parents=True)
    return path


def test_add_list_find_remove_round_trip(tmp_path):
    source = make.marian(tmp_path / "downloads" / "opus-mt-en-de")
    before = make.tree_state(source)
    record = models.add(source)
    assert make.tree_state(source) == before
    assert record.path == locations.models_dir() / "opus-mt-en-de"
    assert record.languages == ("en", "de") and record.origin == "local"
    assert make.tree_state(record.path).keys() == before.keys()
    assert [r.name for r in models.installed()] == ["opus-mt-en-de"]
    assert models.installed("ner") == []
    assert models.find("translation", source="en", target="de") == record
    assert models.find("translation", source="de", target="en") is None
    assert models.remove("opus-mt-en-de").name == "opus-mt-en-de"
    assert models.installed() == []
    assert not record.path.exists() and make.tree_state(source) == before
    assert models.read_manifest() == {}


def test_manifest_records_each_model(tmp_path):
    models.add(make.bert(tmp_path / "tagger"), name="ner-de", languages=["de"])
    raw = json.loads((locations.models_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert raw["version"] == 1
    entry = raw["models"]["ner-de"]
    assert entry["folder"] == "ner-de" and entry["task"] == "ner"
    assert entry["languages"] == ["de"] and entry["backend"] == "transformers"
    assert entry["added"].endswith("Z")
    assert models.find("ner", language="de").name == "ner-de"
    assert models.find("ner", language="fr") is None
    assert not any(p.name.startswith(".manifest-") for p in locations.models_dir().iterdir())


def test_add_validates_first_and_leaves_nothing_behind(tmp_path):
    source = make.marian(tmp_path / "broken")
    (source / "target.spm").unlink()
    with pytest.raises(CorruptModel, match="target.spm"):
        models.add(source)
    root = locations.models_dir()
    assert not root.exists() or [
        p.name for p in root.iterdir() if not p.name.startswith(".manifest")] == []


def test_add_refuses_duplicates_and_bad_names(tmp_path):
    source = make.bert(tmp_path / "tagger")
    models.add(source)
    with pytest.raises(ReaderError, match="already installed"):
        models.add(source)
    with pytest.raises(ReaderError, match="invalid model name"):
        models.add(source, name="../escape")
    assert models.add(source, name="tagger-2").name == "tagger-2"


def test_add_skips_pickle_weights_but_keeps_ct2_copy(tmp_path):
    source = make.marian(tmp_path / "opus-mt-en-fr")
    (source / "pytorch_model.bin").write_bytes(b"pickle")
    make.ct2(source / "ct2")
    record = models.add(source)
    assert not (record.path / "pytorch_model.bin").exists()
    assert record.ct2_path == record.path / "ct2"
    assert (source / "pytorch_model.bin").exists()


def test_folder_dropped_in_by_hand_is_listed(tmp_path):
    make.nllb(locations.models_dir() / "nllb-200-distilled-600M")
    (found,) = models.installed()
    assert found.family == "nllb" and found.languages == ("*", "*")
    assert models.find("translation", source="vi", target="fr") == found


def test_unreadable_manifest_does_not_hide_models(tmp_path):
    models.add(make.marian(tmp_path / "opus-mt-en-de"))
    (locations.models_dir() / "manifest.json").write_text("{broken", encoding="utf-8")
    assert [r.name for r in models.installed()] == ["opus-mt-en-de"]


def test_corrupt_installed_folder_is_a_problem_not_a_crash(tmp_path):
    record = models.add(make.marian(tmp_path / "opus-mt-en-de"))
    (record.path / "model.safetensors").write_bytes(b"\x00" * 4)
    records, problems = models.scan()
    assert records == []
    ((where, why),) = problems
    assert where == str(record.path) and "truncated" in why


def test_find_prefers_exact_pair_then_local_then_ct2(tmp_path, hub):
    make.hf_cache_entry(hub, "Helsinki-NLP/opus-mt-en-de")
    nllb = models.add(make.nllb(tmp_path / "nllb"))
    assert models.find("translation", source="en", target="de").origin == "hf-cache"
    plain = models.add(make.marian(tmp_path / "opus-mt-en-de"))
    assert models.find("translation", source="en", target="de") == plain
    fast = make.marian(tmp_path / "fast")
    make.ct2(fast / "ct2")
    fast = models.add(fast)
    assert models.find("translation", source="en", target="de") == fast
    assert models.find("translation", source="en", target="vi") == nllb


def test_find_ner_exact_language_beats_any(tmp_path):
    multi = models.add(make.bert(tmp_path / "bert-base-multilingual-cased-ner-hrl"))
    english = models.add(make.bert(tmp_path / "bert-base-NER"))
    assert english.languages == ("en",) and multi.languages == ("*",)
    assert models.find("ner", language="en") == english
    assert models.find("ner", language="de") == multi
    assert models.find("ner") == multi


def test_hf_cache_snapshot_is_listed_read_only(hub):
    snapshot = make.hf_cache_entry(hub, "Helsinki-NLP/opus-mt-en-de")
    before = make.tree_state(hub)
    (record,) = models.installed()
    assert record.name == "Helsinki-NLP/opus-mt-en-de" and record.origin == "hf-cache"
    assert record.path == snapshot and record.languages == ("en", "de") and record.size > 0
    assert models.get("en-de") == record
    with pytest.raises(ReaderError, match="hf cache rm model/Helsinki-NLP/opus-mt-en-de"):
        models.remove("Helsinki-NLP/opus-mt-en-de")
    assert make.tree_state(hub) == before


def test_hf_hub_cache_variable_wins(tmp_path, monkeypatch):
    other = tmp_path / "elsewhere"
    make.hf_cache_entry(other, "dslim/bert-base-NER", build=make.bert)
    monkeypatch.setenv("HF_HUB_CACHE", str(other))
    (record,) = models.installed("ner")
    assert record.languages == ("en",) and models.hub_cache() == other


def test_hf_cache_ignores_other_kinds_of_model(hub):
    snapshot = make.hf_cache_entry(hub, "someone/gpt", build=make.bert)
    (snapshot / "config.json").unlink()
    (snapshot / "config.json").write_text(json.dumps({"architectures": ["GPT2LMHeadModel"]}))
    assert models.scan() == ([], [])


def test_add_from_an_hf_snapshot_takes_the_repository_name(hub):
    snapshot = make.hf_cache_entry(hub, "Helsinki-NLP/opus-mt-en-vi", make.marian)
    record = models.add(snapshot)
    assert record.name == "opus-mt-en-vi" and record.source == "Helsinki-NLP/opus-mt-en-vi"
    assert record.languages == ("en", "vi")
    assert not any(p.is_symlink() for p in record.path.iterdir())


def test_get_by_catalog_name_and_missing_names(tmp_path):
    record = models.add(make.marian(tmp_path / "opus-mt-en-de"))
    assert models.get("en-de") == record
    assert models.get("Helsinki-NLP/opus-mt-en-de") == record
    with pytest.raises(ModelMissing) as caught:
        models.remove("en-vi")
    assert caught.value.command == "reader models pull en-vi"


def test_remove_only_touches_the_models_folder(tmp_path):
    record = models.add(make.marian(tmp_path / "opus-mt-en-de"))
    outside = tmp_path / "keep"
    shutil.copytree(record.path, outside)
    models.remove(record.name)
    assert outside.is_dir() and not record.path.exists()
    assert [p for p in locations.models_dir().iterdir() if p.name.startswith(".removing")] == []


def test_install_command():
    command = models.install_command
    assert command("translation", source="en", target="vi") == "reader models pull en-vi"
    assert command("translation", source="eng", target="DE") == "reader models pull en-de"
    assert models.install_command("translation") == "reader models pull nllb"
    assert models.install_command("ner", language="en") == "reader models pull ner-en"
    assert models.install_command("ner", language="de") == "reader models pull ner-multi"
    assert models.install_command("ner") == "reader models pull ner-multi"
    with pytest.raises(ValueError):
        models.install_command("summary")


def test_catalog_names():
    assert models.CATALOG["en-de"].repo == "Helsinki-NLP/opus-mt-en-de"
    assert models.CATALOG["nllb"].repo == "facebook/nllb-200-distilled-600M"
    assert models.CATALOG["ner-en"].repo == "dslim/bert-base-NER"
    assert models.CATALOG["ner-multi"].repo == "Davlan/bert-base-multilingual-cased-ner-hrl"
    assert models.resolve("ja-en").repo == "Helsinki-NLP/opus-mt-ja-en"
    assert models.resolve("en-ROMANCE").languages == ("en", "ROMANCE")
    with pytest.raises(ReaderError, match="unknown model name"):
        models.resolve("not a model")


def test_missing_message_names_the_command():
    error = models.missing_message("translation", source="en", target="vi")
    assert "reader models pull en-vi" in str(error) and error.command == "reader models pull en-vi"


def test_a_broken_install_is_reported_by_name_and_can_be_removed(tmp_path):
    record = models.add(make.marian(tmp_path / "opus-mt-en-de"))
    (record.path / "source.spm").unlink()
    with pytest.raises(CorruptModel, match="source.spm is missing"):
        models.get("en-de")
    removed = models.remove("opus-mt-en-de")
    assert removed.languages == ("en", "de") and not record.path.exists()
    assert models.scan() == ([], []) and models.read_manifest() == {}


def test_language_spellings():
    assert models.normalise_language("any") == "*"
    assert models.normalise_language("en_US") == "en"
    assert models.normalise_language("vie") == "vi"
    assert models.normalise_language("ROMANCE") == "ROMANCE"


def test_manifest_drops_entries_whose_folder_is_gone(tmp_path):
    first = models.add(make.marian(tmp_path / "opus-mt-en-de"))
    shutil.rmtree(first.path)
    models.add(make.bert(tmp_path / "tagger"))
    assert list(models.read_manifest()) == ["tagger"]


def test_concurrent_adds_keep_every_manifest_entry(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    sources = [make.bert(tmp_path / f"tagger-{i}") for i in range(6)]
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(models.add, sources))
    assert sorted(models.read_manifest()) == [f"tagger-{i}" for i in range(6)]


def test_unreadable_models_folder_listing_error(tmp_path, monkeypatch):
    root = locations.models_dir()
    root.mkdir(parents=True)
    real = type(root).iterdir

    def refuse(self):
        if self == root:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(type(root), "iterdir", refuse)
    records, problems = models.scan()
    assert records == [] and problems == [
        (str(root), f"{root}: cannot list models (Permission denied)")]
