"""Live folders: while the app runs, files dropped into, changed in or removed from the
opened folder appear, update or go, and the cursor stays on the article it was on."""

from __future__ import annotations

import time

import pytest

from reader.app import make_app
from reader.screens.reading import ReadingScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.article_text import ArticleText
from tests.ui.helpers import screen_text

TEXT = "A sentence about the harbour, with some words in it. And a second one after it. "
WAIT = 30.0  # generous: the machine running the tests may be loaded


def story(title: str, paragraphs: int = 3) -> str:
    return f"{title}\n\n" + "\n\n".join(f"{title} happened on day {n}. {TEXT}"
                                         for n in range(paragraphs))


async def point_at(pilot, title: str) -> None:
    rows = pilot.app.screen.query_one(ArticleList)
    rows.cursor = [a.title for a in rows.shown].index(title)
    await pilot.pause()


@pytest.fixture
def folder(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for name, title in (("a.txt", "Alpha"), ("b.txt", "Bravo"), ("c.txt", "Charlie")):
        (news / name).write_text(story(title))
    return news


async def wait_for(pilot, condition, what: str) -> None:
    end = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"{what}: not within {WAIT} s\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


def titles(app) -> list[str]:
    return [a.title for a in app.screen.query_one(ArticleList).shown]


async def listed(pilot, count: int) -> ArticleList:
    app = pilot.app
    await wait_for(pilot, lambda: not getattr(app.screen, "scanning", True)
                   and len(titles(app)) == count, "the first listing")
    await pilot.pause(0.5)
    return app.screen.query_one(ArticleList)


async def test_rows_come_change_and_go_and_the_cursor_stays(folder, real_services):
    app = make_app([folder], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        rows = await listed(pilot, 3)
        await point_at(pilot, "Bravo")

        (folder / "d.txt").write_text(story("Delta"))
        await wait_for(pilot, lambda: "Delta" in screen_text(app), "a dropped file")
        assert rows.current.title == "Bravo"

        (folder / "b.txt").write_text(story("Bravo rewritten"))
        await wait_for(pilot, lambda: "Bravo rewritten" in screen_text(app), "a changed file")
        assert rows.current.title == "Bravo rewritten"
        assert sorted(titles(app)) == ["Alpha", "Bravo rewritten", "Charlie", "Delta"]

        (folder / "a.txt").unlink()
        await wait_for(pilot, lambda: "Alpha" not in titles(app), "a removed file")
        assert rows.current.title == "Bravo rewritten"
        assert "4 articles" not in screen_text(app) and "3 articles" in screen_text(app)


async def test_the_row_under_the_cursor_goes_and_the_next_takes_its_place(folder,
                                                                         real_services):
    app = make_app([folder], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        rows = await listed(pilot, 3)
        await point_at(pilot, "Bravo")
        following = titles(app)[titles(app).index("Bravo") + 1:] or titles(app)[-2:]
        (folder / "b.txt").unlink()
        await wait_for(pilot, lambda: "Bravo" not in titles(app), "a removed file")
        assert rows.current.title == following[0]


async def test_reading_goes_on_while_its_file_changes(folder, real_services):
    (folder / "b.txt").write_text(story("Bravo", paragraphs=80))
    app = make_app([folder], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await listed(pilot, 3)
        await point_at(pilot, "Bravo")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen), "the reading view")
        reading = app.screen
        text = reading.query_one(ArticleText)
        await pilot.pause(0.3)
        text.scroll_to(y=text.max_scroll_y // 2, animate=False)
        await pilot.pause()
        position = text.scroll_y
        assert position > 0
        (folder / "b.txt").write_text(story("Bravo rewritten", paragraphs=80))
        library = app.screen_stack[-2]
        await wait_for(pilot, lambda: any(a.title == "Bravo rewritten" for a in
                                          library.query_one(ArticleList).articles),
                       "the change, behind the reading view")
        assert app.screen is reading and text.scroll_y == position
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is library, "back in the library")
        assert library.query_one(ArticleList).current.title == "Bravo rewritten"


async def test_polling_brings_a_dropped_file_too(folder, real_services, monkeypatch):
    monkeypatch.setenv("READER_WATCH", "poll")
    app = make_app([folder], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await listed(pilot, 3)
        (folder / "d.txt").write_text(story("Delta"))
        await wait_for(pilot, lambda: "Delta" in titles(app), "a dropped file, polled")
