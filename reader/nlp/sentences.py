"""The one sentence splitter of the project, shared by summaries, translation and entities.

Sentences never cross a line break, so paragraph structure survives translation, and each
sentence carries character offsets into the text it was split from.

pysbd's rules are good and slow: its time grows faster than the length of what it is
handed ('. . . ' * 20000 in one paragraph took over a minute). So it is handed pieces of
at most `PIECE_CHARS`, cut after a likely sentence end (else at a space), and only the
first `PYSBD_CHARS` of an article; the rest is split at sentence punctuation by a
regular expression, in linear time. No sentence is longer than a piece.
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
PIECE_CHARS = 1000
PYSBD_CHARS = 100_000
_PARAGRAPH = re.compile(r"[^\n]+")
_FALLBACK = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+[\"'”’»)\]]*|$)")
_LIKELY_END = re.compile(r"[.!?。！？][\"'”’»)\]]*\s+")


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


def chunks(paragraph: str, size: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) of `paragraph` in consecutive pieces of at most `size` characters,
    each cut after the last likely sentence end in its second half, else at a space."""
    out, start = [], 0
    while len(paragraph) - start > size:
        end, half = start + size, start + size // 2
        cut = None
        for match in _LIKELY_END.finditer(paragraph, half, end):
            cut = match.end()
        if cut is None:
            space = paragraph.rfind(" ", half, end)
            cut = space + 1 if space >= 0 else end
        out.append((start, paragraph[start:cut]))
        start = cut
    out.append((start, paragraph[start:]))
    return out


def split_cached(text: str, language: str, *, store, content_id: str) -> list[Sentence]:
    """`split`, kept in the results cache under the text's content id: pysbd compiles
    hundreds of patterns before its first sentence, which a text split before skips."""
    from reader.library.cache import ResultCache, sentences_key

    cache = ResultCache(store)
    key = sentences_key(content_id, language)
    found = cache.sentences(key, text)
    if found is None:
        found = split(text, language)
        cache.put_sentences(key, found)
    return found


def split(text: str, language: str = "en") -> list[Sentence]:
    """Split `text` into sentences with offsets such that text[start:end] == sentence.text."""
    sentences: list[Sentence] = []
    careful = PYSBD_CHARS  # characters pysbd may still be given
    for para in _PARAGRAPH.finditer(text):
        if not para.group().strip():
            continue
        for offset, body in chunks(para.group()):
            if careful > 0:
                pieces = _pieces(body, language)
                careful -= len(body)
            else:
                pieces = _FALLBACK.findall(body)
            _place(sentences, para.start() + offset, body, pieces)
    return sentences


def _place(sentences: list[Sentence], base: int, body: str, pieces: list[str]) -> None:
    """Add the pieces found in `body` (at `base` in the text) as sentences, in order."""
    cursor = 0
    for piece in pieces:
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
