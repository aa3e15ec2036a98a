"""Entity tagging speed on a BERT-base-sized model with random weights (2 threads).

Compares the project's path (pysbd sentences packed into chunks, chunks batched, offsets
mapped back) with the model run by transformers (float32, or torch's dynamic int8) and
by CTranslate2 (float32, as `reader entities` runs it, or int8, as the reader's app runs
it), against transformers' pipeline run on the whole text with its own striding
(stride=64, same aggregation). Each variant runs in its own process so its peak RSS is
its own. Speed does not depend on the weights' values, so random weights measure what the
real dslim/bert-base-NER would cost.

The machine is shared: figures are noisy; the first table shows medians of --repeats warm
runs (the first, cold call apart) with each variant's load time and peak RSS; the second
runs all variants in turns in one process, so a change in the machine's load hits them
alike, and gives medians of per-round ratios to the pipeline (the fairer comparison).
The last table checks the quantized variants: how often they pick float32's label, over
all tokens and over tokens float32 does not see as a near tie, on BERT-base and on the
tiny test model.

    .venv/bin/python bench/entities.py [--repeats 3] [--sizes 1000,5000]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import ROOT, english_articles

WORK = Path("/tmp/reader-bench-entities")
VOCAB_SIZE = 28996
LABELS = ("O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
TORCH = {"backend": "transformers"}
CT2 = {"backend": "ctranslate2"}
VARIANTS = {
    "pipeline stride=64": {"pipeline": True},
    "transformers 510-token chunks": {"max_tokens": 512, **TORCH},
    "transformers 256-token chunks": {"max_tokens": 256, **TORCH},
    "transformers 256 + torch int8": {"max_tokens": 256, "quantize": True, **TORCH},
    "ctranslate2 float32 (reader entities)": {"max_tokens": 256, "quantize": False, **CT2},
    "ctranslate2 int8 (the reader's app)": {"max_tokens": 256, "quantize": True, **CT2},
    "ctranslate2 float32 510": {"max_tokens": 512, "quantize": False, **CT2},
    "ctranslate2 int8 510": {"max_tokens": 512, "quantize": True, **CT2},
}

DEFAULT_VARIANTS = ("pipeline stride=64", "transformers 256-token chunks",
                    "transformers 256 + torch int8", "ctranslate2 float32 (reader entities)",
                    "ctranslate2 int8 (the reader's app)")
MARGINS = (0.1, 0.5, 1.0)


def english_text() -> str:
    return "\n".join(article.text for article in english_articles())


def text_of(words: int, source: str) -> str:
    """The first `words` words of `source` (repeated as needed), cut after the last one."""
    while len(re.findall(r"\w+", source)) < words:
        source = source + "\n" + source
    end = [m.end() for m in re.finditer(r"\w+", source)][words - 1]
    return source[:end] + "."


def build_model(folder: Path, corpus: str) -> Path:
    """BERT-base token classifier (768 hidden, 12 layers, vocab 28996), random weights."""
    if (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file():
        return folder
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    chars = sorted({c for c in corpus if not c.isspace()})
    words = sorted(set(re.findall(r"\w+", corpus)))
    vocab = list(dict.fromkeys(specials + chars + [f"##{c}" for c in chars] + words))
    vocab = vocab[:VOCAB_SIZE]
    vocab += [f"[unused{i}]" for i in range(VOCAB_SIZE - len(vocab))]
    folder.mkdir(parents=True, exist_ok=True)
    BertTokenizerFast(vocab={t: i for i, t in enumerate(vocab)}, do_lower_case=False,
                      strip_accents=False, model_max_length=512).save_pretrained(folder)
    config = BertConfig(vocab_size=VOCAB_SIZE, hidden_size=768, num_hidden_layers=12,
                        num_attention_heads=12, intermediate_size=3072,
                        id2label=dict(enumerate(LABELS)),
                        label2id={label: i for i, label in enumerate(LABELS)})
    torch.manual_seed(0)
    BertForTokenClassification(config).save_pretrained(folder, safe_serialization=True)
    return folder


def closeness(tagger, model: Path, text: str) -> float:
    """Relative error of the quantized logits against float ones on the same chunk."""
    import torch

    from reader.nlp.entities import load_tagger

    reference = load_tagger(model=str(model), max_tokens=tagger.max_tokens,
                            backend="transformers")
    ids = tagger.tokenizer(text, truncation=True, max_length=tagger.max_tokens,
                           return_tensors="pt")["input_ids"]
    with torch.inference_mode():
        a = reference.model(input_ids=ids).logits
        b = tagger.model(input_ids=ids).logits
    return float((a - b).norm() / a.norm())


def worker(variant: str, model: Path, sizes: list[int], repeats: int, threads: int) -> dict:
    """Load once, then time each size: one cold call, `repeats` warm calls."""
    import torch

    torch.set_num_threads(threads)
    options = VARIANTS[variant]
    source = english_text()
    started = time.perf_counter()
    if options.get("pipeline"):
        from transformers import pipeline

        pipe = pipeline("token-classification", model=str(model), aggregation_strategy="simple")

        def tag(text):
            return [(e["start"], e["end"], e["entity_group"]) for e in pipe(text, stride=64)]
    else:
        from reader.nlp.entities import load_tagger

        tagger = load_tagger(model=str(model), max_tokens=options["max_tokens"],
                             quantize=options.get("quantize"), backend=options["backend"])

        def tag(text):
            return [(s.start, s.end, s.label) for s in tagger.tag(text)]
    result = {"load": time.perf_counter() - started, "sizes": {}}
    for words in sizes:
        text = text_of(words, source)
        times = []
        for _ in range(repeats + 1):
            t0 = time.perf_counter()
            spans = tag(text)
            times.append(time.perf_counter() - t0)
        result["sizes"][words] = {"cold": times[0], "warm": statistics.median(times[1:]),
                                  "spans": spans}
    result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if options.get("quantize") and options["backend"] == "transformers":
        result["logit_error"] = closeness(tagger, model, source)
    return result


def interleaved(model: Path, sizes: list[int], repeats: int, threads: int,
                variants: list[str]) -> None:
    """All variants in one process, run in turns, so load drift on the shared machine hits
    each of them alike; ratios are medians of per-round ratios to the pipeline."""
    import torch
    from transformers import pipeline

    from reader.nlp.entities import load_tagger

    torch.set_num_threads(threads)
    source = english_text()
    pipe = pipeline("token-classification", model=str(model), aggregation_strategy="simple")
    runners = {"pipeline stride=64": lambda text: pipe(text, stride=64)}
    for name in variants:
        options = VARIANTS[name]
        if not options.get("pipeline"):
            tagger = load_tagger(model=str(model), max_tokens=options["max_tokens"],
                                 quantize=options.get("quantize"), backend=options["backend"])
            runners[name] = tagger.tag
    print(f"\nInterleaved in one process ({repeats} rounds, {threads} threads; medians):")
    print("| variant | " + " | ".join(f"{w} words: s (x pipeline)" for w in sizes) + " |")
    print("|---" * (1 + len(sizes)) + "|")
    table = {name: [] for name in runners}
    for words in sizes:
        text = text_of(words, source)
        for run in runners.values():
            run(text)  # warm
        times = {name: [] for name in runners}
        for _ in range(repeats):
            for name, run in runners.items():
                t0 = time.perf_counter()
                run(text)
                times[name].append(time.perf_counter() - t0)
        base = times["pipeline stride=64"]
        for name, values in times.items():
            ratio = statistics.median(v / b for v, b in zip(values, base))
            table[name].append(f"{statistics.median(values):.2f} ({ratio:.2f}x)")
    for name, cells in table.items():
        print(f"| {name} | {' | '.join(cells)} |")


def chunk_logits(tagger, text: str):
    """The tagger's logits over `text`, one row per token of its sentence-sized chunks."""
    import numpy as np

    from reader.nlp.sentences import split

    ids = tagger.tokenizer([s.text for s in split(text, "en")],
                           add_special_tokens=False)["input_ids"]
    rows = [tagger._prefix + row[: tagger.budget] + tagger._suffix for row in ids if row]
    found = []
    for start in range(0, len(rows), 8):
        batch = rows[start:start + 8]
        for logits, row in zip(tagger._run(batch), batch):
            found.append(logits[: len(row)])
    return np.concatenate(found)


def label_agreement(models: dict, words: int) -> None:
    """How often each variant picks the label float32 transformers picks, over all tokens
    and over tokens whose float32 top two logits are at least a margin apart (a trained
    model's are far apart; a random model's are often near ties)."""
    import numpy as np

    from reader.nlp.entities import load_tagger

    text = text_of(words, english_text())
    print(f"\nLabel agreement with transformers float32, per token, {words} words")
    head = " | ".join(f"margin >= {m}" for m in MARGINS)
    print(f"| model | variant | all tokens | {head} |")
    print("|---" * (3 + len(MARGINS)) + "|")
    for name, folder in models.items():
        reference = chunk_logits(load_tagger(model=str(folder), backend="transformers"), text)
        top = np.sort(reference, axis=-1)[:, -2:]
        margin = top[:, 1] - top[:, 0]
        for label, options in (("ctranslate2 float32", {"quantize": False}),
                               ("ctranslate2 int8", {"quantize": True}),
                               ("torch int8", {"quantize": True, "backend": "transformers"})):
            tagger = load_tagger(model=str(folder), **options)
            same = chunk_logits(tagger, text).argmax(-1) == reference.argmax(-1)
            cells = []
            for m in MARGINS:
                chosen = margin >= m
                cells.append(f"{same[chosen].mean():.2%} of {chosen.mean():.0%}"
                             if chosen.any() else "-")
            print(f"| {name} | {label} | {same.mean():.2%} | {' | '.join(cells)} |")


def agreement(a: list, b: list) -> float:
    """Share of spans (offsets and label) two variants agree on (Jaccard)."""
    sa, sb = set(map(tuple, a)), set(map(tuple, b))
    return len(sa & sb) / max(1, len(sa | sb))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--variants", default=",".join(DEFAULT_VARIANTS),
                        help=f"comma-separated, from: {', '.join(VARIANTS)}")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-interleaved", dest="interleaved", action="store_false",
                        help="skip timing all variants in turns in one process")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    model = WORK / "bert-base"
    if args.worker:
        print(json.dumps(worker(args.worker, model, sizes, args.repeats, args.threads)))
        return
    build_model(model, english_text())
    results = {}
    for variant in args.variants.split(","):
        out = subprocess.run([sys.executable, __file__, "--worker", variant, "--sizes",
                              args.sizes, "--repeats", str(args.repeats),
                              "--threads", str(args.threads)],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            sys.exit(f"{variant} failed:\n{out.stderr[-3000:]}")
        results[variant] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  done: {variant}", file=sys.stderr)
    base = results.get("pipeline stride=64")
    reference = results.get("transformers 256-token chunks")
    head = " | ".join(f"{w} words: warm s (x pipeline) / cold s" for w in sizes)
    print(f"| variant | load s | {head} | peak RSS MiB | spans same as transformers 256 | int8 logit error |")
    print("|---" * (5 + len(sizes)) + "|")
    for name, r in results.items():
        cells = []
        for w in sizes:
            cell = r["sizes"][str(w)]
            ratio = f" ({cell['warm'] / base['sizes'][str(w)]['warm']:.2f}x)" if base else ""
            cells.append(f"{cell['warm']:.2f}{ratio} / {cell['cold']:.2f}")
        same = (f"{agreement(r['sizes'][str(sizes[0])]['spans'], reference['sizes'][str(sizes[0])]['spans']):.0%}"
                if reference else "-")
        error = f"{r['logit_error']:.1%}" if "logit_error" in r else "-"
        print(f"| {name} | {r['load']:.1f} | {' | '.join(cells)} | {r['rss_mib']:.0f} "
              f"| {same} | {error} |")
    print(f"\n{args.repeats} warm runs per cell (median), {args.threads} threads; "
          "shared machine: noisy.")
    if args.interleaved:
        interleaved(model, sizes, args.repeats, args.threads,
                    [v for v in args.variants.split(",") if v != "pipeline stride=64"])
    sys.path.insert(0, str(ROOT))
    from tests.unit._bert import build, vocabulary

    tiny = build(WORK / "tiny", vocabulary())
    label_agreement({"BERT-base": model, "tiny test model": tiny}, sizes[0])


if __name__ == "__main__":
    main()
