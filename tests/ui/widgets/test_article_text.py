"""The article text on the line API: wrapped once per width, offsets map to lines, only
the lines a change touches are drawn again, and a text growing at its end is wrapped from
its last paragraph."""

from __future__ import annotations

from textual.app import App

from reader.widgets.article_text import ArticleText
from tests.ui.helpers import region_text, screen_text

PARAGRAPH = " ".join(f"Word{n:02d} of the story." for n in range(12))
STORY = "\n".join([PARAGRAPH] * 20)
TENTH = 9 * (len(PARAGRAPH) + 1)
"""Twenty equal paragraphs, and where the tenth starts."""


class Counting(ArticleText):
    """Counts which lines are drawn."""

    def __init__(self, text: str) -> None:
        super().__init__(text, id="text")
        self.drawn: list[int] = []

    def _draw_line(self, line: int):
        self.drawn.append(line)
        return super()._draw_line(line)


class TextApp(App):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self):
        yield Counting(self.text)

    @property
    def view(self) -> Counting:
        return self.query_one(Counting)


async def test_offsets_map_to_wrapped_lines_and_scrolling_brings_them_into_view():
    app = TextApp(STORY)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        view = app.view
        width = view.scrollable_content_region.width
        assert width == 40 - 2 - 2  # padding, and the scrollbar's gutter
        lines_per_paragraph = view.line_of(len(PARAGRAPH) + 1)
        assert lines_per_paragraph > 1
        assert view.line_of(0) == 0
        assert view.line_of(len(STORY) - 1) == 20 * lines_per_paragraph - 1
        assert view.virtual_size.height == 20 * lines_per_paragraph
        view.scroll_to_offset(TENTH)
        await pilot.pause()
        top = 9 * lines_per_paragraph - view.scrollable_content_region.height // 3
        assert view.scroll_y == top
        assert "Word00 of the story." in screen_text(app)


async def test_a_layer_redraws_only_the_lines_it_touches():
    app = TextApp(STORY)
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.view
        await pilot.pause()
        view.drawn.clear()
        second = len(PARAGRAPH) + 1
        view.set_layer("current", [(second, second + 6, "reverse")])
        await pilot.pause()
        assert set(view.drawn) == {view.line_of(second)}
        view.drawn.clear()
        view.set_visible("current", False)
        await pilot.pause()
        assert set(view.drawn) == {view.line_of(second)}
        view.drawn.clear()
        view.scroll_to(y=3, animate=False, immediate=True)
        await pilot.pause()
        assert min(view.drawn) >= view.scrollable_content_region.height


async def test_text_growing_at_its_end_keeps_the_lines_before_its_last_paragraph():
    app = TextApp("")
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.view
        view.set_text(PARAGRAPH + "\n" + "First words")
        view.set_layer("mark", [(0, 6, "bold")])
        await pilot.pause()
        starts = list(view._starts)
        view.drawn.clear()
        view.set_text(PARAGRAPH + "\n" + "First words and more of them", keep_layers=True)
        await pilot.pause()
        kept = view.line_of(len(PARAGRAPH) + 1)
        assert view._starts[:kept] == starts[:kept]
        assert min(view.drawn) == kept
        assert view.spans("mark") == [(0, 6, "bold")]
        view.set_text("Another text")
        assert view.spans("mark") == []


async def test_a_new_width_wraps_again_and_keeps_the_top_line_in_view():
    app = TextApp(STORY)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        view = app.view
        view.scroll_to(y=view.line_of(TENTH), animate=False, immediate=True)
        await pilot.pause()
        await pilot.resize_terminal(70, 10)
        await pilot.pause()
        assert view.scrollable_content_region.width == 70 - 4
        assert view.scroll_y == view.line_of(TENTH)
        assert region_text(app, view).startswith("Word00 of the story.")


async def test_controls_and_markup_are_drawn_as_text():
    app = TextApp("Bell \x07 escape \x1b[31m [bold]x[/] tab\there")
    async with app.run_test(size=(60, 5)):
        assert region_text(app, app.view) == "Bell ␇ escape ␛[31m [bold]x[/] tab here"


async def test_a_span_in_view_is_shown_without_scrolling():
    app = TextApp(STORY)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        view = app.view
        second = len(PARAGRAPH) + 1
        view.show_span(second, second + 10)
        await pilot.pause()
        assert view.scroll_y == 0
        view.show_span(TENTH, TENTH + 10)
        await pilot.pause()
        assert view.scroll_y == view.line_of(TENTH) - view.scrollable_content_region.height // 3
