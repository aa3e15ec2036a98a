"""The transformers backend: MarianMT, NLLB-200 and M2M100 through AutoModelForSeq2SeqLM.

Offline only: `local_files_only=True`, safetensors only, no remote code. torch and
transformers are imported when a model is loaded, never when this module is imported.
"""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from reader.errors import CorruptModel
from reader.library.cache import folder_stamp
from reader.nlp.models.ct2 import complete_language_tokens
from reader.nlp.models.quiet import quiet_transformers
from reader.nlp.translate.base import threads
from reader.nlp.translate.folders import Folder, describe
from reader.nlp.translate.model_codes import language_tokens, marian_prefix

DEFAULT_LIMIT = 512


def settings(folder: Folder, beams: int) -> str:
    """What changes this backend's output besides the model's name, from files only (the
    length limits come from the folder's JSON files, which the fingerprint covers)."""
    return f"beams={beams};weights={folder_stamp(folder.hf_dir)}"


class TransformersTranslator:
    backend = "transformers"
    pivot = False

    def __init__(self, path: Path, source: str, target: str, *, beams: int = 4,
                 model_id: str | None = None, batch_size: int = 16,
                 generate_options: dict | None = None, folder: Folder | None = None) -> None:
        folder = folder or describe(path)
        if folder.hf_dir is None:
            raise CorruptModel(f"{path} is a CTranslate2 folder; use the ctranslate2 backend")
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        quiet_transformers()
        torch.set_num_threads(threads())
        self.torch = torch
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*sacremoses")
                self.tokenizer = AutoTokenizer.from_pretrained(folder.hf_dir,
                                                               local_files_only=True)
                self.tokenizer("warm up")  # Marian sets up its normalizer (and warns) here
            self.model = AutoModelForSeq2SeqLM.from_pretrained(
                folder.hf_dir, local_files_only=True, use_safetensors=True
            ).eval()
        except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CorruptModel(f"cannot load the translation model in {path}: {reason}") from None
        self.kind = folder.kind
        self.source, self.target = source, target
        self.model_id = model_id or Path(path).name
        self.beams = beams
        self.batch_size = batch_size
        config = self.model.config
        limits = [getattr(config, "max_position_embeddings", None),
                  getattr(self.tokenizer, "model_max_length", None), DEFAULT_LIMIT]
        self.max_tokens = min(int(x) for x in limits if x)
        gen_max = getattr(self.model.generation_config, "max_length", None) or self.max_tokens
        self.max_new_tokens = min(self.max_tokens, int(gen_max))
        self.forced_eos = getattr(self.model.generation_config, "forced_eos_token_id", None)
        self.options: dict = {"num_beams": beams, "max_new_tokens": self.max_new_tokens}
        self.prefix = ""
        if self.kind in ("nllb", "m2m100"):
            complete_language_tokens(self.tokenizer)  # decoded as special tokens: left out
            src, tgt = language_tokens(self.kind, source, target, self.tokenizer.get_vocab())
            self.tokenizer.src_lang = src if self.kind == "nllb" else source
            self.options["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(tgt)
        else:
            self.prefix = marian_prefix(self.tokenizer.get_vocab(), target)
        self.options.update(generate_options or {})
        self.settings = settings(folder, beams)
        self._lock = threading.Lock()  # a cancelled UI worker may still be mid-batch

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(self.prefix + text)["input_ids"])

    def translate(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        with self._lock, self.torch.inference_mode():
            batch = self.tokenizer([self.prefix + t for t in texts], return_tensors="pt",
                                   padding=True, truncation=True, max_length=self.max_tokens)
            ids = self.model.generate(**batch, **self.options)
        return [t.strip() for t in self.tokenizer.batch_decode(ids, skip_special_tokens=True)]
