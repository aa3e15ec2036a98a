"""The fast path (RSS 2.0 through lxml) reads what feedparser reads, or leaves the document
to feedparser: every case here is read both ways and must give the same feed."""

from __future__ import annotations

import html

import pytest

from reader.library.feeds import fastpath, feedparser_rules
from reader.library.feeds.parse import feedparser_result, from_result, parse
from tests.unit.library.feeds.conftest import fixture_bytes

URL = "https://harbour.example/feeds/rss.xml"
RSS = "application/rss+xml"
DATE = "Mon, 05 Jan 2026 10:00:00 GMT"


def rss(items: str, channel: str = "<title>Harbour</title><link>/</link>",
        namespaces: str = "", head: str = '<?xml version="1.0" encoding="utf-8"?>\n') -> bytes:
    return (f'{head}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/'
            f'content/" xmlns:dc="http://purl.org/dc/elements/1.1/"{namespaces}>'
            f"<channel>{channel}{items}</channel></rss>").encode("utf-8")


def item(*fields: str) -> str:
    return "<item>" + "".join(fields) + "</item>"


BODY = ("<p>The harbour authority announced on Monday that the winter timetable will "
        "start next week.</p><p>Commuters said the change would make it harder.</p>")

TAKEN = {
    "fixture": (fixture_bytes("rss20.xml", LIGHTHOUSE_LINK="https://harbour.example/k"), RSS),
    "full items": (rss(item(
        "<title>Ferry times</title><link>https://harbour.example/ferry</link>",
        "<guid>ferry-1</guid>", f"<pubDate>{DATE}</pubDate>",
        f"<description>{html.escape(BODY[:40])}</description>",
        f"<content:encoded><![CDATA[{BODY}]]></content:encoded>") * 3), RSS),
    "relative, empty and permalink links": (rss(
        item("<title>a</title><link>/one?a=1&amp;amp;b=2</link><guid>g1</guid>")
        + item("<title>b</title><guid>/two</guid>")
        + item("<title>c</title><guid isPermaLink='false'>three</guid>")
        + item("<title>d</title><guid>four</guid><link></link>")
        + item("<title>e</title><link>  https://x.example/e  </link><guid>http://x/e</guid>")
        + item("<guid>only-a-guid</guid><description>no title</description>")), RSS),
    "authors and dates": (rss(
        item("<title>a</title><author>mara@harbour.example (Mara Quill)</author>",
             "<dc:date>2026-01-04T08:00:00Z</dc:date>")
        + item("<title>b</title><dc:creator>Ivo Rose</dc:creator>",
               "<pubDate>not a date</pubDate>")
        + item("<title>c</title><pubDate>Tue, 6 Jan 2026 12:00:00 +0100</pubDate>")), RSS),
    "content before description": (rss(item(
        f"<title>a</title><content:encoded>{BODY.replace('<', '&lt;')}</content:encoded>",
        "<description>A teaser.</description>")), RSS),
    "markup, entities and odd text": (rss(
        item("<title>[bold red]Markup[/] &lt;b&gt;and&lt;/b&gt; tags</title>",
             "<description>Plain text, no tags at all.</description>")
        + item("<title>Caf\u00c3\u00a9 read as Latin-1</title>",
               "<description><![CDATA[<script>alert(1)</script><p>Text</p>]]></description>")
        + item("<title>C1 &#150; dash &#x80; and Caf\u00c3\u00a9 left</title>")
        + item("<Title>Upper-case names</Title><Link>/upper</Link><PubDate>"
               f"{DATE}</PubDate>")
        + item("<title>  spaced <!-- a comment -->title  </title><description/>")), RSS),
    "other elements": (rss(item(
        "<title>a</title><link>/a</link><category domain='x'>Port</category>",
        "<comments>/a#comments</comments><enclosure url='/a.mp3' length='1' type='audio/mpeg'/>",
        "<source url='https://other.example/rss'>Other</source>",
        "<atom:link rel='replies' href='/a/replies'/>",
        "<wfw:commentRss>/a/feed</wfw:commentRss><slash:comments>3</slash:comments>",
        "<post-id xmlns='com-wordpress:feed-additions:1'>42</post-id>",
        "<media:thumbnail url='/a.jpg'/><media:content url='/a.jpg' medium='image'/>",
        "<extra><deeper>kept as text</deeper></extra>"),
        channel="<title>Harbour</title><link>https://harbour.example/</link>"
        "<atom:link rel='self' href='https://harbour.example/rss' type='application/rss+xml'/>"
        "<description>News</description><language>en-gb</language><generator>x</generator>"
        f"<lastBuildDate>{DATE}</lastBuildDate><ttl>60</ttl><sy:updatePeriod>hourly"
        "</sy:updatePeriod><image><url>/logo.png</url><title>Logo</title><link>/</link>"
        "</image><textInput><title>Search</title><description>d</description><name>q</name>"
        "<link>/search</link></textInput><cloud domain='x' port='80'/>",
        namespaces=' xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:wfw="http://wellformedweb.org/CommentAPI/"'
        ' xmlns:slash="http://purl.org/rss/1.0/modules/slash/"'
        ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"'
        ' xmlns:media="http://search.yahoo.com/mrss/"'), RSS),
    "language after the items": (rss(item("<title>a</title>") + "<language>de</language>",
                                     channel="<title>H</title>"), RSS),
    "text/xml, no charset, ASCII": (rss(item("<title>a</title>"), head=""), "text/xml"),
    "text/xml, UTF-8 declared": (rss(item("<title>\u00e9t\u00e9</title>")), "text/xml"),
    "charset in the header": (rss(item("<title>\u00e9t\u00e9</title>")),
                              "application/xml; charset=UTF-8"),
    "no content type": (rss(item("<title>\u00e9t\u00e9</title>")), ""),
    "byte order mark": (b"\xef\xbb\xbf" + rss(item("<title>\u00e9t\u00e9</title>")), RSS),
    "Latin-1 declared, ASCII only": (rss(item("<title>a</title>"), head=(
        '<?xml version="1.0" encoding="iso-8859-1"?>')), RSS),
}

LEFT = {
    "a DOCTYPE": rss(item("<title>a</title>"), head='<!DOCTYPE rss [<!ENTITY a "b">]>'),
    "xml:lang": rss(item("<title xml:lang='fr'>a</title>")),
    "xml:base": rss(item("<title>a</title><link xml:base='http://o.example/'>x</link>")),
    "two titles": rss(item("<title>a</title><title>b</title>")),
    "a title element in another": rss(item("<title>a</title><x><title>b</title></x>")),
    "dc:title": rss(item("<dc:title>a</dc:title>")),
    "itunes:summary": rss(item("<title>a</title><itunes:summary>s</itunes:summary>"),
                          namespaces=' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0'
                          '.dtd"'),
    "atom:link alternate": rss(item("<title>a</title><atom:link href='/b'/>"),
                               namespaces=' xmlns:atom="http://www.w3.org/2005/Atom"'),
    "a typed description": rss(item("<description type='text'>a</description>")),
    "markup as elements": rss(item("<description><p>a</p></description>")),
    "an item with attributes": rss(item("<title>a</title>").replace(
        "<item>", "<item rdf:about='x' xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-"
        "ns#'>")),
    "RSS 0.91": rss(item("<title>a</title>")).replace(b'version="2.0"', b'version="0.91"'),
    "RSS 1.0 namespace": rss(item("<title>a</title>"),
                             namespaces=' xmlns:r="http://purl.org/rss/1.0/"'),
    "a prefix bound twice": rss(item("<title>a</title><x:a xmlns:x='urn:b'>b</x:a>"),
                                namespaces=' xmlns:x="urn:a"'),
    "not well-formed": rss(item("<title>a &nbsp; b</title>")),
    "Latin-1": rss(item("<title>caf\u00e9</title>")).decode().encode("latin-1").replace(
        b"utf-8", b"iso-8859-1"),
    "Atom": fixture_bytes("atom.xml"),
    "RSS 1.0": fixture_bytes("rss10.rdf"),
    "escapes": fixture_bytes("escapes.xml"),
}


@pytest.mark.parametrize("name", TAKEN)
def test_the_fast_path_reads_what_feedparser_reads(name):
    data, content_type = TAKEN[name]
    fast = fastpath.read(data, URL, content_type)
    assert fast is not None, "the fast path should take this document"
    slow = feedparser_result(data, URL, content_type)
    assert from_result(fast, data, URL, content_type) == \
        from_result(slow, data, URL, content_type)


@pytest.mark.parametrize("name", LEFT)
def test_what_needs_feedparser_is_left_to_it(name):
    assert fastpath.read(LEFT[name], URL, RSS) is None
    try:
        parse(LEFT[name], URL, RSS)
    except Exception as exc:  # a feed feedparser cannot read either says so
        assert type(exc).__name__ == "NotAFeed"


def test_the_cases_differ_where_it_matters():
    """The cases above test something: keys, links and texts vary between entries."""
    feed = parse(*TAKEN["relative, empty and permalink links"][:1], URL, RSS)
    assert [e.key for e in feed.entries] == [
        "https://harbour.example/feeds/g1", "https://harbour.example/two", "three",
        "https://harbour.example/feeds/four", "http://x/e",
        "https://harbour.example/feeds/only-a-guid"]
    assert [e.link for e in feed.entries] == [
        "https://harbour.example/one?a=1&b=2", "https://harbour.example/two", None, None,
        "https://x.example/e", "https://harbour.example/feeds/only-a-guid"]
    odd = parse(TAKEN["markup, entities and odd text"][0], URL, RSS).entries
    assert odd[1].title == "Café read as Latin-1"
    assert odd[2].title == "C1 – dash € and Caf\u00c3\u00a9 left"
    assert odd[4].title == "spaced title"


def test_addresses_left_unjoined_are_those_joining_would_not_change():
    """Joining is skipped for plain absolute addresses; feedparser's join agrees on every
    address of a random sample that is taken as plain."""
    import random

    from feedparser.urls import _urljoin

    rng = random.Random(5)
    pieces = "ab/.?#;=&%:@-_~+ []\t\u00e9"
    plain = 0
    for _ in range(20000):
        link = rng.choice(["http://", "https://", "HTTP://", "http:///", "ftp://", ""]) + \
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        if feedparser_rules.plain_absolute(link):
            plain += 1
            for base in (URL, "http://127.0.0.1:8000/feed.xml", ""):
                assert _urljoin(base, link) == link
    assert plain > 500
