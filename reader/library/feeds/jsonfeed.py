"""JSON Feed (https://jsonfeed.org, versions 1 and 1.1) -> the same `ParsedFeed` as XML.

feedparser reads RSS and Atom only. A JSON Feed is a small, well-specified object, so it
is read here with the standard library, checking every field's type: a value of the wrong
type is ignored, never trusted.
"""

from __future__ import annotations

import json

from reader.errors import NotAFeed
from reader.library.archive import parse_time
from reader.library.feeds.parse import MAX_KEY, Entry, ParsedFeed, absolute_link, body


def parse(data: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(data.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        raise NotAFeed("invalid JSON") from None
    if not isinstance(document, dict) or "jsonfeed.org/version" not in _str(
            document.get("version")) or not isinstance(document.get("items"), list):
        raise NotAFeed("JSON, but not a JSON Feed")
    language = _str(document.get("language")) or None
    entries = (_entry(item, url, language) for item in document["items"]
               if isinstance(item, dict))
    return ParsedFeed(
        title=_str(document.get("title")) or None,
        site=absolute_link(_str(document.get("home_page_url")) or None, url),
        language=language,
        entries=tuple(e for e in entries if e is not None),
        kind="json" + _str(document.get("version")).rsplit("/", 1)[-1],
    )


def _str(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _entry(item: dict, url: str, language: str | None) -> Entry | None:
    html = _str(item.get("content_html"))
    text, hints = body(html, True) if html else (_str(item.get("content_text")), None)
    teaser = not text
    summary = _str(item.get("summary"))
    if len(summary) > len(text):
        text, hints = summary, None
    link = absolute_link(_str(item.get("url")) or _str(item.get("external_url")) or None, url)
    key = _str(item.get("id")) if not isinstance(item.get("id"), (int, float)) \
        else str(item["id"])
    key = key or link
    title = _str(item.get("title")) or None
    if not key:
        if not (title or text):
            return None
        key = f"{title or ''}\n{text[:500]}"
    return Entry(key=key[:MAX_KEY], link=link, title=title, text=text,
                 author=_author(item), published=_time(item),
                 language=_str(item.get("language")) or language, teaser=teaser, hints=hints)


def _author(item: dict) -> str | None:
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item.get("author")]
    names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n) or None


def _time(item: dict) -> float | None:
    for name in ("date_published", "date_modified"):
        stamp = parse_time(_str(item.get(name)))
        if stamp is not None:
            return stamp
    return None
