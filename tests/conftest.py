"""Shared fixtures: every test gets private data/config/cache dirs, never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import ml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus" / "html"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    for name in ("DATA", "CONFIG", "CACHE", "MODELS"):
        path = tmp_path / f"reader-{name.lower()}"
        monkeypatch.setenv(f"READER_{name}_DIR", str(path))
    monkeypatch.delenv("READER_DB", raising=False)
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "reader-config" / "config.toml"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    yield


@pytest.fixture
def seed_path() -> Path:
    return sorted(SEEDS.glob("*.txt"))[0]


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared HTML corpus is not beside this checkout")
    return CORPUS


def pytest_collection_modifyitems(config, items):
    ml.mark(items)


@pytest.fixture
def web(no_lookups):
    """A real HTTP server on 127.0.0.1 (tests/webserver.py), the only place a test using
    it can reach; closed after the test."""
    from tests.webserver import LocalWeb

    server = LocalWeb()
    yield server
    server.close()


@pytest.fixture
def no_lookups(monkeypatch):
    """Name lookups other than loopback fail at once, so a test that fetches can only
    ever reach its own server."""
    from tests.webserver import loopback_only

    loopback_only(monkeypatch)
