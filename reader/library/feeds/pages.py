"""Web pages saved to read later: fetched once, extracted, kept in the library.

A page named by its address (`reader summarize https://...`, `reader URL`) is fetched
through the same client and limits as feeds, its main text extracted like a saved HTML
file, and the Article kept in the state database with its link, so the next request for
the same address is answered offline.
"""

from __future__ import annotations

import asyncio

from reader.errors import UnreadableArticle
from reader.library import archive
from reader.library.article import Article
from reader.library.feeds import fulltext
from reader.library.feeds.client import Client, Limits
from reader.library.feeds.policy import NetworkPolicy
from reader.library.sources import article_from_text
from reader.library.store import Store


def read_later(store: Store, url: str, *, limits: Limits | None = None,
               policy: NetworkPolicy | None = None) -> Article:
    """The article at `url`: the one kept for it, else fetched now and kept."""
    kept = archive.by_link(store, url)
    if kept is not None:
        return kept

    async def fetch():
        async with Client(limits, policy) as client:
            return await fulltext.page_html(client, url, None)

    page = fulltext.main_text(asyncio.run(fetch()))
    try:
        article = article_from_text(page.text, title=page.title, author=page.author,
                                    date=page.date, source=page.source, link=url,
                                    hints=page.hints)
    except UnreadableArticle as exc:
        raise UnreadableArticle(url, exc.reason) from None
    archive.keep(store, article, archive.parse_time(page.date))
    return article
