"""Words of scripts written without spaces, for ranking sentences.

Chinese goes through jieba and Japanese through tinysegmenter (the segmenters sumy itself
uses for these languages); both are imported on first use (jieba takes a third of a second
to import and two to load its dictionary), quietly, and jieba keeps its dictionary cache in
reader's cache folder. Other unspaced text (Thai, Lao, Khmer, Burmese, or Han in an
article of another language) has no segmenter here: its runs become overlapping
character pairs, so two sentences about the same thing still share "words".
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Callable

SEGMENTED = frozenset({"zh", "ja"})
_lock = threading.Lock()
_segmenters: dict[str, Callable[[str], list[str]] | None] = {}


def pairs(run: str) -> list[str]:
    """Overlapping character pairs of a run (the run itself when one character long)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def segment(run: str, language: str) -> list[str]:
    """The words of a run of unspaced characters in an article in `language`."""
    cut = segmenter(language) if language in SEGMENTED else None
    if cut is None:
        return pairs(run)
    return [w for w in cut(run) if w.strip() and any(ch.isalnum() for ch in w)]


def segmenter(language: str) -> Callable[[str], list[str]] | None:
    """The segmenter for "zh" or "ja", loaded once; None when its package is missing."""
    with _lock:
        if language not in _segmenters:
            _segmenters[language] = _load(language)
        return _segmenters[language]


def _load(language: str) -> Callable[[str], list[str]] | None:
    with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        try:
            if language == "zh":
                return _jieba()
            import tinysegmenter
        except ImportError:
            return None
    return tinysegmenter.TinySegmenter().tokenize


def _jieba() -> Callable[[str], list[str]]:
    import jieba

    from reader.locations import cache_dir

    jieba.setLogLevel(logging.CRITICAL)  # it announces its dictionary on stderr
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(folder)
    except OSError:
        pass  # jieba then keeps its cache in the system's temporary folder
    return jieba.dt.lcut
