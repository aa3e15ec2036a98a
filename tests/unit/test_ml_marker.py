"""The test suite's own rule: tests that need the ml extra are marked and skip cleanly."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import ml


class Item:
    """Just what `ml.mark` reads of a collected test item."""

    def __init__(self, *fixtures, marked: bool = False) -> None:
        self.markers = [pytest.mark.ml.mark] if marked else []
        defs = {f.__name__: [SimpleNamespace(func=f)] for f in fixtures}
        self._fixtureinfo = SimpleNamespace(name2fixturedefs=defs)

    def get_closest_marker(self, name):
        return next((m for m in self.markers if m.name == name), None)

    def add_marker(self, marker):
        self.markers.append(getattr(marker, "mark", marker))


@ml.uses_ml
def builds_a_model():
    """A fixture function that needs the extra."""


def plain():
    """A fixture function that does not."""


@pytest.mark.parametrize("missing", [[], ["torch"]])
def test_users_of_ml_fixtures_are_marked_and_skipped_only_without_the_extra(
        monkeypatch, missing):
    monkeypatch.setattr(ml, "MISSING", missing)
    uses, marked, other = Item(plain, builds_a_model), Item(plain, marked=True), Item(plain)
    ml.mark([uses, marked, other])
    for item in (uses, marked):
        names = [m.name for m in item.markers]
        assert "ml" in names
        assert ("skip" in names) == bool(missing)
    assert other.markers == []
    if missing:
        (skip,) = [m for m in uses.markers if m.name == "skip"]
        assert "torch not installed" in skip.kwargs["reason"]
        assert "pip install 'reader-tui[ml]'" in skip.kwargs["reason"]


def test_require_skips_without_the_extra(monkeypatch):
    monkeypatch.setattr(ml, "MISSING", ["torch"])
    with pytest.raises(pytest.skip.Exception):
        ml.require()
    monkeypatch.setattr(ml, "MISSING", [])
    ml.require()
