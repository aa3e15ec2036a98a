"""Run the installed `reader` command on a hostile input and measure what it costs.

Each case ends in one of three ways: a correct result, a skip with its reason, or a
clear error; never a traceback, never a hang. The harness records the wall time and the
peak memory of the whole process tree (os.wait4 reports the largest resident set of the
child and of every process it waited for, so worker processes count too). Tests compare
the figures with a generous bound; bench/hostile.py prints them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TIME_BOUND = 30.0  # seconds
MEMORY_BOUND = 1024  # MiB


def reader_command() -> Path | None:
    """The installed `reader` beside this interpreter, if there is one."""
    found = Path(sys.executable).with_name("reader")
    return found if found.is_file() else None


@dataclass(frozen=True)
class Outcome:
    code: int | None  # None: killed at the time limit
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_mib: float
    left_running: bool = False  # processes of its group still alive after it exited

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    @property
    def within_bounds(self) -> bool:
        return (self.code is not None and not self.left_running
                and self.seconds < TIME_BOUND and self.peak_mib < MEMORY_BOUND)

    def describe(self) -> str:
        return (f"exit {self.code}, {self.seconds:.1f} s, {self.peak_mib:.0f} MiB; "
                f"stderr: {self.err[-600:]!r}")


def without_privileges() -> list[str] | None:
    """A command prefix under which file permissions apply as to any other user: root
    loses the capabilities that override them (setpriv); nothing when we are not root;
    None when that cannot be arranged."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set=-all", "--inh-caps=-all"]


def run_reader(*args: str | os.PathLike, cwd: Path | None = None, env: dict | None = None,
               limit: float = TIME_BOUND * 2, stdin=subprocess.DEVNULL,
               prefix: list[str] = ()) -> Outcome:
    """`reader ARGS...` to completion (killed with its group after `limit` seconds)."""
    command = reader_command()
    if command is None:
        raise FileNotFoundError("the reader command is not installed beside this Python")
    started = time.monotonic()
    proc = subprocess.Popen(
        [*prefix, str(command), *map(str, args)], cwd=cwd, env=env, stdin=stdin,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    chunks: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=n, s=s: chunks.__setitem__(n, s.read()))
               for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for thread in readers:
        thread.start()
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(limit, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    left_running = _group_alive(proc.pid)
    if left_running:
        kill()
    for thread in readers:
        thread.join()
    return Outcome(
        code=None if killed.is_set() else proc.returncode,
        stdout=chunks.get("out", b""),
        stderr=chunks.get("err", b""),
        seconds=seconds,
        peak_mib=usage.ru_maxrss / 1024,
        left_running=left_running,
    )


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def bounded(outcome: Outcome) -> Outcome:
    """The outcome, after checking it ended on its own, within the bounds, tidily."""
    assert outcome.within_bounds, outcome.describe()
    assert "Traceback" not in outcome.err, outcome.err
    return outcome
