"""At 80 columns nothing a reader needs is cut: the footer's keys, the entity note with its
install hint, the language picker's message, the article's byline (in test_reading)."""

from __future__ import annotations

from textual.widgets import Static

from reader.app import make_app
from reader.errors import MissingDependency
from reader.screens.language import LanguagePicker
from reader.widgets.entity_legend import EntityLegend
from tests.ui._translation import HeldLoader, open_article, wait_until
from tests.ui.fakes import fake_services, numbered_articles
from tests.ui.helpers import region_text, screen_text, settle

NARROW = (80, 24)


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_footer_keeps_help_and_quit_at_80_columns(thirty):
    thirty.translator_loader = HeldLoader()
    app = make_app(services=thirty)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        for label in ("Filter", "Algorithm", "Size", "Help", "Quit"):
            assert label in footer(app), footer(app)
        await open_article(pilot)
        for label in ("Back", "Translate", "Names", "Help", "Quit"):
            assert label in footer(app), footer(app)
        assert "Full text" not in footer(app)
        await pilot.press("t", "enter")
        await settle(pilot)
        for label in ("Back", "Full text", "Help", "Quit"):
            assert label in footer(app), footer(app)
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        assert "palette" in footer(app) and "Quit" in footer(app)


async def test_the_entity_note_shows_its_whole_install_hint(tmp_path):
    message = ("entity tagging needs the Python package torch, which is not installed. "
               "Install the ml extra: pip install 'reader-tui[ml]' "
               "(from a checkout: pip install '.[ml]')")

    def missing(language):
        raise MissingDependency(message)

    services = fake_services(tmp_path, numbered_articles(1))
    services.tagger_loader = missing
    app = make_app(services=services)
    async with app.run_test(size=NARROW) as pilot:
        await open_article(pilot)
        legend = app.screen.query_one(EntityLegend)
        assert region_text(app, legend) == message
        assert not app._notifications


async def test_the_language_pickers_message_is_not_cut(thirty):
    thirty.model_scan = lambda: ([], [])
    thirty.apertium_pairs = lambda: []
    app = make_app(services=thirty)
    async with app.run_test(size=NARROW) as pilot:
        await open_article(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, LanguagePicker)
                         and app.screen.found is not None, "no language picker")
        await pilot.pause()
        note = app.screen.query_one("#language-note", Static)
        assert region_text(app, note) == "no translation model installed for this language yet"
