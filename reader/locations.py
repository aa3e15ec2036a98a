"""Where reader keeps its files: one function per directory, each overridable by env."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"


def _dir(env: str, kind: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The settings file (READER_CONFIG overrides the whole path)."""
    override = os.environ.get("READER_CONFIG")
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def data_dir() -> Path:
    """State database and installed models live here (READER_DATA_DIR overrides)."""
    return _dir("READER_DATA_DIR", "data")


def config_dir() -> Path:
    """config.toml lives here (READER_CONFIG_DIR overrides)."""
    return _dir("READER_CONFIG_DIR", "config")


def cache_dir() -> Path:
    """Disposable files (READER_CACHE_DIR overrides)."""
    return _dir("READER_CACHE_DIR", "cache")


def models_dir() -> Path:
    """Installed models (READER_MODELS_DIR overrides; default: data_dir()/models)."""
    override = os.environ.get("READER_MODELS_DIR")
    return Path(override).expanduser() if override else data_dir() / "models"


def database_path() -> Path:
    """The SQLite state database (READER_DB overrides the whole path)."""
    override = os.environ.get("READER_DB")
    return Path(override).expanduser() if override else data_dir() / "reader.sqlite3"


def seeds_dir() -> Path:
    """The embedded default library: inside the installed package, else the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    return here / "_seeds"
