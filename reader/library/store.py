"""What reader remembers between runs: per-article state and a cache of computed results.

One SQLite file (`locations.database_path()`). Reading state (read, starred, scroll
position) is keyed by article id; the cache maps `cache_key(...)` strings to JSON values
(summaries, translations, entities). The store is shared by the UI's worker threads: one
connection guarded by a lock, every write in its own transaction.

The store never stops the program: `reader.library.database` opens whatever is at the
path (moving a corrupt or foreign file aside, copying a read-only one into memory), and
a database that goes bad mid-session is reopened the same way. Each such event adds a
sentence to `notices` for the user.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader import locations
from reader.library.database import is_corrupt, open_database

# Statements that bring a database from version N-1 to N; index N-1 holds version N.
# Append only: a released migration is never edited.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE article_state (id TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,"
        " starred INTEGER NOT NULL DEFAULT 0, position REAL NOT NULL DEFAULT 0,"
        " updated REAL NOT NULL)",
        "CREATE TABLE cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)",
    ),
    (
        # Subscriptions: one row per feed URL, with what the last fetch learnt.
        "CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT,"
        " site TEXT, folder TEXT, full_text INTEGER, etag TEXT, modified TEXT,"
        " body_hash TEXT, status TEXT NOT NULL DEFAULT 'new', error TEXT, fetched REAL,"
        " checked REAL, retry_after REAL, added REAL NOT NULL)",
        # Articles kept as data (no file to re-read): feed entries, pages saved to read
        # later, and files indexed for search. `n` is the full-text index's row id;
        # `blocks` the article's structure as JSON [[start, end, kind], ...].
        "CREATE TABLE articles (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
        " title TEXT NOT NULL, text TEXT NOT NULL, language TEXT NOT NULL, byline TEXT,"
        " author TEXT, source TEXT, link TEXT, path TEXT, published REAL,"
        " words INTEGER NOT NULL, added REAL NOT NULL, blocks TEXT)",
        "CREATE INDEX articles_link ON articles (link)",
        # Which entries of a feed were seen (by entry id, else link) and the article each
        # became. A row outlives its pruned article so the entry is not fetched again.
        "CREATE TABLE feed_entries (feed INTEGER NOT NULL, key TEXT NOT NULL, link TEXT,"
        " article TEXT NOT NULL, seen REAL NOT NULL, PRIMARY KEY (feed, key))",
        "CREATE INDEX feed_entries_article ON feed_entries (article)",
        "CREATE INDEX feed_entries_link ON feed_entries (feed, link)",
        "CREATE VIRTUAL TABLE article_search USING fts5(title, text, content='articles',"
        " content_rowid='n', tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER articles_indexed AFTER INSERT ON articles BEGIN"
        " INSERT INTO article_search (rowid, title, text) VALUES (new.n, new.title, new.text);"
        " END",
        "CREATE TRIGGER articles_unindexed AFTER DELETE ON articles BEGIN"
        " INSERT INTO article_search (article_search, rowid, title, text)"
        " VALUES ('delete', old.n, old.title, old.text); END",
        "CREATE TRIGGER articles_reindexed AFTER UPDATE OF title, text ON articles BEGIN"
        " INSERT INTO article_search (article_search, rowid, title, text)"
        " VALUES ('delete', old.n, old.title, old.text);"
        " INSERT INTO article_search (rowid, title, text) VALUES (new.n, new.title, new.text);"
        " END",
    ),
    (
        # What reading each article file gave, kept until the file changes: the file's
        # absolute path, its size, mtime (ns) and inode when read, the format of the row,
        # then the entry (id ... plain) or, for a file that could not be read, the reason.
        "CREATE TABLE catalog (path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
        " mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, format INTEGER NOT NULL,"
        " id TEXT, title TEXT, language TEXT, words INTEGER, byline TEXT, author TEXT,"
        " date TEXT, source TEXT, notes TEXT, plain INTEGER NOT NULL DEFAULT 0,"
        " reason TEXT, checked REAL NOT NULL)",
        "CREATE INDEX catalog_id ON catalog (id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
_CHUNK = 500  # stays below SQLite's limit on bound parameters


@dataclass(frozen=True)
class ArticleState:
    read: bool = False
    starred: bool = False
    position: float = 0.0


def cache_key(kind: str, *parts: Any) -> str:
    """A stable key: `kind` readable, then a hash of the parts (ids, models, parameters)."""
    payload = json.dumps([kind, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return f"{kind}:{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:32]}"


class Store:
    """Per-article state and the result cache; safe to share between threads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else locations.database_path()
        self.notices: list[str] = []
        self.in_memory = False
        self._lock = threading.RLock()
        self._conn = self._open()

    # -- opening, recovery ---------------------------------------------------------------

    def _open(self, check: bool = False) -> sqlite3.Connection:
        opened = open_database(self.path, MIGRATIONS, check=check)
        self.in_memory = opened.in_memory
        for notice in opened.notices:
            self._notice(notice)
        return opened.conn

    def _recover(self) -> None:
        """Called with the lock held when SQLite reports corruption mid-session."""
        try:
            self._conn.close()
        except sqlite3.Error:
            pass
        self._conn = self._open(check=True)

    # -- running statements ----------------------------------------------------------------

    @contextmanager
    def _transaction(self):
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _run(self, work, default=None, *, write=False):
        """Run `work(conn)` under the lock; on corruption recover once, never raise."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    if write:
                        with self._transaction() as conn:
                            return work(conn)
                    return work(self._conn)
                except sqlite3.ProgrammingError:
                    raise
                except sqlite3.Error as error:
                    if attempt == 1 and is_corrupt(error) and not self.in_memory:
                        self._recover()
                        continue
                    verb = "written" if write else "read"
                    self._notice(f"The state database could not be {verb}: {error}.")
                    return default
            return default

    def read(self, work, default=None):
        """`work(connection)` under the lock; a database error gives `default` and a notice."""
        return self._run(work, default)

    def write(self, work, default=None):
        """`work(connection)` in one write transaction; on error rolled back, `default`."""
        return self._run(work, default, write=True)

    def _notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)

    # -- article state ---------------------------------------------------------------------

    def state(self, article_id: str) -> ArticleState:
        return self.states([article_id]).get(article_id, ArticleState())

    def states(self, ids: Iterable[str]) -> dict[str, ArticleState]:
        """State for each id asked for; ids never seen get the default state."""
        wanted = list(dict.fromkeys(ids))

        def work(conn):
            sql = "SELECT id, read, starred, position FROM article_state WHERE id IN"
            return {
                row[0]: ArticleState(bool(row[1]), bool(row[2]), float(row[3]))
                for row in _rows_in(conn, sql, wanted)
            }

        found = self._run(work, {})
        return {i: found.get(i, ArticleState()) for i in wanted}

    def set_read(self, article_id: str, read: bool = True) -> None:
        self._set(article_id, "read", int(bool(read)))

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        self._set(article_id, "starred", int(bool(starred)))

    def set_position(self, article_id: str, position: float) -> None:
        """Remember the scroll position; negative or non-finite values are stored as 0."""
        value = float(position)
        self._set(article_id, "position", value if math.isfinite(value) and value > 0 else 0.0)

    def _set(self, article_id: str, column: str, value) -> None:
        sql = (
            f"INSERT INTO article_state (id, {column}, updated) VALUES (?, ?, ?)"
            f" ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column},"
            " updated = excluded.updated"
        )
        self._run(lambda conn: conn.execute(sql, (article_id, value, time.time())), write=True)

    # -- cache -----------------------------------------------------------------------------

    def cache_get(self, key: str) -> Any | None:
        """The JSON value stored under `key`, or None when there is none."""
        return self.cache_get_many([key]).get(key)

    def cache_get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """Values for the keys that are cached; missing keys are left out."""
        wanted = list(dict.fromkeys(keys))

        def work(conn):
            return dict(_rows_in(conn, "SELECT key, value FROM cache WHERE key IN", wanted))

        found = {}
        for key, text in self._run(work, {}).items():
            try:
                found[key] = json.loads(text)
            except ValueError:
                continue  # an unreadable entry counts as missing and is recomputed
        return found

    def cache_put(self, key: str, value: Any) -> None:
        self.cache_put_many({key: value})

    def cache_put_many(self, items: dict[str, Any]) -> None:
        """Store JSON-serialisable values, all in one transaction."""
        now = time.time()
        rows = [(k, json.dumps(v, ensure_ascii=False), now) for k, v in items.items()]
        if rows:
            sql = "INSERT OR REPLACE INTO cache (key, value, created) VALUES (?, ?, ?)"
            self._run(lambda conn: conn.executemany(sql, rows), write=True)

    def cache_counts(self) -> dict[str, int]:
        """How many values are cached per kind (the part of a key before its first ":")."""
        sql = ("SELECT substr(key, 1, instr(key, ':') - 1) AS kind, count(*) FROM cache "
               "WHERE instr(key, ':') > 0 GROUP BY kind")
        return self._run(lambda conn: dict(conn.execute(sql).fetchall()), {})

    def cache_clear(self, kinds: Iterable[str]) -> int:
        """Delete every cached value of the given kinds; returns how many were deleted."""
        prefixes = [f"{kind}:" for kind in kinds]
        sql = "DELETE FROM cache WHERE substr(key, 1, ?) = ?"

        def work(conn):
            return sum(conn.execute(sql, (len(p), p)).rowcount for p in prefixes)

        return self._run(work, 0, write=True)

    # -- lifetime --------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _rows_in(conn: sqlite3.Connection, query: str, keys: list) -> Iterator[tuple]:
    """Rows of `query` (which ends in "IN") for all `keys`, asked for a chunk at a time."""
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        yield from conn.execute(f"{query} ({','.join('?' * len(chunk))})", chunk)
