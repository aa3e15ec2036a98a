"""The target-language picker: which languages it offers and how, which one it preselects
($LANG, config, the last choice), and translation through English with two tiny models."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from reader.app import make_app
from reader.config import Settings
from reader.nlp import models as registry
from reader.screens.language import LanguagePicker, choices
from reader.widgets.translation_pane import TranslationPane
from tests.ui._translation import HeldLoader, choose, open_article, wait_until
from tests.ui.fakes import fake_services, make_article, numbered_articles
from tests.ui.helpers import screen_text, settle


def test_choices_put_ready_languages_first_and_the_source_last():
    listed = choices("de", {"vi": "via English", "en": "model"})
    assert [(c.code, c.how) for c in listed[:2]] == [("en", "model"), ("vi", "via English")]
    assert listed[-1].code == "de" and listed[-1].how == "same"
    assert [c.code for c in listed].count("de") == 1 and "fr" in [c.code for c in listed]


def highlighted(app) -> str:
    return app.screen.query_one(OptionList).highlighted_option.id


async def test_preselects_lang_then_remembers_the_last_choice(tmp_path, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    services = fake_services(tmp_path, numbered_articles(1))
    services.translator_loader = HeldLoader()
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, LanguagePicker), "no picker")
        await settle(pilot)
        assert highlighted(app) == "fr"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(TranslationPane).display
        await choose(pilot, "vi")
    again = make_app(services=services)
    async with again.run_test(size=(100, 30)) as pilot:
        await open_article(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert highlighted(again) == "vi"


async def test_config_language_beats_lang(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    services = fake_services(tmp_path, numbered_articles(1), settings=Settings(target_language="it"))
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert highlighted(app) == "it"


@pytest.mark.ml
async def test_german_to_vietnamese_goes_through_english(tmp_path, tmp_path_factory):
    pytest.importorskip("transformers")
    from reader.nlp.sentences import split
    from reader.nlp.translate import load_translator, translate_sentences
    from tests.unit._marian import tiny_models

    built = tiny_models(tmp_path_factory)
    registry.add(built["de-en"], name="opus-mt-de-en", languages=("de", "en"))
    registry.add(built["en-vi"], name="opus-mt-en-vi", languages=("en", "vi"))
    article = make_article("Ein Gipfel in Paris",
                           "Die Präsidenten trafen sich heute. Sie sprachen über den Frieden.",
                           language="de")
    services = fake_services(tmp_path, [article], settings=Settings(target_language="vi"))
    app = make_app(services=services)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_article(pilot)
        await pilot.press("t")
        await settle(pilot)
        shown = screen_text(app)
        assert "Vietnamese  · via English" in shown and "English  · model" in shown
        assert highlighted(app) == "vi"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        pane = screen.query_one(TranslationPane)
        translator = load_translator("de", "vi")
        assert translator.pivot
        expected = list(translate_sentences(translator, split(article.text, "de")))
        assert [p.target for p in pane.pairs] == [p.target for p in expected]
        assert pane.border_title == (
            f"Full text → Vietnamese · {len(expected)}/{len(expected)} · opus-mt-de-en+opus-mt-en-vi")
