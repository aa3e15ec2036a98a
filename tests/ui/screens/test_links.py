"""`o`: the article's link in a browser, or shown and copied (OSC 52) where there is none."""

from __future__ import annotations

import base64
import stat
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

from reader.app import make_app
from reader.screens.links import browse, can_browse
from reader.screens.reading import ReadingScreen
from tests.ui.fakes import fake_services, make_article
from tests.ui.helpers import settle

LINK = "https://news.example/harbour?id=7&x=1"


@pytest.fixture
def no_display(monkeypatch):
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def recording_browser(tmp_path, monkeypatch, no_display):
    """$BROWSER is a script that writes the arguments it was given to a file."""
    record = tmp_path / "browser-args"
    script = tmp_path / "browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("BROWSER", str(script))
    return record


@asynccontextmanager
async def _running(tmp_path, link):
    """The app listing one story with `link`, its library loaded."""
    story = make_article("Harbour cranes return", "The cranes return next week.",
                         path="/news/harbour.txt")
    services = fake_services(tmp_path, [replace(story, link=link)])
    app = make_app(services=services)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            yield app, pilot
    finally:
        services.store.close()


def _notes(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def _wait(pilot, done) -> None:
    for _ in range(100):
        await settle(pilot)
        if done():
            return
        await pilot.pause(0.05)


async def test_with_browser_set_the_link_goes_to_it(tmp_path, recording_browser):
    async with _running(tmp_path, LINK) as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("o")
        await _wait(pilot, lambda: any("Opened" in n for n in _notes(app)))
        assert recording_browser.read_text(encoding="utf-8") == LINK + "\n"
        assert any(n == f"Opened in the browser: {LINK}" for n in _notes(app))
        assert app.clipboard == ""


async def test_the_library_opens_the_highlighted_articles_link(tmp_path, recording_browser):
    async with _running(tmp_path, LINK) as (app, pilot):
        await pilot.press("o")
        await _wait(pilot, recording_browser.exists)
        assert recording_browser.read_text(encoding="utf-8") == LINK + "\n"


async def test_without_a_browser_the_link_is_shown_and_copied_with_osc_52(tmp_path,
                                                                          no_display):
    async with _running(tmp_path, LINK) as (app, pilot):
        written: list[str] = []
        write = app._driver.write
        app._driver.write = lambda data: (written.append(data), write(data))[1]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        osc52 = "\x1b]52;c;" + base64.b64encode(LINK.encode()).decode() + "\a"
        assert osc52 in written
        assert app.clipboard == LINK
        assert any(LINK in n and "copied to the clipboard" in n for n in _notes(app))


async def test_a_browser_that_fails_is_a_message_and_the_link_is_copied(tmp_path,
                                                                         monkeypatch,
                                                                         no_display):
    script = tmp_path / "broken-browser"
    script.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", f"{tmp_path / 'not-there'}:{script}")
    async with _running(tmp_path, LINK) as (app, pilot):
        await pilot.press("o")
        await _wait(pilot, lambda: app.clipboard == LINK)
        assert app.clipboard == LINK
        assert any("no browser could open it" in n for n in _notes(app))


async def test_a_file_without_a_link_says_so(tmp_path, recording_browser):
    async with _running(tmp_path, None) as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert any("has no link (it was read from a file)" in n for n in _notes(app))
        assert not recording_browser.exists() and app.clipboard == ""


async def test_a_link_that_is_not_a_web_address_is_only_shown(tmp_path, recording_browser):
    async with _running(tmp_path, "file:///etc/passwd") as (app, pilot):
        await pilot.press("o")
        await settle(pilot)
        assert not recording_browser.exists()
        assert app.clipboard == "file:///etc/passwd"
        assert any("not a web address" in n for n in _notes(app))


def test_where_a_browser_can_start():
    assert not can_browse({})
    assert not can_browse({"BROWSER": " ", "DISPLAY": ""})
    assert can_browse({"BROWSER": "firefox"})
    assert can_browse({"DISPLAY": ":0"})
    assert can_browse({"WAYLAND_DISPLAY": "wayland-0"})


def test_browser_commands_with_a_placeholder(tmp_path):
    record = tmp_path / "args"
    script = tmp_path / "browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    script.chmod(0o755)
    assert browse(None, LINK, {"BROWSER": f"{script} --new-tab %s"})
    assert record.read_text(encoding="utf-8") == f"--new-tab\n{LINK}\n"
