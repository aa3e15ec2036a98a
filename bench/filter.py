"""Filter keystroke to screen on a library of N articles, against a bare Textual Input.

Latency is the time from posting a key event to the end of the first frame the app renders
(`App._display`) in which the key's effect shows: in reader, the filter field holds the
new text and the list has been filtered by it (its shown rows and count line changed); in
the yardstick, a bare Textual app with one Input, the field holds the new text. Keys come
GAP seconds apart, as a quick typist's: QUERY typed, then erased with backspace.

Reader runs on a generated folder of N articles (bench/startup.py's generator) whose
metadata is cached beforehand (one `reader list`), with its real services (summary preview
included). Each scenario runs in a fresh process per round, headless at SIZE; rounds
alternate the scenarios, and the table shows the median over the rounds of each run's
p50 and p95.

    python bench/filter.py [--runs 3] [--articles 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from folders import state_env  # noqa: E402
from frames import Frames  # noqa: E402
from startup import ROOT, SIZE, generate  # noqa: E402

QUERY = "article 12"
GAP = 0.12


def keys() -> list[tuple[str, str | None]]:
    typed = [("space" if c == " " else c, c) for c in QUERY]
    return typed + [("backspace", None)] * len(QUERY)


async def type_query(frames: Frames) -> list[float]:
    times = []
    for key, character in keys():
        found = await frames.latency(key, character)
        if found is not None:
            times.append(found)
        await asyncio.sleep(GAP)
    return times


async def child_bare() -> list[float]:
    from textual.app import App
    from textual.widgets import Input

    class Bare(App):
        def compose(self):
            yield Input(placeholder="filter")

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause(0.2)
        return await type_query(Frames(app, lambda: field.value))


async def child_reader(folder: str) -> list[float]:
    from textual.widgets import Input

    from reader.app import make_app
    from reader.widgets.article_list import ArticleList

    app = make_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        end = time.monotonic() + 120
        while time.monotonic() < end and getattr(app.screen, "scanning", True):
            await pilot.pause(0.05)
        await pilot.pause(1.0)  # the first summary preview comes and goes
        await pilot.press("slash")
        await pilot.pause(0.3)
        field = app.screen.query_one("#filter", Input)
        rows = app.screen.query_one(ArticleList)
        return await type_query(Frames(app, lambda: (field.value, rows.filter_text)))


def run_child(kind: str, folder: str | None) -> None:
    found = asyncio.run(child_bare() if kind == "bare" else child_reader(folder))
    print(json.dumps(found), flush=True)


def spawn(argv: list[str], env: dict | None) -> list[float]:
    done = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    if done.returncode != 0:
        print(f"  run failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return []
    return json.loads(done.stdout.strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.child_path)
        return

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        tmp = Path(tmp)
        folder = tmp / "articles"
        folder.mkdir()
        generate(folder, args.articles)
        env = state_env(tmp / "state")
        began = time.monotonic()
        subprocess.run([sys.executable, "-m", "reader", "list", str(folder)], env=env,
                       cwd=ROOT, capture_output=True, check=True)
        print(f"{args.articles} articles generated and listed once in "
              f"{time.monotonic() - began:.1f} s", file=sys.stderr)
        scenarios = {"bare Textual Input": (["--child", "bare"], None),
                     f"reader, {args.articles:,} articles": (
                         ["--child", "reader", "--child-path", str(folder)], env)}
        results = {name: [] for name in scenarios}
        for run in range(args.runs):
            for name, (argv, child_env) in scenarios.items():
                times = spawn(argv, child_env)
                if times:
                    results[name].append(times)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    print(f"\nFilter keystroke to screen, ms: median over {args.runs} runs of each run's p50 "
          f"and p95 ({len(keys())} keys, {GAP * 1000:.0f} ms apart), headless "
          f"{SIZE[0]}x{SIZE[1]}, shared noisy machine\n")
    head = f"{'scenario':<28} {'p50':>8} {'p95':>8} {'max':>8} {'keys':>6}"
    print(head)
    print("-" * len(head))
    summary = {}
    for name, runs in results.items():
        if not runs:
            print(f"{name:<28} {'—':>8}")
            continue
        p50 = statistics.median(percentile(r, 0.5) for r in runs) * 1000
        p95 = statistics.median(percentile(r, 0.95) for r in runs) * 1000
        worst = max(max(r) for r in runs) * 1000
        summary[name] = (p50, p95)
        print(f"{name:<28} {p50:8.1f} {p95:8.1f} {worst:8.1f} {len(runs[-1]):>6}")
    if len(summary) == 2:
        (bare50, bare95), (ours50, ours95) = summary.values()
        print(f"\nreader / bare Input: p50 {ours50 / bare50:.2f}x, p95 {ours95 / bare95:.2f}x")


if __name__ == "__main__":
    main()
