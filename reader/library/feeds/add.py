"""Subscribing: check that an address is a feed (or a page that names one), then keep it.

A feed address is fetched once and parsed, so a typo or a dead site is reported now
rather than at the next fetch. A web page is searched for the feeds it announces
(`discover`), and the first that parses is subscribed. Its entries are left for
`reader fetch`, which keeps them; nothing is stored for an address that fails.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from reader.errors import FetchError, NotAFeed
from reader.library.feeds import discover, subscriptions
from reader.library.feeds.client import Client, Limits
from reader.library.feeds.parse import parse
from reader.library.feeds.policy import NetworkPolicy, check_scheme
from reader.library.store import Store

MAX_CANDIDATES = 3


@dataclass(frozen=True)
class Added:
    """The outcome for one address given: added, exists or error."""

    url: str
    title: str | None
    status: str
    error: str | None = None

    def as_json(self) -> dict:
        data = {"url": self.url, "title": self.title, "status": self.status}
        if self.error:
            data["error"] = self.error
        return data


def add(store: Store, urls: list[str], *, full_text: bool | None = None,
        folder: str | None = None, limits: Limits | None = None,
        policy: NetworkPolicy | None = None) -> list[Added]:
    """Subscribe to each address (checked in parallel); one `Added` per address, in order."""

    urls = [u.strip() for u in urls]
    known = {u for u in urls if subscriptions.get(store, u) is not None}
    checked = [u for u in dict.fromkeys(urls) if u not in known]

    async def run():
        async with Client(limits, policy) as client:
            return await asyncio.gather(*(_one(client, u) for u in checked))

    found = dict(zip(checked, asyncio.run(run()) if checked else []))
    outcomes = []
    for url in urls:
        result = found.get(url, (url, None, None))
        if isinstance(result, Added):
            outcomes.append(result)
            continue
        url, title, site = result
        feed, created = subscriptions.subscribe(store, url, title=title, site=site,
                                                folder=folder, full_text=full_text)
        outcomes.append(Added(feed.url, feed.title, "added" if created else "exists"))
    return outcomes


async def _one(client: Client, url: str):
    """(feed url, title, site) of the feed at or named by `url`, or an error `Added`."""
    try:
        check_scheme(url)
        response = await client.get(url)
        try:
            return await _parsed(response.moved_to or url, response)
        except NotAFeed as not_a_feed:
            candidates = discover.feed_links(response.body, response.url)
            if not candidates:
                raise FetchError(f"{not_a_feed}; the page names no feed") from None
        problems = []
        for candidate, _title in candidates[:MAX_CANDIDATES]:
            try:
                found = await client.get(candidate)
                return await _parsed(found.moved_to or candidate, found)
            except (FetchError, NotAFeed) as exc:
                problems.append(f"{candidate}: {exc}")
        raise FetchError("the feeds the page names could not be read: " + "; ".join(problems))
    except (FetchError, NotAFeed) as exc:
        return Added(url, None, "error", str(exc))


async def _parsed(url: str, response) -> tuple[str, str | None, str | None]:
    from reader.library.cleanup import one_line

    feed = await asyncio.to_thread(parse, response.body, response.url, response.content_type)
    return url, one_line(feed.title), feed.site
