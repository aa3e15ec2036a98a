"""The language tokens of the multilingual models: which exist, which are not text."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.nlp.translate.model_codes import is_control_token, language_tokens

NLLB_VOCABULARY = {"eng_Latn", "deu_Latn", "yor_Latn", "zho_Hans", "zho_Hant", "▁yor_"}
M2M_VOCABULARY = {"__en__", "__de__", "__yo__"}


@pytest.mark.parametrize("token, kind, control", [
    ("__de__", "m2m100", True), ("madeupword3", "m2m100", True), ("▁de", "m2m100", False),
    ("deu_Latn", "nllb", True), ("<mask>", "nllb", True), ("▁Latn", "nllb", False),
    ("__de__", "marian", False), ("deu_Latn", "m2m100", False), ("eng_latn", "nllb", False),
])
def test_control_tokens_of_each_kind(token, kind, control):
    assert is_control_token(token, kind) is control


def test_language_tokens_of_each_kind():
    assert language_tokens("nllb", "en", "de", NLLB_VOCABULARY) == ("eng_Latn", "deu_Latn")
    assert language_tokens("m2m100", "en", "de", M2M_VOCABULARY) == ("__en__", "__de__")
    assert language_tokens("m2m100", "yo", "de", M2M_VOCABULARY) == ("__yo__", "__de__")


def test_nllb_finds_a_language_its_table_lacks_in_the_vocabulary():
    assert language_tokens("nllb", "yo", "en", NLLB_VOCABULARY) == ("yor_Latn", "eng_Latn")
    assert language_tokens("nllb", "en", "zho_Hant", NLLB_VOCABULARY)[1] == "zho_Hant"


@pytest.mark.parametrize("kind, source, target, message", [
    ("nllb", "en", "kl", "this NLLB model cannot translate into 'kl'"),
    ("nllb", "fr", "en", "this NLLB model cannot translate from 'fr'"),
    ("m2m100", "en", "eo", "this M2M100 model cannot translate into 'eo'"),
])
def test_a_language_without_a_token_is_refused(kind, source, target, message):
    vocabulary = NLLB_VOCABULARY if kind == "nllb" else M2M_VOCABULARY
    with pytest.raises(ReaderError, match=message):
        language_tokens(kind, source, target, vocabulary)
