"""Feeds in the library: feed articles beside files in one list, the sources pane that
narrows it (a picker when narrow), counts that follow reading, and `r` fetching in the
background, all against a real store and a feed served on loopback."""

from __future__ import annotations

import threading
import time

import pytest

from reader.app import make_app
from reader.screens.reading import ReadingScreen
from reader.screens.source_picker import SourcePicker
from reader.widgets.article_list import ArticleList
from reader.widgets.source_list import SourceList
from tests.ui._feeds import NEW_STORY, STORIES, fetched_store, folder_with_one_story, rss
from tests.ui.helpers import screen_text, settle, titles, wait_for
from tests.webserver import trickle

FEED_TITLES = list(STORIES)
FILE_TITLE = "Alpha story from a file"


@pytest.fixture
def feed(web) -> str:
    return web.set("/harbour.xml", body=rss(STORIES))


@pytest.fixture
def services(tmp_path, feed):
    services = fetched_store(tmp_path, feed)
    yield services
    services.store.close()


@pytest.fixture
def news(tmp_path):
    return folder_with_one_story(tmp_path)


def rows(app) -> ArticleList:
    return app.screen.query_one(ArticleList)


def counts(app) -> dict[str, int]:
    return {s.name: s.count for s in app.screen.query_one("#sources", SourceList).sources}


async def listed(pilot, count: int) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: not getattr(app.screen, "scanning", True)
                   and len(titles(app)) == count, f"{count} rows")
    await settle(pilot)


async def test_feed_articles_and_files_are_one_list_and_feed_articles_open(services, news):
    app = make_app([news], services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await listed(pilot, 4)
        assert titles(app) == [*FEED_TITLES, FILE_TITLE]  # feed articles first, newest first
        shown = screen_text(app)
        assert "Harbour Gazette" in shown and "alpha.txt" in shown
        await wait_for(pilot, lambda: "Two crossings fewer" in screen_text(app),
                       "the summary of a feed article")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen), "reading")
        assert app.screen.article.title == FEED_TITLES[0]
        assert app.screen.article.path is None and "(3)" in app.screen.article.text


async def test_the_sources_pane_filters_the_list(services, news):
    app = make_app([news], services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await listed(pilot, 4)
        pane = app.screen.query_one("#sources", SourceList)
        assert pane.display and pane.region.width > 0
        await pilot.press("f")
        assert app.focused is pane
        await pilot.press("j")  # Unread: all four
        await settle(pilot)
        assert len(titles(app)) == 4
        await pilot.press("j", "j")  # past Starred to the feed (the heading is skipped)
        await settle(pilot)
        assert titles(app) == FEED_TITLES
        assert "3 shown" in screen_text(app) and " · Harbour Gazette" in screen_text(app)
        await pilot.press("j", "enter")  # the folder; enter goes back to the list
        await settle(pilot)
        assert titles(app) == [FILE_TITLE] and app.focused is rows(app)
        await pilot.press("asterisk", "f", "home", "j", "j", "enter")  # Starred
        await settle(pilot)
        assert titles(app) == [FILE_TITLE]
        await pilot.press("f", "home")
        await settle(pilot)
        assert len(titles(app)) == 4 and "shown" not in screen_text(app)


async def test_the_unread_count_drops_after_reading(services, news):
    app = make_app([news], services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await listed(pilot, 4)
        await wait_for(pilot, lambda: (counts(app).get("Harbour Gazette"), counts(app).get(
            "Unread"), counts(app).get("news")) == (3, 4, 1), "the first counts")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen), "reading")
        await pilot.press("escape")
        await wait_for(pilot, lambda: counts(app).get("Harbour Gazette") == 2, "2 unread")
        assert counts(app)["Unread"] == 3 and counts(app)["All"] == 4
        await pilot.press("m")  # unread again
        await wait_for(pilot, lambda: counts(app).get("Harbour Gazette") == 3, "3 again")


async def test_r_fetches_new_articles_to_the_top_and_the_cursor_stays(web, feed, services, news):
    app = make_app([news], services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await listed(pilot, 4)
        await pilot.press("j")
        assert rows(app).current.title == FEED_TITLES[1]
        web.set("/harbour.xml", body=rss(dict([NEW_STORY, *STORIES.items()])), delay=1.0)
        await pilot.press("r")
        await wait_for(pilot, lambda: "fetching 0/1 feeds" in screen_text(app), "progress")
        await wait_for(pilot, lambda: NEW_STORY[0] in titles(app), "the new article")
        assert titles(app)[0] == NEW_STORY[0]
        assert rows(app).current.title == FEED_TITLES[1]
        await wait_for(pilot, lambda: "fetching" not in screen_text(app), "the end")
        await wait_for(pilot, lambda: counts(app).get("Harbour Gazette") == 4, "4 unread")
        await wait_for(pilot, lambda: "Feeds fetched: 1 new article." in [
            n.message for n in app._notifications], "the count of new articles")
        assert rows(app).current.title == FEED_TITLES[1]


@pytest.fixture
def with_broken(web, tmp_path, feed):
    """Two feeds fetched once; the second now answers 500."""
    broken = web.set("/broken.xml", body=rss({"Only story": "Some text. More text."},
                                             title="Broken Bulletin"))
    services = fetched_store(tmp_path, feed, broken)
    web.set("/broken.xml", body=b"gone wrong", status=500, content_type="text/plain")
    yield services
    services.store.close()


async def test_a_failed_feed_is_one_notification_line(with_broken, news):
    app = make_app([news], services=with_broken)
    async with app.run_test(size=(120, 30)) as pilot:
        await listed(pilot, 5)
        await pilot.press("r")
        await wait_for(pilot, lambda: any(n.title == "Feeds that failed"
                                          for n in app._notifications), "the failure")
        (failed,) = [n for n in app._notifications if n.title == "Feeds that failed"]
        assert failed.message == "Broken Bulletin: HTTP 500 Internal Server Error"
        assert "Traceback" not in screen_text(app)
        await wait_for(pilot, lambda: any(s.failed for s in app.screen.query_one(
            "#sources", SourceList).sources), "the failed feed marked")


async def test_narrow_the_pane_is_a_picker_and_the_list_keeps_the_width(services, news):
    app = make_app([news], services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, 4)
        assert not app.screen.query_one("#sources", SourceList).display
        assert rows(app).region.width == 80
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcePicker), "the picker")
        await pilot.press("j", "j", "j", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, SourcePicker), "closed")
        await settle(pilot)
        assert titles(app) == FEED_TITLES
        assert screen_text(app).splitlines()[0].strip() == "reader · Harbour Gazette"
        await pilot.press("f", "escape")  # leaves the list as it was
        await settle(pilot)
        assert titles(app) == FEED_TITLES


async def test_q_quits_at_once_while_a_feed_is_being_fetched(web, services, news):
    hold = threading.Event()
    web.set("/harbour.xml", trickle(0.2, hold))
    app = make_app([news], services=services)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await listed(pilot, 4)
            await pilot.press("r")
            await wait_for(pilot, lambda: web.hits("/harbour.xml")[1:], "the fetch")
            started = time.monotonic()
            await pilot.press("q")
        assert time.monotonic() - started < 10
        while services._fetches:  # and the fetch itself ends, long before its 30 s deadline
            assert time.monotonic() - started < 10, "the fetch went on after quitting"
            time.sleep(0.05)
    finally:
        hold.set()


def test_search_hits_from_a_feed_name_the_feed_by_its_title(services, feed):
    from reader.screens.search import _search, source

    (hit,) = _search(None, services.store, "lighthouse keeper")
    assert hit.title == "Lighthouse keeper retires"
    assert source(hit).startswith("Harbour Gazette · ") and feed not in source(hit)
