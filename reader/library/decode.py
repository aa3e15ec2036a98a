"""Read a file's bytes safely and turn them into text.

Files on disk are hostile input: they may be huge, binary, empty, unreadable, FIFOs,
compressed (a page saved as gzip under a .html name) or in any legacy encoding.
Compressed files are expanded here, and the size limit holds for what they expand to. Everything here either returns usable data or raises
`UnreadableArticle` with a short reason a user can understand; nothing else escapes.
"""

from __future__ import annotations

import bz2
import codecs
import errno
import lzma
import os
import stat
import zlib
from pathlib import Path

from reader.errors import UnreadableArticle

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
# charset-normalizer guesses among single-byte Western code pages poorly on short
# samples (café in latin-1 comes back as cp1250 or EBCDIC); it is trusted only for
# encodings whose byte patterns are distinctive, and cp1252 is used otherwise.
_DISTINCTIVE = {
    "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
    "cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic", "cp866",
    "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256", "iso8859_6",
    "cp874", "tis_620", "big5", "big5hkscs", "cp950", "gb2312", "gbk", "gb18030",
    "hz", "shift_jis", "cp932", "euc_jp", "euc_jis_2004", "euc_jisx0213",
    "iso2022_jp", "euc_kr", "cp949", "johab", "iso2022_kr",
}


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
    """NUL bytes, or many control bytes, in the first few KiB (BOM-marked UTF-16/32 is text)."""
    if _bom_encoding(data) in ("utf-16", "utf-32"):
        return False
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    return controls > max(4, len(sample) // 20)


def decode(data: bytes, name: str = "") -> str:
    """Text from bytes: BOM, then strict UTF-8, then a careful charset guess."""
    encoding = _bom_encoding(data)
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
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableArticle(name, UNDECODABLE) from None


def _guess(data: bytes) -> str | None:
    """charset-normalizer's answer when its encoding is distinctive, else None."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[: 256 * 1024]).best()
    if best is None or best.encoding not in _DISTINCTIVE:
        return None
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
