"""What reader remembers between runs: per-article state and a cache of computed results.

One SQLite file (`locations.database_path()`). Reading state (read, starred, scroll
position) is keyed by article id; the cache maps `cache_key(...)` strings to JSON values
(summaries, translations, entities). The store is shared by the UI's worker threads: one
connection guarded by a lock, every write in its own transaction.

The store never stops the program. A database that SQLite reports as corrupt is moved
aside (renamed with a timestamp, never deleted) and rebuilt; a data folder that cannot be
created or written gives an in-memory database for the session. Each such event adds a
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

SCHEMA_VERSION = 1
# Statements that bring a database from version N-1 to N; index N-1 holds version N.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE article_state (id TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,"
        " starred INTEGER NOT NULL DEFAULT 0, position REAL NOT NULL DEFAULT 0,"
        " updated REAL NOT NULL)",
        "CREATE TABLE cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)",
    ),
)
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
BUSY_TIMEOUT = 15.0  # seconds to wait for another process's write to finish
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


def _is_corrupt(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


class Store:
    """Per-article state and the result cache; safe to share between threads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else locations.database_path()
        self.notices: list[str] = []
        self.in_memory = False
        self._lock = threading.RLock()
        self._conn = self._open()

    # -- opening, recovery ---------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self._in_memory(f"cannot create {self.path.parent} ({error.strerror or error})")
        try:
            return self._connect(str(self.path))
        except sqlite3.Error as error:
            if not _is_corrupt(error):
                return self._in_memory(f"cannot use {self.path} ({error})")
        moved = self._move_aside()
        if moved is None:
            return self._in_memory(f"{self.path} is corrupt and cannot be moved aside")
        self.notices.append(f"The state database was corrupt; moved it to {moved} and started afresh.")
        try:
            return self._connect(str(self.path))
        except sqlite3.Error as error:
            return self._in_memory(f"cannot rebuild {self.path} ({error})")

    def _in_memory(self, why: str) -> sqlite3.Connection:
        self.notices.append(f"Reading state will not be kept after this session: {why}.")
        self.in_memory = True
        return self._connect(":memory:")

    def _connect(self, target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(
            target, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            if target != ":memory:":
                # WAL lets a second reader process read while this one writes; NORMAL
                # sync keeps commits fast and, with WAL, cannot corrupt the file.
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            if current > SCHEMA_VERSION:
                raise sqlite3.OperationalError(
                    f"it was written by a newer reader (schema {current} > {SCHEMA_VERSION})"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version - 1]:
                    conn.execute(statement)
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _move_aside(self) -> Path | None:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        try:
            self.path.rename(target)
            for suffix in ("-wal", "-shm", "-journal"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.rename(target.with_name(target.name + suffix))
        except OSError:
            return None
        return target

    def _recover(self) -> None:
        """Called with the lock held when SQLite reports corruption mid-session."""
        try:
            self._conn.close()
        except sqlite3.Error:
            pass
        self._conn = self._open()

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
                    if attempt == 1 and _is_corrupt(error) and not self.in_memory:
                        self._recover()
                        continue
                    verb = "written" if write else "read"
                    self._notice(f"The state database could not be {verb}: {error}.")
                    return default
            return default

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
