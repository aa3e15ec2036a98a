"""Messages that cross widget boundaries: posted by background loaders, read by screens.

Messages that belong to one widget are nested in that widget (`ArticleList.Selected`);
the ones here are posted from thread workers, so they carry plain data only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from reader.library.models import Article, Skipped


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
