"""Articles kept in the state database: keeping, reading back, listing, pruning, and the
schema upgrade that brought them."""

from __future__ import annotations

import sqlite3
import time

from reader.library import archive
from reader.library.sources import article_from_text
from reader.library.store import MIGRATIONS, SCHEMA_VERSION, Store


def make(text: str, **meta):
    return article_from_text(text, language="en", **meta)


def test_kept_article_reads_back_as_the_same_article(tmp_path):
    article = make("A harbour story about boats and the sea.\n\nSecond paragraph.",
                   title="Boats", byline="Ann", author="Ann Lee", source="Gazette",
                   link="https://x.example/boats")
    with Store(tmp_path / "db") as store:
        assert archive.keep(store, article, published=1767772800.0) is True
        assert archive.keep(store, article) is False  # same content, same id: kept once
        again = archive.get(store, article.id)
    assert again.text == article.text and again.id == article.id
    assert (again.title, again.byline, again.author, again.source, again.link) == (
        "Boats", "Ann", "Ann Lee", "Gazette", "https://x.example/boats")
    assert again.date == "2026-01-07"  # the day, as pages give their date


def test_by_link_and_missing_ids(tmp_path):
    with Store(tmp_path / "db") as store:
        archive.keep(store, make("Old text of the page.", link="https://x.example/p"))
        assert archive.by_link(store, "https://x.example/p").text == "Old text of the page."
        assert archive.by_link(store, "https://x.example/other") is None
        assert archive.get(store, "0" * 16) is None


def test_prune_only_touches_old_unstarred_feed_articles(tmp_path):
    with Store(tmp_path / "db") as store:
        saved = make("A page saved to read later, long ago.")
        archive.keep(store, saved, published=time.time() - 400 * 86400)
        assert archive.prune(store, 90) == 0  # not from a feed: the user saved it
        assert archive.get(store, saved.id) is not None


def test_parse_time():
    assert archive.parse_time("2026-01-07") == 1767744000.0
    assert archive.parse_time("2026-01-07T09:00:00+01:00") == 1767772800.0
    assert archive.parse_time("2026-01-07T08:00:00Z") == 1767772800.0
    assert archive.parse_time("3026-01-07") <= time.time()
    assert archive.parse_time("yesterday") is None and archive.parse_time(None) is None


def test_a_version_1_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        raw.execute(statement)
    raw.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    raw.execute("INSERT INTO schema_version VALUES (1)")
    raw.execute("INSERT INTO article_state (id, read, starred, position, updated)"
                " VALUES ('abc', 1, 1, 0.5, 0)")
    raw.commit()
    raw.close()
    with Store(path) as store:
        assert store.state("abc").starred and store.state("abc").read
        article = make("Now the database keeps articles too.")
        assert archive.keep(store, article)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    raw.close()


def test_a_kept_article_keeps_its_structure(tmp_path):
    article = article_from_text("Harbour news\n\nThe ferry leaves at nine.\n\n- one\n- two",
                                language="en")
    assert article.blocks
    with Store(tmp_path / "db") as store:
        archive.keep(store, article)
        assert archive.get(store, article.id).blocks == article.blocks
