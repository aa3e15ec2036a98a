"""Quit latency of the installed reader in a real terminal (tmux), while models work.

From the moment `q`, ctrl+c or an interrupt signal (kill -INT) is sent to the moment
the reader's process has exited (the shell running it notes the time) with the terminal
given back: same `stty` settings as before, alternate screen left. Full-size models with
random weights run in the model process (bench/fullsize.py): BERT-base for the names and
an opus-mt-en-de-sized Marian (CTranslate2 int8) for the translation.

Scenarios, interleaved round by round so the machine's load hits them alike:

  bare Textual app     a Static and a Footer, quit on q / ctrl+c: the yardstick
  library              the reader's article list, no model started
  model starting       the article opened 0.3 s before: the model process is starting
                       and loading the entity model
  tagging              the entity model has been tagging the long article for 2 s
  translating          the names are being tagged and the translation streams

A run fails if a model process outlives the reader. Each run starts from an empty state
database, so nothing is answered from a cache.

    python bench/quit.py [--runs 3] [--keys q,C-c,INT]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fullsize import environment, forget, open_and_translate, prepare
from terminal import READER, Terminal

BARE = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    BINDINGS = [("q", "quit", "Quit"), ("ctrl+c", "quit", "Quit")]

    def compose(self):
        yield Static("bare app ready")
        yield Footer()

Bare().run()
"""


def _start(scenario: str, articles: Path, bare: Path) -> Terminal:
    if scenario == "bare Textual app":
        term = Terminal([sys.executable, str(bare), str(articles)], {})
        term.wait_for("bare app ready")
        return term
    forget()
    term = Terminal([str(READER), str(articles)], environment())
    if scenario == "translating":
        open_and_translate(term, lambda done, total, screen: 0 < done < total)
        return term
    term.wait_for("A long day of news")
    if scenario == "library":
        return term
    term.keys("Enter")
    term.wait_for("finding names")
    if scenario == "model starting":
        time.sleep(0.3)
    elif scenario == "tagging":
        deadline = time.monotonic() + 60
        while not term.processes()[1] and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2.0)
    return term


def _pids(marker: str) -> list[int]:
    """Python processes whose command line holds `marker` (the bare app)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if len(argv) > 1 and b"python" in argv[0] and argv[1] == marker.encode():
            found.append(int(entry.name))
    return found


def one(scenario: str, key: str, articles: Path, bare: Path) -> tuple[float, bool]:
    """Seconds from the key to the exit, and whether all was as it should be after."""
    term = _start(scenario, articles, bare)
    try:
        reader, models = term.processes()
        if scenario in ("tagging", "translating") and not models:
            raise RuntimeError(f"{scenario}: no model process")
        if key == "INT":
            pid = reader or next(pid for pid in _pids(str(bare)))
            sent = time.time()
            os.kill(pid, signal.SIGINT)
        else:
            sent = term.keys(key)
        when, code, restored = term.exited()
        time.sleep(0.2)
        left = [pid for pid in models if Path(f"/proc/{pid}").exists()]
        return when - sent, restored and not left and code in (0, 130)
    finally:
        term.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keys", default="q,C-c,INT")
    parser.add_argument("--scenarios", default="bare Textual app,library,model starting,"
                        "tagging,translating")
    args = parser.parse_args()
    articles = prepare()
    keys = args.keys.split(",")
    scenarios = args.scenarios.split(",")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(BARE)
    bare = Path(handle.name)
    times: dict[tuple[str, str], list[float]] = {}
    clean: dict[tuple[str, str], bool] = {}
    try:
        for run in range(args.runs):
            for scenario in scenarios:
                for key in keys:
                    seconds, ok = one(scenario, key, articles, bare)
                    times.setdefault((scenario, key), []).append(seconds)
                    clean[(scenario, key)] = clean.get((scenario, key), True) and ok
            print(f"  round {run + 1} done", file=sys.stderr)
    finally:
        bare.unlink()
    print(f"Key (or signal) to process exit with the terminal restored, seconds, median "
          f"(min-max) of {args.runs} runs; 'clean' = tty restored, no model process left\n")
    print(f"| {'scenario':<18} | " + " | ".join(f"{k:<20}" for k in keys) + " | clean |")
    print(f"| {'-' * 18} | " + " | ".join("-" * 20 for _ in keys) + " | ----- |")
    for scenario in scenarios:
        cells = []
        for key in keys:
            values = times[(scenario, key)]
            cells.append(f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})")
        ok = all(clean[(scenario, k)] for k in keys)
        print(f"| {scenario:<18} | " + " | ".join(f"{c:<20}" for c in cells)
              + f" | {'yes' if ok else 'NO':<5} |")


if __name__ == "__main__":
    main()
