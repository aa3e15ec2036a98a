"""The metadata cache of article files: what reading each file gave, kept until it changes.

Reading a file (extraction, cleanup, language) takes milliseconds to seconds, so a folder
of ten thousand articles takes minutes on two cores. A list needs only each file's
metadata (an `Entry`: id, title, language, words, byline, date, source, notes), so that is
kept in the state database's `catalog` table, keyed by the file's absolute path and
checked against the file's size, mtime (in ns) and inode:
- a file whose stamp still matches is not read again: its entry comes from the table;
- a changed file (another stamp) is read again and its row replaced;
- when a folder has been walked to the end, the rows of files no longer in it go.
A file that could not be read keeps its reason too (a page that took 20 s to give up on
is not tried at every start), unless the reason may pass by itself (an I/O error, a
reading process that died): that file is tried again next time.

`FORMAT` is in every row: a change to how files are read or to what a row holds bumps
it, and older rows are then read again. `reader cache clear catalog` empties the table.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.library.article import Entry, Skipped
from reader.library.store import Store

FORMAT = 1
"""The version of what a row holds and of how its file was read."""

FLUSH_EVERY = 256
"""Rows learnt by a walk are written in batches of this many (and at its end)."""

_TRANSIENT = "could not be read"
"""Reasons that start so (an I/O error, a reading process that died) are not kept."""

_ENTRY = ("id", "title", "language", "words", "byline", "author", "date", "source")
_COLUMNS = ("path, size, mtime_ns, inode, format, " + ", ".join(_ENTRY)
            + ", notes, plain, reason, checked")


@dataclass(frozen=True)
class Stamp:
    """What says a file is unchanged since it was read."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, info: os.stat_result) -> Stamp:
        return cls(info.st_size, info.st_mtime_ns, info.st_ino)


def key(path: str | os.PathLike) -> str:
    """The catalog's key for a path: absolute and normalised (not resolved: a link is
    kept under the name it was reached by)."""
    return os.path.abspath(os.fspath(path))


def _utf8(text: str) -> bool:
    """Whether SQLite can hold `text`: a file name that is not UTF-8 (its bytes kept as
    surrogates) cannot be a key, so such a file is read again at every open instead."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable(row: tuple) -> bool:
    return all(_utf8(v) for v in row if isinstance(v, str))


def _prefix_range(folder: str) -> tuple[str, str]:
    """Bounds of the keys under `folder` (every key that starts with folder + separator)."""
    start = folder if folder.endswith(os.sep) else folder + os.sep
    return start, start[:-1] + chr(ord(os.sep) + 1)


def _item(row: tuple, path: str) -> Entry | Skipped:
    """A stored row (without its path and stamp columns) as what reading gave."""
    fields = dict(zip(_ENTRY, row[:len(_ENTRY)]))
    notes, plain, reason = row[len(_ENTRY):len(_ENTRY) + 3]
    if reason is not None:
        return Skipped(path, reason)
    try:
        kept_notes = tuple(str(n) for n in json.loads(notes or "[]"))
    except (ValueError, TypeError):
        kept_notes = ()
    fields["words"] = int(fields["words"] or 0)
    return Entry(**fields, path=path, notes=kept_notes, plain=bool(plain))


def _row(path_key: str, stamp: Stamp, item: Entry | Skipped, now: float) -> tuple:
    if isinstance(item, Skipped):
        entry = (None,) * len(_ENTRY) + (None, 0, item.reason)
    else:
        entry = (*(getattr(item, name) for name in _ENTRY), json.dumps(list(item.notes)),
                 int(item.plain), None)
    return (path_key, stamp.size, stamp.mtime_ns, stamp.inode, FORMAT, *entry, now)


def worth_keeping(item: Entry | Skipped) -> bool:
    return not (isinstance(item, Skipped) and item.reason.startswith(_TRANSIENT))


class Catalog:
    """The catalog table of a Store: look up, keep and forget what files gave."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def session(self, paths: Iterable[str | os.PathLike]) -> Session:
        """The catalog as one walk of `paths` uses it (see `Session`)."""
        return Session(self, paths)

    def rows(self, paths: Iterable[str | os.PathLike]) -> dict[str, tuple]:
        """Every row for `paths`: a file's own row, and all rows under a folder, by key;
        each row is (Stamp, format, entry columns...)."""
        found: dict[str, tuple] = {}
        sql = f"SELECT {_COLUMNS} FROM catalog WHERE "
        for path in paths:
            name = key(path)
            if not _utf8(name):
                continue
            low, high = _prefix_range(name)

            def work(conn, name=name, low=low, high=high):
                return conn.execute(sql + "path = ? OR (path >= ? AND path < ?)",
                                    (name, low, high)).fetchall()

            for row in self.store.read(work, []):
                found[row[0]] = (Stamp(*row[1:4]), *row[4:-1])
        return found

    def knows(self, paths: Iterable[str | os.PathLike]) -> bool:
        """Whether every one of `paths` (a file, or a folder with something under it) has
        rows: a walk of them is then likely to read little."""
        sql = "SELECT 1 FROM catalog WHERE path = ? OR (path >= ? AND path < ?) LIMIT 1"
        for path in paths:
            name = key(path)
            if not _utf8(name):
                return False
            low, high = _prefix_range(name)
            if self.store.read(lambda conn: conn.execute(sql, (name, low, high)).fetchone()) is None:
                return False
        return True

    def put(self, rows: list[tuple]) -> None:
        """Keep rows made by `_row` (one transaction)."""
        rows = [row for row in rows if _storable(row)]
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            sql = f"INSERT OR REPLACE INTO catalog ({_COLUMNS}) VALUES ({marks})"
            self.store.write(lambda conn: conn.executemany(sql, rows))

    def remember(self, path: str | os.PathLike, info: os.stat_result,
                 item: Entry | Skipped) -> None:
        """Keep what reading one file gave (`info`: its stat from before it was read)."""
        if worth_keeping(item):
            self.put([_row(key(path), Stamp.of(info), item, time.time())])

    def forget(self, paths: Iterable[str | os.PathLike]) -> int:
        """Drop the rows of these files and of everything under these folders."""
        keys = [name for name in map(key, paths) if _utf8(name)]

        def work(conn):
            removed = 0
            for name in keys:
                low, high = _prefix_range(name)
                removed += conn.execute(
                    "DELETE FROM catalog WHERE path = ? OR (path >= ? AND path < ?)",
                    (name, low, high)).rowcount
            return removed

        return self.store.write(work, 0) if keys else 0

    def _forget_exactly(self, keys: list[str]) -> None:
        rows = [(k,) for k in keys if _utf8(k)]
        if rows:
            self.store.write(lambda conn: conn.executemany(
                "DELETE FROM catalog WHERE path = ?", rows))

    def count(self) -> int:
        return self.store.read(
            lambda conn: conn.execute("SELECT count(*) FROM catalog").fetchone()[0], 0)

    def clear(self) -> int:
        """Empty the catalog; how many rows went. Every file is read again next time."""
        return self.store.write(lambda conn: conn.execute("DELETE FROM catalog").rowcount, 0)


class Session:
    """The catalog as one walk uses it: `Loader(paths, cache=session)` asks `known` for
    each file found, tells `learn` what its workers read, and calls `finish` when the
    walk went to the end, which drops the rows of files under `paths` no longer found
    (their paths are then in `vanished`). `listing` gives every kept row under `paths`
    before the walk confirms them. The rows are read once, on the first question, in the
    thread that walks."""

    def __init__(self, catalog: Catalog, paths: Iterable[str | os.PathLike]) -> None:
        self.catalog = catalog
        self.paths = [Path(p) for p in paths]
        self.hits = 0
        self.misses = 0
        self.vanished: list[str] = []
        self._rows: dict[str, tuple] | None = None
        self._items: dict[str, Entry | Skipped] = {}
        self._seen: set[str] = set()
        self._pending: list[tuple] = []

    def knows_paths(self) -> bool:
        return self.catalog.knows(self.paths)

    def _kept(self) -> dict[str, tuple]:
        if self._rows is None:
            self._rows = self.catalog.rows(self.paths)
        return self._rows

    def listing(self) -> list[Entry | Skipped]:
        """What every file under `paths` gave when last read, by path, as if found by a
        walk (each path written the way the walk will write it), unconfirmed."""
        named = [(key(p), str(p)) for p in self.paths]
        items = []
        for name, row in sorted(self._kept().items()):
            shown = as_walked(name, named)
            if row[1] == FORMAT and shown is not None:
                items.append(self._items.setdefault(name, _item(row[2:], shown)))
        return items

    def known(self, path: Path, info: os.stat_result) -> Entry | Skipped | None:
        """What `path` gave when it was last read, if it has not changed since (the very
        object `listing` gave for it, if it gave one)."""
        name = key(path)
        self._seen.add(name)
        row = self._kept().get(name)
        if row is None or row[0] != Stamp.of(info) or row[1] != FORMAT:
            self.misses += 1
            return None
        self.hits += 1
        item = self._items.get(name)
        if item is None or item.path != str(path):
            item = self._items[name] = _item(row[2:], str(path))
        return item

    def learn(self, path: Path, info: os.stat_result, item: Entry | Skipped) -> None:
        """What a worker read from `path` (whose stat before reading was `info`)."""
        name = key(path)
        self._seen.add(name)
        if worth_keeping(item):
            self._pending.append(_row(name, Stamp.of(info), item, time.time()))
            if len(self._pending) >= FLUSH_EVERY:
                self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        self.catalog.put(pending)

    def finish(self) -> None:
        """The walk went through everything: keep what was learnt, drop what was not found."""
        self.flush()
        gone = [k for k in self._kept() if k not in self._seen]
        self.catalog._forget_exactly(gone)
        self.vanished = [self._items[k].path for k in gone if k in self._items]


def as_walked(name: str, roots: list[tuple[str, str]]) -> str | None:
    """The key `name` written as a walk of the roots ((key, as given) pairs, each given
    path written as `str(Path(...))` writes it) writes it."""
    for root, given in roots:
        if name == root:
            return given
        low, high = _prefix_range(root)
        if low <= name < high:  # string work: Path and relpath cost seconds at 10,000 files
            rest = name[len(low):]
            return rest if given == "." else os.path.join(given, rest)
    return None
