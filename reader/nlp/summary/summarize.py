"""Extractive summaries: the article's own sentences, chosen by one of sumy's algorithms.

Sentences come from the project's splitter, so every chosen sentence is returned verbatim
with its offsets into the text. sumy only ranks: its document model is built here from
those sentences (one paragraph per line of text), and each sumy sentence carries the index
of ours, compared by identity, so repeated sentences never get confused. LexRank,
TextRank, Reduction, LSA, KL and SumBasic run as the faster drop-ins of
`reader.nlp.summary.speedups`, which choose the same sentences as sumy's own classes. A
long article is ranked over a shortlist of its sentences (`bounds`), so no summary costs
more than a bounded amount of memory and time.

Edmundson needs word lists sumy leaves to the caller. Here: null words are the language's
stop words (for languages without any: words found in more than half the sentences);
bonus words are the title's words plus the ten most frequent content words; stigma words
are not used (a placeholder that never matches, because sumy insists on a non-empty set).
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections import Counter
from collections.abc import Sequence

from reader.library.article import Block, Summary
from reader.library.blocks import locate
from reader.nlp import sentences as splitter
from reader.nlp.summary import bounds
from reader.nlp.summary.candidates import candidates
from reader.nlp.summary.choices import (  # noqa: F401 (part of this module's interface)
    ALGORITHMS, DEFAULT_ALGORITHM, DEFAULT_SENTENCES, InvalidSummaryRequest, check_algorithm,
)
from reader.nlp.summary.tokenize import LanguageTools, WordTokenizer, language_tools

NEEDS_NUMPY = frozenset({"lexrank", "lsa", "textrank"})
BONUS_WORDS = 10
_NEVER_A_WORD = "\x00"  # the tokenizer never yields control characters
_WARNINGS = threading.Lock()

_CLASSES = {
    "lexrank": ("reader.nlp.summary.speedups", "MatrixLexRankSummarizer"),
    "lsa": ("reader.nlp.summary.speedups", "MatrixLsaSummarizer"),
    "textrank": ("reader.nlp.summary.speedups", "MatrixTextRankSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "edmundson": ("sumy.summarizers.edmundson", "EdmundsonSummarizer"),
    "kl": ("reader.nlp.summary.speedups", "BoundedKLSummarizer"),
    "sumbasic": ("reader.nlp.summary.speedups", "BoundedSumBasicSummarizer"),
    "reduction": ("reader.nlp.summary.speedups", "MatrixReductionSummarizer"),
}


def summary_size(total: int, sentences: int | None = None, ratio: float | None = None) -> int:
    """How many of `total` sentences to keep: a count or a ratio, at least 1, at most all."""
    if sentences is not None and ratio is not None:
        raise InvalidSummaryRequest("give a sentence count or a ratio, not both")
    if ratio is not None:
        if not 0 < ratio <= 1:
            raise InvalidSummaryRequest(f"summary ratio must be above 0 and at most 1, not {ratio}")
        wanted = max(1, int(total * ratio + 0.5))
    else:
        wanted = DEFAULT_SENTENCES if sentences is None else sentences
        if isinstance(wanted, bool) or not isinstance(wanted, int) or wanted < 1:
            raise InvalidSummaryRequest(f"summary length must be at least 1 sentence, not {wanted}")
    return min(wanted, total)


def summarize(
    text: str,
    language: str = "en",
    algorithm: str = DEFAULT_ALGORITHM,
    *,
    sentences: int | None = None,
    ratio: float | None = None,
    title: str | None = None,
    blocks: Sequence[Block] | None = None,
) -> Summary:
    """Summarize `text` with the named algorithm; `title` helps Edmundson when given.

    Only whole sentences of the body compete (see `candidates`); `blocks` is the text's
    block structure (`Article.blocks`), judged from the text itself when not given.
    """
    name = check_algorithm(algorithm)
    tools = language_tools(language)
    split = splitter.split(text, language)
    pool, pool_note = candidates(split, locate(text) if blocks is None else blocks,
                                 tools.language)
    ours = [split[i] for i in pool]
    count = summary_size(len(ours), sentences, ratio)
    notes = [tools.note, pool_note]
    if count == len(ours):
        chosen = list(range(count))
    else:
        chosen, problem = _rank(name, text, ours, tools, count, title)
        notes.append(problem)
    picked = tuple(ours[i] for i in sorted(chosen))
    note = "; ".join(n for n in notes if n) or None
    return Summary(name, tools.language, picked, note)


def _rank(name, text, ours, tools: LanguageTools, count, title) -> tuple[list[int], str | None]:
    """Indexes of the `count` best sentences, and a note when ranking had to fall back or
    was limited to a shortlist of a long article's sentences (see `bounds`)."""
    tokenizer = WordTokenizer(tools.language)
    kept = bounds.shortlist(name, [s.text for s in ours], tokenizer.to_words, tools.stop_words)
    if kept is None:
        return _rank_all(name, text, ours, tools, count, title, tokenizer)
    chosen, problem = _rank_all(name, text, [ours[i] for i in kept], tools, count, title,
                                tokenizer)
    return [kept[i] for i in chosen], "; ".join(filter(None, [bounds.note(name, len(ours)),
                                                              problem]))


def _rank_all(name, text, ours, tools: LanguageTools, count, title,
              tokenizer) -> tuple[list[int], str | None]:
    document = _document(text, ours, tokenizer, title)
    stop = tools.stop_words
    if not any(w not in stop for s in document.sentences for w in s.words):
        return list(range(count)), "too few words to rank sentences: the first ones are shown"
    if name in NEEDS_NUMPY and not _has_numpy():
        note = f"{name} needs numpy, which is not installed: the first sentences are shown"
        return list(range(count)), note
    summarizer = _summarizer(name, tools, document, title, tokenizer)
    try:
        with _numpy_quiet():  # a degenerate document divides by zero in sumy's LexRank
            best = (_quietly(summarizer, document, count) if name == "lsa"
                    else summarizer(document, count))
    except Exception:  # a degenerate document can break sumy's arithmetic; never crash
        best = ()
    chosen = list(dict.fromkeys(s.index for s in best))[:count]
    if len(chosen) == count:
        return chosen, None
    taken = set(chosen)
    rest = [i for i in range(len(ours)) if i not in taken]
    chosen += rest[: count - len(chosen)]
    return chosen, f"{name} could not rank every sentence: the first ones fill the summary"


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def _numpy_quiet():
    """numpy's floating-point warnings off for this thread (they would reach the terminal)."""
    try:
        import numpy
    except ImportError:
        return contextlib.nullcontext()
    return numpy.errstate(divide="ignore", invalid="ignore", over="ignore")


def _quietly(summarizer, document, count):
    """Run LSA without its warning about short texts, which would land on the terminal."""
    with _WARNINGS, warnings.catch_warnings():  # warning filters are process-wide
        warnings.simplefilter("ignore")
        return summarizer(document, count)


def _document(text, ours, tokenizer, title):
    """sumy's document model: one paragraph per line of text, the title as a heading."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph

    indexed = _indexed_sentence_class()
    paragraphs: list[list] = []
    for index, sentence in enumerate(ours):
        if index == 0 or "\n" in text[ours[index - 1].end : sentence.start]:
            paragraphs.append([])
        paragraphs[-1].append(indexed(sentence.text, tokenizer, index))
    if title and title.strip() and paragraphs:
        paragraphs[0].insert(0, indexed(title.strip(), tokenizer, -1, is_heading=True))
    return ObjectDocumentModel(Paragraph(p) for p in paragraphs)


_INDEXED = None


def _indexed_sentence_class():
    """A sumy Sentence that remembers our index and is equal only to itself."""
    global _INDEXED
    if _INDEXED is None:
        from sumy.models.dom import Sentence as SumySentence

        class IndexedSentence(SumySentence):
            __slots__ = ("index",)

            def __init__(self, text, tokenizer, index, is_heading=False):
                super().__init__(text, tokenizer, is_heading)
                self.index = index

            __eq__ = object.__eq__
            __ne__ = object.__ne__
            __hash__ = object.__hash__

        _INDEXED = IndexedSentence
    return _INDEXED


def _summarizer(name, tools: LanguageTools, document, title, tokenizer):
    import importlib

    from sumy.nlp.stemmers import null_stemmer

    module, cls = _CLASSES[name]
    summarizer = getattr(importlib.import_module(module), cls)(tools.stemmer or null_stemmer)
    if name != "edmundson":
        summarizer.stop_words = tools.stop_words
        return summarizer
    null = tools.stop_words or _common_words(document)
    summarizer.null_words = null | {_NEVER_A_WORD}
    summarizer.bonus_words = _bonus_words(document, null, summarizer.stem_word, title, tokenizer)
    summarizer.stigma_words = {_NEVER_A_WORD}
    return summarizer


def _common_words(document) -> frozenset[str]:
    """Words in more than half the sentences: stand-ins for stop words a language lacks."""
    sentences = document.sentences
    if len(sentences) < 4:
        return frozenset()
    seen = Counter(w for s in sentences for w in set(s.words))
    return frozenset(w for w, n in seen.items() if n * 2 > len(sentences))


def _bonus_words(document, null, stem, title, tokenizer) -> set[str]:
    """The title's words and the most frequent content words, as written (sumy stems them)."""
    by_stem: Counter[str] = Counter()
    written: dict[str, str] = {}
    for word in (w for s in document.sentences for w in s.words if w not in null):
        key = stem(word)
        by_stem[key] += 1
        written.setdefault(key, word)
    bonus = {written[k] for k, _ in by_stem.most_common(BONUS_WORDS)}
    if title:
        bonus.update(w for w in tokenizer.to_words(title) if w not in null)
    return bonus or {_NEVER_A_WORD}
