"""`reader list` and `reader summarize` in-process: JSON contract, plain output, exit codes."""

from __future__ import annotations

import json

import re

import pytest

from reader import __version__
from reader.cli import common
from reader.nlp.summary.summarize import ALGORITHMS
from tests.unit.cli._cli import RAW_CONTROL, check_summary, run, run_json


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"reader {__version__}"


def test_list_seed_json(capsys, seed_path):
    (entry,) = run_json(capsys, "list", seed_path)
    assert entry["status"] == "ok"
    assert "reason" not in entry
    assert re.fullmatch(r"[0-9a-f]{16}", entry["id"])
    assert entry["path"] == str(seed_path)
    assert entry["language"] == "en"
    assert entry["words"] > 100
    assert entry["title"]


def test_list_plain_is_an_aligned_table(capsys, seed_path):
    code, out, err = run(capsys, "list", seed_path.parent)
    assert code == 0, err
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["ID", "LANG", "WORDS"]
    assert rows and all(row.index(str(seed_path.parent)) == header.index("PATH") for row in rows)
    (entry,) = run_json(capsys, "list", seed_path)
    assert rows[0].startswith(entry["id"])


def test_list_json_matches_summarize_article(capsys, seed_path):
    (entry,) = run_json(capsys, "list", seed_path)
    result = run_json(capsys, "summarize", seed_path)
    assert result["article"]["id"] == entry["id"]
    assert result["article"]["title"] == entry["title"]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_summarize_seed_every_algorithm(capsys, seed_path, algorithm):
    result = run_json(capsys, "summarize", seed_path, "--algorithm", algorithm)
    check_summary(result)
    assert result["algorithm"] == algorithm
    assert len(result["sentences"]) == 3


def test_summarize_sentence_count_and_ratio(capsys, seed_path):
    two = run_json(capsys, "summarize", seed_path, "--sentences", "2")
    assert len(two["sentences"]) == 2
    everything = run_json(capsys, "summarize", seed_path, "--ratio", "1")
    some = run_json(capsys, "summarize", seed_path, "--ratio", "0.3")
    check_summary(everything)
    check_summary(some)
    assert 0 < len(some["sentences"]) < len(everything["sentences"])


def test_summarize_plain_lists_title_then_sentences(capsys, seed_path):
    result = run_json(capsys, "summarize", seed_path)
    code, out, _ = run(capsys, "summarize", seed_path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == result["article"]["title"]
    bullets = [line for line in lines if line.startswith("  • ")]
    assert bullets == [f"  • {s['text']}" for s in result["sentences"]]


def test_summarize_second_run_comes_from_the_cache(capsys, seed_path, monkeypatch):
    first = run_json(capsys, "summarize", seed_path, "-a", "luhn", "-n", "2")

    def fail(*args, **kwargs):
        raise AssertionError("summary recomputed instead of read from the cache")

    monkeypatch.setattr("reader.nlp.summary.summarize.summarize", fail)
    assert run_json(capsys, "summarize", seed_path, "-a", "luhn", "-n", "2") == first


def test_corpus_list_and_summaries_keep_the_contract(capsys, corpus_dir):
    entries = run_json(capsys, "list", corpus_dir)
    pages = sorted(corpus_dir.glob("*.htm*"))
    assert len(entries) == len(pages) > 0
    for entry in entries:
        assert entry["status"] == "ok", entry
        assert entry["words"] >= 20 and entry["title"]
    for page in pages:
        result = run_json(capsys, "summarize", page, "-a", "luhn")
        check_summary(result)
        assert result["sentences"], page.name
        assert "<html" not in result["article"]["text"].lower()


@pytest.mark.parametrize("argv", [
    ["summarize", "{seed}", "--sentences", "2", "--ratio", "0.5"],
    ["summarize", "{seed}", "--ratio", "0"],
    ["summarize", "{seed}", "--ratio", "1.5"],
    ["summarize", "{seed}", "--ratio", "half"],
    ["summarize", "{seed}", "--sentences", "0"],
    ["summarize", "{seed}", "--algorithm", "nonesuch"],
    ["summarize"],
    ["list"],
    ["list", "{seed}", "--bogus"],
])
def test_usage_errors_exit_2(capsys, seed_path, argv):
    code, out, err = run(capsys, *[a.format(seed=seed_path) for a in argv])
    assert code == 2
    assert "usage:" in err and out == ""


def test_input_errors_exit_1_without_traceback(capsys, tmp_path, seed_path):
    missing = tmp_path / "missing.txt"
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    for argv in (["list", missing], ["list", seed_path, missing], ["summarize", missing],
                 ["summarize", tmp_path], ["list", empty_dir]):
        code, out, err = run(capsys, *argv)
        assert code == 1, argv
        assert out == "" and err.startswith("reader: ") and "Traceback" not in err


def test_visible_replaces_every_control_character():
    text = "".join(map(chr, range(0x00, 0xA0))) + "[bold red]x[/]"
    shown = common.visible(text)
    assert not RAW_CONTROL.search(shown)
    assert "\n" in shown and "\t" in shown and "␛" in shown and "␡" in shown
    assert shown.endswith("[bold red]x[/]")
    assert "\n" not in common.visible(text, single_line=True)


def test_json_escapes_c1_and_del_but_keeps_unicode():
    import json

    value = {"t": "caf\u00e9 \u4e2d \x1b[31m \x7f \x9b1m"}
    dumped = common.dumps(value)
    assert not RAW_CONTROL.search(dumped)
    assert "café 中" in dumped
    assert json.loads(dumped) == value


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty, self.written = tty, []

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.written.append(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
def test_progress_only_on_a_terminal(tty):
    stream = _Stream(tty)
    progress = common.Progress("reading", stream=stream, interval=0.0)
    for _ in range(3):
        progress.step()
    progress.done()
    if tty:
        assert "reading 3" in "".join(stream.written)
        assert stream.written[-1] == "\r\x1b[K"
    else:
        assert stream.written == []


def test_summarize_follows_the_settings(capsys, seed_path):
    import os
    from pathlib import Path

    config = Path(os.environ["READER_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('summary_algorithm = "LUHN"\nsummary_sentences = 2\n', encoding="utf-8")
    result = run_json(capsys, "summarize", seed_path)
    assert result["algorithm"] == "luhn" and len(result["sentences"]) == 2
    config.write_text('summary_algorithm = "nonesuch"\n', encoding="utf-8")
    code, out, err = run(capsys, "summarize", seed_path, "--json")
    assert code == 0 and "nonesuch" in err and "Traceback" not in err
    assert json.loads(out)["algorithm"] == "lexrank"
