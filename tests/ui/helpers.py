"""Helpers for UI tests: what the terminal shows, as plain text, waiting for workers, and
running a command from the palette."""

from __future__ import annotations

import io

from rich.console import Console
from textual.command import CommandPalette
from textual.worker import WorkerCancelled, WorkerFailed


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
