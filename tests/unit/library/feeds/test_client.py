"""The HTTP client against a real server on loopback: caching, limits, hostile servers."""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
import zlib

import pytest

from reader import __version__
from reader.errors import FetchError
from reader.library.feeds.client import Client, Limits, retry_after
from reader.library.feeds.policy import NetworkPolicy
from tests.webserver import Answer, LocalWeb, endless, redirect, trickle

FEED = b"<rss version='2.0'><channel><title>T</title></channel></rss>"


def get(url, limits=None, policy=None, **kwargs):
    async def run():
        async with Client(limits, policy) as client:
            return await client.get(url, **kwargs)

    return asyncio.run(run())


def test_conditional_get_and_a_polite_user_agent(web):
    url = web.set("/feed.xml", body=FEED, etag='"v1"',
                  headers={"Last-Modified": "Wed, 07 Jan 2026 08:00:00 GMT"})
    first = get(url)
    assert (first.status, first.body, first.etag) == (200, FEED, '"v1"')
    assert first.modified == "Wed, 07 Jan 2026 08:00:00 GMT"
    again = get(url, etag=first.etag, modified=first.modified)
    assert (again.status, again.body) == (304, b"")
    headers = web.hits("/feed.xml")
    assert headers[0]["User-Agent"].startswith(f"reader/{__version__} ")
    assert "gzip" in headers[0]["Accept-Encoding"]
    assert headers[1]["If-None-Match"] == '"v1"'
    assert headers[1]["If-Modified-Since"] == "Wed, 07 Jan 2026 08:00:00 GMT"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_bodies_are_decompressed(web, encoding):
    url = web.set("/z.xml", body=FEED * 100, encoding=encoding)
    assert get(url).body == FEED * 100


def test_raw_deflate_is_read_too(web):
    packer = zlib.compressobj(wbits=-15)
    raw = packer.compress(FEED) + packer.flush()
    url = web.set("/raw.xml", body=raw, headers={"Content-Encoding": "deflate"})
    assert get(url).body == FEED


@pytest.mark.parametrize("answer, cap, message", [
    (Answer(b"x" * 3000), 2048, "larger than"),  # declared length over the cap
    (endless(), 2**20, "larger than"),  # chunked, never ending
    (Answer(gzip.compress(b"\0" * 50_000_000), headers={"Content-Encoding": "gzip"}), 2**20,
     "larger than"),  # a gzip bomb: 50 KB that inflate to 50 MB
    (Answer(gzip.compress(gzip.compress(FEED)), headers={"Content-Encoding": "gzip, gzip"}),
     2**20, "unsupported content encoding"),
    (Answer(b"garbage", headers={"Content-Encoding": "gzip"}), 2**20, "invalid gzip"),
])
def test_size_caps_hold_before_and_after_decompression(web, answer, cap, message):
    url = web.set("/big", answer)
    with pytest.raises(FetchError, match=message):
        get(url, Limits(max_bytes=cap))


def test_a_hundred_megabyte_body_is_cut_at_the_cap(web):
    url = web.set("/huge", endless(declare=True))
    started = time.monotonic()
    with pytest.raises(FetchError, match="larger than the 8 MiB limit"):
        get(url, Limits(deadline=20))
    assert time.monotonic() - started < 20


def test_a_trickling_server_meets_the_deadline(web):
    stop = threading.Event()
    url = web.set("/slow", trickle(0.2, stop))
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="no complete answer within 1.5 s"):
            get(url, Limits(read=1.0, deadline=1.5))
    finally:
        stop.set()
    assert time.monotonic() - started < 5


def test_a_silent_server_times_out_reading(web):
    url = web.set("/silent", Answer(FEED, delay=3))
    with pytest.raises(FetchError, match="timed out waiting for data"):
        get(url, Limits(read=0.5, deadline=10))


def test_redirects_are_followed_counted_and_remembered_when_permanent(web):
    final = web.set("/new.xml", body=FEED)
    web.set("/moved", redirect(final, 301))
    web.set("/hop", redirect(web.url("/moved"), 308))
    assert get(web.url("/hop")).moved_to == final
    web.set("/temporary", redirect(web.url("/moved"), 302))
    answer = get(web.url("/temporary"))
    assert answer.body == FEED and answer.moved_to is None


def test_a_redirect_loop_ends_as_an_error(web):
    web.set("/a", redirect(web.url("/b")))
    web.set("/b", redirect(web.url("/a")))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        get(web.url("/a"))
    assert len(web.hits("/a")) == 3 and len(web.hits("/b")) == 3


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.test/feed",
                                 "gopher://x/", "http:///nohost", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError):
        get(url)


def test_a_redirect_to_a_file_is_refused(web):
    web.set("/to-file", redirect("file:///etc/passwd"))
    with pytest.raises(FetchError, match="only http and https"):
        get(web.url("/to-file"))


def test_a_public_site_cannot_redirect_into_a_private_network(web):
    public = LocalWeb("127.0.0.2")  # counted as public by the policy below
    try:
        private = web.set("/secret", body=b"internal")
        public.set("/feed", redirect(private))
        policy = NetworkPolicy(public={"127.0.0.2"})
        with pytest.raises(FetchError, match="refused: 127.0.0.1 is a private address"):
            get(public.url("/feed"), policy=policy)
        assert web.hits("/secret") == []  # never even asked
        # the same redirect is fine for a feed that is itself on the private network
        assert get(public.url("/feed")).body == b"internal"
    finally:
        public.close()


def test_policy_classifies_addresses():
    policy = NetworkPolicy()
    for private in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                    "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1",
                    "224.0.0.1", "not-an-address"):
        assert policy.is_private(private), private
    for public in ("93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"):
        assert not policy.is_private(public), public


@pytest.mark.parametrize("status, gone, wait", [(410, True, None), (429, False, 120.0),
                                                (503, False, 120.0), (404, False, None)])
def test_error_statuses(web, status, gone, wait):
    url = web.set("/s", body=b"no", status=status, headers={"Retry-After": "120"})
    with pytest.raises(FetchError, match=f"HTTP {status}") as caught:
        get(url)
    assert caught.value.gone is gone and caught.value.retry_after == wait


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("30") == 30.0
    assert retry_after("Wed, 07 Jan 2026 08:01:00 GMT", now=1767772800.0) == 60.0
    assert retry_after("Wed, 07 Jan 2026 07:00:00 GMT", now=1767772800.0) == 0.0
    assert retry_after("99999999999") == 7 * 86400.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_nothing_listening_is_an_error_not_a_hang():
    with pytest.raises(FetchError, match="could not connect"):
        get("http://127.0.0.1:9/feed", Limits(connect=2, deadline=5))


def test_the_address_connected_to_is_checked_again(web):
    """A name that looked public when checked but leads to a private address (DNS
    rebinding) is refused once connected, before the body is read."""

    class Rebinding(NetworkPolicy):
        async def host_is_private(self, host):
            return False

    url = web.set("/feed.xml", body=FEED)
    with pytest.raises(FetchError, match="connected to private address 127.0.0.1"):
        get(url, policy=Rebinding())
