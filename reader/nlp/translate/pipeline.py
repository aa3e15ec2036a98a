"""Sentence-aligned translation: cache, batch by length, split what is too long, stream.

`translate_sentences` is a generator. It yields one `Pair` per input sentence, in document
order, as soon as every sentence before it is known. Batches are started `DEPTH` at a
time (`stream_batches`): a backend that translates in the background (CTranslate2) runs
the next batch while the reader shows the one before, and one that does not computes a
batch only when its pairs are asked for. A consumer that stops iterating (the UI moving
to another article) therefore stops the work within two batches. Each finished batch goes
into the store at once, so work done before a cancel is never lost.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from reader.errors import ReaderError
from reader.library.article import Sentence
from reader.library.cache import ModelIdentity, ResultCache, translation_keys
from reader.library.language import writes_without_spaces
from reader.nlp.translate.base import Pair

DEFAULT_BATCH = 16
FIRST_BATCH = 1  # alone, so the first sentence shows quickly
WINDOW = 4  # sort by length within windows of WINDOW batches, keeping streaming order
DEPTH = 3  # batches started ahead: the first small one runs beside the next ones
SIDE_BY_SIDE = 2  # batches a backend runs at once (CTranslate2: one per core, two cores)

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


def plan(todo: list[int], texts, batch: int, first: int) -> Iterator[list[int]]:
    """Batches of indices: the first few sentences first, then windows sorted by length."""
    head, rest = todo[:first], todo[first:]
    if head:
        yield head
    batch = max(1, min(batch, -(-len(rest) // SIDE_BY_SIDE)))  # a short rest still splits
    for w in range(0, len(rest), batch * WINDOW):
        window = sorted(rest[w : w + batch * WINDOW], key=lambda i: len(texts[i]))
        for b in range(0, len(window), batch):
            yield sorted(window[b : b + batch])


def submit_texts(translator, texts: list[str]) -> Callable[[], list[str]]:
    """Start translating whole sentences (over-long ones split, their pieces joined);
    calling the result waits for the translations. A translator with `submit` (CTranslate2)
    works in the background meanwhile; any other works when the result is called."""
    limit = getattr(translator, "max_tokens", None)
    count = getattr(translator, "count_tokens", None)
    spans: list[tuple[int, int]] = []
    flat: list[str] = []
    for text in texts:
        pieces = split_long(text, count, max(4, limit // 2)) if limit and count else [text]
        spans.append((len(flat), len(flat) + len(pieces)))
        flat.extend(pieces)
    send = getattr(translator, "submit", None)
    if not flat:
        pending = list
    elif send is not None:
        pending = send(flat)
    else:
        def pending() -> list[str]:
            return translator.translate(flat)

    def finish() -> list[str]:
        out = pending()
        if len(out) != len(flat):
            raise ReaderError(f"{translator.backend} returned {len(out)} translations "
                              f"for {len(flat)} sentences")
        glue = "" if writes_without_spaces(translator.target) else " "
        return [glue.join(p.strip() for p in out[a:b] if p.strip()) for a, b in spans]

    return finish


def translate_texts(translator, texts: list[str]) -> list[str]:
    """Translate whole sentences, splitting over-long ones and joining their pieces."""
    return submit_texts(translator, texts)()


def stream_batches(translator, items: dict[int, str], *, batch: int | None = None,
                   first: int = FIRST_BATCH, depth: int = DEPTH) -> Iterator[list[tuple[int, str]]]:
    """The translations of `items` (sentence index -> text), a batch at a time, earliest
    sentences first, as [(index, translation), ...].

    `depth` batches are started ahead, so a translator that works in the background keeps
    every core busy while the first small batch (`first` sentences, shown at once) runs
    beside the next full one instead of before it."""
    batch = batch or getattr(translator, "batch_size", None) or DEFAULT_BATCH
    running: deque = deque()
    for indices in plan(sorted(items), items, batch, first):
        running.append((indices, submit_texts(translator, [items[i] for i in indices])))
        if len(running) >= depth:
            indices, finish = running.popleft()
            yield list(zip(indices, finish()))
    while running:
        indices, finish = running.popleft()
        yield list(zip(indices, finish()))


def translate_sentences(
    translator, sentences: Iterable[Sentence], *, store=None, batch_size: int | None = None,
    first_batch: int = FIRST_BATCH,
) -> Iterator[Pair]:
    """Yield a Pair per sentence, in document order, 1:1, cached per sentence in `store`.

    The first `first_batch` sentences go alone, so a reader sees the first translation
    quickly; a caller that only wants the whole result (the CLI) passes 0. A translator
    with `stream` (one in the model process) computes the batches itself."""
    sentences = list(sentences)
    texts = [s.text for s in sentences]
    cache = ResultCache(store)
    keys = cache_keys(translator, texts) if store is not None else []
    found = cache.translations(keys)
    done = {i: found[k] for i, k in enumerate(keys) if k in found}
    todo = {i: texts[i] for i in range(len(texts)) if i not in done}
    if not todo:
        batches = iter(())
    elif hasattr(translator, "stream"):
        batches = translator.stream(todo, first_batch)
    else:
        batches = stream_batches(translator, todo, batch=batch_size, first=first_batch)
    emitted = 0
    try:
        while emitted < len(sentences):
            while emitted not in done:
                results = dict(next(batches))
                done.update(results)
                if keys:
                    cache.put_translations({keys[i]: out for i, out in results.items()})
            s = sentences[emitted]
            yield Pair(s.start, s.end, s.text, done[emitted])
            emitted += 1
    finally:
        getattr(batches, "close", lambda: None)()
