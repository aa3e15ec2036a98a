"""Summary workers: stale results are dropped, failures become notices, never tracebacks."""

from __future__ import annotations

import threading

from reader.app import make_app
from reader.config import Settings
from reader.screens.reading import ReadingScreen
from reader.widgets.summary_view import SummaryView
from tests.ui.fakes import fake_services, make_article, numbered_articles
from tests.ui.helpers import screen_text, settle


async def wait_for_call(pilot, summarizer, title: str) -> None:
    for _ in range(200):
        if any(call[0] == title for call in summarizer.calls):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"no summary was asked for {title}")


async def test_fast_moves_then_enter_show_the_right_summary(tmp_path):
    services = fake_services(tmp_path, numbered_articles(6))
    summarizer = services.summarizer
    gate = threading.Event()
    summarizer.hold["Story 000"] = gate
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_call(pilot, summarizer, "Story 000")
        await pilot.press("j", "j", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        gate.set()
        await settle(pilot, rounds=4)
        summary = app.screen.query_one(SummaryView)
        assert summary.article.title == "Story 003"
        shown = screen_text(app)
        assert "Story 003 sentence 0 says something new." in shown
        assert "Story 000 sentence" not in shown
        await pilot.press("escape")
        await settle(pilot, rounds=4)
        preview = app.screen.query_one("#preview", SummaryView)
        assert [s.text for s in preview.summary.sentences][0].startswith("Story 003")
        assert "Story 000 sentence" not in screen_text(app)
    services.store.close()


async def test_a_failing_summary_is_a_notice_not_a_traceback(tmp_path):
    article = make_article("Trouble", "This text will explode the summarizer. It has two sentences.")
    services = fake_services(tmp_path, [article])
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "could not summarize:" in shown and "RuntimeError: the summarizer" in shown
        assert "Traceback" not in shown
        assert app.is_running
        assert any("the summarizer broke" in n.message for n in app._notifications)
    services.store.close()


async def test_store_and_settings_notices_are_shown_once_at_start(tmp_path):
    settings = Settings(problems=("config.toml: unknown setting 'colour'", "config.toml: bad key '[/]'"))
    services = fake_services(tmp_path, numbered_articles(2), settings=settings)
    services.store.notices.append("state database was corrupt; moved aside and rebuilt")
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert messages.count("state database was corrupt; moved aside and rebuilt") == 1
        assert messages.count("config.toml: unknown setting 'colour'") == 1
        assert "config.toml: bad key '[/]'" in messages
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        again = [n.message for n in app._notifications]
        assert again.count("state database was corrupt; moved aside and rebuilt") <= 1
    services.store.close()


async def test_unknown_algorithm_in_settings_falls_back_with_a_notice(tmp_path):
    services = fake_services(tmp_path, numbered_articles(1), settings=Settings(summary_algorithm="magic"))
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.algorithm == "lexrank"
        assert any("magic" in n.message for n in app._notifications)
    services.store.close()


async def test_error_messages_are_shown_as_text_not_markup(tmp_path):
    from reader.errors import ReaderError

    def failing(*args, **kwargs):
        raise ReaderError("bad [bold red]x[/] and [/] \x1b[2J here")

    services = fake_services(tmp_path, numbered_articles(1))
    services.summarizer = failing
    app = make_app(services=services)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "bad [bold red]x[/] and [/] ␛[2J here" in shown
        assert app.is_running
        assert any("[bold red]x[/]" in n.message for n in app._notifications)
    services.store.close()
