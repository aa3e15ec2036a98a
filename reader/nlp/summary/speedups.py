"""Faster drop-in versions of three sumy summarizers that choose the same sentences.

KL and SumBasic pick sentences greedily, one per round, and rank each sentence by the
round it was picked in. sumy runs rounds until every sentence is picked, a cost that grows
with the cube of the article's length (KL took over nine minutes on 20,000 words), though
only the first rounds decide the summary. The bounded versions run the same rounds (the
loops follow sumy 0.13 line for line) and stop once enough sentences are picked; the
rest rank below them.

LexRank, TextRank and Reduction compare every pair of sentences in pure Python. The
matrix versions compute the same similarities with numpy matrix products (TextRank and
Reduction bit for bit: shared-word counts are exact and the remaining arithmetic is done
in sumy's order). Their sentences x words matrices hold at most `MAX_MATRIX_CELLS`:
beyond that only words found in two sentences or more get a column (the others cannot
link two sentences; their share of a sentence's norm or length is counted apart), and if
that is still too many, the most widespread of them. LSA's term weighting, a Python loop
over every cell in sumy, is one numpy expression here, over a dictionary held to the same
bound. `bounds.py` keeps the sentence count itself in check.
"""

from __future__ import annotations

import math
from collections import Counter

from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

MAX_MATRIX_CELLS = 8_000_000  # sentences x words: 64 MB of float64


class _Bounded:
    """Records how many sentences the current call needs before ratings are computed."""

    _limit: int | None = None

    def __call__(self, document, sentences_count):
        self._limit = sentences_count if isinstance(sentences_count, int) else None
        return super().__call__(document, sentences_count)

    def _rounds(self, total: int) -> int:
        return total if self._limit is None else min(self._limit, total)

    @staticmethod
    def _rank_the_rest(ratings: dict, sentences) -> dict:
        lowest = -len(sentences)
        for sentence in sentences:
            ratings.setdefault(sentence, lowest)
        return ratings


class BoundedKLSummarizer(_Bounded, KLSummarizer):
    def _compute_ratings(self, sentences):
        word_freq = self.compute_tf(sentences)
        ratings = {}
        summary = []
        sentences_list = list(sentences)
        sentences_as_words = [self._get_content_words_in_sentence(s) for s in sentences]
        for _ in range(self._rounds(len(sentences_list))):
            summary_as_word_list = self._get_all_words_in_doc(summary)
            kls = [
                self._kl_divergence(self._joint_freq(words, summary_as_word_list), word_freq)
                for words in sentences_as_words
            ]
            index = self._find_index_of_best_sentence(kls)
            best = sentences_list.pop(index)
            del sentences_as_words[index]
            summary.append(best)
            ratings[best] = -1 * len(ratings)
        return self._rank_the_rest(ratings, sentences)


class BoundedSumBasicSummarizer(_Bounded, SumBasicSummarizer):
    def _compute_ratings(self, sentences):
        word_freq = self._compute_tf(sentences)
        ratings = {}
        sentences_list = list(sentences)
        sentences_as_words = [self._get_content_words_in_sentence(s) for s in sentences]
        for _ in range(self._rounds(len(sentences_list))):
            index = self._find_index_of_best_sentence(word_freq, sentences_as_words)
            best = sentences_list.pop(index)
            ratings[best] = -len(ratings)
            self._update_tf(word_freq, sentences_as_words.pop(index))
        return self._rank_the_rest(ratings, sentences)


class MatrixLexRankSummarizer(LexRankSummarizer):
    @staticmethod
    def _compute_idf(sentences):
        count = len(sentences)
        seen = Counter(term for sentence in sentences for term in set(sentence))
        return {term: math.log(count / (1 + n)) for term, n in seen.items()}

    def _create_matrix(self, sentences, threshold, tf_metrics, idf_metrics):
        import numpy

        count, terms = len(sentences), {t: i for i, t in enumerate(idf_metrics)}
        norms = None
        if count * len(terms) > MAX_MATRIX_CELLS:
            norms = numpy.array([math.sqrt(sum((v * idf_metrics[t]) ** 2 for t, v in tf.items()))
                                 for tf in tf_metrics])
            kept = _linking_terms((tf.keys() for tf in tf_metrics), MAX_MATRIX_CELLS // count)
            terms = {t: i for i, t in enumerate(kept)}
        weights = numpy.zeros((count, len(terms)))
        for row, tf in enumerate(tf_metrics):
            for term, value in tf.items():
                if term in terms:
                    weights[row, terms[term]] = value * idf_metrics[term]
        if norms is None:
            norms = numpy.sqrt((weights * weights).sum(axis=1))
        both = numpy.outer(norms > 0, norms > 0)
        scale = numpy.where(both, numpy.outer(norms, norms), 1.0)
        cosine = numpy.where(both, (weights @ weights.T) / scale, 0.0)
        linked = (cosine > threshold).astype(float)
        degrees = linked.sum(axis=1)
        degrees[degrees == 0] = 1
        return linked / degrees[:, None]


def _linking_terms(sentence_terms, most: int) -> list:
    """Terms found in two sentences or more (only they link sentences), at most `most` of
    them: the most widespread first."""
    seen: Counter = Counter()
    for terms in sentence_terms:
        seen.update(set(terms))
    shared = [t for t, n in seen.most_common() if n > 1]
    return shared[:most]


def _shared_words(sentences_as_words):
    """Pairwise counts of shared words (sumy's edge rank) and log lengths; None without numpy."""
    try:
        import numpy
    except ImportError:
        return None
    bags = [Counter(words) for words in sentences_as_words]
    terms: dict[str, int] = {}
    for words in sentences_as_words:
        for word in words:
            terms.setdefault(word, len(terms))
    count = len(bags)
    diagonal = None
    if count * len(terms) > MAX_MATRIX_CELLS:
        diagonal = [float(sum(n * n for n in bag.values())) for bag in bags]
        terms = {t: i for i, t in enumerate(_linking_terms(bags, MAX_MATRIX_CELLS // count))}
    counts = numpy.zeros((count, len(terms)))
    for row, bag in enumerate(bags):
        for word, n in bag.items():
            if word in terms:
                counts[row, terms[word]] = n
    rank = counts @ counts.T
    if diagonal is not None:
        numpy.fill_diagonal(rank, diagonal)
    logs = numpy.array([math.log(len(w)) if w else 0.0 for w in sentences_as_words])
    return rank, logs[:, None] + logs[None, :]


class MatrixTextRankSummarizer(TextRankSummarizer):
    def _create_matrix(self, document):
        import numpy

        shared = _shared_words([self._to_words_set(s) for s in document.sentences])
        if shared is None:
            return super()._create_matrix(document)
        rank, norm = shared
        count = len(rank)
        with numpy.errstate(divide="ignore", invalid="ignore"):
            weights = numpy.where(
                rank == 0, 0.0, numpy.where(numpy.isclose(norm, 0.0), rank, rank / norm)
            )
        weights /= weights.sum(axis=1)[:, numpy.newaxis] + self._ZERO_DIVISION_PREVENTION
        return numpy.full((count, count), (1.0 - self.damping) / count) + self.damping * weights


class MatrixReductionSummarizer(ReductionSummarizer):
    def rate_sentences(self, document):
        sentences = document.sentences
        shared = _shared_words([self._to_words_set(s) for s in sentences])
        if shared is None or len(sentences) < 2:
            return super().rate_sentences(document)
        import numpy

        rank, norm = shared
        with numpy.errstate(divide="ignore", invalid="ignore"):
            edges = numpy.where((rank == 0) | (norm == 0.0), 0.0, rank / norm)
        numpy.fill_diagonal(edges, 0.0)
        totals = numpy.cumsum(edges, axis=1)[:, -1]  # in order, as sumy adds them up
        return {sentence: float(total) for sentence, total in zip(sentences, totals)}


class MatrixLsaSummarizer(LsaSummarizer):
    def _create_dictionary(self, document):
        """sumy's dictionary; past MAX_MATRIX_CELLS, its most frequent words only."""
        dictionary = super()._create_dictionary(document)
        most = MAX_MATRIX_CELLS // max(1, len(document.sentences))
        if len(dictionary) <= most:
            return dictionary
        counts = Counter(w for w in map(self.stem_word, map(self.normalize_word, document.words))
                         if w in dictionary)
        kept = sorted(counts, key=lambda w: (-counts[w], w))[:most]
        return {w: i for i, w in enumerate(kept)}

    def _compute_term_frequency(self, matrix, smooth=0.4):
        """sumy's smoothed maximum-tf weighting, cell by cell the same arithmetic."""
        peaks = matrix.max(axis=0)
        used = peaks != 0
        matrix[:, used] = smooth + (1.0 - smooth) * (matrix[:, used] / peaks[used])
        return matrix
