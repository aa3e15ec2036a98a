"""Fetching feeds end to end against a real local server: what is kept, what is skipped,
and hostile feeds ending as per-feed errors without holding up the others."""

from __future__ import annotations

import re
import threading
import time
from email.utils import formatdate

import pytest

from reader.library import archive
from reader.library.feeds import subscriptions
from reader.library.feeds.client import Limits
from reader.library.feeds.refresh import refresh
from reader.library.store import Store
from tests.unit.library.feeds.conftest import FIXTURES, fixture_bytes
from tests.unit.library.feeds.test_parse import BILLION_LAUGHS
from tests.webserver import Answer, endless, redirect, trickle


def serve_gazette(web, **answer) -> str:
    """The rss20 fixture at /rss.xml, its teaser's page at /keeper; the feed URL."""
    web.set("/keeper", body=fixture_bytes("article.html"), content_type="text/html")
    body = fixture_bytes("rss20.xml", LIGHTHOUSE_LINK=web.url("/keeper"))
    return web.set("/rss.xml", body=body, **answer)


def test_fetch_keeps_new_entries_as_articles(web, store):
    url = serve_gazette(web, etag='"1"')
    subscriptions.subscribe(store, url)
    (result,) = refresh(store)
    assert (result.status, result.new, result.title) == ("ok", 3, "Harbour Gazette")
    kept = archive.listing(store, url)
    titles = [k.title for k in kept]
    assert titles[0] == "Ferry timetable changes for the winter season"  # newest first
    assert "Same link, another guid" not in titles  # the first entry's link: a duplicate
    ferry = archive.get(store, kept[0].id)
    assert ferry.link == "https://harbour.example/ferry-winter"
    assert ferry.language == "en" and ferry.author == "Mara Quill"
    assert ferry.source == "Harbour Gazette" and len(ferry.date) == len("2026-01-07")
    assert ferry.text.startswith("The harbour authority announced")
    feed = subscriptions.get(store, url)
    assert (feed.status, feed.etag, feed.articles, feed.unread) == ("ok", '"1"', 3, 3)


def test_a_short_teaser_gets_the_linked_pages_text(web, store):
    url = serve_gazette(web)
    subscriptions.subscribe(store, url)
    refresh(store)
    keeper = next(k for k in archive.listing(store) if k.title.startswith("Lighthouse"))
    text = archive.get(store, keeper.id).text
    assert "one hundred and twelve steps" in text and "short teaser" not in text
    assert "All rights reserved" not in text  # the page's main text, not its footer
    assert len(web.hits("/keeper")) == 1


def test_full_text_never_keeps_the_teaser(web, store):
    url = serve_gazette(web)
    subscriptions.subscribe(store, url, full_text=False)
    refresh(store)
    keeper = next(k for k in archive.listing(store) if k.title.startswith("Lighthouse"))
    assert archive.get(store, keeper.id).text == "A short teaser about the lighthouse keeper."
    assert web.hits("/keeper") == []


def test_second_fetch_is_conditional_and_adds_only_what_is_new(web, store):
    url = serve_gazette(web, etag='"1"')
    subscriptions.subscribe(store, url)
    refresh(store)
    (again,) = refresh(store)
    assert (again.status, again.new) == ("not-modified", 0)
    assert web.hits("/rss.xml")[-1]["If-None-Match"] == '"1"'
    changed = fixture_bytes("rss20.xml", LIGHTHOUSE_LINK=web.url("/keeper")).replace(
        b"<item>", b"<item><title>Brand new</title><guid>harbour-0005</guid>"
        b"<description>Fresh news about the new pier that opened this morning.</description>"
        b"</item><item>", 1)
    web.set("/rss.xml", body=changed, etag='"2"')
    (third,) = refresh(store)
    assert (third.status, third.new) == ("ok", 1)
    assert len(archive.listing(store, url)) == 4


def test_unchanged_body_without_validators_is_not_parsed_again(web, store):
    url = serve_gazette(web)
    subscriptions.subscribe(store, url)
    refresh(store)
    (again,) = refresh(store)
    assert again.status == "not-modified"


def test_permanent_redirect_moves_the_subscription(web, store):
    new = serve_gazette(web)
    old = web.set("/old.xml", redirect(new, 301))
    subscriptions.subscribe(store, old)
    (result,) = refresh(store)
    assert result.status == "ok"
    assert subscriptions.get(store, old) is None
    assert subscriptions.get(store, new).articles == 3


def test_gone_feeds_are_not_fetched_again(web, store):
    url = web.set("/gone.xml", body=b"", status=410)
    subscriptions.subscribe(store, url)
    (first,) = refresh(store)
    assert first.status == "gone" and first.failed and "410" in first.error
    (second,) = refresh(store)
    assert second.status == "gone" and len(web.hits("/gone.xml")) == 1


def test_retry_after_defers_the_next_fetch(web, store):
    url = web.set("/busy.xml", body=b"", status=429, headers={"Retry-After": "3600"})
    subscriptions.subscribe(store, url)
    (first,) = refresh(store)
    assert first.status == "error" and "asked to wait 3600 s" in first.error
    (second,) = refresh(store)
    assert second.status == "deferred" and not second.failed
    assert len(web.hits("/busy.xml")) == 1


def test_old_unstarred_articles_are_pruned_and_not_fetched_again(web, store):
    url = serve_gazette(web)
    subscriptions.subscribe(store, url)
    refresh(store)
    starred = archive.listing(store)[-1].id
    store.set_starred(starred)
    store.write(lambda conn: conn.execute(
        "UPDATE articles SET published = published - 200 * 86400, added = added - 200 * 86400"))
    assert archive.prune(store, keep_days=90) == 2
    assert [k.id for k in archive.listing(store)] == [starred]
    web.set("/rss.xml", body=fixture_bytes("rss20.xml").replace(b"</title>", b" </title>", 1))
    (result,) = refresh(store, keep_days=90)
    assert (result.status, result.new) == ("ok", 0)  # pruned entries are remembered


def test_entries_older_than_keep_days_are_not_kept(web, store):
    old = formatdate(time.time() - 100 * 86400)
    body = re.sub(rb"PUBDATE_\d", old.encode(), (FIXTURES / "rss20.xml").read_bytes())
    url = web.set("/rss.xml", body=body)
    subscriptions.subscribe(store, url, full_text=False)
    (result,) = refresh(store, keep_days=90)
    assert (result.status, result.new) == ("ok", 0)
    assert archive.listing(store) == []


def test_progress_reports_each_feed(web, store):
    urls = [web.set(f"/f{i}.xml", body=fixture_bytes("rss091.xml").replace(
        b"Old Style Weekly", f"Weekly {i}".encode())) for i in range(5)]
    for url in urls:
        subscriptions.subscribe(store, url)
    seen = []
    results = refresh(store, progress=lambda r, done, total: seen.append((r.url, done, total)))
    assert [r.url for r in results] == urls  # subscription order
    assert sorted(done for _url, done, _total in seen) == [1, 2, 3, 4, 5]
    assert {total for *_rest, total in seen} == {5}


def test_stop_cancels_the_feeds_not_started(web, store):
    url = serve_gazette(web)
    subscriptions.subscribe(store, url)
    stop = threading.Event()
    stop.set()
    (result,) = refresh(store, stop=stop)
    assert result.status == "cancelled" and web.hits("/rss.xml") == []


def test_hostile_feeds_end_as_their_own_errors_and_never_block_the_others(web, store):
    """Every hostile case of one run, beside good feeds, within the deadlines."""
    stop = threading.Event()
    good = serve_gazette(web)
    hostile = {
        "/laughs.xml": Answer(BILLION_LAUGHS),
        "/huge.xml": endless(),
        "/trickle.xml": trickle(0.5, stop),
        "/loop.xml": redirect("/loop2.xml"),
        "/loop2.xml": redirect("/loop.xml"),
        "/invalid.xml": Answer(b"<rss><channel><title>oops</titl></rss"),
        "/page.html": Answer(b"<!DOCTYPE html><html><body><p>a page</p></body></html>",
                             content_type="text/html"),
        "/escapes.xml": Answer(fixture_bytes("escapes.xml")),
        "/file.xml": redirect("file:///etc/passwd"),
    }
    for path, answer in hostile.items():
        web.set(path, answer)
    good_json = web.set("/feed.json", body=fixture_bytes("feed.json"),
                        content_type="application/feed+json")
    for url in [web.url(p) for p in hostile if p != "/loop2.xml"] + [good, good_json]:
        subscriptions.subscribe(store, url)
    started = time.monotonic()
    try:
        results = {r.url.rsplit("/", 1)[1]: r for r in refresh(
            store, limits=Limits(read=2, deadline=4, max_bytes=2 * 2**20))}
    finally:
        stop.set()
    elapsed = time.monotonic() - started
    assert elapsed < 30
    assert results["rss.xml"].status == "ok" and results["rss.xml"].new == 3
    assert results["feed.json"].status == "ok" and results["feed.json"].new == 2
    assert results["rss.xml"].seconds < 4  # not held up by the trickling feed
    assert "larger than the 2 MiB limit" in results["huge.xml"].error
    assert "no complete answer within 4 s" in results["trickle.xml"].error
    assert "more than 5 redirects" in results["loop.xml"].error
    assert "only http and https" in results["file.xml"].error
    assert results["page.html"].error == "an HTML page, not a feed"
    assert results["invalid.xml"].status in ("ok", "error")
    assert results["laughs.xml"].status in ("ok", "error")
    escaped = results["escapes.xml"]
    assert escaped.status == "ok" and "\x1b" not in escaped.title and "␛" in escaped.title
    (kept,) = archive.listing(store, web.url("/escapes.xml"))
    article = archive.get(store, kept.id)
    assert "\x1b" not in article.title + article.text
    assert "[bold]markup[/bold]" in article.text
    failing = {name for name, r in results.items() if r.failed}
    assert {"huge.xml", "trickle.xml", "loop.xml", "file.xml", "page.html"} <= failing
    assert subscriptions.get(store, web.url("/huge.xml")).status == "error"


def test_a_store_in_another_thread_sees_the_articles(web, tmp_path):
    url = serve_gazette(web)
    path = tmp_path / "shared.sqlite3"
    with Store(path) as writer:
        subscriptions.subscribe(writer, url)
        refresh(writer)
    with Store(path) as reader:
        assert len(archive.listing(reader)) == 3


@pytest.mark.parametrize("full_text", [None, True])
def test_an_unreachable_page_keeps_the_teaser(web, store, full_text):
    body = fixture_bytes("rss20.xml", LIGHTHOUSE_LINK="http://127.0.0.1:9/nowhere")
    url = web.set("/rss.xml", body=body)
    subscriptions.subscribe(store, url, full_text=full_text)
    (result,) = refresh(store, limits=Limits(connect=2, deadline=4))
    assert result.status == "ok" and result.new == 3



def test_a_short_entry_with_content_is_the_article_not_a_teaser(web, store):
    web.set("/story", body=fixture_bytes("article.html"), content_type="text/html")
    body = (b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            b"<channel><title>Briefs</title><item><title>Brief</title><link>/story</link>"
            b"<guid>b1</guid><content:encoded>&lt;p&gt;A two-line brief is the whole "
            b"story.&lt;/p&gt;</content:encoded></item></channel></rss>")
    url = web.set("/briefs.xml", body=body)
    subscriptions.subscribe(store, url)
    (result,) = refresh(store)
    assert result.new == 1 and web.hits("/story") == []
    subscriptions.subscribe(store, url, full_text=True)  # asked for: every entry's page
    store.write(lambda conn: conn.execute("DELETE FROM feed_entries"))
    web.set("/briefs.xml", body=body.replace(b"Briefs", b"Briefs "))
    refresh(store)
    assert len(web.hits("/story")) == 1


def test_entry_html_gives_the_article_its_structure(web, store):
    body = (b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            b"<channel><title>Structured</title><language>en</language><item><title>S</title>"
            b"<guid>s1</guid><content:encoded><![CDATA[<h2>What changed</h2><p>The harbour "
            b"opened a new pier this morning, after two years of work.</p><ul><li>Longer "
            b"berths</li><li>A ferry ramp</li></ul>]]></content:encoded></item></channel></rss>")
    subscriptions.subscribe(store, web.set("/s.xml", body=body))
    refresh(store)
    article = archive.get(store, archive.listing(store)[0].id)
    assert article.text == ("What changed\nThe harbour opened a new pier this morning, after "
                            "two years of work.\n- Longer berths\n- A ferry ramp")
    kinds = [(b.kind, article.text[b.start:b.end]) for b in article.blocks]
    assert kinds[0] == ("heading", "What changed")
    assert ("item", "- A ferry ramp") in kinds


def test_stop_ends_the_fetches_under_way(web, store):
    """A feed that trickles would hold the run for its whole deadline; stop ends it."""
    hold = threading.Event()
    subscriptions.subscribe(store, web.set("/trickle.xml", trickle(0.2, hold)))
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    try:
        (result,) = refresh(store, stop=stop, limits=Limits(read=60, deadline=60))
    finally:
        hold.set()
    assert result.status == "cancelled"
    assert time.monotonic() - started < 20  # not the 60 s deadline
    assert web.hits("/trickle.xml")
