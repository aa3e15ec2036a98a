"""Choosing and opening a translator: registry or folder, backend, pivot through English.

With no backend named, a model's CTranslate2 copy is used when there is one (it is
several times faster and needs no torch), else transformers; Apertium serves pairs no
installed model covers. `--backend ctranslate2` on a folder without a copy converts it
once into the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from reader.errors import CorruptModel, ModelMissing, ReaderError, needs_ml
from reader.library.cache import ModelIdentity
from reader.library.language import PIVOT
from reader.nlp import models
from reader.nlp.translate.base import PivotTranslator
from reader.nlp.translate.folders import describe

BACKENDS = ("transformers", "ctranslate2", "apertium")


def _named(model: str):
    """A registry record by name; the registry raises ModelMissing (with its advice) if none."""
    record = models.get(model)
    if record.task != "translation":
        raise ReaderError(f"model {model} is a {record.task} model, not a translation model")
    return record


def conversion_dir(hf_dir: Path) -> Path:
    """Where the cache keeps the CTranslate2 copy of `hf_dir` (made or not)."""
    from reader import locations

    stamp = [str(hf_dir.resolve())]
    for name in sorted(p.name for p in hf_dir.iterdir() if p.is_file()):
        stat = (hf_dir / name).stat()
        stamp.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(stamp).encode()).hexdigest()[:20]
    return locations.cache_dir() / "ct2" / digest


def cached_conversion(hf_dir: Path) -> Path:
    """A CTranslate2 copy of `hf_dir` in the cache, converted on first use."""
    from reader.nlp.models.ct2 import convert, is_ct2

    out = conversion_dir(hf_dir)
    if not is_ct2(out):
        convert(hf_dir, out)
    return out


def open_folder(path: Path, source: str, target: str, *, backend: str | None = None,
                beams: int = 4, model_id: str | None = None, ct2_path: Path | None = None):
    """A translator for one model folder (transformers, CTranslate2 or both)."""
    folder = describe(path, ct2_path)
    model_id = model_id or Path(path).name
    backend = backend or _default_backend(folder)
    if backend == "ctranslate2":
        from reader.nlp.translate.ct2_backend import CT2Translator

        if folder.ct2_dir is None:
            folder = dataclasses.replace(folder, ct2_dir=cached_conversion(folder.hf_dir))
        return CT2Translator(path, source, target, beams=beams, model_id=model_id,
                             ct2_path=folder.ct2_dir, folder=folder)
    if backend == "transformers":
        if folder.hf_dir is None:
            raise CorruptModel(f"{path} is a CTranslate2 folder only; "
                               "use --backend ctranslate2 (or no --backend)")
        from reader.nlp.translate.transformers_backend import TransformersTranslator

        return TransformersTranslator(folder.hf_dir, source, target, beams=beams,
                                      model_id=model_id, folder=folder)
    raise ReaderError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def _default_backend(folder) -> str:
    """The CTranslate2 copy when there is one: several times faster, no torch needed."""
    return "ctranslate2" if folder.ct2_dir else "transformers"


def folder_identity(path: Path, *, backend: str | None = None, beams: int = 4,
                    model_id: str | None = None,
                    ct2_path: Path | None = None) -> ModelIdentity | None:
    """The cache identity of the translator `open_folder` gives for the same arguments,
    from the folder's files alone: no model is loaded and no ML library imported. None
    when that translator cannot be known before loading (a CTranslate2 copy still to be
    made, or a backend the folder cannot serve)."""
    folder = describe(path, ct2_path)
    backend = backend or _default_backend(folder)
    if backend == "ctranslate2" and folder.ct2_dir is None and folder.hf_dir is not None:
        from reader.nlp.models.ct2 import is_ct2

        made = conversion_dir(folder.hf_dir)
        if is_ct2(made):
            folder = dataclasses.replace(folder, ct2_dir=made)
    if backend == "ctranslate2" and folder.ct2_dir is not None:
        from reader.nlp.translate.ct2_backend import settings
    elif backend == "transformers" and folder.hf_dir is not None:
        from reader.nlp.translate.transformers_backend import settings
    else:
        return None
    return ModelIdentity(model_id or Path(path).name, backend, settings(folder, beams))


def _open(path: Path, source: str, target: str, *, deferred: bool, **options):
    """`open_folder`, or (`deferred`) a stand-in that opens it on first use and knows its
    cache identity before: when every sentence is cached, no model is loaded."""
    known = folder_identity(path, **options) if deferred else None
    if known is None:
        return open_folder(path, source, target, **options)
    from reader.nlp.models.deferred import Deferred

    return Deferred(lambda: open_folder(path, source, target, **options),
                    model_id=known.name, backend=known.backend, settings=known.settings,
                    source=source, target=target, pivot=False)


def _open_record(record, source, target, backend, beams, deferred):
    if not Path(record.path).is_dir():
        raise CorruptModel(f"model {record.name}: its folder {record.path} is gone")
    return _open(Path(record.path), source, target, deferred=deferred, backend=backend,
                 beams=beams, model_id=record.name, ct2_path=getattr(record, "ct2_path", None))


@needs_ml("translation")
def load_translator(source: str, target: str, *, backend: str | None = None,
                    model: str | Path | None = None, beams: int = 4, deferred: bool = False):
    """A Translator for source -> target. `model` is a registry name or a model folder.
    `deferred`: models are opened when the first sentence needs translating, not before.

    Raises ModelMissing (with the install command) or CorruptModel."""
    if backend is not None and backend not in BACKENDS:
        raise ReaderError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if beams < 1:
        raise ReaderError("beams must be at least 1")
    if source == target:
        raise ReaderError(f"the article is already in {target}")
    if backend == "apertium":
        from reader.nlp.translate.apertium import ApertiumTranslator

        return ApertiumTranslator(source, target)
    if model is not None:
        path = Path(model).expanduser()
        if path.is_dir():
            return _open(path, source, target, deferred=deferred, backend=backend, beams=beams)
        return _open_record(_named(str(model)), source, target, backend, beams, deferred)
    records, problems = models.scan()

    def best(src: str, tgt: str):
        return models.find("translation", source=src, target=tgt, records=records)

    record = best(source, target)
    if record is not None:
        return _open_record(record, source, target, backend, beams, deferred)
    if PIVOT not in (source, target):
        first, second = best(source, PIVOT), best(PIVOT, target)
        if first is not None and second is not None:
            return PivotTranslator(_open_record(first, source, PIVOT, backend, beams, deferred),
                                   _open_record(second, PIVOT, target, backend, beams, deferred))
    if backend is None:
        from reader.nlp.translate.apertium import ApertiumTranslator, pair_name

        if pair_name(source, target):
            return ApertiumTranslator(source, target)
    raise ModelMissing(f"no translation model for {source} -> {target} is installed"
                       f"{_broken_note(problems)}",
                       models.install_command("translation", source=source, target=target))


def _broken_note(problems: list[tuple[str, str]]) -> str:
    """A hint when installed folders could not be read: the wanted model may be among them."""
    if not problems:
        return ""
    reason = problems[0][1]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return (f"\n{len(problems)} installed model folder(s) could not be used: {reason}{more}; "
            "see: reader models list")
