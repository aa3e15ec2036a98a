"""The library's article list: one line per article, drawn only where it is visible.

A line-API scroll view holds plain data (articles, their states, the filtered order) and
renders just the rows on screen, so ten thousand articles cost no widgets and filtering
as the reader types is a list comprehension. Rows are `rich.text.Text`, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader import keys
from reader.library.cleanup import one_line
from reader.library.article import Article


def _source_name(article: Article) -> str:
    return one_line(Path(article.path).name if article.path else article.source) or ""


class ArticleList(ScrollView, can_focus=True):
    """Read mark, star, title, language, word count and source file of each article."""

    BINDINGS = keys.bindings("list")

    COMPONENT_CLASSES = {"article-list--header", "article-list--cursor"}

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        & > .article-list--header { text-style: bold; background: $panel; }
        & > .article-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .article-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Selected(Message):
        """The reader chose an article to open."""

        article: Article

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto an article."""

        article: Article

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.articles: list[Article] = []
        self.states: dict = {}
        self.filter_text = ""
        self._haystacks: list[str] = []
        self._order: list[int] = []

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def shown(self) -> list[Article]:
        """The articles that pass the filter, in list order."""
        return [self.articles[i] for i in self._order]

    @property
    def current(self) -> Article | None:
        """The article under the cursor, if any row is shown."""
        return self.articles[self._order[self.cursor]] if self._order else None

    def add_articles(self, articles: list[Article], states: dict) -> None:
        """Append a batch; the ones matching the filter appear at once."""
        self.states.update(states)
        was_empty = not self._order
        for article in articles:
            self._append(len(self.articles), article)
        self._resize()
        if was_empty and self._order:
            self.cursor = 0

    def set_filter(self, text: str) -> None:
        """Show only articles whose title or source contains `text` (any case)."""
        current = self.current
        self.filter_text = text.casefold()
        self._order = [i for i, hay in enumerate(self._haystacks) if self.filter_text in hay]
        self._resize()
        position = 0
        if current is not None:
            position = next((n for n, i in enumerate(self._order) if self.articles[i] is current), 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = position

    def set_state(self, article_id: str, state: object) -> None:
        """Redraw the marks of one article after its read or star state changed."""
        self.states[article_id] = state
        self.refresh()

    def _append(self, index: int, article: Article) -> None:
        self.articles.append(article)
        hay = f"{article.title}\n{_source_name(article)}".casefold()
        self._haystacks.append(hay)
        if self.filter_text in hay:
            self._order.append(index)

    def _resize(self) -> None:
        self.virtual_size = Size(0, len(self._order) + 1)
        self.refresh()

    def on_resize(self) -> None:
        self._resize()

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._order) - 1))

    def watch_cursor(self, cursor: int) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        if cursor < self.scroll_y:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= self.scroll_y + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False, immediate=True)
        self.refresh()
        if self._order:
            self.post_message(self.Highlighted(self.current))

    def action_move(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 2)

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else len(self._order) - 1

    def action_select(self) -> None:
        if self._order:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_y) + offset.y - 1
        if row < len(self._order):
            self.cursor = row
            if event.chain >= 2:
                self.action_select()

    def _widths(self, width: int) -> tuple[int, int]:
        """Title and source widths; marks, language and words take 19 cells."""
        source = min(32, max(12, width // 5))
        title = max(10, width - source - 19)
        return title, source

    def _header(self, width: int) -> Text:
        title, source = self._widths(width)
        line = Text("     ")
        line.append("Title".ljust(title))
        line.append(f" {'Lang':<4} {'Words':>6}  ")
        line.append("Source".ljust(source))
        return line

    def _row(self, article: Article, width: int) -> Text:
        title_width, source_width = self._widths(width)
        state = self.states.get(article.id)
        read, starred = getattr(state, "read", False), getattr(state, "starred", False)
        line = Text(" ")
        line.append("○" if read else "●", style="dim" if read else "bold")
        line.append(" ")
        line.append("★" if starred else " ", style="bold yellow")
        line.append(" ")
        title = Text(one_line(article.title) or "(untitled)")
        title.truncate(title_width, overflow="ellipsis", pad=True)
        line.append_text(title)
        line.append(f" {(article.language or '?')[:4]:<4} {article.words:>6}  ")
        source = Text(_source_name(article))
        source.truncate(source_width, overflow="ellipsis")
        line.append_text(source)
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            text = self._header(width)
            style = base + self.get_component_rich_style("article-list--header")
        else:
            row = int(self.scroll_y) + y - 1
            if row >= len(self._order):
                return Strip.blank(width, base)
            text = self._row(self.articles[self._order[row]], width)
            style = base
            if row == self.cursor:
                style = base + self.get_component_rich_style("article-list--cursor")
        segments = text.render(self.app.console)
        return Strip(segments).apply_style(style).crop_extend(0, width, style)
