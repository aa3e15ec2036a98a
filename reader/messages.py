"""Messages that cross widget boundaries: posted by background loaders, read by screens.

Messages that belong to one widget are nested in that widget (`ArticleList.Selected`);
the ones here are posted from thread workers, so they carry plain data only, and
`failure_text` words a failed worker's error the same way in every pane.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from reader.errors import ReaderError
from reader.library.cleanup import replace_controls
from reader.library.article import Article, Skipped


@dataclass
class ArticlesLoaded(Message):
    """A batch of articles (and files that could not be read) found by the loader."""

    articles: list[Article]
    states: dict = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class LoadFinished(Message):
    """The loader has gone through every path."""

    total: int
    skipped: int


def failure_text(error: BaseException | None, doing: str) -> str:
    """A worker's `error` as plain text: a `ReaderError` says its own message, anything
    else "could not <doing>: Type: message"; control characters are made visible."""
    if isinstance(error, ReaderError):
        text = str(error)
    else:
        text = f"could not {doing}: {type(error).__name__}: {error}"
    return replace_controls(text)
