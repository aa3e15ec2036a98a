"""What the model process runs: each request is a generator whose every step is short
(one model batch at most), yielding what the reader should get at once and returning the
final answer.

Models are loaded by the same functions the command line uses (`load_tagger`,
`load_translator`), once per set of arguments, and kept until the process leaves.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any


class Models:
    """The taggers and translators loaded in this process, by their load arguments."""

    def __init__(self) -> None:
        self._loaded: dict[tuple, Any] = {}

    def tagger(self, spec: dict):
        from reader.nlp.entities import load_tagger

        return self._get("tagger", spec, load_tagger)

    def translator(self, spec: dict):
        from reader.nlp.translate import load_translator

        return self._get("translator", spec, load_translator)

    def _get(self, kind: str, spec: dict, load):
        key = (kind, tuple(sorted(spec.items())))
        if key not in self._loaded:
            self._loaded[key] = load(**spec)
        return self._loaded[key]


def describe_tagger(tagger) -> dict:
    """What the reader needs to know of a tagger: its identity (for the cache) and labels."""
    return {"model_id": tagger.model_id, "labels": tuple(tagger.labels),
            "identity": getattr(tagger, "identity", None),
            "aggregation": getattr(tagger, "aggregation", None),
            "backend": getattr(tagger, "backend", "transformers")}


TRANSLATOR_FIELDS = ("backend", "model_id", "source", "target", "pivot", "settings",
                     "max_tokens", "batch_size")


def describe_translator(translator) -> dict:
    return {name: getattr(translator, name, None) for name in TRANSLATOR_FIELDS}


def load_tagger(models: Models, spec: dict) -> Generator[None, None, dict]:
    return describe_tagger(models.tagger(spec))
    yield  # a generator of no steps


def tag(models: Models, payload: tuple) -> Generator[None, None, list]:
    spec, text = payload
    tagger = models.tagger(spec)
    steps = getattr(tagger, "steps", None)
    if steps is None:
        spans = tagger.tag(text)
    else:
        spans = yield from steps(text)
    return [(s.start, s.end, s.label, s.score) for s in spans]


def load_translator(models: Models, spec: dict) -> Generator[None, None, dict]:
    return describe_translator(models.translator(spec))
    yield  # a generator of no steps


def translate(models: Models, payload: tuple) -> Generator[list, None, None]:
    """Yields [(index, translation), ...] a batch at a time, earliest sentences first."""
    from reader.nlp.translate.pipeline import stream_batches

    spec, items, first = payload
    yield from stream_batches(models.translator(spec), items, first=first)


TASKS = {"load_tagger": load_tagger, "tag": tag, "load_translator": load_translator,
         "translate": translate}


def start(name: str, payload: Any, models: Models) -> Generator:
    """The generator that runs request `name`; an unknown name fails on its first step."""
    task = TASKS.get(name)
    if task is None:
        return _unknown(name)
    return task(models, payload)


def _unknown(name: str) -> Generator:
    from reader.errors import ReaderError

    raise ReaderError(f"the model process has no task {name!r}")
    yield
