"""Quitting the installed reader while a model works, in a real terminal: the shell comes
back at once with the terminal as it was, and no model process is left behind."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.unit._bert import build, vocabulary

pytestmark = [pytest.mark.e2e, pytest.mark.ml]

READER = Path(sys.executable).parent / "reader"
ROOT = Path(__file__).resolve().parents[2]
QUIT_BOUND = 10.0  # seconds; tagging the article takes minutes with this model
MARKER = "READER-EXITED"


@pytest.fixture(scope="module")
def slow_bert(tmp_path_factory):
    """A BERT large enough that tagging a long article takes minutes on this machine."""
    return build(tmp_path_factory.mktemp("slow-bert") / "model", vocabulary(),
                 hidden=256, layers=4)


@pytest.fixture
def terminal(tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not READER.exists():
        pytest.skip(f"the reader command is not installed beside {sys.executable}")
    socket = f"reader-quit-{uuid.uuid4().hex[:8]}"
    yield socket
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


@pytest.fixture
def library(tmp_path, slow_bert):
    """A folder with one long article, and the slow model installed as ner-en."""
    from reader.nlp import models

    installed = models.add(slow_bert, name="ner-en", languages=("en",)).path
    folder = tmp_path / f"articles-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    body = seed.split("\n", 2)[-1]
    parts = [f"Part {n}. {body}" for n in range(60)]
    (folder / "long.txt").write_text("A long story\n\n" + "\n\n".join(parts), encoding="utf-8")
    return folder, installed


def tmux(socket: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True,
                          timeout=10)


def screen(socket: str) -> str:
    return tmux(socket, "capture-pane", "-p", "-t", "reader").stdout


def wait_until(condition, what: str, socket: str, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what}; the screen was:\n{screen(socket)}")


def start(socket: str, folder: Path, tmp_path: Path) -> None:
    """The reader in a shell that says when it has left and whether the tty is as before."""
    env = {k: v for k, v in os.environ.items() if k.startswith(("READER_", "HF_"))}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    script = tmp_path / "run.sh"
    exports = "".join(f"export {k}='{v}'\n" for k, v in sorted(env.items()))
    script.write_text(
        f"{exports}before=$(stty -g)\n{READER} {folder}\ncode=$?\n"
        f'[ "$before" = "$(stty -g)" ] && tty=restored || tty=changed\n'
        f"echo {MARKER} $code $tty\nsleep 600\n", encoding="utf-8")
    started = tmux(socket, "new-session", "-d", "-s", "reader", "-x", "100", "-y", "30",
                   f"sh {script}")
    assert started.returncode == 0, started.stderr


def processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every live (not zombie) process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            found[int(entry.name)] = (int(parent), command)
    return found


def model_processes(folder: Path) -> list[int]:
    """The reader's model process and what it started (a model conversion), by pid."""
    table = processes()
    roots = [pid for pid, (_, command) in table.items()
             if str(folder) in command and "reader" in command and "sh " not in command]
    family, grew = set(roots), True
    while grew:
        grew = False
        for pid, (parent, _) in table.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return sorted(pid for pid in family - set(roots)
                  if re.search(r"reader\.nlp\.(process|models)\.", table[pid][1]))


def quit_with(socket: str, key: str, folder: Path) -> tuple[float, str]:
    pids = model_processes(folder)
    assert pids, "a model process runs"
    started = time.monotonic()
    tmux(socket, "send-keys", "-t", "reader", key)
    line = wait_until(lambda: next((l for l in screen(socket).splitlines() if MARKER in l),
                                   None), "the reader did not quit", socket)
    elapsed = time.monotonic() - started
    table = processes()
    still = [table[pid][1] for pid in pids if pid in table]
    assert still == [], f"left behind: {still}"
    return elapsed, line


def test_q_while_tagging_returns_at_once(terminal, library, tmp_path):
    from reader.nlp.models.ct2_encoder import cached_encoder
    from reader.services import ENTITIES_INT8

    library, installed = library
    cached_encoder(installed, "int8" if ENTITIES_INT8 else "float32")  # the process only tags
    start(terminal, library, tmp_path)
    wait_until(lambda: "A long story" in screen(terminal), "no article listed", terminal)
    tmux(terminal, "send-keys", "-t", "reader", "Enter")
    wait_until(lambda: "finding names" in screen(terminal), "no tagging", terminal)
    wait_until(lambda: model_processes(library), "no model process", terminal)
    time.sleep(1.5)  # the model is loaded and tagging
    assert len(model_processes(library)) == 1, "tagging, not converting"
    assert "finding names" in screen(terminal), "tagging takes far longer than this test"
    elapsed, line = quit_with(terminal, "q", library)
    assert line.split()[1:] == ["0", "restored"]
    assert elapsed < QUIT_BOUND


def test_ctrl_c_while_the_model_is_prepared_leaves_nothing_behind(terminal, library, tmp_path):
    library, _ = library
    start(terminal, library, tmp_path)
    wait_until(lambda: "A long story" in screen(terminal), "no article listed", terminal)
    tmux(terminal, "send-keys", "-t", "reader", "Enter")
    wait_until(lambda: "finding names" in screen(terminal), "no tagging", terminal)
    # No copy for CTranslate2 yet: the model process has one made, in a process of its own.
    wait_until(lambda: len(model_processes(library)) == 2, "no model conversion", terminal)
    elapsed, line = quit_with(terminal, "C-c", library)
    assert line.split()[1:] == ["0", "restored"]
    assert elapsed < QUIT_BOUND
