"""The block structure of an article: which lines of its text are headings, paragraphs,
list items, captions, quotes, code, bylines, verse or tables.

Only sentences of paragraphs are worth a summary; a heading, a caption or a line of code
is not a sentence of the story even when the splitter cuts it out like one. The
structure comes from whoever understood the source (trafilatura's XML for a page, the
Markdown reader, reflow for plain text) as hints: (kind, line) for each line of the text,
in order. `locate` matches them to the lines of the cleaned text, so the blocks are offsets
into exactly the text the article shows; lines without a hint (text from elsewhere, or
changed by cleanup) are judged by their own look.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.library.article import Block
from reader.library.cleanup import is_byline
from reader.library.scripts import CLOSERS, SENTENCE_MARKS

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
CAPTION = "caption"
QUOTE = "quote"
CODE = "code"
BYLINE = "byline"
VERSE = "verse"
TABLE = "table"
SEPARATOR = "separator"
TEXT = "text"  # a hint only: running text whose role the source did not say
KINDS = (HEADING, PARAGRAPH, ITEM, CAPTION, QUOTE, CODE, BYLINE, VERSE, TABLE, SEPARATOR)
BODY = frozenset({PARAGRAPH})
_MERGED = frozenset({CODE, VERSE, TABLE})
LOOKAHEAD = 40
VERSE_RUN = 3
HEADING_WORDS = 14
HEADING_CHARS = 120

_LINE = re.compile(r"[^\n]+")
_KEY = re.compile(r"\w+")
_MARKER = re.compile(
    r"^(?:[-*+•‣◦▪▸►–]|\d{1,3}[.)]|[a-z][.)]|\(\d{1,3}\)|\([a-z]\))\s+(?=\S)"
)
_FENCES = ("```", "~~~")
_CLAUSE_ENDS = tuple(SENTENCE_MARKS + ";:,")
_CAPTION = re.compile(
    r"(?:^|[\s(\[|/])(?:Photos?|Photograph|Fotos?|Bild|Bilder|Images?|Pictures?|Credits?|"
    r"Crédits?|Illustration|Grafik|Quelle|Source|Getty Images|Abbildung|Abb\.)\s*[:©]"
    r"[^!?]{0,80}$|©|\(c\)\s*\d{4}",
    re.IGNORECASE,
)
# Code's look: a statement at the start of the line, a line of code's punctuation ending
# in { or ;, or an arrow function's body anywhere ("=>" is looked for before the search).
_CODE_START = re.compile(
    r"(?:from\s+[\w.]+\s+import\b|import\s+[\w.]+|def\s+\w+\(|class\s+\w+[(:]|#include\b|"
    r"\$\s+\w|>>>\s|(?:const|let|var)\s+\w+\s*=|return\b.*;$|[}\])]+[;,]?$)"
    r"|(?=.*[=(){}]).*[{;]$"
)
_ARROW_BODY = re.compile(r"=>\s*\{")
# The first characters of the statements _CODE_START knows (its other form ends in { or ;).
_CODE_FIRST = frozenset("fidc#$>lvr}])")


def list_marker(line: str) -> str | None:
    """The bullet or number that opens a list item ("- ", "3. ", "b) "), else None."""
    match = _MARKER.match(line)
    return match.group() if match else None


def is_separator(line: str) -> bool:
    """A line of symbols only ("* * *", "----"): a break, not text."""
    line = line.strip()
    return bool(line) and not line[0].isalnum() and not any(ch.isalnum() for ch in line)


def looks_like_code(line: str) -> bool:
    line = line.strip()
    if line[-1:] not in ("{", ";") and line[:1] not in _CODE_FIRST:
        return "=>" in line and bool(_ARROW_BODY.search(line))
    return bool(_CODE_START.match(line)) or ("=>" in line and bool(_ARROW_BODY.search(line)))


def looks_like_caption(line: str) -> bool:
    """A credit ("Photo: ...", "©", "(c) 2024"); every form has ":", "©" or "(c)", so a
    line without them is not searched."""
    if len(line) > 400 or not (":" in line or "©" in line or "(c" in line or "(C" in line):
        return False
    return bool(_CAPTION.search(line.strip()))


def looks_like_heading(line: str) -> bool:
    """Short, and not ended like a sentence or a clause."""
    line = line.strip()
    return (
        0 < len(line) <= HEADING_CHARS
        and len(line.split()) <= HEADING_WORDS
        and not line.rstrip(CLOSERS).endswith(_CLAUSE_ENDS)
        and not line[0].islower()
    )


def judge(line: str) -> str:
    """The kind of a line of cleaned text, from its look alone."""
    line = line.strip()
    if is_separator(line):
        return SEPARATOR
    if list_marker(line):
        return ITEM
    if line.startswith(">"):
        return QUOTE
    if line.startswith("|") and line.endswith("|"):
        return TABLE
    if is_byline(line):
        return BYLINE
    if looks_like_caption(line):
        return CAPTION
    if looks_like_code(line):
        return CODE
    if looks_like_heading(line):
        return HEADING
    return PARAGRAPH


def _key(line: str) -> str:
    return " ".join(_KEY.findall(line.lower().replace("\u00ad", "")))


def locate(text: str, hints: Iterable[tuple[str, str]] | None = None) -> tuple[Block, ...]:
    """Blocks of `text` (one per line; runs of code, verse and table lines as one)."""
    hinted = _Hints(hints)
    cursor = 0
    fenced = False
    lines: list[tuple[Block, bool]] = []  # each line's block, and whether it is a loose line
    for match in _LINE.finditer(text):
        line = match.group()
        if not line.strip():
            continue
        hint, cursor = hinted.find(line, cursor)
        loose = False
        if line.startswith(_FENCES) and hint in (None, TEXT, CODE, PARAGRAPH):
            fenced = not fenced
            kind = CODE
        elif fenced:
            kind = CODE
        elif hint is None or hint in (TEXT, PARAGRAPH):
            kind = judge(line)
            loose = kind == HEADING  # judged by its look alone, it would be a heading
            if hint == PARAGRAPH and kind == HEADING:
                kind = PARAGRAPH
        else:
            kind = hint
        lines.append((Block(match.start(), match.end(), kind), loose))
    blocks: list[Block] = []
    for block in _verse_runs(lines, text):
        _add(blocks, block, text)
    return tuple(blocks)


def _verse_runs(lines: list[tuple[Block, bool]], text: str) -> list[Block]:
    """Runs of VERSE_RUN or more loose lines (short, no sentence end, no role given by the
    source), each directly under the last, are verse: lyrics, poems, addresses."""
    out: list[Block] = []
    run: list[Block] = []
    for block, loose in [*lines, (None, False)]:
        if loose and (not run or text.count("\n", run[-1].end, block.start) == 1):
            run.append(block)
            continue
        if len(run) >= VERSE_RUN:
            out.extend(Block(b.start, b.end, VERSE) for b in run)
        else:
            out.extend(run)
        run = [block] if loose else []
        if block is not None and not loose:
            out.append(block)
    return out


class _Hints:
    """The hints of a text, matched to its lines by key: the words of a line, lower-cased
    (cleanup may change spacing, soft hyphens and punctuation). A line that is exactly the
    next hint's line is matched without keying either (most lines, when the source's
    reader already cleaned its lines)."""

    def __init__(self, hints: Iterable[tuple[str, str]] | None) -> None:
        self.hints = list(hints or ())
        self.keys: list[str | None] = [None] * len(self.hints)

    def key(self, j: int) -> str:
        key = self.keys[j]
        if key is None:
            key = self.keys[j] = _key(self.hints[j][1])
        return key

    def find(self, line: str, cursor: int) -> tuple[str | None, int]:
        """The hint for `line`, searched a little ahead of the last match; its kind and
        where the next search starts."""
        hints = self.hints
        if cursor < len(hints) and hints[cursor][1] == line:
            return hints[cursor][0], cursor + 1
        key = _key(line)
        window = range(cursor, min(cursor + LOOKAHEAD, len(hints)))
        for j in window:
            if self.key(j) == key:
                return hints[j][0], j + 1
        if len(key) >= 10:
            for j in window:
                other = self.key(j)
                if len(other) >= 10 and (other.startswith(key) or key.startswith(other)):
                    return hints[j][0], j + 1
        return None, cursor


def _add(blocks: list[Block], block: Block, text: str) -> None:
    """Append, merging a code, verse or table line into the run of its kind just above."""
    if blocks:
        last = blocks[-1]
        if last.kind == block.kind and block.kind in _MERGED and \
                text.count("\n", last.end, block.start) == 1:
            blocks[-1] = Block(last.start, block.end, block.kind)
            return
    blocks.append(block)


def block_at(blocks: tuple[Block, ...], offset: int) -> Block | None:
    """The block holding `offset` (blocks are sorted and never overlap)."""
    lo, hi = 0, len(blocks)
    while lo < hi:
        mid = (lo + hi) // 2
        if blocks[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(blocks) and blocks[lo].start <= offset < blocks[lo].end:
        return blocks[lo]
    return None
