"""Sentence-aligned translation: cache, batch by length, split what is too long, stream.

`translate_sentences` is a generator. It yields one `Pair` per input sentence, in document
order, as soon as every sentence before it is known; it computes a batch only when the
consumer asks for a pair that is not known yet. A consumer that stops iterating (the UI
moving to another article) therefore stops the work between two batches. Each finished
batch goes into the store at once, so work done before a cancel is never lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reader.errors import ReaderError
from reader.library.article import Sentence
from reader.library.cache import ModelIdentity, ResultCache, translation_keys
from reader.library.language import writes_without_spaces
from reader.nlp.translate.base import Pair

DEFAULT_BATCH = 16
FIRST_BATCH = 1  # alone, so the first sentence shows quickly
WINDOW = 4  # sort by length within windows of WINDOW batches, keeping streaming order

# Each pattern partitions a text: its matches, joined, give the text back.
_CLAUSE = re.compile(r"[^,;:，；：、]+[,;:，；：、]*\s*|[,;:，；：、]+\s*")
_SPACE = re.compile(r"\S+\s*|\s+")


def identity(translator) -> ModelIdentity:
    """The translator as the cache knows it: name, backend, fingerprint and settings."""
    return ModelIdentity(translator.model_id, translator.backend,
                         getattr(translator, "settings", ""))


def cache_keys(translator, texts: list[str]) -> list[str]:
    return translation_keys(identity(translator), getattr(translator, "source", ""),
                            getattr(translator, "target", ""), texts)


def _pack(parts: list[str], fits) -> list[str]:
    pieces: list[str] = []
    current = ""
    for part in parts:
        if current and not fits(current + part):
            pieces.append(current)
            current = part
        else:
            current += part
    if current:
        pieces.append(current)
    return pieces


def split_long(text: str, count_tokens, budget: int) -> list[str]:
    """`text` in pieces of at most `budget` tokens: at clause marks, then spaces, then
    characters. Pieces are stripped; they cover all of the text's words in order."""
    if len(text) + 1 <= budget or count_tokens(text) <= budget:
        return [text]

    def fits(piece: str) -> bool:
        return count_tokens(piece.strip()) <= budget

    out: list[str] = []
    for level in (_CLAUSE, _SPACE):
        parts = level.findall(text)
        if len(parts) > 1:
            break
    else:
        parts = list(text)
    for piece in _pack(parts, fits):
        if not piece.strip():
            continue
        if fits(piece) or len(piece) <= 1:
            out.append(piece.strip())
        else:
            out.extend(split_long(piece.strip(), count_tokens, budget))
    return out


def _plan(todo: list[int], texts: list[str], batch: int, first: int) -> Iterator[list[int]]:
    """Batches of indices: the first few sentences first, then windows sorted by length."""
    head, rest = todo[:first], todo[first:]
    if head:
        yield head
    for w in range(0, len(rest), batch * WINDOW):
        window = sorted(rest[w : w + batch * WINDOW], key=lambda i: len(texts[i]))
        for b in range(0, len(window), batch):
            yield sorted(window[b : b + batch])


def translate_texts(translator, texts: list[str]) -> list[str]:
    """Translate whole sentences, splitting over-long ones and joining their pieces."""
    limit = getattr(translator, "max_tokens", None)
    count = getattr(translator, "count_tokens", None)
    spans: list[tuple[int, int]] = []
    flat: list[str] = []
    for text in texts:
        pieces = split_long(text, count, max(4, limit // 2)) if limit and count else [text]
        spans.append((len(flat), len(flat) + len(pieces)))
        flat.extend(pieces)
    out = translator.translate(flat) if flat else []
    if len(out) != len(flat):
        raise ReaderError(
            f"{translator.backend} returned {len(out)} translations for {len(flat)} sentences"
        )
    glue = "" if writes_without_spaces(translator.target) else " "
    return [glue.join(p.strip() for p in out[a:b] if p.strip()) for a, b in spans]


def translate_sentences(
    translator, sentences: Iterable[Sentence], *, store=None, batch_size: int | None = None,
    first_batch: int = FIRST_BATCH,
) -> Iterator[Pair]:
    """Yield a Pair per sentence, in document order, 1:1, cached per sentence in `store`.

    The first `first_batch` sentences go alone, so a reader sees the first translation
    quickly; a caller that only wants the whole result (the CLI) passes 0, which saves
    that extra small batch."""
    sentences = list(sentences)
    texts = [s.text for s in sentences]
    cache = ResultCache(store)
    keys = cache_keys(translator, texts) if store is not None else []
    found = cache.translations(keys)
    done = {i: found[k] for i, k in enumerate(keys) if k in found}
    todo = [i for i in range(len(texts)) if i not in done]
    # Asking the translator its batch size may open its model: only when there is work.
    batch = (batch_size or getattr(translator, "batch_size", None) or DEFAULT_BATCH) if todo else 1
    emitted = 0
    plan = _plan(todo, texts, batch, first_batch)
    while emitted < len(sentences):
        while emitted not in done:
            indices = next(plan)
            results = translate_texts(translator, [texts[i] for i in indices])
            done.update(zip(indices, results))
            if keys:
                cache.put_translations({keys[i]: done[i] for i in indices})
        s = sentences[emitted]
        yield Pair(s.start, s.end, s.text, done[emitted])
        emitted += 1
