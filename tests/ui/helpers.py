"""Helpers for UI tests: what the terminal shows, as plain text, waiting for workers, and
running a command from the palette."""

from __future__ import annotations

import io
import time

from rich.console import Console
from textual.command import CommandPalette
from textual.worker import WorkerCancelled, WorkerFailed

WAIT = 30.0
"""Seconds a test waits for something to show: generous, the machine may be loaded."""


def screen_text(app) -> str:
    """Every character on the app's screen right now, one terminal line per line."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True,
        color_system="truecolor", record=True, legacy_windows=False, safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and their messages be handled (loaders post in batches).

    A worker that failed is the app's to report (tests assert on what it shows); one
    cancelled while waited for is a superseded job. The folder watch runs as long as the
    library is shown, so it is not waited for."""
    for _ in range(rounds):
        waited = [w for w in pilot.app.workers if w.group != "job:watch"]
        try:
            if waited:  # (none given, Textual would wait for every worker)
                await pilot.app.workers.wait_for_complete(waited)
        except (WorkerFailed, WorkerCancelled):
            pass
        await pilot.pause()


async def open_first_article(pilot) -> None:
    """Let the library load, open the highlighted (first) article, and let it settle."""
    await settle(pilot, rounds=4)
    await pilot.press("enter")
    await settle(pilot, rounds=4)


def region_text(app, widget) -> str:
    """What `widget` shows on screen, its lines joined by spaces, runs of spaces squeezed."""
    x, y, width, height = widget.region
    lines = screen_text(app).splitlines()[y:y + height]
    return " ".join(" ".join(line[x:x + width].split()) for line in lines).strip()


async def run_palette_command(pilot, query: str) -> None:
    """Open the command palette, type `query`, and run the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    for _ in range(50):
        await pilot.pause(0.05)
        if query.lower() in screen_text(pilot.app).lower():
            break
    await pilot.press("enter")
    await settle(pilot)


async def wait_for(pilot, condition, what: str) -> None:
    """Pause until `condition()` holds; fail with the screen after `WAIT` seconds."""
    end = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"{what}: not within {WAIT} s\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


def titles(app) -> list[str]:
    """The titles of the rows the library's list shows, in order."""
    from reader.widgets.article_list import ArticleList

    return [a.title for a in app.screen.query_one(ArticleList).shown]
