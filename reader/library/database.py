"""Opening the state database file, whatever is found at its path.

`open_database` always returns a usable connection and says what it had to do:
- a fresh or current database is migrated and used in place;
- one that SQLite reports as corrupt, or that is some other program's database (tables
  but no schema version of ours, or our tables with other columns), is moved aside
  (renamed with a timestamp, never deleted) and a new one started;
- one that can be read but not written (a read-only data folder or file) is copied into
  memory, so existing marks still show while changes last for the session only;
- anything else (a folder in its place, a database from a newer reader, a data folder
  that cannot be created) gives an empty in-memory database.
Each such event adds one sentence to `Opened.notices` for the user.

A file up to `CHECKED_BYTES` is checked whole (`PRAGMA quick_check`) when opened. That
check reads every page, so on a bigger file it would cost every start of the program
(0.15 s at 80 MB): there damage is found when a damaged page is first read, and the
store reopens the file with the check (`check=True`), which moves it aside.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote

Migrations = tuple[tuple[str, ...], ...]
BUSY_TIMEOUT = 15.0  # seconds to wait for another process's write to finish
CHECKED_BYTES = 4 << 20
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_NOT_KEPT = "Reading state will not be kept after this session"


class ForeignSchema(sqlite3.DatabaseError):
    """The file is a database, but not one of ours."""


@dataclass
class Opened:
    conn: sqlite3.Connection
    in_memory: bool = False
    notices: list[str] = field(default_factory=list)


def is_corrupt(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def open_database(path: Path, migrations: Migrations, *, check: bool = False) -> Opened:
    """A connection to the state database at `path` (see the module docstring);
    `migrations[N-1]` holds the statements that bring a database to version N. `check`:
    check the file whole whatever its size."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _fallback(path, migrations, f"cannot create {path.parent} ({error.strerror or error})")
    try:
        return Opened(_connect(str(path), migrations, check))
    except ForeignSchema as error:
        what = f"was not reader's state database ({error})"
    except sqlite3.Error as error:
        if not is_corrupt(error):
            return _fallback(path, migrations, f"cannot use {path} ({error})")
        what = "was corrupt"
    moved = move_aside(path)
    if moved is None:
        return _in_memory(migrations, f"{path} {what.split(' (')[0]} and cannot be moved aside")
    notice = f"The state database {what}; moved it to {moved} and started afresh."
    try:
        return Opened(_connect(str(path), migrations), notices=[notice])
    except sqlite3.Error as error:
        opened = _in_memory(migrations, f"cannot rebuild {path} ({error})")
        opened.notices.insert(0, notice)
        return opened


def _connect(target: str, migrations: Migrations, check: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
    )
    try:
        if check or _size(target) <= CHECKED_BYTES:
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
        _refuse_foreign(conn, migrations)
        _migrate(conn, migrations)
        _check_columns(conn, migrations)
        if target != ":memory:":
            # WAL lets a second reader process read while this one writes; NORMAL
            # sync keeps commits fast and, with WAL, cannot corrupt the file.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _size(target: str) -> int:
    try:
        return os.stat(target).st_size
    except (OSError, ValueError):
        return 0  # ":memory:", or a file not made yet


def _tables(conn: sqlite3.Connection, schema: str = "main") -> set[str]:
    rows = conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows if not name.startswith("sqlite_")}


def _refuse_foreign(conn: sqlite3.Connection, migrations: Migrations) -> None:
    """ForeignSchema for a database with tables that never had our schema version, or
    without the columns its version should have (checked before anything is written)."""
    tables = _tables(conn)
    if tables and "schema_version" not in tables:
        raise ForeignSchema(f"tables: {', '.join(sorted(tables)[:5])}")
    current = _version(conn) if tables else 0
    if isinstance(current, int) and 0 < current <= len(migrations):
        _check_columns(conn, migrations[:current])


@cache
def _expected_columns(migrations: Migrations) -> dict[str, frozenset[str]]:
    """Each table's columns as the migrations make them (built once, in memory)."""
    conn = sqlite3.connect(":memory:")
    try:
        _migrate(conn, migrations)
        return {t: _columns(conn, t) for t in _tables(conn)}
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> frozenset[str]:
    return frozenset(row[1] for row in conn.execute(f"PRAGMA {schema}.table_info({table})"))


def _check_columns(conn: sqlite3.Connection, migrations: Migrations,
                   schema: str = "main") -> None:
    for table, wanted in _expected_columns(migrations).items():
        missing = wanted - _columns(conn, table, schema)
        if missing:
            raise ForeignSchema(f"table {table} lacks {', '.join(sorted(missing))}")


def _version(conn: sqlite3.Connection) -> int:
    if "schema_version" not in _tables(conn):
        return 0
    (current,) = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return current or 0


def _migrate(conn: sqlite3.Connection, migrations: Migrations) -> None:
    """Bring the schema up to date; a current database is not written to at all."""
    latest = len(migrations)
    current = _version(conn)
    if not isinstance(current, int) or current > latest:
        raise sqlite3.OperationalError(
            f"it was written by a newer reader (schema {current} > {latest})"
        )
    if current == latest:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = _version(conn)  # another process may have migrated it meanwhile
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        for version in range(current + 1, latest + 1):
            for statement in migrations[version - 1]:
                conn.execute(statement)
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version VALUES (?)", (latest,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def move_aside(path: Path) -> Path | None:
    """Rename the database (and its -wal/-shm/-journal) out of the way; None if impossible."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm", "-journal"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
    except OSError:
        return None
    return target


def _in_memory(migrations: Migrations, why: str) -> Opened:
    return Opened(_connect(":memory:", migrations), True, [f"{_NOT_KEPT}: {why}."])


def _fallback(path: Path, migrations: Migrations, why: str) -> Opened:
    """A copy in memory of a database that can be read but not written, else an empty one."""
    try:
        readable = stat.S_ISREG(os.stat(path).st_mode) and os.access(path, os.R_OK)
    except (OSError, ValueError):
        readable = False
    if readable:
        for mode in ("mode=ro", "immutable=1"):
            conn = _copy_into_memory(path, migrations, mode)
            if conn is not None:
                notice = (f"{_NOT_KEPT}: {why}; existing marks are shown, "
                          "changes last until you quit.")
                return Opened(conn, True, [notice])
    return _in_memory(migrations, why)


def _plain_tables(conn: sqlite3.Connection) -> list[str]:
    """Our tables that hold data of their own: not the schema version, not a full-text
    index or its shadow tables (the triggers rebuild those as the rows are copied)."""
    rows = conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table'")
    tables = {name: (sql or "") for name, sql in rows if not name.startswith("sqlite_")}
    virtual = [n for n, sql in tables.items() if sql.upper().startswith("CREATE VIRTUAL")]
    return [n for n in tables if n != "schema_version" and n not in virtual
            and not any(n.startswith(f"{v}_") for v in virtual)]


def _copy_into_memory(path: Path, migrations: Migrations, mode: str) -> sqlite3.Connection | None:
    conn = sqlite3.connect(":memory:", uri=True, isolation_level=None, check_same_thread=False)
    try:
        _migrate(conn, migrations)
        conn.execute("ATTACH DATABASE ? AS disk", (f"file:{quote(str(path))}?{mode}",))
        _check_columns(conn, migrations, "disk")
        expected = _expected_columns(migrations)
        for table in _plain_tables(conn):
            names = ", ".join(sorted(expected[table]))
            conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM disk.{table}")
        conn.execute("DETACH DATABASE disk")
    except sqlite3.Error:
        conn.close()
        return None
    return conn
