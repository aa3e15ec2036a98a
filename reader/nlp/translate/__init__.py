"""Offline translation, sentence by sentence, for the reader and the CLI.

`load_translator` picks a backend (CTranslate2, transformers or Apertium) for a language
pair; `translate_sentences` turns an article's sentences into `Pair`s with offsets,
streaming in document order and caching each sentence in the store. Heavy libraries are
imported only when a model is loaded.
"""

from __future__ import annotations

from reader.nlp.translate.base import Pair, PivotTranslator, Translator
from reader.nlp.translate.loading import BACKENDS, load_translator
from reader.nlp.translate.pipeline import translate_sentences, translate_texts


__all__ = [
    "BACKENDS", "Pair", "PivotTranslator", "Translator", "load_translator",
    "translate_sentences", "translate_texts",
]
