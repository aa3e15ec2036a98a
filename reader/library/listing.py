"""The app's listing of the folders it opens: what was known first, then what changed.

A folder opened before is listed from the metadata cache at once (unless `known_first`
is off: the folder watch wants only what is on disk now), before anything on
disk is looked at: every row it kept, as its files were when last read. Then the loader
walks the folder as always, reading only the files the cache does not know in their
current state; the listing passes on only what differs from what it gave first: an
entry for a new or changed file (which replaces the row of the same path), a Skipped,
and at the end a `Gone` for each file listed first that the walk no longer found.

`reader list` does not use this: it prints once, so it waits for the walk
(`Loader(paths, cache=...)`), whose answer is exact.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reader.library.article import Entry, Skipped
from reader.library.catalog import Catalog
from reader.library.loader import Loader


@dataclass(frozen=True)
class Gone:
    """A file listed before that is no longer there (removed, renamed, moved away)."""

    path: str


Change = Entry | Skipped | Gone


class Listing:
    """Entries, Skipped and Gone for every file under `paths` (see the module docstring);
    `done`/`total` count the files the walk has been through / found, `cancel()` stops."""

    def __init__(self, paths: Iterable[str | os.PathLike], store, *, known_first: bool = True,
                 **loader_options) -> None:
        paths = list(paths)
        self.known_first = known_first
        self.session = Catalog(store).session(paths)
        self.loader = Loader(paths, cache=self.session, **loader_options)

    @property
    def done(self) -> int:
        return self.loader.done

    @property
    def total(self) -> int:
        return self.loader.total

    def warm(self) -> None:
        self.loader.warm()

    def cancel(self) -> None:
        self.loader.cancel()

    def __iter__(self) -> Iterator[Change]:
        first = {}
        for item in self.session.listing() if self.known_first else ():
            first[item.path] = item
            yield item
        for item in self.loader:
            if first.get(item.path) is not item:
                yield item
        for path in self.session.vanished:  # only a walk that went to the end knows
            yield Gone(path)
