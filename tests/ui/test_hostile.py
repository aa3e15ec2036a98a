"""Files meant to break a reader: the app keeps running and shows markup as literal text."""

from __future__ import annotations

from reader.app import make_app
from reader.screens.library import LibraryScreen
from reader.screens.reading import ReadingScreen
from reader.screens.skipped import SkippedScreen
from reader.widgets.article_list import ArticleList
from tests.ui.fakes import fake_services, make_article
from tests.ui.helpers import screen_text, settle


async def test_hostile_folder_lists_what_it_can_and_counts_the_rest(real_services, hostile_dir):
    app = make_app([hostile_dir], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ArticleList).row_count == 1
        assert "2 skipped" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, SkippedScreen)
        shown = screen_text(app)
        assert "empty.txt" in shown and "binary.txt" in shown
        assert "empty" in shown.split("empty.txt", 1)[1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_markup_and_escapes_are_shown_literally_and_never_run(real_services, hostile_dir):
    app = make_app([hostile_dir], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        shown = screen_text(app)
        assert "[bold red]x[/]" in shown
        assert "[@click=app.quit]press[/]" in shown
        assert "\x1b" not in shown and "␛[31mred" in shown
        await pilot.click("#text", offset=(10, 4))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_markup_in_titles_and_paths_stays_literal_in_the_list(tmp_path):
    article = make_article("[b]Bold[/b] claim [@click=app.quit]", "Body text here.", path="/x/[red]odd[i].txt")
    services = fake_services(tmp_path, [article])
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "[b]Bold[/b] claim [@click=app.quit]" in shown
        assert "[red]odd[i].txt" in shown
        await pilot.click(ArticleList, offset=(30, 1))
        await pilot.pause()
        assert app.is_running
    services.store.close()
