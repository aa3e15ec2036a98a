"""`reader URL` and `reader ID`: the page is fetched once (and kept), then the app opens
it in the reading view; what cannot be opened is a line on stderr, and exit code 1 when
nothing else is left to show."""

from __future__ import annotations

import io

import pytest

import reader.app
from reader.__main__ import main
from reader.app import make_app
from reader.cli.opening import open_refs
from reader.library import archive
from reader.library.store import Store
from reader.screens.library import LibraryScreen
from reader.screens.reading import ReadingScreen
from tests.ui.fakes import fake_services
from tests.ui.helpers import screen_text, settle
from tests.unit.library.feeds.conftest import fixture_bytes

TITLE = "Lighthouse keeper retires after forty years"


@pytest.fixture
def page(web) -> str:
    return web.set("/page.html", body=fixture_bytes("article.html"), content_type="text/html")


@pytest.fixture
def started(monkeypatch):
    """The apps `reader` would run, recorded instead of run (the terminal is not the
    test's to take over)."""
    apps = []
    monkeypatch.setattr(reader.app.ReaderApp, "run", lambda self, **kw: apps.append(self))
    return apps


async def test_the_fetched_page_opens_in_the_reading_view(tmp_path, page):
    services = fake_services(tmp_path, [])
    opened, failed = open_refs([page], services.store, io.StringIO())
    assert failed == [] and [a.link for a in opened] == [page]
    assert archive.by_link(services.store, page) == opened[0]  # kept: read later
    app = make_app(services=services, opened=opened)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.link == page
        assert TITLE in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    services.store.close()


def test_reader_url_fetches_once_then_opens_offline(capsys, web, page, started):
    assert main([page]) == 0
    assert [a.title for a in started[0].opened] == [TITLE]
    assert len(web.requests) == 1
    web.close()
    assert main([page]) == 0  # kept in the library: no second fetch
    assert [a.title for a in started[1].opened] == [TITLE]
    article_id = started[0].opened[0].id
    assert main([article_id]) == 0  # and by its id
    assert started[2].opened[0].id == article_id
    assert capsys.readouterr().err == ""


def test_a_failed_fetch_is_a_message_and_exit_code_1(capsys, web, started):
    missing = web.url("/gone.html")
    assert main([missing]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "404" in err and "gone.html" in err
    assert started == []
    assert main(["0123456789abcdef"]) == 1
    assert "no article with id 0123456789abcdef" in capsys.readouterr().err
    assert started == []


def test_a_failed_fetch_beside_something_to_show_is_told_in_the_app(capsys, web, page,
                                                                    seed_path, started):
    missing = web.url("/gone.html")
    assert main([missing, page, str(seed_path)]) == 0
    app = started[0]
    assert [a.title for a in app.opened] == [TITLE]
    assert app.paths == [seed_path]
    assert any("gone.html" in note for note in app._startup_notes)
    assert "gone.html" in capsys.readouterr().err


def test_a_slow_fetch_says_what_it_waits_for_on_a_terminal(web):
    from tests.webserver import Answer

    url = web.set("/slow.html", Answer(fixture_bytes("article.html"), content_type="text/html",
                                        delay=0.6))

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Terminal()
    with Store() as store:
        opened, failed = open_refs([url], store, shown)
    assert [a.title for a in opened] == [TITLE] and failed == []
    assert "reader: fetching http://127.0.0.1" in shown.getvalue()
    assert shown.getvalue().endswith("\r\x1b[K")  # the line is cleared before the app
