"""Shared helpers for the CLI tests: run `reader` in-process and check its output."""

from __future__ import annotations

import json
import re

from reader.__main__ import main

# Anything a terminal could act on: C0 controls except newline and tab, DEL, C1 controls.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `reader ARGV...` run in this process."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def check_summary(result: dict) -> None:
    """The summarize JSON contract: verbatim sentences, in order, inside the text."""
    article = result["article"]
    assert set(article) >= {"id", "title", "language", "text"}
    assert isinstance(result["algorithm"], str) and result["algorithm"]
    text, last_end = article["text"], 0
    for sentence in result["sentences"]:
        start, end = sentence["start"], sentence["end"]
        assert 0 <= start < end <= len(text)
        assert sentence["text"] == text[start:end]
        assert start >= last_end, "sentences overlap or are out of document order"
        last_end = end
    if "note" in result:
        assert isinstance(result["note"], str) and result["note"]
