"""Plain-text cleanup: make scraped text safe and tidy before anything indexes it.

Every offset in the project points into the text this module produces, so it runs once,
before the article id is computed. It neutralises control characters (so escapes and
markup in an article stay literal data), normalises line endings and blank lines, and
removes the debris that copy-pasted or scraped pages carry: empty image markers, stray
table pipes, captions repeated twice, and a trailing byline/source line.
"""

from __future__ import annotations

import re

# C0/C1 controls, lone surrogates (only possible in text handed in by a caller), and the
# bidi embedding/override/isolate controls, which can reorder what a terminal shows (a
# file name spoofing its own extension, say).
_C0_OR_C1 = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_SOFT_HYPHEN = re.compile(r"\u00ad(?![ \t]*\n)")
_MANY_BLANKS = re.compile(r"\n{3,}")
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"”’»)]*\s")

# A name (one to five capitalised words) and the sources in parentheses:
# "Thuy Lam (AFP, Kyiv Independent, Reuters)".
_NAME_AND_SOURCES = re.compile(
    r"^(?:[A-Z\u00c0-\u024f\u1e00-\u1eff][\w'’.\-]*\s+){0,4}"
    r"[A-Z\u00c0-\u024f\u1e00-\u1eff][\w'’.\-]*\s*\([^()\n]{2,80}\)$"
)
_BY_LINE = re.compile(
    r"^(?:By|Von|Par|Por|Di|Door|Av|Af)\s+[A-Z\u00c0-\u024f][^\n.!?]{1,80}$"
)
_CREDIT_LINE = re.compile(
    r"^(?:Source|Sources|Quelle|Quellen|Fuente|Nguồn|"
    r"Reporting by|Writing by|Editing by|Additional reporting by)\b\s*:?\s*\S[^\n]{0,150}$"
)
_CAPTION_MIN = 25
_BYLINE_MAX = 160
_TITLE_MAX = 90


def replace_controls(text: str) -> str:
    """Each C0/C1 control except newline and tab becomes a visible stand-in.

    C0 -> U+2400 + code (ESC -> "␛"), DEL -> "␡", C1, lone surrogates and bidi
    embedding/override/isolate controls -> U+FFFD. One character for one, so offsets hold.
    """
    return _C0_OR_C1.sub(_stand_in, text)


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def prepare(text: str) -> str:
    """Newlines to "\\n", a leading byte order mark dropped, controls replaced, soft
    hyphens dropped (they only say where a word may break; one at a line end stays for
    reflow to join the word across the break)."""
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _NEWLINES.sub("\n", text)
    text = replace_controls(text.lstrip("\ufeff"))
    return _SOFT_HYPHEN.sub("", text) if "\u00ad" in text else text


def normalise(text: str) -> str:
    """`prepare`d, then lines trimmed and blank runs collapsed."""
    lines = [line.strip().replace("\u00ad", "") for line in prepare(text).split("\n")]
    text = "\n".join(lines)
    return (_MANY_BLANKS.sub("\n\n", text) if "\n\n\n" in text else text).strip("\n")


def one_line(value: str | None) -> str | None:
    """Metadata (title, author, ...) as a single clean line, or None when blank."""
    if value is None:
        return None
    value = " ".join(replace_controls(_NEWLINES.sub("\n", value)).split())
    return value or None


def remove_scraped_artifacts(text: str) -> str:
    """Drop image markers and stray pipes, and keep one copy of a doubled caption."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = _IMAGE.sub("", raw).strip()
        if line.count("|") == 1:
            if line.endswith("|"):
                line = line[:-1].rstrip()
            elif line.startswith("|"):
                line = line[1:].lstrip()
        if line in ("", "|") and raw.strip():
            continue
        if line and len(line) >= _CAPTION_MIN and _previous_text_line(out) == line:
            continue
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


def _previous_text_line(lines: list[str]) -> str | None:
    for line in reversed(lines):
        if line:
            return line
    return None


def is_byline(line: str) -> bool:
    """A short credit line: "Name (Agency, Agency)", "By Name", "Source: ...", ..."""
    line = line.strip()
    if not line or len(line) > _BYLINE_MAX:
        return False
    return any(p.match(line) for p in (_NAME_AND_SOURCES, _BY_LINE, _CREDIT_LINE))


def split_byline(text: str) -> tuple[str, str | None]:
    """(body without it, byline) when the last line is a byline/source line."""
    body, _, last = text.rpartition("\n")
    if not body.strip() or not is_byline(last):
        return text, None
    return body.rstrip("\n"), last.strip()


def guess_title(text: str) -> str:
    """A heading-like first line, else the start of the first sentence."""
    first, _, rest = text.strip("\n").partition("\n")
    first = first.strip()
    if not first:
        return ""
    if rest.strip() and _heading_like(first):
        return first
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0].strip()
    return truncate(sentence)


def _heading_like(line: str) -> bool:
    return len(line) <= 120 and len(line.split()) <= 16 and line[-1] not in ".,;:!?…"


def truncate(text: str, limit: int = _TITLE_MAX) -> str:
    """At most `limit` characters, cut at a word boundary and marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
