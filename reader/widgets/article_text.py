"""The article's full text, drawn as data with layers of styled spans laid over it.

Each layer is a named list of (start, end, style) character offsets into `Article.text`:
the summary highlight is one layer; entity labels or a "current sentence" marker are more
layers added with `set_layer`. Layers are applied in the order they were first set, so a
later layer's style wins where two overlap. The text is never parsed as markup, and any
control character left in it is drawn as a visible stand-in, never sent to the terminal.

A long article with its layers is a lot of styled text, so the view uses Textual's line
API: the text is wrapped once per width into (start, end) offsets per screen line, only
the visible lines are drawn, each drawn line is kept until something it shows changes (a
layer touching it, the text from its paragraph on, the width or the theme), and a text
that grows at its end (a translation streaming in) is wrapped from its last paragraph.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from rich._wrap import divide_line
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader import keys
from reader.library.cleanup import replace_controls
from reader.widgets.key_scroll import KeySteps

Span = tuple[int, int, str | Style]


def displayable(text: str) -> str:
    """`text` as drawn: controls as visible stand-ins, tabs as spaces (one for one)."""
    return replace_controls(text).replace("\t", " ")


class ArticleText(KeySteps, ScrollView, can_focus=True):
    """A scrollable view of one article's text with toggleable highlight layers."""

    BINDINGS = keys.bindings("text")

    DEFAULT_CSS = """
    ArticleText { padding: 0 1; scrollbar-gutter: stable; overflow-x: hidden; }
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text
        self._shown = displayable(text)
        self._layers: dict[str, list[Span]] = {}
        self._hidden: set[str] = set()
        self._width = 0
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._by_line: dict[str, dict[int, list[Span]]] = {}
        self._strips: dict[int, Strip] = {}
        self._base: Style | None = None
        self.growing = False
        """While True (a text streaming in), the scrollable height grows by half at a time,
        so appending rarely changes the layout; set False when the text is complete."""

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str, *, keep_layers: bool = False) -> None:
        """Show another text; every layer is dropped, since its offsets no longer apply,
        unless `keep_layers` (the text only grew at its end)."""
        old = self._shown
        self._text, self._shown = text, displayable(text)
        if not keep_layers:
            self._layers.clear()
        if old and self._shown.startswith(old):
            self._wrap(old.rfind("\n") + 1)
        else:
            self._wrap(0)

    def set_layer(self, name: str, spans: Iterable[Span]) -> None:
        """Create or replace the layer `name`; spans outside the text are clipped."""
        size = len(self._text)
        clipped = []
        for start, end, style in spans:
            start, end = max(0, int(start)), min(size, int(end))
            if start < end:
                clipped.append((start, end, style))
        self._layers[name] = clipped
        self._forget(self._by_line.get(name, {}))
        self._by_line[name] = self._bucket(clipped)
        self._forget(self._by_line[name])

    def remove_layer(self, name: str) -> None:
        if self._layers.pop(name, None) is not None:
            self._forget(self._by_line.pop(name, {}))

    def spans(self, name: str) -> list[Span]:
        return list(self._layers.get(name, ()))

    def is_visible(self, name: str) -> bool:
        return name not in self._hidden

    def set_visible(self, name: str, visible: bool) -> None:
        """Show or hide a layer without forgetting its spans."""
        if visible == self.is_visible(name):
            return
        if visible:
            self._hidden.discard(name)
        else:
            self._hidden.add(name)
        self._forget(self._by_line.get(name, {}))

    def rendered(self) -> Text:
        """The text with every visible layer applied, as a plain `rich.text.Text`.

        Control characters become visible stand-ins, one for one, so offsets still hold."""
        result = Text(replace_controls(self._text))
        for name, spans in self._layers.items():
            if name in self._hidden:
                continue
            for start, end, style in spans:
                result.stylize(style, start, end)
        return result

    # -- positions ----------------------------------------------------------------------

    @property
    def scroll_fraction(self) -> float:
        """How far down the reader has scrolled, from 0.0 (top) to 1.0 (end)."""
        if self.max_scroll_y <= 0:
            return 0.0
        return min(1.0, max(0.0, self.scroll_y / self.max_scroll_y))

    def restore_position(self, position: float) -> None:
        """Scroll to a saved `position` once the text has been laid out."""
        if position > 0:
            self.call_after_refresh(self._scroll_to_fraction, position)

    def line_of(self, offset: int) -> int:
        """The wrapped line (from 0) on which character `offset` is drawn."""
        return max(0, bisect_right(self._starts, max(0, offset)) - 1)

    def scroll_to_offset(self, offset: int, *, animate: bool = False) -> None:
        """Bring character `offset` into view, a third of the way down the pane."""
        top = self.line_of(offset) - self.scrollable_content_region.height // 3
        self.scroll_to(y=max(0, top), animate=animate, immediate=not animate)

    def show_span(self, start: int, end: int) -> None:
        """Bring `start`..`end` into view, scrolling only when some of it is out of view
        (a step to the next sentence then redraws two lines, not the pane)."""
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        if not (top <= first and last < top + height):
            self.scroll_to_offset(start)

    def _scroll_to_fraction(self, position: float) -> None:
        self.scroll_to(y=round(position * self.max_scroll_y), animate=False)

    # -- layout and drawing -------------------------------------------------------------

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width and width > 0:
            top = self._starts[int(self.scroll_y)] if int(self.scroll_y) < len(self._starts) else 0
            self._width = width
            self._wrap(0)
            self.scroll_to(y=self.line_of(top), animate=False, immediate=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base = None

    def _wrap(self, start: int) -> None:
        """Wrap the text from `start` (a paragraph's first offset) on; earlier lines stay."""
        if not self._width:
            return
        first = bisect_right(self._starts, start - 1) if start else 0
        del self._starts[first:], self._ends[first:]
        text, width, at = self._shown, self._width, start
        while True:
            newline = text.find("\n", at)
            stop = len(text) if newline < 0 else newline
            breaks = divide_line(text[at:stop], width, fold=True) if stop > at else []
            for low, high in zip([0, *breaks], [*breaks, stop - at]):
                self._starts.append(at + low)
                self._ends.append(at + high)
            if newline < 0:
                break
            at = newline + 1
        self._by_line = {name: self._bucket(spans) for name, spans in self._layers.items()}
        for line in [line for line in self._strips if line >= first]:
            del self._strips[line]
        rows = len(self._starts)
        if self.growing and rows > self.virtual_size.height:
            rows = max(rows, self.virtual_size.height * 3 // 2)
        elif self.growing:
            rows = self.virtual_size.height
        self.virtual_size = Size(width, rows)
        self.refresh()

    def _bucket(self, spans: list[Span]) -> dict[int, list[Span]]:
        """Each wrapped line and the spans that fall on it."""
        lines: dict[int, list[Span]] = {}
        if not self._starts:
            return lines
        for span in spans:
            for line in range(self.line_of(span[0]), self.line_of(span[1] - 1) + 1):
                lines.setdefault(line, []).append(span)
        return lines

    def _forget(self, lines: Iterable[int]) -> None:
        """Draw these lines again when next shown."""
        for line in lines:
            self._strips.pop(line, None)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        line = int(self.scroll_y) + y
        strip = self._strips.get(line)
        if strip is None:
            strip = self._strips[line] = self._draw_line(line)
        return strip

    def _draw_line(self, line: int) -> Strip:
        if self._base is None:
            self._base = self.rich_style
        width, base = self._width, self._base
        if line >= len(self._starts):
            return Strip.blank(width, base)
        start, end = self._starts[line], self._ends[line]
        text = Text(self._shown[start:end], end="")
        for name in self._layers:
            if name in self._hidden:
                continue
            for low, high, style in self._by_line.get(name, {}).get(line, ()):
                text.stylize(style, max(low, start) - start, min(high, end) - start)
        segments = text.render(self.app.console)
        return Strip(segments).apply_style(base).crop_extend(0, width, base)
