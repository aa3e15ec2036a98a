"""A long article is ranked over a shortlist of its sentences, so no summary's work grows
with the square of the article's length."""

from __future__ import annotations

from reader.nlp.summary import bounds
from reader.nlp.summary.summarize import summarize
from reader.nlp.summary.tokenize import words


def _story(count: int) -> list[str]:
    topics = ["The council voted on the river bridge budget.", "Police closed the market road.",
              "The mayor visited a school.", "Bus fares rise next month."]
    return [f"{topics[i % 4][:-1]} on day {i}." for i in range(count)]


def test_short_articles_are_ranked_whole():
    assert bounds.shortlist("lexrank", _story(bounds.limit("lexrank")), words) is None


def test_a_shortlist_keeps_the_opening_and_the_most_central_sentences_in_order():
    sentences = _story(3000) + ["Unrelated zebra xylophone quartz."]
    kept = bounds.shortlist("lexrank", sentences, words)
    most = bounds.limit("lexrank")
    assert len(kept) == most and kept == sorted(kept)
    assert kept[: int(most * bounds.OPENING)] == list(range(int(most * bounds.OPENING)))
    assert len(sentences) - 1 not in kept  # the odd one out is least central


def test_a_summary_of_a_long_article_says_it_was_ranked_over_a_shortlist():
    text = "\n".join(" ".join(_story(3000)[i : i + 10]) for i in range(0, 3000, 10))
    summary = summarize(text, "en", "lexrank", sentences=3)
    assert len(summary.sentences) == 3
    assert "lexrank ranked 1,000 of its" in summary.note
    assert all(text[s.start : s.end] == s.text for s in summary.sentences)
