"""The CPU-bound half of fetching a feed: bytes -> the entries not seen before -> the
rows the store keeps.

Plain functions of plain, picklable data (no store, no network), so a fetch run can hand
them to worker processes when many feeds arrive at once, or run them in a thread; what
they return is plain values too (`archive.Row`s, not Articles), quick to send back.
An entry becomes an Article through the same `article_from_text` as a file; a teaser
whose page is to be fetched is left for `with_page`, once the page has arrived.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import FetchError, UnreadableArticle
from reader.library import archive
from reader.library.article import Article
from reader.library.cleanup import one_line
from reader.library.feeds import fulltext
from reader.library.feeds.parse import Entry, parse
from reader.library.sources import article_from_text


@dataclass(frozen=True)
class Listed:
    """What the store records of an entry not seen before."""

    key: str
    link: str | None


@dataclass(frozen=True)
class Digest:
    """What a feed document brings: its title and site, every entry key it lists, the
    entries not seen before with their rows (None: too old, empty, or waiting for its
    page), and the entries (by index) that wait for their page."""

    title: str | None
    site: str | None
    keys: tuple[str, ...]
    fresh: tuple[Listed, ...]
    rows: tuple[archive.Row | None, ...]
    pending: tuple[tuple[int, Entry], ...]


def digest(body: bytes, url: str, content_type: str, known_keys: frozenset,
           known_links: frozenset, full_text: bool | None, cutoff: float) -> Digest:
    """Parse a feed and build the rows of its entries not seen before (by entry id, then
    by link); NotAFeed when the body is not a feed."""
    parsed = parse(body, url, content_type)
    keys, links = set(known_keys), set(known_links)
    fresh = []
    for entry in parsed.entries:
        if entry.key in keys or (entry.link and entry.link in links):
            continue
        keys.add(entry.key)
        if entry.link:
            links.add(entry.link)
        fresh.append(entry)
    title = one_line(parsed.title)
    rows, pending = [], []
    for index, entry in enumerate(fresh):
        if entry.published is not None and entry.published < cutoff:
            rows.append(None)
        elif fulltext.wanted(full_text, entry):
            rows.append(None)
            pending.append((index, entry))
        else:
            rows.append(_row(entry, article(entry, title, None)))
    return Digest(title, parsed.site, tuple(e.key for e in parsed.entries),
                  tuple(Listed(e.key, e.link) for e in fresh), tuple(rows), tuple(pending))


def with_page(entry: Entry, source: str | None, html: bytes | None) -> archive.Row | None:
    """The entry's row, from its page's main text when that says more."""
    page = None
    if html is not None:
        try:
            page = fulltext.main_text(html)
        except FetchError:
            page = None
    return _row(entry, article(entry, source, page))


def _row(entry: Entry, made: Article | None) -> archive.Row | None:
    return None if made is None else archive.row(made, entry.published)


def article(entry: Entry, source: str | None, page) -> Article | None:
    """The entry as an Article: the page's text when it says more than the teaser, else
    the entry's own text, else its title; None when there is nothing to read."""
    text, author, hints = entry.text, entry.author, entry.hints
    if fulltext.better(text, page):
        text, author, hints = page.text, author or page.author, page.hints
    if not text.strip():
        text, hints = entry.title or "", None
    try:
        return article_from_text(
            text, title=entry.title, language=entry.language, author=author,
            date=archive.iso_time(entry.published), source=source, link=entry.link, hints=hints)
    except UnreadableArticle:
        return None
