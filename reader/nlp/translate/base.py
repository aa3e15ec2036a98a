"""What every translation backend is to the rest of the project: a `Translator`.

The pipeline (alignment, batching, caching) and the UI only see this protocol, so a
backend is a small class and tests can pass a fake.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Pair:
    """One source sentence (offsets into Article.text) and its translation."""

    start: int
    end: int
    source: str
    target: str

    def as_json(self) -> dict:
        return {"start": self.start, "end": self.end, "source": self.source, "target": self.target}


@runtime_checkable
class Translator(Protocol):
    """Translates a list of plain sentences, one output per input, in order.

    Optional attributes the pipeline uses when present: `settings` (decoding settings as
    a string, part of the cache key), `max_tokens` and `count_tokens(text)` (to split
    over-long sentences below the model's limit), `batch_size`.
    """

    backend: str
    model_id: str
    source: str
    target: str
    pivot: bool

    def translate(self, texts: list[str]) -> list[str]: ...


def threads() -> int:
    """Threads for inference: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class PivotTranslator:
    """SRC -> en -> TGT through two translators, for pairs no single model covers."""

    pivot = True

    def __init__(self, first, second) -> None:
        self.first, self.second = first, second
        self.backend = first.backend if first.backend == second.backend else (
            f"{first.backend}+{second.backend}"
        )
        self.model_id = f"{first.model_id}+{second.model_id}"
        self.source, self.target = first.source, second.target
        self.settings = f"{getattr(first, 'settings', '')}|{getattr(second, 'settings', '')}"

    # Asked of the models only when a sentence is to be translated: either may be a
    # stand-in that opens its model on first use (reader.nlp.models.deferred).
    @property
    def max_tokens(self) -> int | None:
        return getattr(self.first, "max_tokens", None)

    @property
    def batch_size(self) -> int:
        return min(getattr(self.first, "batch_size", 16), getattr(self.second, "batch_size", 16))

    def __getattr__(self, name: str):
        if name == "count_tokens" and self.max_tokens is not None:
            return self.first.count_tokens
        raise AttributeError(name)

    def translate(self, texts: list[str]) -> list[str]:
        return self.second.translate(self.first.translate(texts))
