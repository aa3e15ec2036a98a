"""User settings: a dataclass read from config.toml (READER_CONFIG overrides the path)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from reader import locations


@dataclass(frozen=True)
class Settings:
    target_language: str | None = None
    summary_algorithm: str = "lexrank"
    summary_sentences: int = 3
    entity_threshold: float = 0.5
    theme: str | None = None
    problems: tuple[str, ...] = ()


def config_path() -> Path:
    override = os.environ.get("READER_CONFIG")
    return Path(override).expanduser() if override else locations.config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing file gives defaults, a broken one defaults plus a problem."""
    path = path or config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(problems=(f"{path}: ignored ({exc})",))
    known = {f.name for f in fields(Settings) if f.name != "problems"}
    values, problems = {}, []
    for key, value in raw.items():
        if key not in known:
            problems.append(f"{path}: unknown setting {key!r}")
            continue
        expected = _check(key, value)
        if expected:
            problems.append(f"{path}: {key} = {value!r} ignored: {expected}")
            continue
        values[key] = value
    return Settings(**values, problems=tuple(problems))


def _check(key: str, value) -> str | None:
    """None if `value` suits setting `key`, else what the setting expects."""
    if key in ("target_language", "summary_algorithm", "theme"):
        return None if isinstance(value, str) and value.strip() else "expected a non-empty string"
    if key == "summary_sentences":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        return None if ok else "expected a whole number of at least 1"
    if key == "entity_threshold":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
        return None if ok else "expected a number from 0 to 1"
    return None


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
