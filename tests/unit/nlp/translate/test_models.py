"""Backends on tiny real Marian models: equal to transformers' own generate, CTranslate2
equal to it too, no torch on the CTranslate2 path, pivoting, cache, broken folders."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("transformers")
pytest.importorskip("ctranslate2")

from reader.errors import CorruptModel, ModelMissing  # noqa: E402
from reader.library.store import Store  # noqa: E402
from reader.nlp.sentences import split  # noqa: E402
from reader.nlp.translate import load_translator, translate_sentences  # noqa: E402
from tests.unit._marian import reference_generate, seed_text, tiny_models  # noqa: E402

pytestmark = pytest.mark.ml


@pytest.fixture(scope="session")
def models(tmp_path_factory):
    return tiny_models(tmp_path_factory)


@pytest.fixture(scope="session")
def texts():
    return [s.text for s in split(seed_text())][:10]


@pytest.fixture(scope="session")
def greedy(models, texts):
    return reference_generate(models["en-de"], texts, num_beams=1, max_new_tokens=24)


@pytest.fixture(scope="session")
def beam4(models, texts):
    return reference_generate(models["en-de"], texts, num_beams=4, max_new_tokens=24)


def test_transformers_greedy_equals_generate(models, texts, greedy):
    t = load_translator("en", "de", model=models["en-de"], backend="transformers", beams=1)
    assert (t.backend, t.pivot, t.max_new_tokens) == ("transformers", False, 24)
    assert t.translate(texts) == greedy
    assert len(set(greedy)) > 3  # the tiny model does tell its inputs apart


def test_transformers_beam_equals_generate(models, texts, beam4, greedy):
    t = load_translator("en", "de", model=models["en-de"], backend="transformers", beams=4)
    assert t.translate(texts) == beam4
    assert beam4 != greedy


def test_ctranslate2_float32_equals_transformers_token_for_token(models, texts, greedy, beam4):
    for beams, expected in ((1, greedy), (4, beam4)):
        t = load_translator("en", "de", model=models["ct2-float32"], beams=beams)
        assert t.backend == "ctranslate2"
        assert t.translate(texts) == expected


def test_ctranslate2_int8_translates(models, texts, greedy):
    t = load_translator("en", "de", model=models["ct2-int8"], beams=1)
    out = t.translate(texts)
    assert len(out) == len(texts) and all(out)
    assert len(set(out)) > 3


def test_converted_copy_is_used_automatically(models, tmp_path, texts):
    folder = tmp_path / "en-de"
    shutil.copytree(models["en-de"], folder)
    shutil.copytree(models["ct2-float32"], folder / "ct2")
    assert load_translator("en", "de", model=folder).backend == "ctranslate2"
    forced = load_translator("en", "de", model=folder, backend="transformers")
    assert forced.backend == "transformers"


def test_ctranslate2_path_imports_no_torch_or_transformers(models, tmp_path):
    folder = tmp_path / "en-de"
    shutil.copytree(models["en-de"], folder)
    shutil.copytree(models["ct2-int8"], folder / "ct2")
    code = (
        "import sys\n"
        "from reader.nlp.translate import load_translator, translate_sentences\n"
        "from reader.nlp.sentences import split\n"
        "text = 'Russia warned against the idea. Zelensky said so.'\n"
        "for model in sys.argv[1:]:\n"
        "    t = load_translator('en', 'de', model=model)\n"
        "    assert t.backend == 'ctranslate2', t.backend\n"
        "    assert len(list(translate_sentences(t, split(text)))) == 2\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(models["ct2-int8"]), str(folder)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_second_run_calls_the_model_zero_times(models, tmp_path):
    sentences = split(seed_text())
    store = Store(tmp_path / "state.sqlite3")
    t = load_translator("en", "de", model=models["ct2-float32"], beams=1)
    calls = []
    real = t.submit
    t.submit = lambda texts: calls.append(len(texts)) or real(texts)
    first = list(translate_sentences(t, sentences, store=store))
    assert sum(calls) == len(sentences)
    calls.clear()
    assert list(translate_sentences(t, sentences, store=store)) == first
    assert calls == []
    store.close()


@pytest.mark.parametrize("name, backend", [("en-de", "transformers"), ("ct2-float32", None),
                                           ("ct2-int8", "ctranslate2")])
def test_the_cache_identity_is_known_before_loading(models, name, backend):
    from reader.nlp.translate.loading import folder_identity
    from reader.nlp.translate.pipeline import identity

    loaded = load_translator("en", "de", model=models[name], backend=backend, beams=2)
    assert folder_identity(models[name], backend=backend, beams=2) == identity(loaded)
    assert folder_identity(models[name], backend=backend, beams=3) != identity(loaded)


def test_pivot_through_english(models, tmp_path):
    from reader.nlp import models as registry

    registry.add(models["de-en"], name="tiny-de-en")
    registry.add(models["en-vi"], name="tiny-en-vi")
    t = load_translator("de", "vi", backend="transformers", beams=1)
    assert t.pivot and t.model_id == "tiny-de-en+tiny-en-vi"
    first = load_translator("de", "en", model=models["de-en"], backend="transformers", beams=1)
    second = load_translator("en", "vi", model=models["en-vi"], backend="transformers", beams=1)
    text = ["Zelensky sagte, dass die Sicherheit wichtig ist.", "Russland warnte."]
    assert t.translate(text) == second.translate(first.translate(text))


def test_missing_model_names_the_install_command():
    with pytest.raises(ModelMissing) as info:
        load_translator("en", "de")
    assert "reader models pull en-de" in str(info.value)
    assert info.value.command == "reader models pull en-de"


def test_unknown_model_name_is_missing():
    with pytest.raises(ModelMissing, match="no-such-model"):
        load_translator("en", "de", model="no-such-model")


def _broken(models, tmp_path, name):
    folder = tmp_path / name
    shutil.copytree(models["en-de"], folder)
    return folder


def test_config_without_weights_is_corrupt(models, tmp_path):
    folder = _broken(models, tmp_path, "noweights")
    (folder / "model.safetensors").unlink()
    with pytest.raises(CorruptModel, match="no safetensors weights"):
        load_translator("en", "de", model=folder)


def test_truncated_safetensors_is_corrupt(models, tmp_path):
    folder = _broken(models, tmp_path, "truncated")
    weights = folder / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:5000])
    with pytest.raises(CorruptModel, match="truncated"):
        load_translator("en", "de", model=folder, backend="transformers")


def test_missing_tokenizer_and_bad_config_are_corrupt(models, tmp_path):
    folder = _broken(models, tmp_path, "notok")
    (folder / "source.spm").unlink()
    with pytest.raises(CorruptModel, match="source.spm"):
        load_translator("en", "de", model=folder)
    (folder / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CorruptModel, match="config.json"):
        load_translator("en", "de", model=folder)
    (folder / "config.json").write_text(json.dumps({"model_type": "bert"}), encoding="utf-8")
    with pytest.raises(CorruptModel, match="bert"):
        load_translator("en", "de", model=folder)


def test_garbage_ctranslate2_model_is_corrupt(models, tmp_path):
    folder = tmp_path / "ct2"
    shutil.copytree(models["ct2-int8"], folder)
    (folder / "model.bin").write_bytes(b"not a model")
    with pytest.raises(CorruptModel, match="cannot load"):
        load_translator("en", "de", model=folder)


def test_empty_folder_is_corrupt(tmp_path):
    with pytest.raises(CorruptModel, match="no config.json"):
        load_translator("en", "de", model=tmp_path)
