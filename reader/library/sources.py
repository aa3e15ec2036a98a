"""Files and folders -> Articles: discovery, loading, cleanup, title, language, id.

`discover` walks the paths a user gave, lazily and deterministically, and reports every
problem as a `Skipped` instead of raising, so a list can fill progressively from it.
`load` turns one file into an `Article` or raises `UnreadableArticle` with the reason.
`article_from_text` is the single place where text becomes an Article, whatever its origin.

The text pipeline (cleanup, extraction, reflow, blocks, language) is imported by the
functions that read, so finding files (`discover`) costs nothing more than walking them.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reader.errors import UnreadableArticle
from reader.library.article import Article, Skipped
from reader.library.decode import (
    EMPTY, LINK_LOOP, MAX_BYTES, NOT_REGULAR, decode, os_reason, read_bytes, stat_reason,
)

__all__ = [
    "ARTICLE_SUFFIXES", "MAX_BYTES", "discover", "discover_files", "load", "article_from_text",
    "scan",
]

TEXT_SUFFIXES = frozenset({".txt"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

NO_TEXT = "no readable text"

Detector = Callable[[str], tuple[str, "str | None"]]
"""(language code, note) of a cleaned text: `language.detect`, or a cache in front of it."""


def discover(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> Iterator[Path | Skipped]:
    """Article files under `paths`, in order; folders recursively, sorted by name.

    In folders only article suffixes are taken and hidden entries (".name") are passed
    over; a file named explicitly is taken whatever its suffix. The same file or folder
    reached twice is reported once. Never raises for anything on disk.
    """
    for found in discover_files(paths):
        yield found if isinstance(found, Skipped) else found[0]


def discover_files(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
) -> Iterator[tuple[Path, os.stat_result] | Skipped]:
    """`discover`, with each file's `os.stat` (taken while walking, so free)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    seen: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        info = _stat(path)
        if isinstance(info, Skipped):
            yield info
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk(path, info, seen)
        else:
            yield from _file(path, info, seen)


def taken_from_folder(path: str | os.PathLike, folder: str | os.PathLike, *,
                      is_folder: bool = False) -> bool:
    """Whether walking `folder` takes `path`, a file under it (an article suffix, and no
    hidden entry ".name" on the way down), or walks into it (`is_folder`: no hidden entry)."""
    try:
        parts = Path(path).relative_to(folder).parts
    except ValueError:
        return False
    if any(part.startswith(".") for part in parts):
        return False
    return is_folder or (bool(parts) and Path(parts[-1]).suffix.lower() in ARTICLE_SUFFIXES)


def named(path: str | os.PathLike) -> bool:
    """Whether `path` names something: a broken link does, and so does a path in a folder
    we may not look into (reading it then says "permission denied", not "no such file")."""
    try:
        os.lstat(path)
    except OSError as exc:
        return exc.errno not in (errno.ENOENT, errno.ENOTDIR)
    except ValueError:
        return False
    return True


def _stat(path: Path) -> os.stat_result | Skipped:
    try:
        return os.stat(path)
    except (OSError, ValueError) as exc:
        return Skipped(str(path), stat_reason(path, exc))


def _file(path: Path, info: os.stat_result, seen: set) -> Iterator[tuple | Skipped]:
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return
    seen.add(key)
    if not stat.S_ISREG(info.st_mode):
        yield Skipped(str(path), NOT_REGULAR)
    elif not os.access(path, os.R_OK):
        yield Skipped(str(path), "permission denied")
    else:
        yield path, info


def _walk(root: Path, info: os.stat_result, seen: set) -> Iterator[tuple | Skipped]:
    """Depth-first, sorted by name, with an explicit stack (no recursion limit)."""
    stack: list[tuple[Iterator[os.DirEntry], tuple]] = []
    opened = _enter(root, info, seen, ())
    if isinstance(opened, Skipped):
        yield opened
    elif opened is not None:
        stack.append(opened)
    while stack:
        entries, ancestors = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir and path.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        sub = _stat(path)
        if isinstance(sub, Skipped):
            yield sub
        elif not is_dir:
            yield from _file(path, sub, seen)
        else:
            opened = _enter(path, sub, seen, ancestors)
            if isinstance(opened, Skipped):
                yield opened
            elif opened is not None:
                stack.append(opened)


def _enter(folder: Path, info: os.stat_result, seen: set, ancestors: tuple):
    """(sorted entries, ancestors) for a folder; Skipped for a loop or an error; None if seen."""
    key = (info.st_dev, info.st_ino)
    if key in ancestors:
        return Skipped(str(folder), LINK_LOOP)
    if key in seen:
        return None
    seen.add(key)
    try:
        with os.scandir(folder) as listing:
            entries = sorted(
                (e for e in listing if not e.name.startswith(".")), key=lambda e: e.name
            )
    except OSError as exc:
        return Skipped(str(folder), os_reason(exc))
    return iter(entries), (*ancestors, key)


def _visible(text: str) -> bool:
    """Whether `text` has a character that shows: not only spaces and invisible format
    characters (byte order marks, zero-width spaces and joiners, direction marks)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def load(path: str | os.PathLike, *, detect: Detector | None = None) -> Article:
    """One file as an Article; raises UnreadableArticle with the reason otherwise.
    `detect` gives the language (default: `language.detect`)."""
    from reader.library import extract
    path = Path(path)
    name = str(path)
    data = read_bytes(path)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or (
        suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES and extract.looks_like_html(data)
    ):
        try:
            page = extract.html(data)
        except Exception as exc:  # trafilatura/lxml failures on malformed pages
            reason = f"HTML could not be parsed ({type(exc).__name__})"
            raise UnreadableArticle(name, reason) from None
        if page is None:
            raise UnreadableArticle(name, NO_TEXT)
        return article_from_text(
            page.text, path=name, title=page.title, author=page.author,
            date=page.date, source=page.source, hints=page.hints, detect=detect,
        )
    text = decode(data, name)
    if not _visible(text):
        raise UnreadableArticle(name, EMPTY)
    if suffix in MARKDOWN_SUFFIXES:
        md = extract.markdown(text)
        return article_from_text(
            md.text, path=name, title=md.title, author=md.author, date=md.date,
            source=md.source, hints=md.hints, detect=detect,
        )
    return article_from_text(text, path=name, detect=detect)


def article_from_text(
    raw: str,
    *,
    path: str | None = None,
    title: str | None = None,
    language: str | None = None,
    byline: str | None = None,
    author: str | None = None,
    date: str | None = None,
    source: str | None = None,
    hints: Iterable[tuple[str, str]] | None = None,
    link: str | None = None,
    detect: Detector | None = None,
) -> Article:
    """Clean `raw`, then derive title, byline, language, blocks and id from the cleaned text.

    `hints` ((kind, line) for each line, from a reader that understood the source's
    structure) mean the lines are already what they should be; without them the text is
    plain and its hard-wrapped paragraphs are reflowed first.
    """
    from reader.library import cleanup
    from reader.library import language as languages
    from reader.library.blocks import locate
    from reader.library.reflow import reflow
    prepared = cleanup.prepare(raw)
    if hints is None:
        flowed = reflow(prepared)
        prepared, hints = flowed.text, flowed.hints
    text = cleanup.remove_scraped_artifacts(cleanup.normalise(prepared))
    body, found = cleanup.split_byline(text)
    if found is not None and byline is None:
        byline, text = found, body
    if not text.strip():
        raise UnreadableArticle(path or "<text>", NO_TEXT)
    notes: list[str] = []
    code = languages.normalise_code(language)
    if code is None:
        code, note = (detect or languages.detect)(text)
        if note:
            notes.append(note)
    title = cleanup.one_line(title)
    return Article(
        id=text_id(text),
        text=text,
        title=cleanup.truncate(title, 200) if title else cleanup.guess_title(text),
        language=code,
        path=path,
        byline=cleanup.one_line(byline),
        author=cleanup.one_line(author),
        date=cleanup.one_line(date),
        source=cleanup.one_line(source),
        notes=tuple(notes),
        blocks=locate(text, hints),
        link=link,
    )


def text_id(text: str) -> str:
    """The article id of a cleaned text: the first 16 hex digits of its sha256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read(path: str | os.PathLike) -> Article | Skipped:
    """`load`, with every way a file can fail turned into a Skipped with the reason."""
    try:
        return load(path)
    except UnreadableArticle as exc:
        return Skipped(str(path), exc.reason)
    except (OSError, ValueError, LookupError, MemoryError) as exc:
        return Skipped(str(path), f"could not be read ({type(exc).__name__}: {exc})")


_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def read_plain(path: str | os.PathLike, note: str) -> Article | Skipped:
    """The file's text without extraction (an HTML page's tags simply dropped), with
    `note` among the article's notes: for a file whose proper reading takes too long."""
    import html as entities

    from reader.library import extract

    name = str(path)
    try:
        data = read_bytes(Path(path))
        text = decode(data, name)
        if Path(path).suffix.lower() in HTML_SUFFIXES or extract.looks_like_html(data):
            text = entities.unescape(_TAG.sub(" ", _SCRIPT_OR_STYLE.sub(" ", text)))
        article = article_from_text(text, path=name)
    except UnreadableArticle as exc:
        return Skipped(name, exc.reason)
    except (OSError, ValueError, LookupError, MemoryError) as exc:
        return Skipped(name, f"could not be read ({type(exc).__name__}: {exc})")
    return dataclasses.replace(article, notes=(*article.notes, note))


def scan(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> Iterator[Article | Skipped]:
    """`discover` then `read`: Articles and Skipped entries, in discovery order, in this
    process (`reader.library.loader` reads in parallel, each file on a clock)."""
    for found in discover(paths):
        yield found if isinstance(found, Skipped) else read(found)
