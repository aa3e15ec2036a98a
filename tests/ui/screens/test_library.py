"""The library screen: listing, moving, opening, filtering, read and star marks, loading."""

from __future__ import annotations

import threading

from reader.app import make_app
from reader.screens.library import LibraryScreen
from reader.screens.reading import ReadingScreen
from reader.widgets.article_list import ArticleList
from tests.ui.fakes import fake_services, make_article, numbered_articles
from tests.ui.helpers import screen_text, settle


async def test_lists_every_article_with_its_details(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        assert table.row_count == 30
        shown = screen_text(app)
        assert "Story 000" in shown and "story-000.txt" in shown
        assert "30 articles" in shown
        assert "●" in shown  # unread mark


async def test_j_k_and_arrows_move_enter_opens_escape_returns(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        await pilot.press("j", "j", "down", "k")
        assert table.current.title == "Story 002"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.title == "Story 002"
        assert "Story 002 sentence 0 says something new." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter")
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_slash_filters_as_you_type_and_escape_clears(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        await pilot.press("slash", "s", "T", "o", "r", "y", " ", "0", "1")
        assert [a.title for a in table.shown] == [f"Story 01{n}" for n in range(10)]
        assert "10 shown" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.title == "Story 010"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is table and "10 shown" in screen_text(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen.article.title == "Story 011"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 30
        assert "shown" not in screen_text(app)


async def test_keys_typed_in_one_burst_after_slash_all_reach_the_filter(thirty):
    """As a terminal delivers "/story 01" pasted or typed fast: every key is queued before
    the first is handled; none may be lost or taken as a list key (s, o)."""
    from textual import events

    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        for character in "/Story 01/":
            key = {"/": "slash", " ": "space"}.get(character, character)
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "Story 01/"
        assert isinstance(app.screen, LibraryScreen) and table.shown == []


async def test_enter_on_an_empty_filter_goes_back_to_the_list(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.focused is app.screen.query_one(ArticleList)
        await pilot.press("slash", *"nothing like it", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_filter_matches_source_file_name_in_any_case(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"STORY-029.TXT")
        table = app.screen.query_one(ArticleList)
        assert [a.title for a in table.shown] == ["Story 029"]


async def test_m_and_star_toggle_and_persist(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "m", "asterisk")
        await pilot.pause()
        article = app.screen.query_one(ArticleList).current
        assert "★" in screen_text(app)
    state = thirty.store.state(article.id)
    assert state.read and state.starred

    again = make_app(services=thirty)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "m", "asterisk")
        await pilot.pause()
        assert "★" not in screen_text(again)
    state = thirty.store.state(article.id)
    assert not state.read and not state.starred


async def test_opening_marks_read_and_the_list_shows_it(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        first = app.screen.query_one(ArticleList).current
        assert thirty.store.state(first.id).read
        rows = [line for line in screen_text(app).splitlines() if "Story 00" in line]
        assert rows[0].split()[0] == "○" and rows[1].split()[0] == "●"


async def test_articles_appear_while_the_loader_is_still_running(tmp_path):
    articles = numbered_articles(250)
    release = threading.Event()

    def slow_scanner(paths):
        for index, article in enumerate(articles):
            if index == 120:
                release.wait(timeout=10)
            yield article

    services = fake_services(tmp_path, [])
    services.scanner = slow_scanner
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(ArticleList)
        for _ in range(100):
            if table.row_count >= 100:
                break
            await pilot.pause(0.02)
        assert 100 <= table.row_count <= 120
        assert "loading…" in screen_text(app)
        release.set()
        await settle(pilot)
        assert table.row_count == 250
        assert "loading…" not in screen_text(app)


async def test_ten_thousand_articles_scroll_filter_and_jump(tmp_path):
    services = fake_services(tmp_path, numbered_articles(10_000))
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        assert table.row_count == 10_000
        await pilot.press("end")
        assert table.current.title == "Story 9999"
        assert "Story 9999" in screen_text(app)
        await pilot.press("home", "pagedown")
        assert table.current.title not in ("Story 000", "Story 001")
        assert table.current.title in screen_text(app)
        await pilot.press("slash", *"story 42")
        assert [a.title for a in table.shown][:2] == ["Story 420", "Story 421"]
        assert table.row_count == 110  # Story 420-429 and Story 4200-4299
        await pilot.press("escape")
        assert table.row_count == 10_000
    services.store.close()


async def test_clicking_a_row_moves_there_and_double_click_opens(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        await pilot.click(ArticleList, offset=(10, 3))
        assert table.current.title == "Story 002"
        await pilot.double_click(ArticleList, offset=(10, 4))
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.title == "Story 003"


async def test_a_long_source_name_ends_in_an_ellipsis_inside_the_row(tmp_path):
    name = "a-very-long-source-file-name-that-cannot-fit.txt"
    article = make_article("One story", "It has one sentence.", path=f"/news/{name}")
    services = fake_services(tmp_path, [article])
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        width = table.scrollable_content_region.width
        assert table._row(article, width).cell_len <= width
        assert table._header(width).cell_len <= width
        row = next(line for line in screen_text(app).splitlines() if "One story" in line)
        assert row.rstrip().endswith("…")
    services.store.close()


async def test_a_list_longer_than_the_screen_has_no_horizontal_scrollbar(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        assert table.show_vertical_scrollbar
        assert not table.show_horizontal_scrollbar
        assert table.max_scroll_x == 0


async def test_an_empty_folder_says_what_was_looked_for(tmp_path):
    services = fake_services(tmp_path, [])
    app = make_app(services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "m", "asterisk", "j", "end", "s")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        shown = screen_text(app)
        assert "0 articles · nothing found" in shown
        assert ".txt .md .markdown .html .htm" in shown
    services.store.close()


async def test_the_footer_offers_marks_only_when_an_article_is_highlighted(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Read" in footer and "Star" in footer
        await pilot.press("slash", *"no such story")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Read" not in footer and "Star" not in footer
        await pilot.press("m", "asterisk")
        await pilot.press("escape")
        await pilot.pause()
        assert "Read" in screen_text(app).splitlines()[-1]
        assert not any(thirty.store.state(a.id).starred for a in numbered_articles(30))


async def test_the_preview_follows_the_algorithm_chosen_while_reading(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        preview = app.screen.query_one("#preview")
        assert preview.border_title == "Summary · lsa · 3"
        assert preview.summary.algorithm == "lsa"
