"""Startup time of the TUI: from process start to the first paint and the first rows.

Each run is a fresh Python process (imports count), driven headless with `App.run_test()`
at 120x40. Milestones, in seconds from the moment the process was spawned:

  ready       the app has mounted and painted its first frame (run_test() yields)
  first rows  the article list holds at least one row and has been refreshed
  all loaded  the loader has gone through every file (the status line stops "loading…")

Scenarios: reader on seeds/, reader on a generated folder of N articles, and as a yardstick
a bare Textual app that composes a ListView of N items (its "ready" includes every row).
The machine is shared and noisy: the table shows medians (and min-max) of several runs,
with the scenarios interleaved so a burst of load from elsewhere hits them all alike.

Then the seeds against the bare app as a user sees them: each program runs in a real
terminal (a pseudo-terminal, SIZE), the `reader` command on seeds/ and a bare ListView
app of as many items, and the time is from spawning the process to the first of its rows
arriving on the terminal (a seed's title, or the bare app's first item). The ratio of the
medians is the figure to keep at or under 1.5.

    python bench/startup.py [--runs 5] [--articles 10000] [--only seeds]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import random
import select
import signal
import statistics
import struct
import termios
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)
POLL = 0.002


# --- child processes: one scenario, prints its milestones as monotonic timestamps ------

async def _until(pilot, condition, timeout: float) -> float | None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            await pilot.pause()
            return time.monotonic()
        await pilot.pause(POLL)
    return None


async def child_reader(path: str, timeout: float) -> dict:
    from reader.app import make_app
    from reader.widgets.article_list import ArticleList

    app = make_app([path])
    marks = {}
    async with app.run_test(size=SIZE) as pilot:
        marks["ready"] = time.monotonic()

        def lists():
            return app.screen.query(ArticleList)

        def has_rows():
            found = lists()
            return bool(found) and len(found.first().articles) > 0

        marks["first rows"] = await _until(pilot, has_rows, timeout)
        marks["all loaded"] = await _until(
            pilot, lambda: has_rows() and not getattr(app.screen, "scanning", True), timeout)
        marks["rows"] = len(lists().first().articles) if lists() else 0
    return marks


async def child_bare(count: int) -> dict:
    from textual.app import App
    from textual.widgets import Label, ListItem, ListView

    class Bare(App):
        def compose(self):
            yield ListView(*(ListItem(Label(f"Article number {i}")) for i in range(count)))

    app = Bare()
    marks = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        marks["ready"] = marks["first rows"] = marks["all loaded"] = time.monotonic()
        marks["rows"] = len(app.query_one(ListView).children)
    return marks


BARE_SCRIPT = """
import sys
from textual.app import App
from textual.widgets import Label, ListItem, ListView

class Bare(App):
    def compose(self):
        yield ListView(*(ListItem(Label(f"Article number {i}")) for i in range(int(sys.argv[1]))))

Bare().run()
"""


def on_screen(argv: list[str], marker: bytes, env: dict, timeout: float = 60.0) -> float | None:
    """Seconds from spawning `argv` in a pseudo-terminal of SIZE until `marker` arrives on
    it; the program is then killed."""
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the program
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    seen, found = b"", None
    try:
        while time.monotonic() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-65536:]
            if marker in seen:
                found = time.monotonic() - start
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return found


def seeds_on_screen(runs: int, env: dict) -> list[str]:
    """The `reader` command on seeds/ against a bare ListView app of as many items: the
    lines of its table."""
    compiled()
    from reader.library.sources import scan

    seeds = [item for item in scan(ROOT / "seeds") if hasattr(item, "title")]
    marker = seeds[0].title[:24].encode()
    reader = Path(sys.executable).with_name("reader")
    command = [str(reader)] if reader.exists() else [sys.executable, "-m", "reader"]
    env = {**env, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])}
    cases = {
        f"bare Textual ListView, {len(seeds)} items": (
            [sys.executable, "-c", BARE_SCRIPT, str(len(seeds))], b"Article number 0"),
        "reader, seeds/": ([*command, str(ROOT / "seeds")], marker),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for run in range(runs):
        for name, (argv, mark) in cases.items():
            took = on_screen(argv, mark, env)
            if took is not None:
                times[name].append(took)
        print(f"on screen: run {run + 1}/{runs} done", file=sys.stderr)
    lines = [f"\nFirst rows on a real terminal ({SIZE[0]}x{SIZE[1]}), seconds from spawn; "
             f"median (min-max) of {runs} runs, interleaved\n"]
    lines += [f"{name:<36} {fmt(values):>20}" for name, values in times.items()]
    bare, ours = (statistics.median(v) if v else None for v in times.values())
    if bare and ours:
        lines.append(f"\nreader / bare: {ours / bare:.2f}x (target: 1.5x or less)")
    return lines


def compiled() -> None:
    """Byte-compile reader's modules first, as installing it does: with
    PYTHONDONTWRITEBYTECODE set, a checkout would otherwise compile them at every start."""
    import compileall

    compileall.compile_dir(str(ROOT / "reader"), quiet=1)


def run_child(args) -> None:
    if args.child == "bare":
        marks = asyncio.run(child_bare(args.articles))
    else:
        marks = asyncio.run(child_reader(args.child_path, args.timeout))
    print(json.dumps(marks), flush=True)


# --- the parent: data, runs, table -------------------------------------------------------

def sentences_pool() -> list[str]:
    """Real sentences: the seed and the corpus pages, cleaned by the project itself."""
    from reader.library import sources
    from reader.nlp.sentences import split

    files = sorted((ROOT / "seeds").glob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus" / "html"
    files += sorted(corpus.glob("*.htm*")) if corpus.is_dir() else []
    pool = []
    for path in files:
        article = sources.load(path)
        pool += [s.text for s in split(article.text, article.language) if len(s.text) > 40]
    return pool


def generate(folder: Path, count: int) -> None:
    """`count` articles of 8-40 sentences each, deterministic, one .txt file per article."""
    rng = random.Random(7)
    pool = sentences_pool()
    for i in range(count):
        body = rng.sample(pool, rng.randint(8, min(40, len(pool))))
        title = f"Article {i}: {body[0][:60]}"
        (folder / f"{i:05d}.txt").write_text(title + "\n\n" + " ".join(body) + "\n",
                                             encoding="utf-8")


def generated_folder(parent: Path, count: int) -> Path:
    """`parent/articles` holding `count` generated articles, saying how long that took."""
    folder = parent / "articles"
    folder.mkdir()
    began = time.monotonic()
    generate(folder, count)
    print(f"generated {count} articles in {time.monotonic() - began:.1f} s", file=sys.stderr)
    return folder


def spawn(argv: list[str], env: dict) -> dict | None:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, __file__, *argv], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    if proc.returncode != 0:
        print(f"  run failed: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    marks = json.loads(proc.stdout.strip().splitlines()[-1])
    return {k: (v - start if isinstance(v, float) else v) for k, v in marks.items()}


def fmt(values: list[float | None]) -> str:
    got = [v for v in values if v is not None]
    if not got:
        return "—"
    return f"{statistics.median(got):6.2f} ({min(got):.2f}-{max(got):.2f})"


def reader_available() -> bool:
    try:
        from reader.app import make_app  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--only", choices=("seeds",), default=None,
                        help="only the seeds against the bare app, on a real terminal")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ)
        for name in ("DATA", "CONFIG", "CACHE", "MODELS"):
            env[f"READER_{name}_DIR"] = str(tmp / name.lower())
        env["READER_CONFIG"] = str(tmp / "config.toml")
        if args.only == "seeds":
            print("\n".join(seeds_on_screen(args.runs, env)))
            return
        folder = generated_folder(tmp, args.articles)

        common = ["--timeout", str(args.timeout), "--articles", str(args.articles)]
        scenarios = {f"bare Textual ListView, {args.articles} items": ["--child", "bare"]}
        if reader_available():
            scenarios["reader, seeds/"] = ["--child", "reader", "--child-path", "seeds"]
            scenarios[f"reader, {args.articles} articles"] = [
                "--child", "reader", "--child-path", str(folder)]
        else:
            print("reader.app.make_app is not available yet: measuring the yardstick only",
                  file=sys.stderr)
        results = {name: [] for name in scenarios}
        for run in range(args.runs):
            for name, argv in scenarios.items():
                marks = spawn(argv + common, env)
                if marks:
                    results[name].append(marks)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
        screen = seeds_on_screen(args.runs, env)

    print(f"\nStartup, seconds from process spawn; median (min-max) of {args.runs} runs, "
          f"headless {SIZE[0]}x{SIZE[1]}, shared noisy machine\n")
    head = f"{'scenario':<36} {'ready':>20} {'first rows':>20} {'all loaded':>20} {'rows':>6}"
    print(head)
    print("-" * len(head))
    for name, runs in results.items():
        cols = [fmt([r.get(k) for r in runs]) for k in ("ready", "first rows", "all loaded")]
        rows = runs[-1]["rows"] if runs else 0
        print(f"{name:<36} {cols[0]:>20} {cols[1]:>20} {cols[2]:>20} {rows:>6}")
    print("\n".join(screen))


if __name__ == "__main__":
    main()
