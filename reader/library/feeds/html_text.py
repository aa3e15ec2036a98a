"""An entry's HTML (a feed's content or summary) as lines of text, each with its role.

Feeds carry article bodies as HTML fragments. trafilatura is built for whole pages and
is slow to import; a fragment only needs its text, one line per block (paragraph,
heading, list item, quote, code line, table row), each with its kind for the article's
block structure, as `page_lines` gives for a page. lxml (installed with trafilatura)
parses any markup, however broken, and never fetches anything. Scripts, styles and
other non-text elements are dropped; the text is cleaned later like every other text.
"""

from __future__ import annotations

import re
import threading

from reader.library.blocks import CAPTION, CODE, HEADING, ITEM, PARAGRAPH, QUOTE, TABLE

KINDS = {
    "h1": HEADING, "h2": HEADING, "h3": HEADING, "h4": HEADING, "h5": HEADING,
    "h6": HEADING, "li": ITEM, "dt": ITEM, "dd": ITEM, "pre": CODE, "blockquote": QUOTE,
    "figcaption": CAPTION, "caption": CAPTION, "tr": TABLE,
}
PARAGRAPHS = frozenset({
    "address", "article", "aside", "dl", "div", "figure", "footer", "header", "hr", "main",
    "nav", "ol", "p", "section", "table", "ul",
})
SKIPPED = frozenset({"script", "style", "template", "noscript", "iframe", "object",
                     "svg", "math", "head", "title", "select", "button"})
_TAG_HINT = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z]")
# While whitespace is collapsed, private-use characters mark where a block of each kind
# starts, where the text of an enclosing block resumes after an inner one, and where a
# line breaks inside a block (<br>, a line of <pre>).
_ORDER = (PARAGRAPH, HEADING, ITEM, CODE, QUOTE, CAPTION, TABLE)
_LINE = "\ue000"
_START = {kind: chr(0xE001 + i) for i, kind in enumerate(_ORDER)}
_RESUME = {kind: chr(0xE011 + i) for i, kind in enumerate(_ORDER)}
_STARTS = frozenset(_START.values())
_KIND_OF = {mark: kind for marks in (_START, _RESUME) for kind, mark in marks.items()}
_SPLIT = re.compile(f"([{_LINE}{''.join(_KIND_OF)}])")
_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.I)
_local = threading.local()  # an lxml parser is used by one thread at a time


def to_lines(html: str) -> list[tuple[str, str]]:
    """(kind, line) for each non-blank line of an HTML fragment, in order."""
    if not _TAG_HINT.search(html):
        return [(PARAGRAPH, line) for line in (" ".join(html.split()),) if line]
    try:
        root = _fragment(html)
    except ValueError:
        return []
    if root is None:
        return []
    _mark(root)
    lines: list[tuple[str, str]] = []
    kind, first = PARAGRAPH, True
    for piece in _SPLIT.split(" ".join(_local.text(root).split())):
        if piece in _KIND_OF:
            kind, first = _KIND_OF[piece], first or piece in _STARTS
            continue
        line = piece.strip() if piece != _LINE else ""
        if line:  # a list item's first line gets its dash, as a page's items do
            lines.append((kind, f"- {line}" if kind == ITEM and first else line))
            first = False
    return lines


def _fragment(html: str):
    """The body of an HTML fragment as the root (a div) of its tree, None when there is
    none: parsed as lxml.html parses a fragment, but into plain elements (much quicker to
    walk): a document around it unless it is one, its leading text kept only when it is
    more than white space."""
    from lxml import etree

    if not _FULL_HTML.match(html):
        html = f"<html><body>{html}</body></html>"
    if not hasattr(_local, "parser"):
        _local.parser = etree.HTMLParser()
        _local.text = etree.XPath("string()", smart_strings=False)
    document = etree.fromstring(html, _local.parser)
    if document is None:
        return None
    bodies = [element for element in document if element.tag == "body"]
    assert len(bodies) == 1, f"too many bodies: {bodies!r}"
    body = bodies[0]
    body.tag = "div"  # a block of paragraphs, as lxml.html's fragment parent
    if body.text is not None and not body.text.strip():
        body.text = None
    return body


def to_text(html: str) -> str:
    """The text of an HTML fragment on one line (titles and other short fields)."""
    return " ".join(line for _kind, line in to_lines(html))


def _mark(root) -> None:
    """Put the markers into the tree: each block's kind before its text and, after it,
    the kind of the block around it; line breaks for <br> and inside <pre>. One walk in
    document order: an element's kind is the nearest heading, item, code, quote, caption
    or table row at or around it, a paragraph otherwise (a <p> inside a quote is quoted)."""
    for element in list(root.iter(*SKIPPED)):
        _drop(element)
    kinds = {}
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction
        tag = tag.lower()
        around = PARAGRAPH if element is root else kinds[element.getparent()]
        kind = kinds[element] = KINDS.get(tag, around)
        if tag == "pre":
            for node in element.iter():
                node.text = node.text and node.text.replace("\n", _LINE)
                if node is not element:
                    node.tail = node.tail and node.tail.replace("\n", _LINE)
        elif tag == "br":
            element.tail = _LINE + (element.tail or "")
        if tag in KINDS or tag in PARAGRAPHS:
            element.text = _START[kind] + (element.text or "")
            if element is not root:
                element.tail = _RESUME[around] + (element.tail or "")
        if (tag == "td" or tag == "th") and element.getnext() is not None:
            element.tail = " | " + (element.tail or "")


def _drop(element) -> None:
    """Remove an element and what it holds; the text after it stays where it was."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)
