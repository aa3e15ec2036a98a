"""discover/load/scan on ordinary and hostile files and folders."""

from __future__ import annotations

import os
import types
from pathlib import Path

import pytest

from reader.errors import UnreadableArticle
from reader.library import decode, sources
from reader.library.article import Article, Skipped

BODY = "The council met on Monday to discuss the budget. It approved the plan.\n"


def write(path: Path, text: str = BODY, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def reasons(items) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in items if isinstance(s, Skipped)}


def test_discover_walks_folders_sorted_and_filters_suffixes(tmp_path):
    write(tmp_path / "b.txt")
    write(tmp_path / "a.md")
    write(tmp_path / "sub" / "c.html", "<html><body><p>x</p></body></html>")
    write(tmp_path / "sub" / "d.HTM", "<html></html>")
    write(tmp_path / "e.markdown")
    write(tmp_path / "image.png", "png")
    write(tmp_path / ".hidden" / "f.txt")
    write(tmp_path / ".g.txt")
    found = list(sources.discover([tmp_path]))
    assert found == [
        tmp_path / "a.md",
        tmp_path / "b.txt",
        tmp_path / "e.markdown",
        tmp_path / "sub" / "c.html",
        tmp_path / "sub" / "d.HTM",
    ]


def test_discover_is_lazy(tmp_path):
    write(tmp_path / "a.txt")
    gen = sources.discover([tmp_path / "missing", tmp_path])
    assert isinstance(gen, types.GeneratorType)
    assert next(gen) == Skipped(str(tmp_path / "missing"), "no such file or directory")
    assert next(gen) == tmp_path / "a.txt"


def test_discover_takes_an_explicit_file_of_any_suffix_and_a_single_path(tmp_path):
    notes = write(tmp_path / "notes.log")
    assert list(sources.discover(notes)) == [notes]
    assert list(sources.discover(str(notes))) == [notes]


def test_discover_reports_each_file_once(tmp_path):
    a = write(tmp_path / "a.txt")
    assert list(sources.discover([a, tmp_path, a])) == [a]


def test_broken_symlink_is_skipped(tmp_path):
    (tmp_path / "dead.txt").symlink_to(tmp_path / "nowhere.txt")
    found = list(sources.discover([tmp_path, tmp_path / "dead.txt"]))
    assert found == [Skipped(str(tmp_path / "dead.txt"), "broken symbolic link")] * 2


def test_symlink_loop_to_parent_is_skipped_not_followed(tmp_path):
    write(tmp_path / "top" / "a.txt")
    (tmp_path / "top" / "loop").symlink_to(tmp_path / "top")
    found = list(sources.discover([tmp_path / "top"]))
    assert found == [
        tmp_path / "top" / "a.txt",
        Skipped(str(tmp_path / "top" / "loop"), "symbolic link loop"),
    ]


def test_self_referencing_symlink_is_skipped(tmp_path):
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    found = list(sources.discover([tmp_path]))
    assert found == [Skipped(str(tmp_path / "self.txt"), "symbolic link loop")]
    with pytest.raises(UnreadableArticle, match="symbolic link loop"):
        sources.load(tmp_path / "self.txt")


def test_symlinked_sibling_folder_is_listed_once(tmp_path):
    write(tmp_path / "real" / "a.txt")
    (tmp_path / "zlink").symlink_to(tmp_path / "real")
    assert list(sources.discover([tmp_path])) == [tmp_path / "real" / "a.txt"]


def test_unreadable_folder_is_skipped(tmp_path, monkeypatch):
    write(tmp_path / "locked" / "a.txt")
    write(tmp_path / "open.txt")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    found = list(sources.discover([tmp_path]))
    assert found == [Skipped(str(tmp_path / "locked"), "permission denied"), tmp_path / "open.txt"]


def test_unreadable_file_is_skipped_by_discover_and_load(tmp_path, monkeypatch):
    locked = write(tmp_path / "locked.txt")
    real_access = os.access
    monkeypatch.setattr(
        sources.os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode)
    )
    assert list(sources.discover([tmp_path])) == [Skipped(str(locked), "permission denied")]

    def deny(path, mode="r"):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(decode, "open", deny, raising=False)
    with pytest.raises(UnreadableArticle, match="permission denied"):
        sources.load(locked)


def test_chmod_000_for_real_when_not_root(tmp_path):
    locked = write(tmp_path / "locked.txt")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read mode-000 files (root)")
        assert list(sources.discover([tmp_path])) == [Skipped(str(locked), "permission denied")]
        with pytest.raises(UnreadableArticle, match="permission denied"):
            sources.load(locked)
    finally:
        locked.chmod(0o644)


def test_fifo_is_not_opened(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert list(sources.discover([tmp_path])) == [Skipped(str(fifo), "not a regular file")]
    with pytest.raises(UnreadableArticle, match="not a regular file"):
        sources.load(fifo)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n",
                                     "\u200b\u200b\n\u200d \u2060\u200e".encode()])
def test_empty_files_are_skipped(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableArticle) as info:
        sources.load(path)
    assert info.value.reason == "empty file"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"text then a NUL \x00 byte",
        bytes(range(1, 32)) * 40,
    ],
)
def test_binary_files_are_skipped(tmp_path, content):
    path = tmp_path / "data.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableArticle) as info:
        sources.load(path)
    assert info.value.reason == "binary file"


def test_huge_file_is_skipped_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(decode, "open", pytest.fail, raising=False)
    with pytest.raises(UnreadableArticle) as info:
        sources.load(path)
    assert info.value.reason == "file too large: 50 MiB (limit 8 MiB)"
    assert info.value.path == str(path)


def test_size_cap_is_a_module_constant(tmp_path, monkeypatch):
    path = write(tmp_path / "a.txt")
    monkeypatch.setattr(decode, "MAX_BYTES", 10)
    with pytest.raises(UnreadableArticle, match="file too large"):
        sources.load(path)


def test_scan_turns_failures_into_skipped(tmp_path):
    write(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02")
    items = list(sources.scan(tmp_path))
    assert isinstance(items[0], Article) and items[0].path == str(tmp_path / "a.txt")
    assert reasons(items) == {"b.txt": "empty file", "c.txt": "binary file"}


def test_explicit_non_article_suffix_is_read_as_text(tmp_path):
    article = sources.load(write(tmp_path / "notes.log", "Plain notes\n" + BODY))
    assert article.title == "Plain notes"
    assert "[" not in article.text


def test_explicit_html_without_suffix_is_sniffed(tmp_path):
    page = "<!DOCTYPE html><html><head><title>Sniffed page</title></head><body><article>"
    page += "<p>" + BODY * 5 + "</p></article></body></html>"
    article = sources.load(write(tmp_path / "page", page))
    assert article.title == "Sniffed page"
    assert "<p>" not in article.text


def test_load_accepts_str_and_records_the_path(tmp_path):
    path = write(tmp_path / "a.txt")
    article = sources.load(str(path))
    assert article.path == str(path)
    assert article.text == BODY.strip()


def test_very_deep_folders_do_not_hit_the_recursion_limit(tmp_path):
    folder = tmp_path
    for _ in range(60):
        folder = folder / ("d" * 40)
    folder.mkdir(parents=True)
    deepest = write(folder / "deep.txt")
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(120)
    try:
        found = list(sources.discover([tmp_path]))
    finally:
        sys.setrecursionlimit(limit)
    assert found == [deepest]


def test_path_with_nul_byte_is_skipped_not_raised(tmp_path):
    bad = str(tmp_path / "a\x00b.txt")
    [skipped] = list(sources.discover([bad]))
    assert isinstance(skipped, Skipped) and "null" in skipped.reason
    with pytest.raises(UnreadableArticle):
        sources.load(bad)


def test_loading_a_folder_says_so(tmp_path):
    with pytest.raises(UnreadableArticle) as info:
        sources.load(tmp_path)
    assert info.value.reason == "is a folder"


def test_scan_survives_an_unexpected_error(tmp_path, monkeypatch):
    write(tmp_path / "a.txt")
    write(tmp_path / "b.txt")

    def flaky(path, **options):
        if Path(path).name == "a.txt":
            raise OSError(5, "Input/output error")
        return real_load(path, **options)

    real_load = sources.load
    monkeypatch.setattr(sources, "load", flaky)
    items = list(sources.scan(tmp_path))
    assert reasons(items) == {"a.txt": "could not be read (OSError: [Errno 5] Input/output error)"}
    assert isinstance(items[1], Article)
