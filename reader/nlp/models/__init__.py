"""Model registry and manager: which translation and entity models are installed, where,
and how to get more (`reader models list|catalog|pull|add|remove`).

Translation and entity code ask `find(task, ...)` (or `get(name)`) for a `ModelRecord`
and load from `record.path` (transformers, safetensors) or `record.ct2_path`
(CTranslate2); when nothing fits, `missing_message(...)` / `install_command(...)` say
what to run. Nothing here imports a machine-learning library at import time; validation
reads files only, and huggingface_hub is imported by `pull` alone.
"""

from __future__ import annotations

from reader.nlp.models.catalog import CATALOG, CatalogEntry, install_command, resolve
from reader.nlp.models.download import ALLOW_PATTERNS, PROBE_TIMEOUT, probe, pull
from reader.nlp.models.record import ANY, TASKS, ModelRecord, human_size, normalise_language
from reader.nlp.models.registry import (
    add,
    find,
    get,
    hub_cache,
    installed,
    missing_message,
    read_manifest,
    remove,
    scan,
)
from reader.nlp.models.files import check_safetensors
from reader.nlp.models.validate import UnsupportedModel, inspect_folder

__all__ = [
    "ALLOW_PATTERNS", "ANY", "CATALOG", "PROBE_TIMEOUT", "TASKS", "CatalogEntry",
    "ModelRecord", "UnsupportedModel", "add", "check_safetensors", "find", "get",
    "hub_cache", "human_size", "inspect_folder", "install_command", "installed",
    "missing_message", "normalise_language", "probe", "pull", "read_manifest", "remove",
    "resolve", "scan",
]
