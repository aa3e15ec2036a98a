"""Tiny real M2M100 and NLLB-200 models for tests: a SentencePiece model trained on the
seed article, the tokenizer transformers itself writes for it, random weights. Nothing
is downloaded.

- M2M100: vocab.json + sentencepiece.bpe.model; saved by transformers 5's own
  M2M100Tokenizer, whose tokenizer_config.json lists no language tokens (the tokenizer
  then leaves them out of its vocabulary: the case CTranslate2's converter tripped on).
- NLLB: NllbTokenizer built from the SentencePiece pieces and merges (tokenizer.json),
  plus sentencepiece.bpe.model for the CTranslate2 backend; the two split text alike.

With random weights the 100-200 language tokens would crowd out the text, so their
embeddings (shared with the output layer) are scaled down: the models then write pieces
of words, which is what the tests compare.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests import ml
from tests.unit._marian import training_lines

KINDS = ("m2m100", "nllb")


def _spm(model_type: str) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_lines()), model_writer=buf, vocab_size=400,
        model_type=model_type, character_coverage=1.0, hard_vocab_limit=False,
        num_threads=1, minloglevel=2, normalization_rule_name="identity")
    return buf.getvalue()


def _fairseq_vocab(processor) -> dict[str, int]:
    """<s> <pad> </s> <unk>, then the SentencePiece pieces in their order."""
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(processor.get_piece_size()):
        if not (processor.is_control(i) or processor.is_unknown(i)):
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    return vocab


def _tokenizer(out: Path, kind: str):
    """Write the tokenizer files of `kind` to `out`; returns (tokenizer, size of its
    text vocabulary: where the language tokens start)."""
    import sentencepiece as spm
    from transformers import M2M100Tokenizer, NllbTokenizer
    from transformers.tokenization_utils_base import generate_merges

    proto = _spm("unigram" if kind == "m2m100" else "bpe")
    (out / "sentencepiece.bpe.model").write_bytes(proto)
    processor = spm.SentencePieceProcessor(model_proto=proto)
    vocab = _fairseq_vocab(processor)
    if kind == "m2m100":
        (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        tokenizer = M2M100Tokenizer(vocab_file=str(out / "vocab.json"),
                                    spm_file=str(out / "sentencepiece.bpe.model"))
    else:
        pieces = {processor.id_to_piece(i): i for i in range(processor.get_piece_size())}
        tokenizer = NllbTokenizer(vocab=vocab, merges=generate_merges(pieces))
    tokenizer.save_pretrained(out)
    return tokenizer, len(vocab)


def build(out: Path, kind: str, *, seed: int = 0, max_length: int = 24,
          forced_eos: bool = False) -> Path:
    """Write a tiny `kind` ("m2m100" or "nllb") translation folder to `out`."""
    ml.require()
    import torch
    from transformers import GenerationConfig, M2M100Config, M2M100ForConditionalGeneration

    out.mkdir(parents=True, exist_ok=True)
    tokenizer, text_size = _tokenizer(out, kind)
    size = text_size + 100 + 8 if kind == "m2m100" else len(tokenizer)
    ids = dict(pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2)
    if forced_eos:
        ids["forced_eos_token_id"] = 2
    config = M2M100Config(
        vocab_size=size, d_model=32, encoder_layers=2, decoder_layers=2,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
        decoder_ffn_dim=64, max_position_embeddings=256, init_std=1.0,
        scale_embedding=False, **ids)
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config)
    with torch.no_grad():
        model.model.shared.weight[text_size:] *= 0.01
    model.generation_config = GenerationConfig(**ids, max_length=max_length, num_beams=1)
    model.save_pretrained(out)
    return out


def reference_generate(model_dir: Path, kind: str, source: str, target: str,
                       texts: list[str], **settings) -> list[str]:
    """transformers' own generate, the target language's token forced first, decoded
    without special tokens or language tokens (by id: the M2M100 tokenizer here does not
    know its language tokens as special), outer spaces removed as both backends do."""
    ml.require()
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(
        model_dir, local_files_only=True, use_safetensors=True).eval()
    tokenizer.src_lang = source
    forced = tokenizer.convert_tokens_to_ids(target)
    language_ids = set(getattr(tokenizer, "id_to_lang_token", {}))
    with torch.inference_mode():
        batch = tokenizer(texts, return_tensors="pt", padding=True)
        out = model.generate(**batch, forced_bos_token_id=forced, **settings)
    rows = [[i for i in row.tolist() if i not in language_ids] for row in out]
    return [t.strip() for t in tokenizer.batch_decode(rows, skip_special_tokens=True)]


_BUILT: dict[str, Path] = {}


def tiny_multilingual(tmp_path_factory) -> dict[str, Path]:
    """The session's tiny "m2m100" and "nllb" folders, built once."""
    if not _BUILT:
        ml.require()

        def make(root: Path) -> None:
            build(root / "m2m100", "m2m100", forced_eos=True)
            build(root / "nllb", "nllb", seed=1)

        root = ml.built_once(tmp_path_factory, "tiny-multilingual", make)
        _BUILT.update((kind, root / kind) for kind in KINDS)
    return _BUILT
