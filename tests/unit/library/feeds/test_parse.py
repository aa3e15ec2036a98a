"""Feed bytes -> entries: every format, and input that is not a feed or is hostile."""

from __future__ import annotations

import time

import pytest

from reader.errors import NotAFeed
from reader.library.feeds.parse import defuse, parse
from tests.unit.library.feeds.conftest import fixture_bytes

BASE = "https://harbour.example/rss.xml"


def test_rss20_entries_keys_links_dates_and_language():
    feed = parse(fixture_bytes("rss20.xml", LIGHTHOUSE_LINK="https://harbour.example/keeper"),
                 BASE)
    assert feed.kind == "rss20"
    assert (feed.title, feed.site, feed.language) == (
        "Harbour Gazette", "https://harbour.example/", "en-gb")
    keys = [e.key for e in feed.entries]
    assert keys == ["harbour-0001", "harbour-0002", "harbour-0003", "harbour-0004"]
    first = feed.entries[0]
    assert first.author == "Mara Quill"
    assert first.text.startswith("The harbour authority announced on Monday")
    assert "\nCommuters who rely" in first.text  # paragraphs kept apart
    assert first.hints[0] == ("paragraph", first.text.split("\n")[0])
    assert "alert" not in first.text  # scripts are not text
    assert time.time() - 2 * 3600 <= first.published <= time.time()
    assert feed.entries[2].link == "https://harbour.example/relative/markup"


def test_rss091_rss10_atom_and_json_feed():
    old = parse(fixture_bytes("rss091.xml"), "http://oldstyle.example/rss")
    assert old.kind == "rss091n" and old.language == "de"
    assert "Händler begrüßen" in old.entries[0].text
    assert old.entries[0].key == "http://oldstyle.example/markt"  # no guid: the link

    rdf = parse(fixture_bytes("rss10.rdf"), "http://rdf.example/rss")
    assert rdf.kind == "rss10" and rdf.entries[0].key == "http://rdf.example/one"
    assert rdf.entries[0].published == 1767607200.0

    atom = parse(fixture_bytes("atom.xml"), "https://carnet.example/atom.xml")
    assert atom.kind == "atom10" and atom.title == "Carnet de bord"
    entry = atom.entries[0]
    assert entry.title == "Le port se modernise"  # an html title's tags are not text
    assert entry.language == "fr" and entry.author == "Jeanne Marin"
    assert "\nLes travaux commenceront" in entry.text

    json_feed = parse(fixture_bytes("feed.json"), "https://json.example/feed.json")
    assert json_feed.kind == "json1.1" and json_feed.title == "Json Journal"
    first, second = json_feed.entries  # the non-object item and the bad-typed one are skipped
    assert first.key == "json-1" and first.author == "Ivo Rose"
    assert time.time() - 2 * 3600 <= first.published <= time.time()
    assert "\nAnd a second paragraph" in first.text
    assert second.key == "2" and second.link == "https://json.example/two"
    assert second.published is None


def test_markup_in_titles_and_text_stays_literal():
    feed = parse(fixture_bytes("rss20.xml"), BASE)
    markup = feed.entries[2]
    assert markup.title.startswith("[bold red]Markup[/]")
    assert "[link=https://evil.example]a Rich link[/link]" in markup.text


def test_escape_sequences_are_kept_as_data():
    feed = parse(fixture_bytes("escapes.xml"), "https://escapes.example/rss")
    entry = feed.entries[0]
    assert "\x1b[31m" in entry.title  # kept as data; cleanup makes it visible later
    assert "[bold]markup[/bold]" in entry.text


@pytest.mark.parametrize("body, content_type, reason", [
    (b"<!DOCTYPE html><html><head><title>A page</title></head><body><p>Hi</p></body></html>",
     "text/html", "an HTML page"),
    (b"<html><body><p>no doctype</p></body></html>", "text/plain", "an HTML page"),
    (b"just some text, not a feed", "text/plain", "not an RSS, Atom or JSON feed"),
    (b"/etc/passwd", "text/plain", "not an RSS, Atom or JSON feed"),
    (b"", "application/rss+xml", "not an RSS, Atom or JSON feed"),
    (b'{"version": "1.0", "items": []}', "application/json", "not a JSON Feed"),
    (b'{"version": "https://jsonfeed.org/version/1", "items": [', "application/json",
     "invalid JSON"),
    (b"[" * 100000, "application/json", "invalid JSON"),
])
def test_what_is_not_a_feed_says_why(body, content_type, reason):
    with pytest.raises(NotAFeed, match=reason):
        parse(body, "https://example.test/feed", content_type)


def test_invalid_xml_still_gives_what_can_be_read():
    broken = fixture_bytes("rss20.xml").replace(b"</channel>", b"").replace(b"</item>", b"", 1)
    feed = parse(broken, BASE)
    assert feed.entries and feed.entries[0].title.startswith("Ferry timetable")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Bomb &lol9;</title>
<item><title>Laughs &lol9;</title><guid>b1</guid><description>&lol9;&lol9;</description></item>
</channel></rss>"""


def quadratic(value_size: int = 100_000, references: int = 50_000) -> bytes:
    value = b"A" * value_size
    body = b"&big;" * references
    return (b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY big "' + value + b'">]>\n'
            b"<rss version=\"2.0\"><channel><title>Q</title><item><guid>q1</guid>"
            b"<title>Quadratic</title><description>" + body + b"</description></item>"
            b"</channel></rss>")


@pytest.mark.parametrize("bomb", [BILLION_LAUGHS, quadratic(),
                                  quadratic().replace(b'"' + b"A" * 100_000,
                                                       b'"<b>' + b"A" * 100_000)])
def test_entity_expansion_bombs_expand_to_nothing(bomb):
    started = time.monotonic()
    try:
        feed = parse(bomb, "https://bomb.example/rss")
    except NotAFeed:
        feed = None
    assert time.monotonic() - started < 30
    if feed is not None:
        for entry in feed.entries:
            assert len(entry.text) + len(entry.title or "") < 2 * len(bomb)


def test_defuse_keeps_short_literal_entities_only():
    document = (b'<!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY co "Example Co">'
                b'<!ENTITY long "' + b"x" * 40 + b'"><!ENTITY ref "&co;&co;">'
                b'<!ENTITY % param "x"><!ENTITY ext SYSTEM "file:///etc/passwd">]><rss/>')
    kept = defuse(document)
    assert b'<!ENTITY nbsp "&#160;">' in kept and b'<!ENTITY co "Example Co">' in kept
    for gone in (b"long", b"ref", b"param", b"ext SYSTEM"):
        assert b"<!ENTITY " + gone not in kept
    assert defuse(b"<rss>no entities</rss>") == b"<rss>no entities</rss>"


def test_a_declared_entity_still_reads():
    document = fixture_bytes("rss20.xml").replace(
        b'<rss version="2.0"', b'<!DOCTYPE rss [<!ENTITY town "Port Ellen">]>\n<rss version="2.0"'
    ).replace(b"News from the harbour town", b"News from &town;")
    assert parse(document, BASE).entries
