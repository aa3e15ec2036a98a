"""One article from a path, an id or a web address."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError, UnreadableArticle
from reader.library import archive
from reader.library.resolve import article
from reader.library.sources import article_from_text
from reader.library.store import Store
from tests.unit.library.feeds.conftest import fixture_bytes



def test_a_path_an_id_and_a_url(tmp_path, seed_path, web):
    from_file = article(str(seed_path))
    assert from_file.path == str(seed_path)
    kept = article_from_text("Kept text in the library.", language="en")
    with Store() as store:
        archive.keep(store, kept)
    assert article(kept.id).text == "Kept text in the library."
    url = web.set("/story", body=fixture_bytes("article.html"), content_type="text/html")
    page = article(url)
    assert page.link == url and "one hundred and twelve steps" in page.text
    web.close()
    assert article(url) == page  # read later: offline from now on


def test_a_file_named_like_an_id_is_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "0123456789abcdef").write_text("A file whose name looks like an id.")
    assert article("0123456789abcdef").path == "0123456789abcdef"


@pytest.mark.parametrize("ref, error, message", [
    ("0123456789abcdef", ReaderError, "no article with id"),
    ("missing.txt", ReaderError, "no such file or folder"),
    (".", ReaderError, "is a folder"),
])
def test_what_cannot_be_found(ref, error, message):
    with pytest.raises(error, match=message):
        article(ref)


def test_a_url_that_is_not_a_page(web):
    url = web.set("/data.bin", body=b"\x00\x01", content_type="application/octet-stream")
    with pytest.raises(ReaderError, match="not a web page"):
        article(url)
    empty = web.set("/empty", body=b"<!DOCTYPE html><html><body></body></html>",
                    content_type="text/html")
    with pytest.raises((ReaderError, UnreadableArticle), match="no readable text"):
        article(empty)
