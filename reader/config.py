"""User settings: a dataclass read from config.toml (READER_CONFIG overrides the path).

The settings file is the user's, but it can be anything a path can name: a link to
/dev/zero, a FIFO, a huge or deeply nested file. It is read only when it is a regular
file under `MAX_CONFIG_BYTES`, opened without blocking; every problem with it, or with a
value in it, becomes one line in `Settings.problems` and the default is used instead.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, fields, replace
from pathlib import Path

from reader import locations

MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    target_language: str | None = None
    summary_algorithm: str = "lexrank"
    summary_sentences: int = 3
    entity_threshold: float = 0.5
    theme: str | None = None
    keep_days: int = 90
    problems: tuple[str, ...] = ()


class _Unusable(Exception):
    """The settings file cannot be used at all; the message says why."""


def config_path() -> Path:
    return locations.config_file()


def _read_text(path: Path) -> str:
    """The file's text: a regular file under the size cap, UTF-8 with or without a BOM.

    Opened with O_NONBLOCK so a FIFO cannot hang the program; the type and size are
    checked on the open file, so a link swapped in between cannot get past them.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Unusable("not a regular file")
        if info.st_size > MAX_CONFIG_BYTES:
            raise _Unusable(f"larger than {MAX_CONFIG_BYTES // 1024} KiB")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_CONFIG_BYTES:
        raise _Unusable(f"larger than {MAX_CONFIG_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Unusable("not UTF-8 text") from None


def _parse(path: Path) -> dict:
    """The TOML table in `path`; _Unusable with the reason for anything else."""
    try:
        text = _read_text(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _Unusable(exc.strerror or str(exc)) from None
    import tomllib  # only when there is a settings file

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _Unusable(f"not valid TOML: {exc}") from None
    except (RecursionError, MemoryError, ValueError):
        raise _Unusable("not valid TOML: nested too deeply") from None


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing file gives defaults, a broken one defaults plus a problem."""
    path = path or config_path()
    try:
        raw = _parse(path)
    except FileNotFoundError:
        return Settings()
    except _Unusable as why:
        return Settings(problems=(f"{path}: ignored ({why})",))
    known = {f.name for f in fields(Settings) if f.name != "problems"}
    values, problems = {}, []
    for key, value in raw.items():
        if key not in known:
            problems.append(f"{path}: unknown setting {key!r}")
            continue
        value, expected = _check(key, value)
        if expected:
            problems.append(f"{path}: {key} = {_shown(raw[key])} ignored: {expected}")
            continue
        values[key] = value
    return Settings(**values, problems=tuple(problems))


def _shown(value) -> str:
    """A value as the user wrote it, cut short so one line stays one line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _check(key: str, value) -> tuple[object, str | None]:
    """(the value to use, None) if `value` suits setting `key`, else (None, what it expects)."""
    if key in ("target_language", "summary_algorithm", "theme"):
        if not (isinstance(value, str) and value.strip()):
            return None, "expected a non-empty string"
        if key == "summary_algorithm":  # the names are checked by `checked_algorithm`
            return value.strip().lower(), None
        return value, None
    if key in ("summary_sentences", "keep_days"):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        return (value, None) if ok else (None, "expected a whole number of at least 1")
    if key == "entity_threshold":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
        return (value, None) if ok else (None, "expected a number from 0 to 1")
    return value, None


def checked_algorithm(settings: Settings, algorithms: tuple[str, ...]) -> Settings:
    """`settings`, with an algorithm that is not among `algorithms` reported and replaced
    by the first of them (the settings file is read before the summaries are known)."""
    if settings.summary_algorithm in algorithms or not algorithms:
        return settings
    problem = (f"{config_path()}: summary_algorithm = {_shown(settings.summary_algorithm)} "
               f"ignored: expected one of {', '.join(algorithms)}")
    return replace(settings, summary_algorithm=algorithms[0],
                   problems=(*settings.problems, problem))


def default_target_language(settings: Settings) -> str:
    """Target language: config, else $LANG (e.g. de_DE.UTF-8 -> de), else English."""
    from reader.library.language import base_code

    if settings.target_language:
        return base_code(settings.target_language)
    lang = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    code = base_code(lang.split(".")[0])
    if code and code not in ("c", "posix") and code.isalpha() and len(code) in (2, 3):
        return code
    return "en"
