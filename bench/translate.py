"""Translation speed on an opus-mt-en-de-sized MarianMT with random weights (2 cores).

Per-variant processes (peak RSS, cold and warm first pair): the project's path
(`translate_sentences` over a `Translator`: length batches, the first sentence started
beside the next batches for a quick first result, 1:1 pairs; "(CLI)" is the same without
that first small batch, as `reader translate` runs it) for the transformers and
CTranslate2 int8 backends, against transformers `generate` and CTranslate2
`translate_batch` called directly. Output length is forced (every sentence 30 tokens), so
random weights cost what real ones would.

Then, interleaved in one run (medians of --rounds, ratios of each round): the reading
pane's path as the app runs it, through the model process, and the same in-process and
as the CLI, against `translate_batch` on the same sentences, one batch at a time on two
threads and two batches side by side, greedy and beam 4. Output is capped at 30 tokens.

The machine is shared: figures are noisy.

    .venv/bin/python bench/translate.py [--repeats 2] [--beams 4,1] [--sentences 16]
        [--rounds 3] [--stream-sentences 64] [--only-interleaved]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import ROOT, english_articles

WORK = Path("/tmp/reader-bench-translate")
VOCAB_SIZE = 58101
OUT_TOKENS = 30
BATCH = {"transformers": 16, "ct2": 32}  # the project's default batch sizes
VARIANTS = ("transformers generate", "project transformers",
            "ct2 translate_batch", "project ctranslate2", "project ctranslate2 (CLI)")


def english_sentences() -> list[str]:
    from reader.nlp.sentences import split

    return [s.text for article in english_articles() for s in split(article.text)]


def build(work: Path) -> None:
    """The random-weight model (transformers folder + CTranslate2 int8 copy), once."""
    if (work / "ct2" / "model.bin").is_file():
        return
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    from reader.nlp.models.ct2 import convert

    hf = work / "hf"
    hf.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(english_sentences()), model_writer=buf, vocab_size=4000,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
        num_threads=1, minloglevel=2)
    for name in ("source.spm", "target.spm"):
        (hf / name).write_bytes(buf.getvalue())
    sp = spm.SentencePieceProcessor(model_proto=buf.getvalue())
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(sp.get_piece_size()):
        if not (sp.is_control(i) or sp.is_unknown(i)):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    while len(vocab) < VOCAB_SIZE - 1:  # pad to opus-mt-en-de's vocabulary size
        vocab[f"<unused{len(vocab)}>"] = len(vocab)
    pad = vocab["<pad>"] = VOCAB_SIZE - 1
    (hf / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (hf / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "MarianTokenizer", "source_lang": "en", "target_lang": "de",
         "model_max_length": 512}), encoding="utf-8")
    cfg = MarianConfig(
        vocab_size=VOCAB_SIZE, decoder_vocab_size=VOCAB_SIZE, d_model=512,
        encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
        decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
        activation_function="swish", static_position_embeddings=True, scale_embedding=True,
        max_position_embeddings=512, pad_token_id=pad, eos_token_id=0,
        decoder_start_token_id=pad, forced_eos_token_id=0)
    torch.manual_seed(0)
    model = MarianMTModel(cfg)
    model.generation_config = GenerationConfig(
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0,
        bad_words_ids=[[pad]], max_length=512, num_beams=4)
    model.save_pretrained(hf, safe_serialization=True)
    convert(hf, work / "ct2", quantization="int8")


def inputs(work: Path, count: int) -> tuple[list[str], list[str]]:
    """`count` sentences of 20-30 tokens, and another `count` for the warm first-pair run."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(work / "hf" / "source.spm"))
    fit = [s for s in dict.fromkeys(english_sentences()) if 20 <= len(sp.encode(s)) + 1 <= 30]
    while len(fit) < 2 * count:
        fit = fit + fit
    return fit[:count], fit[count: 2 * count]


def peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM; ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(variant: str, beams_list: list[int], repeats: int, count: int) -> dict:
    """Runs in its own process: cold first pair, warm first pair, repeated throughput."""
    from reader.library.article import Sentence

    texts, fresh = inputs(WORK, count)
    start = time.perf_counter()
    result: dict = {"variant": variant, "runs": {}}
    for beams in beams_list:
        run, first = _runner(variant, beams)
        if first is not None:
            sentence = [Sentence(0, len(fresh[0]), fresh[0])]
            first(sentence)
            if "cold" not in result:
                result["cold"] = time.perf_counter() - start
            t0 = time.perf_counter()
            first([Sentence(0, len(s), s) for s in fresh[1:]])
            result.setdefault("warm", {})[beams] = time.perf_counter() - t0
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = run(texts)
            times.append(time.perf_counter() - t0)
            assert len(out) == len(texts)
        result["runs"][beams] = times
    result["rss_mib"] = peak_rss_mib()
    return result


def _runner(variant: str, beams: int):
    """(translate all texts, first pair of a new article) for one variant and beam size."""
    hf, ct2 = WORK / "hf", WORK / "ct2"
    forced_hf = {"min_new_tokens": OUT_TOKENS, "max_new_tokens": OUT_TOKENS}
    forced_ct2 = {"min_decoding_length": OUT_TOKENS, "max_decoding_length": OUT_TOKENS}
    if variant.startswith("project"):
        from reader.library.article import Sentence
        from reader.nlp.translate import translate_sentences

        first_batch = 0 if variant.endswith("(CLI)") else 1
        if variant.endswith("transformers"):
            from reader.nlp.translate.transformers_backend import TransformersTranslator

            t = TransformersTranslator(hf, "en", "de", beams=beams, generate_options=forced_hf)
        else:
            from reader.nlp.translate.ct2_backend import CT2Translator

            t = CT2Translator(ct2, "en", "de", beams=beams, decode_options=forced_ct2)

        def run(texts):
            sents = [Sentence(0, len(s), s) for s in texts]
            return [p.target for p in translate_sentences(t, sents, first_batch=first_batch)]

        def first(sentences):
            return next(translate_sentences(t, sentences))

        return run, first
    if variant.startswith("transformers"):
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        torch.set_num_threads(2)
        tok = AutoTokenizer.from_pretrained(hf, local_files_only=True)
        model = AutoModelForSeq2SeqLM.from_pretrained(hf, local_files_only=True,
                                                      use_safetensors=True).eval()

        def run(texts):
            out = []
            with torch.inference_mode():
                size = BATCH["transformers"]
                for b in range(0, len(texts), size):
                    enc = tok(texts[b:b + size], return_tensors="pt", padding=True)
                    ids = model.generate(**enc, num_beams=beams, **forced_hf)
                    out.extend(tok.batch_decode(ids, skip_special_tokens=True))
            return out

        return run, None
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(ct2 / "source.spm"))
    model = ctranslate2.Translator(str(ct2), device="cpu", inter_threads=1, intra_threads=2)

    def run(texts):
        tokens = [sp.encode(t, out_type=str) + ["</s>"] for t in texts]
        res = model.translate_batch(tokens, beam_size=beams, max_batch_size=BATCH["ct2"],
                                    **forced_ct2)
        return [sp.decode_pieces(r.hypotheses[0]) for r in res]

    return run, None


def capped_copy(work: Path) -> Path:
    """The CTranslate2 model with its output capped at OUT_TOKENS (random weights never end
    a sentence), so the reader's own loading gives it the benchmark's length."""
    capped = work / "ct2-capped"
    if not (capped / "model.bin").is_file():
        shutil.copytree(work / "ct2", capped)
    limits = json.loads((work / "ct2" / "reader.json").read_text(encoding="utf-8"))
    limits["max_new_tokens"] = OUT_TOKENS + 1  # and the forced end-of-sentence token
    (capped / "reader.json").write_text(json.dumps(limits), encoding="utf-8")
    return capped


def interleaved(beams_list: list[int], rounds: int, count: int) -> None:
    """The reader's streaming pane (through the model process, as the app runs it) against
    CTranslate2's translate_batch on the same sentences, all in turns in one run."""
    import ctranslate2
    import sentencepiece as spm

    from reader.library.article import Sentence
    from reader.nlp.process import ModelProcess, RemoteTranslator
    from reader.nlp.translate import translate_sentences
    from reader.nlp.translate.ct2_backend import CT2Translator

    model = capped_copy(WORK)
    texts, _ = inputs(WORK, count)
    sentences = [Sentence(0, len(t), t) for t in texts]
    sp = spm.SentencePieceProcessor(model_file=str(model / "source.spm"))
    tokens = [sp.encode(t, out_type=str) + ["</s>"] for t in texts]
    one_at_a_time = ctranslate2.Translator(str(model), inter_threads=1, intra_threads=2)
    side_by_side = ctranslate2.Translator(str(model), inter_threads=2, intra_threads=1)
    host = ModelProcess()
    print(f"\nInterleaved in one run: {count} sentences of 20-30 tokens -> {OUT_TOKENS} "
          f"tokens, 2 cores; medians of {rounds} rounds (ratio: median of per-round ratios "
          "to the first row; > 1 is faster)")
    try:
        for beams in beams_list:
            remote = RemoteTranslator.load(host, {"source": "en", "target": "de",
                                                  "model": str(model), "beams": beams})
            local = CT2Translator(model, "en", "de", beams=beams)
            first: dict[str, list[float]] = {}

            def direct(translator):
                def run():
                    translator.translate_batch(tokens, beam_size=beams, max_batch_size=BATCH["ct2"],
                                               max_decoding_length=OUT_TOKENS)
                return run

            def pane(translator, name, first_batch=1):
                def run():
                    started = time.perf_counter()
                    pairs = translate_sentences(translator, sentences, first_batch=first_batch)
                    next(pairs)
                    first.setdefault(name, []).append(time.perf_counter() - started)
                    for _ in pairs:
                        pass
                return run

            runners = {
                "ct2 translate_batch, one batch at a time x 2 threads": direct(one_at_a_time),
                "ct2 translate_batch, two batches side by side": direct(side_by_side),
                "reader pane, model process (the app)": pane(remote, "process"),
                "reader pane, in process": pane(local, "local"),
                "reader translate (CLI), whole batches": pane(local, "cli", 0),
            }
            for run in runners.values():
                run()  # warm: the model process loads its copy here
            first.clear()
            times = {name: [] for name in runners}
            for _ in range(rounds):
                for name, run in runners.items():
                    started = time.perf_counter()
                    run()
                    times[name].append(time.perf_counter() - started)
            base = times[next(iter(runners))]
            print(f"\nbeam {beams}")
            print(f"| {'variant':<54} | {'s':>6} | {'tok/s':>6} | {'ratio':>5} | first pair |")
            print(f"| {'-' * 54} | {'-' * 6} | {'-' * 6} | {'-' * 5} | ---------- |")
            for (name, values), key in zip(times.items(), (None, None, "process", "local", "cli")):
                median = statistics.median(values)
                ratio = statistics.median(b / v for b, v in zip(base, values))
                shown = f"{statistics.median(first[key]):.2f} s" if key in first else "-"
                print(f"| {name:<54} | {median:>6.2f} | {count * OUT_TOKENS / median:>6.0f} "
                      f"| {ratio:>5.2f} | {shown:>10} |")
    finally:
        host.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--beams", default="4,1")
    parser.add_argument("--sentences", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the interleaved comparison (default 3)")
    parser.add_argument("--stream-sentences", type=int, default=64,
                        help="sentences in the interleaved comparison (default 64)")
    parser.add_argument("--only-interleaved", action="store_true",
                        help="skip the per-variant processes (peak RSS, cold start)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    beams = [int(b) for b in args.beams.split(",")]
    if args.child:
        print(json.dumps(child(args.child, beams, args.repeats, args.sentences)))
        return
    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    build(WORK)
    print(f"model ready in {time.perf_counter() - t0:.1f} s ({WORK})", file=sys.stderr)
    if args.only_interleaved:
        interleaved(beams, args.rounds, args.stream_sentences)
        return
    results = []
    for variant in VARIANTS:
        out = subprocess.run(
            [sys.executable, __file__, "--child", variant, "--beams", args.beams,
             "--repeats", str(args.repeats), "--sentences", str(args.sentences)],
            capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"  done: {variant}", file=sys.stderr)
    report(results, beams, args.sentences)
    interleaved(beams, args.rounds, args.stream_sentences)


def report(results: list[dict], beams: list[int], count: int) -> None:
    tokens = count * OUT_TOKENS
    base = {b: statistics.median(results[0]["runs"][str(b)]) for b in map(str, beams)}
    print(f"{count} sentences of 20-30 tokens -> {OUT_TOKENS} tokens each, 2 threads, "
          "medians (shared machine: noisy)")
    print(f"{'variant':<26} {'beams':>5} {'sent/s':>8} {'tok/s':>8} {'vs HF':>6} "
          f"{'first warm':>10} {'first cold':>10} {'peak RSS':>9}")
    for r in results:
        for b in map(str, beams):
            t = statistics.median(r["runs"][b])
            warm = r.get("warm", {}).get(b)
            cold = r.get("cold")
            print(f"{r['variant']:<26} {b:>5} {count / t:>8.1f} {tokens / t:>8.0f} "
                  f"{base[b] / t:>5.1f}x "
                  f"{f'{warm:.2f} s' if warm is not None else '-':>10} "
                  f"{f'{cold:.2f} s' if cold is not None else '-':>10} "
                  f"{r['rss_mib']:>5.0f} MiB")


if __name__ == "__main__":
    main()
