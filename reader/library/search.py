"""Full-text search over every article kept in the state database (SQLite FTS5).

The index (`article_search`) follows the `articles` table through triggers, so anything
`reader.library.archive` keeps is searchable: feed entries, saved pages, indexed files.
A query is words and "quoted phrases" (a trailing * matches a prefix); every part must
match. The user's text never reaches FTS5's query syntax unquoted, so no input is a
syntax error. Results are ranked by BM25 with the title weighing more than the body, and
each carries its best passage as character offsets into the article's cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.library.archive import FIRST_FEED, iso_time
from reader.library.store import Store

TITLE_WEIGHT = 10.0
PASSAGE_TOKENS = 24
_PART = re.compile(r'"([^"]*)"(\*?)|(\S+)')
_WORD = re.compile(r"\w")
_OPEN, _CLOSE = "\x02", "\x03"  # marks FTS5 puts around matched terms in a snippet


@dataclass(frozen=True)
class Hit:
    """One search result; `start`/`end` and `matches` index the article's text."""

    id: str
    title: str
    link: str | None
    path: str | None
    feed: str | None
    published: float | None
    score: float
    passage: str
    start: int
    end: int
    matches: tuple[tuple[int, int], ...]

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.link, "path": self.path,
                "feed": self.feed, "published": iso_time(self.published),
                "score": round(self.score, 4), "passage": self.passage,
                "start": self.start, "end": self.end,
                "matches": [list(pair) for pair in self.matches]}


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query (each part quoted), or None if nothing to find."""
    parts = []
    for match in _PART.finditer(text):
        phrase, star, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            star = "*" if word.endswith("*") else ""
            phrase = word.rstrip("*").strip('"')
        if not _WORD.search(phrase or ""):
            continue
        parts.append('"' + phrase.replace('"', '""') + '"' + star)
    return " ".join(parts) or None


def search(store: Store, text: str, limit: int = 20) -> list[Hit]:
    """The best `limit` articles for `text`, best first."""
    query = fts_query(text)
    if query is None:
        return []
    ranked_sql = (
        "SELECT rowid, bm25(article_search, ?, 1.0) AS score FROM article_search"
        " WHERE article_search MATCH ? ORDER BY score LIMIT ?"
    )
    detail_sql = (
        f"SELECT a.id, a.title, a.link, a.path, {FIRST_FEED}, a.published, a.text,"
        " snippet(article_search, 1, ?, ?, '', ?)"
        " FROM article_search JOIN articles a ON a.n = article_search.rowid"
        " WHERE article_search MATCH ? AND article_search.rowid = ?"
    )

    def work(conn):
        ranked = conn.execute(ranked_sql, (TITLE_WEIGHT, query, limit)).fetchall()
        hits = []
        for rowid, score in ranked:
            row = conn.execute(
                detail_sql, (_OPEN, _CLOSE, PASSAGE_TOKENS, query, rowid)).fetchone()
            if row is not None:
                hits.append(_hit(row, -score))
        return hits

    return store.read(work, [])


def _hit(row, score: float) -> Hit:
    id_, title, link, path, feed, published, text, marked = row
    passage, marks = _unmark(marked)
    start = max(text.find(passage), 0) if passage else 0
    matches = tuple((start + s, start + e) for s, e in marks)
    return Hit(id_, title, link, path, feed, published, score, passage, start,
               start + len(passage), matches)


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The passage without FTS5's marks, and where the marked terms are in it."""
    out, marks, length, opened = [], [], 0, None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", marked or ""):
        if piece == _OPEN:
            opened = length
        elif piece == _CLOSE and opened is not None:
            marks.append((opened, length))
            opened = None
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), marks
