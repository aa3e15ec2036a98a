"""Snapshots of entity highlights, the legend, the entity panel and a current mention,
narrow and wide, on the fake tagger of test_entities_panel (a known, fixed result).

Regenerate with `pytest tests/ui/test_entities_snapshots.py --snapshot-update` and look at
the SVGs.
"""

from __future__ import annotations

import pytest

from reader.app import make_app
from tests.ui.helpers import open_first_article, settle
from tests.ui.screens.reading.test_entity_panel import dict_services

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def entity_app(tmp_path):
    services = dict_services(tmp_path)
    yield make_app(services=services)
    services.store.close()


async def _panel_open_on_a_mention(pilot) -> None:
    await open_first_article(pilot)
    await pilot.press("E", "enter", "n")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_entities_highlighted(snap_compare, entity_app, size):
    assert snap_compare(entity_app, terminal_size=size, run_before=open_first_article)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_entity_panel(snap_compare, entity_app, size):
    assert snap_compare(entity_app, terminal_size=size, run_before=_panel_open_on_a_mention)
