"""Packing of tokenized sentences into model-sized chunks for entity tagging.

A token-classification model sees at most a few hundred tokens at once. Whole sentences
are packed, in document order, into chunks that fit that limit, so no sentence is cut at a
chunk border; a sentence longer than the limit is split between words (between tokens
only when a single word is longer than the limit). Every token of every sentence lands in
exactly one chunk, so no text is lost or tagged twice. Pure Python: no ML imports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """Tokens `first:last` of sentence number `sentence` (offsets are into the article)."""

    sentence: int
    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first


def split_sentence(sentence: int, word_ids: list[int | None], budget: int) -> list[Piece]:
    """Cut one sentence's tokens into pieces of at most `budget` tokens, between words."""
    if budget < 1:
        raise ValueError("the chunk budget must allow at least one token")
    count = len(word_ids)
    pieces, first = [], 0
    while count - first > budget:
        cut = first + budget
        while cut > first + 1 and _inside_word(word_ids, cut):
            cut -= 1
        if cut == first + 1 and _inside_word(word_ids, cut):
            cut = first + budget  # one word longer than the budget: cut inside it
        pieces.append(Piece(sentence, first, cut))
        first = cut
    if count > first:
        pieces.append(Piece(sentence, first, count))
    return pieces


def _inside_word(word_ids: list[int | None], index: int) -> bool:
    """Whether token `index` continues the word of the token before it."""
    return word_ids[index] is not None and word_ids[index] == word_ids[index - 1]


def pack(word_ids_per_sentence: list[list[int | None]], budget: int) -> list[list[Piece]]:
    """Greedy, in document order: whole sentences fill a chunk until the next would not fit."""
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    used = 0
    for index, word_ids in enumerate(word_ids_per_sentence):
        for piece in split_sentence(index, word_ids, budget):
            if current and used + piece.size > budget:
                chunks.append(current)
                current, used = [], 0
            current.append(piece)
            used += piece.size
    if current:
        chunks.append(current)
    return chunks


def batches(chunks: list[list[Piece]], batch_size: int) -> list[list[int]]:
    """Chunk indices grouped into batches of similar length, so little padding is computed."""
    order = sorted(range(len(chunks)), key=lambda i: sum(p.size for p in chunks[i]))
    return [order[i : i + batch_size] for i in range(0, len(order), max(1, batch_size))]
