"""Entities on word boundaries: at word level (the default) no span starts or ends inside a
word, and the threshold judges the merged word span, on a tiny BERT whose sub-word pieces
are given disagreeing labels by hand."""

from __future__ import annotations

import pytest

from reader.nlp.entities import load_tagger, tag_article
from reader.nlp.entities.aggregation import DEFAULT_STRATEGY, within_word
from tests.ml import uses_ml
from tests.unit._bert import SPECIALS, build_labelled

TEXT = "Wir sprachen über Äpfel und Birnen in Berlin."
# "über" is "ü" + "##ber", and only "##ber" says B-LOC; "Berlin" is "Ber" (B-LOC, 0.715)
# + "##lin" (O, 0.715).
PIECES = ["Wir", "sprachen", "ü", "##ber", "Äpfel", "und", "Birnen", "in", "Ber", "##lin", "."]
LOGITS = {"##ber": {"B-LOC": 8.0}, "Äpfel": {"I-LOC": 8.0}, "Ber": {"B-LOC": 3.0},
          "##lin": {"O": 3.0}}


@pytest.fixture(scope="module")
@uses_ml
def model(tmp_path_factory):
    return str(build_labelled(tmp_path_factory.mktemp("bert-pieces") / "model",
                              list(SPECIALS) + PIECES, LOGITS))


def _spans(model, strategy=None, threshold=0.0):
    tagger = load_tagger(model=model, aggregation=strategy)
    return [(s.text, s.label) for s in tag_article(tagger, TEXT, threshold=threshold)]


def test_the_model_gives_the_pieces_the_labels_set_by_hand(model):
    tagger = load_tagger(model=model)
    assert tagger.tokenizer.tokenize(TEXT) == PIECES
    assert _spans(model, "simple") == [("ber Äpfel", "LOC"), ("Ber", "LOC")]


def test_the_default_is_word_level(model):
    assert DEFAULT_STRATEGY == "first"
    assert load_tagger(model=model).aggregation == "first"
    assert _spans(model) == [("Äpfel", "LOC"), ("Berlin", "LOC")]


@pytest.mark.parametrize("strategy", ["first", "average", "max"])
def test_no_span_starts_or_ends_inside_a_word(model, strategy):
    tagger = load_tagger(model=model, aggregation=strategy)
    spans = tag_article(tagger, TEXT, threshold=0.0)
    assert spans
    for span in spans:
        assert span.start == 0 or not TEXT[span.start - 1].isalnum()
        assert span.end == len(TEXT) or not TEXT[span.end].isalnum()


def test_the_threshold_judges_the_merged_word(model):
    assert _spans(model, threshold=0.7) == [("Äpfel", "LOC"), ("Berlin", "LOC")]
    assert _spans(model, threshold=0.8) == [("Äpfel", "LOC")]  # all of Berlin goes, not half
    assert _spans(model, "simple", threshold=0.7) == [("ber Äpfel", "LOC"), ("Ber", "LOC")]


@pytest.mark.parametrize(
    ("text", "previous_end", "start", "inside"),
    [("über", 1, 1, True), ("a b", 1, 2, False), ("北京", 1, 1, False),
     ("Merkel's", 6, 6, False), ("x2y", 2, 2, True), ("ab", 0, 1, False), ("ab", None, 1, False)],
)
def test_touching_letters_continue_a_word(text, previous_end, start, inside):
    assert within_word(text, previous_end, start) is inside
