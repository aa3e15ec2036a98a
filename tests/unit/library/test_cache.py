"""The results cache: keys from plain data, typed values, and what clears it."""

import shutil
import subprocess
import sys

import pytest

from reader.library import cache
from reader.library.article import EntitySpan, Sentence, Summary
from reader.library.cache import (
    ModelIdentity,
    ResultCache,
    entities_key,
    folder_stamp,
    summary_key,
    translation_keys,
)
from reader.library.store import Store, cache_key
from tests.unit import _model_folders as make

MODEL = ModelIdentity("opus-mt-en-de", "ctranslate2", "beams=4;weights=abc")


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "state.sqlite3") as opened:
        yield opened


def test_keys_are_stable_and_tell_every_part_apart():
    key = summary_key("a1", "en", "lexrank", 3)
    assert key == summary_key("a1", "en", "lexrank", 3)
    assert key.startswith("summary:")
    others = {summary_key("a2", "en", "lexrank", 3), summary_key("a1", "de", "lexrank", 3),
              summary_key("a1", "en", "lsa", 3), summary_key("a1", "en", "lexrank", 4)}
    assert key not in others and len(others) == 4

    (one,) = translation_keys(MODEL, "en", "de", ["Hello."])
    assert one.startswith("translation:")
    assert one != translation_keys(MODEL, "en", "fr", ["Hello."])[0]
    assert one != translation_keys(ModelIdentity("opus-mt-en-de", "transformers",
                                                  MODEL.settings), "en", "de", ["Hello."])[0]
    assert one != translation_keys(ModelIdentity(MODEL.name, MODEL.backend, "beams=1"),
                                   "en", "de", ["Hello."])[0]
    same, other = translation_keys(MODEL, "en", "de", ["Hello.", "Hello!"])
    assert same == one and other != one

    spans = entities_key("a1", MODEL, "simple")
    assert spans.startswith("entities:") and spans != entities_key("a1", MODEL, "first")


def test_a_new_version_of_a_kind_changes_its_keys(monkeypatch):
    before = summary_key("a1", "en", "lexrank", 3)
    entities = entities_key("a1", MODEL, "simple")
    monkeypatch.setitem(cache.VERSIONS, "summary", cache.VERSIONS["summary"] + 1)
    assert summary_key("a1", "en", "lexrank", 3) != before
    assert entities_key("a1", MODEL, "simple") == entities


def test_values_round_trip(store):
    results = ResultCache(store)
    summary = Summary("lexrank", "en", (Sentence(0, 4, "One."), Sentence(5, 9, "Two.")), "n")
    results.put_summary("summary:x", summary)
    assert results.summary("summary:x") == summary

    results.put_translations({"translation:a": "Hallo.", "translation:b": "Welt."})
    assert results.translations(["translation:a", "translation:b", "translation:c"]) == {
        "translation:a": "Hallo.", "translation:b": "Welt."}

    text = "Ada met Bob."
    spans = [EntitySpan(0, 3, "PER", 0.9, "Ada"), EntitySpan(8, 11, "PER", 0.8, "Bob")]
    results.put_entities("entities:x", spans)
    assert results.entities("entities:x", text) == spans


def test_values_that_do_not_fit_count_as_missing(store):
    results = ResultCache(store)
    store.cache_put("summary:bad", {"sentences": "not a list"})
    store.cache_put("translation:bad", ["not", "a", "string"])
    store.cache_put("entities:bad", [[0, 99, "PER", 0.9]])
    assert results.summary("summary:bad") is None
    assert results.translations(["translation:bad"]) == {}
    assert results.entities("entities:bad", "short") is None


def test_without_a_store_nothing_is_kept():
    results = ResultCache(None)
    results.put_summary("summary:x", Summary("lexrank", "en", ()))
    results.put_translations({"translation:a": "Hallo."})
    assert results.summary("summary:x") is None
    assert results.translations(["translation:a"]) == {}
    assert results.entities("entities:x", "text") is None
    assert results.clear() == 0
    assert results.counts() == {"summary": 0, "translation": 0, "entities": 0, "language": 0,
                                "sentences": 0}


def test_clear_deletes_results_of_the_kinds_asked_and_keeps_preferences(store):
    results = ResultCache(store)
    results.put_summary(summary_key("a1", "en", "lexrank", 3), Summary("lexrank", "en", ()))
    results.put_translations(dict.fromkeys(translation_keys(MODEL, "en", "de", ["A.", "B."]),
                                           "x"))
    results.put_entities(entities_key("a1", MODEL, "simple"), [])
    store.cache_put(cache_key("ui", "theme"), "gruvbox")
    assert results.counts() == {"summary": 1, "translation": 2, "entities": 1, "language": 0,
                                "sentences": 0}

    assert results.clear(["translation"]) == 2
    assert results.counts() == {"summary": 1, "translation": 0, "entities": 1, "language": 0,
                                "sentences": 0}
    assert results.clear() == 2
    assert results.counts() == {"summary": 0, "translation": 0, "entities": 0, "language": 0,
                                "sentences": 0}
    assert store.cache_get(cache_key("ui", "theme")) == "gruvbox"
    with pytest.raises(ValueError, match="unknown cache kind 'ui'"):
        results.clear(["ui"])


def test_folder_stamp_follows_content_not_place(tmp_path):
    folder = make.marian(tmp_path / "one")
    copy = tmp_path / "two"
    shutil.copytree(folder, copy)
    assert folder_stamp(folder) == folder_stamp(copy)
    make.write_safetensors(copy / "model.safetensors", tensors=3)
    assert folder_stamp(folder) != folder_stamp(copy)


def test_keys_come_from_files_without_any_ml_library(tmp_path):
    """A cached translation or entity list can be found before a model is loaded."""
    marian = make.marian(tmp_path / "opus-mt-en-de")
    bert = make.bert(tmp_path / "ner")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reader.library.cache import entities_key, translation_keys\n"
        "from reader.nlp.translate.loading import folder_identity\n"
        "from reader.nlp.entities.tagger import model_identity\n"
        f"model = folder_identity(Path({str(marian)!r}), beams=4)\n"
        "print(translation_keys(model, 'en', 'de', ['Hello.'])[0])\n"
        f"tagger = model_identity('en', model={str(bert)!r})\n"
        "print(entities_key('a1', tagger, 'simple'))\n"
        "heavy = ('torch', 'transformers', 'ctranslate2', 'sentencepiece')\n"
        "print(' '.join(m for m in heavy if m in sys.modules) or 'none')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    translation, entities, heavy = out.stdout.splitlines()
    assert translation.startswith("translation:") and entities.startswith("entities:")
    assert heavy == "none"


def test_a_detected_language_is_remembered_by_the_text(store, monkeypatch):
    from reader.library import language

    calls = []

    def detect(text):
        calls.append(text)
        return ("de", None) if "Zeitung" in text else ("en", "assumed")

    monkeypatch.setattr(language, "detect", detect)
    results = ResultCache(store)
    assert results.detect_language("Die Zeitung von heute.") == ("de", None)
    assert results.detect_language("Die Zeitung von heute.") == ("de", None)
    assert results.detect_language("Short.") == ("en", "assumed")
    assert results.detect_language("Short.") == ("en", "assumed")
    assert calls == ["Die Zeitung von heute.", "Short."]
    assert results.counts()["language"] == 2
    assert ResultCache(None).detect_language("Die Zeitung.") == ("de", None)


def test_a_damaged_remembered_language_is_detected_again(store, monkeypatch):
    from reader.library import language

    monkeypatch.setattr(language, "detect", lambda text: ("fr", None))
    store.cache_put(cache.language_key("Le journal."), {"not": "a pair"})
    assert ResultCache(store).detect_language("Le journal.") == ("fr", None)
    assert store.cache_get(cache.language_key("Le journal.")) == ["fr", None]
