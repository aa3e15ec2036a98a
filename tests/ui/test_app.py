"""Help screen, command palette entries, themes and quitting."""

from __future__ import annotations

from reader.app import make_app
from reader.screens.help import HelpScreen
from reader.screens.library import LibraryScreen
from reader.widgets.article_list import ArticleList
from tests.ui.helpers import run_palette_command, screen_text, settle


async def test_question_mark_and_f1_show_every_key(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for key in ("j / k", "pgup / pgdn", "home / end", "enter", "/", "s", "+ / -"):
            assert key in shown
        assert "filter the list" in shown
        assert "first closes the entity" in shown
        assert "ctrl+p" not in shown
        await pilot.press(*"j" * 30)
        await pilot.pause()
        shown = screen_text(app)
        for key in ("m", "*", "ctrl+p", "q"):
            assert any(line.strip("│ ").startswith(key) for line in shown.splitlines()), key
        assert "move in a list" not in shown
        await pilot.press(*"k" * 30)
        await pilot.pause()
        assert "move in a list" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.is_running


async def test_footer_shows_the_bindings(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for label in ("Filter", "Read", "Star", "Quit", "Help", "Algorithm"):
            assert label in footer


async def test_palette_runs_the_same_actions(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_palette_command(pilot, "Summary: next algorithm")
        assert app.algorithm == "lsa"
        await run_palette_command(pilot, "Summary: longer")
        assert app.summary_size == 4
        await run_palette_command(pilot, "Toggle star")
        first = app.screen.query_one(ArticleList).current
        assert thirty.store.state(first.id).starred


async def test_theme_choice_persists(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    again = make_app(services=thirty)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_q_quits(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
