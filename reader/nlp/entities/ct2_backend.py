"""The CTranslate2 backend of the entity tagger: the same chunking, aggregation and
offsets as the transformers backend, with the encoder run by CTranslate2 and the
classifier head by numpy.

It needs ctranslate2, tokenizers and numpy only (the copy it reads is made once by
`reader.nlp.models.ct2_encoder`), so a process that tags never imports torch. On this
machine's CPU it tags several times faster than transformers. float32, the default,
gives the same logits and so the same spans; int8 (a quarter of the memory, faster
still) agrees on the label of 99.6% of a full-size model's tokens but moves a share of
the spans of the tiny test model, so it is asked for (`quantize=True`), never assumed.
bench/entities.py measures both.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from reader.errors import CorruptModel
from reader.library.cache import ModelIdentity
from reader.nlp.entities.aggregation import DEFAULT_STRATEGY
from reader.nlp.entities.tagger import DEFAULT_COMPUTE, folder_identity
from reader.nlp.entities.transformers_backend import TransformersTagger
from reader.nlp.models.ct2_encoder import HEAD, TOKENIZER, read_meta

COMPUTE_TYPES = ("int8", "int16", "float32")
# Chunks per model call. In int8 one chunk at a time measured fastest (BERT-base, 2,000
# words, 2 cores: 3.7 s against 6.7 s in eights), in float32 eight at a time (16 s against
# 28 s one by one); one chunk is also the shortest step between two of the model process.
BATCH = {"int8": 1, "float32": 8}


class _Encoding(dict):
    """What the tagger reads from a transformers batch encoding, over `tokenizers`."""

    def __init__(self, encodings: list) -> None:
        super().__init__(input_ids=[e.ids for e in encodings],
                         offset_mapping=[e.offsets for e in encodings])
        self._encodings = encodings

    def word_ids(self, index: int) -> list:
        return self._encodings[index].word_ids


class FastTokenizer:
    """The part of a transformers fast tokenizer the tagger uses, over `tokenizers` alone."""

    def __init__(self, path: Path, meta: dict) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path))
        self.pad_token_id = meta.get("pad_token_id") or 0
        self.unk_token_id = meta.get("unk_token_id")
        self.model_max_length = meta.get("model_max_length") or 0

    def __call__(self, texts, add_special_tokens: bool = True, **_ignored) -> _Encoding:
        single = isinstance(texts, str)
        found = self._tokenizer.encode_batch([texts] if single else list(texts),
                                             add_special_tokens=add_special_tokens)
        encoding = _Encoding(found)
        if single:
            encoding["input_ids"] = encoding["input_ids"][0]
        return encoding

    def tokenize(self, text: str) -> list[str]:
        return self._tokenizer.encode(text, add_special_tokens=False).tokens

    def convert_ids_to_tokens(self, ids: list[int]) -> list[str]:
        return [self._tokenizer.id_to_token(i) for i in ids]


class CT2Tagger(TransformersTagger):
    """`EntityTagger` over a CTranslate2 encoder and a numpy classifier head."""

    backend = "ctranslate2"

    def __init__(self, encoder, head: dict, tokenizer: FastTokenizer, meta: dict,
                 **options) -> None:
        config = SimpleNamespace(id2label=meta["id2label"],
                                 max_position_embeddings=meta.get("max_positions"))
        super().__init__(tokenizer, SimpleNamespace(config=config), **options)
        self.encoder = encoder
        self.weight, self.bias = head["weight"].T.copy(), head["bias"]

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        self.calls += 1
        output = self.encoder.forward_batch(rows)
        hidden = np.asarray(output.last_hidden_state, dtype=np.float32)
        return hidden @ self.weight + self.bias


def identity(source: Path, model_id: str, compute_type: str = DEFAULT_COMPUTE) -> ModelIdentity:
    """The tagger as the cache knows it, from the model folder's files only (nothing loaded)."""
    return folder_identity(source, model_id, "ctranslate2", compute_type)


_loaded: dict[tuple, tuple] = {}
_loading = threading.Lock()


def load_copy(copy: Path, *, source: Path, model_id: str, compute_type: str = "int8",
              language: str = "en", aggregation: str = DEFAULT_STRATEGY,
              max_tokens: int | None = None, batch_size: int | None = None) -> CT2Tagger:
    """A tagger over the CTranslate2 copy `copy` of the model in `source`.

    The encoder is loaded once per copy and compute type and shared between taggers."""
    if compute_type not in COMPUTE_TYPES:
        raise ValueError(f"unknown compute type {compute_type!r}")
    key = (str(Path(copy).resolve()), compute_type)
    with _loading:
        if key not in _loaded:
            _loaded[key] = _load(Path(copy), compute_type)
        encoder, head, tokenizer, meta = _loaded[key]
    return CT2Tagger(encoder, head, tokenizer, meta, model_id=model_id, language=language,
                     aggregation=aggregation, max_tokens=max_tokens,
                     batch_size=batch_size or BATCH[compute_type],
                     identity=identity(Path(source), model_id, compute_type))


def _load(copy: Path, compute_type: str) -> tuple:
    import ctranslate2
    from safetensors.numpy import load_file

    meta = read_meta(copy)
    try:
        encoder = ctranslate2.Encoder(str(copy), device="cpu", compute_type=compute_type,
                                      intra_threads=len(os.sched_getaffinity(0)))
        head = load_file(str(copy / HEAD))
        tokenizer = FastTokenizer(copy / TOKENIZER, meta)
    except (OSError, RuntimeError, ValueError, KeyError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CorruptModel(f"cannot load the entity model copy in {copy}: {reason}") from None
    meta = {**meta, "id2label": {int(k): v for k, v in meta["id2label"].items()}}
    return encoder, head, tokenizer, meta
