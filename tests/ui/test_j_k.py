"""`j` / `k` move in every list and scroll every scrollable screen: the entity list, the
language picker, the models screen and the skipped files (help: test_help_palette)."""

from __future__ import annotations

from pathlib import Path

from reader.app import make_app
from reader.library.article import Skipped
from reader.screens.language import LanguagePicker, Languages
from reader.screens.models import ModelsScreen
from reader.screens.skipped import SkippedScreen
from reader.widgets.entity_panel import EntityPanel
from reader.widgets.key_scroll import KeyScroll
from tests.ui._translation import open_article, wait_until
from tests.ui.fakes import fake_services, numbered_articles
from tests.ui.helpers import settle
from tests.ui.screens.reading.test_entity_panel import dict_services, reading_view


async def test_j_k_move_in_the_entity_list(tmp_path):
    async with reading_view(dict_services(tmp_path), (100, 30)) as (app, pilot, screen):
        await pilot.press("E")
        await pilot.pause()
        panel = screen.query_one(EntityPanel)
        assert app.focused is panel and panel.cursor_row == 0
        await pilot.press("j", "j")
        assert panel.cursor_row == 2
        await pilot.press("k")
        assert panel.cursor_row == 1


async def test_j_k_move_in_the_language_picker(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, LanguagePicker)
                         and app.screen.found is not None, "no language picker")
        options = app.screen.query_one(Languages)
        start = options.highlighted
        await pilot.press("j", "j", "k")
        assert options.highlighted == start + 1


def many_skipped(count: int) -> list[Skipped]:
    return [Skipped(path=Path(f"/news/broken-{n:02d}.txt"), reason="empty file")
            for n in range(count)]


async def test_j_k_scroll_the_skipped_files_and_the_models(tmp_path):
    services = fake_services(tmp_path, numbered_articles(2) + many_skipped(40))
    services.model_scan = lambda: ([], [(Path(f"/models/bad-{n}"), "config.json is missing")
                                        for n in range(40)])
    services.apertium_pairs = lambda: []
    app = make_app(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, screen_type, scroll_id in (("x", SkippedScreen, "#skipped"),
                                            ("M", ModelsScreen, "#models")):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            view = app.screen.query_one(scroll_id, KeyScroll)
            assert view.max_scroll_y > 3
            await pilot.press("j", "j", "j", "k")
            await pilot.pause()
            assert view.scroll_y == 2
            await pilot.press("escape")
            await pilot.pause()
