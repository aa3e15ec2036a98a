"""A feed on the loopback test server, subscribed to and fetched into a real store, for
the UI tests of feeds in the library."""

from __future__ import annotations

from email.utils import formatdate
from pathlib import Path
import time

from reader.config import Settings
from reader.library.feeds import subscriptions
from reader.library.feeds.refresh import refresh
from reader.library.store import Store
from reader.services import Services

STORIES = {
    "Ferry timetable changes for winter": "The harbour authority announced the winter "
    "timetable. Two crossings fewer run on weekdays. The first boat leaves later on Sundays.",
    "Lighthouse keeper retires": "The keeper climbed the tower every night for forty years. "
    "The light is automatic now. The village will hold a dinner in his honour.",
    "Council agrees on the breakwater": "The council met on Tuesday about the breakwater. "
    "Dredging the channel starts in spring. The plans will be published next month.",
}
NEW_STORY = ("Storm closes the harbour", "Strong winds closed the harbour on Friday. "
             "No boat left the quay. The storm should pass by the weekend.")


def rss(stories: dict[str, str], title: str = "Harbour Gazette") -> bytes:
    """An RSS 2.0 feed of `stories` (title -> text), the first the newest, each a few
    paragraphs long so no linked page is asked for."""
    items = []
    for age, (name, text) in enumerate(stories.items()):
        body = "".join(f"<p>{text} ({n})</p>" for n in range(4))
        items.append(
            f"<item><title>{name}</title><guid isPermaLink='false'>{name}</guid>"
            f"<link>https://harbour.example/{'-'.join(name.lower().split())}</link>"
            f"<pubDate>{formatdate(time.time() - 3600 * (age + 1))}</pubDate>"
            f"<description><![CDATA[{body}]]></description></item>")
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>https://harbour.example/</link>{''.join(items)}</channel></rss>"
            ).encode()


def folder_with_one_story(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    (news / "alpha.txt").write_text(
        "Alpha story from a file\n\n" + "A sentence about the valley and its river. " * 8)
    return news


def fetched_store(tmp_path: Path, *urls: str) -> Services:
    """Services over a store in `tmp_path` subscribed to `urls`, fetched once."""
    store = Store(tmp_path / "state.sqlite3")
    for url in urls:
        subscriptions.subscribe(store, url)
    refresh(store)
    return Services(store=store, settings=Settings())
