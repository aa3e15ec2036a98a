"""Where a fetch run parses feeds: worker processes when there is much to parse, else one
thread.

Parsing and building articles (`digest`) is Python work; on a thread it shares the
interpreter lock with the event loop and the store's writer, so a first fetch of many
feeds keeps one core busy at most. When a run has at least `MIN_FEEDS` feeds and the
process has no other thread yet (the command line), up to `MAX_WORKERS` processes (one
per core) are forked before anything else starts: forking only then is safe (a thread
holding a lock at the fork would leave it held in the child forever), and the children
start warm, with reader's modules already imported. Anywhere else (a refresh inside the
app, one or two feeds, a single core, a platform where fork is not the usual way) parsing
stays on one thread. Workers ignore Ctrl-C: the run stops them.

`call` wraps the work done in a worker so that whatever it raises comes back to the run
in one piece.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from concurrent.futures import Executor, ThreadPoolExecutor

MIN_FEEDS = 8
MAX_WORKERS = 4


def parsers(feeds: int) -> Executor:
    """The executor a run of `feeds` feeds parses on."""
    workers = min(_cores(), MAX_WORKERS)
    if feeds >= MIN_FEEDS and workers > 1 and _fork_is_safe():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_start)
        pool.submit(int).result()  # every worker is forked now, before any thread starts
        return pool
    return ThreadPoolExecutor(1, thread_name_prefix="reader-parse")


def call(fn, *args):
    """`fn(*args)`, raising only exceptions that survive being sent to another process."""
    try:
        return fn(*args)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise RuntimeError(f"{type(exc).__name__}: {exc}") from None
        raise


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _fork_is_safe() -> bool:
    import multiprocessing

    return threading.active_count() == 1 and sys.platform != "darwin" and \
        "fork" in multiprocessing.get_all_start_methods()


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
