"""Latency of command line calls whose every result is cached, against `python -c pass`.

A script calling `reader summarize|translate|entities` on articles it has seen before
should get its answer about as fast as the interpreter starts. Each command runs once
first (which computes and caches its result), then the timed calls are interleaved with
`python -c pass` so a burst of load from elsewhere hits both alike; the table shows the
median of each, the ratio of the medians and the target.

`summarize` and `list` are answered from their kept answers (reader.cli.replay); the
"(results cache)" rows run the same call from a new working folder each time, which no
kept answer matches, so they show the path through the results cache. The models are tiny real ones
built here (a MarianMT en->de and a BERT token classifier, installed with `reader models
add` into a temporary models folder, the translation one with its CTranslate2 copy), so
the model paths, identities and cache keys are the real ones.

    .venv/bin/python bench/cli.py [--runs 9] [--only summarize,list]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
READER = [sys.executable, "-m", "reader"]
BASELINE = "python -c pass"

# name -> (arguments after `reader`, target: a multiple of the baseline or seconds)
CASES = {
    "summarize": (["summarize", str(SEED), "--json"], ("x", 5.0)),
    "list seeds": (["list", str(ROOT / "seeds"), "--json"], ("x", 5.0)),
    "summarize (results cache)": (["summarize", str(SEED), "--json"], None),
    "list seeds (results cache)": (["list", str(ROOT / "seeds"), "--json"], None),
    "entities": (["entities", str(SEED), "--json"], ("s", 0.5)),
    "translate": (["translate", str(SEED), "--to", "de", "--json"], ("s", 0.5)),
}


def reader_command() -> list[str]:
    """The installed `reader` script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("reader")
    return [str(script)] if script.exists() else READER


def build_models(folder: Path, env: dict) -> None:
    """A tiny translation model (en->de) and entity model, installed for `env`."""
    sys.path.insert(0, str(ROOT))
    from tests.unit import _bert, _marian

    marian = _marian.build_marian(folder / "tiny-en-de", source="en", target="de")
    bert = _bert.build(folder / "tiny-ner", _bert.vocabulary([SEED.read_text("utf-8")]))
    for path, name, languages in ((marian, "tiny-en-de", ["en", "de"]),
                                  (bert, "tiny-ner", ["en"])):
        argv = ["models", "add", str(path), "--name", name]
        argv += [arg for code in languages for arg in ("--language", code)]
        subprocess.run(READER + argv, env=env, check=True, capture_output=True)


def timed(argv: list[str], env: dict, cwd: str | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", default=",".join(CASES),
                        help=f"comma-separated cases (default: all): {', '.join(CASES)}")
    args = parser.parse_args()
    chosen = [name for name in args.only.split(",") if name]
    unknown = [name for name in chosen if name not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; cases: {', '.join(CASES)}")

    # Byte-compiled as installing does: with PYTHONDONTWRITEBYTECODE set, a checkout
    # would otherwise compile its modules at every call.
    compileall.compile_dir(str(ROOT / "reader"), quiet=1)
    reader = reader_command()
    with tempfile.TemporaryDirectory(prefix="reader-bench-cli-") as tmp:
        tmp = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("READER_")}
        for name in ("DATA", "CONFIG", "CACHE", "MODELS"):
            env[f"READER_{name}_DIR"] = str(tmp / name.lower())
        env["HF_HUB_OFFLINE"] = "1"
        if {"entities", "translate"} & set(chosen):
            began = time.monotonic()
            build_models(tmp / "built", env)
            print(f"tiny models built and installed in {time.monotonic() - began:.1f} s",
                  file=sys.stderr)
        for name in chosen:  # the first call computes and caches
            timed(reader + CASES[name][0], env)
        times: dict[str, list[float]] = {BASELINE: [], **{name: [] for name in chosen}}
        for run in range(args.runs):
            for name in chosen:
                times[BASELINE].append(timed([sys.executable, "-c", "pass"], env))
                cwd = None
                if name.endswith("(results cache)"):
                    cwd = tempfile.mkdtemp(dir=tmp)  # a new folder: no kept answer
                times[name].append(timed(reader + CASES[name][0], env, cwd))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    base = statistics.median(times[BASELINE])
    print(f"\nCached command line calls; median (min-max) of {args.runs} runs, interleaved "
          f"with `{BASELINE}`; `{' '.join(Path(a).name for a in reader)}` on {SEED.name}\n")
    head = f"{'call':<27} {'seconds':>22} {'ratio':>8} {'target':>10} {'met':>4}"
    print(head)
    print("-" * len(head))
    print(f"{BASELINE:<27} {_spread(times[BASELINE]):>22} {'1.0x':>8}")
    for name in chosen:
        median = statistics.median(times[name])
        target, met = "", ""
        if CASES[name][1] is not None:
            unit, bound = CASES[name][1]
            ok = median <= bound * base if unit == "x" else median <= bound
            target = f"<= {bound:g}x" if unit == "x" else f"<= {bound:g} s"
            met = "yes" if ok else "no"
        print(f"{name:<27} {_spread(times[name]):>22} {median / base:>7.1f}x {target:>10} "
              f"{met:>4}")


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}-{max(values):.3f})"


if __name__ == "__main__":
    main()
