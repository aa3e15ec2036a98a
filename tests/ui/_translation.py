"""Shared pieces of the translation UI tests: a tiny real en->de Marian model registered in
the test's models folder, a scripted translator that can be held, and Pilot steps."""

from __future__ import annotations

import threading

from reader.library.sources import load
from reader.nlp import models as registry
from reader.screens.language import LanguagePicker
from reader.screens.reading import ReadingScreen
from tests.ui.fakes import fake_services
from tests.ui.helpers import settle
from tests.unit._marian import tiny_models


def register_en_de(tmp_path_factory):
    """Register the session's tiny en->de model in this test's READER_MODELS_DIR."""
    return registry.add(tiny_models(tmp_path_factory)["en-de"], name="opus-mt-en-de",
                        languages=("en", "de"))


def seed_services(tmp_path, seed_path, **settings_and_fields):
    """Fake library and summaries over the seed article; the real translation core."""
    from reader.config import Settings

    settings = Settings(**settings_and_fields.pop("settings", {}))
    services = fake_services(tmp_path, [load(seed_path)], settings=settings)
    for name, value in settings_and_fields.items():
        setattr(services, name, value)
    return services


class HeldTranslator:
    """Prefixes each text with its language; `gate` (when set) holds every call."""

    backend = "fake"
    pivot = False

    def __init__(self, source: str, target: str, gate: threading.Event | None = None) -> None:
        self.source, self.target = source, target
        self.model_id = f"fake-{source}-{target}"
        self.gate = gate
        self.calls: list[list[str]] = []

    def translate(self, texts: list[str]) -> list[str]:
        self.calls.append(list(texts))
        if self.gate is not None:
            self.gate.wait(timeout=10)
        return [f"[{self.target}] {t.upper()}" for t in texts]


class HeldLoader:
    """A translator loader that keeps every translator it made."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate
        self.made: list[HeldTranslator] = []

    def __call__(self, source: str, target: str) -> HeldTranslator:
        translator = HeldTranslator(source, target, self.gate)
        self.made.append(translator)
        return translator


async def open_article(pilot, index: int = 0) -> ReadingScreen:
    await settle(pilot)
    for _ in range(index):
        await pilot.press("j")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReadingScreen)
    return pilot.app.screen


async def choose(pilot, code: str, *, settled: bool = True) -> None:
    """Press t and pick `code` in the language picker (`settled`: then wait for every
    worker; a test holding a translation job passes False)."""
    from textual.widgets import OptionList

    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LanguagePicker)
                     and pilot.app.screen.found is not None, "no language picker")
    options = pilot.app.screen.query_one(OptionList)
    options.highlighted = [o.id for o in options.options].index(code)
    await pilot.press("enter")
    if settled:
        await settle(pilot)
    else:
        await pilot.pause()


async def wait_until(pilot, condition, message: str) -> None:
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(message)
