"""Names in the translation pane: tagged in the target language when a model covers it,
toggled with `e` like the rest, and simply left plain when no model does.

The translator is the scripted one of the translation tests ("[de] " + upper case); the
taggers are fakes with a known result (plain string search) so offsets can be checked.
"""

from __future__ import annotations

import re

from reader.app import make_app
from reader.config import Settings
from reader.errors import ModelMissing
from reader.library.article import EntitySpan
from reader.widgets.entity_styles import KNOWN
from reader.widgets.translation_pane import TranslationPane
from tests.ui._translation import HeldLoader, open_article
from tests.ui.fakes import fake_services, make_article
from tests.ui.helpers import screen_text, settle

ARTICLE = make_article("Paris news", "Angela Merkel flew to Paris. Paris was sunny. Berlin waited.")


class WordTagger:
    """A fake tagger: every occurrence of the given words, with their labels."""

    model_id = "words"
    labels = ("LOC", "PER")

    def __init__(self, words: dict[str, str]) -> None:
        self.words = words

    def tag(self, text: str) -> list[EntitySpan]:
        pattern = "|".join(re.escape(w) for w in self.words)
        return [EntitySpan(m.start(), m.end(), self.words[m.group()], 0.9, m.group())
                for m in re.finditer(pattern, text)]


def loader_for(languages: dict[str, WordTagger]):
    def load(language):
        if language not in languages:
            raise ModelMissing(f"no entity model is installed for {language!r}",
                               "reader models pull ner-multi")
        return languages[language]
    return load


def services_for(tmp_path, taggers):
    services = fake_services(tmp_path, [ARTICLE], settings=Settings(target_language="de"))
    services.translator_loader = HeldLoader()
    services.tagger_loader = loader_for(taggers)
    return services


async def translate(pilot) -> TranslationPane:
    screen = await open_article(pilot)
    await pilot.press("t", "enter")
    await settle(pilot, rounds=4)
    pane = screen.query_one(TranslationPane)
    assert pane.done and pane.pairs
    return pane


async def test_names_in_the_translation_are_highlighted_and_toggle_with_e(tmp_path):
    taggers = {"en": WordTagger({"Paris": "LOC"}),
               "de": WordTagger({"PARIS": "LOC", "ANGELA MERKEL": "PER"})}
    services = services_for(tmp_path, taggers)
    app = make_app(services=services)
    async with app.run_test(size=(160, 40)) as pilot:
        pane = await translate(pilot)
        want = [(m.start(), m.end()) for m in re.finditer("ANGELA MERKEL|PARIS", pane.text)]
        assert len(want) >= 2
        assert [(s, e) for s, e, _ in pane.spans("entities")] == want
        styles = {pane.text[s:e]: style for s, e, style in pane.spans("entities")}
        assert styles["PARIS"] == KNOWN["LOC"] and styles["ANGELA MERKEL"] == KNOWN["PER"]
        rendered = {(s.start, s.end, s.style) for s in pane.rendered().spans}
        assert set(pane.spans("entities")) <= rendered
        assert "[de] ANGELA MERKEL FLEW TO PARIS." in screen_text(app)
        await pilot.press("e")
        assert not pane.is_visible("entities")
        assert not {s.style for s in pane.rendered().spans} & {KNOWN["LOC"], KNOWN["PER"]}
        await pilot.press("e")
        assert pane.is_visible("entities")
        await pilot.press("T")
        await settle(pilot, rounds=4)
        assert pane.mode == "full"
        want = [(m.start(), m.end()) for m in re.finditer("ANGELA MERKEL|PARIS", pane.text)]
        assert [(s, e) for s, e, _ in pane.spans("entities")] == want
    services.store.close()


async def test_no_model_for_the_target_language_leaves_the_translation_plain(tmp_path):
    services = services_for(tmp_path, {"en": WordTagger({"Paris": "LOC"})})
    app = make_app(services=services)
    async with app.run_test(size=(160, 40)) as pilot:
        pane = await translate(pilot)
        assert pane.spans("entities") == []
        assert "PARIS" in pane.text
        assert not app._notifications
        assert "location 3" in screen_text(app)
        assert app.is_running
    services.store.close()
