"""`reader feeds`, `fetch`, `search` and `list --feed` against a real local server."""

from __future__ import annotations

import json

import pytest

from tests.unit.cli._cli import RAW_CONTROL, run, run_json
from tests.unit.library.feeds.conftest import FIXTURES, fixture_bytes



@pytest.fixture
def gazette(web) -> str:
    """The rss20 fixture served at /rss.xml (its teaser's page at /keeper); the feed URL."""
    web.set("/keeper", body=fixture_bytes("article.html"), content_type="text/html")
    web.set("/home.html", body=(FIXTURES / "page.html").read_bytes()
            .replace(b'<base href="/gazette/">', b"").replace(b'href="rss.xml"', b'href="/rss.xml"'),
            content_type="text/html")
    return web.set("/rss.xml", body=fixture_bytes("rss20.xml", LIGHTHOUSE_LINK=web.url("/keeper")),
                   etag='"g1"')


def test_add_a_feed_a_page_and_report_each(capsys, web, gazette):
    json_feed = web.set("/feed.json", body=fixture_bytes("feed.json"),
                        content_type="application/feed+json")
    code, out, err = run(capsys, "feeds", "add", gazette, json_feed, web.url("/missing"),
                         "--json")
    assert code == 1
    first, second, missing = json.loads(out)
    assert first == {"url": gazette, "title": "Harbour Gazette", "status": "added"}
    assert second == {"url": json_feed, "title": "Json Journal", "status": "added"}
    assert missing["status"] == "error" and missing["error"] == "HTTP 404 Not Found"
    assert err == f"reader: {web.url('/missing')}: HTTP 404 Not Found\n"
    # the page names the feed: autodiscovery finds it, and it already exists
    (again,) = run_json(capsys, "feeds", "add", web.url("/home.html"))
    assert again == {"url": gazette, "title": "Harbour Gazette", "status": "exists"}


def test_list_fetch_and_list_articles(capsys, web, gazette):
    run(capsys, "feeds", "add", gazette)
    (new,) = run_json(capsys, "feeds", "list")
    assert new == {"url": gazette, "title": "Harbour Gazette", "articles": 0, "unread": 0,
                   "fetched": None, "status": "new"}
    (fetched,) = run_json(capsys, "fetch")
    assert set(fetched) == {"url", "title", "new", "status", "seconds"}
    assert (fetched["status"], fetched["new"]) == ("ok", 3)
    (listed,) = run_json(capsys, "feeds", "list")
    assert (listed["articles"], listed["unread"], listed["status"]) == (3, 3, "ok")
    assert listed["fetched"].endswith("+00:00")
    articles = run_json(capsys, "list", "--feed", "all")
    assert articles == run_json(capsys, "list", "--feed", gazette)
    first = articles[0]
    assert set(first) == {"id", "path", "title", "language", "words", "status", "url", "feed",
                          "published"}
    assert first["path"] is None and first["feed"] == gazette and first["status"] == "ok"
    assert first["url"] == "https://harbour.example/ferry-winter"
    (again,) = run_json(capsys, "fetch", gazette)
    assert (again["status"], again["new"]) == ("not-modified", 0)


def test_fetch_failures_exit_1_with_one_line_each(capsys, web, gazette):
    run(capsys, "feeds", "add", gazette)
    broken = web.set("/broken.xml", body=fixture_bytes("rss091.xml"))
    run(capsys, "feeds", "add", broken)
    web.set("/broken.xml", body=b"", status=500)
    code, out, err = run(capsys, "fetch")
    assert code == 1
    assert err == f"reader: {broken}: HTTP 500 Internal Server Error\n"
    assert out.splitlines()[-1] == "2 feeds fetched, 3 new articles, 1 failed"
    code, out, err = run(capsys, "fetch", gazette, web.url("/unknown.xml"))
    assert code == 1 and "not subscribed" in err


def test_fetch_with_no_feeds_says_how_to_add_one(capsys):
    code, out, err = run(capsys, "fetch")
    assert code == 1 and "reader feeds add URL" in err


def test_search_returns_ranked_passages_with_offsets(capsys, gazette):
    run(capsys, "feeds", "add", gazette)
    run(capsys, "fetch")
    hits = run_json(capsys, "search", "ferry", "crossings")
    assert hits and hits[0]["title"] == "Ferry timetable changes for the winter season"
    hit = hits[0]
    (article,) = [a for a in run_json(capsys, "list", "--feed", "all") if a["id"] == hit["id"]]
    summary = run_json(capsys, "summarize", hit["id"])
    text = summary["article"]["text"]
    assert text[hit["start"]:hit["end"]] == hit["passage"]
    assert hit["matches"] and all(
        text[s:e].lower() in ("ferry", "crossings") for s, e in hit["matches"])
    assert hit["feed"] == gazette and hit["url"] == article["url"]
    assert run_json(capsys, "search", "nothing-matches-this") == []
    assert run_json(capsys, "search", '"unbalanced', "AND", "OR", "NEAR(") is not None


def test_export_imports_back_into_an_empty_library(capsys, tmp_path, monkeypatch, gazette):
    run(capsys, "feeds", "add", gazette, "--folder", "News/Local")
    run(capsys, "feeds", "import", FIXTURES / "subscriptions.opml")
    code, exported, err = run(capsys, "feeds", "export")
    assert code == 0 and exported.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    before = _feeds_with_folders()
    opml_file = tmp_path / "export.opml"
    opml_file.write_text(exported, encoding="utf-8")
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "elsewhere"))
    assert run_json(capsys, "feeds", "list") == []
    imported = run_json(capsys, "feeds", "import", opml_file)
    assert {i["status"] for i in imported} == {"added"}
    assert _feeds_with_folders() == before
    assert ("https://harbour.example/rss.xml", "Harbour Gazette", "News/Local") in before


def _feeds_with_folders() -> list[tuple]:
    from reader.library.feeds.subscriptions import feeds
    from reader.library.store import Store

    with Store() as store:
        return [(f.url, f.title, f.folder) for f in feeds(store)]


def test_import_reports_what_cannot_be_subscribed(capsys):
    code, out, err = run(capsys, "feeds", "import", FIXTURES / "subscriptions.opml", "--json")
    assert code == 1
    statuses = [(o["url"], o["status"]) for o in json.loads(out)]
    assert statuses == [("https://harbour.example/rss.xml", "added"),
                        ("https://carnet.example/atom.xml", "added"),
                        ("https://json.example/feed.json", "added"),
                        ("file:///etc/passwd", "error")]
    folders = {url: folder for url, _title, folder in _feeds_with_folders()}
    assert folders == {"https://harbour.example/rss.xml": "News/Local",
                       "https://carnet.example/atom.xml": "News",
                       "https://json.example/feed.json": "Hobbies/Gardens"}
    code, out, err = run(capsys, "feeds", "import", FIXTURES / "newsboat.opml")
    assert code == 0 and out.count("added") == 2


def test_import_refuses_what_is_not_opml(capsys, tmp_path):
    bomb = tmp_path / "bomb.opml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;">]><opml><body>&b;</body></opml>')
    for path, reason in ((bomb, "not a readable OPML file"),
                         (FIXTURES / "rss20.xml", "not an OPML file"),
                         (tmp_path / "missing.opml", "No such file")):
        code, out, err = run(capsys, "feeds", "import", path)
        assert code == 1 and reason in err and out == ""


def test_remove_keeps_starred_articles(capsys, gazette):
    from reader.library.store import Store

    run(capsys, "feeds", "add", gazette)
    run(capsys, "fetch")
    articles = run_json(capsys, "list", "--feed", "all")
    with Store() as store:
        store.set_starred(articles[0]["id"])
    code, out, err = run(capsys, "feeds", "remove", gazette)
    assert code == 0 and out == f"removed {gazette}\n"
    assert run_json(capsys, "feeds", "list") == []
    assert run_json(capsys, "summarize", articles[0]["id"])["article"]["id"] == articles[0]["id"]
    code, out, err = run(capsys, "summarize", articles[1]["id"])
    assert code == 1 and "no article with id" in err
    code, out, err = run(capsys, "feeds", "remove", gazette)
    assert code == 1 and "not subscribed" in err


def test_titles_from_the_web_are_printed_safely(capsys, web):
    url = web.set("/escapes.xml", body=fixture_bytes("escapes.xml"))
    run(capsys, "feeds", "add", url)
    run(capsys, "fetch")
    for argv in (("feeds", "list"), ("list", "--feed", "all"), ("fetch",),
                 ("search", "harbour"), ("feeds", "export")):
        code, out, err = run(capsys, *argv)
        assert not RAW_CONTROL.search(out.replace("\n", "")), argv
        assert not RAW_CONTROL.search(err.replace("\n", "")), argv


def test_summarize_a_web_page_fetches_it_once(capsys, web):
    url = web.set("/keeper", body=fixture_bytes("article.html"), content_type="text/html")
    first = run_json(capsys, "summarize", url, "-n", "2")
    assert first["article"]["title"] == "Lighthouse keeper retires after forty years"
    web.close()  # from now on the page is read from the library
    again = run_json(capsys, "summarize", url, "-n", "2")
    assert again == first
    assert run_json(capsys, "summarize", first["article"]["id"], "-n", "2") == first
    code, out, err = run(capsys, "summarize", "0123456789abcdef")
    assert code == 1 and "no article with id 0123456789abcdef" in err
