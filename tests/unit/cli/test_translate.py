"""`reader translate` end to end in-process, on the seed article and tiny models."""

from __future__ import annotations

import json
import shutil

import pytest

pytest.importorskip("transformers")
pytest.importorskip("ctranslate2")

from reader.__main__ import main  # noqa: E402
from reader.nlp.summary.summarize import summarize  # noqa: E402
from tests.unit._marian import reference_generate, tiny_models  # noqa: E402

pytestmark = pytest.mark.ml


@pytest.fixture(scope="session")
def models(tmp_path_factory):
    return tiny_models(tmp_path_factory)


def run(capsys, *argv):
    code = main(["translate", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_targets_equal_transformers_greedy(capsys, seed_path, models):
    code, out, err = run(capsys, seed_path, "--to", "de", "--model", models["en-de"],
                         "--backend", "transformers", "--beams", "1", "--json")
    assert code == 0, err
    data = json.loads(out)
    text = data["article"]["text"]
    assert (data["backend"], data["model"], data["pivot"]) == ("transformers", "en-de", False)
    pairs = data["pairs"]
    assert len(pairs) > 10
    for pair in pairs:
        assert text[pair["start"]:pair["end"]] == pair["source"]
    sources = [p["source"] for p in pairs]
    expected = reference_generate(models["en-de"], sources, num_beams=1, max_new_tokens=24)
    assert [p["target"] for p in pairs] == expected


def test_ctranslate2_backend_on_the_same_folder(capsys, seed_path, models):
    code, out, err = run(capsys, seed_path, "--to", "de", "--model", models["en-de"],
                         "--backend", "ctranslate2", "--beams", "1", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["backend"] == "ctranslate2"
    assert all(p["target"] for p in data["pairs"])


def test_summary_translates_the_summary_sentences(capsys, seed_path, models):
    code, out, err = run(capsys, seed_path, "--to", "de", "--model", models["ct2-float32"],
                         "--summary", "--json")
    assert code == 0, err
    data = json.loads(out)
    expected = summarize(data["article"]["text"], "en", "lexrank", sentences=3).sentences
    assert [(p["start"], p["end"]) for p in data["pairs"]] == [(s.start, s.end) for s in
                                                               expected]


def test_plain_output_keeps_paragraphs(capsys, seed_path, models):
    code, out, err = run(capsys, seed_path, "--to", "de", "--model", models["ct2-float32"])
    assert code == 0, err
    paragraphs = [line for line in seed_path.read_text().splitlines() if line.strip()]
    assert 0 < len(out.splitlines()) <= len(paragraphs)
    assert err == ""  # no progress or library chatter when stderr is not a terminal


def test_missing_model_exits_1_with_the_install_command(capsys, seed_path):
    code, out, err = run(capsys, seed_path, "--to", "de")
    assert code == 1 and out == ""
    assert "reader models pull en-de" in err
    assert "Traceback" not in err


def test_corrupt_model_folder_exits_1(capsys, seed_path, models, tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(models["en-de"], folder)
    (folder / "model.safetensors").unlink()
    code, out, err = run(capsys, seed_path, "--to", "de", "--model", folder)
    assert code == 1 and out == ""
    assert "no safetensors weights" in err and "Traceback" not in err


def test_bad_beams_is_a_usage_error(capsys, seed_path):
    with pytest.raises(SystemExit) as info:
        main(["translate", str(seed_path), "--to", "de", "--beams", "0"])
    assert info.value.code == 2


def test_same_folder_name_with_other_weights_misses_the_cache(capsys, seed_path, models,
                                                             tmp_path):
    from tests.unit._marian import build_marian

    other = build_marian(tmp_path / "other" / "en-de", seed=11)
    results = []
    for folder in (models["en-de"], other):
        for backend in ("transformers", "ctranslate2"):
            code, out, err = run(capsys, seed_path, "--to", "de", "--model", folder,
                                 "--backend", backend, "--beams", "1", "--summary", "--json")
            assert code == 0, err
            results.append([p["target"] for p in json.loads(out)["pairs"]])
    assert results[0] != results[2]
    sources = [p["source"] for p in json.loads(out)["pairs"]]
    assert results[2] == reference_generate(other, sources, num_beams=1, max_new_tokens=24)


def test_language_codes_are_normalised(capsys, seed_path, models):
    """Every spelling is parsed alike (tests/unit/cli/test_commands.py); one run shows the
    parsed code reaches the model."""
    code, out, err = run(capsys, seed_path, "--to", "deu", "--from", "EN", "--model",
                         models["en-de"], "--beams", "1", "--summary", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["source"], data["target"]) == ("en", "de")


@pytest.mark.parametrize("bad", ["", "d e", "12", "deutsch"])
def test_a_malformed_language_is_a_usage_error(capsys, seed_path, bad):
    with pytest.raises(SystemExit) as stop:
        main(["translate", str(seed_path), "--to", bad])
    assert stop.value.code == 2
    assert "not a language code" in capsys.readouterr().err


def test_no_target_for_an_article_in_the_default_language_names_the_option(
        capsys, seed_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    code, out, err = run(capsys, seed_path)
    assert code == 1 and out == ""
    assert "--to" in err


def test_missing_model_message_mentions_broken_installed_folders(capsys, seed_path, models):
    import os
    from pathlib import Path

    broken = Path(os.environ["READER_MODELS_DIR"]) / "opus-mt-en-de"
    shutil.copytree(models["en-de"], broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    code, out, err = run(capsys, seed_path, "--to", "de")
    assert code == 1 and out == ""
    assert "could not be used" in err and "opus-mt-en-de" in err and "truncated" in err
    assert "reader models pull en-de" in err
