"""The feeds table: which feeds the user follows, in which folder, and how each last went.

A subscription is its URL plus what the last fetch learnt (title, validators for the next
conditional GET, status and error, when to try again). Folders come from OPML outlines
and are kept as a path ("News/Science"). Counts of articles and unread articles are
computed from the entries, so they never drift.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from reader.library.store import Store

_COLUMNS = ("id, url, title, site, folder, full_text, etag, modified, body_hash, status,"
            " error, fetched, checked, retry_after")
STATUSES = ("new", "ok", "error", "gone")


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    title: str | None = None
    site: str | None = None
    folder: str | None = None
    full_text: bool | None = None  # None: fetch the page when an entry is a short teaser
    etag: str | None = None
    modified: str | None = None
    body_hash: str | None = None
    status: str = "new"
    error: str | None = None
    fetched: float | None = None
    checked: float | None = None
    retry_after: float | None = None
    articles: int = 0
    unread: int = 0

    @property
    def name(self) -> str:
        return self.title or self.url


def _feed(row, articles: int = 0, unread: int = 0) -> Feed:
    values = list(row)
    values[5] = None if values[5] is None else bool(values[5])
    return Feed(*values, articles=articles, unread=unread)


def subscribe(store: Store, url: str, *, title: str | None = None, site: str | None = None,
              folder: str | None = None, full_text: bool | None = None) -> tuple[Feed, bool]:
    """(the subscription, whether it is new). An existing one keeps its data, except
    that a `full_text` choice given here replaces the stored one."""

    def work(conn):
        cursor = conn.execute(
            "INSERT OR IGNORE INTO feeds (url, title, site, folder, full_text, added)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (url, title, site, folder, full_text, time.time()))
        if cursor.rowcount == 0 and full_text is not None:
            conn.execute("UPDATE feeds SET full_text = ? WHERE url = ?", (full_text, url))
        return cursor.rowcount > 0

    created = bool(store.write(work, False))
    feed = get(store, url)
    if feed is None:
        raise OSError(f"the state database could not keep {url}")
    return feed, created


def get(store: Store, url: str) -> Feed | None:
    """The subscription to `url`, with its counts, or None."""
    found = _with_counts(store, " WHERE f.url = ?", (url,))
    return found[0] if found else None


def feeds(store: Store, urls: list[str] | None = None) -> list[Feed]:
    """Every subscription (or those named), in the order they were added, with counts."""
    found = _with_counts(store, "", ())
    if urls is None:
        return found
    by_url = {f.url: f for f in found}
    return [by_url[u] for u in dict.fromkeys(urls) if u in by_url]


def _with_counts(store: Store, where: str, params: tuple) -> list[Feed]:
    sql = (
        f"SELECT {', '.join('f.' + c.strip() for c in _COLUMNS.split(','))},"
        " COUNT(DISTINCT a.id), COUNT(DISTINCT CASE WHEN s.read THEN NULL ELSE a.id END)"
        " FROM feeds f LEFT JOIN feed_entries e ON e.feed = f.id"
        " LEFT JOIN articles a ON a.id = e.article LEFT JOIN article_state s ON s.id = a.id"
        f"{where} GROUP BY f.id ORDER BY f.id"
    )
    rows = store.read(lambda conn: conn.execute(sql, params).fetchall(), [])
    return [_feed(row[:-2], row[-2], row[-1]) for row in rows]


def unsubscribe(store: Store, url: str) -> bool:
    """Remove a feed, its entries and its articles (starred ones, and those another feed
    also lists, stay). False when there was no such feed."""

    def work(conn):
        row = conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
        if row is None:
            return False
        conn.execute(
            "DELETE FROM articles WHERE id IN (SELECT article FROM feed_entries WHERE feed = ?)"
            " AND id NOT IN (SELECT article FROM feed_entries WHERE feed != ?)"
            " AND id NOT IN (SELECT id FROM article_state WHERE starred = 1)",
            (row[0], row[0]))
        conn.execute("DELETE FROM feed_entries WHERE feed = ?", (row[0],))
        conn.execute("DELETE FROM feeds WHERE id = ?", (row[0],))
        return True

    return bool(store.write(work, False))


def update(conn, feed_id: int, **values) -> None:
    """Set columns of one feed inside the caller's transaction."""
    unknown = set(values) - {c.strip() for c in _COLUMNS.split(",")}
    if unknown:
        raise ValueError(f"unknown feed columns: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE feeds SET {assignments} WHERE id = ?", (*values.values(), feed_id))


def move(conn, feed_id: int, new_url: str) -> bool:
    """Point a feed at its new address (a permanent redirect); False if that address is
    already another subscription."""
    taken = conn.execute("SELECT 1 FROM feeds WHERE url = ? AND id != ?",
                         (new_url, feed_id)).fetchone()
    if taken:
        return False
    update(conn, feed_id, url=new_url)
    return True
