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
from reader.library.cache import ModelIdentity, ResultCache, entities_key, folder_stamp

class _LabelNames(dict):
    """Label -> legend word; labels not listed (DATE, ...) read as themselves, lower-cased."""

    def __missing__(self, label: str) -> str:
        return label.lower()


LABEL_NAMES = _LabelNames(PER="person", ORG="organisation", LOC="location", MISC="misc")


def label_name(label: str) -> str:
    return LABEL_NAMES[label]


class EntityTagger(Protocol):
    """Tags one text. Optional attributes: `identity` (a ModelIdentity, which keys the
    cache; without it the model_id alone does) and `aggregation`."""

    model_id: str
    labels: tuple[str, ...]

    def tag(self, text: str) -> list[EntitySpan]: ...


@needs_ml("named entities")
def load_tagger(language: str | None = None, *, model: str | None = None,
                aggregation: str | None = None, max_tokens: int | None = None,
                batch_size: int = 8, quantize: bool = False,
                deferred: bool = False) -> EntityTagger:
    """A tagger for `language` from the installed models, or `model` (registry name or folder).

    The registry picks the model: ner-en (dslim/bert-base-NER) for English, ner-multi
    (Davlan/bert-base-multilingual-cased-ner-hrl, trained on ar de en es fr it lv nl pt zh)
    otherwise. `max_tokens` (default: the model's limit) sizes the chunks; `quantize`
    runs the model's linear layers in int8 (faster, outputs close but not identical).
    `aggregation` is one of `aggregation.STRATEGIES`, by default word level ("first").
    `deferred`: the model is opened when the tagger first tags (a tagger whose results
    are all cached never opens it). Raises ModelMissing (with the install command) or
    CorruptModel.
    """
    from reader.nlp.entities.aggregation import DEFAULT_STRATEGY

    folder, model_id = _resolve(language, model)
    aggregation = aggregation or DEFAULT_STRATEGY

    def load():
        from reader.nlp.entities.transformers_backend import load_folder

        return load_folder(folder, model_id=model_id, language=language or "en",
                           aggregation=aggregation, max_tokens=max_tokens,
                           batch_size=batch_size, quantize=quantize)

    if not deferred:
        return load()
    from reader.nlp.models.deferred import Deferred

    return Deferred(load, model_id=model_id, aggregation=aggregation,
                    identity=folder_identity(folder, model_id, quantize))


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
    if content_id is None:
        from reader.library.sources import text_id

        content_id = text_id(text)
    cache = ResultCache(store)
    key = entities_key(content_id, _identity(tagger),
                       getattr(tagger, "aggregation", None))
    spans = cache.entities(key, text)
    if spans is None:
        spans = tagger.tag(text)
        cache.put_entities(key, spans)
    return [s for s in spans if s.score >= threshold]


def _identity(tagger: EntityTagger) -> ModelIdentity:
    return getattr(tagger, "identity", None) or ModelIdentity(tagger.model_id, "")


def model_identity(language: str | None = None, *, model: str | None = None,
                   quantize: bool = False) -> ModelIdentity:
    """The identity `load_tagger(language, model=model, quantize=quantize)` would give its
    tagger, from the registry and the folder's files alone: no model is loaded and no ML
    library imported, so a cached result can be found first."""
    folder, model_id = _resolve(language, model)
    return folder_identity(folder, model_id, quantize)


def folder_identity(folder: Path, model_id: str, quantize: bool = False) -> ModelIdentity:
    """The tagger of a model folder as the cache knows it, from its files only."""
    stamp = folder_stamp(folder)
    return ModelIdentity(model_id, "transformers", f"{stamp};int8" if quantize else stamp)
