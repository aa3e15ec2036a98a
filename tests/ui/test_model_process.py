"""The reading view with models in the model process: a real (medium-sized, random)
Marian model translates a long article there, and leaving the article stops that work."""

from __future__ import annotations

import time

import pytest

from reader.app import make_app
from reader.nlp.process import ModelProcess
from reader.nlp.translate.pipeline import cache_keys
from reader.screens.library import LibraryScreen
from reader.widgets.translation_pane import TranslationPane
from tests.ui._translation import choose, open_article
from tests.ui.fakes import fake_services, make_article
from tests.unit._marian import build_marian, seed_text

pytestmark = pytest.mark.ml


@pytest.fixture(scope="module")
def medium_marian(tmp_path_factory):
    """A Marian big enough that a long article takes many seconds to translate."""
    from reader.nlp.models.ct2 import convert

    root = tmp_path_factory.mktemp("medium-marian")
    model = build_marian(root / "hf", d_model=256, layers=4, max_length=64)
    return convert(model, root / "ct2", quantization="int8")


async def wait_for(pilot, condition, message: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(message)


async def test_leaving_an_article_stops_its_translation_in_the_model_process(
        tmp_path, medium_marian):
    from reader.nlp import models

    models.add(medium_marian, name="opus-mt-en-de", languages=("en", "de"))
    article = make_article("A long story", "\n\n".join([seed_text()] * 20))
    services = fake_services(tmp_path, [article])
    services.process = host = ModelProcess()
    try:
        async with make_app(services=services).run_test(size=(120, 30)) as pilot:
            screen = await open_article(pilot)
            sentences = services.sentences(article)
            await choose(pilot, "de", settled=False)
            pane = screen.query_one(TranslationPane)
            await wait_for(pilot, lambda: pane.pairs, "no translated sentence")
            child = host.pid
            assert child is not None
            await pilot.press("escape", "escape")  # close the translation, leave the article
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen),
                           "still reading")
            await wait_for(pilot, lambda: not host.draining, "the helper kept the work")

            translator = services._translators[("en", "de")]
            keys = cache_keys(translator, [s.text for s in sentences])

            def translated() -> int:
                return len(services.store.cache_get_many(sorted(set(keys))))

            done = translated()
            time.sleep(1.0)
            assert translated() == done < len(set(keys)), "no more work after leaving"
            assert host.pid == child, "dropped between two batches, the model kept loaded"
    finally:
        host.close()
        services.store.close()
