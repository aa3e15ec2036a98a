"""The installed reader (or any command) in a real terminal: tmux at a given size, keys
sent, the screen read, and the moment the command exited with whether the terminal was
given back as it was (same `stty` settings, alternate screen left).

Shared by the benchmarks that measure what a user at a terminal sees.
"""

from __future__ import annotations

import shlex
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.terminal import Terminal as ReaderTerminal  # noqa: E402

READER = ROOT / ".venv" / "bin" / "reader"


class Terminal(ReaderTerminal):
    """A tmux window running `command` in a shell that records, when the command exits,
    the wall-clock time and whether the tty settings were restored. `env` is given to the
    command only; its READER_DATA_DIR (if any) is the marker `survivors` looks for."""

    def __init__(self, command: list[str], env: dict[str, str], *, size=(100, 30)) -> None:
        socket = f"reader-bench-{uuid.uuid4().hex[:8]}"
        super().__init__(socket, env.get("READER_DATA_DIR", f"/nonexistent/{socket}"))
        self.done = Path(f"/tmp/{socket}.done")
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(env.items()))
        script = (f"before=$(stty -g); env {exports} {shlex.join(command)}; code=$?; "
                  f'[ "$before" = "$(stty -g)" ] && tty=restored || tty=changed; '
                  f"echo $(date +%s.%N) $code $tty > {self.done}; sleep 600")
        self.tmux("new-session", "-d", "-s", "reader", "-x", str(size[0]), "-y", str(size[1]),
                  f"sh -c {shlex.quote(script)}")

    def keys(self, *keys: str) -> float:
        """Send keys; the wall-clock time just before they were sent."""
        sent = time.time()
        self.tmux("send-keys", "-t", "reader", *keys)
        return sent

    def exited(self, seconds: float = 120.0) -> tuple[float, int, bool]:
        """(when the command exited, its exit code, whether the tty was restored)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.done.exists() and self.done.read_text().strip():
                when, code, tty = self.done.read_text().split()
                alternate = self.tmux("display", "-p", "-t", "reader", "#{alternate_on}")
                return float(when), int(code), tty == "restored" and alternate.stdout.strip() == "0"
            time.sleep(0.01)
        raise RuntimeError(f"the command did not exit; the screen was:\n{self.screen()}")

    def processes(self) -> tuple[int | None, list[int]]:
        """The reader this terminal runs, and its model processes."""
        models = self.model_processes()
        for pid in self.survivors():
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if len(argv) > 1 and argv[1].endswith(b"bin/reader"):
                return pid, models
        return None, models

    def close(self) -> None:
        self.tmux("kill-server")
        self.done.unlink(missing_ok=True)


def rss_mib(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of `pid` in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]
