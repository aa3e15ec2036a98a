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
    notes, notify = [], app.notify
    app.notify = lambda message, **options: (notes.append(message), notify(message, **options))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ArticleList).row_count == 1
        assert "2 skipped" in screen_text(app)
        assert notes == ["2 files could not be read; press x to see why."]
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


async def test_a_missing_path_gives_an_empty_library_that_still_works(real_services, tmp_path):
    app = make_app([tmp_path / "no-such-folder"], services=real_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "0 articles" in shown and "1 skipped" in shown
        await pilot.press("enter", "m", "asterisk", "s", "plus", "j", "k", "end")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.is_running


async def test_control_characters_in_titles_paths_and_reasons_are_made_visible(tmp_path):
    from reader.library.article import Skipped

    article = make_article("Evil\x1b[2J title\nsecond line", "Body.", path="/x/bad\x1b]0;pwned\x07.txt")
    skipped = Skipped(path="/x/\x1b[31mred.txt", reason="binary file\x1b[0m")
    services = fake_services(tmp_path, [article, skipped])
    app = make_app(services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "Evil␛[2J title second line" in shown
        await pilot.press("x")
        await pilot.pause()
        shown = screen_text(app)
        assert "␛[31mred.txt" in shown and "\x1b" not in shown
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert "Evil␛[2J title second line" in screen_text(app)
    services.store.close()


async def test_a_loader_failure_is_a_notice_and_the_app_keeps_running(tmp_path):
    from reader.errors import ReaderError

    def broken(paths):
        yield make_article("Before the failure", "One sentence.")
        raise ReaderError("cannot read [bold]folder[/]")

    services = fake_services(tmp_path, [])
    services.scanner = broken
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.is_running
        shown = screen_text(app)
        assert "loading…" not in shown and "Before the failure" in shown
        assert any("cannot read [bold]folder[/]" in n.message for n in app._notifications)
    services.store.close()
