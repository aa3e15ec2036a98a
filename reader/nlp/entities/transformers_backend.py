"""The transformers backend of the entity tagger: a token-classification model run over
sentence-packed chunks of an article, with offsets mapped back into the article text.

Imported only when a tagger is loaded (it pulls numpy; torch and transformers are
imported inside `load_folder`), so the headless core stays light.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Generator
from pathlib import Path

import numpy as np

from reader.errors import CorruptModel
from reader.library.article import EntitySpan
from reader.library.cache import ModelIdentity
from reader.nlp.entities import aggregation as agg
from reader.nlp.entities import chunking
from reader.nlp.entities.tagger import folder_identity
from reader.nlp.models.files import read_json
from reader.nlp.sentences import split

# Chunks of up to 256 tokens (about ten sentences of context) measured faster than the
# model's full 512 on CPU (attention grows with the square of the length); bench/entities.py.
DEFAULT_MAX_TOKENS = 256
STEP_SENTENCES = 64


class TransformersTagger:
    """`EntityTagger` over a transformers model; `tag(text)` returns sorted, disjoint spans."""

    def __init__(self, tokenizer, model, *, model_id: str, language: str = "en",
                 aggregation: str = agg.DEFAULT_STRATEGY, max_tokens: int | None = None,
                 batch_size: int = 8, identity: ModelIdentity | None = None) -> None:
        agg.check_strategy(aggregation)
        self.tokenizer, self.model = tokenizer, model
        self.model_id, self.language, self.aggregation = model_id, language, aggregation
        self.batch_size = batch_size
        self.identity = identity or ModelIdentity(model_id, "transformers")
        self.id2label = {int(k): v for k, v in model.config.id2label.items()}
        self.labels = tuple(sorted({v.split("-", 1)[-1] for v in self.id2label.values()} - {"O"}))
        self.max_tokens = max_tokens or _model_limit(tokenizer, model)
        self._prefix, self._suffix = _special_tokens(tokenizer)
        self.budget = self.max_tokens - len(self._prefix) - len(self._suffix)
        backend = getattr(tokenizer, "_tokenizer", None)
        self._word_aware = bool(backend is not None
                                and getattr(backend.model, "continuing_subword_prefix", None))
        self.calls = 0

    def tag(self, text: str) -> list[EntitySpan]:
        return run_steps(self.steps(text))

    def steps(self, text: str) -> Generator[None, None, list[EntitySpan]]:
        """`tag` in short steps (splitting, tokenizing, each model batch, every
        `STEP_SENTENCES` sentences of aggregation): yields between two, returns the spans,
        so a caller can stop between steps or interleave other work."""
        sentences = split(text, self.language)
        if not sentences:
            return []
        yield
        enc = self.tokenizer([s.text for s in sentences], add_special_tokens=False,
                             return_offsets_mapping=True)
        yield
        ids = enc["input_ids"]
        offsets = [[(a + s.start, b + s.start) for a, b in offs]
                   for s, offs in zip(sentences, enc["offset_mapping"])]
        chunks = chunking.pack([enc.word_ids(i) for i in range(len(sentences))], self.budget)
        scores: list[list[tuple[int, np.ndarray]]] = [[] for _ in sentences]
        for batch in chunking.batches(chunks, self.batch_size):
            logits = self._run([self._chunk_ids(chunks[i], ids) for i in batch])
            for row, index in zip(logits, batch):
                pos = len(self._prefix)
                for piece in chunks[index]:
                    scores[piece.sentence].append(
                        (piece.first, agg.softmax(row[pos : pos + piece.size])))
                    pos += piece.size
            yield
        spans = []
        for n in range(len(sentences)):
            tokens = self._tokens(text, ids[n], offsets[n], sorted(scores[n], key=lambda p: p[0]))
            for start, end, label, score in agg.aggregate(tokens, self.aggregation, self.id2label):
                spans.append(EntitySpan(start, end, label, score, text[start:end]))
            if n % STEP_SENTENCES == STEP_SENTENCES - 1:
                yield
        return _disjoint(spans)

    def _chunk_ids(self, chunk: list[chunking.Piece], ids: list[list[int]]) -> list[int]:
        body = [t for p in chunk for t in ids[p.sentence][p.first : p.last]]
        return self._prefix + body + self._suffix

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        import torch

        self.calls += 1
        width = max(len(r) for r in rows)
        pad = self.tokenizer.pad_token_id or 0
        input_ids = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            input_ids[i, : len(r)] = torch.tensor(r)
            mask[i, : len(r)] = 1
        with torch.inference_mode():
            out = self.model(input_ids=input_ids, attention_mask=mask)
        return out.logits.float().numpy()

    def _tokens(self, text, ids, offsets, parts) -> list[agg.Token]:
        """One sentence's tokens with their probabilities, gathered from its pieces."""
        if not ids:
            return []
        probs = np.concatenate([p for _, p in parts])
        names = self.tokenizer.convert_ids_to_tokens(ids)
        unk = self.tokenizer.unk_token_id
        tokens, previous_end = [], None
        for k, (tid, name, (a, b)) in enumerate(zip(ids, names, offsets)):
            inside = (agg.is_subword(name, text[a:b], tid == unk, self._word_aware)
                      or agg.within_word(text, previous_end, a))
            tokens.append(agg.Token(name, a, b, inside, probs[k]))
            previous_end = b
        return tokens


def run_steps(steps: Generator[None, None, list]) -> list:
    """What a `steps` generator returns, run to its end."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def _model_limit(tokenizer, model) -> int:
    limits = [DEFAULT_MAX_TOKENS]
    positions = getattr(model.config, "max_position_embeddings", None)
    if positions:
        limits.append(int(positions))
    if 0 < (tokenizer.model_max_length or 0) < 100_000:
        limits.append(int(tokenizer.model_max_length))
    return min(limits)


def _special_tokens(tokenizer) -> tuple[list[int], list[int]]:
    """The ids a tokenizer puts before and after a single text ([CLS] / [SEP] for BERT)."""
    plain = tokenizer("a", add_special_tokens=False)["input_ids"]
    full = tokenizer("a", add_special_tokens=True)["input_ids"]
    for k in range(len(full) - len(plain) + 1):
        if full[k : k + len(plain)] == plain:
            return full[:k], full[k + len(plain):]
    return [], []


def _disjoint(spans: list[EntitySpan]) -> list[EntitySpan]:
    """Sorted by offset; where two overlap, the longer (then the surer) one is kept."""
    kept: list[EntitySpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start), -s.score)):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


_loaded: dict[tuple, tuple] = {}
_loading = threading.Lock()


def load_folder(folder: Path, *, model_id: str, language: str = "en", aggregation: str = agg.DEFAULT_STRATEGY,
                max_tokens: int | None = None, batch_size: int = 8,
                quantize: bool = False) -> TransformersTagger:
    """A tagger over the model in `folder` (offline, safetensors only).

    Weights are loaded once per folder and kept: taggers for several languages that share
    the multilingual model share one copy of it.
    """
    check_folder(folder)
    known = folder_identity(folder, model_id, "transformers", "int8" if quantize else "")
    key = (str(folder.resolve()), known.settings)
    with _loading:
        if key not in _loaded:
            _loaded[key] = _load(folder, quantize)
        tokenizer, model = _loaded[key]
    return TransformersTagger(tokenizer, model, model_id=model_id, language=language,
                              aggregation=aggregation, max_tokens=max_tokens,
                              batch_size=batch_size, identity=known)


def check_folder(folder: Path) -> None:
    """CorruptModel unless `folder` has a config and safetensors weights."""
    if not folder.is_dir():
        raise CorruptModel(f"{folder}: not a folder")
    if not (folder / "config.json").is_file():
        raise CorruptModel(f"{folder}: no config.json; this is not a model folder")
    if not any(folder.glob("*.safetensors")):
        raise CorruptModel(f"{folder}: no .safetensors weights (other formats are not loaded)")


def _check_architecture(folder: Path) -> None:
    """CorruptModel when config.json names architectures and none tags tokens."""
    try:
        config = read_json(folder / "config.json")
    except CorruptModel:
        return  # transformers reports an unreadable config with its own words
    names = config.get("architectures") if isinstance(config, dict) else None
    if isinstance(names, list) and names and not any(
            str(n).endswith("ForTokenClassification") for n in names):
        raise CorruptModel(f"{folder} holds a {', '.join(map(str, names))} model, not a "
                           "token-classification (named entity) model")


def _load(folder: Path, quantize: bool) -> tuple:
    from transformers import AutoModelForTokenClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        _check_architecture(folder)
        with warnings.catch_warnings():  # e.g. a tokenizer's advice to install a package
            warnings.simplefilter("ignore")
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True,
                                                      trust_remote_code=False)
            model = AutoModelForTokenClassification.from_pretrained(
                folder, local_files_only=True, use_safetensors=True, trust_remote_code=False)
    except CorruptModel:
        raise
    except Exception as exc:  # transformers raises many types for a broken folder
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CorruptModel(f"{folder}: cannot load the entity model ({reason})") from exc
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()
    if not getattr(tokenizer, "is_fast", False):
        raise CorruptModel(f"{folder}: the tokenizer gives no character offsets (needs a fast tokenizer)")
    model.eval()
    if quantize:
        import torch

        with warnings.catch_warnings():  # torch marks its quantized tensors as deprecated
            warnings.simplefilter("ignore")
            model = torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    return tokenizer, model
