"""Hostile inputs, generated on demand (nothing big is kept in the repository).

Shared by the hostile tests and bench/hostile.py: each maker writes its case into a
folder and returns the path to give the command.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

SENTENCES = "One sentence here. Two sentences here. Three. Four is here. Five ends it."

WORDS = "budget city road bus tax vote mayor council school river bridge market police court"


def short_sentences(folder: Path, count: int = 15_000, name: str = "s.txt") -> Path:
    """`count` short sentences from a 14-word vocabulary, ten to a paragraph: every
    sentence is similar to every other (the case that made summaries quadratic)."""
    rng, words = random.Random(1), WORDS.split()
    path = folder / name
    path.write_text("".join(
        " ".join(rng.choice(words) for _ in range(12)).capitalize() + ". "
        + "\n" * (i % 10 == 9) for i in range(count)))
    return path


def one_line(folder: Path, kind: str) -> Path:
    """One huge paragraph that sentence splitters find hard."""
    if kind == "dots":
        text = ". . . " * 20_000
    elif kind == "abbreviations":
        text = "Mr. Dr. Prof. U.S.A. e.g. i.e. " * 4_000
    else:
        rng = random.Random(2)
        text = " ".join("https://example.com/" + "/".join(
            "".join(rng.choice("abcdefghij.") for _ in range(8)) for _ in range(4))
            + f"?q={i}" for i in range(13_000))
    path = folder / f"{kind}.txt"
    path.write_text(text)
    return path


def many_lines(folder: Path, count: int = 100_000) -> Path:
    path = folder / "lines.txt"
    path.write_text("Title line\n" + "".join(f"Line number {i} has a few words in it.\n"
                                             for i in range(count)))
    return path


def table_page(rows: int, cols: int, wrap: str = "div") -> str:
    """Five sentences and a table of rows x cols cells (inside a `wrap` element)."""
    cells = "".join("<tr>" + "".join(f"<td>r{r}c{c}</td>" for c in range(cols)) + "</tr>"
                    for r in range(rows))
    return (f"<html><head><title>Table page</title></head><body><p>{SENTENCES}</p>"
            f"<{wrap}><table>{cells}</table></{wrap}></body></html>")


def gzip_bomb() -> bytes:
    """About 40 KB of gzip that expands to over 17 MB of page with five sentences in it."""
    return gzip.compress(b"<html><body><p>" + SENTENCES.encode() + b"</p>"
                         + b"<div>filler</div>" * 1_100_000 + b"</body></html>")
