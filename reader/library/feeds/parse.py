"""Feed bytes -> a `ParsedFeed` of plain-text entries: RSS 0.9x/1.0/2.0 and Atom through
feedparser, JSON Feed through `jsonfeed`.

RSS 2.0 as most sites send it is read by `fastpath` (lxml) into the same fields, several
times faster; it leaves anything else to feedparser. Parsing is offline and bounded.
feedparser gets the bytes as a stream (given a str or bytes it may treat them as a URL
or a file name and open it). Entity declarations in the document's DTD are removed first
unless they stand for a short literal, so an entity-expansion bomb ("billion laughs" or
one huge entity repeated) expands to nothing (the fast path takes no document with a
DTD). HTML is turned into text here and never rendered; markup and escape sequences in
titles stay literal data (cleaned later like every text).
"""

from __future__ import annotations

import calendar
import io
import re
import time
from dataclasses import dataclass
from urllib.parse import urljoin

from reader.errors import NotAFeed
from reader.library.feeds import fastpath, html_text

MAX_KEY = 2048
# feedparser's dictionaries map key aliases on every lookup; the stored keys are read
# directly (a tenth of the time, and entries are read field by field).
_get = dict.get
_ENTITY_KEYWORD = re.compile(rb"<!ENTITY")
_ENTITY = re.compile(
    rb"""<!ENTITY\s+(%\s+)?[\w.:-]+\s+(?:("[^"]*"|'[^']*')|(?:SYSTEM|PUBLIC)\b[^>]*)\s*>""")
_SAFE_VALUE = re.compile(rb"&#x?[0-9a-fA-F]+;|[^\"'&%<]{0,16}")
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.I | re.S)


@dataclass(frozen=True)
class Entry:
    """One entry as plain data; `text` is plain text (HTML already converted)."""

    key: str
    link: str | None
    title: str | None
    text: str
    author: str | None = None
    published: float | None = None
    language: str | None = None
    teaser: bool = False  # only a summary was given, no content element
    hints: tuple[tuple[str, str], ...] | None = None  # (kind, line) of each line of HTML text


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    site: str | None
    language: str | None
    entries: tuple[Entry, ...]
    kind: str


def parse(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The feed in `data` (fetched from `url`); NotAFeed when it is none."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")) or "json" in content_type.lower():
        from reader.library.feeds import jsonfeed

        return jsonfeed.parse(data, url)
    return _xml(data, url, content_type)


def defuse(data: bytes) -> bytes:
    """`data` with every entity declaration removed unless it stands for a short literal.

    Declarations are matched with their quoted values, so markup inside a value cannot
    hide one; a declaration that cannot be read loses its keyword. What is kept refers to
    no other entity and is at most 16 bytes long: expansion grows a document five-fold at
    most, whichever parser (feedparser's strict or loose one) reads it.
    """
    if b"<!ENTITY" not in data:
        return data
    out, position = [], 0
    for found in _ENTITY_KEYWORD.finditer(data):
        if found.start() < position:
            continue
        declaration = _ENTITY.match(data, found.start())
        out.append(data[position:found.start()])
        if declaration is None:
            position = found.end()
            continue
        value = declaration.group(2)
        if not declaration.group(1) and value and _SAFE_VALUE.fullmatch(value[1:-1]):
            out.append(declaration.group(0))
        position = declaration.end()
    out.append(data[position:])
    return b"".join(out)


def _xml(data: bytes, url: str, content_type: str) -> ParsedFeed:
    parsed = fastpath.read(data, url, content_type) or \
        feedparser_result(data, url, content_type)
    return from_result(parsed, data, url, content_type)


def feedparser_result(data: bytes, url: str, content_type: str):
    """feedparser's reading of a document (every format, every quirk)."""
    import feedparser

    return feedparser.parse(
        io.BytesIO(defuse(data)), response_headers={"content-location": url,
                                                    "content-type": content_type},
        sanitize_html=False, resolve_relative_uris=False,
    )


def from_result(parsed, data: bytes, url: str, content_type: str) -> ParsedFeed:
    """The feed in feedparser's result (or the fast path's, which has its keys)."""
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        if _HTML_START.match(data[:4096]) or "html" in content_type.lower():
            raise NotAFeed("an HTML page, not a feed")
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem)[:120]})" if problem else ""
        raise NotAFeed(f"not an RSS, Atom or JSON feed{detail}")
    feed = parsed.get("feed") or {}
    language = _get(feed, "language")
    parsed_entries = tuple(_entry(e, url, language) for e in entries)
    return ParsedFeed(
        title=_plain(_get(feed, "title_detail")) or _get(feed, "title") or None,
        site=absolute_link(_get(feed, "link"), url), language=language,
        entries=tuple(e for e in parsed_entries if e is not None), kind=version or "unknown",
    )


def _plain(detail) -> str | None:
    """A text construct's value as plain text (HTML types converted)."""
    value = _get(detail, "value") if detail else None
    if not value:
        return None
    return html_text.to_text(value) if "html" in (_get(detail, "type") or "") else value


def body(value: str, is_html: bool) -> tuple[str, tuple | None]:
    """An entry's text, and the (kind, line) hints of its lines when it was HTML."""
    if not is_html:
        return value, None
    lines = tuple(html_text.to_lines(value))
    return "\n".join(line for _kind, line in lines), lines or None


def absolute_link(link: str | None, base: str) -> str | None:
    if not link:
        return None
    if link.startswith(("http://", "https://")) and link == link.strip():
        return link
    try:
        return urljoin(base, link.strip())
    except ValueError:
        return None


def _entry(entry, url: str, feed_language: str | None) -> Entry | None:
    contents = [c for c in _get(entry, "content") or [] if _get(c, "value")]
    best = max(contents, key=lambda c: len(_get(c, "value")), default=None)
    summary = _get(entry, "summary_detail")
    teaser = best is None
    if teaser or (summary and len(_get(summary, "value") or "") > len(_get(best, "value"))):
        best = summary
    best = best or {}
    text, hints = body(_get(best, "value") or "", "html" in (_get(best, "type") or ""))
    link = absolute_link(_get(entry, "link"), url)
    key = (_get(entry, "id") or "").strip() or link
    title = _plain(_get(entry, "title_detail")) or _get(entry, "title")
    if not key:
        if not (title or text):
            return None
        key = f"{title or ''}\n{text[:500]}"
    return Entry(
        key=key[:MAX_KEY], link=link, title=title, text=text,
        author=_get(entry, "author") or None, published=published(entry),
        language=_get(best, "language") or feed_language, teaser=teaser,
        hints=hints,
    )


def published(entry) -> float | None:
    """Publication (else update) time as Unix time, never in the future."""
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = _get(entry, name)
        if stamp:
            try:
                return min(float(calendar.timegm(stamp)), time.time())
            except (TypeError, ValueError, OverflowError):
                continue
    return None
