"""The reader's side of the model process: start it on demand, send requests, hand each
waiting thread its replies, cancel, and kill it without waiting.

A request is `(kind, payload)`; the helper answers with any number of `item`s and then
`done` (with a value) or `error` (with the exception). One thread per helper reads the
socket and routes replies to the requests' queues, so any number of threads can wait at
once. Cancelling wakes the waiting thread at once (it gets `Cancelled`) and tells the
helper, which drops the work at its next step. When work nobody wants is still running
`GRACE` seconds after a newer request came in (a long batch inside the model), the helper
is killed and started again, and the requests still wanted are sent to the new one.

The helper is a fresh interpreter (`python -m reader.nlp.process.child`), never a fork
of the reader: it shares no threads, locks or terminal state with the UI. It runs in its
own session with no terminal (its output goes to a log file in the cache folder), so it
never draws on the screen and the terminal's signals never reach it.
"""

from __future__ import annotations

import atexit
import itertools
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from reader.errors import ReaderError

GRACE = 1.0
POLL = 0.05
REAP = 0.2
LOG_NAME = "model-process.log"


class Cancelled(Exception):
    """The request was cancelled (or the model process closed) before it finished."""


class Request:
    """One request's replies; iterate for its items, `result()` for its final value."""

    def __init__(self, host: ModelProcess, rid: int, kind: str, payload: Any,
                 cancelled: Callable[[], bool] | None) -> None:
        self.host, self.rid, self.kind, self.payload = host, rid, kind, payload
        self._replies: queue.SimpleQueue = queue.SimpleQueue()
        self._cancelled = cancelled
        self.value: Any = None
        self.finished = False

    def __iter__(self) -> Iterator[Any]:
        while not self.finished:
            kind, value = self._next()
            if kind == "item":
                yield value
            elif kind == "done":
                self.finished, self.value = True, value
            elif kind == "error":
                self.finished = True
                raise value
            else:
                self.finished = True
                raise Cancelled()

    def result(self) -> Any:
        for _ in self:
            pass
        return self.value

    def cancel(self) -> None:
        self.host._cancel(self)

    def _put(self, kind: str, value: Any = None) -> None:
        self._replies.put((kind, value))

    def _next(self) -> tuple[str, Any]:
        while True:
            try:
                return self._replies.get(timeout=POLL if self._cancelled else None)
            except queue.Empty:
                if self._cancelled():
                    self.cancel()


class ModelProcess:
    """A lazily started helper process that owns the models; safe to share between threads."""

    def __init__(self, *, log: Path | None = None, idle: float | None = None) -> None:
        self._log = log
        self._idle = idle
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._proc: subprocess.Popen | None = None
        self._conn: Connection | None = None
        self._requests: dict[int, Request] = {}
        self._stale: dict[int, float] = {}  # cancelled, not yet dropped by the helper
        self._closed = False
        atexit.register(self.close)

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    @property
    def draining(self) -> bool:
        """Whether cancelled work still runs in the process (until its next step)."""
        return bool(self._stale)

    def request(self, kind: str, payload: Any, cancel: Any = None) -> Request:
        """Send a request; `cancel` is a token (`on_cancel(callback)` and/or `cancelled`)
        or a function returning True once the caller no longer wants the answer."""
        with self._lock:
            if self._closed:
                raise Cancelled()
            request = Request(self, next(self._ids), kind, payload, _poller(cancel))
            try:
                self._start()
            except OSError as exc:
                raise ReaderError(f"cannot start the model process: {exc}") from None
            self._requests[request.rid] = request
            self._send(("run", request.rid, kind, payload))
            if self._stale:
                timer = threading.Timer(GRACE, self._reap, args=(self._proc,))
                timer.daemon = True
                timer.start()
        hook = getattr(cancel, "on_cancel", None)
        if hook is not None:
            hook(request.cancel)
        return request

    def close(self) -> None:
        """Kill the helper now; every waiting request gets `Cancelled`."""
        with self._lock:
            self._closed = True
            self._stop(Cancelled)

    # -- under the lock -----------------------------------------------------------------

    def _start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "reader.nlp.process.child", str(theirs.fileno())]
        if self._idle is not None:
            command.append(str(self._idle))
        with _log_file(self._log) as log:
            self._proc = subprocess.Popen(
                command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=log,
                stderr=log, start_new_session=True, close_fds=True, env=_environment())
        theirs.close()
        self._conn = Connection(ours.detach())
        self._stale.clear()
        threading.Thread(target=self._pump, args=(self._proc, self._conn), daemon=True,
                         name="model-process").start()

    def _send(self, message: tuple) -> None:
        try:
            self._conn.send(message)
        except (OSError, ValueError):
            pass  # the helper is gone; its reader thread reports it to the waiting requests

    def _stop(self, error: type[BaseException] | BaseException) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if proc is not None:
            try:  # its whole group: a model conversion it started goes too
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=REAP)  # killed, it is gone in milliseconds
            except (OSError, subprocess.TimeoutExpired):
                pass  # the reader thread reaps it
        if conn is not None:
            conn.close()
        for request in self._requests.values():
            request._put("error", error() if isinstance(error, type) else error)
        self._requests.clear()
        self._stale.clear()

    # -- other threads ------------------------------------------------------------------

    def _cancel(self, request: Request) -> None:
        with self._lock:
            if self._requests.pop(request.rid, None) is None:
                return
            request._put("cancelled")
            if self._conn is not None:
                self._stale[request.rid] = time.monotonic()
                self._send(("cancel", request.rid, None, None))

    def _reap(self, proc: subprocess.Popen | None) -> None:
        """Kill the helper when it still runs cancelled work GRACE seconds after a newer
        request came in, and send the requests still wanted to a new one."""
        with self._lock:
            now = time.monotonic()
            if proc is not self._proc or not any(now - t >= GRACE for t in self._stale.values()):
                return
            self._restart()

    def _restart(self) -> None:
        """A new helper in place of this one, given the requests still wanted."""
        wanted = list(self._requests.values())
        self._requests.clear()
        self._stop(Cancelled)
        if self._closed:
            return
        for request in wanted:
            self._requests[request.rid] = request
        self._start()
        for request in wanted:
            self._send(("run", request.rid, request.kind, request.payload))

    def _pump(self, proc: subprocess.Popen, conn: Connection) -> None:
        """Route the helper's replies until it exits; then fail what still waits."""
        while True:
            try:
                kind, rid, value = conn.recv()
            except (EOFError, OSError, ValueError, TypeError):
                break
            with self._lock:
                if kind in ("done", "error", "cancelled"):
                    self._stale.pop(rid, None)
                request = self._requests.get(rid) if proc is self._proc else None
                if request is None or kind == "cancelled":
                    continue
                if kind != "item":
                    del self._requests[rid]
            request._put(kind, _rebuild(value) if kind == "error" else value)
        try:
            code = proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            code = None
        with self._lock:
            if proc is not self._proc:
                return
            if code == 0:  # it left on its own, idle, as a request was on its way
                self._restart()
            else:
                self._stop(ReaderError(
                    "the model process stopped"
                    + (f" (exit status {code})" if code is not None else "")
                    + f"; its log is {self._log_path()}"))

    def _log_path(self) -> Path:
        return self._log or _default_log()


def _environment() -> dict[str, str]:
    """The helper's environment: the reader's, with glibc held to two heaps; a heap per
    model thread (the default) kept a hundred MiB more of freed batch memory."""
    return {"MALLOC_ARENA_MAX": "2", **os.environ}


def _poller(cancel: Any) -> Callable[[], bool] | None:
    if cancel is None or hasattr(cancel, "on_cancel"):
        return None
    if callable(cancel):
        return cancel
    return lambda: bool(getattr(cancel, "cancelled", False))


def _default_log() -> Path:
    from reader import locations

    return locations.cache_dir() / LOG_NAME


class _log_file:
    """The helper's log, opened for its output (or /dev/null when it cannot be)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path or _default_log()

    def __enter__(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "wb")
        except OSError:
            self.handle = open(os.devnull, "wb")
        return self.handle

    def __exit__(self, *exc) -> None:
        self.handle.close()


def _rebuild(error: Any) -> BaseException:
    """An exception sent by the helper as (class, args, attributes), raised here as itself."""
    try:
        cls, args, attributes = error
        rebuilt = cls.__new__(cls)
        BaseException.__init__(rebuilt, *args)
        rebuilt.__dict__.update(attributes)
        return rebuilt
    except Exception:
        return ReaderError(f"the model process failed: {error!r}")
