"""Language identifiers side by side: load time, time per text, memory and accuracy.

Every detector runs in a fresh Python process per round (imports count), with the rounds
interleaved so that a burst of load from elsewhere hits every detector alike. The child
processes cannot reach the network: sockets refuse to connect and the hub is offline,
so a detector that would download a model at run time fails here instead of hiding it.

  load      import + build + the first answer, in seconds, median of the rounds
  RSS       peak resident memory of the child after loading, MiB (a bare Python: ~10)
  short/4k  microseconds per call on the short samples (~100-220 characters) and on
            4,000-character texts (what reader.library.language.detect looks at)
  accuracy  share of right answers: the shared HTML corpus (the text reader extracts,
            first 4,000 and first 200 characters; true language from its README) and the
            multilingual samples in tests/data/languages/samples.toml (short, long, hard,
            and the short ones again in capitals, as some feeds write their headlines)

Detectors that are not installed are listed as such. The alternatives are not
dependencies of reader; install them into the venv to compare:

    pip install pycld2 lingua-language-detector cld3-py langdetect eld
    python bench/langid.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from langid_detectors import DETECTORS, LONG

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "languages" / "samples.toml"
CORPUS = ROOT.parent / "shared" / "corpus"


# --- child: one detector in a fresh process ------------------------------------------------

def _no_network() -> list[str]:
    import socket

    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network disabled by the benchmark")
    socket.socket.connect = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    return attempts


def _per_call_us(detect, texts: list[str], budget: float) -> float:
    calls, start = 0, time.perf_counter()
    while True:
        for text in texts:
            detect(text)
        calls += len(texts)
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / calls * 1e6


def _peak_rss_mib() -> float:
    """VmHWM: unlike ru_maxrss, it does not carry over the parent's peak across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(name: str, data_file: str, accuracy: bool) -> None:
    attempts = _no_network()
    data = json.loads(Path(data_file).read_text(encoding="utf-8"))
    base = _peak_rss_mib()
    start = time.perf_counter()
    try:
        detect = DETECTORS[name]()
        detect(data["short"][0])
    except ModuleNotFoundError as exc:
        print(json.dumps({"missing": exc.name}))
        return
    out = {"load": time.perf_counter() - start, "rss": _peak_rss_mib(), "base_rss": base}
    out["short_us"] = _per_call_us(detect, data["short"], 0.5)
    out["long_us"] = _per_call_us(detect, data["long"], 0.5)
    if accuracy:
        out["answers"] = {key: [detect(text) for text in data["sets"][key]] for key in data["sets"]}
    out["network"] = attempts
    print(json.dumps(out))


# --- parent: data, rounds, tables ----------------------------------------------------------

def corpus_truth() -> dict[str, str]:
    truth = {}
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].endswith(".html"):
            truth[cells[0]] = cells[1]
    return truth


def build_data() -> tuple[dict, dict]:
    """The texts every child sees, and the expected answers per accuracy set."""
    sys.path.insert(0, str(ROOT))
    from reader.library.sources import load

    samples = tomllib.loads(SAMPLES.read_text(encoding="utf-8"))["sample"]
    sets, truth = {}, {}
    for kind in ("short", "long", "hard"):
        chosen = [s for s in samples if s["kind"] == kind]
        sets[kind] = [s["text"] for s in chosen]
        truth[kind] = [(s["lang"], *s.get("also", ()), s["script"]) for s in chosen]
    sets["capitals"] = [text.upper() for text in sets["short"]]
    truth["capitals"] = truth["short"]
    pages = corpus_truth()
    texts = [load(CORPUS / "html" / name).text for name in pages]
    sets["corpus"] = [t[:LONG] for t in texts]
    sets["corpus 200"] = [t[:200] for t in texts]
    truth["corpus"] = truth["corpus 200"] = [(lang, "corpus") for lang in pages.values()]
    longs = [t[:LONG] for t in texts if len(t) >= LONG]
    for text in sets["long"]:
        longs.append(" ".join([text] * (LONG // len(text) + 1))[:LONG])
    data = {"short": sets["short"], "long": longs, "sets": sets}
    return data, truth


def spawn(name: str, data_file: str, accuracy: bool) -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               FTLANG_CACHE=tempfile.mkdtemp(prefix="langid-cache-"))
    argv = [sys.executable, __file__, "--child", name, "--data", data_file]
    proc = subprocess.run(argv + (["--accuracy"] if accuracy else []),
                          capture_output=True, text=True, env=env)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode or not lines:
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    result = json.loads(lines[-1])
    result["downloaded"] = os.listdir(env["FTLANG_CACHE"])
    return result


def score(answers: list, truth: list) -> float:
    right = sum(1 for got, want in zip(answers, truth) if got in want[:-1])
    return right / len(truth) if truth else float("nan")


def by_script(answers: dict, truth: dict) -> dict[str, float]:
    pairs: dict[str, list[bool]] = {}
    for kind in ("short", "long", "hard"):
        for got, want in zip(answers[kind], truth[kind]):
            pairs.setdefault(want[-1], []).append(got in want[:-1])
    return {script: sum(ok) / len(ok) for script, ok in pairs.items()}


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", choices=list(DETECTORS), help="default: all")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    parser.add_argument("--child")
    parser.add_argument("--data")
    parser.add_argument("--accuracy", action="store_true")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.data, args.accuracy)

    names = args.only or list(DETECTORS)
    data, truth = build_data()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(data, f)
    load_before = os.getloadavg()
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for rnd in range(args.rounds):
        for name in names if rnd % 2 == 0 else reversed(names):
            if runs[name] and ("missing" in runs[name][0] or "error" in runs[name][0]):
                continue
            runs[name].append(spawn(name, f.name, accuracy=rnd == 0))
    os.unlink(f.name)
    load_after = os.getloadavg()

    def med(name, key):
        return statistics.median(r[key] for r in runs[name])

    ok = [n for n in names if "load" in runs[n][0]]
    ref = "py3langid" if "py3langid" in ok else ok[0]
    print(f"Language identification, {args.rounds} rounds interleaved, fresh process each; "
          f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
          f"{len(data['short'])} short texts (mean {statistics.mean(map(len, data['short'])):.0f}"
          f" chars), {len(data['long'])} texts of {LONG} chars")
    rows = []
    for n in ok:
        offline = "yes" if not runs[n][0]["network"] and not runs[n][0]["downloaded"] else "NO"
        rows.append([n, f"{med(n, 'load'):.3f} ({min(r['load'] for r in runs[n]):.3f}-"
                        f"{max(r['load'] for r in runs[n]):.3f})",
                     f"{med(n, 'rss'):.0f}", f"{med(n, 'short_us'):.0f}",
                     f"{med(n, 'long_us'):.0f}", f"{med(n, 'long_us') / med(ref, 'long_us'):.3f}",
                     offline])
    table("Speed and memory, medians (min-max)",
          ["detector", "load s", "RSS MiB", "short µs", "4k µs", f"4k vs {ref}", "offline"], rows)

    kinds = ["short", "long", "hard", "capitals", "corpus", "corpus 200"]
    rows = []
    for n in ok:
        answers = runs[n][0]["answers"]
        cells = [f"{score(answers[k], truth[k]):.0%}" for k in kinds]
        rows.append([n, *cells])
    sizes = {k: len(truth[k]) for k in kinds}
    table("Accuracy (share right)", ["detector", *(f"{k} ({sizes[k]})" for k in kinds)], rows)

    scripts = list(by_script(runs[ok[0]][0]["answers"], truth))
    rows = [[n, *(f"{by_script(runs[n][0]['answers'], truth)[s]:.0%}" for s in scripts)]
            for n in ok]
    table("Accuracy by script (short + long + hard samples)", ["detector", *scripts], rows)

    rows = []
    for n in ok:
        answers = runs[n][0]["answers"]
        counted = [k for k in kinds if k not in ("corpus 200", "capitals")]
        right = sum(score(answers[k], truth[k]) * sizes[k] for k in counted)
        total = sum(sizes[k] for k in counted)
        rows.append([n, f"{med(n, 'load'):.3f}", f"{med(n, 'short_us'):.0f}",
                     f"{med(n, 'long_us'):.0f}", f"{med(n, 'rss'):.0f}",
                     f"{score(answers['short'], truth['short']):.0%}",
                     f"{score(answers['long'], truth['long']):.0%}",
                     f"{score(answers['corpus'], truth['corpus']):.0%}", f"{right / total:.0%}"])
    table("Combined", ["detector", "load s", "short µs", "4k µs", "RSS MiB", "short", "long",
                       "corpus", "all"], rows)

    for n in names:
        if n not in ok:
            print(f"\n{n}: " + (f"not installed ({runs[n][0]['missing']})"
                                if "missing" in runs[n][0] else runs[n][0]["error"]))
    if args.misses:
        for n in ok:
            answers = runs[n][0]["answers"]
            wrong = [f"{k}:{want[0]}->{got}" for k in kinds
                     for got, want in zip(answers[k], truth[k]) if got not in want[:-1]]
            print(f"\n{n} misses: {', '.join(wrong) or 'none'}")


if __name__ == "__main__":
    main()
