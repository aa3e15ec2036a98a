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
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BLANK_RUN = re.compile(r"\n{3,}")
_TAG_HINT = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z]")
# Breaks are marked with the Unicode paragraph and line separators while whitespace is
# collapsed, then become blank lines and newlines (cleanup treats both as line breaks).
_PARAGRAPH, _LINE = "\u2029", "\u2028"


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
    text = _SPACE.sub(" ", root.text_content())
    text = text.replace(_PARAGRAPH, "\n\n").replace(_LINE, "\n")
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", lines).strip()
