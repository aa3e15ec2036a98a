"""Reflow: join the lines of hard-wrapped paragraphs and keep every other line break.

Text from e-mail, plain-text files and some pages is wrapped at a fixed width: each
paragraph is cut into lines of 60 to 80 columns. Left as it is, every line break reads as
a paragraph end, and the sentence splitter (which never crosses a line) cuts sentences in
two. Here each line break is judged, and the ones that only wrap a paragraph are joined.

A break wraps when the text as a whole is wrapped (most lines that go on into another end
near one width) and the line before it is full: the next line's first word would not
have fitted, or the line is long and the next goes on in lower case. Markdown paragraphs
join by Markdown's own rule (a soft break is a space) unless a line ends in a hard break.
Never joined: blank-line paragraph breaks, list items, headings, quoted lines of another
depth, table rows, code (fenced or indented) and verse (three or more short lines, each
after the first starting in capitals). A word hyphenated across the break loses the
hyphen ("inter-\\nnational" -> "international") when the text uses the joined word
elsewhere or neither half is a word of its own; a real hyphen ("well-known") stays
(`hyphens.py`).

The result also says what each line is, as hints for the article's block structure.
"""

from __future__ import annotations

import re
from functools import cache
from dataclasses import dataclass

from reader.library.blocks import (
    CODE, HEADING, ITEM, QUOTE, SEPARATOR, TABLE, TEXT, VERSE, is_separator, list_marker,
)
from reader.library.hyphens import Joiner, unspaced
from reader.library.scripts import ends_sentence

MIN_WIDTH = 30
MAX_WIDTH = 160
NEAR_MARGIN = 12
VERSE_WIDTH = 60
UNCASED_VERSE_WIDTH = 40
FULL_LINE = 0.75

_WIDE = ("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
         "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_QUOTE = re.compile(r"^\s*((?:>[ \t]?)+)")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_FIRST_WORD = re.compile(r"\w+")
@dataclass(frozen=True)
class Reflowed:
    """The reflowed text and, for each of its non-blank lines in order, (kind, line)."""

    text: str
    hints: tuple[tuple[str, str], ...]


@dataclass
class _Line:
    raw: str
    kind: str  # blank, or one of the structure kinds
    content: str = ""
    prefix: str = ""
    indent: int = 0
    depth: int = 0
    hard_break: bool = False

    def __post_init__(self) -> None:
        self.cols = width(self.raw)


def width(text: str) -> int:
    """Columns a terminal gives `text`: wide (CJK) characters count two."""
    if text.isascii():
        return len(text)
    return len(text) + len(_wide().findall(text))


@cache
def _wide() -> re.Pattern[str]:
    """The pattern of wide characters, compiled when first needed: its ranges cover tens
    of thousands of characters, which takes milliseconds to compile (ASCII text never
    needs it)."""
    return re.compile(_WIDE)


def reflow(text: str, *, markdown: bool = False) -> Reflowed:
    """Join wrapped lines of `text` ("\\n" line ends); see the module docstring."""
    lines = _parse(text.split("\n"), markdown)
    groups = _groups(lines)
    wrap = None if markdown else wrap_width(groups)
    lone = wrap is not None and _lone_paragraph_breaks(groups)
    joiner = Joiner(text)
    out: list[str] = []
    hints: list[tuple[str, str]] = []
    for group in groups:
        for kind, line in _render(group, wrap, lone, markdown, joiner):
            out.append(line)
            if line.strip():
                hints.append((kind, line.strip()))
    return Reflowed("\n".join(out), tuple(hints))


def _parse(raw_lines: list[str], markdown: bool) -> list[_Line]:
    lines: list[_Line] = []
    fenced = False
    indents = [_indent(r) for r in raw_lines]
    base = min((i for i, r in zip(indents, raw_lines) if r.strip()), default=0)
    for number, raw in enumerate(raw_lines):
        hard = markdown and (raw.endswith("  ") or raw.rstrip().endswith("\\"))
        raw = raw.rstrip()
        if _FENCE.match(raw):
            fenced = not fenced
            lines.append(_Line(raw, CODE))
        elif fenced:
            lines.append(_Line(raw, CODE))
        elif not raw.strip():
            lines.append(_Line(raw, "blank"))
        elif _indented_code(raw_lines, indents, number, base, lines):
            lines.append(_Line(raw, CODE))
        else:
            lines.append(_classify(raw, indents[number] - base, hard, lines))
    return lines


def _indented_code(raw_lines: list[str], indents: list[int], number: int, base: int,
                   before: list[_Line]) -> bool:
    """Indented four columns more than the text, after a blank line or more code, and not
    the indented first line of a paragraph or the continuation of a list item."""
    if indents[number] - base < 4:
        return False
    previous = before[-1] if before else None
    if previous is not None and previous.kind == CODE and not _FENCE.match(previous.raw):
        return True
    if previous is not None and previous.kind != "blank" or _in_list(before):
        return False
    if number + 1 >= len(raw_lines) or not raw_lines[number + 1].strip():
        return True
    return indents[number + 1] - base >= 4


def _classify(raw: str, indent: int, hard: bool, before: list[_Line]) -> _Line:
    stripped = raw.strip()
    previous = before[-1] if before else None
    if _ATX.match(raw):
        return _Line(raw, HEADING, stripped)
    if (_SETEXT.match(raw) and previous is not None
            and previous.kind in (TEXT, HEADING) and len(stripped) >= 2):
        previous.kind = HEADING
        return _Line(raw, SEPARATOR)
    if is_separator(stripped):
        return _Line(raw, SEPARATOR)
    quote = _QUOTE.match(raw)
    if quote:
        content = raw[quote.end():].strip()
        return _Line(raw, QUOTE, content, quote.group(1).strip() + " ",
                     depth=quote.group(1).count(">"), hard_break=hard)
    if _TABLE.match(raw):
        return _Line(raw, TABLE)
    marker = list_marker(stripped)
    if marker:
        return _Line(raw, ITEM, stripped[len(marker):].strip(), marker, indent, hard_break=hard)
    return _Line(raw, TEXT, stripped, indent=indent, hard_break=hard)


def _in_list(before: list[_Line]) -> bool:
    """Whether the last text above (across blank lines) belongs to a list item."""
    for line in reversed(before):
        if line.kind != "blank":
            return line.kind == ITEM or (line.kind == TEXT and line.indent > 0)
    return False


def _indent(raw: str) -> int:
    body = raw.lstrip()
    return len(raw[: len(raw) - len(body)].expandtabs(4))


def _groups(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of lines that could form one paragraph; every other line stands alone."""
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and _continues(groups[-1], line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _continues(group: list[_Line], line: _Line) -> bool:
    head, last = group[0], group[-1]
    if head.kind == QUOTE:
        return line.kind == QUOTE and line.depth == head.depth and bool(line.content) \
            and bool(last.content)
    if head.kind in (TEXT, ITEM) and line.kind == TEXT:
        return not (head.kind == TEXT and line.indent >= last.indent + 2)
    return False


def wrap_width(groups: list[list[_Line]]) -> int | None:
    """The width the text is wrapped at, or None when it does not look wrapped."""
    widths = sorted(line.cols for group in groups if group[0].kind in (TEXT, ITEM, QUOTE)
                    and not _verse_like(group) for line in group[:-1])
    if len(widths) < 2:
        return None
    wrap = widths[int(0.9 * (len(widths) - 1) + 0.5)]
    if not MIN_WIDTH <= wrap <= MAX_WIDTH:
        return None
    near = sum(1 for w in widths if w >= wrap - NEAR_MARGIN)
    return wrap if near >= 0.7 * len(widths) else None


def _render(group: list[_Line], wrap: int | None, lone: bool, markdown: bool, joiner):
    head = group[0]
    if head.kind == "blank":
        return [("blank", "")]
    if head.kind not in (TEXT, ITEM, QUOTE):
        return [(head.kind, head.raw)]
    if _verse_like(group) and (wrap is None or all(
            line.cols < FULL_LINE * wrap for line in group[:-1])):
        return [(VERSE, line.raw) for line in group]
    kind = head.kind
    out: list[tuple[str, str]] = []
    current = head.content
    for before, line in zip(group, group[1:]):
        if _wraps(before, line, wrap, markdown) and not (lone and _sentence_break(before, line)):
            current = joiner.join(current, line.content)
        else:
            out.append((kind, head.prefix + current))
            current = line.content
            head = line if line.kind == QUOTE else _Line("", kind)
    out.append((kind, head.prefix + current))
    return out


def _verse_like(group: list[_Line]) -> bool:
    """Two or more short lines, not all ending a sentence, each after the first opening
    with a capital; in scripts without capitals, lines shorter still."""
    if len(group) < 2 or group[0].kind != TEXT:
        return False
    if all(ends_sentence(line.content) for line in group):
        return False
    for line in group[1:]:
        first = line.content[:1]
        if first.islower():
            return False
        limit = VERSE_WIDTH if first.isupper() or not first.isalpha() else UNCASED_VERSE_WIDTH
        if line.cols > limit:
            return False
    return group[0].cols <= VERSE_WIDTH


def _lone_paragraph_breaks(groups: list[list[_Line]]) -> bool:
    """Whether paragraphs may end at a bare line break: fewer than two paragraphs of
    several lines stand between blank lines."""
    return sum(1 for g in groups if g[0].kind == TEXT and len(g) > 1) < 2


def _sentence_break(before: _Line, line: _Line) -> bool:
    """A sentence ends the line and a capital opens the next: maybe a new paragraph."""
    return ends_sentence(before.content) and line.content[:1].isupper()


def _wraps(before: _Line, line: _Line, wrap: int | None, markdown: bool) -> bool:
    if before.hard_break:
        return False
    if markdown:
        return True
    if wrap is None:
        return False
    used = before.cols
    first = _FIRST_WORD.match(line.content)
    if unspaced(line.content[:1]) or not first:
        needed = width(line.content[:1])
    else:
        needed = width(first.group())
    return used + 1 + needed > wrap or (used >= FULL_LINE * wrap and line.content[0].islower())
