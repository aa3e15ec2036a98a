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


BACKENDS = ("ctranslate2", "transformers")
DEFAULT_COMPUTE = "float32"
"""The CTranslate2 backend's compute type unless int8 is asked for (ct2_backend says why)."""


@needs_ml("named entities")
def load_tagger(language: str | None = None, *, model: str | None = None,
                aggregation: str | None = None, max_tokens: int | None = None,
                batch_size: int | None = None, quantize: bool | None = None,
                backend: str | None = None, deferred: bool = False) -> EntityTagger:
    """A tagger for `language` from the installed models, or `model` (registry name or folder).

    The registry picks the model: ner-en (dslim/bert-base-NER) for English, ner-multi
    (Davlan/bert-base-multilingual-cased-ner-hrl, trained on ar de en es fr it lv nl pt zh)
    otherwise. `max_tokens` (default: the model's limit) sizes the chunks; `aggregation` is
    one of `aggregation.STRATEGIES`, by default word level ("first").

    `backend` "ctranslate2", the default for BERT models, tags with a CTranslate2 copy of
    the model made once in the cache (several times faster, no torch needed to tag);
    "transformers" runs the model itself. `quantize` runs in int8 (faster; outputs close
    but not identical); by default neither backend does. `deferred`: the model is opened
    (and its copy made) when the tagger first tags, so a tagger whose results are all
    cached never opens it. Raises ModelMissing (with the install command) or CorruptModel.
    """
    from reader.nlp.entities.aggregation import DEFAULT_STRATEGY

    folder, model_id = _resolve(language, model)
    if backend is not None and backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    backend = backend or default_backend(folder)
    options = dict(model_id=model_id, language=language or "en",
                   aggregation=aggregation or DEFAULT_STRATEGY, max_tokens=max_tokens,
                   batch_size=batch_size)

    def load() -> EntityTagger:
        from reader.nlp.entities import transformers_backend

        transformers_backend.check_folder(folder)
        if backend == "ctranslate2":
            from reader.nlp.entities.ct2_backend import load_copy
            from reader.nlp.models.ct2_encoder import cached_encoder

            compute = _compute(quantize)
            return load_copy(cached_encoder(folder, compute), source=folder,
                             compute_type=compute, **options)
        return transformers_backend.load_folder(folder, quantize=bool(quantize),
                                                **{**options, "batch_size": batch_size or 8})

    if not deferred:
        return load()
    from reader.nlp.models.deferred import Deferred

    return Deferred(load, model_id=model_id, aggregation=options["aggregation"],
                    identity=_folder_identity(folder, model_id, backend, quantize))


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
    cache = ResultCache(store)
    key = entities_key(content_id or _text_id(text), _identity(tagger),
                       getattr(tagger, "aggregation", None))
    spans = cache.entities(key, text)
    if spans is None:
        spans = tagger.tag(text)
        cache.put_entities(key, spans)
    return [s for s in spans if s.score >= threshold]


def _text_id(text: str) -> str:
    from reader.library.sources import text_id  # sources pulls the text pipeline

    return text_id(text)


def _identity(tagger: EntityTagger) -> ModelIdentity:
    return getattr(tagger, "identity", None) or ModelIdentity(tagger.model_id, "")


def model_identity(language: str | None = None, *, model: str | None = None,
                   quantize: bool | None = None, backend: str | None = None) -> ModelIdentity:
    """The identity `load_tagger(language, model=model, quantize=quantize, backend=backend)`
    would give its tagger, from the registry and the folder's files alone: no model is
    loaded and no ML library imported, so a cached result can be found first."""
    folder, model_id = _resolve(language, model)
    return _folder_identity(folder, model_id, backend or default_backend(folder), quantize)


def _folder_identity(folder: Path, model_id: str, backend: str,
                     quantize: bool | None) -> ModelIdentity:
    if backend == "ctranslate2":
        return folder_identity(folder, model_id, backend, _compute(quantize))
    return folder_identity(folder, model_id, backend, "int8" if quantize else "")


def folder_identity(folder: Path, model_id: str, backend: str,
                    settings: str = "") -> ModelIdentity:
    """A tagger of a model folder as the cache knows it, from the folder's files only
    (no backend module is imported: they pull numpy). `settings` is what changes its
    results: "int8" or nothing for transformers, the compute type for CTranslate2 (whose
    results differ from transformers' only in rounding, but an int8 tagger's may differ
    more, so each keeps its own)."""
    stamp = folder_stamp(folder)
    return ModelIdentity(model_id, backend, f"{stamp};{settings}" if settings else stamp)


def cached_spans(language: str | None, text: str, *, store, content_id: str | None = None,
                 model: str | None = None,
                 quantize: bool | None = None) -> tuple[tuple[str, ...], list[EntitySpan]] | None:
    """The labels and the cached spans (before any threshold) that `tag_article` would give
    with the tagger `load_tagger(language, model=model, quantize=quantize)`, or None when
    they are not cached, found from the registry, the folder's files and the store alone:
    no model is loaded. Raises ModelMissing like `load_tagger`."""
    from reader.nlp.entities.aggregation import DEFAULT_STRATEGY

    folder, _ = _resolve(language, model)
    known = model_identity(language, model=model, quantize=quantize)
    key = entities_key(content_id or _text_id(text), known, DEFAULT_STRATEGY)
    spans = ResultCache(store).entities(key, text)
    return None if spans is None else (_labels(folder), spans)


def _labels(folder: Path) -> tuple[str, ...]:
    """The entity types a model folder's config names, without B-/I- and O."""
    import json

    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        names = [str(v) for v in config["id2label"].values()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ()
    return tuple(sorted({name.split("-", 1)[-1] for name in names} - {"O"}))


def _compute(quantize: bool | None) -> str:
    return DEFAULT_COMPUTE if quantize is None else ("int8" if quantize else "float32")
