"""The state store: article state, the JSON cache, keys, and where the file lives."""

from __future__ import annotations

import sqlite3

import pytest

from reader import locations
from reader.library.store import SCHEMA_VERSION, ArticleState, Store, cache_key


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "state.sqlite3") as opened:
        yield opened


def test_default_path_is_the_locations_database(tmp_path, monkeypatch):
    with Store() as default:
        assert default.path == locations.database_path()
        assert default.path.parent.is_dir()
        default.set_read("a")
    assert locations.database_path().is_file()
    monkeypatch.setenv("READER_DB", str(tmp_path / "elsewhere" / "db.sqlite3"))
    with Store() as moved:
        assert moved.path == tmp_path / "elsewhere" / "db.sqlite3"
        assert moved.state("a") == ArticleState()
        assert not moved.in_memory


def test_unknown_article_has_default_state(store):
    assert store.state("nothing") == ArticleState(read=False, starred=False, position=0.0)


def test_flags_and_position_are_independent(store):
    store.set_read("a", True)
    store.set_starred("b", True)
    store.set_position("a", 0.25)
    assert store.state("a") == ArticleState(read=True, starred=False, position=0.25)
    assert store.state("b") == ArticleState(read=False, starred=True, position=0.0)
    store.set_read("a", False)
    assert store.state("a") == ArticleState(read=False, starred=False, position=0.25)


def test_bad_positions_are_stored_as_zero(store):
    for bad in (float("nan"), float("inf"), -3.0):
        store.set_position("a", 0.5)
        store.set_position("a", bad)
        assert store.state("a").position == 0.0


def test_states_returns_every_id_asked_for(store):
    ids = [f"id{i}" for i in range(1200)]  # more than one chunk of bound parameters
    store.set_starred("id7")
    store.set_read("id1100")
    states = store.states(ids)
    assert list(states) == ids
    assert states["id7"].starred and states["id1100"].read
    assert sum(s.read or s.starred for s in states.values()) == 2


def test_state_survives_reopening(tmp_path):
    path = tmp_path / "state.sqlite3"
    with Store(path) as first:
        first.set_read("x")
        first.set_position("x", 12.5)
        first.cache_put("k", {"sentences": [[0, 4, "Text"]], "note": None})
    with Store(path) as second:
        assert second.state("x") == ArticleState(read=True, position=12.5)
        assert second.cache_get("k") == {"sentences": [[0, 4, "Text"]], "note": None}
        assert second.notices == []


def test_cache_round_trips_json_values(store):
    values = {"a": [1, 2.5, "drei"], "b": {"nested": {"ok": True}}, "c": "日本語 ␛[31m", "d": 0}
    store.cache_put_many(values)
    assert store.cache_get_many(["a", "b", "c", "d", "missing"]) == values
    assert store.cache_get("missing") is None
    store.cache_put("a", "replaced")
    assert store.cache_get("a") == "replaced"


def test_unreadable_cache_entry_counts_as_missing(store, tmp_path):
    store.cache_put("good", 1)
    raw = sqlite3.connect(store.path)
    raw.execute("INSERT INTO cache VALUES ('bad', '{not json', 0)")
    raw.commit()
    raw.close()
    assert store.cache_get_many(["good", "bad"]) == {"good": 1}


def test_cache_put_many_is_one_transaction(store):
    with pytest.raises(TypeError):
        store.cache_put_many({"ok": 1, "bad": object()})
    assert store.cache_get("ok") is None


def test_cache_key_is_stable_and_distinguishes_parts():
    key = cache_key("summary", "0123abcd", "lexrank", 3)
    assert key == cache_key("summary", "0123abcd", "lexrank", 3)
    assert key.startswith("summary:")
    others = {
        cache_key("summary", "0123abcd", "lexrank", 4),
        cache_key("summary", "0123abcd", "lsa", 3),
        cache_key("summary", "0123abcd", "lexrank", "3"),
        cache_key("summary", "0123abcd", ["lexrank", 3]),
        cache_key("translation", "0123abcd", "lexrank", 3),
    }
    assert key not in others and len(others) == 5
    assert cache_key("x", {"b": 1, "a": 2}) == cache_key("x", {"a": 2, "b": 1})


def test_schema_version_is_recorded(store):
    raw = sqlite3.connect(store.path)
    assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    raw.close()


def test_database_from_a_newer_version_is_left_alone(tmp_path):
    path = tmp_path / "state.sqlite3"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    raw.commit()
    raw.close()
    with Store(path) as store:
        assert store.in_memory
        assert "newer reader" in store.notices[0]
        store.set_read("a")
        assert store.state("a").read
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION + 1,)]
    assert raw.execute("SELECT COUNT(*) FROM article_state").fetchone() == (0,)
    raw.close()
