"""A big folder opened twice: the first open reads every file, the second reads none.

The TUI on a generated folder of N articles (bench/startup.py's generator and its child
process, which counts seconds from process spawn to the first paint, the first rows and
every row listed), each round with a fresh state database:

  first open    nothing known: every file read by the loader's workers (both cores)
  second open   the same folder, unchanged, right after: every row from the metadata cache
  reader list   `reader list FOLDER --json` after that (the CLI reads through the same cache)
  live          with the folder open (and listed), LIVE_FILES new articles written into it one
                at a time, LIVE_GAP s apart: seconds from a file written to the first frame
                the app renders with its row, watched with inotify and with polling
                (READER_WATCH=poll) in turn

The scenarios of a round run one after the other, rounds repeat, and the table shows
medians (min-max) over the rounds, as the machine is shared and noisy.

    python bench/folders.py [--runs 3] [--articles 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import ROOT, SIZE, fmt, generated_folder, spawn  # noqa: E402

MARKS = ("ready", "first rows", "all loaded")
LIVE_FILES = 5
LIVE_GAP = 1.5


async def child_live(folder: str, timeout: float) -> list[float]:
    """Seconds from each new file written to the first frame showing its row."""
    from filter import Frames

    from reader.app import make_app
    from reader.widgets.article_list import ArticleList

    app = make_app([folder])
    latencies = []
    async with app.run_test(size=SIZE) as pilot:
        end = time.monotonic() + timeout
        while time.monotonic() < end and getattr(app.screen, "scanning", True):
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        rows = app.screen.query_one(ArticleList)
        frames = Frames(app, lambda: len(rows.articles))
        for n in range(LIVE_FILES):
            before, start = len(rows.articles), len(frames.seen)
            path = Path(folder) / f"live-{os.getpid()}-{n}.txt"
            written = time.perf_counter()
            path.write_text(f"A live story {n}\n\nIt was written while the reader ran. "
                            "It has a second sentence too.\n", encoding="utf-8")
            shown = None
            while shown is None and time.perf_counter() - written < 30:
                shown = next((stamp for stamp, count in frames.seen[start:] if count > before),
                             None)
                await asyncio.sleep(0.005)
            if shown is not None:
                latencies.append(shown - written)
            await asyncio.sleep(LIVE_GAP)
    return latencies


def live(folder: Path, env: dict, polling: bool) -> list[float]:
    env = dict(env, READER_WATCH="poll" if polling else "")
    done = subprocess.run([sys.executable, __file__, "--child-live", str(folder)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        print(f"  live run failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return []
    return json.loads(done.stdout.strip().splitlines()[-1])


def state_env(folder: Path) -> dict:
    """The environment of a reader whose data, config and cache live under `folder`."""
    env = dict(os.environ)
    for name in ("DATA", "CONFIG", "CACHE", "MODELS"):
        env[f"READER_{name}_DIR"] = str(folder / name.lower())
    env["READER_CONFIG"] = str(folder / "config.toml")
    return env


def cli_list(folder: Path, env: dict) -> float | None:
    """Seconds for `reader list FOLDER --json` to finish."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "reader", "list", str(folder), "--json"],
                          capture_output=True, env=env, cwd=ROOT)
    return time.monotonic() - start if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--child-live", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_live:
        print(json.dumps(asyncio.run(child_live(args.child_live, args.timeout))))
        return

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        tmp = Path(tmp)
        folder = generated_folder(tmp, args.articles)
        child = ["--child", "reader", "--child-path", str(folder), "--timeout",
                 str(args.timeout), "--articles", str(args.articles)]
        results = {"first open": [], "second open": []}
        listing = []
        watched = {"inotify": [], "polling": []}
        for run in range(args.runs):
            env = state_env(tmp / f"state-{run}")
            for name in results:
                marks = spawn(child, env)
                if marks:
                    results[name].append(marks)
            listing.append(cli_list(folder, env))
            for name in watched:
                watched[name].append(live(folder, env, polling=name == "polling"))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    print(f"\nA folder of {args.articles:,} articles, seconds from process spawn; median "
          f"(min-max) of {args.runs} runs, headless {SIZE[0]}x{SIZE[1]}, shared noisy "
          "machine\n")
    head = f"{'scenario':<24} {'ready':>20} {'first rows':>20} {'all rows':>20} {'rows':>6}"
    print(head)
    print("-" * len(head))
    for name, runs in results.items():
        cols = [fmt([r.get(k) for r in runs]) for k in MARKS]
        rows = runs[-1]["rows"] if runs else 0
        print(f"{name:<24} {cols[0]:>20} {cols[1]:>20} {cols[2]:>20} {rows:>6}")
    print(f"{'reader list --json':<24} {'':>20} {'':>20} {fmt(listing):>20}")
    first = [r["all loaded"] for r in results["first open"] if r.get("all loaded")]
    second = [r["all loaded"] for r in results["second open"] if r.get("all loaded")]
    if first and second:
        ratio = statistics.median(second) / statistics.median(first)
        print(f"\nsecond open / first open, all rows: {ratio:.3f}")
    print(f"\nLive folder, file written -> its row on screen, s: median (min-max) over "
          f"{args.runs} runs of {LIVE_FILES} files each\n")
    for name, runs in watched.items():
        every = [value for run in runs for value in run]
        print(f"{name:<10} {fmt(every):>20}  ({len(every)} of {LIVE_FILES * args.runs} seen)")


if __name__ == "__main__":
    main()
