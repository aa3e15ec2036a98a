"""One way to run background work in the UI: start, supersede, cancel, report.

Every slow call the UI makes (a summary, a translation, entity tagging, scanning folders,
listing models) goes through a `Jobs` helper owned by the widget or screen that shows the
result:

    self.jobs = Jobs(self)
    self.jobs.start("summary", (article.id, algorithm, size), summarize, article, ...)

    def on_job_report(self, report: JobReport) -> None:   # the one handler per owner
        if report.slot == "summary": ...

- `fn(token, *args, **kwargs)` runs in a thread worker; `token` is a `CancelToken` that
  core code may check between small batches (`token.cancelled`) or hand a callback to
  (`token.on_cancel(process.terminate)`) so that work in a child process stops at once.
- A slot holds one job: starting another job in the same slot cancels the older one, and
  whatever the older one still produces is dropped unseen, so the owner never checks
  whether a result is "still wanted".
- `cancel(slot)` cancels explicitly; leaving (the owner is unmounted, or the app exits)
  cancels through Textual's worker manager, which calls the worker's `cancel`.
- `wanted(slot)` is the key last asked for, `running(slot)` whether it still runs,
  `token(slot)` its cancel token; `start(..., delay=s)` waits first (a request superseded
  meanwhile never runs: the library's preview uses it while the cursor moves).
- Results and errors arrive as one message, `JobReport`, posted to the owner (it does not
  bubble). A streaming job (`stream=True`: `fn` returns an iterable) reports its items in
  batches, at most one report per `STREAM_INTERVAL` seconds, then a last report with
  `done=True`. A failed job's report carries the exception; `failure_text` words it and
  `notify_failure` shows it the same way everywhere.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

from reader.errors import ReaderError
from reader.library.cleanup import replace_controls

STREAM_INTERVAL = 0.05
"""Seconds between two reports of a streaming job: bursts are coalesced, not redrawn."""


class CancelToken:
    """A cooperative cancel flag handed to a job's function.

    `cancelled` can be polled between small steps; `wait(seconds)` sleeps unless cancelled;
    `on_cancel(callback)` runs `callback` once when the job is cancelled (at once if it
    already is), e.g. to terminate a child process doing the work."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], Any]] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True if the job was cancelled meanwhile."""
        return self._event.wait(seconds)

    def on_cancel(self, callback: Callable[[], Any]) -> None:
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            try:
                callback()
            except Exception:
                pass


@dataclass
class JobReport(Message, bubble=False):
    """What a job sends its owner: a batch of streamed `items`, and once, at the end
    (`done`), the function's `result` or the `error` it raised."""

    slot: str
    key: Hashable
    items: list = field(default_factory=list)
    result: Any = None
    error: BaseException | None = None
    done: bool = True

    @property
    def failed(self) -> bool:
        return self.error is not None


def failure_text(error: BaseException | None, doing: str) -> str:
    """An error as plain text: a `ReaderError` says its own message, anything else
    "could not <doing>: Type: message"; control characters are made visible."""
    if isinstance(error, ReaderError):
        text = str(error)
    else:
        text = f"could not {doing}: {type(error).__name__}: {error}"
    return replace_controls(text)


def notify_failure(node: MessagePump, text: str, title: str, *, severity: str = "error") -> None:
    """Show a failure the one way failures are shown: a notification, never markup."""
    node.notify(text, title=title, severity=severity, markup=False)


class _JobWorker(Worker):
    """A thread worker whose cancellation (by us, by unmount, by app exit) cancels its token."""

    def __init__(self, node: MessagePump, work: Callable[[], None], token: CancelToken,
                 name: str) -> None:
        super().__init__(node, work, name=name, group=f"job:{name}", description=name,
                         exit_on_error=False, thread=True)
        self.token = token

    def cancel(self) -> None:
        super().cancel()
        self.token.cancel()


@dataclass(eq=False)
class _Job:
    slot: str
    key: Hashable
    token: CancelToken
    worker: Worker | None = None
    incoming: list = field(default_factory=list)  # items from the thread, under `lock`
    lock: threading.Lock = field(default_factory=threading.Lock)
    flush_pending: bool = False
    last_flush: float = 0.0

    def hand_over(self, item: Any) -> bool:
        """Keep an item from the worker thread; True when the loop must be told (the
        first item since the loop last took them: one wake-up per batch, not per item)."""
        with self.lock:
            self.incoming.append(item)
            return len(self.incoming) == 1

    def take(self) -> list:
        with self.lock:
            items, self.incoming = self.incoming, []
        return items


class Jobs:
    """The background jobs of one owner (a widget or screen), one per slot."""

    def __init__(self, owner: MessagePump) -> None:
        self.owner = owner
        self._jobs: dict[str, _Job] = {}

    def start(self, slot: str, key: Hashable, fn: Callable[..., Any], *args: Any,
              stream: bool = False, delay: float = 0.0, **kwargs: Any) -> CancelToken:
        """Run `fn(token, *args, **kwargs)` in a thread for `slot`, superseding the job
        the slot held; `key` says what is asked for and comes back in the report.

        `stream`: `fn` returns an iterable whose items are reported in batches.
        `delay`: wait this long first (a request superseded meanwhile never runs)."""
        self.cancel(slot)
        job = _Job(slot, key, CancelToken())
        self._jobs[slot] = job
        loop = asyncio.get_running_loop()

        def run() -> None:
            if delay and job.token.wait(delay):
                return
            try:
                if stream:
                    result = None
                    items = iter(fn(job.token, *args, **kwargs))
                    try:
                        for item in items:
                            if job.token.cancelled:
                                return
                            if job.hand_over(item):
                                self._call(loop, self._arrived, job)
                    finally:
                        getattr(items, "close", lambda: None)()
                else:
                    result = fn(job.token, *args, **kwargs)
            except Exception as error:
                self._call(loop, self._finish, job, None, error)
            else:
                self._call(loop, self._finish, job, result, None)

        job.worker = _JobWorker(self.owner, run, job.token, slot)
        self.owner.workers.add_worker(job.worker, start=True, exclusive=False)
        return job.token

    def cancel(self, slot: str | None = None) -> None:
        """Cancel the job in `slot` (every slot when None); its results are dropped."""
        for name in [slot] if slot is not None else list(self._jobs):
            job = self._jobs.pop(name, None)
            if job is not None:
                job.token.cancel()
                if job.worker is not None:
                    job.worker.cancel()

    def wanted(self, slot: str) -> Hashable | None:
        """The key of the slot's job (running or finished), None when there is none."""
        job = self._jobs.get(slot)
        return job.key if job is not None else None

    def token(self, slot: str) -> CancelToken | None:
        """The cancel token of the slot's job, None when there is none."""
        job = self._jobs.get(slot)
        return job.token if job is not None else None

    def running(self, slot: str) -> bool:
        job = self._jobs.get(slot)
        return job is not None and job.worker is not None and job.worker.is_running

    # -- on the event loop -------------------------------------------------------------

    @staticmethod
    def _call(loop: asyncio.AbstractEventLoop, callback: Callable, *args: Any) -> None:
        try:
            loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop is closed: the app has gone
            pass

    def _current(self, job: _Job) -> bool:
        return self._jobs.get(job.slot) is job and not job.token.cancelled

    def _arrived(self, job: _Job) -> None:
        if job.flush_pending or not self._current(job):
            return
        job.flush_pending = True
        wait = job.last_flush + STREAM_INTERVAL - time.monotonic()
        loop = asyncio.get_running_loop()
        if wait > 0:
            loop.call_later(wait, self._flush, job)
        else:
            loop.call_soon(self._flush, job)

    def _flush(self, job: _Job) -> None:
        job.flush_pending = False
        if not self._current(job):
            return
        items = job.take()
        if items:
            job.last_flush = time.monotonic()
            self.owner.post_message(JobReport(job.slot, job.key, items, done=False))

    def _finish(self, job: _Job, result: Any, error: BaseException | None) -> None:
        if not self._current(job):
            return
        items = job.take()
        self.owner.post_message(JobReport(job.slot, job.key, items, result, error, done=True))
