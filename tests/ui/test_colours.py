"""The selected row stays readable in every built-in theme when the terminal has only 16
colours (TERM=xterm over SSH): judged on what the list actually draws."""

from __future__ import annotations

import pytest
from rich.color import ColorSystem
from textual.color import Color

from reader.app import make_app
from reader.colours import MIN_RATIO, ansi_number, ratio, readable_cursor, sixteen_colour_ratio
from reader.widgets.article_list import ArticleList
from tests.ui.helpers import settle


def cursor_ratio(table: ArticleList) -> float | None:
    """Contrast, with 16 colours, of the cursor row's title text on its background."""
    strip = table.render_line(table.cursor + 1)
    segment = next(s for s in strip if s.text.strip() and s.text.strip() not in "●○★")
    style = segment.style
    if style.color is None or style.bgcolor is None or style.color.is_default:
        return None
    numbers = [c.downgrade(ColorSystem.STANDARD).number for c in (style.color, style.bgcolor)]
    return ratio(*numbers)


async def test_every_theme_draws_a_readable_cursor_row_in_16_colours(thirty):
    app = make_app(services=thirty)
    app.console._color_system = ColorSystem.STANDARD
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        unreadable = []
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            for focused in (True, False):
                if focused:
                    table.focus()
                else:
                    app.screen.set_focus(None)
                await pilot.pause()
                found = cursor_ratio(table)
                if found is not None and found < MIN_RATIO:
                    unreadable.append((theme, focused, round(found, 2)))
        assert not unreadable


def test_gruvbox_cream_on_sage_becomes_white_on_grey_and_is_replaced():
    variables = {"block-cursor-foreground": "#fbf1c7", "block-cursor-background": "#85A598",
                 "block-cursor-blurred-foreground": "#FBF1C7",
                 "block-cursor-blurred-background": "#85A5984C",
                 "foreground": "#FBF1C7", "background": "#282828", "surface": "#3C3836"}
    ratio_before = sixteen_colour_ratio("#fbf1c7", "#85A598", "#3C3836")
    assert ratio_before is not None and ratio_before < MIN_RATIO
    fixed = readable_cursor(variables, "standard")
    assert (fixed["block-cursor-foreground"], fixed["block-cursor-background"]) == (
        "#282828", "#FBF1C7")
    assert readable_cursor(variables, "truecolor") == variables
    assert readable_cursor(variables, "256") == variables


@pytest.mark.parametrize("value, number", [("ansi_red", 1), ("#ffffff", 15), ("#000000", 0)])
def test_colours_map_to_the_16_ansi_colours(value, number):
    assert ansi_number(Color.parse(value)) == number
