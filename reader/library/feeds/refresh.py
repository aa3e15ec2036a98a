"""Fetching: every subscription (or those named) in parallel, new entries kept as articles.

asyncio drives the network through the one `Client`; parsing and building articles
(`digest`) run on worker processes or a thread (`workers`) and the database is written
by one thread, so the event loop keeps every other download moving and the store sees
one writer. A feed's failure, whatever it is, becomes that feed's `FeedResult`; it
never stops the run or delays the other feeds.

`refresh` is synchronous (it runs its own event loop) so the CLI and a UI thread worker
call it alike; `progress(result, done, total)` is called as each feed finishes.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, ThreadPoolExecutor
from dataclasses import dataclass

from reader.config import Settings
from reader.errors import FetchError, NotAFeed
from reader.library import archive
from reader.library.feeds import fulltext, subscriptions, workers
from reader.library.feeds.client import Client, Limits, Response
from reader.library.feeds.digest import Digest, digest, with_page
from reader.library.feeds.parse import Entry
from reader.library.feeds.policy import NetworkPolicy
from reader.library.feeds.subscriptions import Feed
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
    if not targets:
        return []
    parsers = workers.parsers(len(targets))  # first: worker processes fork before threads
    run = _Run(store, keep_days, limits or Limits(), policy or NetworkPolicy(), progress, stop,
               parsers)
    results = asyncio.run(run.all(targets))
    archive.prune(store, keep_days)
    return results


class _Run:
    def __init__(self, store, keep_days, limits, policy, progress, stop,
                 parsers: Executor | None = None) -> None:
        self.store = store
        self.keep_days = keep_days
        self.limits = limits
        self.policy = policy
        self.progress = progress
        self.stop = stop
        self.done = 0
        self.total = 0
        self.db = ThreadPoolExecutor(1, thread_name_prefix="reader-store")
        self.cpu = parsers or ThreadPoolExecutor(1, thread_name_prefix="reader-parse")

    async def stored(self, fn, *args):
        """`fn(*args)` on the one thread that writes to the store."""
        return await asyncio.get_running_loop().run_in_executor(self.db, fn, *args)

    async def computed(self, fn, *args):
        """`fn(*args)` where parsing runs; on a thread from then on if a worker process
        died (the pool is broken then)."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.cpu, workers.call, fn, *args)
        except BrokenExecutor:
            if not isinstance(self.cpu, ThreadPoolExecutor):
                self.cpu.shutdown(wait=False, cancel_futures=True)
                self.cpu = ThreadPoolExecutor(1, thread_name_prefix="reader-parse")
            return await loop.run_in_executor(self.cpu, fn, *args)

    async def all(self, feeds: list[Feed]) -> list[FeedResult]:
        self.total = len(feeds)
        try:
            async with Client(self.limits, self.policy) as client:
                return list(await asyncio.gather(*(self.one(client, f) for f in feeds)))
        finally:
            self.cpu.shutdown(wait=True, cancel_futures=True)
            self.db.shutdown(wait=True)

    async def one(self, client: Client, feed: Feed) -> FeedResult:
        started = time.monotonic()
        try:
            status, new, error, title = await self.feed(client, feed)
        except Exception as exc:  # one feed's surprise is that feed's error, not the run's
            status, new, error, title = "error", 0, f"{type(exc).__name__}: {exc}"[:200], None
        result = FeedResult(feed.url, title or feed.title, status, new, error,
                            time.monotonic() - started)
        self.done += 1
        if self.progress is not None:
            self.progress(result, self.done, self.total)
        return result

    async def feed(self, client: Client, feed: Feed):
        """(status, new articles, error, title) for one feed."""
        now = time.time()
        if self.stop is not None and self.stop.is_set():
            return "cancelled", 0, None, None
        if feed.status == "gone":
            return "gone", 0, feed.error or "the feed was removed by its site", None
        if feed.retry_after and feed.retry_after > now:
            wait = archive.iso_time(feed.retry_after)
            return "deferred", 0, f"the site asked to wait until {wait}", None
        try:
            response = await client.get(feed.url, etag=feed.etag, modified=feed.modified)
        except FetchError as exc:
            await self.stored(self._failed, feed, exc)
            return ("gone" if exc.gone else "error"), 0, str(exc), None
        body_hash = hashlib.sha256(response.body).hexdigest()
        if response.status == 304 or body_hash == feed.body_hash:
            await self.stored(self._save, feed, response, None, [], [])
            return "not-modified", 0, None, None
        keys, links = await self.stored(self._known, feed)
        cutoff = now - self.keep_days * archive.DAY
        try:
            found = await self.computed(digest, response.body, response.url,
                                        response.content_type, keys, links, feed.full_text,
                                        cutoff)
        except NotAFeed as exc:
            await self.stored(self._failed, feed, FetchError(str(exc)))
            return "error", 0, str(exc), None
        rows = list(found.rows)
        pages = await asyncio.gather(*(self.page(client, entry, found.title,
                                                 response.origin_private)
                                       for _index, entry in found.pending))
        for (index, _entry), made in zip(found.pending, pages):
            rows[index] = made
        new = await self.stored(self._save, feed, response, found, rows, body_hash)
        return "ok", new, None, found.title

    async def page(self, client: Client, entry: Entry, source: str | None,
                   origin_private: bool):
        """The row of a teaser, made from its linked page when that can be had."""
        try:
            html = await fulltext.page_html(client, entry.link, origin_private)
        except FetchError:
            html = None
        return await self.computed(with_page, entry, source, html)

    # -- on the store's thread -------------------------------------------------------------

    def _known(self, feed: Feed) -> tuple[frozenset, frozenset]:
        """The entry keys and links this feed has listed before."""
        sql = "SELECT key, link FROM feed_entries WHERE feed = ?"
        rows = self.store.read(lambda conn: conn.execute(sql, (feed.id,)).fetchall(), [])
        return frozenset(k for k, _ in rows), frozenset(link for _, link in rows if link)

    def _failed(self, feed: Feed, error: FetchError) -> None:
        now = time.time()
        values = {"status": "gone" if error.gone else "error", "error": str(error),
                  "checked": now}
        if error.retry_after is not None:
            values["retry_after"] = now + error.retry_after
        self.store.write(lambda conn: subscriptions.update(conn, feed.id, **values))

    def _save(self, feed: Feed, response: Response, found: Digest | None, rows: list,
              body_hash: str | None = None) -> int:
        """Keep the fresh entries and what this fetch learnt, in one transaction."""
        now = time.time()
        values = {"status": "ok", "error": None, "checked": now, "fetched": now,
                  "retry_after": None, "etag": response.etag, "modified": response.modified}
        if found is not None:
            values.update(title=found.title or feed.title, site=found.site or feed.site,
                          body_hash=body_hash)
        fresh = found.fresh if found is not None else ()

        def work(conn):
            for listed, row in zip(fresh, rows):
                if row is not None:
                    archive.insert(conn, row, now=now)
                conn.execute(
                    "INSERT OR IGNORE INTO feed_entries (feed, key, link, article, seen)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (feed.id, listed.key, listed.link, row.id if row else "", now))
            if found is not None:
                conn.executemany(
                    "UPDATE feed_entries SET seen = ? WHERE feed = ? AND key = ?",
                    [(now, feed.id, key) for key in found.keys])
            subscriptions.update(conn, feed.id, **values)
            if response.moved_to:
                subscriptions.move(conn, feed.id, response.moved_to)
            return sum(row is not None for row in rows)

        return self.store.write(work, 0)
