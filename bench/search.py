"""Full-text search time at 10,000 articles: `reader.library.search.search` per query.

Builds a state database of N articles (each 3 to 8 paragraphs of the English articles,
about 250 words, made unique), then times each query of a mixed set: a word in nearly
every article, a rarer one, two words, a phrase, a prefix, a word found nowhere. Each
query runs `--repeat` times; the table gives the median and the slowest, in ms, with the
number of hits (at most 20, the CLI's default).

    python bench/search.py [--articles 10000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpus import ROOT, english_articles

QUERIES = ("president", "ukraine troops", '"security guarantees"', "negotiat*",
           "zelensky putin macron", "uzhhorod", "xylophone")


def build(store, count: int) -> None:
    from reader.library import archive
    from reader.library.sources import article_from_text

    paragraphs = [p for a in english_articles() for p in a.text.split("\n") if 80 < len(p) < 1200]
    rng = random.Random(11)
    batch = []
    for n in range(count):
        text = "\n\n".join([f"Report {n}."] + rng.sample(paragraphs, rng.randint(3, 8)))
        batch.append(article_from_text(text, title=rng.choice(paragraphs)[:70], language="en"))
        if len(batch) == 500 or n == count - 1:
            store.write(lambda conn: [archive.insert(conn, a) for a in batch])
            batch = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from reader.library.search import search
    from reader.library.store import Store

    with tempfile.TemporaryDirectory() as work, Store(Path(work) / "bench.sqlite3") as store:
        started = time.perf_counter()
        build(store, args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        rows = []
        for query in QUERIES:
            times, hits = [], 0
            for _ in range(args.repeat):
                began = time.perf_counter()
                hits = len(search(store, query))
                times.append((time.perf_counter() - began) * 1000)
            rows.append((query, statistics.median(times), max(times), hits))
    print(f"\nsearch over {args.articles} articles, {args.repeat} runs per query, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print(f"{'query':<26} {'median ms':>10} {'max ms':>8} {'hits':>5}")
    print("-" * 52)
    for query, median, slowest, hits in rows:
        print(f"{query:<26} {median:>10.1f} {slowest:>8.1f} {hits:>5}")


if __name__ == "__main__":
    main()
