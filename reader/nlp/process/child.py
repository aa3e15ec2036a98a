"""The model process's main loop: receive requests, run them a step at a time, reply.

Run as `python -m reader.nlp.process.child FD [IDLE]`, where FD is its end of the socket
to the reader. Every request is a generator of steps (`tasks.start`); the loop takes one
step of one request at a time, in turns, and reads new requests and cancels between two
steps, so a cancelled request stops at its next step and a new one never waits behind a
whole article. The process leaves when the reader closes the socket or goes away, and
when it has had nothing to do for IDLE seconds, which gives the models' memory back; the
reader starts a new one when it needs a model again.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import OrderedDict
from multiprocessing.connection import Connection

IDLE = 600.0
PARENT_CHECK = 0.5


class Loop:
    """Requests in progress, each a generator of replies, run in turns."""

    def __init__(self, conn: Connection, idle: float = IDLE) -> None:
        from reader.nlp.process.tasks import Models

        self.conn, self.idle = conn, idle
        self.models = Models()
        self.jobs: OrderedDict = OrderedDict()

    def run(self) -> None:
        while True:
            if not self._receive(timeout=0 if self.jobs else self.idle):
                if not self.jobs:
                    return
            if self.jobs:
                self._step()
                if not self.jobs:
                    _give_back_memory()

    def _receive(self, timeout: float) -> bool:
        """Read every waiting message (waiting up to `timeout` for the first); False when
        none came. EOFError when the reader has gone."""
        if not self.conn.poll(timeout):
            return False
        while True:
            kind, rid, name, payload = self.conn.recv()
            if kind == "cancel":
                job = self.jobs.pop(rid, None)
                if job is not None:
                    job.close()
                self.conn.send(("cancelled", rid, None))
            else:
                from reader.nlp.process.tasks import start

                self.jobs[rid] = start(name, payload, self.models)
            if not self.conn.poll(0):
                return True

    def _step(self) -> None:
        rid, job = next(iter(self.jobs.items()))
        self.jobs.move_to_end(rid)
        try:
            item = next(job)
        except StopIteration as done:
            del self.jobs[rid]
            self.conn.send(("done", rid, done.value))
        except Exception as exc:
            del self.jobs[rid]
            self.conn.send(("error", rid, _portable(exc)))
        else:
            if item is not None:  # a step with nothing to tell
                self.conn.send(("item", rid, item))


def _give_back_memory() -> None:
    """Return the heap pages freed by the last request to the system (glibc keeps them)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _portable(exc: BaseException) -> tuple:
    """An exception as (class, args, attributes) when that pickles, else a ReaderError."""
    import pickle

    from reader.errors import ReaderError

    value = (type(exc), exc.args, dict(vars(exc)))
    try:
        pickle.dumps(value)
        return value
    except Exception:
        return (ReaderError, (f"{type(exc).__name__}: {exc}",), {})


def _watch_parent(parent: int) -> None:
    """Leave at once if the reader dies without closing the socket (killed, say)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str]) -> None:
    from reader.nlp.models import ct2_encoder

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the reader decides when this stops
    ct2_encoder.CONVERT_ELSEWHERE = True
    _watch_parent(os.getppid())
    conn = Connection(int(argv[0]))
    idle = float(argv[1]) if len(argv) > 1 else IDLE
    try:
        Loop(conn, idle).run()
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    os._exit(0)  # no interpreter teardown: model libraries' threads need not be joined


if __name__ == "__main__":
    main(sys.argv[1:])
