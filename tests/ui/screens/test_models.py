"""The models screen: installed models with their size and place, problem folders, and
what to run when there are none; opened with M or from the command palette."""

from __future__ import annotations

import pytest

from reader import locations
from reader.app import make_app
from reader.nlp.models import human_size
from reader.screens.library import LibraryScreen
from reader.screens.models import ModelsScreen
from tests.ui._translation import register_en_de
from tests.ui.helpers import screen_text, settle
from tests.ui.helpers import run_palette_command


@pytest.mark.ml
async def test_m_lists_installed_models_total_size_and_problem_folders(thirty, tmp_path_factory):
    record = register_en_de(tmp_path_factory)
    broken = locations.models_dir() / "half-copied"
    broken.mkdir()
    (broken / "config.json").write_text("{", encoding="utf-8")
    nested = locations.models_dir() / "nested"
    nested.mkdir()
    (nested / "config.json").write_text("[" * 5000, encoding="utf-8")
    app = make_app(services=thirty)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, ModelsScreen)
        shown = screen_text(app)
        assert f"1 model installed · {human_size(record.size)} on disk" in shown
        row = next(line for line in shown.splitlines() if "opus-mt-en-de" in line)
        for cell in ("translation", "en->de", "transformers", human_size(record.size),
                     str(record.path)):
            assert cell in row
        assert f"models folder: {locations.models_dir()}" in shown
        assert "Folders that could not be used (2)" in shown
        assert f"{broken}: config.json is not valid JSON" in shown
        assert f"{nested}: config.json is nested too deeply" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_palette_opens_models_and_an_empty_list_says_how_to_add(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await run_palette_command(pilot, "Models: installed")
        await settle(pilot)
        assert isinstance(app.screen, ModelsScreen)
        shown = screen_text(app)
        assert "0 models installed · 0 B on disk" in shown
        assert "No models installed yet." in shown
        assert "reader models pull en-de" in shown and "reader models add DIR" in shown


async def test_summary_keys_are_neither_shown_nor_run_on_the_models_screen(thirty):
    app = make_app(services=thirty)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "Algorithm" in screen_text(app).splitlines()[-1]
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, ModelsScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Algorithm" not in footer and "Longer" not in footer
        await pilot.press("s", "plus")
        await pilot.pause()
        assert (app.algorithm, app.summary_size) == ("lexrank", 3)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Summary: next algorithm" not in commands
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert app.algorithm == "lsa"
