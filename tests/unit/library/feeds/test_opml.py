"""OPML import and export: folders, other readers' files, round trips, hostile files."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.library.feeds import opml
from reader.library.feeds.opml import Outline
from tests.unit.library.feeds.conftest import FIXTURES


def test_nested_outlines_become_folders_and_categories_count():
    found = opml.read((FIXTURES / "subscriptions.opml").read_bytes())
    assert found == [
        Outline("https://harbour.example/rss.xml", "Harbour Gazette",
                "https://harbour.example/", "News/Local"),
        Outline("https://carnet.example/atom.xml", "Carnet de bord", None, "News"),
        Outline("https://json.example/feed.json", "Json Journal", None, "Hobbies/Gardens"),
        Outline("file:///etc/passwd", "Local file", None, None),  # refused when subscribing
    ]


def test_newsboat_export_reads():
    found = opml.read((FIXTURES / "newsboat.opml").read_bytes())
    assert [(o.url, o.title, o.folder) for o in found] == [
        ("http://127.0.0.1:8765/f1.xml", "Renamed one", None),
        ("http://127.0.0.2:8765/f2.xml", "Feed 2", None),
    ]


def test_export_round_trips_with_folders_and_odd_titles():
    feeds = [
        Outline("https://a.example/rss", "A & B <c> \"d\"", "https://a.example/", "News/Local"),
        Outline("https://b.example/atom", None, None, "News"),
        Outline("https://c.example/feed.json", "Escape \x1b[31m and bell \x07", None, None),
    ]
    written = opml.write(feeds)
    assert written.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    back = opml.read(written.encode("utf-8"))
    assert back == [
        Outline("https://a.example/rss", "A & B <c> \"d\"", "https://a.example/", "News/Local"),
        Outline("https://b.example/atom", "https://b.example/atom", None, "News"),
        Outline("https://c.example/feed.json", "Escape [31m and bell", None, None),
    ]
    assert written.count('text="News"') == 1  # one folder outline for both feeds in it


@pytest.mark.parametrize("data, reason", [
    (b"<opml><body><outline", "not a readable OPML file"),
    (b"<rss/>", "its root element is not <opml>"),
    (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "xxxxxxxxxx"><!ENTITY b "&a;&a;">]>'
     b"<opml><body><outline text='&b;' xmlUrl='http://x/'/></body></opml>",
     "not a readable OPML file"),
    (b'<!DOCTYPE opml [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body>&e;</body></opml>',
     "not a readable OPML file"),
])
def test_unreadable_or_hostile_files_are_refused(data, reason):
    with pytest.raises(ReaderError, match=reason):
        opml.read(data)


def test_deep_nesting_is_bounded():
    deep = b"<opml><body>" + b"<outline text='f'>" * 200 + b"<outline xmlUrl='http://x/'/>" + \
        b"</outline>" * 200 + b"</body></opml>"
    assert opml.read(deep) == []
    shallow = deep.replace(b"<outline text='f'>" * 200, b"<outline text='f'>" * 3).replace(
        b"</outline>" * 200, b"</outline>" * 3)
    assert opml.read(shallow)[0].folder == "f/f/f"
