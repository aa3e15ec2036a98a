"""Apertium for real (Debian's apertium with eng-spa), when it is installed."""

from __future__ import annotations

import re
import shutil

import pytest

from reader.nlp.sentences import split
from reader.nlp.translate import load_translator, translate_sentences
from reader.nlp.translate.apertium import installed_pairs, pair_name

pytestmark = pytest.mark.skipif(
    shutil.which("apertium") is None or pair_name("en", "es") is None,
    reason="apertium with the eng-spa pair is not installed",
)

SPANISH = {"el", "la", "de", "que", "en", "y", "los", "las", "un", "una", "con", "por"}


def test_installed_pairs_use_iso_codes():
    assert ("en", "es") in installed_pairs()


def test_seed_article_in_spanish(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    sentences = split(text)
    t = load_translator("en", "es", backend="apertium")
    assert (t.backend, t.model_id) == ("apertium", "apertium-eng-spa")
    pairs = list(translate_sentences(t, sentences))
    assert len(pairs) == len(sentences)
    words = set(re.findall(r"\w+", " ".join(p.target.lower() for p in pairs)))
    assert len(SPANISH & words) >= 6
    for pair in pairs:
        assert text[pair.start:pair.end] == pair.source
        assert pair.target and "\n" not in pair.target
    assert "garantías de seguridad" in pairs[0].target


def test_batch_output_splits_back_one_to_one():
    t = load_translator("en", "es", backend="apertium")
    texts = ["The house is big.", "No punctuation here", "[bold] ^x$ and a/b", "I have a cat."]
    out = t.translate(texts)
    assert len(out) == 4
    assert "casa" in out[0] and "gato" in out[3]
    assert "^x$" in out[2] and "[" in out[2]  # stream-format characters pass as text


def test_apertium_is_the_fallback_when_no_model_is_installed():
    assert load_translator("en", "es").backend == "apertium"


def test_missing_apertium_pair_names_the_debian_package():
    from reader.errors import ModelMissing

    with pytest.raises(ModelMissing, match="sudo apt install apertium-eng-cat$"):
        load_translator("en", "ca", backend="apertium")


@pytest.mark.parametrize("source, target", [("en", "fi"), ("vo", "es")])
def test_a_pair_debian_lacks_points_to_a_model_instead(source, target):
    from reader.errors import ModelMissing

    with pytest.raises(ModelMissing) as raised:
        load_translator(source, target, backend="apertium")
    message = str(raised.value)
    assert "apt" not in message and f"reader models pull {source}-{target}" in message
