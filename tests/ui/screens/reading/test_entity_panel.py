"""The entity panel, the legend, the `e` toggle and mention stepping.

These are UI behaviour tests, so they use a fake tagger with a known result (a fixed
list of names found by plain string search) passed in through Services; the real model
path is covered in test_entities.py.
"""

from __future__ import annotations

import re
from contextlib import asynccontextmanager

from rich.style import Style
from textual.command import CommandPalette

from reader.app import make_app
from reader.library.article import EntitySpan
from reader.library.store import Store
from reader.screens.library import LibraryScreen
from reader.screens.reading import ReadingScreen
from reader.services import Services
from reader.widgets.article_text import ArticleText
from reader.widgets.entity_legend import EntityLegend
from reader.widgets.entity_panel import EntityPanel
from reader.widgets.entity_styles import CURRENT_STYLE, KNOWN, EntityStyles
from reader.widgets.summary_view import SummaryView
from tests.ui.fakes import FakeSummarizer, make_article
from tests.ui.helpers import screen_text, settle

NAMES = {"Angela Merkel": "PER", "Paris": "LOC", "Google": "ORG", "Monday": "DATE",
         "Euro": "MISC", "[bold]x[/]": "ORG", "Berlin": "LOC"}
FILLER = "Filler sentence about nothing in particular. " * 60
BODY = ("Angela Merkel met Google in Paris on Monday. The Euro fell in Paris. "
        "A note on [bold]x[/] stays literal.\n\n" + FILLER
        + "\n\nBerlin waited. Late Paris mention.")
ARTICLE = make_article("News of the week", BODY)


class DictTagger:
    """A fake tagger with a known result: every occurrence of a name in `names`."""

    model_id = "dict"
    labels = ("DATE", "LOC", "MISC", "ORG", "PER")

    def __init__(self, names: dict[str, str] = NAMES) -> None:
        self.names = names

    def tag(self, text: str) -> list[EntitySpan]:
        pattern = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        return [EntitySpan(m.start(), m.end(), self.names[m.group()], 0.9, m.group())
                for m in re.finditer(pattern, text)]


def dict_services(tmp_path, articles=(ARTICLE,), names=NAMES) -> Services:
    return Services(store=Store(tmp_path / "state.sqlite3"), scanner=lambda paths: iter(articles),
                    summarizer=FakeSummarizer(), tagger_loader=lambda language: DictTagger(names))


def mentions(name: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(name), ARTICLE.text)]


async def open_article(pilot) -> ReadingScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot, rounds=4)
    assert isinstance(pilot.app.screen, ReadingScreen)
    return pilot.app.screen


@asynccontextmanager
async def reading_view(services: Services, size: tuple[int, int]):
    """The app over `services`, opened on the first article; the store is closed after."""
    try:
        async with make_app(services=services).run_test(size=size) as pilot:
            yield pilot.app, pilot, await open_article(pilot)
    finally:
        services.store.close()


def text_pane_lines(app, screen) -> list[str]:
    text = screen.query_one(ArticleText).region
    return [line[text.x:text.right] for line in screen_text(app).splitlines()[text.y:text.bottom]]


async def test_legend_names_each_type_in_its_style_with_counts(tmp_path):
    async with reading_view(dict_services(tmp_path), (120, 30)) as (app, pilot, screen):
        legend = screen.query_one(EntityLegend).legend_text()
        assert legend.plain == "Entities person 1  organisation 2  location 4  misc 1  date 1"
        styled = {legend.plain[s.start:s.end]: s.style for s in legend.spans}
        assert styled["person"] == KNOWN["PER"] + Style(dim=False)
        assert styled["date"] != styled["misc"]
        assert "Entities person 1  organisation 2  location 4" in screen_text(app)


async def test_panel_lists_names_by_mentions_and_f_cycles_the_type(tmp_path):
    async with reading_view(dict_services(tmp_path), (120, 30)) as (app, pilot, screen):
        panel = screen.query_one(EntityPanel)
        assert not panel.display
        await pilot.press("E")
        await pilot.pause()
        assert app.focused is panel and panel.region.height > 0
        assert screen.query_one(SummaryView).region.height == 0
        assert [(e.text, e.label, e.count) for e in panel.shown][:3] == [
            ("Paris", "LOC", 3), ("Angela Merkel", "PER", 1), ("Google", "ORG", 1)]
        shown = screen_text(app)
        assert "Entities · all types · 7" in shown
        assert re.search(r"Paris\s+location\s+3", shown)
        await pilot.press("f")
        await pilot.pause()
        assert [e.text for e in panel.shown] == ["Angela Merkel"]
        assert "Entities · person · 1" in screen_text(app)
        await pilot.press("f")
        assert [e.text for e in panel.shown] == ["Google", "[bold]x[/]"]
        await pilot.press("f")
        assert [e.text for e in panel.shown] == ["Paris", "Berlin"]
        await pilot.press("f", "f", "f")
        assert panel.type_filter is None and len(panel.shown) == 7
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert not screen.entity_panel_open and app.focused is screen.query_one(ArticleText)
        assert screen.query_one(SummaryView).region.height > 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_enter_jumps_to_the_first_mention_and_n_N_step_through_them(tmp_path):
    async with reading_view(dict_services(tmp_path), (100, 30)) as (app, pilot, screen):
        text = screen.query_one(ArticleText)
        paris = mentions("Paris")
        await pilot.press("E", "enter")
        await pilot.pause()
        assert text.spans("entity-current") == [(*paris[0], CURRENT_STYLE)]
        assert "▸ Paris 1/3" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert text.spans("entity-current") == [(*paris[1], CURRENT_STYLE)]
        await pilot.press("n")
        await pilot.pause()
        assert text.spans("entity-current") == [(*paris[2], CURRENT_STYLE)]
        assert text.scroll_y > 0
        assert any("Late Paris mention." in line for line in text_pane_lines(app, screen))
        assert "▸ Paris 3/3" in screen_text(app)
        rendered = [(s.start, s.end) for s in text.rendered().spans if s.style == CURRENT_STYLE]
        assert rendered == [paris[2]]
        await pilot.press("n")
        assert text.spans("entity-current") == [(*paris[0], CURRENT_STYLE)]
        await pilot.press("N")
        await pilot.pause()
        assert text.spans("entity-current") == [(*paris[2], CURRENT_STYLE)]
        await pilot.press("N")
        assert text.spans("entity-current") == [(*paris[1], CURRENT_STYLE)]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert text.spans("entity-current")[0][:2] == mentions("Angela Merkel")[0]
        assert text.scroll_y == 0


async def test_n_without_a_choice_starts_at_the_most_mentioned_name(tmp_path):
    async with reading_view(dict_services(tmp_path), (100, 30)) as (app, pilot, screen):
        await pilot.press("N")
        await pilot.pause()
        assert screen.query_one(ArticleText).spans("entity-current")[0][:2] == mentions("Paris")[2]
        assert not screen.entity_panel_open


async def test_e_toggles_the_highlights_in_the_text_and_the_summary(tmp_path):
    async with reading_view(dict_services(tmp_path), (120, 30)) as (app, pilot, screen):
        text = screen.query_one(ArticleText)
        summary = screen.query_one(SummaryView)
        styles = EntityStyles(DictTagger.labels)
        expected = [(s.start, s.end, styles.style(s.label)) for s in DictTagger().tag(ARTICLE.text)]
        assert text.spans("entities") == expected
        rendered = {(s.start, s.end, s.style) for s in text.rendered().spans}
        assert set(expected) <= rendered
        in_summary = summary.query_one("#summary-body").content.spans
        assert any(s.style == styles.style("PER") for s in in_summary)
        await pilot.press("e")
        await pilot.pause()
        rendered = {s.style for s in text.rendered().spans}
        assert not rendered & {style for _, _, style in expected}
        assert summary.entity_spans == []
        in_summary = summary.query_one("#summary-body").content.spans
        assert not any(s.style == styles.style("PER") for s in in_summary)
        assert "(hidden: e)" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert set(expected) <= {(s.start, s.end, s.style) for s in text.rendered().spans}
        assert "(hidden: e)" not in screen_text(app)


async def test_names_with_markup_are_shown_literally(tmp_path):
    async with reading_view(dict_services(tmp_path), (120, 30)) as (app, pilot, screen):
        await pilot.press("E", "f", "f", "down", "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "▸ [bold]x[/] 1/1" in shown
        assert "note on [bold]x[/] stays literal." in shown
        assert re.search(r"\[bold\]x\[/\]\s+organisation\s+1", shown)
        start = ARTICLE.text.index("[bold]x[/]")
        assert screen.query_one(ArticleText).spans("entity-current")[0][:2] == (start, start + 10)


async def test_panel_is_usable_at_80x24(tmp_path):
    async with reading_view(dict_services(tmp_path), (80, 24)) as (app, pilot, screen):
        await pilot.press("E")
        await pilot.pause()
        panel = screen.query_one(EntityPanel).region
        text = screen.query_one(ArticleText).region
        assert panel.bottom <= 23 and panel.height >= 7
        assert text.height >= 8 and panel.y >= text.bottom
        shown = screen_text(app)
        for name in ("Paris", "Angela Merkel", "Google", "Monday", "Euro"):
            assert name in shown.split("Entities ·", 1)[1]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert "▸ Google 1/1" in screen_text(app)


async def test_long_names_are_cut_to_leave_room_for_type_and_count(tmp_path):
    long_name = "The Extraordinarily Long Organisation Name of Everything"
    article = make_article("Long", f"{long_name} met Paris. " * 3)
    services = dict_services(tmp_path, [article], names={long_name: "ORG", "Paris": "LOC"})
    async with reading_view(services, (100, 30)) as (app, pilot, screen):
        await pilot.press("E", "down")
        await pilot.pause()
        panel = screen.query_one(EntityPanel)
        assert re.search(r"│ The Extraor\S*…\s+organisation\s+3\s+│", screen_text(app))
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        assert re.search(r"The Extraordinarily Long Organi\S*…\s+organisation\s+3", screen_text(app))
        assert panel.cursor_row == 1 and panel.current.text == "Paris"


async def test_palette_and_help_offer_the_entity_keys(tmp_path):
    async with reading_view(dict_services(tmp_path), (120, 30)) as (app, pilot, screen):
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Entities: list")
        for _ in range(50):
            await pilot.pause(0.05)
            if "Entities: list" in screen_text(app):
                break
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.entity_panel_open
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        shown += screen_text(app)
        for key, words in (("e", "named-entity highlights on / off"),
                           ("E", "entity list: distinct names"), ("f", "entity list: next type"),
                           ("n / N", "next / previous mention")):
            assert re.search(rf"│\s+{re.escape(key)}\s.*{re.escape(words)}", shown), key


def test_every_type_differs_by_attributes_not_colour_alone():
    styles = EntityStyles(["DATE", "TIME", "MONEY", "EVENT", "LAW", "NORP", "WORK"])
    labels = ["PER", "ORG", "LOC", "MISC", "DATE", "TIME", "MONEY", "EVENT", "LAW", "NORP"]
    looks = [styles.style(label) for label in labels]
    attributes = [(s.bold, s.italic, s.underline, s.reverse) for s in looks[:10]]
    assert len(set(attributes)) == len(attributes)
    assert all(s.color.is_system_defined for s in looks)
    assert styles.style("WORK") == styles.style("DATE")
    assert EntityStyles(["TIME", "DATE"]).style("DATE") != styles.style("DATE")
    assert styles.order(["WORK", "LOC", "PER", "DATE"]) == ["PER", "LOC", "DATE", "WORK"]
