"""The summary algorithms by name, and the defaults, without the summarizers.

What the settings, the app's start and the command line need to know about summaries
(which algorithms there are, which one and how many sentences by default) lives here, so
knowing it costs nothing: `summarize.py` compiles tokenizers and pulls in sumy, which
only computing a summary should pay for.
"""

from __future__ import annotations

from reader.errors import ReaderError

ALGORITHMS = ("lexrank", "lsa", "textrank", "luhn", "edmundson", "kl", "sumbasic", "reduction")
DEFAULT_ALGORITHM = "lexrank"
DEFAULT_SENTENCES = 3


class InvalidSummaryRequest(ReaderError, ValueError):
    """An unknown algorithm or an impossible summary length."""


def check_algorithm(algorithm: str) -> str:
    """The canonical algorithm name, or InvalidSummaryRequest listing the valid ones."""
    name = (algorithm or "").strip().lower()
    if name not in ALGORITHMS:
        raise InvalidSummaryRequest(
            f"unknown summary algorithm {algorithm!r}; choose one of: {', '.join(ALGORITHMS)}"
        )
    return name
