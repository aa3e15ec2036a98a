"""Fake services for UI tests: a real Store in a temp dir, scripted articles and summaries."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from reader.config import Settings
from reader.library.article import Article, Skipped
from reader.library.store import Store
from reader.nlp.sentences import split
from reader.nlp.summary.summarize import ALGORITHMS, Summary
from reader.services import Services


def make_article(title: str, body: str, *, language: str = "en", path: str | None = None) -> Article:
    text = f"{title}\n\n{body}"
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Article(id=digest, text=text, title=title, language=language, path=path)


def numbered_articles(count: int) -> list[Article]:
    """Articles titled "Story 000"...; each sentence names its story so summaries differ."""
    return [
        make_article(
            f"Story {n:03d}",
            " ".join(f"Story {n:03d} sentence {k} says something new." for k in range(6)),
            path=f"/news/story-{n:03d}.txt",
        )
        for n in range(count)
    ]


class FakeSummarizer:
    """First `size` sentences, prefixed by the algorithm; records calls; can be held."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int]] = []
        self.hold: dict[str, threading.Event] = {}

    def __call__(self, text, language, algorithm, *, sentences, title=None, blocks=None):
        self.calls.append((title, algorithm, sentences))
        gate = self.hold.get(title)
        if gate is not None:
            gate.wait(timeout=10)
        if "explode" in text:
            raise RuntimeError("the summarizer broke")
        chosen = tuple(s for s in split(text, language) if s.text != title)[:sentences]
        return Summary(algorithm, language, chosen, None)


def fake_services(tmp_path: Path, items: list, *, settings: Settings | None = None) -> Services:
    """Services that list `items` (Articles and Skipped) whatever the paths."""
    return Services(
        store=Store(tmp_path / "state.sqlite3"),
        settings=settings or Settings(),
        scanner=lambda paths: iter(items),
        summarizer=FakeSummarizer(),
        algorithms=ALGORITHMS,
    )


__all__ = ["Skipped", "fake_services", "make_article", "numbered_articles"]
