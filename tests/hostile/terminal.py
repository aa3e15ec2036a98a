"""The installed `reader` in a real terminal (tmux): start it, wait for the screen, quit
it with a key and time how long the shell waits, find processes it left running."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

READER = Path(sys.executable).parent / "reader"


def require_tmux() -> None:
    """Skip the calling test where tmux or the installed command is missing."""
    import shutil

    import pytest

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not READER.exists():
        pytest.skip(f"the reader command is not installed beside {sys.executable}")


class Terminal:
    def __init__(self, socket: str, marker: str) -> None:
        self.socket, self.marker = socket, marker

    def tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=10)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "reader").stdout

    def start(self, *paths: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k.startswith(("READER_", "HF_"))}
        env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   READER_DATA_DIR=self.marker)
        command = " ".join(["env", *(f"{k}={v}" for k, v in sorted(env.items())), str(READER),
                            *map(str, paths), "; echo EXIT:$?; stty -a; sleep 60"])
        started = self.tmux("new-session", "-d", "-s", "reader", "-x", "100", "-y", "30",
                            command)
        assert started.returncode == 0, started.stderr

    def wait_for(self, *needles: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(n in screen for n in needles):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"never saw {needles!r}:\n{self.screen()}")

    def quit_with(self, key: str) -> tuple[float, str]:
        """Seconds from the key to the shell's next line, and the screen then."""
        self.tmux("send-keys", "-t", "reader", key)
        pressed = time.monotonic()
        self.wait_for("EXIT:", timeout=60)
        seconds = time.monotonic() - pressed
        return seconds, self.wait_for("EXIT:", "icanon", timeout=10)

    def survivors(self) -> list[int]:
        """Processes still running with this terminal's marker in their environment."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and entry.name != str(os.getpid()):
                try:
                    environ = (entry / "environ").read_bytes()
                except OSError:
                    continue
                if f"READER_DATA_DIR={self.marker}".encode() in environ.split(b"\0"):
                    found.append(int(entry.name))
        return found

    def model_processes(self) -> list[int]:
        """The survivors that are the reader's model process or what it started."""
        found = []
        for pid in self.survivors():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"reader.nlp." in command:
                found.append(pid)
        return found
