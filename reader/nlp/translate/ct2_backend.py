"""The CTranslate2 backend: the same models converted (int8 on CPU), several times faster.

Translation uses only ctranslate2 and sentencepiece: torch and transformers are needed to
`convert` a model once (at `reader models pull` time), never to translate with it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from pathlib import Path

from reader.errors import CorruptModel
from reader.nlp.translate.base import threads
from reader.nlp.translate.folders import TOKENIZER_FILES, Folder, describe, weights_stamp
from reader.nlp.translate.languages import m2m_token, nllb_code

META = "reader.json"
SPECIAL = {"</s>", "<unk>", "<pad>", "<s>"}


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}


def _limits(ct2_dir: Path, tokenizer_dir: Path) -> dict:
    """max_tokens / max_new_tokens / forced_eos as the transformers backend would use."""
    meta = _json(ct2_dir / META)
    if meta:
        return meta
    hf = _json(tokenizer_dir / "config.json") if tokenizer_dir != ct2_dir else {}
    tok = _json(tokenizer_dir / "tokenizer_config.json")
    gen = _json(tokenizer_dir / "generation_config.json")
    limits = [hf.get("max_position_embeddings"), tok.get("model_max_length"), 512]
    max_tokens = min(int(x) for x in limits if isinstance(x, (int, float)) and x)
    return {"max_tokens": max_tokens,
            "max_new_tokens": min(max_tokens, int(gen.get("max_length") or max_tokens)),
            "forced_eos": gen.get("forced_eos_token_id", hf.get("forced_eos_token_id"))}


class CT2Translator:
    backend = "ctranslate2"
    pivot = False

    def __init__(self, path: Path, source: str, target: str, *, beams: int = 4,
                 model_id: str | None = None, batch_size: int = 32, ct2_path: Path | None = None,
                 decode_options: dict | None = None, folder: Folder | None = None) -> None:
        folder = folder or describe(path, ct2_path)
        if folder.ct2_dir is None:
            raise CorruptModel(f"{path} has no CTranslate2 copy; convert it first")
        import ctranslate2
        import sentencepiece as spm

        tok_dir = folder.tokenizer_dir
        self.kind = folder.kind
        self.source, self.target = source, target
        self.model_id = model_id or Path(path).name
        self.beams, self.batch_size = beams, batch_size
        try:
            if self.kind == "marian":
                self.sp_source = spm.SentencePieceProcessor(model_file=str(tok_dir / "source.spm"))
                self.sp_target = spm.SentencePieceProcessor(model_file=str(tok_dir / "target.spm"))
            else:
                name = next(n for n in ("sentencepiece.bpe.model", "spm.model")
                            if (tok_dir / n).is_file())
                self.sp_source = self.sp_target = spm.SentencePieceProcessor(
                    model_file=str(tok_dir / name))
            self.model = ctranslate2.Translator(
                str(folder.ct2_dir), device="cpu", inter_threads=1, intra_threads=threads())
        except (OSError, RuntimeError, ValueError, StopIteration) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CorruptModel(f"cannot load the CTranslate2 model in {path}: {reason}") from None
        limits = _limits(folder.ct2_dir, tok_dir)
        self.max_tokens = int(limits["max_tokens"])
        self.max_new_tokens = int(limits["max_new_tokens"])
        cut = 1 if limits.get("forced_eos") is not None else 0
        self.options = {"beam_size": beams, "max_decoding_length": self.max_new_tokens - cut,
                        "max_input_length": self.max_tokens}
        self.options.update(decode_options or {})
        self.src_prefix: list[str] = []
        self.tgt_prefix: list[str] | None = None
        if self.kind == "nllb":
            self.src_prefix, self.tgt_prefix = [nllb_code(source)], [nllb_code(target)]
        elif self.kind == "m2m100":
            self.src_prefix, self.tgt_prefix = [m2m_token(source)], [m2m_token(target)]
        else:
            vocab = _json(tok_dir / "vocab.json")
            from reader.nlp.translate.transformers_backend import marian_prefix

            prefix = marian_prefix(vocab, target).strip()
            self.src_prefix = [prefix] if prefix else []
        self.settings = (f"beams={beams};max_new={self.max_new_tokens};"
                         f"weights={weights_stamp(folder.ct2_dir)}")

    def tokens(self, text: str) -> list[str]:
        return [*self.src_prefix, *self.sp_source.encode(text, out_type=str), "</s>"]

    def count_tokens(self, text: str) -> int:
        return len(self.tokens(text))

    def _detok(self, tokens: list[str]) -> str:
        if self.tgt_prefix and tokens[: len(self.tgt_prefix)] == self.tgt_prefix:
            tokens = tokens[len(self.tgt_prefix):]
        kept = [t for t in tokens if t not in SPECIAL and not (t.startswith(">>") and
                                                              t.endswith("<<"))]
        return self.sp_target.decode_pieces(kept).strip()

    def translate(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        source = [self.tokens(t)[: self.max_tokens] for t in texts]
        prefix = [list(self.tgt_prefix) for _ in texts] if self.tgt_prefix else None
        results = self.model.translate_batch(source, target_prefix=prefix, **self.options)
        return [self._detok(r.hypotheses[0]) for r in results]


def convert(model_dir: Path, out_dir: Path, quantization: str = "int8") -> Path:
    """Convert a transformers translation folder to CTranslate2 in `out_dir` (replaced
    whole, atomically), with the tokenizer files beside it. Needs torch + transformers."""
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    folder = describe(model_dir)
    if folder.hf_dir is None:
        raise CorruptModel(f"{model_dir} is already a CTranslate2 folder")
    from ctranslate2.converters import TransformersConverter

    from reader.nlp.translate.transformers_backend import quiet_transformers

    quiet_transformers()
    files = [str(model_dir / n) for n in TOKENIZER_FILES if (model_dir / n).is_file()]
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".ct2-", dir=out_dir.parent))
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*sacremoses")
            TransformersConverter(str(model_dir), copy_files=files).convert(
                str(work / "model"), quantization=quantization, force=True)
        limits = _limits(work / "model", model_dir)
        limits["quantization"] = quantization
        (work / "model" / META).write_text(json.dumps(limits), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        (work / "model").rename(out_dir)
    except (OSError, RuntimeError, ValueError) as exc:
        raise CorruptModel(f"cannot convert {model_dir}: {exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir
