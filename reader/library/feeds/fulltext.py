"""The full text of an entry that carries only a teaser: its linked page, extracted.

Many feeds give a sentence or two and a link. Whether to fetch the page is a per-feed
setting: always, never, or (the default) when the entry's own text is shorter than
`SHORT_TEASER_WORDS`. The page comes through the same client and network policy as the
feed (a link from a public feed cannot lead into a private network), and its main text
is extracted by trafilatura like a saved HTML file. A page that cannot be fetched or
read leaves the teaser as it was. `page` also serves pages saved to read later.
"""

from __future__ import annotations

import re

from reader.errors import FetchError
from reader.library import extract
from reader.library.feeds.client import PAGE_ACCEPT, Client
from reader.library.feeds.parse import Entry

SHORT_TEASER_WORDS = 120
_WORD = re.compile(r"\w+")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def words(text: str) -> int:
    return len(_WORD.findall(text))


def wanted(setting: bool | None, entry: Entry) -> bool:
    """Whether to fetch `entry`'s page under the feed's `full_text` setting."""
    if not entry.link or setting is False:
        return False
    return setting is True or words(entry.text) < SHORT_TEASER_WORDS


async def page(client: Client, link: str, origin_private: bool | None, offload):
    """The main text of the page at `link` (`extract.Extracted`); FetchError saying why
    there is none. `offload(fn, *args)` runs the CPU-bound extraction off the event loop."""
    response = await client.get(link, accept=PAGE_ACCEPT, origin_private=origin_private)
    kind = response.content_type.split(";")[0].strip().lower()
    if kind not in _HTML_TYPES and not extract.looks_like_html(response.body):
        raise FetchError(f"not a web page ({kind or 'no content type'})")
    try:
        found = await offload(extract.html, response.body)
    except Exception as exc:  # trafilatura/lxml on a malformed page
        raise FetchError(f"the page could not be read ({type(exc).__name__})") from None
    if found is None:
        raise FetchError("no readable text on the page")
    return found


async def page_or_none(client: Client, link: str, origin_private: bool, offload):
    """`page`, or None when it fails: a teaser is kept as it is."""
    try:
        return await page(client, link, origin_private, offload)
    except FetchError:
        return None


def better(teaser: str, found) -> bool:
    """Whether the extracted page says more than the teaser."""
    return found is not None and words(found.text) > words(teaser)
