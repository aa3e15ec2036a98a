"""Fetching: every subscription (or those named) in parallel, new entries kept as articles.

asyncio drives the network through the one `Client`; parsing, text extraction and the
database writes run one at a time on a worker thread, so the event loop keeps every
other download moving and the store sees one writer. A feed's failure, whatever it is,
becomes that feed's `FeedResult`; it never stops the run or delays the other feeds.

`refresh` is synchronous (it runs its own event loop) so the CLI and a UI thread worker
call it alike; `progress(result, done, total)` is called as each feed finishes.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from reader.config import Settings
from reader.errors import FetchError, NotAFeed, UnreadableArticle
from reader.library import archive
from reader.library.cleanup import one_line
from reader.library.feeds import fulltext, subscriptions
from reader.library.feeds.client import Client, Limits, Response
from reader.library.feeds.parse import Entry, ParsedFeed, parse
from reader.library.feeds.policy import NetworkPolicy
from reader.library.feeds.subscriptions import Feed
from reader.library.sources import article_from_text
from reader.library.store import Store

DEFAULT_KEEP_DAYS = Settings.keep_days


@dataclass(frozen=True)
class FeedResult:
    """How one feed's fetch ended: ok, not-modified, error, gone, deferred or cancelled."""

    url: str
    title: str | None
    status: str
    new: int = 0
    error: str | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.status in ("error", "gone")

    def as_json(self) -> dict:
        data = {"url": self.url, "title": self.title, "new": self.new, "status": self.status,
                "seconds": round(self.seconds, 3)}
        if self.error:
            data["error"] = self.error
        return data


Progress = Callable[[FeedResult, int, int], None]


def refresh(store: Store, urls: list[str] | None = None, *, keep_days: float = DEFAULT_KEEP_DAYS,
            limits: Limits | None = None, policy: NetworkPolicy | None = None,
            progress: Progress | None = None,
            stop: threading.Event | None = None) -> list[FeedResult]:
    """Fetch the subscriptions (all, or those in `urls`), keep new entries, prune old ones.

    Results come in subscription order. Setting `stop` lets running fetches end and
    reports the feeds not started as cancelled.
    """
    targets = subscriptions.feeds(store, urls)
    run = _Run(store, keep_days, limits or Limits(), policy or NetworkPolicy(), progress, stop)
    results = asyncio.run(run.all(targets)) if targets else []
    archive.prune(store, keep_days)
    return results


class _Run:
    def __init__(self, store, keep_days, limits, policy, progress, stop) -> None:
        self.store = store
        self.keep_days = keep_days
        self.limits = limits
        self.policy = policy
        self.progress = progress
        self.stop = stop
        self.done = 0
        self.total = 0
        self.cpu = ThreadPoolExecutor(1, thread_name_prefix="reader-feeds")

    async def offload(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self.cpu, fn, *args)

    async def all(self, feeds: list[Feed]) -> list[FeedResult]:
        self.total = len(feeds)
        try:
            async with Client(self.limits, self.policy) as client:
                return list(await asyncio.gather(*(self.one(client, f) for f in feeds)))
        finally:
            self.cpu.shutdown(wait=True)

    async def one(self, client: Client, feed: Feed) -> FeedResult:
        started = time.monotonic()
        try:
            status, new, error = await self.feed(client, feed)
        except Exception as exc:  # one feed's surprise is that feed's error, not the run's
            status, new, error = "error", 0, f"{type(exc).__name__}: {exc}"[:200]
        current = subscriptions.get(self.store, feed.url) if status == "ok" else None
        result = FeedResult(feed.url, (current or feed).title, status, new, error,
                            time.monotonic() - started)
        self.done += 1
        if self.progress is not None:
            self.progress(result, self.done, self.total)
        return result

    async def feed(self, client: Client, feed: Feed) -> tuple[str, int, str | None]:
        """(status, new articles, error) for one feed."""
        now = time.time()
        if self.stop is not None and self.stop.is_set():
            return "cancelled", 0, None
        if feed.status == "gone":
            return "gone", 0, feed.error or "the feed was removed by its site"
        if feed.retry_after and feed.retry_after > now:
            wait = archive.iso_time(feed.retry_after)
            return "deferred", 0, f"the site asked to wait until {wait}"
        try:
            response = await client.get(feed.url, etag=feed.etag, modified=feed.modified)
        except FetchError as exc:
            await self.offload(self._failed, feed, exc)
            return ("gone" if exc.gone else "error"), 0, str(exc)
        digest = hashlib.sha256(response.body).hexdigest()
        if response.status == 304 or digest == feed.body_hash:
            await self.offload(self._save, feed, response, None, [], {})
            return "not-modified", 0, None
        try:
            parsed = await self.offload(parse, response.body, response.url,
                                        response.content_type)
        except NotAFeed as exc:
            await self.offload(self._failed, feed, FetchError(str(exc)))
            return "error", 0, str(exc)
        fresh = await self.offload(self._fresh, feed, parsed)
        cutoff = now - self.keep_days * archive.DAY
        wanted = [e for e in fresh if fulltext.wanted(feed.full_text, e) and _recent(e, cutoff)]
        found = await asyncio.gather(*(
            fulltext.page_or_none(client, e.link, response.origin_private, self.offload) for e in wanted))
        pages = {e.key: page for e, page in zip(wanted, found) if page is not None}
        new = await self.offload(self._save, feed, response, parsed, fresh, pages, digest)
        return "ok", new, None

    # -- on the worker thread ----------------------------------------------------------------

    def _fresh(self, feed: Feed, parsed: ParsedFeed) -> list[Entry]:
        """Entries not seen before in this feed: new entry id, and new link."""
        sql = "SELECT key, link FROM feed_entries WHERE feed = ?"
        known = self.store.read(lambda conn: conn.execute(sql, (feed.id,)).fetchall(), [])
        keys = {key for key, _link in known}
        links = {link for _key, link in known if link}
        fresh = []
        for entry in parsed.entries:
            if entry.key in keys or (entry.link and entry.link in links):
                continue
            keys.add(entry.key)
            if entry.link:
                links.add(entry.link)
            fresh.append(entry)
        return fresh

    def _failed(self, feed: Feed, error: FetchError) -> None:
        now = time.time()
        values = {"status": "gone" if error.gone else "error", "error": str(error),
                  "checked": now}
        if error.retry_after is not None:
            values["retry_after"] = now + error.retry_after
        self.store.write(lambda conn: subscriptions.update(conn, feed.id, **values))

    def _save(self, feed: Feed, response: Response, parsed: ParsedFeed | None,
              fresh: list[Entry], pages: dict, digest: str | None = None) -> int:
        """Keep the fresh entries and what this fetch learnt, in one transaction."""
        now = time.time()
        cutoff = now - self.keep_days * archive.DAY
        source = (parsed.title if parsed else None) or feed.title
        made = [(e, _article(e, source, pages.get(e.key)) if _recent(e, cutoff) else None)
                for e in fresh]
        values = {"status": "ok", "error": None, "checked": now, "fetched": now,
                  "retry_after": None, "etag": response.etag, "modified": response.modified}
        if parsed is not None:
            values.update(title=one_line(parsed.title) or feed.title,
                          site=parsed.site or feed.site, body_hash=digest)

        def work(conn):
            for entry, article in made:
                if article is not None:
                    archive.insert(conn, article, entry.published, now)
                conn.execute(
                    "INSERT OR IGNORE INTO feed_entries (feed, key, link, article, seen)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (feed.id, entry.key, entry.link, article.id if article else "", now))
            if parsed is not None:
                conn.executemany(
                    "UPDATE feed_entries SET seen = ? WHERE feed = ? AND key = ?",
                    [(now, feed.id, e.key) for e in parsed.entries])
            subscriptions.update(conn, feed.id, **values)
            if response.moved_to:
                subscriptions.move(conn, feed.id, response.moved_to)
            return sum(article is not None for _entry, article in made)

        return self.store.write(work, 0)


def _recent(entry: Entry, cutoff: float) -> bool:
    return entry.published is None or entry.published >= cutoff


def _article(entry: Entry, source: str | None, page):
    """The entry as an Article: the page's text when it says more than the teaser, else
    the entry's own text, else its title; None when there is nothing to read."""
    text, author = entry.text, entry.author
    if fulltext.better(text, page):
        text, author = page.text, author or page.author
    if not text.strip():
        text = entry.title or ""
    try:
        return article_from_text(
            text, title=entry.title, language=entry.language, author=author,
            date=archive.iso_time(entry.published), source=source, link=entry.link)
    except UnreadableArticle:
        return None
