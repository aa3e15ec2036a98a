"""Memory of the reader with the translation model (CTranslate2 int8) and the entity model
in use, against the 1 GiB target.

The installed reader runs in tmux (120x30) on a long English article, with full-size
random-weight models (bench/fullsize.py): the article is opened (its names are tagged),
translated into German in full (`t`, enter, `T`), and once the translation is complete
and the names are shown, the resident memory (VmRSS, and the peak VmHWM) of the reader
and of its model process is read. Each run starts from an empty state database.

For comparison, in the same run: both models loaded and used in one process with the
UI's libraries imported, as the reader did before the model process (entities by
transformers in float32), and the same with the entity model the app now uses
(CTranslate2 int8).

    python bench/memory.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from fullsize import HOME, environment, forget, open_and_translate, prepare
from terminal import READER, Terminal, rss_mib

TARGET_MIB = 1024

IN_ONE_PROCESS = """
import json, sys
import textual.app, reader.app  # the UI's libraries, as in the reader's own process
from reader.library.sources import load
from reader.nlp.entities import load_tagger
from reader.nlp.sentences import split
from reader.nlp.translate import load_translator, translate_sentences
article = load(sys.argv[1])
tagger = load_tagger("en", backend=sys.argv[2], quantize=sys.argv[2] == "ctranslate2")
tagger.tag(article.text)
translator = load_translator("en", "de")
list(translate_sentences(translator, split(article.text)))
status = dict(l.split(":", 1) for l in open("/proc/self/status") if l.startswith("Vm"))
print(json.dumps({k: int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}))
"""


def in_reader(articles) -> dict:
    """One run of the installed reader; MiB of the reader and its model process."""
    forget()
    term = Terminal([str(READER), str(articles)], environment(), size=(120, 30))
    try:
        _, total = open_and_translate(
            term, lambda done, total, screen: done == total and "finding names" not in screen)
        reader, children = term.processes()
        parent = rss_mib(reader)
        child = rss_mib(children[0]) if children else (0.0, 0.0)
        others = [rss_mib(pid) for pid in term.survivors() if pid != reader
                  and pid not in children]
        term.keys("q")
        term.exited()
        return {"reader": parent, "models": child, "sentences": total,
                "others": (sum(o[0] for o in others), sum(o[1] for o in others))}
    finally:
        term.close()


def in_one_process(articles, backend: str) -> dict:
    out = subprocess.run([sys.executable, "-c", IN_ONE_PROCESS, str(articles / "long.txt"),
                          backend], capture_output=True, text=True, env={**environment(),
                          "PATH": "/usr/bin:/bin"}, timeout=1800)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    values = json.loads(out.stdout.strip().splitlines()[-1])
    return {"rss": values["VmRSS"], "peak": values["VmHWM"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    articles = prepare()
    print(f"models and article ready in {HOME}", file=sys.stderr)
    rows: dict[str, list[tuple[float, float]]] = {}
    sentences = 0
    for run in range(args.runs):
        got = in_reader(articles)
        sentences = got["sentences"]
        total = (got["reader"][0] + got["models"][0], got["reader"][1] + got["models"][1])
        for name, value in (("reader process (UI)", got["reader"]),
                            ("model process (both models)", got["models"]),
                            ("reader + model process", total),
                            ("other reader processes (folder reading)", got["others"])):
            rows.setdefault(name, []).append(value)
        for backend in ("transformers", "ctranslate2"):
            got = in_one_process(articles, backend)
            name = ("one process, entities by transformers (before)" if backend == "transformers"
                    else "one process, entities by CTranslate2 int8")
            rows.setdefault(name, []).append((got["rss"], got["peak"]))
        print(f"  run {run + 1} done", file=sys.stderr)
    print(f"Resident memory in MiB, medians of {args.runs} runs; a {sentences}-sentence "
          f"article translated in full and tagged; target {TARGET_MIB} MiB\n")
    print(f"| {'what':<45} | {'RSS':>7} | {'peak':>7} | {'peak vs target':>14} |")
    print(f"| {'-' * 45} | {'-' * 7} | {'-' * 7} | {'-' * 14} |")
    for name, values in rows.items():
        rss = statistics.median(v[0] for v in values)
        peak = statistics.median(v[1] for v in values)
        print(f"| {name:<45} | {rss:>7.0f} | {peak:>7.0f} | {peak / TARGET_MIB:>13.2f}x |")


if __name__ == "__main__":
    main()
