"""Summary time per algorithm and text length: reader's summarize() against sumy called
directly on the same text, and re-opening a computed summary from the store's cache.

Texts of 500, 2,000, 5,000 and 20,000 words are built from the English pages of the corpus
(cleaned by reader's own loader; pages repeat when the corpus is shorter than asked). The
direct sumy run uses sumy's own summarizer classes (reader runs faster subclasses of
five of them that pick the same sentences), otherwise like for like: PlaintextParser with reader's tokenizer (same sentence
splitter and words, no NLTK data needed), English stemmer and stop words, and for
Edmundson the same kind of word lists. "cache" is Store.cache_get of a stored summary plus
decoding it, the path the UI and `reader summarize` take on a second visit.

The machine is shared and noisy: figures are medians of --runs runs (a single run once one
takes longer than --slow seconds), in milliseconds. A run (reader's or sumy's) whose time,
scaled quadratically from the previous size, would exceed --budget seconds is skipped at
that size (sumy's KL-Sum grows faster than quadratically with the number of sentences).

    python bench/summaries.py [--runs 3] [--sizes 500,2000,5000,20000] [--sentences 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.nlp.summary.summarize import ALGORITHMS, summarize  # noqa: E402


def english_text(words: int) -> str:
    """About `words` words of English article text, cut at a paragraph boundary."""
    from reader.library import sources

    corpus = ROOT.parent / "shared" / "corpus" / "html"
    pages = [sources.load(p) for p in sorted(corpus.glob("*.htm*"))]
    pages = [p for p in pages if p.language == "en"] or [
        sources.load(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out, count, i = [], 0, 0
    while count < words:
        for para in pages[i % len(pages)].text.split("\n"):
            if para.strip():
                out.append(para)
                count += len(para.split())
                if count >= words:
                    break
        i += 1
    return "\n".join(out)


SUMY_CLASSES = {  # sumy's own classes, not reader's faster subclasses of them
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "edmundson": ("sumy.summarizers.edmundson", "EdmundsonSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "reduction": ("sumy.summarizers.reduction", "ReductionSummarizer"),
}


def sumy_direct(text: str, algorithm: str, count: int) -> list:
    """sumy on its own, with reader's tokenizer so that neither side needs NLTK data."""
    import importlib

    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.utils import get_stop_words

    from reader.nlp.summary.tokenize import WordTokenizer

    document = PlaintextParser.from_string(text, WordTokenizer("en")).document
    module, cls = SUMY_CLASSES[algorithm]
    summarizer = getattr(importlib.import_module(module), cls)(Stemmer("english"))
    stop = frozenset(get_stop_words("english"))
    if algorithm == "edmundson":
        frequent = Counter(w for s in document.sentences for w in s.words if w not in stop)
        summarizer.null_words = stop
        summarizer.bonus_words = {w for w, _ in frequent.most_common(10)}
        summarizer.stigma_words = {"\x00"}
    else:
        summarizer.stop_words = stop
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(summarizer(document, count))


def timed(func, runs: int, slow: float) -> float:
    """Median wall time of `func()` in ms; stops repeating once a run exceeds `slow` s."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        if times[-1] > slow:
            break
    return statistics.median(times) * 1000


def cache_reopen(text: str, count: int, runs: int) -> float:
    """ms to read a computed summary back from a fresh Store and decode it."""
    from reader.library.article import Article
    from reader.library.cache import summary_key
    from reader.library.store import Store
    from reader.services import Services

    article = Article(id="bench", text=text, title="bench", language="en")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        with Store(db) as store:
            Services(store=store).summarize(article, "lexrank", count)
        key = summary_key(article.id, article.language, "lexrank", count)
        with Store(db) as store:
            def reopen():
                services = Services(store=store, summarizer=_never)
                assert services.store.cache_get(key) is not None
                services.summarize(article, "lexrank", count)
            return timed(reopen, max(runs, 20), 10.0)


def _never(*args, **kwargs):
    raise AssertionError("the cached summary was not used")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="500,2000,5000,20000")
    parser.add_argument("--sentences", type=int, default=5)
    parser.add_argument("--slow", type=float, default=20.0)
    parser.add_argument("--algorithms", default=",".join(ALGORITHMS))
    parser.add_argument("--budget", type=float, default=120.0,
                        help="skip an algorithm at a size whose estimated run exceeds this (s)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    algorithms = args.algorithms.split(",")

    rows, last = [], {}
    for size in sizes:
        text = english_text(size)
        summarize(text[:2000], "en", "luhn")  # warm imports, stemmer and splitter
        for algorithm in algorithms:
            runs = {
                "reader": lambda: summarize(text, "en", algorithm, sentences=args.sentences),
                "sumy": lambda: sumy_direct(text, algorithm, args.sentences),
            }
            times = {}
            for side, run in runs.items():
                previous = last.get((algorithm, side))
                if previous is not None:
                    estimate = previous[1] / 1000 * (size / previous[0]) ** 2
                    if estimate > args.budget:
                        times[side] = f"skip ~{estimate:.0f} s"
                        continue
                times[side] = timed(run, args.runs, args.slow)
                last[(algorithm, side)] = (size, times[side])
            rows.append((size, algorithm, times["reader"], times["sumy"]))
            print(f"  {size:>6} words {algorithm:<10} {times}", file=sys.stderr)
        rows.append((size, "cache hit", cache_reopen(text, args.sentences, args.runs), None))

    print(f"\nSummary time in ms, median of up to {args.runs} runs, {args.sentences} "
          "sentences, English text; shared noisy machine; 'skip' marks a run whose "
          f"quadratic estimate from the previous size is over --budget {args.budget:.0f} s\n")
    head = f"{'words':>6}  {'algorithm':<10} {'reader':>10} {'sumy direct':>12} {'ratio':>6}"
    print(head)
    print("-" * len(head))
    for size, algorithm, ours, direct in rows:
        both = isinstance(ours, float) and isinstance(direct, float)
        ratio = f"{ours / direct:6.2f}" if both else ""
        print(f"{size:>6}  {algorithm:<10} {_cell(ours, 10)} {_cell(direct, 12)} {ratio:>6}")


def _cell(value, width: int) -> str:
    if value is None:
        return " " * width
    if isinstance(value, float):
        return f"{value:{width}.{2 if value < 1 else 1}f}"
    return f"{value:>{width}}"

if __name__ == "__main__":
    main()
