"""Plain data shared by the core, the CLI and the UI. Offsets index Article.text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cached_property

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Summary:
    """The sentences an algorithm chose, in document order, and a note when it fell back."""

    algorithm: str
    language: str
    sentences: tuple[Sentence, ...]
    note: str | None = None


@dataclass(frozen=True)
class EntitySpan:
    start: int
    end: int
    label: str
    score: float
    text: str = ""


@dataclass(frozen=True)
class Block:
    """A stretch of the text with one role: "heading", "paragraph", "item" (of a list),
    "caption", "quote", "code", "byline", "verse", "table" or "separator"."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Article:
    """One article. `id` is a hash of the cleaned text; `text` is that cleaned text."""

    id: str
    text: str
    title: str
    language: str
    path: str | None = None
    byline: str | None = None
    author: str | None = None
    date: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = field(default=())
    blocks: tuple[Block, ...] = field(default=(), compare=False, repr=False)
    link: str | None = None

    @cached_property
    def words(self) -> int:
        return count_words(self.text)

    def entry(self, *, plain: bool = False) -> Entry:
        """What a list needs of this article, without its text (see Entry)."""
        return Entry(**{f.name: getattr(self, f.name) for f in fields(Entry)
                        if f.name not in ("words", "plain")}, words=self.words, plain=plain)

    def as_json(self) -> dict:
        """The article object of the CLI's JSON output."""
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "byline": self.byline,
            "text": self.text,
        }


@dataclass(frozen=True)
class Entry:
    """An article as a list shows it: the metadata of an Article without its text and
    blocks, plus its word count. What the metadata cache keeps for a file, and what the
    article list and `reader list` work with; the Article is read from `path` when opened.

    `plain` says the file was read without extraction (its proper reading took too long),
    so opening it reads it the same way."""

    id: str
    title: str
    language: str
    words: int
    path: str | None = None
    byline: str | None = None
    author: str | None = None
    date: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = field(default=())
    link: str | None = None
    plain: bool = False


def count_words(text: str) -> int:
    """The word count shown for an article: runs of word characters."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Skipped:
    """A path that was found but could not be read as an article, with the reason why."""

    path: str
    reason: str
