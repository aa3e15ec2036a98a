"""Watching the opened folders while the app runs: files that appear, change or go.

A scraper writing into a folder feeds the reader: `Live(paths, store).changes()` yields
what changes under `paths` in the same terms as the listing (`reader.library.listing`):
an Entry for a new or changed file (read by the loader, through the metadata cache), a
Skipped for one that cannot be read, a Gone for one that went. It runs until `stop()`.

Where the changes come from: watchfiles (the Rust `notify` crate: inotify on Linux) says
which paths were touched; they are only hints, and each is looked at on disk:
- a file that is still being written (modified less than `SETTLE` seconds ago) or that
  has just gone (an editor's save: the old file removed, then the new one renamed into
  place) is looked at again once it has been still for `SETTLE` seconds;
- a folder that appears (made, or moved in whole: inotify tells only of the folder) is
  walked; one that goes takes every listed file under it along;
- names a folder walk would pass over (hidden, other suffixes: editors' temporary files)
  are ignored;
- thousands of files at once are read by one loader, both cores, rows coming as read.
Polling (every `POLL_SECONDS`) replaces inotify where inotify cannot be used: when
setting it up fails (the limit of inotify watches reached, say), on network and
virtual file systems whose changes inotify does not see (NFS, SMB, sshfs, 9p, ...), and
when READER_WATCH=poll is set. The poll is our own walk comparing each file's size,
modification time (ns) and inode with the walk before: a file replaced within the same
second as it was written (an editor's save) is a change, which a comparison of
modification times in whole seconds would miss.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.library.article import Skipped
from reader.library.catalog import Catalog, as_walked, key
from reader.library.listing import Change, Gone, Listing
from reader.library.sources import taken_from_folder

SETTLE = 0.3
"""Seconds a touched path must be left alone before it is read (or counted as gone)."""

POLL_SECONDS = 1.0
TICK_MS = 150
"""How often pending paths are looked at again when nothing else happens."""

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre",
    "gpfs", "ocfs2", "vboxsf", "virtiofs", "fuse.sshfs", "fuse.glusterfs", "fuse.davfs2",
    "fuse.rclone", "fuse.s3fs", "davfs",
})


def filesystem_type(path: str, mounts: str = "/proc/self/mountinfo") -> str | None:
    """The type of the file system holding `path` (Linux), None when it cannot be told."""
    try:
        real = os.path.realpath(path)
        with open(mounts, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    best, found = -1, None
    for line in lines:
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        point = fields[4].replace("\\040", " ")
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, found = len(point), line.split(" - ", 1)[1].split()[0]
    return found


def wants_polling(paths: Iterable[str]) -> str | None:
    """Why these paths must be polled (READER_WATCH=poll, a network file system), or None."""
    if os.environ.get("READER_WATCH", "").strip().lower() == "poll":
        return "READER_WATCH=poll"
    for path in paths:
        kind = filesystem_type(path)
        if kind in NETWORK_FILESYSTEMS:
            return f"{path} is on {kind}"
    return None


class Live:
    """The changes under `paths` as they happen (see the module docstring)."""

    def __init__(self, paths: Iterable[str | os.PathLike], store, *,
                 polling: bool | None = None, settle: float = SETTLE) -> None:
        self.given = [str(Path(p)) for p in paths]
        self.roots = [(key(p), p) for p in self.given]
        self.store = store
        self.settle = settle
        reason = wants_polling([r for r, _ in self.roots]) if polling is None else (
            "asked" if polling else None)
        self.polling = reason is not None
        self.why_polling = reason
        self.started = threading.Event()
        """Set once the watch is set up: changes from then on are seen."""
        self._stop = threading.Event()
        self._reading: Listing | None = None
        self._pending: dict[str, float] = {}  # key -> when it was last touched

    def stop(self) -> None:
        """End `changes()` soon, from any thread; a reading under way is cancelled."""
        self._stop.set()
        reading = self._reading
        if reading is not None:
            reading.cancel()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    # -- the events ------------------------------------------------------------------------

    def _events(self) -> Iterator[set[str]]:
        """Touched paths (keys), in batches; an empty batch every TICK_MS when quiet."""
        watched = [r for r, _ in self.roots if os.path.exists(r)]
        if not watched:
            return
        try:
            yield from self._watch(watched, self.polling)
        except Exception as error:  # inotify could not be set up: the watch limit, say
            if self.polling or self.stopped:
                raise
            self.polling, self.why_polling = True, f"inotify failed ({error})"
            yield from self._watch(watched, True)

    def _watch(self, watched: list[str], polling: bool) -> Iterator[set[str]]:
        if polling:
            yield from self._poll(watched)
            return
        from watchfiles import watch

        for batch in watch(*watched, watch_filter=None, debounce=400, step=50,
                           stop_event=self._stop, rust_timeout=TICK_MS, yield_on_timeout=True,
                           raise_interrupt=False, ignore_permission_denied=True):
            self.started.set()
            yield {key(path) for _, path in batch}

    def _poll(self, watched: list[str]) -> Iterator[set[str]]:
        """Touched files found by walking `watched` every POLL_SECONDS (see the module
        docstring); an empty batch every TICK_MS in between."""
        before = _snapshot(watched)
        self.started.set()
        due = time.monotonic() + POLL_SECONDS
        while not self._stop.wait(TICK_MS / 1000):
            if time.monotonic() < due:
                yield set()
                continue
            now = _snapshot(watched)
            yield {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}
            before, due = now, time.monotonic() + POLL_SECONDS

    # -- what they mean --------------------------------------------------------------------

    def changes(self, ready: threading.Event | None = None) -> Iterator[Change]:
        """Changes one by one until `stop()`. Until `ready` is set (the folders' first
        listing is done), touched paths are only noted; then they are looked at."""
        for touched in self._events():
            now = time.monotonic()
            for name in touched:
                self._pending[name] = now
            if ready is not None and not ready.is_set():
                continue
            settled = [n for n, when in self._pending.items()
                       if now - when >= self.settle and not self._busy(n, now)]
            for name in settled:
                del self._pending[name]
            if settled:
                yield from self._look(settled)
            if self.stopped:
                return

    cancel = stop

    def _busy(self, name: str, now: float) -> bool:
        """Whether a file is still being written (modified within the settling time); it
        then stays pending."""
        try:
            info = os.stat(name)
        except OSError:
            return False
        if stat.S_ISREG(info.st_mode) and time.time() - info.st_mtime < self.settle:
            self._pending[name] = now
            return True
        return False

    def _shown(self, name: str) -> str | None:
        """A key written the way the listing writes its path; None outside the folders."""
        return as_walked(name, self.roots)

    def _look(self, names: list[str]) -> Iterator[Change]:
        """Each path as it is now on disk: read, walked, or gone."""
        read, gone = [], []
        for name in sorted(names):
            shown = self._shown(name)
            if shown is None:
                continue
            try:
                info = os.stat(name)
            except OSError:
                gone.append(name)
                continue
            folder = stat.S_ISDIR(info.st_mode)
            if folder and Catalog(self.store).knows([name]):
                continue  # a folder listed already: its files tell of their own changes
            if self._taken(name, folder):
                read.append(shown)
        yield from self._gone(gone)
        if read and not self.stopped:
            yield from self._read(read)

    def _taken(self, name: str, folder: bool) -> bool:
        """Whether a walk of the opened paths takes this file (or walks into this folder)."""
        return any(name == root or taken_from_folder(name, root, is_folder=folder)
                   for root, _ in self.roots)

    def _gone(self, names: list[str]) -> Iterator[Gone]:
        """A Gone for each listed file that was at one of `names` or under it."""
        if not names:
            return
        catalog = Catalog(self.store)
        rows = catalog.rows(names)
        catalog.forget(names)
        files = {n for n in names if self._taken(n, folder=False)}
        for name in sorted(set(rows) | files):
            shown = self._shown(name)
            if shown is not None:
                yield Gone(shown)

    def _read(self, paths: list[str]) -> Iterator[Change]:
        """Read files and walk folders through the metadata cache, in parallel; a file
        that went meanwhile is Gone."""
        self._reading = Listing(paths, self.store, known_first=False)
        try:
            if self.stopped:
                return
            for item in self._reading:
                if isinstance(item, Skipped) and not os.path.lexists(item.path):
                    item = Gone(item.path)
                yield item
        finally:
            self._reading.cancel()
            self._reading = None


def _snapshot(roots: list[str]) -> dict[str, tuple[int, int, int]]:
    """(size, mtime_ns, inode) of every file under `roots` (or of a root that is a file),
    by key; hidden folders are not walked into, links to folders not followed."""
    found: dict[str, tuple[int, int, int]] = {}
    folders: list[str] = []
    for root in roots:
        try:
            info = os.stat(root)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            folders.append(root)
        else:
            found[root] = (info.st_size, info.st_mtime_ns, info.st_ino)
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if not entry.name.startswith("."):
                                folders.append(entry.path)
                        elif entry.is_file():
                            info = entry.stat()
                            found[entry.path] = (info.st_size, info.st_mtime_ns, info.st_ino)
                    except OSError:
                        continue
        except OSError:
            continue
    return found
