"""Full-text search in the app: ctrl+f, results as you type, enter opens, escape returns."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

from reader.app import make_app
from reader.library import archive
from reader.library.search import Hit
from reader.screens.library import LibraryScreen
from reader.screens.reading import ReadingScreen
from reader.screens.search import MATCH_STYLE, Hits, SearchScreen, _open, prompt
from tests.ui.fakes import fake_services, make_article
from tests.ui.helpers import region_text, screen_text, settle

STORIES = [
    ("Budget talks stall again",
     "Ministers failed to agree on the budget. The harbour authority asked for funds "
     "[bold]now[/] \x1b[31mred\x1b[0m before the winter."),
    ("Harbour cranes return to the port",
     "The port said the cranes would return next week after repairs. Dockers at the "
     "harbour welcomed the news."),
    ("Rain all week", "Forecasters expect rain all week and strong wind on the coast."),
]


def _stories():
    return [replace(make_article(title, body), link=f"https://news.example/{n}")
            for n, (title, body) in enumerate(STORIES)]


@pytest.fixture
def library(tmp_path):
    """Fake services listing the three stories, every one of them kept in the store."""
    stories = _stories()
    services = fake_services(tmp_path, stories)
    for story in stories:
        archive.keep(services.store, story)
    yield services, stories
    services.store.close()


@asynccontextmanager
async def _running(services):
    """The app over `services` at 100x30, its library loaded."""
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        yield app, pilot


async def _search(pilot, text: str) -> SearchScreen:
    await pilot.press("ctrl+f")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*text)
    for _ in range(40):  # the query runs a moment after the last key
        await settle(pilot)
        if screen.jobs.wanted("search") == text and not screen.jobs.running("search"):
            break
        await pilot.pause(0.05)
    await settle(pilot)
    return screen


async def test_typing_shows_ranked_hits_with_the_matching_passage(library):
    services, stories = library
    async with _running(services) as (app, pilot):
        screen = await _search(pilot, "harbour")
        titles = [hit.title for hit in screen.hits]
        # The title weighs more than the body: the story named for the harbour comes first.
        assert titles[0] == "Harbour cranes return to the port"
        assert set(titles) == {"Harbour cranes return to the port", "Budget talks stall again"}
        assert "2 articles, best first" in screen_text(app)
        shown = region_text(app, screen.query_one(Hits))
        assert "https://news.example/0" in shown  # where the story came from
        assert "Dockers at the harbour welcomed the news." in shown
        # Article text is data: markup shown as typed, escape characters made visible.
        assert "[bold]now[/]" in shown and "␛[31mred" in shown
        assert "\x1b" not in "".join(hit.title for hit in screen.hits)
        options = screen.query_one(Hits)
        first = options.get_option_at_index(0).prompt
        marked = [first.plain[s.start:s.end] for s in first.spans if s.style == MATCH_STYLE]
        assert marked and all(word.lower() == "harbour" for word in marked)


async def test_enter_opens_the_highlighted_hit_and_escape_returns(library):
    services, stories = library
    async with _running(services) as (app, pilot):
        screen = await _search(pilot, "harbour")
        second = screen.hits[1]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.id == second.id
        assert app.screen.article.title == "Budget talks stall again"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen  # back at the results, as they were
        assert [h.id for h in screen.hits][1] == second.id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        # Opened from the search, the story is marked read in the library's list too.
        assert app.screen.article_list.states[second.id].read


async def test_the_list_keys_work_once_the_results_have_the_focus(library):
    services, stories = library
    async with _running(services) as (app, pilot):
        screen = await _search(pilot, "harbour")
        await pilot.press("tab", "j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.id == screen.hits[1].id


async def test_only_the_last_query_counts_and_no_match_says_so(library):
    services, _ = library
    async with _running(services) as (app, pilot):
        screen = await _search(pilot, "rain")
        assert [h.title for h in screen.hits] == ["Rain all week"]
        await pilot.press(*"bow")  # "rainbow": nothing
        for _ in range(40):
            await settle(pilot)
            if not screen.hits and "no article matches" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert screen.hits == []
        assert "no article matches" in screen_text(app)
        await pilot.press("enter")  # nothing to open: nothing happens
        await settle(pilot)
        assert app.screen is screen
        for _ in "rainbow":
            await pilot.press("backspace")
        await settle(pilot)
        assert screen.hits == [] and "a phrase" in screen_text(app)


async def test_ctrl_f_from_the_reading_view(library):
    services, _ = library
    async with _running(services) as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        screen = await _search(pilot, "wind coast")
        assert [h.title for h in screen.hits] == ["Rain all week"]
        await pilot.press("ctrl+f")  # not a second search over the first
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is reading


def test_a_hit_opens_from_the_library_else_from_its_file(tmp_path, library):
    services, stories = library
    kept = stories[0]
    hit = Hit(kept.id, kept.title, kept.link, None, None, None, 1.0, "", 0, 0, ())
    assert _open(None, services.store, hit) == archive.get(services.store, kept.id)
    path = tmp_path / "gone-from-the-library.txt"
    path.write_text("A file\n\nIts text is read again from the file.", encoding="utf-8")
    on_disk = replace(hit, id="0" * 16, path=str(path))
    assert "read again from the file" in _open(None, services.store, on_disk).text


def test_a_prompt_marks_the_matched_words_where_white_space_was_squeezed():
    text = "Title\n\n\nThe  harbour\tcranes"
    start = text.index("The")
    hit = Hit("1" * 16, "Ti\x1btle", None, "/news/a.txt", None, 1764496800.0, 1.0,
              text[start:], start, len(text),
              ((text.index("harbour"), text.index("harbour") + 7),))
    shown = prompt(hit)
    assert shown.plain == "Ti␛tle\n/news/a.txt · 2025-11-30\n… The harbour cranes"
    marked = [shown.plain[s.start:s.end] for s in shown.spans if s.style == MATCH_STYLE]
    assert marked == ["harbour"]


def test_a_passage_from_the_start_leaves_out_the_title_shown_above_it():
    text = "Harbour news\n\nThe harbour reopened."
    matches = ((0, 7), (text.index("harbour"), text.index("harbour") + 7))
    hit = Hit("1" * 16, "Harbour news", None, None, None, None, 1.0, text, 0, len(text),
              matches)
    shown = prompt(hit)
    assert shown.plain.endswith("\nThe harbour reopened.")
    marked = [shown.plain[s.start:s.end] for s in shown.spans if s.style == MATCH_STYLE]
    assert marked == ["harbour"]


async def _searched(pilot) -> None:
    await settle(pilot)
    await _search(pilot, "harbour")


def test_snapshot_search_80x24(snap_compare, library):
    services, _ = library
    assert snap_compare(make_app(services=services), terminal_size=(80, 24),
                        run_before=_searched)


async def test_keys_typed_in_one_burst_after_ctrl_f_all_reach_the_field(library):
    """ctrl+f and a query arriving together (typed fast, or pasted): none of the query's
    keys is lost, and none is taken as a key of the list (j) or the dialog (q closes)."""
    from textual import events

    services, _ = library
    async with _running(services) as (app, pilot):
        app.post_message(events.Key("ctrl+f", None))
        for character in "quiet jetty":
            app.post_message(events.Key("space" if character == " " else character, character))
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-query").value == "quiet jetty"
