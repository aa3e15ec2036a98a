"""Installed models: folders under the models directory, listed in a small JSON manifest,
plus read-only snapshots already in the Hugging Face cache.

Layout: `<models_dir>/<name>/` holds one model (and its CTranslate2 copy in `ct2/`);
`<models_dir>/manifest.json` (see manifest.py) records for each name where it came from
and its languages. A folder dropped in by hand without a manifest entry is still
recognised by its files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import tempfile
from pathlib import Path

from reader import locations
from reader.errors import CorruptModel, ModelMissing, ReaderError
from reader.nlp.models.catalog import install_command, resolve
from reader.nlp.models.copy import copy_model
from reader.nlp.models.ct2 import Progress, ensure_ct2
from reader.nlp.models.manifest import MANIFEST, forget, read_manifest, record_installed
from reader.nlp.models.pickled import convert_pickles
from reader.nlp.models.record import ANY, ModelRecord, folder_size, normalise_language
from reader.nlp.models.validate import (
    PICKLE_INDEX,
    PICKLE_WEIGHTS,
    UnsupportedModel,
    inspect_folder,
    pickle_weights,
    safetensors_files,
)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def hub_cache() -> Path:
    """The Hugging Face hub cache: HF_HUB_CACHE, else HF_HOME/hub, else the default."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(xdg).expanduser() / "huggingface" / "hub"


def _subfolders(root: Path, problems: list[tuple[str, str]], prefix: str = "") -> list[Path]:
    """Sorted visible subfolders (starting with `prefix`); an unreadable root is a problem."""
    if not root.is_dir():
        return []
    try:
        return sorted(p for p in root.iterdir()
                      if p.name.startswith(prefix) and not p.name.startswith(".") and p.is_dir())
    except OSError as exc:
        problems.append((str(root), f"{root}: cannot list models ({exc.strerror or exc})"))
        return []


def _inspect(folder: Path, problems: list[tuple[str, str]], **known) -> ModelRecord | None:
    """inspect_folder, with whatever is wrong with the folder added to `problems`: one
    broken folder never hides the others."""
    try:
        return inspect_folder(folder, **known)
    except UnsupportedModel:
        raise
    except CorruptModel as exc:
        problems.append((str(folder), str(exc)))
    except (OSError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        problems.append((str(folder), f"{folder}: unreadable model folder ({type(exc).__name__})"))
    return None


def _local(problems: list[tuple[str, str]]) -> list[ModelRecord]:
    manifest = read_manifest()
    by_folder = {str(v.get("folder") or k): (k, v) for k, v in manifest.items()}
    records = []
    for folder in _subfolders(locations.models_dir(), problems):
        name, entry = by_folder.get(folder.name, (folder.name, {}))
        languages = entry.get("languages")
        source = entry.get("source")
        record = _inspect(folder, problems, name=name,
                          languages=languages if isinstance(languages, list) else None,
                          source=source if isinstance(source, str) else None)
        if record is not None:
            records.append(record)
    return records


def _snapshot(repo_dir: Path) -> Path | None:
    snapshots = repo_dir / "snapshots"
    with contextlib.suppress(OSError):
        rev = (repo_dir / "refs" / "main").read_text(encoding="utf-8").strip()
        if rev and (snapshots / rev).is_dir():
            return snapshots / rev
    if not snapshots.is_dir():
        return None
    try:
        found = [p for p in snapshots.iterdir() if p.is_dir()]
        return max(found, key=lambda p: p.stat().st_mtime) if found else None
    except OSError:
        return None


def _hub(problems: list[tuple[str, str]]) -> list[ModelRecord]:
    records = []
    for repo_dir in _subfolders(hub_cache(), problems, prefix="models--"):
        repo = repo_dir.name[len("models--"):].replace("--", "/")
        snapshot = _snapshot(repo_dir)
        if snapshot is None:
            continue
        try:
            record = _inspect(snapshot, problems, name=repo, source=repo, origin="hf-cache")
        except UnsupportedModel:
            continue
        if record is not None:
            records.append(record)
    return records


def scan() -> tuple[list[ModelRecord], list[tuple[str, str]]]:
    """Every usable model (local first, then the HF cache) and (where, reason) problems."""
    problems: list[tuple[str, str]] = []
    records = _local(problems) + _hub(problems)
    return records, problems


def installed(task: str | None = None) -> list[ModelRecord]:
    """Usable models, optionally of one task ("translation" or "ner")."""
    return [r for r in scan()[0] if task is None or r.task == task]


def _exactness(record: ModelRecord, wanted: tuple[str | None, ...]) -> int:
    if record.task == "translation":
        return sum(1 for want, have in zip(wanted, record.languages) if want and have == want)
    return int(wanted[0] is not None and wanted[0] in record.languages)


def _fits(record: ModelRecord, wanted: tuple[str | None, ...]) -> bool:
    if record.task == "translation":
        return all(w is None or h in (w, ANY) for w, h in zip(wanted, record.languages))
    return wanted[0] is None or record.covers(wanted[0])


def find(task: str, *, source: str | None = None, target: str | None = None,
         language: str | None = None,
         records: list[ModelRecord] | None = None) -> ModelRecord | None:
    """The best installed model for the job, or None: exact languages beat "*" (with no
    language given, "*" wins), local folders beat the HF cache, a model with a
    CTranslate2 copy beats one without. `records` (from one `scan`) spares a caller that
    asks several times a scan of every folder per question."""
    def norm(code):
        return normalise_language(code) if code else None

    wanted = (norm(source), norm(target)) if task == "translation" else (norm(language),)
    candidates = scan()[0] if records is None else records
    fits = [r for r in candidates if r.task == task and _fits(r, wanted)]
    unspecified = wanted[0] is None
    return min(fits, default=None, key=lambda r: (
        -_exactness(r, wanted), unspecified and ANY not in r.languages,
        r.origin != "local", r.ct2_path is None, r.name))


def get(name: str) -> ModelRecord:
    """An installed model by name, hub repository id, or catalog name.

    Raises CorruptModel (with the reason) when the folder of that name is broken, else
    ModelMissing with the command that installs it.
    """
    records, problems = scan()
    for record in records:
        if record.name == name:
            return record
    try:
        entry = resolve(name)
    except ReaderError:
        entry = None
    for record in records:
        if entry and (record.source == entry.repo or record.name == entry.folder):
            return record
    folders = {name, entry.folder if entry else name}
    for where, reason in problems:
        if Path(where).name in folders or (entry and _repo_of_snapshot(Path(where)) == entry.repo):
            raise CorruptModel(reason)
    command = f"reader models pull {name}" if entry else None
    raise ModelMissing(f"no installed model named {name!r} (see: reader models list)", command)


def _broken(name: str) -> ModelRecord | None:
    """What the manifest says about a local folder that no longer validates."""
    entry = read_manifest().get(name, {})
    folder = locations.models_dir() / str(entry.get("folder") or name)
    if not _NAME.match(folder.name) or not folder.is_dir():
        return None
    return ModelRecord(
        name=name, task=str(entry.get("task") or ""), path=folder,
        backend=str(entry.get("backend") or ""),
        languages=tuple(entry.get("languages") or ()), source=entry.get("source"),
        size=folder_size(folder), family=str(entry.get("family") or ""))


def _repo_of_snapshot(folder: Path) -> str | None:
    """`.../models--org--name/snapshots/<rev>` -> "org/name"."""
    if folder.parent.name == "snapshots" and folder.parent.parent.name.startswith("models--"):
        return folder.parent.parent.name[len("models--"):].replace("--", "/")
    return None


def add(path: Path | str, name: str | None = None,
        languages: tuple[str, ...] | list[str] | None = None, *, convert: bool = False,
        progress: Progress | None = None) -> ModelRecord:
    """Validate the folder, copy it under the models directory and record it; with
    `convert`, also make the CTranslate2 copy of a translation model (in the copy).

    Weights that are only a PyTorch pickle are not copied: the copy gets
    model.safetensors made from them (see pickled.py). The user's folder is only read:
    never moved, never modified.
    """
    src = Path(path).expanduser()
    root = locations.models_dir()
    repo = _repo_of_snapshot(src.resolve()) if src.exists() else None
    checked = inspect_folder(src, languages=languages, source=repo, pickle_ok=True)
    if src.resolve().is_relative_to(root.resolve()):
        raise ReaderError(f"{src} is already inside the models folder {root}")
    name = name or (repo.rsplit("/", 1)[-1] if repo else checked.name)
    if not _NAME.match(name) or name == MANIFEST:
        raise ReaderError(f"invalid model name {name!r}: use letters, digits, '.', '_' and '-'")
    dest = root / name
    if dest.exists():
        raise ReaderError(f"a model named {name!r} is already installed at {dest}; "
                          f"remove it first (reader models remove {name}) or pick --name")
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".adding-{name}-", dir=root))
    try:
        copy = tmp / "model"
        within = src.resolve().parent.parent if repo else src
        copy_model(src, copy, skip=(".git", ".cache", *PICKLE_WEIGHTS, PICKLE_INDEX),
                   within=within)
        pickles = pickle_weights(src)
        if pickles and not safetensors_files(src):  # a CTranslate2 folder has neither
            convert_pickles(pickles, within, copy, checked.task, progress)
        copied = inspect_folder(copy, name=name, languages=checked.languages,
                                source=checked.source)
        os.replace(copy, dest)
    except OSError as exc:
        raise ReaderError(f"cannot copy {src} to {dest}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    record = dataclasses.replace(copied, path=dest)
    record_installed(record)
    if convert and ensure_ct2(record, progress):
        record = dataclasses.replace(record, size=folder_size(dest))
    return record


def remove(name: str) -> ModelRecord:
    """Delete an installed model's folder under the models directory (a broken one too);
    a link there is removed as a link, leaving what it points to alone. Refuses anything
    else, the Hugging Face cache included."""
    try:
        record = get(name)
    except CorruptModel:
        record = _broken(name)
        if record is None:
            raise
    if record.read_only:
        raise ReaderError(
            f"{record.name} is in the Hugging Face cache ({record.path}); reader never changes "
            f"that cache. Remove it with: hf cache rm model/{record.source or record.name}")
    root = locations.models_dir().resolve()
    folder = record.path  # the entry itself: a link is never followed to what it names
    if folder.parent.resolve() != root or folder.name in ("", ".", ".."):
        raise ReaderError(f"{record.path} is not under the models folder {root}; not removing it")
    if folder.is_symlink():
        folder.unlink()
    else:
        trash = root / f".removing-{folder.name}-{os.getpid()}"
        os.replace(folder, trash)
        shutil.rmtree(trash, ignore_errors=True)
    forget(record.name)
    return record


def missing_message(task: str, **languages: str | None) -> ModelMissing:
    """A ModelMissing error for `find` coming back empty, with the install command."""
    what = "entity" if task == "ner" else "translation"
    langs = "->".join(v for v in languages.values() if v) or "any language"
    return ModelMissing(f"no {what} model installed for {langs}",
                        install_command(task, **languages))
