"""Translation jobs with a scripted translator: stale jobs are cancelled and their results
dropped, failures are a line in the pane and a notice, and the panes scroll together."""

from __future__ import annotations

import threading

from reader.app import make_app
from reader.config import Settings
from reader.nlp.translate.pipeline import FIRST_BATCH
from reader.widgets.article_text import ArticleText
from reader.widgets.translation_pane import TranslationPane
from tests.ui._translation import HeldLoader, choose, open_article, wait_until
from tests.ui.fakes import fake_services, make_article, numbered_articles
from tests.ui.helpers import screen_text, settle


def services_with(tmp_path, articles, loader):
    services = fake_services(tmp_path, articles, settings=Settings(target_language="de"))
    services.translator_loader = loader
    return services


async def test_leaving_an_article_cancels_its_job_and_the_next_one_shows_its_own(tmp_path):
    gate = threading.Event()
    loader = HeldLoader(gate)
    services = services_with(tmp_path, numbered_articles(2), loader)
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot)
        await pilot.press("t", "enter")
        await wait_until(pilot, lambda: loader.made and loader.made[0].calls, "no translation")
        token = screen.query_one(TranslationPane).jobs.token("translate")
        assert token is not None and not token.cancelled
        await pilot.press("escape")
        assert token.cancelled
        await pilot.press("escape")
        await pilot.pause()
        second = await open_article(pilot, index=1)
        await pilot.press("t", "enter")
        gate.set()
        await settle(pilot, rounds=4)
        first_calls = [c for c in loader.made[0].calls if any("Story 000" in t for t in c)]
        assert first_calls == loader.made[0].calls[:1]  # one batch, then stopped
        assert len(first_calls[0]) == FIRST_BATCH
        pane = second.query_one(TranslationPane)
        assert len(pane.pairs) == 3 and pane.done
        assert all(p.target.startswith("[de] STORY 001 SENTENCE") for p in pane.pairs)
        assert "STORY 000" not in screen_text(app)


async def test_a_new_language_drops_the_results_of_the_old_one(tmp_path):
    gate = threading.Event()
    loader = HeldLoader(gate)
    services = services_with(tmp_path, numbered_articles(1), loader)
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot)
        await pilot.press("t", "enter")
        await wait_until(pilot, lambda: loader.made and loader.made[0].calls, "no translation")
        await choose(pilot, "fr", settled=False)
        gate.set()
        await settle(pilot, rounds=4)
        pane = screen.query_one(TranslationPane)
        assert pane.target == "fr" and len(pane.pairs) == 3
        assert all(p.target.startswith("[fr] ") for p in pane.pairs)
        assert "[de]" not in pane.text
        assert pane.border_title == "Summary → French · 3/3 · fake-en-fr"


async def test_a_failing_translator_is_a_line_and_a_notice(tmp_path):
    def broken(source, target):
        raise RuntimeError("weights [bold]melted[/]")

    services = services_with(tmp_path, numbered_articles(1), broken)
    app = make_app(services=services)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_article(pilot)
        await pilot.press("t", "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "could not translate: RuntimeError: weights [bold]melted[/]" in shown
        assert "Traceback" not in shown and app.is_running
        assert any("melted" in n.message for n in app._notifications)
        assert screen.query_one(TranslationPane).display


def long_article():
    paragraphs = [" ".join(f"Paragraph {p} sentence {s} tells a longer story than before."
                           for s in range(4)) for p in range(12)]
    return make_article("A long story", "\n".join(paragraphs))


async def test_panes_scroll_to_the_current_sentence_and_follow_each_other(tmp_path):
    services = services_with(tmp_path, [long_article()], HeldLoader())
    app = make_app(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_article(pilot)
        await pilot.press("t", "enter")
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        pane, text = screen.query_one(TranslationPane), screen.query_one(ArticleText)
        assert len(pane.pairs) == 49
        await pilot.press(*["right_square_bracket"] * 41)
        await settle(pilot)
        pair = pane.pairs[pane.current]
        assert pane.current == 40 and pair.source.startswith("Paragraph 9 sentence 3")
        assert text.scroll_y > 0 and pane.scroll_y > 0
        line = text.line_of(pair.start)
        assert text.scroll_y <= line < text.scroll_y + text.scrollable_content_region.height
        start, _ = pane.places[pane.current]
        line = pane.line_of(start)
        assert pane.scroll_y <= line < pane.scroll_y + pane.scrollable_content_region.height

        await pilot.pause(0.6)
        text.scroll_home(animate=False)
        first = pane.pairs[0]
        await wait_until(pilot, lambda: pane.current == 0 and text.spans("current")[0][:2] == (
            first.start, first.end), "the translation did not follow the text")
        await settle(pilot)
        assert text.scroll_y == 0

        await pilot.pause(0.6)
        pane.scroll_end(animate=False)
        await wait_until(pilot, lambda: pane.current > 30 and text.scroll_y > 0,
                         "the text did not follow the translation")
        await settle(pilot)
        line = text.line_of(pane.pairs[pane.current].start)
        assert text.scroll_y <= line < text.scroll_y + text.scrollable_content_region.height
        assert pane.scroll_y == pane.max_scroll_y


async def test_help_lists_the_translation_keys_and_the_palette_translates(tmp_path):
    from reader.screens.help import HelpScreen
    from reader.screens.language import LanguagePicker
    from tests.ui.helpers import run_palette_command

    services = services_with(tmp_path, numbered_articles(1), HeldLoader())
    app = make_app(services=services)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_article(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Full text" not in footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for key, what in (("t", "translate: choose the target"), ("T", "summary / full text"),
                          ("[ / ]", "previous / next sentence"), ("M", "installed models")):
            assert any(line.strip(" │").startswith(key) and what in line
                       for line in shown.splitlines()), key
        await pilot.press("escape")
        await pilot.pause()
        await run_palette_command(pilot, "Translate")
        assert isinstance(app.screen, LanguagePicker)
        await pilot.press("enter")
        await settle(pilot)
        assert "Full text" in screen_text(app).splitlines()[-1]


async def test_palette_switches_and_closes_the_translation(tmp_path):
    from tests.ui.helpers import run_palette_command

    services = services_with(tmp_path, numbered_articles(1), HeldLoader())
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot)
        await choose(pilot, "de")
        pane = screen.query_one(TranslationPane)
        await run_palette_command(pilot, "Translation: full text / summary")
        assert pane.mode == "full" and len(pane.pairs) == 7
        await run_palette_command(pilot, "Translation: next sentence")
        assert pane.current == 0
        await run_palette_command(pilot, "Translation: close")
        assert not pane.display and app.screen is screen


async def test_brackets_without_a_translation_say_why_nothing_moved(tmp_path):
    def broken(source, target):
        raise RuntimeError("no weights")

    services = services_with(tmp_path, numbered_articles(1), broken)
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert list(app._notifications)[-1].message.startswith("No translation shown: press t")
        await pilot.press("t", "enter")
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert list(app._notifications)[-1].message == (
            "Nothing was translated, so there is no sentence to move to.")
