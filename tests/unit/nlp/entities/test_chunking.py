"""Sentence packing for the entity model: every token in exactly one chunk, within budget."""

from __future__ import annotations

import pytest

from reader.nlp.entities.chunking import Piece, batches, pack, split_sentence


def covered(chunks):
    return [(p.sentence, t) for chunk in chunks for p in chunk for t in range(p.first, p.last)]


def test_whole_sentences_are_packed_in_order_within_the_budget():
    sentences = [[0, 1, 2], [0, 0, 1], [0, 1], [0, 1, 2, 3]]
    chunks = pack(sentences, budget=6)
    assert chunks == [[Piece(0, 0, 3), Piece(1, 0, 3)], [Piece(2, 0, 2), Piece(3, 0, 4)]]
    assert covered(chunks) == [(s, t) for s, ids in enumerate(sentences) for t in range(len(ids))]


def test_a_long_sentence_is_cut_between_words():
    word_ids = [0, 0, 1, 1, 1, 2, 3, 3, 4]
    pieces = split_sentence(7, word_ids, budget=4)
    assert pieces == [Piece(7, 0, 2), Piece(7, 2, 6), Piece(7, 6, 9)]
    for piece in pieces[1:]:
        assert word_ids[piece.first] != word_ids[piece.first - 1]


def test_a_word_longer_than_the_budget_is_cut_inside():
    pieces = split_sentence(0, [0] * 7 + [1], budget=3)
    assert [(p.first, p.last) for p in pieces] == [(0, 3), (3, 6), (6, 8)]


def test_long_and_short_sentences_mixed_lose_and_duplicate_nothing():
    sentences = [list(range(n)) for n in (1, 9, 2, 0, 5, 13, 3)]
    for budget in (1, 2, 4, 5, 8, 30):
        chunks = pack(sentences, budget)
        assert all(sum(p.size for p in chunk) <= budget for chunk in chunks)
        assert covered(chunks) == [(s, t) for s, ids in enumerate(sentences)
                                   for t in range(len(ids))]


def test_batches_group_similar_lengths_and_keep_every_chunk():
    chunks = [[Piece(0, 0, n)] for n in (5, 1, 4, 2, 3)]
    grouped = batches(chunks, 2)
    assert sorted(i for b in grouped for i in b) == [0, 1, 2, 3, 4]
    assert grouped == [[1, 3], [4, 2], [0]]


def test_a_budget_below_one_token_is_refused():
    with pytest.raises(ValueError):
        split_sentence(0, [0, 1], budget=0)
