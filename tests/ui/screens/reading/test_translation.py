"""The translation pane on a tiny real Marian model: picker, summary first, full text on
demand, one pane line per source sentence, the current sentence in both panes."""

from __future__ import annotations

import pytest

from reader.app import make_app
from reader.library.store import cache_key
from reader.nlp.sentences import split
from reader.screens.language import LanguagePicker
from reader.widgets.article_text import ArticleText
from reader.widgets.summary_view import SummaryView
from reader.screens.reading.translation import TARGET_KEY
from reader.widgets.translation_pane import CURRENT_STYLE, TranslationPane
from tests.ui._translation import choose, open_article, register_en_de, seed_services
from tests.ui.helpers import screen_text, settle

pytest.importorskip("transformers")
pytestmark = pytest.mark.ml


@pytest.fixture
def en_de(tmp_path_factory):
    return register_en_de(tmp_path_factory)


def expected_pairs(sentences):
    from reader.nlp.translate import load_translator, translate_sentences

    return list(translate_sentences(load_translator("en", "de"), sentences))


def pane_lines(pane: TranslationPane) -> list[str]:
    return [line for line in pane.text.split("\n") if line]


def paragraphs(text: str, pairs) -> str:
    """The pane text the spec asks for: a line per sentence, a blank line between lines
    of the original."""
    out, last = "", None
    for pair in pairs:
        line = text.count("\n", 0, pair.start)
        if out:
            out += "\n\n" if line != last else "\n"
        out, last = out + pair.target, line
    return out


async def test_t_picks_a_language_then_summary_first_and_full_text_on_demand(
        tmp_path, seed_path, en_de):
    services = seed_services(tmp_path, seed_path, settings={"target_language": "de"})
    app = make_app(services=services)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_article(pilot)
        pane = screen.query_one(TranslationPane)
        assert not pane.display and "Translation" not in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, LanguagePicker)
        shown = screen_text(app)
        assert "Translate from English to" in shown and "German  · model" in shown
        assert "off  hide the translation" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert pane.display and pane.mode == "summary" and pane.target == "de"
        summary = screen.query_one(SummaryView).summary.sentences
        expected = expected_pairs(summary)
        assert [(p.start, p.end, p.target) for p in pane.pairs] == [
            (p.start, p.end, p.target) for p in expected]
        assert pane_lines(pane) == [p.target for p in expected]
        assert pane.border_title == f"Summary → German · {len(summary)}/{len(summary)} · opus-mt-en-de"
        assert "T full text" in screen_text(app)
        assert "Full text" in screen_text(app).splitlines()[-1]
        assert services.store.cache_get(cache_key(*TARGET_KEY)) == "de"

        await pilot.press("T")
        await settle(pilot)
        sentences = split(screen.article.text, "en")
        expected = expected_pairs(sentences)
        assert pane.mode == "full" and len(pane.pairs) == len(sentences) > len(summary)
        assert [p.target for p in pane.pairs] == [p.target for p in expected]
        assert [(p.start, p.end) for p in pane.pairs] == [(s.start, s.end) for s in sentences]
        assert pane.text == paragraphs(screen.article.text, expected)
        assert pane_lines(pane) == [p.target for p in expected]
        assert pane.border_title == f"Full text → German · {len(sentences)}/{len(sentences)} · opus-mt-en-de"


async def test_current_sentence_is_highlighted_in_both_panes(tmp_path, seed_path, en_de):
    services = seed_services(tmp_path, seed_path, settings={"target_language": "de"})
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot)
        await choose(pilot, "de")
        await pilot.press("T")
        await settle(pilot)
        pane, text = screen.query_one(TranslationPane), screen.query_one(ArticleText)
        sentences = split(screen.article.text, "en")
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert pane.current == 2
        assert text.spans("current") == [(sentences[2].start, sentences[2].end, CURRENT_STYLE)]
        (start, end, style), = pane.spans("current")
        assert pane.text[start:end] == pane_lines(pane)[2] and style == CURRENT_STYLE
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert pane.current == 1
        assert text.spans("current")[0][:2] == (sentences[1].start, sentences[1].end)


async def test_choosing_off_or_escape_closes_the_pane(tmp_path, seed_path, en_de):
    services = seed_services(tmp_path, seed_path, settings={"target_language": "de"})
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot)
        pane = screen.query_one(TranslationPane)
        await choose(pilot, "de")
        assert pane.display
        await choose(pilot, "off")
        assert not pane.display and app.screen is screen
        await choose(pilot, "de")
        await pilot.press("escape")
        await settle(pilot)
        assert not pane.display and app.screen is screen
        assert not screen.query_one(ArticleText).spans("current")


async def test_no_model_says_so_with_the_install_command(tmp_path, seed_path):
    services = seed_services(tmp_path, seed_path, settings={"target_language": "de"})
    app = make_app(services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_article(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "German  · no model installed" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        pane = app.screen.query_one(TranslationPane)
        assert pane.text.startswith("No translation model for English → German (en-de) is")
        assert "Install one with:" in shown and "reader models pull en-de" in shown
        assert "Traceback" not in shown
        assert any("reader models pull en-de" in n.message for n in app._notifications)


async def test_same_language_says_so(tmp_path, seed_path):
    services = seed_services(tmp_path, seed_path)
    app = make_app(services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_article(pilot)
        await choose(pilot, "en")
        assert "This article is already in English (en)." in screen_text(app)


async def test_an_apertium_pair_translates_without_a_model(tmp_path, seed_path):
    from reader.nlp.translate.apertium import ApertiumTranslator, pair_name

    if not pair_name("en", "es"):
        pytest.skip("Apertium eng-spa is not installed")
    services = seed_services(tmp_path, seed_path, settings={"target_language": "es"})
    app = make_app(services=services)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_article(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "Spanish  · apertium" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        pane = screen.query_one(TranslationPane)
        from reader.nlp.translate import translate_sentences

        summary = screen.query_one(SummaryView).summary.sentences
        expected = list(translate_sentences(ApertiumTranslator("en", "es"), summary))
        assert pane_lines(pane) == [" ".join(p.target.split()) for p in expected]  # one line each
        assert pane.border_title.endswith("· apertium-eng-spa")
