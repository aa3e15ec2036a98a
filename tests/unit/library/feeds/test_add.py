"""Subscribing: a feed address, a page naming its feeds, duplicates, and failures."""

from __future__ import annotations

from reader.library.feeds import subscriptions
from reader.library.feeds.add import add
from reader.library.feeds.discover import feed_links
from tests.unit.library.feeds.conftest import FIXTURES, fixture_bytes
from tests.webserver import redirect


def test_page_links_are_found_made_absolute_and_ordered():
    links = feed_links((FIXTURES / "page.html").read_bytes(), "https://harbour.example/home")
    assert links == [("https://harbour.example/gazette/rss.xml", "RSS"),
                     ("https://harbour.example/gazette/atom.xml", "Atom")]
    assert feed_links(b"<html><head></head></html>", "https://x.example/") == []
    assert feed_links(b"\x00\xff not html", "https://x.example/") == []


def test_add_a_feed_a_page_and_a_moved_feed(web, store):
    rss = web.set("/gazette/rss.xml", body=fixture_bytes("rss20.xml"))
    web.set("/gazette/atom.xml", body=fixture_bytes("atom.xml"))
    page = web.set("/home", body=(FIXTURES / "page.html").read_bytes(), content_type="text/html")
    moved = web.set("/old-feed", redirect(web.url("/gazette/atom.xml"), 301))
    results = add(store, [page, moved, rss], folder="News", full_text=False)
    assert [(r.url, r.title, r.status) for r in results] == [
        (rss, "Harbour Gazette", "added"),  # the page's best feed (RSS before Atom)
        (web.url("/gazette/atom.xml"), "Carnet de bord", "added"),  # its new address
        (rss, "Harbour Gazette", "exists"),
    ]
    feed = subscriptions.get(store, rss)
    assert (feed.folder, feed.full_text, feed.status) == ("News", False, "new")
    assert feed.site == "https://harbour.example/"


def test_failures_are_reported_and_nothing_is_kept(web, store):
    html = web.set("/plain.html", body=b"<!DOCTYPE html><html><p>no feed here</p></html>",
                   content_type="text/html")
    dead = web.set("/page-with-dead-link", body=b'<html><head><link rel="alternate" '
                   b'type="application/rss+xml" href="/gone.xml"></head></html>',
                   content_type="text/html")
    results = add(store, [html, dead, "ftp://x.example/feed", "not a url"])
    assert [r.status for r in results] == ["error"] * 4
    assert results[0].error == "an HTML page, not a feed; the page names no feed"
    assert "HTTP 404" in results[1].error
    assert "only http and https" in results[2].error
    assert subscriptions.feeds(store) == []


def test_subscriptions_count_read_articles(web, store):
    from reader.library import archive
    from reader.library.feeds.refresh import refresh

    url = web.set("/rss.xml", body=fixture_bytes("rss20.xml"))
    subscriptions.subscribe(store, url, full_text=False)
    refresh(store)
    first = archive.listing(store)[0]
    store.set_read(first.id)
    feed = subscriptions.get(store, url)
    assert (feed.articles, feed.unread) == (3, 2)
    assert archive.listing(store)[0].read is True
