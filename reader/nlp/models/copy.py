"""Copying a model folder into the models folder: regular files only, nothing from outside.

A folder copied from another machine may hold links (`extra.bin -> /dev/zero` would fill
the disk, `notes.txt -> /etc/shadow` would install a copy of a secret) and special files.
A link is followed only when it resolves inside the folder being added (a Hugging Face
snapshot's links into its repository's blobs count as inside); anything else, and any
FIFO, device or socket, refuses the whole copy with the name of the entry at fault.
Each file is copied to exactly the size it had when it was checked, so a file that grows
meanwhile cannot fill the disk either.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

from reader.errors import ReaderError
from reader.nlp.models.files import check_safetensors

CHUNK = 1024 * 1024


def copy_model(src: Path, dest: Path, *, skip: tuple[str, ...] = (),
               within: Path | None = None) -> None:
    """Copy the folder `src` to `dest` (which must not exist yet).

    Entries whose name matches a `skip` pattern are left out. Links must resolve inside
    `within` (default: `src`). Raises ReaderError naming the first entry refused.
    """
    src = src.resolve()
    root = (within or src).resolve()
    os.mkdir(dest)
    stack = [(src, dest, Path(), frozenset({_key(os.stat(src))}))]
    while stack:
        here, there, prefix, ancestors = stack.pop()
        with os.scandir(here) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if any(fnmatch.fnmatch(entry.name, pattern) for pattern in skip):
                continue
            label = prefix / entry.name
            real, info = _resolved(Path(entry.path), root, label)
            target = there / entry.name
            if stat.S_ISDIR(info.st_mode):
                if _key(info) in ancestors:
                    raise ReaderError(f"{label} in {src} links back to a folder above it; "
                                      "not copying it")
                os.mkdir(target)
                stack.append((real, target, label, ancestors | {_key(info)}))
            elif stat.S_ISREG(info.st_mode):
                if entry.name.endswith(".safetensors"):
                    check_safetensors(real.parent, real)  # sizes as its header says
                _copy_file(real, target, info.st_size, label)
            else:
                raise ReaderError(f"{label} in {src} is not a regular file (a device, FIFO "
                                  "or socket); not copying it")


def regular_file(path: Path, within: Path) -> Path:
    """The real path of the regular file `path`, a link followed only when it resolves
    inside `within`: what reading a file of a folder being added must go through."""
    label = Path(path.name)
    real, info = _resolved(path, within.resolve(), label)
    if not stat.S_ISREG(info.st_mode):
        raise ReaderError(f"{label} in {path.parent} is not a regular file; not reading it")
    return real


def _key(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _resolved(path: Path, root: Path, label: Path) -> tuple[Path, os.stat_result]:
    """The real path of an entry and its stat; a link must stay inside `root`."""
    info = os.lstat(path)
    if not stat.S_ISLNK(info.st_mode):
        return path, info
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(root):
        raise ReaderError(f"{label} is a link to {real}, outside the model folder; "
                          "not copying it")
    try:
        return real, os.lstat(real)
    except OSError:
        raise ReaderError(f"{label} is a broken link; not copying it") from None


def _copy_file(source: Path, target: Path, size: int, label: Path) -> None:
    """Exactly `size` bytes of a regular file; refused if it is no longer what was seen."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(source, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            raise ReaderError(f"{label} changed while it was being copied; try again")
        with os.fdopen(os.dup(fd), "rb") as reader, open(target, "xb") as writer:
            left = size
            while left:
                chunk = reader.read(min(CHUNK, left))
                if not chunk:
                    raise ReaderError(f"{label} shrank while it was being copied; try again")
                writer.write(chunk)
                left -= len(chunk)
    finally:
        os.close(fd)
