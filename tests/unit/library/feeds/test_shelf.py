"""The feed articles as list entries: no path, the feed's name as source, the article's
day as date, and which feed each came from."""

from __future__ import annotations

from reader.library import archive
from reader.library.feeds import subscriptions
from reader.library.feeds.refresh import refresh
from reader.library.feeds.shelf import shelf
from tests.unit.library.feeds.test_refresh import serve_gazette


def test_the_shelf_lists_kept_articles_as_entries_of_their_feed(web, store):
    url = serve_gazette(web)
    subscriptions.subscribe(store, url)
    refresh(store)
    found = shelf(store)
    assert [f.url for f in found.feeds] == [url]
    assert [e.id for e in found.entries] == [k.id for k in archive.listing(store)]
    first = found.entries[0]
    kept = archive.get(store, first.id)
    assert first.path is None and first.source == "Harbour Gazette"
    assert (first.title, first.date, first.link) == (kept.title, kept.date, kept.link)
    assert found.feed_of == {e.id: url for e in found.entries}
    assert shelf(store, "http://127.0.0.1:1/other.xml").entries == []
