"""What feedparser decides, for the fast path to decide the same way.

`fastpath` reads RSS 2.0 without feedparser but must give the same fields: the same
encoding, element names, links, repaired text and dates. Where feedparser has a helper
for a rule (dates, URL joining, the HTML guess, cp1252) it is used as it is (`Rules`,
None when this feedparser lacks one: then feedparser reads every document); the rest is
written out here: which encoding feedparser reads a document in, which namespace
bindings it would read differently, which links joining would leave unchanged.
"""

from __future__ import annotations

import codecs
import importlib
import re
import threading

_NAMESPACE = re.compile(rb"""xmlns(?::([^\s=/>]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_XML_ENCODING = re.compile(rb"""^<\?.*encoding=['"](.*?)['"].*\?>""")
_C1 = re.compile("[\x80-\x9f]")
_XML_TYPES = ("application/xml", "application/xml-dtd",
              "application/xml-external-parsed-entity")
_TEXT_XML_TYPES = ("text/xml", "text/xml-external-parsed-entity")
_GB = {"gb2312": "gb18030"}
_RSS10 = ("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")
_rules = None
_lock = threading.Lock()


class Rules:
    """feedparser's own helpers and tables."""

    def __init__(self) -> None:
        # The package first, as `parse` imports it: one lock order for parsing threads.
        importlib.import_module("feedparser")
        from feedparser.datetimes import _parse_date
        from feedparser.html import _cp1252
        from feedparser.mixin import _FeedParserMixin
        from feedparser.urls import _urljoin, make_safe_absolute_uri

        self.looks_like_html = _FeedParserMixin.looks_like_html
        self.parse_date = _parse_date
        self.urljoin = _urljoin
        self.safe_absolute = make_safe_absolute_uri
        self.cp1252 = _cp1252
        # namespace (lower-cased) -> the prefix feedparser names its elements with ("" for
        # those it reads as RSS itself), and the names it has a handler for
        self.prefixes = {uri.lower(): p for uri, p in _FeedParserMixin.namespaces.items()}
        self.handled = frozenset(name.split("_", 2)[2] for name in dir(_FeedParserMixin)
                                 if name.startswith(("_start_", "_end_")))

    def repair(self, text: str) -> str:
        """Text as feedparser stores it: UTF-8 read as Latin-1 repaired, C1 controls
        read as cp1252."""
        if not text.isascii():
            try:
                text = text.encode("iso-8859-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
            if _C1.search(text):
                text = text.translate(self.cp1252)
        return text


def rules() -> Rules | None:
    """feedparser's rules, or None when this feedparser lacks a helper."""
    global _rules
    if _rules is None:
        with _lock:
            if _rules is None:
                try:
                    _rules = Rules()
                except (ImportError, AttributeError):
                    _rules = False
    return _rules or None


def utf8_body(data: bytes, content_type: str) -> bytes | None:
    """`data` without its byte order mark when feedparser would read it as UTF-8 (or
    ASCII, the same bytes), else None."""
    bom = ""
    if data.startswith(b"\xef\xbb\xbf"):
        bom, data = "utf-8", data[3:]
    elif data[:1] in (b"\x00", b"\xfe", b"\xff") or data[:2] == b"<\x00" or \
            data[:4] == b"\x4c\x6f\xa7\x94":
        return None
    found = _XML_ENCODING.match(data)
    try:
        declared = found.group(1).decode("utf-8").lower() if found else ""
    except UnicodeDecodeError:
        return None
    chunks = content_type.split(";")
    kind, charset = chunks[0].strip(), ""
    for chunk in chunks[1:]:
        key, _, value = chunk.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    if kind in _XML_TYPES or (kind.startswith("application/") and kind.endswith("+xml")):
        chosen = charset or declared or "utf-8"
    elif kind in _TEXT_XML_TYPES or kind.startswith("text/"):
        chosen = charset or "us-ascii"
    else:
        chosen = declared or "utf-8"
    chosen, declared = (_GB.get(e.lower(), e) for e in (chosen, declared))
    for encoding in dict.fromkeys(e for e in (chosen, declared, bom) if e):
        try:
            data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return data if codecs.lookup(encoding).name == "utf-8" or data.isascii() else None
    return None


def plain_namespaces(data: bytes, known: dict[str, str]) -> bool:
    """Whether every prefix is bound to one namespace, every unknown namespace to one
    prefix, and no known namespace to another's usual prefix (feedparser would rename
    elements then); and no RSS 1.0 or 0.90 namespace (feedparser would call it that)."""
    prefixes: dict[str | None, str] = {}
    unknown: dict[str, str | None] = {}
    usual = set(known.values())
    for found in _NAMESPACE.finditer(data):
        prefix = found.group(1).decode("utf-8", "replace") if found.group(1) else None
        uri = (found.group(2) if found.group(2) is not None else found.group(3)).decode(
            "utf-8", "replace")
        lower = uri.lower()
        if not uri:
            continue
        if lower in _RSS10 or prefixes.setdefault(prefix, uri) != uri:
            return False
        usual_prefix = known.get(lower)
        if usual_prefix is None:
            if unknown.setdefault(uri, prefix) != prefix:
                return False
        elif prefix is not None and prefix != usual_prefix and prefix in usual:
            return False
    return True


def plain_absolute(link: str) -> bool:
    """An http(s) address that joining to any base gives back unchanged (printable ASCII,
    a host, no empty query or fragment, no parameters or brackets), so it is not joined."""
    if not (link.isascii() and link.isprintable()):
        return False
    rest = link[7:] if link.startswith("http://") else \
        link[8:] if link.startswith("https://") else ""
    return rest[:1] not in ("", "/", "?", "#") and not link.endswith(("?", "#")) and \
        "?#" not in link and not any(c in link for c in "[];")
