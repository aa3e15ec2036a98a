"""Key to screen in a running Textual app: the time from posting a key event to the end
of the first rendered frame in which its effect shows. Shared by the benchmarks that
measure what a user sees after a key (filter.py, keys.py)."""

from __future__ import annotations

import asyncio
import time

TIMEOUT = 10.0


class Frames:
    """Wraps App._display: each rendered frame's end time and what `probe` saw then."""

    def __init__(self, app, probe) -> None:
        self.app, self.probe, self.seen = app, probe, []
        original = type(app)._display

        def display(screen, renderable):
            original(app, screen, renderable)
            if renderable is not None:
                self.seen.append((time.perf_counter(), self.probe()))

        app._display = display

    async def latency(self, key: str, character: str | None) -> float | None:
        """Post `key`; seconds until a frame shows a changed probe (None: it never did)."""
        from textual import events

        before = self.probe()
        start = len(self.seen)
        posted = time.perf_counter()
        self.app.post_message(events.Key(key, character))
        deadline = posted + TIMEOUT
        while time.perf_counter() < deadline:
            for stamp, seen in self.seen[start:]:
                if seen != before:
                    return stamp - posted
            start = len(self.seen)
            await asyncio.sleep(0.001)
        return None
