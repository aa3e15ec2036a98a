"""The project's exceptions: each carries a message fit to show a user as it is."""

from __future__ import annotations

import functools

from reader.extras import ML_PACKAGES, install_hint


class ReaderError(Exception):
    """Base class: the message is for the user; no traceback is ever shown for it."""


class UnreadableArticle(ReaderError):
    """A file that cannot be turned into an article (empty, binary, unreadable, ...)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelMissing(ReaderError):
    """No installed model covers what was asked; `command` installs one."""

    def __init__(self, message: str, command: str | None = None) -> None:
        text = f"{message}\nInstall one with: {command}" if command else message
        super().__init__(text)
        self.command = command


class CorruptModel(ReaderError):
    """A model folder that is incomplete or cannot be loaded."""


class NetworkUnavailable(ReaderError):
    """A download was asked for and the network cannot reach the model hub."""


class MissingDependency(ReaderError):
    """A feature needs an optional package (the `ml` extra) that is not installed."""


def needs_ml(feature: str):
    """Decorator: a missing `ml` package inside the call becomes a MissingDependency."""

    def wrap(func):
        @functools.wraps(func)
        def call(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except ImportError as exc:
                name = (exc.name or "").split(".")[0]
                if name not in ML_PACKAGES:
                    raise
                raise MissingDependency(
                    f"{feature} needs the Python package {name}, which is not installed. "
                    f"Install reader's ml extra: {install_hint()}"
                ) from exc

        return call

    return wrap


class FetchError(ReaderError):
    """A web address could not be fetched; the message says why in a few words.

    `gone` is set for HTTP 410; `retry_after` (seconds) when the server asked to wait.
    """

    def __init__(self, message: str, *, gone: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.gone = gone
        self.retry_after = retry_after


class NotAFeed(ReaderError):
    """Fetched content that is not an RSS, Atom or JSON feed."""
