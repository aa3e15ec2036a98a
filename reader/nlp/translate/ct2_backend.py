"""The CTranslate2 backend: the same models converted (int8 on CPU), several times faster.

Translation uses only ctranslate2 and sentencepiece: torch and transformers are needed to
convert a model once (`reader.nlp.models.ct2`, at `reader models pull` time), never to
translate with it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.errors import CorruptModel
from reader.library.cache import folder_stamp
from reader.nlp.models.ct2 import limits, read_json
from reader.nlp.translate.base import threads
from reader.nlp.translate.folders import Folder, ct2_vocabulary, describe
from reader.nlp.translate.model_codes import is_control_token, language_tokens, marian_prefix

SPECIAL = {"</s>", "<unk>", "<pad>", "<s>"}


def settings(folder: Folder, beams: int) -> str:
    """What changes this backend's output besides the model's name, from files only."""
    found = limits(folder.ct2_dir, folder.tokenizer_dir)
    return (f"beams={beams};max_new={found['max_new_tokens']};"
            f"weights={folder_stamp(folder.ct2_dir)}")


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
            # Batches side by side, one thread each, use two cores better than one batch
            # on two threads (decoding steps are small); bench/translate.py measures it.
            side = min(2, threads())
            self.model = ctranslate2.Translator(
                str(folder.ct2_dir), device="cpu", inter_threads=side,
                intra_threads=max(1, threads() // side))
        except (OSError, RuntimeError, ValueError, StopIteration) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CorruptModel(f"cannot load the CTranslate2 model in {path}: {reason}") from None
        found = limits(folder.ct2_dir, tok_dir)
        self.max_tokens = int(found["max_tokens"])
        self.max_new_tokens = int(found["max_new_tokens"])
        cut = 1 if found.get("forced_eos") is not None else 0
        self.options = {"beam_size": beams, "max_decoding_length": self.max_new_tokens - cut,
                        "max_input_length": self.max_tokens}
        self.options.update(decode_options or {})
        self.src_prefix: list[str] = []
        self.tgt_prefix: list[str] | None = None
        if self.kind in ("nllb", "m2m100"):
            src, tgt = language_tokens(self.kind, source, target,
                                       ct2_vocabulary(folder.ct2_dir))
            self.src_prefix, self.tgt_prefix = [src], [tgt]
        else:
            vocab = read_json(tok_dir / "vocab.json")
            prefix = marian_prefix(vocab, target).strip()
            self.src_prefix = [prefix] if prefix else []
        self.settings = settings(folder, beams)

    def tokens(self, text: str) -> list[str]:
        return [*self.src_prefix, *self.sp_source.encode(text, out_type=str), "</s>"]

    def count_tokens(self, text: str) -> int:
        return len(self.tokens(text))

    def _detok(self, tokens: list[str]) -> str:
        if self.tgt_prefix and tokens[: len(self.tgt_prefix)] == self.tgt_prefix:
            tokens = tokens[len(self.tgt_prefix):]
        kept = [t for t in tokens if t not in SPECIAL and not is_control_token(t, self.kind)
                and not (t.startswith(">>") and t.endswith("<<"))]
        return self.sp_target.decode_pieces(kept).strip()

    def submit(self, texts: list[str]) -> Callable[[], list[str]]:
        """Start translating `texts` in CTranslate2's own threads; calling the result
        waits for the translations. Two batches started one after the other run side by
        side, one per core (see `inter_threads` above)."""
        if not texts:
            return list
        source = [self.tokens(t)[: self.max_tokens] for t in texts]
        prefix = [list(self.tgt_prefix) for _ in texts] if self.tgt_prefix else None
        results = self.model.translate_batch(source, target_prefix=prefix, asynchronous=True,
                                             **self.options)
        return lambda: [self._detok(r.result().hypotheses[0]) for r in results]

    def translate(self, texts: list[str]) -> list[str]:
        return self.submit(texts)()
