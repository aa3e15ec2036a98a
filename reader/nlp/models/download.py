"""`reader models pull`: the one place that touches the network.

It fails within seconds when the hub cannot be reached (HF_HUB_OFFLINE=1, or a short TCP
probe of the endpoint), with the commands that install the same model from a copied folder.
Downloads go to a hidden folder under the models directory, are validated, converted to
CTranslate2 int8 (translation models) and only then moved into place and recorded.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

from reader import locations
from reader.errors import CorruptModel, MissingDependency, NetworkUnavailable, ReaderError
from reader.extras import install_hint
from reader.nlp.models.catalog import CatalogEntry, resolve
from reader.nlp.models.ct2 import Progress, ensure_ct2, say
from reader.nlp.models.record import ModelRecord, folder_size
from reader.nlp.models.registry import add, installed, record_installed
from reader.nlp.models.pickled import convert_pickles
from reader.nlp.models.validate import (
    PICKLE_FILE,
    PICKLE_INDEX,
    inspect_folder,
    pickle_weights,
    safetensors_files,
)

PROBE_TIMEOUT = 3.0
DEFAULT_ENDPOINT = "https://huggingface.co"
ALLOW_PATTERNS = ["*.safetensors", "*.json", "*.spm", "*.model", "*.txt"]
# Fetched only when a repository has no safetensors weights: converted once, then removed.
PICKLE_PATTERNS = [PICKLE_FILE, "pytorch_model-*-of-*.bin"]

def endpoint() -> str:
    return os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT


def offline_requested() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def probe(url: str, timeout: float = PROBE_TIMEOUT) -> str | None:
    """None if a TCP connection to the endpoint (or the HTTPS proxy) opens in time,
    else the reason. Name resolution is bounded too: it runs in a daemon thread."""
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    parts = urlsplit(proxy if proxy and url.startswith("https") else url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    outcome: dict[str, BaseException | None] = {}

    def attempt() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            outcome["error"] = None
        except OSError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=attempt, daemon=True, name="reader-probe")
    worker.start()
    worker.join(timeout + 0.5)
    if "error" not in outcome:
        return f"no answer from {host}:{port} within {timeout:g} s"
    error = outcome["error"]
    if error is None:
        return None
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return f"cannot connect to {host}:{port} ({reason})"


def offline_help(entry: CatalogEntry, reason: str) -> str:
    """The error text: why, then the exact commands for installing from a copied folder."""
    includes = " ".join(f"--include '{p}'" for p in ALLOW_PATTERNS)
    folder = entry.folder
    return (
        f"cannot download {entry.repo}: {reason}.\n"
        f"On a machine with internet access, fetch the model folder:\n"
        f"  pip install -U huggingface_hub\n"
        f"  hf download {entry.repo} {includes} --local-dir {folder}\n"
        f"  (a repository without safetensors weights: add --include 'pytorch_model*.bin';\n"
        f"  reader models add converts that pickle to safetensors once)\n"
        f"  (or there: reader models pull {entry.name}, and copy the folder that "
        f"`reader models list` shows)\n"
        f"copy the folder {folder} to this machine, then run here:\n"
        f"  reader models add {folder}"
    )


def _bar_class(progress: Progress, label: str):
    """A silent tqdm that reports downloaded bytes to `progress` instead of drawing."""
    from tqdm.auto import tqdm

    class Bar(tqdm):
        def __init__(self, *args, **kwargs):
            kwargs.pop("name", None)
            kwargs["disable"] = True
            desc = str(kwargs.get("desc") or "")
            self._counts = kwargs.get("unit") == "B" and not desc.startswith("Downloading")
            self._done = int(kwargs.get("initial") or 0)
            super().__init__(*args, **kwargs)

        def update(self, n=1):
            self._done += int(n or 0)
            if self._counts:
                progress(label, self._done, int(self.total) if self.total else None)

    return Bar


def _download(entry: CatalogEntry, into: Path, progress: Progress | None,
              patterns: list[str] = ALLOW_PATTERNS) -> None:
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub import errors as hub_errors
    except ImportError:
        raise MissingDependency(
            f"downloading needs huggingface_hub, part of the ml extra: {install_hint()}"
        ) from None
    bar = _bar_class(progress or (lambda *args: None), f"downloading {entry.repo}")
    try:
        # cache_dir inside the download folder: the user's HF cache is never written to.
        snapshot_download(entry.repo, local_dir=into, cache_dir=into / ".cache" / "hub",
                          allow_patterns=patterns, endpoint=endpoint(), etag_timeout=10,
                          tqdm_class=bar)
    except (hub_errors.GatedRepoError, hub_errors.RepositoryNotFoundError):
        raise ReaderError(
            f"{entry.repo} is not on the hub (or needs a login); check the name, e.g. "
            "https://huggingface.co/Helsinki-NLP lists the OPUS-MT pairs") from None
    except (hub_errors.LocalEntryNotFoundError, hub_errors.OfflineModeIsEnabled) as exc:
        raise NetworkUnavailable(offline_help(entry, f"the download broke off ({exc})")) from None
    except hub_errors.HfHubHTTPError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReaderError(f"downloading {entry.repo} failed: {first}") from None
    except OSError as exc:
        raise NetworkUnavailable(offline_help(entry, f"the download failed ({exc})")) from None
    shutil.rmtree(into / ".cache", ignore_errors=True)


def _existing(entry: CatalogEntry) -> tuple[ModelRecord | None, ModelRecord | None]:
    """(a usable local install of the entry, a usable HF cache snapshot of it)."""
    local = cached = None
    for record in installed():
        if record.source == entry.repo or record.name == entry.folder:
            if record.origin == "local" and local is None:
                local = record
            elif record.origin == "hf-cache" and cached is None:
                cached = record
    return local, cached


def _make_room(dest: Path) -> None:
    if dest.exists():
        old = dest.parent / f".removing-{dest.name}-{os.getpid()}"
        os.replace(dest, old)
        shutil.rmtree(old, ignore_errors=True)


def _finish(record: ModelRecord, progress: Progress | None, message: str) -> ModelRecord:
    ensure_ct2(record, progress)
    record = dataclasses.replace(record, size=folder_size(record.path))
    record_installed(record)
    say(progress, f"{message} {record.name} at {record.path}")
    return record


def _fetch(entry: CatalogEntry, partial: Path, languages: tuple[str, ...] | None,
           progress: Progress | None) -> ModelRecord:
    """Download into `partial` and check what came. Weights that are only a pickle are
    fetched next, converted to model.safetensors and removed (see pickled.py)."""
    _download(entry, partial, progress)
    if not any(partial.glob("*.safetensors")):
        _download(entry, partial, progress, PICKLE_PATTERNS)
    if not any(partial.glob("*.safetensors")) and not any(partial.glob("pytorch_model*.bin")):
        raise CorruptModel(
            f"{entry.repo} has neither safetensors nor pytorch_model.bin weights on the hub; "
            "find a copy of this model with either and install it with: reader models add DIR")
    try:
        record = inspect_folder(partial, name=entry.folder, languages=languages,
                                source=entry.repo, pickle_ok=True)
        if not safetensors_files(partial):
            pickles = pickle_weights(partial)
            convert_pickles(pickles, partial, partial, record.task, progress)
            for file in [*pickles, partial / PICKLE_INDEX]:
                file.unlink(missing_ok=True)
            record = inspect_folder(partial, name=entry.folder, languages=languages,
                                    source=entry.repo)
    except CorruptModel as exc:
        raise CorruptModel(f"{entry.repo} downloaded but unusable: {exc}") from None
    return record


def pull(name: str, progress: Progress | None = None, *, force: bool = False) -> ModelRecord:
    """Install a catalog model (or any hub repository id) into the models directory.

    Already installed: nothing is fetched (a missing CTranslate2 copy is made). In the
    Hugging Face cache: copied from there, no network. Else downloaded, after a quick
    reachability check. `force` downloads again.
    """
    entry = resolve(name)
    root = locations.models_dir()
    dest = root / entry.folder
    languages = entry.languages or None
    local, cached = _existing(entry) if not force else (None, None)
    if local is not None:
        return _finish(local, progress, "already installed:")
    if cached is not None:
        say(progress, f"copying {entry.repo} from the Hugging Face cache ({cached.path})")
        _make_room(dest)
        return _finish(add(cached.path, name=entry.folder, languages=languages), progress,
                       "installed")
    if offline_requested():
        raise NetworkUnavailable(offline_help(entry, "offline mode is on (HF_HUB_OFFLINE=1)"))
    reason = probe(endpoint())
    if reason:
        raise NetworkUnavailable(offline_help(entry, f"{endpoint()} is unreachable: {reason}"))
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f".partial-{entry.folder}"
    say(progress, f"downloading {entry.repo}")
    try:
        record = _fetch(entry, partial, languages, progress)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _make_room(dest)
    os.replace(partial, dest)
    record = dataclasses.replace(record, path=dest)
    return _finish(record, progress, "installed")
