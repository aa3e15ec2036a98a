"""A damaged or unusable database never stops reader: it is moved aside or replaced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.library.store import ArticleState, Store

GARBAGE = bytes(range(256)) * 64


def _aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


def test_garbage_file_is_moved_aside_and_rebuilt(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(GARBAGE)
    with Store(path) as store:
        moved = _aside(path)
        assert len(moved) == 1 and moved[0].read_bytes() == GARBAGE
        assert not store.in_memory
        assert len(store.notices) == 1
        assert "corrupt" in store.notices[0] and str(moved[0]) in store.notices[0]
        store.set_starred("a")
    with Store(path) as again:
        assert again.state("a").starred and again.notices == []


def _damaged(path):
    """A database of 200 cached values, then two of its pages overwritten; its size."""
    with Store(path) as store:
        store.cache_put_many({f"k{i}": "v" * 500 for i in range(200)})
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    return len(data)


def test_damage_inside_a_valid_file_is_detected(tmp_path):
    path = tmp_path / "state.sqlite3"
    _damaged(path)
    with Store(path) as store:
        assert len(_aside(path)) == 1 and "corrupt" in store.notices[0]
        assert store.cache_get("k5") is None
        store.cache_put("k5", "fresh")
        assert store.cache_get("k5") == "fresh"


def test_second_corruption_gets_its_own_name(tmp_path):
    path = tmp_path / "state.sqlite3"
    for _ in range(2):
        path.write_bytes(GARBAGE)
        Store(path).close()
    assert len(_aside(path)) == 2


def test_zero_byte_file_is_a_fine_empty_database(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.touch()
    with Store(path) as store:
        assert store.notices == [] and not store.in_memory
        store.set_read("a")
        assert store.state("a").read
    assert _aside(path) == []


def test_data_dir_that_cannot_be_created_gives_memory_database(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with Store(blocker / "data" / "state.sqlite3") as store:
        assert store.in_memory
        assert "will not be kept" in store.notices[0]
        store.set_read("a")
        store.cache_put("k", [1])
        assert store.state("a").read and store.cache_get("k") == [1]
    assert blocker.read_text() == "not a folder"


def test_default_location_that_cannot_be_created_gives_memory_database(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("READER_DATA_DIR", str(blocker / "data"))
    with Store() as store:
        assert store.in_memory and store.notices


def test_database_path_that_is_a_folder_gives_memory_database(tmp_path):
    folder = tmp_path / "state.sqlite3"
    folder.mkdir()
    with Store(folder) as store:
        assert store.in_memory and "cannot use" in store.notices[0]
        assert store.state("a") == ArticleState()
    assert folder.is_dir()


def test_corrupt_file_that_cannot_be_moved_gives_memory_database(tmp_path, monkeypatch):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(GARBAGE)

    def refuse(self, target):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(Path, "rename", refuse)
    with Store(path) as store:
        assert store.in_memory and "cannot be moved aside" in store.notices[0]
    assert path.read_bytes() == GARBAGE


class _BrokenConnection:
    """Stands in for a connection whose file went bad while the program ran."""

    def execute(self, *args):
        raise sqlite3.DatabaseError("database disk image is malformed")

    def close(self):
        pass


def test_corruption_reported_mid_session_rebuilds_the_database(tmp_path):
    path = tmp_path / "state.sqlite3"
    store = Store(path)
    store.set_read("a")
    store._conn.close()
    path.write_bytes(GARBAGE)
    store._conn = _BrokenConnection()
    assert store.state("a") == ArticleState()
    assert len(_aside(path)) == 1 and "corrupt" in store.notices[-1]
    store.set_read("b")
    assert store.state("b").read
    store.close()


def test_other_database_errors_become_notices(tmp_path):
    store = Store(tmp_path / "state.sqlite3")
    store._conn.close()
    store._conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    assert store.state("a") == ArticleState()
    store.set_read("a")
    assert any("could not be" in n for n in store.notices)
    assert _aside(store.path) == []
    store.close()


def test_closed_store_raises_a_programming_error(tmp_path):
    store = Store(tmp_path / "state.sqlite3")
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.state("a")


def test_a_big_file_is_opened_without_reading_it_whole_and_damage_is_found_when_read(
        tmp_path, monkeypatch):
    from reader.library import database

    path = tmp_path / "state.sqlite3"
    monkeypatch.setattr(database, "CHECKED_BYTES", _damaged(path) - 1)
    with Store(path) as store:
        assert _aside(path) == [] and store.notices == []
        for i in range(200):  # reading every entry reaches the damaged pages
            store.cache_get(f"k{i}")
        assert len(_aside(path)) == 1 and "corrupt" in store.notices[0]
        store.cache_put("k5", "fresh")
        assert store.cache_get("k5") == "fresh"
