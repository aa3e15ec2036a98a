"""An entry's HTML (a feed's content or summary) as plain text with its paragraphs.

Feeds carry article bodies as HTML fragments. trafilatura is built for whole pages and
is slow to import; a fragment only needs its text, with block elements (paragraphs,
headings, list items, quotes, table rows) kept apart by blank lines. lxml (already
installed with trafilatura) parses any markup, however broken, and never fetches
anything. Scripts, styles and other non-text elements are dropped; the result is cleaned
like every other text by `article_from_text`.
"""

from __future__ import annotations

import re

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
})
SKIPPED = frozenset({"script", "style", "template", "noscript", "iframe", "object",
                     "svg", "math", "head", "title", "select", "button"})
_TAG_HINT = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z]")
# Breaks are marked with two private-use characters (not whitespace) while whitespace
# runs are collapsed, then become blank lines and newlines.
_PARAGRAPH, _LINE = "\ue000", "\ue001"
_MARKS = re.compile(" ?[\ue000\ue001][\ue000\ue001 ]*")


def to_text(html: str) -> str:
    """The text of an HTML fragment; paragraphs separated by a blank line."""
    if not _TAG_HINT.search(html):
        return html
    from lxml import etree, html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*SKIPPED)):
        element.drop_tree()
    for element in root.iter("pre"):
        for node in element.iter():
            node.text = node.text and node.text.replace("\n", _LINE)
            if node is not element:
                node.tail = node.tail and node.tail.replace("\n", _LINE)
    for element in root.iter("br"):
        element.tail = _LINE + (element.tail or "")
    for element in root.iter(*BLOCKS):
        element.text = _PARAGRAPH + (element.text or "")
        element.tail = _PARAGRAPH + (element.tail or "")
    text = " ".join(root.text_content().split())
    return _MARKS.sub(_break, text).strip()


def _break(match: re.Match[str]) -> str:
    """A run of marks and spaces: a blank line if it holds a paragraph mark, else a
    newline."""
    return "\n\n" if _PARAGRAPH in match.group() else "\n"
