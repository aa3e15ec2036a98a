"""Main text and metadata from HTML pages and Markdown files.

HTML goes through trafilatura (imported on first use: it is slow to import), quietly and
without network access. trafilatura is handed text, never bytes: given bytes it would
try to decompress them itself (gzip, brotli, deflate) past reader's size limit; files
are decompressed, with that limit, before they get here (`decode.decompress`).
Markdown is simplified only where that is safe: heading markers, bold/italic markers
around words, links reduced to their text, front matter read for metadata. Everything else is left as written; cleanup happens later, for all formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.library.blocks import CODE, HEADING, SEPARATOR
from reader.library.page_lines import page_lines
from reader.library.reflow import reflow

# trafilatura falls back on justext for pages its own extractor finds little in, and
# justext compares neighbouring paragraphs in time that grows with the square of their
# number (a 25,000-cell table: two minutes). Pages with more blocks than this are
# extracted without the fallbacks (trafilatura's `fast`).
MANY_BLOCKS = 3000
_BLOCK = re.compile(r"<(?:p|div|td|th|tr|li|dd|dt|h[1-6]|section|article|blockquote)\b", re.I)
_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    source: str | None = None
    hints: tuple[tuple[str, str], ...] | None = None


def looks_like_html(head: bytes) -> bool:
    start = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def html(data: bytes) -> Extracted | None:
    """Main text and metadata of a page, or None when it holds no readable text."""
    import logging

    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    import trafilatura

    page = _page_text(data)
    fast = len(_BLOCK.findall(page)) > MANY_BLOCKS
    doc = None
    for options in ({"include_tables": False}, {"include_tables": True, "favor_recall": True}):
        doc = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_images=False,
            include_formatting=True, fast=fast, **options
        )
        if doc is not None and (doc.text or "").strip():
            break
    if doc is None or not (doc.text or "").strip():
        text = trafilatura.html2txt(page) or ""
        return Extracted(text) if text.strip() else None
    lines = page_lines(doc.body)
    return Extracted(
        text="\n".join(line for _, line in lines) if lines else doc.text,
        hints=tuple(lines) if lines else None,
        title=_page_title(doc.title),
        author=doc.author or None,
        date=doc.date or None,
        source=doc.sitename or doc.hostname or None,
    )


def _page_text(data: bytes) -> str:
    """The page decoded as trafilatura decodes bytes (UTF-8, else its guesses), minus the
    decompression."""
    from trafilatura.utils import detect_encoding

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in detect_encoding(data):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def _page_title(title: str | None) -> str | None:
    """Drop a " | Site | date" tail when the first part is clearly the headline."""
    if not title:
        return None
    parts = [p.strip() for p in title.split(" | ")]
    tail_is_short = all(len(p.split()) <= 3 for p in parts[1:])
    if len(parts) > 1 and len(parts[0].split()) >= 3 and tail_is_short:
        return parts[0]
    return title


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ATX = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\((?:[^()\s]+)(?:\s+\"[^\"\n]*\")?\)")
_STRONG = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")


def markdown(text: str) -> Extracted:
    """Text with Markdown decoration removed where safe and soft line breaks joined; the
    first level-1 heading (or front matter's title) as title; each line's kind as hints."""
    meta: dict[str, str] = {}
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).split("\n"):
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() in ("title", "author", "date", "source"):
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[match.end():]
    title = meta.get("title")
    flowed = reflow(text, markdown=True)
    kinds = iter(flowed.hints)
    out: list[str] = []
    hints: list[tuple[str, str]] = []
    for line in flowed.text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        kind, _ = next(kinds)
        if kind == SEPARATOR and hints and hints[-1][0] == HEADING and _SETEXT.match(line):
            if title is None and line.strip().startswith("="):
                title = hints[-1][1]
            continue
        if kind != CODE:
            heading = _ATX.match(line) if kind == HEADING else None
            if heading:
                line = heading.group(2)
                if title is None and len(heading.group(1)) == 1 and line.strip():
                    title = line.strip()
            line = _EMPHASIS.sub(r"\1", _STRONG.sub(r"\2", _LINK.sub(r"\1", line)))
        out.append(line)
        hints.append((kind, line.strip()))
    return Extracted(
        "\n".join(out), title=title, author=meta.get("author"),
        date=meta.get("date"), source=meta.get("source"), hints=tuple(hints),
    )
