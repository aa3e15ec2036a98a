"""The article's full text, drawn as data with layers of styled spans laid over it.

Each layer is a named list of (start, end, style) character offsets into `Article.text`:
the summary highlight is one layer; entity labels or a "current sentence" marker are more
layers added with `set_layer`. Layers are applied in the order they were first set, so a
later layer's style wins where two overlap. The text is never parsed as markup, and any
control character left in it is drawn as a visible stand-in, never sent to the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from reader.library.cleanup import replace_controls
from reader.widgets.key_scroll import KeyScroll

Span = tuple[int, int, str | Style]


class ArticleText(KeyScroll):
    """A scrollable view of one article's text with toggleable highlight layers."""

    DEFAULT_CSS = """
    ArticleText > #body { width: 1fr; height: auto; padding: 0 1; }
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text
        self._layers: dict[str, list[Span]] = {}
        self._hidden: set[str] = set()

    def compose(self):
        yield Static(self.rendered(), id="body")

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Show another text; every layer is dropped, since its offsets no longer apply."""
        self._text = text
        self._layers.clear()
        self._redraw()

    def set_layer(self, name: str, spans: Iterable[Span]) -> None:
        """Create or replace the layer `name`; spans outside the text are clipped."""
        size = len(self._text)
        clipped = []
        for start, end, style in spans:
            start, end = max(0, int(start)), min(size, int(end))
            if start < end:
                clipped.append((start, end, style))
        self._layers[name] = clipped
        self._redraw()

    def remove_layer(self, name: str) -> None:
        if self._layers.pop(name, None) is not None:
            self._redraw()

    def spans(self, name: str) -> list[Span]:
        return list(self._layers.get(name, ()))

    def is_visible(self, name: str) -> bool:
        return name not in self._hidden

    def set_visible(self, name: str, visible: bool) -> None:
        """Show or hide a layer without forgetting its spans."""
        if visible:
            self._hidden.discard(name)
        else:
            self._hidden.add(name)
        self._redraw()

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
        body = self.query_one("#body", Static)
        width = max(1, body.content_region.width)
        prefix = Text(replace_controls(self._text[: max(0, offset)]) + "\u200b")
        return max(0, len(prefix.wrap(self.app.console, width)) - 1)

    def scroll_to_offset(self, offset: int, *, animate: bool = False) -> None:
        """Bring character `offset` into view, a third of the way down the pane."""
        top = self.line_of(offset) - self.scrollable_content_region.height // 3
        self.scroll_to(y=max(0, top), animate=animate)

    def _scroll_to_fraction(self, position: float) -> None:
        self.scroll_to(y=round(position * self.max_scroll_y), animate=False)

    def _redraw(self) -> None:
        if self.is_mounted:
            self.query_one("#body", Static).update(self.rendered())
