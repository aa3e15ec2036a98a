"""Reading a model folder's files without trusting them.

A model folder comes from elsewhere: any JSON file in it may be huge, nested thousands
deep, hold NaN or numbers of thousands of digits, or be a FIFO or a link to a device; a
safetensors header may lie about its tensors. Everything here either returns checked
data or raises CorruptModel with one line naming the file and what is wrong with it:
never RecursionError, ValueError, TypeError or OverflowError, never a hang.
"""

from __future__ import annotations

import json
import math
import os
import stat
import struct
from contextlib import contextmanager
from pathlib import Path

from reader.errors import CorruptModel

MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_HEADER_BYTES = 100 * 1024 * 1024
# Bytes per element of each safetensors dtype; unknown (newer) dtypes are not sized.
DTYPE_BYTES = {
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "F8_E8M0": 1,
    "I16": 2, "U16": 2, "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4,
    "I64": 8, "U64": 8, "F64": 8,
}


def _label(folder: Path, file: Path) -> str:
    return f"{folder}: {file.relative_to(folder) if file.is_relative_to(folder) else file}"


@contextmanager
def _regular(file: Path, label: str):
    """The open file and its stat, once it is known to be a regular file; opened without
    blocking, so a FIFO cannot hang us, and checked after opening, so a link swapped in
    meanwhile cannot get past."""
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise CorruptModel(f"{label} cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CorruptModel(f"{label} is not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            yield handle, info
    except OSError as exc:
        raise CorruptModel(f"{label} cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_regular(file: Path, limit: int, label: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes."""
    with _regular(file, label) as (handle, info):
        if info.st_size > limit:
            raise CorruptModel(f"{label} is too large ({info.st_size} bytes)")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise CorruptModel(f"{label} is too large")
    return data


def read_head(file: Path, label: str, count: int = 8) -> bytes:
    """The first `count` bytes of a regular file."""
    with _regular(file, label) as (handle, _):
        return handle.read(count)


def _no_constants(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes, label: str):
    """Strict JSON: UTF-8, no NaN or Infinity, nesting the parser can follow."""
    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise CorruptModel(f"{label} is not UTF-8 text") from None
    except RecursionError:
        raise CorruptModel(f"{label} is nested too deeply to be read") from None
    except ValueError as exc:  # JSONDecodeError, NaN/Infinity, integers too long
        raise CorruptModel(f"{label} is not valid JSON ({str(exc)[:120]})") from None


def read_json(path: Path):
    """The JSON value in the file at `path`; CorruptModel with the reason otherwise."""
    return parse_json(read_regular(path, MAX_JSON_BYTES, str(path)), str(path))


def json_object(folder: Path, name: str) -> dict | None:
    """The JSON object in `folder/name`; None when there is no such file at all."""
    file = folder / name
    if not os.path.lexists(file):
        return None
    label = _label(folder, file)
    data = parse_json(read_regular(file, MAX_JSON_BYTES, label), label)
    if not isinstance(data, dict):
        raise CorruptModel(f"{label} is not a JSON object")
    return data


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _tensor_bytes(key: str, info, label: str) -> tuple[int, int]:
    """(begin, end) of one tensor entry, after checking it describes its own size."""
    if not isinstance(info, dict):
        raise CorruptModel(f"{label} has a malformed entry for tensor {key[:80]!r}")
    offsets, shape, dtype = info.get("data_offsets"), info.get("shape"), info.get("dtype")
    if not (isinstance(offsets, list) and len(offsets) == 2 and all(map(_whole, offsets))
            and offsets[0] <= offsets[1]):
        raise CorruptModel(f"{label}: tensor {key[:80]!r} has invalid data_offsets")
    if not (isinstance(shape, list) and all(map(_whole, shape)) and isinstance(dtype, str)):
        raise CorruptModel(f"{label}: tensor {key[:80]!r} has an invalid shape or dtype")
    size = DTYPE_BYTES.get(dtype)
    if size is not None and math.prod(shape) * size != offsets[1] - offsets[0]:
        raise CorruptModel(f"{label}: tensor {key[:80]!r} has a shape that does not match "
                           f"its {offsets[1] - offsets[0]} bytes")
    return offsets[0], offsets[1]


def safetensors_size(folder: Path, file: Path) -> int:
    """The size the file's header says it has, after checking the header is sound: every
    tensor sized by its shape, the tensors laid end to end from the start of the data."""
    label = _label(folder, file)
    head = read_head(file, label)
    if len(head) < 8:
        raise CorruptModel(f"{label} is truncated (no header)")
    (length,) = struct.unpack("<Q", head[:8])
    if length > MAX_HEADER_BYTES:
        raise CorruptModel(f"{label} is not safetensors (a header of {length} bytes)")
    raw = read_head(file, label, 8 + length)[8:]
    if len(raw) < length:
        raise CorruptModel(f"{label} is truncated or not safetensors "
                           f"(a header of {length} bytes in a {8 + len(raw)}-byte file)")
    try:
        header = parse_json(raw, "it")
    except CorruptModel as exc:
        raise CorruptModel(f"{label} has an unreadable safetensors header: {exc}") from None
    if not isinstance(header, dict):
        raise CorruptModel(f"{label} has an unreadable safetensors header")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict):
        raise CorruptModel(f"{label} has malformed __metadata__")
    spans = sorted(_tensor_bytes(key, info, label) for key, info in header.items())
    end = 0
    for begin, stop in spans:
        if begin != end:
            raise CorruptModel(f"{label}: tensor data overlaps or leaves gaps")
        end = stop
    return 8 + length + end


def check_safetensors(folder: Path, file: Path) -> None:
    """The header is sound and the file is exactly as long as it says."""
    expected = safetensors_size(folder, file)
    label = _label(folder, file)
    try:
        size = os.stat(file).st_size
    except OSError as exc:
        raise CorruptModel(f"{label} cannot be read ({exc.strerror or exc})") from None
    if size < expected:
        raise CorruptModel(f"{label} is truncated ({size} of {expected} bytes)")
    if size > expected:
        raise CorruptModel(f"{label} is {size} bytes, its header says {expected}")
