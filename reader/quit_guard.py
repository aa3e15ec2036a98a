"""Quitting at once, even while the screen is stuck.

`leave_now` is how the reader quits for real: the background work is stopped and the
state saved, the terminal is given back as it was, and the process ends, without the
half second or more of orderly teardown a busy two-core machine gives Textual's exit.

Keys are read by Textual's input thread but handled on the main thread; while the main
thread is busy for seconds (laying out the whole of a huge article, say), q and Ctrl+C
wait with everything else. The guard watches both ends: the main loop stamps a heartbeat
ten times a second, and the input thread notes every quit key. When a quit key has waited
`GRACE` seconds with no heartbeat since, the guard stops the background work, restores
the terminal and ends the process itself. `q` counts only when the focus was not in a
text field at the last heartbeat (there it is a letter); Ctrl+C always counts.

It relies on the Linux driver's own methods to restore the terminal; where they are not
there, the guard stays out of the way and quitting works as it always did.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable

GRACE = 0.15
QUIT_KEYS = frozenset({"q", "ctrl+c"})


class QuitGuard:
    def __init__(self, app, before_exit: Callable[[], None]) -> None:
        self.app = app
        self.before_exit = before_exit
        self.beat = time.monotonic()
        self.typing = False

    def start(self) -> None:
        """Begin the heartbeat and listen to the input thread (call once mounted)."""
        driver = getattr(self.app, "_driver", None)
        original = getattr(driver, "process_message", None)
        if original is None or not can_leave_now(self.app):
            return
        self.app.set_interval(0.1, self._beat)

        def process_message(message) -> None:
            key = getattr(message, "key", None)
            if key == "ctrl+c" or (key in QUIT_KEYS and not self.typing):
                threading.Thread(target=self._watch, args=(time.monotonic(),),
                                 name="reader-quit-guard", daemon=True).start()
            original(message)

        driver.process_message = process_message

    def _beat(self) -> None:
        from textual.widgets import Input, TextArea

        self.beat = time.monotonic()
        self.typing = isinstance(self.app.focused, (Input, TextArea))

    def _watch(self, pressed: float) -> None:
        time.sleep(GRACE)
        if self.beat < pressed and self.app.is_running:
            self._leave()

    def _leave(self) -> None:
        leave_now(self.app, self.before_exit)


def can_leave_now(app) -> bool:
    """Whether `leave_now` can restore this app's terminal (a real terminal driver)."""
    driver = getattr(app, "_driver", None)
    return not app.is_headless and hasattr(driver, "stop_application_mode")


def leave_now(app, before_exit: Callable[[], None], code: int = 0) -> None:
    """Run `before_exit` (for a second at most: a lock it needs may be held by the stuck
    thread), give the terminal back as it was, and end the process."""
    def run_it() -> None:
        try:
            before_exit()
        except Exception:
            pass

    helper = threading.Thread(target=run_it, name="reader-leaving", daemon=True)
    helper.start()
    helper.join(timeout=1.0)
    driver = app._driver
    for step in ("_disable_mouse_support", "_disable_bracketed_paste",
                 "stop_application_mode", "close"):
        try:
            getattr(driver, step)()
        except Exception:
            continue
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(code)
