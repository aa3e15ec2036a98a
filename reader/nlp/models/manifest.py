"""The manifest: `<models_dir>/manifest.json`, one entry per installed model.

{"version": 1, "models": {NAME: {"folder", "task", "family", "backend", "languages",
"source", "added"}}}. Written whole to a temporary file and moved into place
(os.replace) under a lock file, so readers never see half a manifest and two processes
adding models at once do not lose each other's entries.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import datetime, timezone

from reader import locations
from reader.errors import CorruptModel
from reader.nlp.models.files import MAX_JSON_BYTES, parse_json, read_regular
from reader.nlp.models.record import ModelRecord

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


def read_manifest() -> dict:
    """The manifest's `models` mapping (name -> entry); empty when missing or unreadable."""
    path = locations.models_dir() / MANIFEST
    try:
        data = parse_json(read_regular(path, MAX_JSON_BYTES, str(path)), str(path))
    except CorruptModel:
        return {}
    models = data.get("models") if isinstance(data, dict) else None
    return {k: v for k, v in (models or {}).items() if isinstance(v, dict)}


@contextlib.contextmanager
def _locked():
    root = locations.models_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".manifest.lock", "a+") as handle:
        try:
            import fcntl
        except ImportError:
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_manifest(models: dict) -> None:
    root = locations.models_dir()
    kept = {k: v for k, v in sorted(models.items()) if (root / str(v.get("folder") or k)).is_dir()}
    data = {"version": MANIFEST_VERSION, "models": kept}
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".json", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        os.replace(tmp, root / MANIFEST)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def record_installed(record: ModelRecord) -> None:
    """Write (or rewrite) the manifest entry for a folder under the models directory."""
    entry = {
        "folder": record.path.name, "task": record.task, "family": record.family,
        "backend": record.backend, "languages": list(record.languages),
        "source": record.source,
        "added": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    with _locked():
        models = read_manifest()
        entry["added"] = models.get(record.name, {}).get("added") or entry["added"]
        models[record.name] = entry
        _write_manifest(models)


def forget(name: str) -> None:
    with _locked():
        models = read_manifest()
        if models.pop(name, None) is not None:
            _write_manifest(models)
