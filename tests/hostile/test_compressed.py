"""Compressed files: expanded by reader itself, and the size limit holds for what they
expand to, never for their size on disk."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import zlib

import pytest

from reader.errors import UnreadableArticle
from reader.library import sources
from reader.library.decode import MAX_BYTES
from tests.hostile.cases import gzip_bomb
from tests.hostile.harness import bounded

PAGE = (b"<html><head><title>A page kept compressed</title></head><body><article><p>"
        + b"Compressed pages are read like any other page. " * 40
        + b"</p></article></body></html>")


def test_a_gzip_bomb_named_html_is_skipped_by_its_expanded_size(reader, tmp_path):
    (tmp_path / "t.html").write_bytes(gzip_bomb())
    outcome = bounded(reader("list", tmp_path / "t.html", "--json"))
    (entry,) = json.loads(outcome.out)
    assert entry["status"] == "skipped" and "once decompressed" in entry["reason"]


@pytest.mark.parametrize("compress", [gzip.compress, zlib.compress, bz2.compress, lzma.compress],
                         ids=["gzip", "zlib", "bzip2", "xz"])
@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_a_compressed_file_is_read_like_the_plain_one(tmp_path, compress, suffix):
    plain, packed = tmp_path / f"plain{suffix}", tmp_path / f"packed{suffix}"
    plain.write_bytes(PAGE)
    packed.write_bytes(compress(PAGE))
    assert sources.load(packed).text == sources.load(plain).text


def test_several_gzip_members_are_all_read(tmp_path):
    path = tmp_path / "two.txt"
    path.write_bytes(gzip.compress(b"First part of the text. ") + gzip.compress(b"Second part."))
    assert sources.load(path).text == "First part of the text. Second part."


@pytest.mark.parametrize("data, reason", [
    (gzip.compress(PAGE, mtime=0)[:-40], "damaged or truncated gzip file"),
    (b"\x28\xb5\x2f\xfd" + b"\x00" * 64, "compressed file (zstd): decompress it first"),
    (bz2.compress(b"x" * (MAX_BYTES + 1)), "over 8 MiB once decompressed"),
], ids=["truncated gzip", "zstd", "bzip2 over the limit"])
def test_damaged_or_unexpandable_files_are_skipped_with_the_reason(tmp_path, data, reason):
    path = tmp_path / "odd.html"
    path.write_bytes(data)
    with pytest.raises(UnreadableArticle, match=reason.replace("(", r"\(").replace(")", r"\)")):
        sources.load(path)


@pytest.mark.parametrize("start", [b"x^ marks the spot. ", b"80 people came. "])
def test_text_that_starts_like_a_zlib_stream_is_text(tmp_path, start):
    path = tmp_path / "note.txt"
    path.write_bytes(start + b"Then they went home again.")
    assert sources.load(path).text.startswith(start.decode().strip())
