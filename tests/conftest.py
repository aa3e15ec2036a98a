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
