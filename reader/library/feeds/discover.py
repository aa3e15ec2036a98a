"""Autodiscovery: the feeds a web page announces with `<link rel="alternate">`.

When `reader feeds add` is given a page instead of a feed, the page's head names its
feeds (RSS, Atom or JSON Feed), as browsers and other readers find them. Addresses are
made absolute against the page (and its `<base href>`); only http(s) ones are kept.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/feed+json",
    "application/json", "application/rdf+xml", "application/xml", "text/xml",
)


def feed_links(page: bytes, url: str) -> list[tuple[str, str | None]]:
    """(feed address, title) for each feed the page announces, best type first."""
    from lxml import etree, html

    try:
        root = html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    base = url
    for element in root.iter("base"):
        if element.get("href"):
            base = urljoin(url, element.get("href").strip())
            break
    found = []
    for element in root.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower().split(";")[0].strip()
        href = (element.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        try:
            target = urljoin(base, href)
            scheme = urlsplit(target).scheme.lower()
        except ValueError:
            continue
        if scheme in ("http", "https") and target not in (f[0] for f in found):
            found.append((target, (element.get("title") or "").strip() or None,
                          FEED_TYPES.index(kind)))
    found.sort(key=lambda f: f[2])
    return [(target, title) for target, title, _rank in found]
