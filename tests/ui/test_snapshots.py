"""Snapshots of the library and the reading view on the embedded seed, narrow and wide.

Regenerate with `pytest tests/ui/test_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import pytest

from reader.app import make_app
from reader.config import Settings
from reader.library.store import Store
from reader.services import Services
from tests.ui.helpers import open_first_article, settle

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def seed_app(tmp_path):
    store = Store(tmp_path / "snapshot.sqlite3")
    yield make_app(services=Services(store=store, settings=Settings()))
    store.close()


async def _settled(pilot) -> None:
    await settle(pilot, rounds=4)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library(snap_compare, seed_app, size):
    assert snap_compare(seed_app, terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reading_view(snap_compare, seed_app, size):
    assert snap_compare(seed_app, terminal_size=size, run_before=open_first_article)
