"""OPML, the list of subscriptions that feed readers exchange: import and export.

Import reads OPML 1.0 and 2.0 as other readers write them (newsboat, Miniflux, Feedly,
Thunderbird ...): an outline with an `xmlUrl` is a feed, an outline around others is a
folder, kept as a path such as "News/Science"; a `category` attribute ("/News/Science")
names the folder of a feed that is not nested. The file is untrusted input: it is parsed
by defusedxml (no entity expansion, no external resources). Export writes OPML 2.0
with folders as nested outlines, so export and import round-trip.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import formatdate

from reader.errors import ReaderError

MAX_DEPTH = 64
_XML_CONTROLS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


@dataclass(frozen=True)
class Outline:
    """One feed of an OPML file."""

    url: str
    title: str | None = None
    site: str | None = None
    folder: str | None = None


def read(data: bytes) -> list[Outline]:
    """The feeds of an OPML document, in document order; ReaderError when unreadable."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(data, forbid_dtd=False)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise ReaderError(f"not a readable OPML file ({exc})") from None
    if _local(root.tag) != "opml":
        raise ReaderError("not an OPML file (its root element is not <opml>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    found: list[Outline] = []
    if body is None:
        return found
    stack = [(child, []) for child in reversed(list(body))]
    while stack:
        element, folders = stack.pop()
        if _local(element.tag) != "outline" or len(folders) > MAX_DEPTH:
            continue
        label = _attr(element, "title") or _attr(element, "text")
        url = _attr(element, "xmlUrl") or _attr(element, "xmlurl")
        if url:
            path = "/".join(folders) or _category(element)
            found.append(Outline(url, label, _attr(element, "htmlUrl"), path or None))
        inner = [*folders, label.replace("/", "∕")] if label and not url else folders
        stack.extend((child, inner) for child in reversed(list(element)))
    return found


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _attr(element, name: str) -> str | None:
    value = element.get(name)
    return value.strip() or None if value else None


def _category(element) -> str | None:
    """The first category path of an outline ("/News/Science,/Other" -> "News/Science")."""
    value = _attr(element, "category")
    if not value:
        return None
    first = value.split(",")[0].strip().strip("/")
    return first or None


def write(feeds, title: str = "reader subscriptions") -> str:
    """OPML 2.0 for `feeds` (objects with url, title, site, folder), folders nested."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = formatdate(time.time(), usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}
    for feed in feeds:
        path = tuple(p for p in (feed.folder or "").split("/") if p.strip())
        parent = _folder(folders, path)
        name = _clean(feed.title or feed.url)
        attributes = {"type": "rss", "text": name, "title": name, "xmlUrl": _clean(feed.url)}
        if feed.site:
            attributes["htmlUrl"] = _clean(feed.site)
        ET.SubElement(parent, "outline", attributes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _folder(folders: dict, path: tuple[str, ...]):
    if path not in folders:
        parent = _folder(folders, path[:-1])
        name = _clean(path[-1])
        folders[path] = ET.SubElement(parent, "outline", {"text": name, "title": name})
    return folders[path]


def _clean(text: str) -> str:
    """Text XML 1.0 can carry: control characters other than tab and newlines dropped."""
    return text.translate(_XML_CONTROLS)
