"""The project's exceptions: each carries a message fit to show a user as it is."""

from __future__ import annotations


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
