"""The installed reader (or any command) in a real terminal: tmux at a given size, keys
sent, the screen read, and the moment the command exited with whether the terminal was
given back as it was (same `stty` settings, alternate screen left).

Shared by the benchmarks that measure what a user at a terminal sees.
"""

from __future__ import annotations

import shlex
import subprocess
import time
import uuid
from pathlib import Path

READER = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "reader"


class Terminal:
    """One tmux server with one window running `command` in a shell that records, when
    the command exits, the wall-clock time and whether the tty settings were restored."""

    def __init__(self, command: list[str], env: dict[str, str], *, size=(100, 30)) -> None:
        self.socket = f"reader-bench-{uuid.uuid4().hex[:8]}"
        self.done = Path(f"/tmp/{self.socket}.done")
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(env.items()))
        script = (f"before=$(stty -g); env {exports} {shlex.join(command)}; code=$?; "
                  f'[ "$before" = "$(stty -g)" ] && tty=restored || tty=changed; '
                  f"echo $(date +%s.%N) $code $tty > {self.done}; sleep 600")
        self._tmux("new-session", "-d", "-s", "main", "-x", str(size[0]), "-y", str(size[1]),
                   f"sh -c {shlex.quote(script)}")

    def _tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=10)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main").stdout

    def keys(self, *keys: str) -> float:
        """Send keys; the wall-clock time just before they were sent."""
        sent = time.time()
        self._tmux("send-keys", "-t", "main", *keys)
        return sent

    def wait_for(self, *needles: str, seconds: float = 120.0) -> str:
        deadline = time.monotonic() + seconds
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(n in screen for n in needles):
                return screen
            time.sleep(0.05)
        raise RuntimeError(f"never saw {needles!r}; the screen was:\n{screen}")

    def exited(self, seconds: float = 120.0) -> tuple[float, int, bool]:
        """(when the command exited, its exit code, whether the tty was restored)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.done.exists() and self.done.read_text().strip():
                when, code, tty = self.done.read_text().split()
                alternate = self._tmux("display", "-p", "-t", "main", "#{alternate_on}")
                return float(when), int(code), tty == "restored" and alternate.stdout.strip() == "0"
            time.sleep(0.01)
        raise RuntimeError(f"the command did not exit; the screen was:\n{self.screen()}")

    def close(self) -> None:
        self._tmux("kill-server")
        self.done.unlink(missing_ok=True)


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


def reader_processes(marker: str) -> tuple[int | None, list[int]]:
    """The reader whose command line holds `marker`, and its model processes."""
    table = processes()
    roots = [pid for pid, (_, cmd) in table.items()
             if f"bin/reader {marker}" in cmd and not cmd.startswith(("sh ", "env ", "tmux "))]
    if not roots:
        return None, []
    root = roots[0]
    children = [pid for pid, (parent, cmd) in table.items()
                if parent == root and "reader.nlp." in cmd]
    return root, children


def rss_mib(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of `pid` in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]
