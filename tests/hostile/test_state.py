"""The state database and the files around it, when they are not what reader expects:
someone else's database, a read-only data folder, a folder we may not look into."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.library.store import ArticleState, Store
from tests.hostile.harness import bounded, without_privileges


def _aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


FOREIGN = {
    "another program's tables": ["CREATE TABLE moz_places (id INTEGER, url TEXT)"],
    "our table names, other columns": [
        "CREATE TABLE article_state (x TEXT, y TEXT)", "CREATE TABLE cache (k TEXT)"],
    "a version row, a table short of columns": [
        "CREATE TABLE schema_version (version INTEGER NOT NULL)",
        "INSERT INTO schema_version VALUES (1)",
        "CREATE TABLE article_state (id TEXT PRIMARY KEY, read INTEGER)",
        "CREATE TABLE cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL)"],
}


@pytest.mark.parametrize("statements", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_foreign_database_is_moved_aside_once_and_replaced(tmp_path, statements):
    path = tmp_path / "state.sqlite3"
    raw = sqlite3.connect(path)
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()
    original = path.read_bytes()
    with Store(path) as store:
        assert not store.in_memory and len(store.notices) == 1
        assert "not reader's state database" in store.notices[0]
        store.set_starred("a")
    (moved,) = _aside(path)
    assert moved.read_bytes() == original
    with Store(path) as again:
        assert again.notices == [] and again.state("a").starred


@pytest.fixture
def unprivileged() -> list[str]:
    """A command prefix under which permissions bind (see harness.without_privileges)."""
    prefix = without_privileges()
    if prefix is None:
        pytest.skip("cannot drop root's capabilities here (no setpriv)")
    return prefix


READ_MARKS = """
import json, sys
from reader.library.store import Store
store = Store(__import__("pathlib").Path(sys.argv[1]))
store.set_read("b")
print(json.dumps({"a": store.state("a").starred, "b": store.state("b").read,
                  "in_memory": store.in_memory, "notices": store.notices}))
"""


def test_a_read_only_data_folder_still_shows_the_marks(tmp_path, unprivileged):
    data = tmp_path / "data"
    data.mkdir()
    path = data / "reader.sqlite3"
    with Store(path) as store:
        store.set_starred("a")
        store.set_position("a", 0.5)
    before = path.read_bytes()
    os.chmod(path, 0o444)
    data.chmod(0o555)
    done = subprocess.run([*unprivileged, sys.executable, "-c", READ_MARKS, str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["a"] is True and result["in_memory"] is True
    assert result["b"] is True  # a change lasts for the session
    assert len(result["notices"]) == 1 and "existing marks are shown" in result["notices"][0]
    assert path.read_bytes() == before and not _aside(path)
    data.chmod(0o755)
    with Store(path) as store:
        assert store.state("a") == ArticleState(starred=True, position=0.5)
        assert store.state("b") == ArticleState()


def test_a_file_in_a_locked_folder_is_permission_denied(reader, tmp_path, unprivileged):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inner.txt").write_text("A sentence that nobody else may read. Another one.\n")
    locked.chmod(0o000)
    try:
        listing = bounded(reader("list", "locked/inner.txt", "--json", cwd=tmp_path,
                                 prefix=unprivileged))
        summary = bounded(reader("summarize", "locked/inner.txt", cwd=tmp_path,
                                 prefix=unprivileged))
    finally:
        locked.chmod(0o755)
    assert listing.code == 0, listing.err
    (entry,) = json.loads(listing.out)
    assert entry["status"] == "skipped" and entry["reason"] == "permission denied"
    assert summary.code == 1 and "permission denied" in summary.err
