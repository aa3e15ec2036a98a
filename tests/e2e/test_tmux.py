"""The installed `reader` command in a real terminal: open the seed, read its summary, quit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.hostile.terminal import require_tmux

pytestmark = pytest.mark.e2e

READER = Path(sys.executable).parent / "reader"
TIMEOUT = 30.0


def tmux(socket: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=10)


def capture(socket: str, session: str) -> str:
    return tmux(socket, "capture-pane", "-p", "-t", session).stdout


def wait_for(socket: str, session: str, *needles: str) -> str:
    """Poll the pane until every needle shows; the last screen on failure."""
    deadline = time.monotonic() + TIMEOUT
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(socket, session)
        if all(needle in screen for needle in needles):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"never saw {needles!r}; the screen was:\n{screen}")


@pytest.fixture
def terminal(tmp_path):
    require_tmux()
    socket = f"reader-e2e-{uuid.uuid4().hex[:8]}"
    yield socket
    tmux(socket, "kill-server")


def test_open_seed_read_summary_and_quit(terminal, seed_path):
    env = {name: os.environ[name] for name in os.environ if name.startswith(("READER_", "HF_"))}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    command = " ".join(["env", *(f"{k}={v}" for k, v in sorted(env.items())), str(READER)])
    session = "reader"
    started = tmux(terminal, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    assert started.returncode == 0, started.stderr

    wait_for(terminal, session, "President Volodymyr Zelensky", "1 article")
    tmux(terminal, "send-keys", "-t", session, "Enter")
    screen = wait_for(terminal, session, " words", "Summary · lexrank · 3", "• ")
    assert "Text" in screen and "Traceback" not in screen

    tmux(terminal, "send-keys", "-t", session, "q")
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if tmux(terminal, "has-session", "-t", session).returncode != 0:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("reader did not quit on q:\n" + capture(terminal, session))
    from reader.library.sources import load
    from reader.library.store import Store

    database = Path(os.environ["READER_DATA_DIR"], "reader.sqlite3")
    assert database.exists()
    with Store(database) as store:
        assert store.state(load(seed_path).id).read
