"""Tiny real MarianMT models for tests: built from a SentencePiece model trained on the
seed article, random weights, saved like a Hugging Face folder. Nothing is downloaded."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

from tests import ml

SEED_DIR = Path(__file__).resolve().parents[2] / "seeds"


def seed_text() -> str:
    return sorted(SEED_DIR.glob("*.txt"))[0].read_text(encoding="utf-8")


def training_lines(extra: str = "") -> list[str]:
    return [line for line in (seed_text() + "\n" + extra).splitlines() if line.strip()]


def build_marian(
    out: Path,
    *,
    source: str = "en",
    target: str = "de",
    seed: int = 2,
    vocab_size: int = 400,
    max_positions: int = 256,
    max_length: int = 24,
    lines: list[str] | None = None,
    d_model: int = 32,
    layers: int = 2,
) -> Path:
    """Write a tiny MarianMT folder (safetensors, spm files, vocab.json) to `out`."""
    ml.require()
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    out.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines or training_lines()),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
        normalization_rule_name="identity",
    )
    for name in ("source.spm", "target.spm"):
        (out / name).write_bytes(buf.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=buf.getvalue())
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        if processor.is_control(i) or processor.is_unknown(i):
            continue
        vocab.setdefault(processor.id_to_piece(i), len(vocab))
    pad = len(vocab)
    vocab["<pad>"] = pad
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (out / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "MarianTokenizer",
                "source_lang": source,
                "target_lang": target,
                "model_max_length": max_positions,
            }
        ),
        encoding="utf-8",
    )
    size = len(vocab)
    cfg = MarianConfig(
        vocab_size=size,
        decoder_vocab_size=size,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model,
        max_position_embeddings=max_positions,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        init_std=0.2,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(cfg)
    model.generation_config = GenerationConfig(
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        bad_words_ids=[[pad]],
        max_length=max_length,
        num_beams=1,
    )
    model.save_pretrained(out, safe_serialization=True)
    return out


def reference_generate(model_dir: Path, texts: list[str], **settings) -> list[str]:
    """What transformers' own generate gives for `texts` in one batch."""
    ml.require()
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses")
        tok = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(
        model_dir, local_files_only=True, use_safetensors=True
    ).eval()
    with torch.inference_mode():
        enc = tok(texts, return_tensors="pt", padding=True)
        ids = model.generate(**enc, **settings)
    return tok.batch_decode(ids, skip_special_tokens=True)


_BUILT: dict = {}


def tiny_models(tmp_path_factory) -> dict:
    """The session's tiny models, built once however many test modules ask:
    "en-de" (transformers folder), "ct2-float32" and "ct2-int8" (its conversions),
    "de-en" and "en-vi" (for pivoting)."""
    if not _BUILT:
        ml.require()
        root = ml.built_once(tmp_path_factory, "tiny-marian", _build_tiny_models)
        _BUILT.update((name, root / name) for name in TINY_MODELS)
    return _BUILT


TINY_MODELS = ("en-de", "ct2-float32", "ct2-int8", "de-en", "en-vi")


def _build_tiny_models(root: Path) -> None:
    from reader.nlp.models.ct2 import convert

    en_de = build_marian(root / "en-de", source="en", target="de")
    convert(en_de, root / "ct2-float32", quantization="float32")
    convert(en_de, root / "ct2-int8", quantization="int8")
    build_marian(root / "de-en", source="de", target="en", seed=5)
    build_marian(root / "en-vi", source="en", target="vi", seed=6)

