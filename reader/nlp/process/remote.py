"""Models in the model process, as the rest of the reader sees them.

`RemoteTagger` is an `EntityTagger` and `RemoteTranslator` a `Translator`: the same
attributes (model name, labels, cache identity, decoding settings, which the cache keys
use) and the same calls, answered by the model process. Loading asks the process to load
the model and describe it; the model itself never enters the reader's own process.

A remote model can be bound to a cancel token (`with_cancel`): a call made through it
ends with `Cancelled` the moment the token is cancelled, and the process drops the work.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from reader.library.article import EntitySpan


class _Remote:
    kind = ""

    def __init__(self, host, spec: dict, info: dict, cancel: Any = None) -> None:
        self.host, self.spec, self.cancel = host, spec, cancel
        self.__dict__.update(info)

    @classmethod
    def load(cls, host, spec: dict, cancel: Any = None):
        """Load the model described by `spec` (the loader's keyword arguments) in the
        process; raises what loading raises there (ModelMissing, CorruptModel, ...)."""
        info = host.request(f"load_{cls.kind}", spec, cancel).result()
        return cls(host, spec, info)

    def with_cancel(self, cancel: Any):
        """This model, with calls that end when `cancel` (a token) is cancelled."""
        bound = copy.copy(self)
        bound.cancel = cancel
        return bound

    def _call(self, name: str, payload: Any):
        return self.host.request(name, payload, self.cancel)


class RemoteTagger(_Remote):
    """An entity tagger whose model runs in the model process."""

    kind = "tagger"
    model_id: str
    labels: tuple[str, ...]

    def tag(self, text: str) -> list[EntitySpan]:
        rows = self._call("tag", (self.spec, text)).result()
        return [EntitySpan(a, b, label, score, text[a:b]) for a, b, label, score in rows]


class RemoteTranslator(_Remote):
    """A translator whose model runs in the model process."""

    kind = "translator"
    backend: str
    model_id: str
    source: str
    target: str

    def translate(self, texts: list[str]) -> list[str]:
        done: dict[int, str] = {}
        for batch in self.stream(dict(enumerate(texts)), 0):
            done.update(batch)
        return [done[i] for i in range(len(texts))]

    def stream(self, items: dict[int, str], first: int) -> Iterator[list[tuple[int, str]]]:
        """[(index, translation), ...] per batch as the process finishes them; closing
        the iterator early cancels the rest."""
        request = self._call("translate", (self.spec, items, first))
        try:
            yield from request
        finally:
            if not request.finished:
                request.cancel()
