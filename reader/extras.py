"""The optional `ml` extra: which of its packages are present, and the command that
installs it.

The distribution is `reader-tui` (the name `reader` on the package index is another
project), so every hint names it. Presence is checked with importlib.util.find_spec,
which finds a package without importing it: importing torch alone takes seconds.
"""

from __future__ import annotations

import importlib.util

DISTRIBUTION = "reader-tui"
FROM_INDEX = f"pip install '{DISTRIBUTION}[ml]'"
FROM_CHECKOUT = ".venv/bin/pip install '.[ml]'"

# Import names of the extra's packages (and of those they bring along).
ML_PACKAGES = frozenset(
    {"torch", "transformers", "ctranslate2", "sentencepiece", "safetensors", "tokenizers",
     "huggingface_hub"}
)
# What converting a model to CTranslate2 needs (at `reader models pull/add` time).
CONVERSION_PACKAGES = ("torch", "transformers", "ctranslate2")


def install_hint() -> str:
    """The command that installs the extra, from the index and from a checkout."""
    return f"{FROM_INDEX} (from a checkout: {FROM_CHECKOUT})"


def missing(packages) -> list[str]:
    """The packages of `packages` that cannot be imported here (none is imported)."""
    return [name for name in packages if not _findable(name)]


def _findable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
