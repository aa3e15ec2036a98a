"""Time and peak memory of the installed `reader` command on each hostile input.

Every case is made afresh in a temporary folder (tests/hostile/cases.py and the makers
below), then run as a subprocess of the `reader` beside this Python: wall time, and the
peak resident memory of the whole process tree (os.wait4: the largest of the command and
of every process it waited for, loading workers included). The bound every case must
meet is 30 s and 1 GiB; "end" says how it ended (ok, skipped: the reason, or the error
message). Quit cases run the app in tmux and time a key to the shell's next line.

Figures are medians of --runs runs (peak memory: the largest). Compare them release to
release on the same machine; the load average is printed with the table.

    python bench/hostile.py [--runs 3] [--only NAME]... [--no-quit]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import struct
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import cases  # noqa: E402
from tests.hostile.harness import MEMORY_BOUND, TIME_BOUND, reader_command, run_reader  # noqa: E402
from tests.unit import _model_folders as models  # noqa: E402

Case = Callable[[Path], list[str]]  # makes its input in the folder; returns reader's args


def _config(folder: Path, make: Callable[[Path], None]) -> list[str]:
    config = folder / "config.toml"
    make(config)
    os.environ["READER_CONFIG"] = str(config)
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    return ["summarize", str(seed), "--json"]


def _file(name: str, data: bytes | str, *args: str) -> Case:
    def make(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        return [*args[:1], str(path), *args[1:]]
    return make


def _summarize(maker: Callable[[Path], Path], algorithm: str = "lexrank") -> Case:
    return lambda folder: ["summarize", str(maker(folder)), "--json", "-a", algorithm]


def _link_model(folder: Path) -> list[str]:
    model = models.marian(folder / "opus-mt-en-de")
    (model / "extra.bin").symlink_to("/dev/zero")
    return ["models", "add", str(model), "--no-convert"]


def _broken_models(folder: Path) -> list[str]:
    root = Path(os.environ["READER_MODELS_DIR"])
    models.marian(root / "opus-mt-en-de")
    header = b"[" * 200_000
    (models.marian(root / "nested") / "model.safetensors").write_bytes(
        struct.pack("<Q", len(header)) + header)
    (models.marian(root / "bad-config") / "config.json").write_text("[" * 5000)
    return ["models", "--json"]


def _odd_names(folder: Path) -> list[str]:
    names = folder / "names"
    os.mkdir(names)
    for name in (b"caf\xff.txt", b"evil\xe2\x80\xaetxt.exe.txt"):
        with open(os.path.join(os.fsencode(names), name), "wb") as handle:
            handle.write(b"A short article. It has two sentences.\n")
    return ["list", str(names), "--json"]


def _foreign_database(folder: Path) -> list[str]:
    import sqlite3

    data = Path(os.environ["READER_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    raw = sqlite3.connect(data / "reader.sqlite3")
    raw.execute("CREATE TABLE article_state (x TEXT, y TEXT)")
    raw.commit()
    raw.close()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    return ["summarize", str(seed), "--json"]


CASES: dict[str, Case] = {
    "config -> /dev/zero": lambda f: _config(f, lambda p: p.symlink_to("/dev/zero")),
    "config FIFO": lambda f: _config(f, lambda p: os.mkfifo(p)),
    "config 5,000 nested [": lambda f: _config(f, lambda p: p.write_text("a = " + "[" * 5000)),
    "config bogus algorithm": lambda f: _config(
        f, lambda p: p.write_text('summary_algorithm = "bogus"\n')),
    "models add, link to /dev/zero": _link_model,
    "models list, malformed folders": _broken_models,
    "gzip bomb .html": _file("t.html", cases.gzip_bomb(), "list", "--json"),
    "table 500x50 .html": _file("t.html", cases.table_page(500, 50), "list", "--json"),
    "15k sentences lexrank": _summarize(cases.short_sentences),
    "15k sentences textrank": _summarize(cases.short_sentences, "textrank"),
    "15k sentences reduction": _summarize(cases.short_sentences, "reduction"),
    "15k sentences lsa": _summarize(cases.short_sentences, "lsa"),
    "100k sentences (7.6 MB) lexrank": _summarize(
        lambda f: cases.short_sentences(f, 100_000, "big.txt")),
    "'. . . ' x 20,000": _summarize(lambda f: cases.one_line(f, "dots")),
    "abbreviations x 4,000": _summarize(lambda f: cases.one_line(f, "abbreviations")),
    "a line of URLs": _summarize(lambda f: cases.one_line(f, "urls")),
    "100,000 lines list": lambda f: ["list", str(cases.many_lines(f)), "--json"],
    "file names not UTF-8": _odd_names,
    "foreign database": _foreign_database,
}


def _ending(code: int | None, out: str, err: str) -> str:
    if code is None:
        return "killed at the time limit"
    try:
        value = json.loads(out)
    except ValueError:
        return f"exit {code}: {err.strip().splitlines()[-1][:60] if err.strip() else ''}"
    if isinstance(value, list) and value and value[0].get("status") == "skipped":
        return f"skipped: {value[0]['reason'][:50]}"
    return "ok" if code == 0 else f"exit {code}"


def _private(folder: Path) -> None:
    for name in ("DATA", "CONFIG", "CACHE", "MODELS"):
        os.environ[f"READER_{name}_DIR"] = str(folder / f"reader-{name.lower()}")
    os.environ["READER_CONFIG"] = str(folder / "reader-config" / "config.toml")
    os.environ.pop("READER_DB", None)


def run_case(make: Case, runs: int) -> tuple[float, float, str]:
    seconds, peaks, ending = [], [], ""
    saved = dict(os.environ)
    try:
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
                folder = Path(tmp)
                _private(folder)
                args = make(folder)
                outcome = run_reader(*args, cwd=folder)
                seconds.append(outcome.seconds)
                peaks.append(outcome.peak_mib)
                ending = _ending(outcome.code, outcome.out, outcome.err)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return statistics.median(seconds), max(peaks), ending


QUIT_NAMES = {
    "quit q while loading slow pages": ("q", "pages"),
    "quit Ctrl+C while loading slow pages": ("C-c", "pages"),
    "quit q, 100,000-line article open": ("q", "lines"),
}


def quit_cases(runs: int) -> dict[str, tuple[float, str]]:
    """Seconds from a quit key to the shell's next line, in tmux."""
    from tests.hostile.terminal import Terminal

    if shutil.which("tmux") is None:
        return {}
    results = {}
    for name, (key, setup) in QUIT_NAMES.items():
        timings, ending = [], ""
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
                folder = Path(tmp)
                terminal = Terminal(f"reader-bench-{uuid.uuid4().hex[:8]}",
                                    str(folder / "data"))
                try:
                    library = folder / "library"
                    library.mkdir()
                    if setup == "pages":
                        (library / "a-first.txt").write_text("A first article. It is short.\n")
                        page = cases.table_page(400, 50)
                        for index in range(30):
                            (library / f"table-{index:02}.html").write_text(page)
                        terminal.start(library)
                        terminal.wait_for("A first article", "loading")
                    else:
                        cases.many_lines(library)
                        terminal.start(library)
                        terminal.wait_for("Title line", "1 article")
                        terminal.tmux("send-keys", "-t", "reader", "Enter")
                        time.sleep(1.0)
                    seconds, _ = terminal.quit_with(key)
                    timings.append(seconds)
                    time.sleep(0.5)
                    left = terminal.survivors()
                    ending = "nothing left running" if not left else f"{len(left)} left running"
                finally:
                    terminal.tmux("kill-server")
        results[name] = (statistics.median(timings), ending)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run this case only (repeat for more)")
    parser.add_argument("--no-quit", action="store_true", help="skip the tmux quit cases")
    args = parser.parse_args()
    if reader_command() is None:
        sys.exit(f"no reader command beside {sys.executable}; install the project first")
    chosen = [n for n in CASES if not args.only or n in args.only]
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"runs: {args.runs}; bound: {TIME_BOUND:.0f} s and {MEMORY_BOUND} MiB\n")
    width = max(map(len, [*CASES, *QUIT_NAMES])) + 2
    print(f"{'case':<{width}}{'seconds':>8}{'peak MiB':>10}  within  end")
    for name in chosen:
        seconds, peak, ending = run_case(CASES[name], args.runs)
        within = "yes" if seconds < TIME_BOUND and peak < MEMORY_BOUND else "NO"
        print(f"{name:<{width}}{seconds:>8.2f}{peak:>10.0f}  {within:<6}  {ending}", flush=True)
    if not args.no_quit and not args.only:
        for name, (seconds, ending) in quit_cases(args.runs).items():
            within = "yes" if seconds < 0.5 else "NO"
            print(f"{name:<{width}}{seconds:>8.2f}{'':>10}  {within:<6}  {ending} "
                  "(bound 0.5 s)", flush=True)


if __name__ == "__main__":
    main()
