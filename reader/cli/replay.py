"""Answers kept for replay: a call answered before, with nothing it depends on changed
since, prints the same answer again without doing the work again.

Scripts run `reader summarize FILE --json` or `reader list FOLDER --json` over and over on
the same files. Even with every result in the results cache, such a call would import the
parsers, the text cleanup, the database and what they need: several times the start of the
interpreter itself. Yet its answer depends only on:
- the command line and the working folder,
- the files and folders it names (size, times, inode; for a folder, every entry under it),
- the settings file, and the environment variables that choose reader's folders,
- reader's own code and the installed packages (their folders' stamps).
A fingerprint of all of these names the answer, kept as a file under the cache folder
(`locations.cache_dir() / "answers"`); a call whose fingerprint has one prints it and ends.

Only `summarize` and `list` of files and folders are kept (an article id, a web address or
a feed depend on the database), only when the call succeeded, and only for a list without
skipped files or notes (a file can be skipped for taking too long, which may not happen
again). A call that told the user something on stderr (a settings file with a mistake, a
state database it could not use) is kept with what it said, which is said again when it is
replayed; as what is said about the database depends on the database, such an answer is
replayed only while the database file and its write-ahead log are as they were before
that call, and its folder has the same owner and permissions. `reader cache clear` deletes every kept answer.
"""

from __future__ import annotations

import os
import sys

COMMANDS = ("summarize", "list")
MAX_ENTRIES = 2000  # a bigger tree is not fingerprinted: reading it costs more anyway
MAX_ANSWERS = 200  # kept answers beyond this are deleted, oldest first
MAX_BYTES = 4 << 20
_ENVIRONMENT = ("READER_", "XDG_")
_HEX = frozenset("0123456789abcdefABCDEF")
_SKIPPED = (b'"status": "skipped"', b'"notes": [')


class _TooBig(Exception):
    pass


def folder() -> str:
    from reader import locations

    return os.path.join(locations.cache_dir(), "answers")


def fingerprint(argv: list[str], encoding: str) -> str | None:
    """The name of the answer to `argv` printed in `encoding`, or None when such a call is
    never kept."""
    if not argv or argv[0] not in COMMANDS or "--feed" in argv:
        return None
    if any(_not_a_file(arg) and not os.path.lexists(arg) for arg in argv[1:]):
        return None
    import hashlib

    import reader

    parts = [reader.__version__, sys.version, encoding, os.getcwd(), "\0".join(argv)]
    parts += [f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith(_ENVIRONMENT)]
    try:
        from reader.locations import config_file

        parts.append(_stamp(str(config_file())))
        parts += _tree(os.path.dirname(reader.__file__), code=True)
        parts += [_stamp(p) for p in sys.path if p.endswith("-packages")]
        for arg in argv[1:]:
            if not arg.startswith("-") and os.path.lexists(arg):
                parts += _tree(arg)
    except _TooBig:
        return None
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _not_a_file(arg: str) -> bool:
    """A web address or an article id: what names an article kept in the database."""
    return (arg.strip().lower().startswith(("http://", "https://"))
            or (len(arg) == 16 and set(arg) <= _HEX))


def _stamp(path: str) -> str:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return f"{path}:-"
    return (f"{path}:{info.st_mode}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:"
            f"{info.st_ino}:{info.st_dev}")


def _tree(root: str, code: bool = False) -> list[str]:
    """Stamps of `root` and, if a folder, of everything under it (reader's own code: its
    .py files)."""
    stamps = [_stamp(root)]
    pending = [root] if os.path.isdir(root) else []
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            stamps.append(f"unreadable:{exc.errno}")
            continue
        for entry in entries:
            if code and not (entry.name.endswith(".py") or entry.is_dir()):
                continue
            if code and entry.name == "__pycache__":
                continue
            stamps.append(_stamp(entry.path))
            if len(stamps) > MAX_ENTRIES:
                raise _TooBig
            if entry.is_dir():  # a link loop ends as too big
                pending.append(entry.path)
    return stamps


def database_stamp() -> str:
    """The state of the state database's files and folder, as far as stat tells."""
    from reader.locations import database_path

    path = str(database_path())
    try:  # the folder's times change whenever a connection's side files come and go
        info = os.stat(os.path.dirname(path))
        where = f"{info.st_mode}:{info.st_uid}:{info.st_gid}:{info.st_ino}"
    except (OSError, ValueError):
        where = "-"
    return "|".join([_stamp(path), _stamp(f"{path}-wal"), where])


def answer(key: str) -> tuple[bytes, bytes] | None:
    """The kept answer named `key` (what was printed on stdout, and on stderr), if there
    is one that still holds."""
    try:
        with open(os.path.join(folder(), key), "rb") as fh:
            database = fh.readline().rstrip(b"\n").decode("utf-8", "surrogateescape")
            told = fh.read(int(fh.readline()))
            output = fh.read(MAX_BYTES + 1)
    except (OSError, ValueError):
        return None
    if database and database != database_stamp():
        return None
    return output, told


def keep(key: str, argv: list[str], output: bytes, told: bytes = b"",
         database: str = "") -> None:
    """Keep `output` (and what was `told` on stderr, with the `database_stamp()` from
    before the call) as the answer named `key`, unless it should not be replayed."""
    if len(output) > MAX_BYTES or (argv[0] == "list" and any(s in output for s in _SKIPPED)):
        return
    where = folder()
    try:
        os.makedirs(where, exist_ok=True)
        temporary = os.path.join(where, f".{key}.{os.getpid()}")
        with open(temporary, "wb") as fh:
            fh.write(database.encode("utf-8", "surrogateescape") if told else b"")
            fh.write(b"\n%d\n" % len(told))
            fh.write(told)
            fh.write(output)
        os.replace(temporary, os.path.join(where, key))
        _prune(where)
    except OSError:
        pass  # a read-only or full cache folder: the call simply is not kept


def _prune(where: str) -> None:
    with os.scandir(where) as listing:
        kept = sorted((e for e in listing if not e.name.startswith(".")),
                      key=lambda e: e.stat().st_mtime_ns)
    for entry in kept[:-MAX_ANSWERS]:
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def clear() -> int:
    """Delete every kept answer; how many there were."""
    where = folder()
    try:
        names = os.listdir(where)
    except OSError:
        return 0
    count = 0
    for name in names:
        try:
            os.unlink(os.path.join(where, name))
            count += not name.startswith(".")
        except OSError:
            pass
    return count
