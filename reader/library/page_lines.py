"""A page's main text as lines, each with its role, from trafilatura's XML tree.

trafilatura marks what it extracts: <head>, <p>, <list>/<item>, <quote>, <code>, <table>,
<lb/> for a <br>. Its plain-text output drops those marks and keeps the page source's
own line breaks inside a paragraph, so a paragraph written over several lines of HTML
reads as several. Here the tree is read instead: whitespace inside a paragraph is
collapsed as a browser would (only <br> breaks a line), code keeps its lines, list items
get the "- " trafilatura gives them, table rows their pipes, and every line comes with
its kind, for the article's block structure.
"""

from __future__ import annotations

import re

from reader.library.blocks import (
    CODE, HEADING, ITEM, PARAGRAPH, QUOTE, TABLE, looks_like_heading,
)

_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "code", "table", "div"})
_SPACES = re.compile(r"\s+")


def page_lines(body) -> list[tuple[str, str]]:
    """(kind, line) for each non-blank line of the main text under `body`, in order."""
    out: list[tuple[str, str]] = []
    if body is not None:
        _walk(body, None, out)
    return out


def _walk(element, inside: str | None, out: list) -> None:
    for child in element:
        tag = child.tag
        if tag == "list":
            _walk(child, inside, out)
        elif tag == "item":
            _item(child, inside, out)
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_flat(cell) for cell in row]
                _emit(TABLE, "| " + " | ".join(c for c in cells if c) + " |", out)
        elif tag == "quote" and any(c.tag in _BLOCK_TAGS for c in child):
            _walk(child, QUOTE, out)
        elif tag == "code":
            for line in "".join(child.itertext()).split("\n"):
                _emit(CODE, line, out)
        elif tag == "graphic":
            pass
        elif tag not in ("p", "head", "quote") and any(c.tag in _BLOCK_TAGS for c in child):
            _walk(child, inside, out)
        else:
            kind = inside or _kind(child)
            for line in _text(child).split("\n"):
                _emit(kind, line, out)
        if child.tail and child.tail.strip():
            _emit(inside or PARAGRAPH, _SPACES.sub(" ", child.tail), out)


def _kind(element) -> str:
    if element.tag == "head":
        return HEADING
    if element.tag == "quote":
        return QUOTE
    if _emphasis_only(element):
        return HEADING
    return PARAGRAPH


def _emphasis_only(element) -> bool:
    """A short paragraph set wholly in bold or italics: a sub-heading in disguise."""
    if (element.text or "").strip() or not len(element):
        return False
    if any(c.tag != "hi" or (c.tail or "").strip() for c in element):
        return False
    return looks_like_heading(_flat(element))


def _item(element, inside: str | None, out: list) -> None:
    nested = [c for c in element if c.tag == "list"]
    lines = [line for line in _text(element, skip=("list",)).split("\n") if line.strip()]
    for number, line in enumerate(lines):
        _emit(ITEM if inside is None else inside, "- " + line.strip() if number == 0 else line, out)
    for sub in nested:
        _walk(sub, inside, out)


def _text(element, skip: tuple[str, ...] = ()) -> str:
    """The element's text with runs of whitespace as one space and <lb/> as a newline."""
    parts = [_SPACES.sub(" ", element.text or "")]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in skip:
            parts.append(_text(child))
        parts.append(_SPACES.sub(" ", child.tail or ""))
    return "".join(parts)


def _flat(element) -> str:
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def _emit(kind: str, line: str, out: list) -> None:
    line = line.rstrip() if kind == CODE else line.strip()
    if line.strip():
        out.append((kind, line))
