"""Snapshots of the library with feeds: the sources pane beside the list when wide, only
the list (with `f Sources` in the footer) at 80x24.

Regenerate with `pytest tests/ui/test_sources_snapshots.py --snapshot-update` and look at
the SVGs.
"""

from __future__ import annotations

import pytest

from reader.app import make_app
from tests.ui._feeds import STORIES, fetched_store, folder_with_one_story, rss
from tests.ui.helpers import settle

SIZES = [(80, 24), (120, 30)]


@pytest.fixture
def feeds_app(web, tmp_path):
    feed = web.set("/harbour.xml", body=rss(STORIES))
    services = fetched_store(tmp_path, feed)
    services.store.set_read(services.feed_shelf().entries[1].id, True)
    yield make_app([folder_with_one_story(tmp_path)], services=services)
    services.store.close()


async def _settled(pilot) -> None:
    await settle(pilot, rounds=4)
    await pilot.pause(0.5)  # the counts are drawn a moment after the rows
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library_with_sources(snap_compare, feeds_app, size):
    assert snap_compare(feeds_app, terminal_size=size, run_before=_settled)
