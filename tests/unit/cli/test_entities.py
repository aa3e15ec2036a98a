"""`reader entities`: the JSON contract on the seed article, plain lines, error exits."""

from __future__ import annotations

import json
import shutil

import pytest

from reader.__main__ import main
from tests.ml import uses_ml
from tests.unit._bert import tiny_bert


@pytest.fixture(scope="session")
@uses_ml
def random_model(tmp_path_factory):
    return tiny_bert(tmp_path_factory, "random")


def run(capsys, *argv):
    code = main(["entities", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract_on_the_seed(capsys, seed_path, random_model):
    from reader.library.sources import load

    code, out, err = run(capsys, seed_path, "--model", random_model, "--json", "--threshold", "0")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"article", "model", "entities"}
    article = load(seed_path)
    assert data["article"] == article.as_json()
    assert data["model"] == str(random_model.resolve())
    text = data["article"]["text"]
    assert len(data["entities"]) > 20
    for entity in data["entities"]:
        assert set(entity) == {"start", "end", "label", "score", "text"}
        assert text[entity["start"]:entity["end"]] == entity["text"]
        assert entity["label"] in ("PER", "ORG", "LOC", "MISC")
        assert 0.0 <= entity["score"] <= 1.0
    starts = [e["start"] for e in data["entities"]]
    assert starts == sorted(starts)


def test_threshold_and_plain_lines(capsys, seed_path, random_model):
    code, out, _ = run(capsys, seed_path, "--model", random_model, "--json", "--threshold", "0.8")
    assert code == 0
    high = json.loads(out)["entities"]
    assert all(e["score"] >= 0.8 for e in high)
    code, out, _ = run(capsys, seed_path, "--model", random_model, "--threshold", "0.8")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(high)
    start, end, label, score, text = lines[0].split("\t")
    assert (int(start), int(end), label, text) == (
        high[0]["start"], high[0]["end"], high[0]["label"], high[0]["text"])


def test_missing_model_exits_1_with_the_install_command(capsys, seed_path):
    code, out, err = run(capsys, seed_path)
    assert code == 1 and out == ""
    assert "reader models pull ner-en" in err
    assert "Traceback" not in err


def test_corrupt_model_exits_1(capsys, seed_path, random_model, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(random_model, broken)
    (broken / "model.safetensors").write_bytes(b"\x00" * 10)
    code, out, err = run(capsys, seed_path, "--model", broken)
    assert code == 1 and out == ""
    assert "broken" in err and "Traceback" not in err


def test_bad_threshold_is_a_usage_error(capsys, seed_path):
    with pytest.raises(SystemExit) as exit_:
        main(["entities", str(seed_path), "--threshold", "2"])
    assert exit_.value.code == 2


def test_a_folder_or_missing_file_is_an_input_error(capsys, tmp_path, random_model):
    code, out, err = run(capsys, tmp_path, "--model", random_model)
    assert code == 1 and out == "" and "folder" in err
    code, out, err = run(capsys, tmp_path / "nope.txt", "--model", random_model)
    assert code == 1 and out == "" and "nope.txt" in err


def test_int8_run_keeps_the_contract_and_stays_close(capsys, seed_path, random_model):
    code, out, err = run(capsys, seed_path, "--model", random_model, "--json", "--threshold",
                         "0", "--int8")
    assert code == 0 and err == ""
    quick = json.loads(out)
    text = quick["article"]["text"]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in quick["entities"])
    exact = json.loads(run(capsys, seed_path, "--model", random_model, "--json",
                           "--threshold", "0")[1])
    full = {(e["start"], e["end"], e["label"]): e["score"] for e in exact["entities"]}
    near = {(e["start"], e["end"], e["label"]): e["score"] for e in quick["entities"]}
    same = full.keys() & near.keys()
    gaps = sorted(abs(full[k] - near[k]) for k in same)
    # A random-weight model's labels are close calls, so some flip; the scores stay close.
    assert len(full) > 20 and len(same) >= 0.6 * len(full)
    assert gaps[len(gaps) // 2] < 0.1 and gaps != [0.0] * len(gaps)


def test_int8_and_full_precision_results_are_cached_apart(capsys, seed_path, random_model,
                                                          tmp_path, monkeypatch):
    def scores(*extra):
        code, out, err = run(capsys, seed_path, "--model", random_model, "--json",
                             "--threshold", "0", *extra)
        assert code == 0, err
        return [(e["start"], e["end"], e["score"]) for e in json.loads(out)["entities"]]

    full = scores()
    quick = scores("--int8")
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "fresh"))
    monkeypatch.delenv("READER_DB", raising=False)
    assert quick == scores("--int8")
    assert quick != full


@pytest.mark.ml
def test_a_translation_model_given_as_entity_model_is_refused_quietly(capsys, seed_path,
                                                                       tmp_path):
    from tests.unit._marian import build_marian

    marian = build_marian(tmp_path / "opus-mt-en-de")
    capsys.readouterr()
    code, out, err = run(capsys, seed_path, "--model", marian)
    assert code == 1 and out == ""
    assert err.startswith("reader: ") and err.count("\n") == 1, err
    assert "MarianMTModel" in err and "named entity" in err
