"""Long and dense articles: every summary ends correctly within 30 s and 1 GB, however
many sentences (a graph over every pair of them used to take gigabytes)."""

from __future__ import annotations

import json

import pytest

from tests.hostile import cases
from tests.hostile.harness import bounded

pytestmark = pytest.mark.slow


def _check_summary(outcome, count: int = 3) -> dict:
    result = json.loads(outcome.out)
    text = result["article"]["text"]
    assert len(result["sentences"]) == count
    assert all(text[s["start"] : s["end"]] == s["text"] for s in result["sentences"])
    return result


@pytest.mark.parametrize("algorithm", ["lexrank", "textrank", "reduction", "lsa", "kl"])
def test_fifteen_thousand_similar_sentences(reader, tmp_path, algorithm):
    path = cases.short_sentences(tmp_path)
    outcome = bounded(reader("summarize", path, "--json", "-a", algorithm))
    result = _check_summary(outcome)
    if algorithm in ("lexrank", "textrank", "reduction", "lsa"):
        assert "ranked" in result["note"] and "15,000 sentences" in result["note"]


def test_an_article_just_under_the_size_limit(reader, tmp_path):
    path = cases.short_sentences(tmp_path, count=100_000, name="big.txt")
    _check_summary(bounded(reader("summarize", path, "--json")))


@pytest.mark.parametrize("kind", ["dots", "abbreviations", "urls"])
def test_one_huge_line_is_split_and_summarised(reader, tmp_path, kind):
    path = cases.one_line(tmp_path, kind)
    _check_summary(bounded(reader("summarize", path, "--json")))


def test_a_folder_of_long_articles_is_listed(reader, tmp_path):
    cases.short_sentences(tmp_path)
    cases.one_line(tmp_path, "dots")
    cases.many_lines(tmp_path)
    outcome = bounded(reader("list", tmp_path, "--json"))
    assert [e["status"] for e in json.loads(outcome.out)] == ["ok"] * 3
