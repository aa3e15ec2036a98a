"""One source of keys: every binding comes from the key table, and the help screen, the
command palette and the README's key table say what the table says."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from reader import keys
from reader.app import ReaderApp
from reader.screens.help import HelpScreen
from reader.screens.language import LanguagePicker, Languages
from reader.screens.library import LibraryScreen
from reader.screens.models import ModelsScreen
from reader.screens.reading import ReadingScreen
from reader.screens.search import Hits, SearchScreen
from reader.screens.skipped import SkippedScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.entity_panel import EntityPanel
from reader.widgets.key_scroll import KeyScroll

README = Path(__file__).resolve().parents[2] / "README.md"
BOUND = (ReaderApp, LibraryScreen, ReadingScreen, ModelsScreen, HelpScreen, SkippedScreen,
         LanguagePicker, Languages, ArticleList, EntityPanel, KeyScroll, SearchScreen, Hits)


def readme_key_rows() -> list[tuple[str, str, str]]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| key | where | action |") + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        rows.append((cells[0].replace("`", ""), cells[1], cells[2]))
    return rows


def test_the_readme_key_table_is_the_key_table():
    assert readme_key_rows() == keys.help_rows(), (
        "README.md's key table differs from reader/keys.py; it should read:\n\n"
        + keys.markdown_table())


def test_every_binding_comes_from_the_key_table():
    table = {(key.keys, key.action) for row in keys.ROWS for key in row.keys}
    for cls in BOUND:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding)
            assert (binding.key, binding.action) in table, (cls.__name__, binding)


def test_a_row_shows_each_of_its_keys_once_first_keys_first():
    row = keys.ROWS[0]
    assert row.shown_keys == "j / k, ↓ / ↑"
    assert keys.Row("x", (keys.Key("escape,backspace", "back", "Back", "reading"),)
                    ).shown_keys == "escape / backspace"
    help_row = next(r for r in keys.ROWS if r.what.startswith("help"))
    assert help_row.shown_keys == "? / f1"


def test_contexts_are_known_and_palette_titles_unique_per_context():
    seen = set()
    for key, _row in keys.palette_keys():
        assert (key.context, key.palette) not in seen
        seen.add((key.context, key.palette))
    for row in keys.ROWS:
        for key in row.keys:
            assert key.context in keys.CONTEXTS
