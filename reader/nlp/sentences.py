"""The one sentence splitter of the project, shared by summaries, translation and entities.

Sentences never cross a line break, so paragraph structure survives translation, and each
sentence carries character offsets into the text it was split from.
"""

from __future__ import annotations

import re
import threading

from reader.library.article import Sentence

# Languages pysbd has rules for; others use the English rules, which split on . ! ? and
# the CJK full stops well enough for summaries.
PYSBD_LANGUAGES = frozenset(
    "en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split()
)
_PARAGRAPH = re.compile(r"[^\n]+")
_FALLBACK = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+[\"'”’»)\]]*|$)")


_local = threading.local()


def _segmenter(language: str):
    """One pysbd segmenter per thread and language: a segmenter keeps the text it works on."""
    cache = _local.__dict__.setdefault("segmenters", {})
    if language not in cache:
        import pysbd

        cache[language] = pysbd.Segmenter(language=language, clean=False)
    return cache[language]


def _pieces(paragraph: str, language: str) -> list[str]:
    lang = language if language in PYSBD_LANGUAGES else "en"
    try:
        return _segmenter(lang).segment(paragraph)
    except Exception:  # pysbd has rare regex failures on odd input; fall back to rules
        return _FALLBACK.findall(paragraph)


def split(text: str, language: str = "en") -> list[Sentence]:
    """Split `text` into sentences with offsets such that text[start:end] == sentence.text."""
    sentences: list[Sentence] = []
    for para in _PARAGRAPH.finditer(text):
        if not para.group().strip():
            continue
        base, body, cursor = para.start(), para.group(), 0
        for piece in _pieces(body, language):
            piece = piece.strip()
            if not piece:
                continue
            found = body.find(piece, cursor)
            if found < 0:
                continue
            sentences.append(Sentence(base + found, base + found + len(piece), piece))
            cursor = found + len(piece)
        rest = body[cursor:].strip()
        if rest:  # anything pysbd dropped or altered stays covered, never lost
            found = body.find(rest, cursor)
            sentences.append(Sentence(base + found, base + found + len(rest), rest))
    return sentences
