"""What the registry knows about one model, plus the small helpers every part shares."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reader.extras import missing
from reader.library.language import base_code

TASKS = ("translation", "ner")
ANY = "*"
# The packages each backend runs on (import names); sentencepiece also reads the
# tokenizers of every translation model family.
BACKEND_PACKAGES = {"ctranslate2": ("ctranslate2", "sentencepiece"),
                    "transformers": ("torch", "transformers")}

def normalise_language(code: str) -> str:
    """A model's language as the registry keeps it: `eng` / `EN` / `en_US` -> `en` (see
    reader.library.language); "*" or "any" -> ANY; group names such as `ROMANCE` as written."""
    code = code.strip()
    if code in (ANY, "any"):
        return ANY
    if code.isupper() and len(code) > 3:
        return code
    return base_code(code)


@dataclass(frozen=True)
class ModelRecord:
    """One usable model folder.

    `task` is "translation" (`languages` = (source, target), "*" = many-to-many) or "ner"
    (`languages` it covers, ("*",) = any). `backend` is the format of `path` itself:
    "transformers" (safetensors) or "ctranslate2". `origin` is "local" for folders under
    the models directory and "hf-cache" for read-only Hugging Face cache snapshots.
    `family` is the model kind ("marian", "nllb", "m2m100", "seq2seq", "bert", ...).
    """

    name: str
    task: str
    path: Path
    backend: str
    languages: tuple[str, ...]
    source: str | None = None
    size: int = 0
    family: str = ""
    origin: str = "local"

    @property
    def ct2_path(self) -> Path | None:
        """The CTranslate2 model folder: `path` itself, or the converted copy in `path/ct2`."""
        if self.backend == "ctranslate2":
            return self.path
        ct2 = self.path / "ct2"
        return ct2 if (ct2 / "model.bin").is_file() else None

    @property
    def backends(self) -> tuple[str, ...]:
        """Every backend that can run this model from what is on disk."""
        if self.backend == "ctranslate2":
            return ("ctranslate2",)
        return ("ctranslate2", "transformers") if self.ct2_path else ("transformers",)

    def missing_packages(self) -> tuple[str, ...]:
        """Packages this machine lacks to run the model: () when one of its backends can
        (checked without importing them)."""
        extra = ("sentencepiece",) if self.task == "translation" else ()
        gaps = [tuple(missing(dict.fromkeys((*BACKEND_PACKAGES.get(b, ()), *extra))))
                for b in self.backends]
        return min(gaps, key=len, default=())

    @property
    def read_only(self) -> bool:
        return self.origin != "local"

    def covers(self, language: str) -> bool:
        return ANY in self.languages or language in self.languages

    def describe_languages(self) -> str:
        if self.task == "translation" and len(self.languages) == 2:
            src, tgt = (("any" if x == ANY else x) for x in self.languages)
            return f"{src}->{tgt}"
        return ",".join("any" if x == ANY else x for x in self.languages)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "task": self.task,
            "languages": list(self.languages),
            "backend": self.backend,
            "backends": list(self.backends),
            "family": self.family,
            "source": self.source,
            "size": self.size,
            "size_human": human_size(self.size),
            "path": str(self.path),
            "ct2_path": str(self.ct2_path) if self.ct2_path else None,
            "origin": self.origin,
        }


def folder_size(path: Path) -> int:
    """Bytes on disk under `path`, following symlinks to files (the HF cache links blobs)."""
    total = 0
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if d != ".cache"]
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def human_size(size: int) -> str:
    """1536 -> "1.5 KiB"."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB"):
        value /= 1024
        if value < 1024:
            break
    return f"{value:.1f} {unit}"
