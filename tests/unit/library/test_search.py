"""Full-text search: query quoting, ranking, passages as offsets into the text."""

from __future__ import annotations

import pytest

from reader.library import archive
from reader.library.search import fts_query, search
from reader.library.sources import article_from_text
from reader.library.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "db") as opened:
        yield opened


def keep(store, text, title):
    article = article_from_text(text, title=title, language="en")
    archive.keep(store, article)
    return article


@pytest.mark.parametrize("text, query", [
    ("ferry", '"ferry"'),
    ("ferry crossings", '"ferry" "crossings"'),
    ('"winter ferry" timetable', '"winter ferry" "timetable"'),
    ("ferr*", '"ferr"*'),
    ('AND OR NOT NEAR( ) "unbalanced', '"AND" "OR" "NOT" "NEAR(" "unbalanced"'),
    ('say "hi', '"say" "hi"'),
    ("... --- ***", None),
    ("", None),
])
def test_user_text_never_reaches_fts5_syntax_unquoted(text, query):
    assert fts_query(text) == query


def test_ranking_prefers_titles_and_passages_point_into_the_text(store):
    keep(store, "The ferry runs twice a day in winter. " * 3 + "\n\nNothing else here.",
         "Harbour news")
    best = keep(store, "A note about timetables.\n\nThe ferry leaves at nine.", "Ferry timetable")
    keep(store, "Nothing about boats at all, only gardens.", "Gardens")
    hits = search(store, "ferry")
    assert [h.title for h in hits] == ["Ferry timetable", "Harbour news"]
    hit = hits[0]
    assert hit.id == best.id
    assert best.text[hit.start:hit.end] == hit.passage
    assert [best.text[s:e] for s, e in hit.matches] == ["ferry"]


def test_prefix_phrase_diacritics_and_no_match(store):
    article = keep(store, "Le café du port ouvre à six heures, près des bateaux.", "Café")
    assert [h.id for h in search(store, "cafe")] == [article.id]  # diacritics folded
    assert [h.id for h in search(store, "bate*")] == [article.id]
    assert [h.id for h in search(store, '"du port"')] == [article.id]
    assert search(store, '"port du"') == []
    assert search(store, "submarine") == []
    assert search(store, "   ") == []


def test_a_deleted_article_leaves_the_index(store):
    article = keep(store, "Temporary text about lanterns.", "Lanterns")
    assert search(store, "lanterns")
    store.write(lambda conn: conn.execute("DELETE FROM articles WHERE id = ?", (article.id,)))
    assert search(store, "lanterns") == []


def test_files_kept_for_search_are_found_with_their_path(store, tmp_path):
    article = article_from_text("Notes on lighthouse lenses.", language="en",
                                path=str(tmp_path / "notes.txt"))
    archive.keep(store, article)
    (hit,) = search(store, "lenses")
    assert hit.path == str(tmp_path / "notes.txt") and hit.link is None and hit.feed is None


def test_limit(store):
    for i in range(30):
        keep(store, f"Story number {i} about the harbour wall.", f"Story {i}")
    assert len(search(store, "harbour", limit=7)) == 7
