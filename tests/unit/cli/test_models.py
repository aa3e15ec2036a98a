"""`reader models ...`: output, JSON and exit codes (0 ok, 1 error, 2 usage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import locations
from reader.__main__ import main
from tests.unit import _model_folders as make


@pytest.fixture(autouse=True)
def fake_converter(monkeypatch):
    """Conversion is tested for real in test_models_pull; here it only writes the files."""
    calls = []

    def convert(model_dir, out_dir):
        calls.append(model_dir)
        make.ct2(out_dir)

    make.fake_conversion(monkeypatch, convert)
    return calls


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["models", *map(str, argv)])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_empty_list_says_how_to_install(capsys):
    code, out, err = run(capsys)
    assert code == 0 and "reader models pull en-de" in out and err == ""
    data = run_json(capsys, "list")
    assert data["models"] == [] and data["problems"] == []
    assert data["models_dir"] == str(locations.models_dir())


def test_add_list_remove(tmp_path, capsys):
    source = make.marian(tmp_path / "opus-mt-en-de")
    code, out, err = run(capsys, "add", source)
    assert code == 0 and out.startswith("added opus-mt-en-de (translation en->de")
    assert "ctranslate2+transformers" in out and "converting to CTranslate2 int8" in err
    make.bert(tmp_path / "tagger")
    added = run_json(capsys, "add", tmp_path / "tagger", "--name", "ner-de", "--language", "de")
    assert added["model"]["name"] == "ner-de" and added["model"]["languages"] == ["de"]

    listed = run_json(capsys, "list")["models"]
    assert [(m["name"], m["task"], m["languages"]) for m in listed] == [
        ("ner-de", "ner", ["de"]), ("opus-mt-en-de", "translation", ["en", "de"])]
    first = listed[1]
    assert first["backend"] == "transformers" and first["origin"] == "local"
    assert first["ct2_path"] == str(locations.models_dir() / "opus-mt-en-de" / "ct2")
    assert first["size"] > 0 and first["size_human"].endswith(("B", "KiB"))
    assert first["path"] == str(locations.models_dir() / "opus-mt-en-de")
    assert [m["name"] for m in run_json(capsys, "list", "--task", "ner")["models"]] == ["ner-de"]

    code, out, err = run(capsys, "list")
    header, *rows = out.splitlines()
    assert header.split() == ["NAME", "TASK", "LANGUAGES", "BACKEND", "SIZE", "WHERE"]
    assert rows[1].split()[:4] == [
        "opus-mt-en-de", "translation", "en->de", "ctranslate2+transformers"]

    assert run_json(capsys, "remove", "ner-de")["removed"]["name"] == "ner-de"
    code, out, err = run(capsys, "remove", "en-de")
    assert code == 0 and out.startswith("removed opus-mt-en-de")
    assert run_json(capsys, "list")["models"] == []


def test_errors_exit_1_with_one_message(tmp_path, capsys):
    broken = make.marian(tmp_path / "broken")
    (broken / "model.safetensors").write_bytes(b"\x01\x02")
    code, out, err = run(capsys, "add", broken)
    assert code == 1 and out == ""
    assert err.startswith("reader: ") and "model.safetensors is truncated" in err
    assert "Traceback" not in err
    code, out, err = run(capsys, "remove", "nothing-here")
    assert code == 1 and "no installed model named 'nothing-here'" in err
    code, out, err = run(capsys, "pull", "not a name")
    assert code == 1 and "unknown model name" in err


def test_pull_offline_exit_1_with_add_recipe(capsys):
    code, out, err = run(capsys, "pull", "en-vi", "--json")
    assert code == 1 and out == ""
    assert "offline" in err and "reader models add opus-mt-en-vi" in err


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "pull")[0] == 2
    assert run(capsys, "add")[0] == 2
    assert run(capsys, "list", "--task", "summaries")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


def test_problems_are_warnings(tmp_path, capsys):
    make.marian(locations.models_dir() / "half")
    (locations.models_dir() / "half" / "vocab.json").unlink()
    code, out, err = run(capsys, "list")
    assert code == 0 and "warning:" in err and "vocab.json is missing" in err
    data = run_json(capsys, "list")
    assert data["problems"][0]["path"] == str(locations.models_dir() / "half")


def test_hf_cache_entry_is_listed_and_not_removed(capsys):
    make.hf_cache_entry(Path(os.environ["HF_HOME"]) / "hub", "Helsinki-NLP/opus-mt-de-en")
    (model,) = run_json(capsys, "list")["models"]
    assert model["origin"] == "hf-cache" and model["name"] == "Helsinki-NLP/opus-mt-de-en"
    code, out, err = run(capsys, "remove", "de-en")
    assert code == 1 and "hf cache rm model/Helsinki-NLP/opus-mt-de-en" in err
    assert len(run_json(capsys, "list")["models"]) == 1


def test_catalog(capsys):
    names = {e["name"]: e["repo"] for e in run_json(capsys, "catalog")["catalog"]}
    assert names["ner-en"] == "dslim/bert-base-NER" and "en-vi" in names
    code, out, err = run(capsys, "catalog")
    assert code == 0 and "facebook/nllb-200-distilled-600M" in out


@pytest.mark.parametrize("argv, code", [(["pull", "en-de"], 1), (["pull"], 2), ([], 0)])
def test_real_process_exit_codes(argv, code):
    result = subprocess.run([sys.executable, "-m", "reader", "models", *argv],
                            capture_output=True, text=True, env=os.environ.copy())
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


def test_add_no_convert(tmp_path, capsys, fake_converter):
    source = make.marian(tmp_path / "opus-mt-en-fr")
    model = run_json(capsys, "add", source, "--no-convert")["model"]
    assert model["ct2_path"] is None and model["backends"] == ["transformers"]
    assert fake_converter == []
    assert run_json(capsys, "add", make.bert(tmp_path / "tagger"))["model"]["ct2_path"] is None
    assert fake_converter == []


class FakeTerminal:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
def test_pull_progress_on_stderr(tty):
    from reader.cli.models import _Bar

    terminal = FakeTerminal(tty)
    bar = _Bar(terminal)
    bar("downloading org/model")
    bar("downloading org/model", 1000, 1000)
    bar("converting to CTranslate2 int8")
    lines = terminal.text
    assert lines.startswith("downloading org/model\n")
    assert lines.endswith("converting to CTranslate2 int8\n")
    drawn = f"\r[{'#' * 30}] 1000 B / 1000 B 100%\x1b[K"
    assert (drawn in lines) is tty


@pytest.mark.parametrize("argv", [("--json",), ("--json", "list"), ("list", "--json"),
                                  ("--task", "ner", "--json"), ("--json", "catalog")])
def test_json_wherever_it_is_given(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    data = json.loads(out)
    assert ("catalog" if "catalog" in argv else "models") in data
