"""A model known by what identifies it, and opened only when it is really used.

A cached result is found by the model's identity (name, backend, fingerprint of its
files, settings), which is known without loading anything. `Deferred` carries those
attributes and a function that opens the model: asking it for anything else (`translate`,
`tag`, `labels`, `max_tokens`, ...) opens the model first, once, and answers from it. So a
command whose every result is cached never imports torch, transformers or CTranslate2.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Deferred:
    """Stands for the model `open_model()` returns; `known` attributes answer without it."""

    def __init__(self, open_model: Callable[[], Any], **known: Any) -> None:
        self.__dict__.update(known)
        self._open_model = open_model
        self._opened: Any = None
        self._opening = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._opened is not None

    def opened(self) -> Any:
        """The model, opened on the first call (by one thread; the others wait for it)."""
        if self._opened is None:
            with self._opening:
                if self._opened is None:
                    self._opened = self._open_model()
        return self._opened

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_open_model", "_opened", "_opening"):
            raise AttributeError(name)
        return getattr(self.opened(), name)
