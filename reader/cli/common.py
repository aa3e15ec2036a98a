"""Helpers every subcommand shares: safe terminal output, JSON, path checks, progress.

Article text is untrusted data. Anything printed here goes through `visible()` (plain
output) or `dumps()` (JSON), so escape sequences and control characters never reach the
terminal raw, and output stays plain text (no Rich markup is ever interpreted).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.errors import ReaderError
from reader.library.cleanup import replace_controls

_SINGLE_LINE = str.maketrans({"\n": " ", "\t": " "})

recording: list[str] | None = None
"""When a list: everything written to stdout, for the answer to be kept (cli.replay)."""
told: list[str] = []
"""What the user was told on stderr, line by line (kept with the answer)."""


def visible(text: str, *, single_line: bool = False) -> str:
    """`text` with control characters (ESC, C1, bidi overrides) as visible stand-ins."""
    text = str(text)
    return replace_controls(text.translate(_SINGLE_LINE) if single_line else text)


def bounded(convert: Callable[[str], float], accept: Callable[[float], bool], rule: str):
    """An argparse type: `convert` the value, then keep it if `accept`s it, else say `rule`."""
    noun = "a whole number" if convert is int else "a number"

    def parse(value: str):
        try:
            number = convert(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {noun}: {value!r}") from None
        if not accept(number):
            raise argparse.ArgumentTypeError(f"{rule}, got {value}")
        return number

    return parse


# A count given on the command line: summary sentences, search results.
at_least_one = bounded(int, lambda n: n >= 1, "must be at least 1")


# In JSON text: DEL and C1 (escaped: json.dumps lets them through with ensure_ascii off),
# lone surrogates (undecodable bytes of a file name) and bidi controls (stand-ins, as
# everywhere else on screen).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def dumps(value) -> str:
    """JSON as the CLI prints it: readable UTF-8 that is valid and safe to print.

    json.dumps already escapes C0 controls; DEL and C1 (e.g. U+009B, a one-byte CSI on
    some terminals) are escaped too. A file name with bytes that are not UTF-8 reaches
    Python with lone surrogates, which no UTF-8 output can hold: they, and bidi controls
    that would reorder what a terminal shows, become U+FFFD, as `visible` shows them.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(_json_safe, text)


def _json_safe(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code < 0xA0 else replace_controls(match.group())


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def write(text: str) -> None:
    """Write to stdout and flush; a reader that went away (`| head`) ends the command."""
    stream = sys.stdout
    if getattr(stream, "errors", "strict") == "strict" and hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(errors="replace")
        except (ValueError, OSError):
            pass
    global recording
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        recording = None
        _silence_stdout()
        raise
    if recording is not None:
        recording.append(text)


def print_json(value) -> None:
    write(dumps(value) + "\n")


def print_lines(lines) -> None:
    write("".join(f"{line}\n" for line in lines))


def error(message: str) -> None:
    """A message for the user on stderr, made safe like everything else printed."""
    line = f"reader: {visible(message)}\n"
    told.append(line)
    sys.stderr.write(line)


@contextlib.contextmanager
def services() -> Iterator:
    """The app's own Services (the user's state store and settings), opened the one way
    every subcommand uses: problems with the settings or the store go to stderr once, and
    the store is closed at the end."""
    from reader.services import Services

    opened = Services.default()
    told = opened.notices()
    for notice in told:
        error(notice)
    try:
        yield opened
    finally:
        opened.store.close()
        for notice in opened.notices():
            if notice not in told:
                error(notice)


def existing_paths(paths) -> list[Path]:
    """The named paths as Paths; a path that does not exist at all is an input error.

    A broken symlink exists (as a link): the scanner reports it as skipped.
    """
    from reader.library.sources import named

    missing = [str(p) for p in paths if not named(p)]
    if missing:
        raise ReaderError(f"no such file or folder: {', '.join(missing)}")
    return [Path(p) for p in paths]


ARTICLE_HELP = ("an article file (.txt, .md, .html), a web page's http(s) address "
                "(fetched once and kept in the library) or a library article's id")


def load_article(ref, store=None):
    """The article `ref` names (a file, an http(s) address, a library id), through `store`
    (the state database, opened here when not given); anything else is an input error
    (ReaderError with a printable message)."""
    from reader.library.resolve import article

    try:
        return article(ref, store)
    except ReaderError as exc:
        raise ReaderError(visible(str(exc))) from None


class Progress:
    """A one-line counter on stderr, only when stderr is a terminal; silent otherwise."""

    def __init__(self, label: str, stream=None, interval: float = 0.1) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self.count = 0
        self._last = 0.0

    def step(self) -> None:
        self.count += 1
        now = time.monotonic()
        if self.enabled and now - self._last >= self.interval:
            self._last = now
            self.stream.write(f"\r{self.label} {self.count}…")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled and self._last:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
