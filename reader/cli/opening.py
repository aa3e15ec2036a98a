"""`reader URL` and `reader ID`: articles named on the app's command line, found first.

A web address is fetched once (its main text extracted and kept in the library to read
later; the next time it opens offline) and an article id is looked up in the library,
both before the screen is taken over, so that what goes wrong is a plain line on stderr
and a command with nothing to show ends with exit code 1 instead of an empty app. A fetch
that takes a moment says what it is waiting for on stderr (only on a terminal).
"""

from __future__ import annotations

import shutil
import sys
import threading
import time

from reader.cli.common import error, visible
from reader.errors import ReaderError
from reader.library.article import Article

SHOW_AFTER = 0.2
"""Seconds before a fetch says it is under way (an address kept before answers at once)."""
TICK = 0.1


def names_article(arg: str) -> bool:
    """Whether a command-line argument is a web address or a library id, not a path."""
    from reader.library.resolve import is_article_id, is_web_address

    return is_web_address(arg) or is_article_id(arg)


def open_refs(refs: list[str], store, stream=None) -> tuple[list[Article], list[str]]:
    """The articles `refs` name, in order, and a message for each that failed (also
    written to `stream`, stderr by default)."""
    stream = stream or sys.stderr
    found: list[Article] = []
    failed: list[str] = []
    for ref in refs:
        try:
            found.append(_waiting(ref, store, stream))
        except Exception as exc:  # a fetch fails in many ways; none may end in a traceback
            message = (str(exc) if isinstance(exc, ReaderError)
                       else f"could not open it: {type(exc).__name__}: {exc}")
            if ref not in message:
                message = f"{ref}: {message}"
            failed.append(visible(message, single_line=True))
            error(message)
    return found, failed


def _waiting(ref: str, store, stream) -> Article:
    """`resolve.article(ref, store)`, run in a thread while this one shows the wait."""
    from reader.library.resolve import article

    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["article"] = article(ref, store)
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="reader-open", daemon=True)
    started = time.monotonic()
    worker.start()
    shown = False
    tty = bool(getattr(stream, "isatty", lambda: False)())
    while worker.is_alive():
        worker.join(TICK)
        waited = time.monotonic() - started
        if tty and worker.is_alive() and waited >= SHOW_AFTER:
            line = f"reader: fetching {visible(ref, single_line=True)} … {waited:.0f} s"
            width = shutil.get_terminal_size().columns - 1
            if len(line) > width:
                line = line[:max(width - 1, 0)] + "…"
            stream.write(f"\r{line}")
            stream.flush()
            shown = True
    if shown:
        stream.write("\r\x1b[K")
        stream.flush()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["article"]
