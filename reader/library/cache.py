"""The one cache of computed results: summaries, translations, entities, and a text's
sentences and detected language, for the app (through Services) and the CLI alike.

A result is found by a key computed from plain data only: the article's content id (or a
sentence's text), the identity of the model (its name, backend, and a fingerprint of its
folder's files plus the settings that change its output) and the request's own settings.
Nothing here loads a model or imports an ML library, so a result can be looked up before
any model is loaded. Values are JSON in the state database's cache table (see store.py).

What makes a cached result stale, and what clears it:
- a changed article has another content id, a changed model folder another fingerprint,
  other settings another key: the old entry is simply never asked for again;
- a change in how results are computed bumps `VERSIONS[kind]`, which changes every key;
- `reader cache clear [KIND...]` (`ResultCache.clear`) deletes the results of those kinds
  (all of them by default). Preferences kept in the same table (theme, target language) are
  not results and are never cleared by it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.library.article import EntitySpan, Sentence, Summary
from reader.library.store import cache_key

KINDS = ("summary", "translation", "entities", "language", "sentences")
# Bumped when the code that computes a kind of result changes what it returns.
VERSIONS = {"summary": 2, "translation": 1, "entities": 1, "language": 1, "sentences": 1}


@dataclass(frozen=True)
class ModelIdentity:
    """What a cached result depends on about a model, known without loading it.

    `settings` holds the fingerprint of the model's files (`folder_stamp`) and every
    setting that changes the output (beams, int8, ...)."""

    name: str
    backend: str
    settings: str = ""


def folder_stamp(folder: Path, sample: int = 1 << 16) -> str:
    """A short content fingerprint of the files in `folder`: each name, size, and its first
    and last `sample` bytes. A model folder replaced by another under the same name (or
    another folder with the same name) gets another fingerprint; a copy keeps it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        size = path.stat().st_size
        digest.update(f"{path.name}\0{size}\0".encode())
        with path.open("rb") as fh:
            digest.update(fh.read(sample))
            if size > sample:
                fh.seek(max(sample, size - sample))
                digest.update(fh.read(sample))
    return digest.hexdigest()[:16]


def _key(kind: str, *parts: Any) -> str:
    return cache_key(kind, VERSIONS[kind], *parts)


def summary_key(article_id: str, language: str, algorithm: str, size: int,
                blocks: Iterable = ()) -> str:
    """`blocks` (the article's block structure) decides which sentences may compete."""
    structure = [[b.start, b.end, b.kind] for b in blocks]
    return _key("summary", article_id, language, algorithm, size, structure)


def translation_keys(model: ModelIdentity, source: str, target: str,
                     texts: list[str]) -> list[str]:
    """One key per sentence: the same sentence in another article is translated once.
    The pair is part of the key because one multilingual model serves many pairs."""
    return [
        _key("translation", hashlib.sha256(text.encode("utf-8")).hexdigest(), model.name,
             model.backend, model.settings, f"{source}>{target}")
        for text in texts
    ]


def entities_key(content_id: str, model: ModelIdentity, aggregation: str) -> str:
    """The spans of a text before any score threshold, so every threshold shares them."""
    return _key("entities", content_id, model.name, model.backend, model.settings,
                aggregation)


def language_key(text: str) -> str:
    """The detected language of a cleaned text is a function of the text alone."""
    return _key("language", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def sentences_key(content_id: str, language: str) -> str:
    return _key("sentences", content_id, language)


class ResultCache:
    """Typed access to cached results over a Store; with no store, nothing is kept."""

    def __init__(self, store: Any | None) -> None:
        self.store = store

    def summary(self, key: str) -> Summary | None:
        return _decode_summary(self.store.cache_get(key)) if self.store is not None else None

    def put_summary(self, key: str, summary: Summary) -> None:
        if self.store is not None:
            self.store.cache_put(key, {
                "algorithm": summary.algorithm, "language": summary.language,
                "sentences": [[s.start, s.end, s.text] for s in summary.sentences],
                "note": summary.note,
            })

    def translations(self, keys: Iterable[str]) -> dict[str, str]:
        """The translations cached under `keys` (missing ones left out)."""
        if self.store is None:
            return {}
        found = self.store.cache_get_many(sorted(set(keys)))
        return {k: v for k, v in found.items() if isinstance(v, str)}

    def put_translations(self, items: dict[str, str]) -> None:
        if self.store is not None and items:
            self.store.cache_put_many(items)

    def entities(self, key: str, text: str) -> list[EntitySpan] | None:
        """Cached spans of `text`; None when absent or when they do not fit the text."""
        return _decode_spans(self.store.cache_get(key), text) if self.store is not None else None

    def put_entities(self, key: str, spans: list[EntitySpan]) -> None:
        if self.store is not None:
            self.store.cache_put(key, [[s.start, s.end, s.label, s.score] for s in spans])

    def detect_language(self, text: str) -> tuple[str, str | None]:
        """`language.detect(text)`, remembered: a text seen before needs no language model
        (loading it costs more than all the rest of a cached command line call)."""
        from reader.library.language import detect

        if self.store is None:
            return detect(text)
        key = language_key(text)
        found = self.store.cache_get(key)
        if (isinstance(found, list) and len(found) == 2 and isinstance(found[0], str)
                and isinstance(found[1], (str, type(None)))):
            return found[0], found[1]
        code, note = detect(text)
        self.store.cache_put(key, [code, note])
        return code, note

    def sentences(self, key: str, text: str) -> list[Sentence] | None:
        """Cached sentence offsets of `text`; None when absent or when they do not fit."""
        value = self.store.cache_get(key) if self.store is not None else None
        if not isinstance(value, list):
            return None
        try:
            pairs = [(int(start), int(end)) for start, end in value]
        except (TypeError, ValueError):
            return None
        if any(not 0 <= start < end <= len(text) for start, end in pairs):
            return None
        return [Sentence(start, end, text[start:end]) for start, end in pairs]

    def put_sentences(self, key: str, sentences: Iterable[Sentence]) -> None:
        if self.store is not None:
            self.store.cache_put(key, [[s.start, s.end] for s in sentences])

    def counts(self) -> dict[str, int]:
        """How many results of each kind are cached (every kind listed, zeros too)."""
        found = self.store.cache_counts() if self.store is not None else {}
        return {kind: int(found.get(kind, 0)) for kind in KINDS}

    def clear(self, kinds: Iterable[str] | None = None) -> int:
        """Delete the cached results of `kinds` (default: all); how many were deleted."""
        chosen = list(KINDS if kinds is None else kinds)
        unknown = [k for k in chosen if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown cache kind {unknown[0]!r}; kinds: {', '.join(KINDS)}")
        return self.store.cache_clear(chosen) if self.store is not None else 0


def _decode_summary(value: Any) -> Summary | None:
    try:
        return Summary(
            algorithm=value["algorithm"],
            language=value["language"],
            sentences=tuple(Sentence(int(a), int(b), str(t)) for a, b, t in value["sentences"]),
            note=value.get("note"),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _decode_spans(value: Any, text: str) -> list[EntitySpan] | None:
    if not isinstance(value, list):
        return None
    spans = []
    try:
        for start, end, label, score in value:
            if not (0 <= start < end <= len(text)):
                return None
            spans.append(EntitySpan(int(start), int(end), str(label), float(score),
                                    text[start:end]))
    except (TypeError, ValueError):
        return None
    return spans
