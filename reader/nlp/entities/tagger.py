"""Named entities of an article: the `EntityTagger` protocol, model choice by language,
and `tag_article`, which caches the tagger's spans in the store.

Spans are `EntitySpan(start, end, label, score, text)` with character offsets into the
article text, labels without B-/I- prefixes, sorted and never overlapping. Importing this
module loads no ML library; `load_tagger` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from reader.errors import ModelMissing, needs_ml
from reader.library.article import EntitySpan
from reader.library.sources import text_id

class _LabelNames(dict):
    """Label -> legend word; labels not listed (DATE, ...) read as themselves, lower-cased."""

    def __missing__(self, label: str) -> str:
        return label.lower()


LABEL_NAMES = _LabelNames(PER="person", ORG="organisation", LOC="location", MISC="misc")


def label_name(label: str) -> str:
    return LABEL_NAMES[label]


class EntityTagger(Protocol):
    model_id: str
    labels: tuple[str, ...]

    def tag(self, text: str) -> list[EntitySpan]: ...


BACKENDS = ("ctranslate2", "transformers")


@needs_ml("named entities")
def load_tagger(language: str | None = None, *, model: str | None = None,
                aggregation: str | None = None, max_tokens: int | None = None,
                batch_size: int = 8, quantize: bool | None = None,
                backend: str | None = None) -> EntityTagger:
    """A tagger for `language` from the installed models, or `model` (registry name or folder).

    The registry picks the model: ner-en (dslim/bert-base-NER) for English, ner-multi
    (Davlan/bert-base-multilingual-cased-ner-hrl, trained on ar de en es fr it lv nl pt zh)
    otherwise. `max_tokens` (default: the model's limit) sizes the chunks; `aggregation` is
    one of `aggregation.STRATEGIES`, by default word level ("first").

    `backend` "ctranslate2", the default for BERT models, tags with a CTranslate2 copy of
    the model made once in the cache (several times faster, no torch needed to tag);
    "transformers" runs the model itself. `quantize` runs in int8 (faster; outputs close
    but not identical); by default neither backend does. Raises ModelMissing (with the
    install command) or CorruptModel.
    """
    from reader.nlp.entities import transformers_backend
    from reader.nlp.entities.aggregation import DEFAULT_STRATEGY

    folder, model_id = _resolve(language, model)
    if backend is not None and backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    transformers_backend.check_folder(folder)
    options = dict(model_id=model_id, language=language or "en",
                   aggregation=aggregation or DEFAULT_STRATEGY, max_tokens=max_tokens,
                   batch_size=batch_size)
    if (backend or default_backend(folder)) == "ctranslate2":
        from reader.nlp.entities.ct2_backend import DEFAULT_COMPUTE, load_copy
        from reader.nlp.models.ct2_encoder import cached_encoder

        compute = DEFAULT_COMPUTE if quantize is None else ("int8" if quantize else "float32")
        return load_copy(cached_encoder(folder, compute), source=folder,
                         compute_type=compute, **options)
    return transformers_backend.load_folder(folder, quantize=bool(quantize), **options)


def default_backend(folder: Path) -> str:
    """CTranslate2 for the models it can copy (BERT), else transformers."""
    from reader.nlp.models.ct2_encoder import convertible

    return "ctranslate2" if convertible(folder) else "transformers"


def _resolve(language: str | None, model: str | None) -> tuple[Path, str]:
    from reader.nlp import models

    if model is not None:
        path = Path(model).expanduser()
        if path.exists() or "/" in model or model.startswith("."):
            models.inspect_folder(path)  # file checks: a clear CorruptModel before loading
            return path, str(path.resolve())
        record = models.get(model)
        if record.task != "ner":
            raise ModelMissing(f"{model!r} is a {record.task} model, not an entity model",
                               models.install_command("ner", language=language))
        return Path(record.path), record.name
    record = models.find("ner", language=language)
    if record is None:
        wanted = f"for {language!r}" if language else "at all"
        raise ModelMissing(f"no entity model is installed {wanted}",
                           models.install_command("ner", language=language))
    return Path(record.path), record.name


def tag_article(tagger: EntityTagger, text: str, *, threshold: float | None = None,
                store=None, content_id: str | None = None) -> list[EntitySpan]:
    """Entities of `text` scoring at least `threshold` (default: Settings.entity_threshold).

    With a store, all spans (before the threshold) are cached under the text, the model and
    the aggregation, so a later call with another threshold does not run the model.
    """
    if threshold is None:
        from reader.config import load_settings

        threshold = load_settings().entity_threshold
    spans = None
    key = None
    if store is not None:
        from reader.library.store import cache_key

        key = cache_key("entities", content_id or text_id(text),
                        getattr(tagger, "cache_id", tagger.model_id),
                        getattr(tagger, "aggregation", None))
        spans = _decode(store.cache_get(key), text)
    if spans is None:
        spans = tagger.tag(text)
        if key is not None:
            store.cache_put(key, [[s.start, s.end, s.label, s.score] for s in spans])
    return [s for s in spans if s.score >= threshold]


def _decode(value, text: str) -> list[EntitySpan] | None:
    """Spans from a cached value; None if it is absent or does not fit the text."""
    if not isinstance(value, list):
        return None
    spans = []
    try:
        for start, end, label, score in value:
            if not (0 <= start < end <= len(text)):
                return None
            spans.append(EntitySpan(int(start), int(end), str(label), float(score),
                                    text[start:end]))
    except (TypeError, ValueError):
        return None
    return spans
