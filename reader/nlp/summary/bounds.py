"""How much work one summary may take, whatever the length of the article.

The graph algorithms (LexRank, TextRank, Reduction) compare every pair of sentences, and
LSA decomposes a words x sentences matrix: their memory and time grow with the square of
the sentence count (15,000 short sentences took 7 GB). The others grow linearly but in
pure Python. So each algorithm ranks at most `SHORTLIST[name]` sentences. When an article
has more, the shortlist is its opening sentences (news puts the gist first) and those
closest to the article's centroid (the sum of its sentences' tf-idf word vectors), found
in one linear pass over at most `CONSIDERED` sentences, in document order; the caller
says so in the summary's note.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

SHORTLIST = {"lexrank": 1000, "textrank": 1000, "reduction": 1000, "lsa": 400}
"""Sentences ranked at most, by algorithm (see LINEAR for the others)."""
LINEAR = 5000
CONSIDERED = 20_000
"""Sentences scored for a shortlist at most: the first ones of a very long article."""
OPENING = 0.1
"""The share of a shortlist given to the article's first sentences."""


def limit(algorithm: str) -> int:
    return SHORTLIST.get(algorithm, LINEAR)


def shortlist(algorithm: str, sentences: Sequence[str], words: Callable[[str], Iterable[str]],
              stop_words: frozenset[str] = frozenset()) -> list[int] | None:
    """Indexes (in order) of the sentences `algorithm` should rank, or None for all."""
    most = limit(algorithm)
    if len(sentences) <= most:
        return None
    opening = max(1, int(most * OPENING))
    scores = _centroid_scores([Counter(w for w in words(s) if w not in stop_words)
                               for s in sentences[:CONSIDERED]])
    rest = sorted(range(opening, len(scores)), key=lambda i: (-scores[i], i))
    return sorted([*range(opening), *rest[: most - opening]])


def note(algorithm: str, total: int) -> str:
    among = f" among the first {CONSIDERED:,}" if total > CONSIDERED else ""
    return (f"long article: {algorithm} ranked {limit(algorithm):,} of its {total:,} sentences "
            f"(the opening ones and those{among} closest to its main words)")


def _centroid_scores(bags: list[Counter]) -> list[float]:
    """Cosine of each sentence's tf-idf vector with the sum of them all; linear time."""
    count = len(bags)
    seen: Counter = Counter()
    for bag in bags:
        seen.update(bag.keys())
    idf = {word: math.log(count / n) for word, n in seen.items()}
    centroid: Counter = Counter()
    for bag in bags:
        for word, n in bag.items():
            centroid[word] += n * idf[word]
    scores = []
    for bag in bags:
        weights = {word: n * idf[word] for word, n in bag.items()}
        norm = math.sqrt(sum(v * v for v in weights.values()))
        dot = sum(v * centroid[word] for word, v in weights.items())
        scores.append(dot / norm if norm else 0.0)
    return scores
