"""Which targets an article's language can reach with what is installed and can run."""

import sys
from pathlib import Path

from reader.nlp.models import ModelRecord
from reader.nlp.translate.targets import available_targets


def record(source, target, backend="transformers"):
    return ModelRecord(name=f"m-{source}-{target}", task="translation", path=Path("/m"),
                       backend=backend, languages=(source, target))


def any_backend(record) -> bool:
    return True


def test_targets_direct_through_english_apertium_and_any_to_any():
    records = [record("de", "en"), record("en", "vi"), record("en", "de"), record("fr", "es"),
               ModelRecord("ner", "ner", Path("/n"), "transformers", ("*",))]
    found = available_targets("de", records, [("de", "nl"), ("en", "es")], can_run=any_backend)
    assert found == {"en": "model", "vi": "via English", "nl": "apertium"}
    assert available_targets("en", records, [], can_run=any_backend) == {
        "vi": "model", "de": "model"}
    assert available_targets("it", records, [], can_run=any_backend) == {}
    anything = available_targets("it", [record("*", "*")], [], can_run=any_backend)
    assert anything["de"] == "any-to-any model" and "it" not in anything


def test_a_model_no_installed_backend_can_run_is_not_ready(monkeypatch):
    """Packages are looked up without importing them; a blocked one counts as absent."""
    transformers_model, ct2_model = record("en", "de"), record("en", "fr", "ctranslate2")
    for name in ("torch", "transformers", "ctranslate2", "sentencepiece"):
        monkeypatch.setitem(sys.modules, name, None)
    assert transformers_model.missing_packages() == ("torch", "transformers", "sentencepiece")
    assert ct2_model.missing_packages() == ("ctranslate2", "sentencepiece")
    assert available_targets("en", [transformers_model, ct2_model], [("en", "es")]) == {
        "es": "apertium"}
    monkeypatch.delitem(sys.modules, "ctranslate2")
    monkeypatch.delitem(sys.modules, "sentencepiece")
    if ct2_model.missing_packages():
        return  # this environment has no ctranslate2 at all: nothing more to show
    assert available_targets("en", [transformers_model, ct2_model], []) == {"fr": "model"}
