"""RSS 2.0 as most sites send it, read with lxml into the fields feedparser would give.

feedparser reads every format and every quirk through a Python call for each piece of
the document, which made it most of a first fetch's time. `read` takes a document only
when nothing in it needs feedparser's judgement, and returns None otherwise so that
feedparser reads it (`parse`):
- feedparser would decode it as UTF-8 (its rules: HTTP charset, XML declaration, byte
  order mark); it has no DOCTYPE or other declaration and is well-formed;
- `<rss version="2.x">` with one channel, whose children are its items;
- each field reader reads (an item's title, link, description, content:encoded, guid,
  pubDate, dc:date, author or dc:creator; the channel's title, link and language) comes
  at most once, as text, without attributes that change its meaning; no xml:lang or
  xml:base anywhere, and namespace prefixes bound one way;
- every other element is one feedparser has no handler for (it only keeps its text), or
  one known to leave those fields alone (category, enclosure, source, comments, image...).
Values are then made as feedparser makes them, with feedparser's own helpers: stripped,
links and permalink guids resolved against the feed's address, UTF-8 read as Latin-1
repaired, C1 controls read as cp1252, dates parsed by feedparser. The result is a plain
dict with the keys `parse` reads from feedparser's; a test holds the two paths equal.
"""

from __future__ import annotations

import re

from reader.library.feeds import feedparser_rules

_DECLARATION = re.compile(rb"<!(?!\[CDATA\[|--)")
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_ITEM_FIELDS = {"title": "title", "link": "link", "description": "summary",
                "content:encoded": "content", "guid": "id", "pubdate": "published",
                "dc:date": "updated", "author": "author", "dc:creator": "author",
                "dc:author": "author"}
_CHANNEL_FIELDS = frozenset({"title", "link", "language"})
# Elements feedparser handles without touching the fields read (no children allowed).
_ITEM_HARMLESS = frozenset({"category", "dc:subject", "enclosure", "source", "comments",
                            "media:content", "media:thumbnail"})
_CHANNEL_HARMLESS = frozenset({"description", "copyright", "managingeditor", "webmaster",
                               "pubdate", "lastbuilddate", "category", "generator", "cloud",
                               "dc:subject"})
_CHANNEL_BOXES = {"image": frozenset({"url", "title", "link", "width", "height",
                                      "description"}),
                  "textinput": frozenset({"title", "description", "name", "link"})}
# Keys of feedparser's results that an element without a handler must not be named after.
_TAKEN = frozenset({"title_detail", "links", "summary_detail", "author_detail", "authors",
                    "published_parsed", "updated_parsed", "created_parsed", "tags",
                    "guidislink", "media_content", "media_thumbnail", "content", "id"})


def read(data: bytes, url: str, content_type: str = "") -> dict | None:
    """{"version", "feed", "entries"} as feedparser would give them, or None."""
    rules = feedparser_rules.rules()
    if rules is None:
        return None
    data = feedparser_rules.utf8_body(data, content_type)
    if data is None or _DECLARATION.search(data) or \
            not feedparser_rules.plain_namespaces(data, rules.prefixes):
        return None
    from lxml import etree

    parser = etree.XMLParser(encoding="utf-8", resolve_entities=False, no_network=True,
                             remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return _Reader(rules, url).rss(root)


class _Reader:
    def __init__(self, rules: feedparser_rules.Rules, url: str) -> None:
        self.looks_like_html = rules.looks_like_html
        self.parse_date = rules.parse_date
        self.urljoin = rules.urljoin
        self.repair = rules.repair
        self.prefixes = rules.prefixes
        self.handled = rules.handled
        self.names: dict[tuple, str] = {}
        # The address links are resolved against: the feed's, as feedparser makes it
        # safe at every element.
        self.base = url
        for _ in range(3):
            if self.base:
                self.base = rules.safe_absolute(self.base, self.base) or self.base

    def name(self, element) -> str:
        """feedparser's name for an element: "prefix:local", lower-cased."""
        key = (element.tag, element.prefix)
        name = self.names.get(key)
        if name is None:
            tag = element.tag
            if tag[:1] == "{":
                uri, local = tag[1:].split("}", 1)
                lower = uri.lower()
                if "backend.userland.com/rss" in lower:
                    prefix = ""
                else:
                    prefix = self.prefixes.get(lower, element.prefix or "")
                tag = f"{prefix}:{local}" if prefix else local
            name = self.names[key] = tag.lower()
        return name

    def inert(self, element) -> bool:
        """An element (and everything in it) feedparser only keeps as text or attributes,
        under a key of its own."""
        for node in element.iter():
            name = self.name(node)
            if name.replace(":", "_", 1) in self.handled or name in _TAKEN or \
                    not _no_lang_or_base(node):
                return False
        return True

    def value(self, element) -> str:
        """Text as feedparser stores it: stripped, Latin-1 read UTF-8 repaired, cp1252."""
        return self.repair((element.text or "").strip())

    def link(self, element) -> str:
        raw = (element.text or "").strip()
        if raw and not feedparser_rules.plain_absolute(raw):
            raw = self.urljoin(self.base, raw)
        return self.repair(raw)

    def text_detail(self, element, kind: str | None = None) -> dict:
        raw = (element.text or "").strip()
        if kind is None:
            kind = "text/html" if self.looks_like_html(raw) else "text/plain"
        return {"type": kind, "language": None, "value": self.repair(raw)}

    def rss(self, root) -> dict | None:
        if self.name(root) != "rss" or len(root) != 1 or not _no_lang_or_base(root):
            return None
        versions = [v for k, v in root.attrib.items() if k.lower() == "version"]
        if len(root.attrib) != 1 or len(versions) != 1 or not versions[0].startswith("2."):
            return None
        channel = root[0]
        if self.name(channel) != "channel" or channel.attrib:
            return None
        feed: dict = {}
        entries = []
        for element in channel:
            name = self.name(element)
            if name == "item":
                entry = self.item(element)
                if entry is None:
                    return None
                entries.append(entry)
            elif name == "link" and element.attrib:
                if not self.other_link(element):
                    return None
            elif name in _CHANNEL_FIELDS:
                if name in feed or len(element) or element.attrib:
                    return None
                if name == "title":
                    feed["title_detail"] = detail = self.text_detail(element)
                    feed["title"] = detail["value"]
                elif name == "link":
                    feed["link"] = _LINK_ENTITY.sub(r"&\g<1>", self.link(element))
                else:
                    feed["language"] = self.value(element)
            elif name in _CHANNEL_BOXES:
                if not self.box(element, _CHANNEL_BOXES[name]):
                    return None
            elif name in _CHANNEL_HARMLESS:
                if len(element) or not _no_lang_or_base(element):
                    return None
            elif not self.inert(element):
                return None
        return {"version": "rss20", "feed": feed, "entries": entries}

    def box(self, element, children: frozenset) -> bool:
        """An image or text input: its own fields only, kept apart by feedparser."""
        return _no_lang_or_base(element) and all(
            self.name(child) in children and not len(child) and _no_lang_or_base(child)
            for child in element)

    def other_link(self, element) -> bool:
        """A link given by attributes (atom:link) that is not the page's own address."""
        attributes = {}
        for key, value in element.attrib.items():
            if key[:1] == "{":
                return False
            attributes[key.lower()] = value
        if len(element) or not any(k in attributes for k in ("href", "url", "uri")):
            return False
        return attributes.get("rel", "alternate").lower() != "alternate"

    def item(self, item) -> dict | None:
        if item.attrib:
            return None
        entry: dict = {}
        seen: set[str] = set()
        for element in item:
            name = self.name(element)
            field = _ITEM_FIELDS.get(name)
            if name == "link" and element.attrib:
                if not self.other_link(element):
                    return None
                continue
            if field is None:
                if name in _ITEM_HARMLESS:
                    if len(element) or not _no_lang_or_base(element):
                        return None
                elif not self.inert(element):
                    return None
                continue
            if field in seen or len(element):
                return None
            seen.add(field)
            permalink = True
            if element.attrib:
                if field != "id" or len(element.attrib) != 1:
                    return None
                key, value = next(iter(element.attrib.items()))
                if key[:1] == "{" or key.lower() != "ispermalink":
                    return None
                permalink = value == "true"
            self.field(entry, field, element, permalink)
        return entry

    def field(self, entry: dict, field: str, element, permalink: bool) -> None:
        if field == "title":
            entry["title_detail"] = detail = self.text_detail(element)
            entry["title"] = detail["value"]
        elif field == "summary":
            entry["summary_detail"] = detail = self.text_detail(element, "text/html")
            entry["summary"] = detail["value"]
        elif field == "content":
            detail = self.text_detail(element, "text/html")
            entry["content"] = [detail]
            entry.setdefault("summary", detail["value"])
        elif field == "link":
            link = self.link(element).replace("&amp;", "&")
            entry["link"] = _LINK_ENTITY.sub(r"&\g<1>", link)
        elif field == "id":
            entry["id"] = value = self.link(element) if permalink else self.value(element)
            if permalink:
                entry.setdefault("link", value)
        elif field in ("published", "updated"):
            entry[field] = value = self.value(element)
            entry[f"{field}_parsed"] = self.parse_date(value)
        else:
            entry[field] = self.value(element)


def _no_lang_or_base(element) -> bool:
    """No xml:lang or xml:base (nor an attribute feedparser would take for one)."""
    for key in element.attrib:
        local = key[key.find("}") + 1:].lower()
        if local in ("lang", "base"):
            return False
    return True
