"""The ml extra in the tests.

A fixture that builds or loads a real model is decorated with `uses_ml`. Every test that
uses such a fixture, directly or through another fixture, is marked `ml` at collection
(so `pytest -m "not ml"` leaves it out), and without the extra's packages every `ml` test
is skipped with the reason and the install command instead of failing on an import.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reader import extras

# tokenizers comes with transformers; the others are the extra's own packages.
MISSING = extras.missing(sorted(extras.ML_PACKAGES - {"tokenizers"}))


def _reason() -> str:
    return f"needs the ml extra ({', '.join(MISSING)} not installed): {extras.install_hint()}"


def require() -> None:
    """Skip the calling test (or fixture) when the extra is not installed: model builders
    call it, so a test that builds a model without being marked still skips cleanly."""
    if MISSING:
        pytest.skip(_reason())


def built_once(tmp_path_factory, name: str, build: Callable[[Path], object]) -> Path:
    """A folder filled by `build(folder)` once per test run. pytest-xdist workers share it:
    the first builds it under a lock while the others wait, then all read it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / f"built-{name}"
    with open(root / f"built-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".complete").touch()
    return folder


def uses_ml(function):
    """Mark a fixture function as needing the ml extra (put it under @pytest.fixture)."""
    function.uses_ml = True
    return function


def _fixture_needs_ml(item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.values() if info is not None else ()
    return any(getattr(d.func, "uses_ml", False) for group in defs for d in group)


def mark(items) -> None:
    """Mark the items that need the extra; skip them when it is not installed."""
    skip = pytest.mark.skip(reason=_reason())
    for item in items:
        if item.get_closest_marker("ml") is None and _fixture_needs_ml(item):
            item.add_marker(pytest.mark.ml)
        if MISSING and item.get_closest_marker("ml") is not None:
            item.add_marker(skip)
