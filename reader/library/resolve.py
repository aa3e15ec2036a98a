"""One article named any way a user names it: a file path, a web address, or an id.

`reader summarize|translate|entities` (and the app) accept all three through `article`:
- an http(s) address: the article kept for it, else the page fetched once, its main
  text extracted and kept in the library (read later);
- 16 hexadecimal digits that are not a file's name: an article kept in the library;
- anything else: a file, read as always.
Each failure is a ReaderError whose message can be shown as it is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from reader.errors import ReaderError
from reader.library.article import Article

ARTICLE_ID = re.compile(r"[0-9a-f]{16}")


def is_web_address(ref: str) -> bool:
    return ref.strip().lower().startswith(("http://", "https://"))


def is_article_id(ref: str) -> bool:
    return bool(ARTICLE_ID.fullmatch(ref)) and not os.path.lexists(ref)


def article(ref: str, store=None) -> Article:
    """The article `ref` names; `store` is opened (and closed) here when none is given.
    A file's language comes from the store's results cache when its text was seen before."""
    ref = str(ref)
    if not (is_web_address(ref) or is_article_id(ref)):
        return _file(ref, store)
    from reader.library.store import Store

    owned = store is None
    store = Store() if owned else store
    try:
        if is_article_id(ref):
            from reader.library import archive

            found = archive.get(store, ref)
            if found is None:
                raise ReaderError(f"no article with id {ref} in the library")
            return found
        from reader.library.feeds.pages import read_later

        return read_later(store, ref.strip())
    finally:
        if owned:
            store.close()


def _file(ref: str, store=None) -> Article:
    from reader.errors import UnreadableArticle
    from reader.library import sources
    from reader.library.cache import ResultCache

    path = Path(ref)
    if not sources.named(path):
        raise ReaderError(f"no such file or folder: {ref}")
    try:
        folder = path.is_dir()
    except OSError:
        folder = False  # sources.load says why it cannot be read
    if folder:
        raise ReaderError(f"{ref}: is a folder; name one article file")
    try:
        return sources.load(path, detect=ResultCache(store).detect_language)
    except UnreadableArticle:
        raise
    except OSError as exc:
        raise ReaderError(f"{ref}: {exc.strerror or exc}") from None
