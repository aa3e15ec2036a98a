"""The feed articles as the library lists them: Entries beside the files' Entries.

The app's one library shows files and feed articles in the same list with the same
rows. A kept feed article has no file, so its Entry has no path: opening it reads it
from the archive by id (`reader.library.archive.get`). `Shelf` also says which feed each
article came from, so the sources pane can filter and count by feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.library import archive
from reader.library.article import Entry
from reader.library.feeds import subscriptions
from reader.library.feeds.subscriptions import Feed
from reader.library.store import Store


@dataclass(frozen=True)
class Shelf:
    """Every subscription (with counts), and the kept articles as Entries, newest first;
    `feed_of` maps an article id to the URL of the feed it came from."""

    feeds: list[Feed] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    feed_of: dict[str, str] = field(default_factory=dict)


def entry(kept: archive.Kept, source: str | None) -> Entry:
    """A kept article as a list row; `source` names its feed."""
    return Entry(id=kept.id, title=kept.title, language=kept.language, words=kept.words,
                 path=kept.path, date=archive.day(kept.published), source=source,
                 link=kept.link)


def shelf(store: Store, feed_url: str | None = None) -> Shelf:
    """The subscriptions and the articles of one feed, or of every feed (None)."""
    feeds = subscriptions.feeds(store)
    names = {feed.url: feed.name for feed in feeds}
    kept = archive.listing(store, feed_url)
    entries = [entry(k, names.get(k.feed or "", k.feed)) for k in kept]
    return Shelf(feeds, entries, {k.id: k.feed for k in kept if k.feed})
