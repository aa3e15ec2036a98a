"""Loading many files at once in a small pool of worker processes, each file on a clock.

One file can take minutes to read (a page that sends the extractor down a quadratic
path), and Python cannot stop a thread that is stuck in it. So files are read in worker
processes, one file at a time each, as many workers as there are cores (two at most): a
slow file holds one worker while the others go on, and a file still unfinished after
`FILE_SECONDS` gets its worker killed and replaced. That file is then read again the
plain way (no extraction: tags stripped, the text as it is), which ends as an Article
with a note, or as a Skipped with the reason.

`Loader(paths)` is iterated for Entries (an article's metadata, see article.py) and
Skipped entries as they come (the order is not the order of the files; `in_order()`
gives that), `done` and `total` say how far it got, and `cancel()` stops it at once from
any thread: the workers are killed, nothing is left running. Workers also end by
themselves when the program that started them is gone.

With a `cache` (a `reader.library.catalog.Session`), a file the cache knows in its
current state is not read at all: its entry comes from the cache, and what the workers
read is handed to the cache. Workers start only when a file needs reading.

A few small plain-text files (the embedded seeds, say) are read in this process instead,
in a thread that `warm()` starts (else by the iterating thread): starting the workers
would cost more than reading them, and plain text (unlike an HTML page) cannot send the
reader down a path that takes minutes. They go through the cache as the workers' files do.
"""

from __future__ import annotations

import importlib
import os
import pickle
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import wait
from pathlib import Path

from reader.library.article import Article, Entry, Skipped

FILE_SECONDS = 10.0
"""How long one file may take to read before its worker is stopped."""
INLINE_FILES = 8
INLINE_BYTES = 256 * 1024
"""At most this many plain-text files, each at most this big, are read without workers."""

PLAIN_NOTE = "shown as plain text: reading it properly took too long"
WORKER_ENDED = "could not be read (the reading process ended)"

Item = Entry | Skipped


def worker_count() -> int:
    """Both cores of a two-core machine; never more than two (reading is also disk work)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


READ = "reader.library.loader:read"
"""The function workers read a file with, as module:name (tests give their own)."""


def read(path: str, plain: bool) -> Item:
    """What a worker makes of one file: read properly, or (`plain`) without extraction;
    only the entry travels back, not the text."""
    item = _read_article(path, plain)
    return item.entry(plain=plain) if isinstance(item, Article) else item


def _read_article(path: str, plain: bool) -> Article | Skipped:
    from reader.library import sources

    return sources.read_plain(path, note=PLAIN_NOTE) if plain else sources.read(path)


def reopen(entry: Entry | Article) -> Article:
    """The whole Article of a listed entry, read from its file the way the entry was
    (plain when it was); raises UnreadableArticle when it cannot be read any more."""
    if isinstance(entry, Article):
        return entry
    from reader.errors import UnreadableArticle

    if entry.path is None:
        raise UnreadableArticle(entry.title, "it has no file to read")
    item = _read_article(entry.path, entry.plain)
    if isinstance(item, Skipped):
        raise UnreadableArticle(item.path, item.reason)
    return item


def _watch_parent(parent: int) -> None:
    """End this worker when the process that started it is gone (it was killed, say)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def _serve(read: Callable[[str, bool], Item], parent: int) -> None:
    """A worker: read each path sent on stdin, send back on stdout what became of it,
    until stdin ends. Frames are pickles, between this program and itself only."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    jobs = sys.stdin.buffer
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else writes to stdout (a library, C code) cannot reach the frames
    while True:
        try:
            job = pickle.load(jobs)
        except (EOFError, OSError, pickle.UnpicklingError):
            return
        index, path, plain = job
        try:
            result = read(path, plain)
        except Exception as exc:  # never let one file end the worker
            result = Skipped(path, f"could not be read ({type(exc).__name__})")
        try:
            pickle.dump((index, result), results)
            results.flush()
        except (OSError, ValueError):
            return


@dataclass
class _Worker:
    process: subprocess.Popen
    job: tuple[int, str, bool] | None = None
    started: float = 0.0

    def fileno(self) -> int:
        return self.process.stdout.fileno()


class Loader:
    """Articles and Skipped entries for every file under `paths`, read in parallel."""

    def __init__(self, paths: Iterable[str | os.PathLike], *, workers: int | None = None,
                 seconds: float = FILE_SECONDS, read: str = READ, cache=None,
                 inline: int = INLINE_FILES) -> None:
        self.paths = [Path(p) for p in paths]
        self.cache = cache
        self.inline = inline if read == READ else 0
        self._few: list | bool | None = None  # decided on first use
        self._early: queue.SimpleQueue | None = None  # what warm() read, as it comes
        self.workers = workers or worker_count()
        self.seconds = seconds
        self.done = 0
        self.total = 0
        self.finding = True  # still discovering files (total may grow)
        self._read = read
        self._pool: list[_Worker] = []
        self._lock = threading.Lock()
        self._cancelled = threading.Event()

    # -- control ---------------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop now: kill every worker; iteration ends (from any thread)."""
        self._cancelled.set()
        with self._lock:
            pool, self._pool = self._pool, []
        for worker in pool:
            _stop(worker)

    def warm(self) -> None:
        """Start the worker processes now, ahead of the first file (they take a moment to
        start, which can overlap with the caller's own start); none for a few small files,
        which a thread starts reading instead, nor when the cache already knows these
        paths, as then there is likely little or nothing to read."""
        few = self._read_here()
        if few is not None:
            if self._early is None:
                self._early = queue.SimpleQueue()
                threading.Thread(target=self._read_early, args=(few, self._early),
                                 name="reader-early", daemon=True).start()
            return
        if self.cache is not None and self.cache.knows_paths():
            return
        while len(self._pool) < self.workers and self._start() is not None:
            pass

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def in_order(self, step: Callable[[], None] | None = None) -> list[Item]:
        """Everything, once all is read, in the order the files were found; `step` is
        called as each file is done."""
        found = []
        for pair in self._run():
            found.append(pair)
            if step is not None:
                step()
        return [item for _, item in sorted(found, key=lambda pair: pair[0])]

    def __iter__(self) -> Iterator[Item]:
        for _, item in self._run():
            yield item

    # -- the work --------------------------------------------------------------------------

    def _read_here(self) -> list | None:
        """What discovery finds (files with their stat, and Skipped entries), when that is
        few enough small plain-text files to read in this process; else None."""
        if self._few is None:
            from reader.library.sources import MARKDOWN_SUFFIXES, TEXT_SUFFIXES, discover_files

            found = list(islice(discover_files(self.paths), self.inline + 1))
            small = len(found) <= self.inline and all(
                isinstance(item, Skipped) or (
                    item[0].suffix.lower() in TEXT_SUFFIXES | MARKDOWN_SUFFIXES
                    and item[1].st_size <= INLINE_BYTES)
                for item in found)
            self._few = found if small else False
        return None if self._few is False else self._few

    def _read_all_here(self, found: list) -> Iterator[Item]:
        """Each found file as a worker would give it (a failure as a Skipped), through the
        cache as the workers' results go: known files from it, read ones handed to it."""
        try:
            for item in found:
                if self.cancelled:
                    return
                known = self._known(item)
                if known is None:
                    path, info = item
                    try:
                        known = read(str(path), False)
                    except Exception as exc:
                        known = Skipped(str(path), f"could not be read ({type(exc).__name__})")
                    if self.cache is not None:
                        self.cache.learn(path, info, known)
                yield known
            if self.cache is not None:
                self.cache.finish()
        finally:
            if self.cache is not None:
                self.cache.flush()

    def _read_early(self, found: list, results: queue.SimpleQueue) -> None:
        try:
            for item in self._read_all_here(found):
                results.put(item)
        except sqlite3.ProgrammingError:
            pass  # the state database was closed under this thread: the program is ending
        finally:
            results.put(None)

    def _run_here(self, found: list) -> Iterator[tuple[int, Item]]:
        self.total, self.finding = len(found), False
        early = self._early
        items = self._read_all_here(found) if early is None else iter(early.get, None)
        for index, item in enumerate(items):
            if self.cancelled:
                return
            self.done += 1
            yield index, item

    def _run(self) -> Iterator[tuple[int, Item]]:
        from reader.library.sources import discover_files

        few = self._read_here()
        if few is not None:
            yield from self._run_here(few)
            return
        queue: list[tuple[int, str, bool]] = []
        self._stamps: dict[int, os.stat_result] = {}
        found = discover_files(self.paths)
        try:
            while not self.cancelled:
                hungry = self.finding and len(queue) < 4 * self.workers
                if hungry:
                    item = next(found, None)
                    if item is None:
                        self.finding = False
                    else:
                        index = self.total
                        self.total += 1
                        known = self._known(item)
                        if known is not None:
                            self.done += 1
                            yield index, known
                            continue  # nothing to hand to a worker: on with the walk
                        queue.append((index, str(item[0]), False))
                        self._stamps[index] = item[1]
                self._dispatch(queue)
                busy = [w for w in self._pool if w.job is not None]
                if busy:
                    yield from self._collect(busy, queue, 0.0 if hungry else 0.25)
                elif not queue and not self.finding:
                    if self.cache is not None:
                        self.cache.finish()
                    return
        finally:
            self.cancel()
            if self.cache is not None:
                self.cache.flush()

    def _known(self, found) -> Item | None:
        """A discovery problem as it is, or the cache's entry for a file it knows."""
        if isinstance(found, Skipped):
            return found
        if self.cache is None:
            return None
        return self.cache.known(*found)

    def _dispatch(self, queue: list[tuple[int, str, bool]]) -> None:
        """Hand queued files to idle workers, starting workers as needed."""
        while queue and not self.cancelled:
            idle = next((w for w in self._pool if w.job is None), None)
            if idle is None and len(self._pool) < self.workers:
                idle = self._start()
            if idle is None:
                return
            job = queue.pop(0)
            try:
                pickle.dump(job, idle.process.stdin)
                idle.process.stdin.flush()
            except (OSError, ValueError):
                self._replace(idle)
                queue.insert(0, job)
                continue
            idle.job, idle.started = job, time.monotonic()

    def _collect(self, busy: list[_Worker], queue: list,
                 patience: float) -> Iterator[tuple[int, Item]]:
        """Results of the workers that answer within `patience` seconds (or before the
        nearest deadline); a worker past its file's deadline is replaced and the file
        queued again, to be read the plain way."""
        nearest = min(w.started + self.seconds for w in busy) - time.monotonic()
        try:
            ready = wait(busy, timeout=max(0.0, min(nearest, patience)))
        except (OSError, ValueError):  # cancelled meanwhile: the pipes are closed
            return
        for worker in busy:
            if self.cancelled:
                return
            index, path, plain = worker.job
            if worker in ready:
                try:
                    _, item = pickle.load(worker.process.stdout)
                except (EOFError, OSError, pickle.UnpicklingError):
                    item = None  # the worker died (out of memory, say)
                    self._replace(worker)
                else:
                    worker.job = None
                if item is None:
                    item = Skipped(path, WORKER_ENDED)
            elif time.monotonic() - worker.started > self.seconds:
                self._replace(worker)
                if not plain:
                    queue.insert(0, (index, path, True))
                    continue
                item = Skipped(path, f"took over {self.seconds:g} s to read, even as plain text")
            else:
                continue
            if isinstance(item, Article):  # a reading function that gives whole articles
                item = item.entry(plain=plain)
            stamp = self._stamps.pop(index, None)
            if self.cache is not None and stamp is not None:
                self.cache.learn(Path(path), stamp, item)
            self.done += 1
            yield index, item

    def _start(self) -> _Worker | None:
        """A new worker process: this interpreter running `_serve`, in a session of its
        own (a Ctrl+C at the terminal is for this program, which stops the workers)."""
        # The same modules as this process: its own search path, and not the working
        # folder (-P), which may hold another `reader` (a checkout, a folder of articles).
        env = {**os.environ,
               "PYTHONPATH": os.pathsep.join(os.path.abspath(p) for p in sys.path if p)}
        with self._lock:
            if self.cancelled:
                return None
            process = subprocess.Popen(
                [sys.executable, "-P", "-m", "reader.library.loader", self._read,
                 str(os.getpid())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=env, start_new_session=True, close_fds=True)
            worker = _Worker(process)
            self._pool.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._pool:
                self._pool.remove(worker)
        _stop(worker)


def _stop(worker: _Worker) -> None:
    """Kill a worker and reap it (never leaves a zombie or a busy process behind)."""
    process = worker.process
    if process.poll() is None:
        process.kill()
    for stream in (process.stdin, process.stdout):
        try:
            stream.close()
        except OSError:
            pass
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        pass


def _function(spec: str) -> Callable[[str, bool], Item]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


if __name__ == "__main__":
    _serve(_function(sys.argv[1]), int(sys.argv[2]))
