"""The metadata cache: a second walk of unchanged files reads none of them; a changed file
is read again, a vanished one dropped, and what reading gave comes back the same."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.library import catalog as catalog_module
from reader.library.article import Entry, Skipped
from reader.library.catalog import Catalog
from reader.library.loader import Loader, read
from reader.library.store import Store

COUNTING = "tests.unit.library.test_catalog:counting_read"
TEXT = "A sentence about the harbour, with some words in it. And a second one after it.\n"


def counting_read(path: str, plain: bool):
    """The loader's own reading, noting each file read in the file READS_LOG names."""
    with open(os.environ["READS_LOG"], "a", encoding="utf-8", errors="surrogateescape") as log:
        log.write(Path(path).name + "\n")
    return read(path, plain)


@pytest.fixture
def reads(tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    log.write_text("")
    monkeypatch.setenv("READS_LOG", str(log))

    def taken() -> list[str]:
        names = log.read_text(errors="surrogateescape").split()
        log.write_text("")
        return sorted(names)

    return taken


@pytest.fixture
def folder(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for name in ("a.txt", "b.txt", "c.md"):
        (news / name).write_text(f"Story {name}\n\n{name} says this. {TEXT}")
    (news / "empty.txt").write_text("")
    return news


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "state.sqlite3") as opened:
        yield opened


def walk(store, *paths) -> tuple[list, object]:
    session = Catalog(store).session(paths)
    loader = Loader(paths, cache=session, read=COUNTING)
    return loader.in_order(), loader


def test_a_second_walk_reads_no_file_and_lists_the_same(folder, store, reads):
    first, _ = walk(store, folder)
    assert reads() == ["a.txt", "b.txt", "c.md", "empty.txt"]
    second, loader = walk(store, folder)
    assert reads() == []
    assert second == first and loader.cache.hits == 4 and loader.cache.misses == 0
    assert loader.done == loader.total == 4


def test_a_name_that_is_not_utf8_is_read_at_every_walk(folder, store, reads):
    odd = os.fsdecode(os.fsencode(folder) + b"/\xffstory.txt")
    Path(odd).write_text(f"An odd name\n\n{TEXT}")
    first, _ = walk(store, folder)
    assert len(reads()) == 5
    second, _ = walk(store, folder)
    assert reads() == [Path(odd).name]
    assert second == first and any(getattr(i, "path", None) == odd for i in second)


def test_no_worker_starts_when_every_file_is_known(folder, store, reads):
    walk(store, folder)
    session = Catalog(store).session([folder])
    loader = Loader([folder], cache=session)
    loader.warm()
    assert loader._pool == []
    assert len(list(loader)) == 4 and loader._pool == []


def test_what_comes_back_is_what_reading_gave(folder, store, reads):
    (folder / "page.html").write_text(
        "<html><head><title>A page</title></head><body><article><h1>A page</h1>"
        "<p>By Ann Author</p>" + "<p>The council met on Tuesday to talk about the port. "
        "It decided a great many things about boats and fish.</p>" * 5
        + "</article></body></html>")
    first, _ = walk(store, folder)
    second, _ = walk(store, folder)
    assert second == first
    entries = [i for i in second if isinstance(i, Entry)]
    assert {e.title for e in entries} >= {"Story a.txt", "A page"}
    assert all(e.words > 0 and e.language == "en" for e in entries)
    (skipped,) = [i for i in second if isinstance(i, Skipped)]
    assert Path(skipped.path).name == "empty.txt" and skipped.reason


def test_a_changed_file_is_read_again(folder, store, reads):
    walk(store, folder)
    reads()
    (folder / "b.txt").write_text(f"Story b rewritten\n\nNew words entirely. {TEXT}")
    items, _ = walk(store, folder)
    assert reads() == ["b.txt"]
    titles = {Path(i.path).name: i.title for i in items if isinstance(i, Entry)}
    assert titles["b.txt"] == "Story b rewritten"
    walk(store, folder)
    assert reads() == []


def test_a_touched_or_replaced_file_is_read_again(folder, store, reads):
    walk(store, folder)
    reads()
    info = (folder / "a.txt").stat()
    os.utime(folder / "a.txt", ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    replacement = folder / "c.tmp"
    replacement.write_bytes((folder / "c.md").read_bytes())  # same size, same mtime
    os.utime(replacement, ns=((folder / "c.md").stat().st_atime_ns,
                              (folder / "c.md").stat().st_mtime_ns))
    os.replace(replacement, folder / "c.md")  # another inode
    walk(store, folder)
    assert reads() == ["a.txt", "c.md"]


def test_a_vanished_file_is_dropped(folder, store, reads):
    walk(store, folder)
    (folder / "a.txt").unlink()
    items, _ = walk(store, folder)
    assert "a.txt" not in {Path(i.path).name for i in items}
    assert Catalog(store).count() == 3


def test_a_walk_cut_short_keeps_what_it_read_and_drops_nothing(folder, store, reads):
    walk(store, folder)
    reads()
    (folder / "a.txt").unlink()
    (folder / "b.txt").write_text(f"Story b rewritten\n\n{TEXT}")
    loader = Loader([folder], cache=Catalog(store).session([folder]), read=COUNTING)
    for item in loader:
        if Path(item.path).name == "b.txt":
            loader.cancel()
    rows = Catalog(store).rows([folder])
    assert catalog_module.key(folder / "a.txt") in rows  # not known to be gone yet
    assert reads() == ["b.txt"]
    walk(store, folder)
    assert reads() == []  # what the walk cut short had read was kept


def test_a_reason_that_may_pass_is_not_kept(folder, store, monkeypatch):
    session = Catalog(store).session([folder])
    info = (folder / "a.txt").stat()
    session.learn(folder / "a.txt", info, Skipped(str(folder / "a.txt"),
                                                  "could not be read (OSError: EIO)"))
    session.learn(folder / "b.txt", (folder / "b.txt").stat(),
                  Skipped(str(folder / "b.txt"), "no readable text"))
    session.flush()
    rows = Catalog(store).rows([folder])
    assert set(rows) == {catalog_module.key(folder / "b.txt")}


def test_rows_of_an_older_format_are_read_again(folder, store, reads, monkeypatch):
    walk(store, folder)
    reads()
    monkeypatch.setattr(catalog_module, "FORMAT", catalog_module.FORMAT + 1)
    walk(store, folder)
    assert len(reads()) == 4


def test_a_file_named_alone_and_a_relative_path_share_the_rows(folder, store, reads,
                                                               monkeypatch):
    walk(store, folder)
    reads()
    monkeypatch.chdir(folder.parent)
    items, _ = walk(store, Path("news") / "a.txt")
    assert reads() == [] and items[0].path == str(Path("news") / "a.txt")
    items, _ = walk(store, Path("news"))
    assert reads() == [] and len(items) == 4


def test_a_sibling_folder_with_a_longer_name_is_not_under_the_first(folder, store, reads):
    sibling = folder.parent / "news2"
    sibling.mkdir()
    (sibling / "x.txt").write_text(f"Story x\n\n{TEXT}")
    walk(store, sibling)
    walk(store, folder)
    reads()
    walk(store, sibling)
    assert reads() == []


def test_clear_empties_it(folder, store, reads):
    walk(store, folder)
    assert Catalog(store).clear() == 4 and Catalog(store).count() == 0


def test_list_reads_each_file_once_across_runs(folder, reads, monkeypatch, capsys):
    from reader.cli import articles

    original = Loader.__init__
    monkeypatch.setattr(Loader, "__init__", lambda self, paths, **kw: original(
        self, paths, read=COUNTING, cache=kw.get("cache")))
    first = articles.collect([folder])
    assert len(reads()) == 4
    assert articles.collect([folder]) == first and reads() == []


def test_an_entry_is_an_articles_metadata():
    from dataclasses import fields

    from reader.library.article import Article

    shared = {f.name for f in fields(Entry)} - {"words", "plain"}
    assert shared <= {f.name for f in fields(Article)}
    article = Article(id="0123456789abcdef", text="Two words", title="T", language="en",
                      path="/news/t.txt", byline="B", notes=("n",))
    entry = article.entry(plain=True)
    assert entry.words == 2 and entry.plain and entry.notes == ("n",)
    assert all(getattr(entry, name) == getattr(article, name) for name in shared)
