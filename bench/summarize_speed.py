"""Time every summary algorithm on English texts of a given length; prints a table.

The text is the seed article plus the English pages of the shared corpus (when present),
repeated until it reaches the length asked for, so long texts repeat sentences. The
machine may be shared: figures are noisy, and the table shows the median of the runs.

    .venv/bin/python bench/summarize_speed.py --words 2000 20000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from reader.nlp.sentences import split
from reader.nlp.summary.summarize import ALGORITHMS, summarize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "html"
ENGLISH_PAGES = ("nature.com.telescope", "reuters.com.parasite",
                 "theguardian.com.academics", "vice.com.amazon")


def base_text() -> str:
    parts = [sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")]
    try:
        import trafilatura
    except ImportError:
        return parts[0]
    for name in ENGLISH_PAGES:
        page = CORPUS / f"{name}.html"
        if page.is_file():
            parts.append(trafilatura.extract(page.read_text(encoding="utf-8", errors="replace")) or "")
    return "\n".join(p for p in parts if p)


def text_of(words: int, base: str) -> str:
    lines, count = [], 0
    while count < words:
        for line in base.splitlines():
            lines.append(line)
            count += len(line.split())
            if count >= words:
                break
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=5)
    parser.add_argument("--algorithms", nargs="+", default=list(ALGORITHMS))
    args = parser.parse_args()
    base = base_text()
    summarize(base, "en", "lexrank")  # imports and caches outside the timings
    texts = {n: text_of(n, base) for n in args.words}
    header = "algorithm  " + "".join(f"{n:>7} words" for n in args.words)
    print(header)
    print("(sentences)" + "".join(f"{len(split(t)):>13}" for t in texts.values()))
    for algorithm in args.algorithms:
        cells = []
        for text in texts.values():
            runs = []
            for _ in range(args.runs):
                start = time.perf_counter()
                summarize(text, "en", algorithm, sentences=args.sentences)
                runs.append(time.perf_counter() - start)
            cells.append(f"{statistics.median(runs):>12.2f}s")
        print(f"{algorithm:<11}" + "".join(cells), flush=True)


if __name__ == "__main__":
    main()
