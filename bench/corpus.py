"""The English articles the benchmarks run on: the seeds and the shared HTML corpus.

Shared by the benchmark scripts, which are run as `python bench/NAME.py` and so import it
by its bare name.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "html"


def english_articles() -> list:
    """Every English article of the seeds and the corpus, in file order."""
    sys.path.insert(0, str(ROOT))
    from reader.library.sources import load

    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(CORPUS.glob("*.html"))
    return [a for a in (load(path) for path in files) if a.language == "en"]
