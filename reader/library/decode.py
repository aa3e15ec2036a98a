"""Read a file's bytes safely and turn them into text.

Files on disk are hostile input: they may be huge, binary, empty, unreadable, FIFOs,
compressed (a page saved as gzip under a .html name) or in any legacy encoding.
Compressed files are expanded here, and the size limit holds for what they expand to.
Everything here either returns usable data or raises `UnreadableArticle` with a short
reason a user can understand; nothing else escapes.
"""

from __future__ import annotations

import bz2
import codecs
import errno
import lzma
import os
import stat
import unicodedata
import zlib
from collections import Counter
from functools import cache
from pathlib import Path

from reader.errors import UnreadableArticle
from reader.library.scripts import HAN, HANGUL, KANA, odd_characters, script

MAX_BYTES = 8 * 1024 * 1024
"""Files larger than this are skipped without being read."""

SNIFF_BYTES = 8192

EMPTY = "empty file"
BINARY = "binary file"
NOT_REGULAR = "not a regular file"
FOLDER = "is a folder"
BROKEN_LINK = "broken symbolic link"
LINK_LOOP = "symbolic link loop"
UNDECODABLE = "undecodable text: no known encoding fits"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that real text files do contain; the rest count as signs of binary data.
_TEXT_CONTROLS = set(b"\t\n\r\f\v\b\x1b")
_BINARY_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS) + b"\x7f"
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Code pages that charset-normalizer confuses with one another. A guess is decoded with
# every member of its family and the one giving the fewest characters foreign to the
# text's language wins. Ties go to a distinctive guess, then to the family's order:
# Western single-byte guesses (charset-normalizer is poor at telling them apart on short
# samples, and may even say EBCDIC) and no guess at all mean the Latin family, cp1252
# first.
_FAMILY_NAMES = (
    ("cp1252", "cp1250", "iso8859_2", "cp1254", "cp1257", "latin_1", "iso8859_15",
     "iso8859_10"),
    ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic"),
    ("cp932", "shift_jis", "euc_jp", "gb18030", "gbk", "gb2312", "big5", "cp949",
     "euc_kr"),
)
# Encodings whose byte patterns are distinctive enough to trust outside any family.
_DISTINCTIVE_NAMES = (
    "utf_16 utf_16_le utf_16_be utf_32 utf_32_le utf_32_be "
    "cp1253 iso8859_7 cp1255 iso8859_8 cp1256 iso8859_6 cp874 tis_620 hz iso2022_jp "
    "iso2022_kr johab big5hkscs cp950 euc_jis_2004 euc_jisx0213".split()
)


@cache
def _families() -> tuple[tuple[str, ...], ...]:
    """The families by the codecs' own names; looked up when first needed, as each
    lookup imports a codec module (only guessing an encoding needs them)."""
    return tuple(tuple(codecs.lookup(name).name for name in family) for family in _FAMILY_NAMES)


@cache
def _distinctive() -> frozenset[str]:
    return (frozenset(codecs.lookup(name).name for name in _DISTINCTIVE_NAMES)
            | frozenset(name for family in _families()[1:] for name in family))


_EAST_ASIAN = {KANA: HAN, HANGUL: HAN}
GUESS_BYTES = 256 * 1024
GUESS_CHARS = 20_000


def size_reason(size: int) -> str:
    return f"file too large: {_mib(size)} (limit {_mib(MAX_BYTES)})"


# Formats recognised by their first bytes: (name, magic, a new decompressor).
_COMPRESSED = (
    ("gzip", b"\x1f\x8b", lambda: zlib.decompressobj(31)),
    ("bzip2", b"BZh", bz2.BZ2Decompressor),
    ("xz", b"\xfd7zXZ\x00", lzma.LZMADecompressor),
    ("zstd", b"\x28\xb5\x2f\xfd", None),
)
_MAX_MEMBERS = 1000


def _zlib_header(data: bytes) -> bool:
    """The two bytes a zlib stream starts with (text can start so too: "x^", "80")."""
    return len(data) > 2 and data[0] & 0x0F == 8 and data[0] >> 4 <= 7 and (
        (data[0] << 8 | data[1]) % 31 == 0)


def _expand(data: bytes, make) -> bytes:
    """All members of a compressed stream, at most MAX_BYTES + 1 bytes of output."""
    out = bytearray()
    for _ in range(_MAX_MEMBERS):
        dec = make()
        out += dec.decompress(data, MAX_BYTES + 1 - len(out))
        if len(out) > MAX_BYTES:
            return bytes(out)
        if not dec.eof:
            raise EOFError("truncated")
        data = dec.unused_data.lstrip(b"\0")
        if not data:
            return bytes(out)
    raise EOFError("too many parts")


def decompress(data: bytes, name: str = "") -> bytes:
    """`data` itself, or what a gzip, zlib, bzip2 or xz file holds; the size limit holds
    for the expanded bytes (never more is expanded), and a damaged file is unreadable."""
    for kind, magic, make in _COMPRESSED:
        if data.startswith(magic):
            break
    else:
        if not _zlib_header(data):
            return data
        try:
            kind, expanded = "zlib", _expand(data, zlib.decompressobj)
        except (zlib.error, EOFError):
            return data  # text that merely starts like a zlib stream
        return _checked(expanded, kind, name)
    if make is None:
        raise UnreadableArticle(name, f"compressed file ({kind}): decompress it first")
    try:
        expanded = _expand(data, make)
    except (zlib.error, OSError, lzma.LZMAError, EOFError, ValueError):
        raise UnreadableArticle(name, f"damaged or truncated {kind} file") from None
    return _checked(expanded, kind, name)


def _checked(expanded: bytes, kind: str, name: str) -> bytes:
    if len(expanded) > MAX_BYTES:
        raise UnreadableArticle(
            name, f"file too large: over {_mib(MAX_BYTES)} once decompressed ({kind})")
    return expanded


def _mib(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} MiB" if value == int(value) else f"{value:.1f} MiB"


def os_reason(exc: OSError) -> str:
    """A short reason for an OS error, without the path (the caller shows the path)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return LINK_LOOP
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower()


def stat_reason(path: Path, exc: OSError | ValueError) -> str:
    """Why `os.stat(path)` failed: a broken link is named as such (ENOENT alone hides it)."""
    if isinstance(exc, ValueError):
        return str(exc)
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return BROKEN_LINK
    return os_reason(exc)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, after checking type and size and before any decoding."""
    name = str(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        raise UnreadableArticle(name, stat_reason(path, exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableArticle(name, FOLDER)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableArticle(name, NOT_REGULAR)
    if info.st_size > MAX_BYTES:
        raise UnreadableArticle(name, size_reason(info.st_size))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UnreadableArticle(name, os_reason(exc)) from None
    if len(data) > MAX_BYTES:
        raise UnreadableArticle(name, size_reason(len(data)))
    data = decompress(data, name)
    if not data.strip():
        raise UnreadableArticle(name, EMPTY)
    if looks_binary(data):
        raise UnreadableArticle(name, BINARY)
    return data


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first few KiB, unless it is UTF-16/32."""
    if _bom_encoding(data) in ("utf-16", "utf-32"):
        return False
    return _binary_bytes(data) and utf16_without_bom(data) is None


def _binary_bytes(data: bytes) -> bool:
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    return controls > max(4, len(sample) // 20)


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text without a byte order mark, else None.

    Text mostly in Latin letters has its NUL bytes (the high bytes of newlines, spaces and
    letters) on one side of each byte pair; text in CJK scripts has many bytes above 0x7F.
    Then the first few KiB must decode to text (`looks_like_text`) in one byte order, tried
    first where the NULs say (second byte of a pair: little-endian).
    """
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    one_sided = max(even, odd) >= 2 and min(even, odd) * 10 <= max(even, odd)
    if not one_sided and len(sample.translate(None, _HIGH_BYTES)) * 5 > len(sample) * 4:
        return None  # neither Latin-like (NULs on one side) nor CJK-like (many high bytes)
    little_first = odd >= even
    for encoding in ("utf-16-le", "utf-16-be")[:: 1 if little_first else -1]:
        for end in (len(sample), len(sample) - 2):  # a surrogate pair may be cut at the end
            try:
                text = sample[:end].decode(encoding)
            except UnicodeDecodeError:
                continue
            if looks_like_text(text):
                return encoding
            break
    return None


def looks_like_text(text: str) -> bool:
    """No controls but line breaks and tabs, nothing unassigned or private, and at least
    four letters in five from one script (Han, kana and hangul counted as one)."""
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        return False
    if any(unicodedata.category(ch) in ("Cn", "Co", "Cs") for ch in text):
        return False
    letters = Counter(_EAST_ASIAN.get(script(ch), script(ch)) for ch in text if ch.isalpha())
    total = sum(letters.values())
    return total > 0 and letters.most_common(1)[0][1] * 5 >= total * 4


def decode(data: bytes, name: str = "") -> str:
    """Text from bytes: BOM, UTF-16 without one, strict UTF-8, then a checked guess."""
    encoding = _bom_encoding(data) or (utf16_without_bom(data) if _binary_bytes(data) else None)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise UnreadableArticle(name, f"undecodable text: invalid {encoding}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = _guess(data)
    if guess is not None:
        return guess
    raise UnreadableArticle(name, UNDECODABLE)


def _guess(data: bytes) -> str | None:
    """The likeliest decoding among charset-normalizer's answer and the code pages of its
    family, judged by the characters each gives for the language it seems to be in."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[:GUESS_BYTES]).best()
    named = codecs.lookup(best.encoding).name if best is not None else None
    family = _family(named)
    trusted = named in _distinctive()
    candidates = list(dict.fromkeys(
        ([named] if trusted else []) + list(family) + ([named] if named else [])
    ))
    sample = data[:GUESS_BYTES]
    judged: dict[str, str] = {}  # decoded sample -> the first encoding that gave it
    for encoding in candidates:
        text = _decode_start(sample, encoding, complete=len(data) <= GUESS_BYTES)
        if text is not None:
            judged.setdefault(text[:GUESS_CHARS], encoding)
    language = _language(list(judged)) if len(judged) > 1 else None
    ranked = sorted(judged, key=lambda text: odd_characters(text, language))
    for text in ranked:  # only the winner is decoded whole, unless it fails further on
        try:
            return data.decode(judged[text])
        except UnicodeDecodeError:
            continue
    return None


def _decode_start(sample: bytes, encoding: str, *, complete: bool) -> str | None:
    """`sample` decoded strictly; when it is the start of a longer text, a character cut
    at its end (up to three bytes) is left out."""
    for cut in (0,) if complete else (0, 1, 2, 3):
        try:
            return sample[: len(sample) - cut].decode(encoding)
        except UnicodeDecodeError:
            continue
        except LookupError:
            return None
    return None


def _family(encoding: str | None) -> tuple[str, ...]:
    """The code pages easily confused with `encoding` (Western ones when it is unknown)."""
    for family in _families():
        if encoding in family:
            return family
    return _families()[0] if encoding is None or encoding not in _distinctive() else ()


def _language(samples: list[str]) -> str | None:
    """The language most of the decodings are identified as (a wrong code page changes
    only some letters), or None when none can be identified."""
    from reader.library.language import detect

    found = [language for language, note in map(detect, samples) if note is None]
    return Counter(found).most_common(1)[0][0] if found else None
