"""The full text of an entry that carries only a teaser: its linked page, extracted.

Many feeds give a sentence or two and a link. Whether to fetch the page is a per-feed
setting: always, never, or (the default) when the entry is a teaser: a summary without a
content element, shorter than `SHORT_TEASER_WORDS`. The page comes through the same client and network policy as the
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
    return setting is True or (entry.teaser and words(entry.text) < SHORT_TEASER_WORDS)


async def page_html(client: Client, link: str, origin_private: bool | None) -> bytes:
    """The HTML of the page at `link`; FetchError when it cannot be had or is no page."""
    response = await client.get(link, accept=PAGE_ACCEPT, origin_private=origin_private)
    kind = response.content_type.split(";")[0].strip().lower()
    if kind not in _HTML_TYPES and not extract.looks_like_html(response.body):
        raise FetchError(f"not a web page ({kind or 'no content type'})")
    return response.body


def main_text(html: bytes):
    """The main text of a page (`extract.Extracted`); FetchError saying why there is none."""
    try:
        found = extract.html(html)
    except Exception as exc:  # trafilatura/lxml on a malformed page
        raise FetchError(f"the page could not be read ({type(exc).__name__})") from None
    if found is None:
        raise FetchError("no readable text on the page")
    return found


def better(teaser: str, found) -> bool:
    """Whether the extracted page says more than the teaser."""
    return found is not None and words(found.text) > words(teaser)
