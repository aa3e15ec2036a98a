"""Snapshots of the reading view with the translation pane open (tiny real en->de model),
narrow and wide, and of the models screen.

Regenerate with `pytest tests/ui/test_translation_snapshots.py --snapshot-update` and look
at the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.app import make_app
from reader.config import Settings
from reader.library.store import Store
from reader.nlp.models import ModelRecord
from reader.services import Services
from tests.ui._translation import register_en_de
from tests.ui.helpers import open_first_article, settle

pytest.importorskip("transformers")
pytestmark = pytest.mark.ml

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def seed_app(tmp_path, tmp_path_factory):
    register_en_de(tmp_path_factory)
    store = Store(tmp_path / "snapshot.sqlite3")
    yield make_app(services=Services(store=store, settings=Settings(target_language="de")))
    store.close()


async def _translated(pilot) -> None:
    await open_first_article(pilot)
    await pilot.press("t")
    await settle(pilot, rounds=4)
    await pilot.press("enter")
    await settle(pilot, rounds=4)


async def _full_text(pilot) -> None:
    await _translated(pilot)
    await pilot.press("T")
    await settle(pilot, rounds=4)
    await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
    await settle(pilot, rounds=4)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reading_view_with_translated_summary(snap_compare, seed_app, size):
    assert snap_compare(seed_app, terminal_size=size, run_before=_translated)


def test_reading_view_with_full_translation_and_current_sentence(snap_compare, seed_app):
    assert snap_compare(seed_app, terminal_size=(160, 48), run_before=_full_text)


def _record(name, task, languages, size):
    return ModelRecord(name=name, task=task, path=Path("/srv/reader/models") / name,
                       backend="transformers", languages=languages, size=size)


@pytest.fixture
def models_app(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_MODELS_DIR", "/srv/reader/models")
    monkeypatch.setenv("HF_HOME", "/srv/hf")
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    records = [_record("opus-mt-en-de", "translation", ("en", "de"), 311_943_210),
               _record("bert-base-NER", "ner", ("en",), 433_310_000)]
    problems = [("/srv/reader/models/half-copied",
                 "/srv/reader/models/half-copied is truncated: copy or pull the model again")]
    store = Store(tmp_path / "snapshot.sqlite3")
    services = Services(store=store, scanner=lambda paths: iter(()),
                        model_scan=lambda: (records, problems),
                        apertium_pairs=lambda: [("en", "es"), ("es", "en")])
    yield make_app(services=services)
    store.close()


async def _models(pilot) -> None:
    await settle(pilot)
    await pilot.press("M")
    await settle(pilot)


def test_models_screen(snap_compare, models_app):
    assert snap_compare(models_app, terminal_size=(100, 24), run_before=_models)
