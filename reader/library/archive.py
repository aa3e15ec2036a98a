"""Articles kept in the state database, for those that have no file to re-read.

Feed entries, pages saved to read later and files indexed for search are stored here as
data: the cleaned text (the same text and id an `Article` has), title, byline, language,
link, publication time. Every row is in the full-text index (`reader.library.search`)
through triggers, so whatever is kept here can be searched. Rows are keyed by article
id, the content hash, so the same story reached twice is kept once.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from typing import NamedTuple
from datetime import datetime, timezone

from reader.library.article import Article, Block
from reader.library.store import Store

DAY = 86400.0
_COLUMNS = "id, title, text, language, byline, author, source, link, path, published, blocks"
# The first feed (by subscription order) an article came from.
FIRST_FEED = (
    "(SELECT f.url FROM feed_entries e JOIN feeds f ON f.id = e.feed"
    " WHERE e.article = a.id ORDER BY f.id LIMIT 1)"
)


@dataclass(frozen=True)
class Kept:
    """One stored article as a list shows it (no text): enough for a row and its marks."""

    id: str
    title: str
    language: str
    words: int
    link: str | None
    path: str | None
    feed: str | None
    published: float | None
    added: float
    read: bool = False
    starred: bool = False

    def as_json(self) -> dict:
        """The `reader list` object, plus the fields only stored articles have."""
        return {"id": self.id, "path": self.path, "title": self.title,
                "language": self.language, "words": self.words, "status": "ok",
                "url": self.link, "feed": self.feed, "published": iso_time(self.published)}


def iso_time(stamp: float | None) -> str | None:
    """A Unix time as ISO 8601 in UTC to the second, or None."""
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="seconds")


def day(stamp: float | None) -> str | None:
    """The day of a Unix time (UTC), as a page gives its date: what the article shows."""
    return None if stamp is None else datetime.fromtimestamp(stamp, timezone.utc).date().isoformat()


def parse_time(text: str | None) -> float | None:
    """An ISO 8601 date or time (as pages give it) as Unix time; None when unreadable.
    A time without a zone is taken as UTC."""
    try:
        stamp = datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return min(stamp.timestamp(), time.time())


class Row(NamedTuple):
    """An article as the articles table keeps it, but for when it was added: what a
    parsing worker hands the store's writer (plain values, quick to pass between
    processes)."""

    id: str
    title: str
    text: str
    language: str
    byline: str | None
    author: str | None
    source: str | None
    link: str | None
    path: str | None
    published: float | None
    words: int
    blocks: str


def row(article: Article, published: float | None = None) -> Row:
    """`article` as a Row, published at `published` (Unix time)."""
    blocks = json.dumps([[b.start, b.end, b.kind] for b in article.blocks])
    return Row(article.id, article.title, article.text, article.language, article.byline,
               article.author, article.source, article.link, article.path, published,
               article.words, blocks)


def insert(conn: sqlite3.Connection, article: Article | Row, published: float | None = None,
           now: float | None = None) -> bool:
    """Keep `article` (or its Row, which says when it was published) inside the caller's
    transaction; False when it was already kept."""
    values = article if isinstance(article, Row) else row(article, published)
    cursor = conn.execute(
        "INSERT OR IGNORE INTO articles (id, title, text, language, byline, author, source,"
        " link, path, published, words, blocks, added)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, time.time() if now is None else now),
    )
    return cursor.rowcount > 0


def keep(store: Store, article: Article, published: float | None = None) -> bool:
    """Keep one article (a page saved to read later, a file indexed for search)."""
    return bool(store.write(lambda conn: insert(conn, article, published), False))


def _article(row) -> Article:
    id_, title, text, language, byline, author, source, link, path, published, blocks = row
    return Article(id=id_, text=text, title=title, language=language, path=path,
                   byline=byline, author=author, date=day(published), source=source,
                   link=link, blocks=_blocks(blocks))


def _blocks(stored: str | None) -> tuple[Block, ...]:
    try:
        return tuple(Block(int(s), int(e), str(k)) for s, e, k in json.loads(stored or "[]"))
    except (ValueError, TypeError):
        return ()  # judged from the text again, as for any text without structure


def get(store: Store, article_id: str) -> Article | None:
    """The stored article with this id, or None."""
    sql = f"SELECT {_COLUMNS} FROM articles WHERE id = ?"
    row = store.read(lambda conn: conn.execute(sql, (article_id,)).fetchone())
    return _article(row) if row else None


def by_link(store: Store, link: str) -> Article | None:
    """The most recently kept article with this link, or None."""
    sql = f"SELECT {_COLUMNS} FROM articles WHERE link = ? ORDER BY added DESC LIMIT 1"
    row = store.read(lambda conn: conn.execute(sql, (link,)).fetchone())
    return _article(row) if row else None


def listing(store: Store, feed_url: str | None = None) -> list[Kept]:
    """Feed articles, newest first: of one feed, or of every feed when `feed_url` is None."""
    where, params = "", ()
    if feed_url is not None:
        where, params = " AND f.url = ?", (feed_url,)
    sql = (
        "SELECT a.id, a.title, a.language, a.words, a.link, a.path, f.url, a.published,"
        " a.added, COALESCE(s.read, 0), COALESCE(s.starred, 0)"
        " FROM articles a JOIN feed_entries e ON e.article = a.id JOIN feeds f ON f.id = e.feed"
        f" LEFT JOIN article_state s ON s.id = a.id WHERE 1{where}"
        " GROUP BY a.id ORDER BY COALESCE(a.published, a.added) DESC, a.n DESC"
    )
    rows = store.read(lambda conn: conn.execute(sql, params).fetchall(), [])
    return [Kept(*row[:9], read=bool(row[9]), starred=bool(row[10])) for row in rows]


def prune(store: Store, keep_days: float, now: float | None = None) -> int:
    """Forget feed articles older than `keep_days` that are not starred; the count removed.

    Age is the publication time, else the time the article arrived. The feed's record of
    the entry stays while the feed still lists it, so a pruned entry is not fetched again.
    """
    cutoff = (time.time() if now is None else now) - keep_days * DAY

    def work(conn):
        removed = conn.execute(
            "DELETE FROM articles WHERE COALESCE(published, added) < ?"
            " AND id IN (SELECT article FROM feed_entries)"
            " AND id NOT IN (SELECT id FROM article_state WHERE starred = 1)",
            (cutoff,),
        ).rowcount
        conn.execute(
            "DELETE FROM feed_entries WHERE seen < ?"
            " AND article NOT IN (SELECT id FROM articles)", (cutoff,))
        return removed

    return store.write(work, 0)
