"""The library's article list: one line per article, drawn only where it is visible.

A line-API scroll view holds plain data (list entries, their states, the filtered order)
and renders just the rows on screen, so ten thousand articles cost no widgets and
filtering as the reader types is a list comprehension. Rows are `rich.text.Text`, never
markup. Entries can be added, replaced and removed while the list is shown (a folder that
changes under it); the cursor stays on the article it was on.
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
from reader.library.article import Article, Entry
from reader.library.cleanup import one_line

Listed = Article | Entry
MAX_KEPT_LINES = 4096


def _source_name(article: Listed) -> str:
    return one_line(Path(article.path).name if article.path else article.source) or ""


def place(article: Listed) -> str:
    """What names an article's row across updates: its file, else its id."""
    return article.path or article.id


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

        article: Listed

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto an article."""

        article: Listed

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.articles: list[Listed] = []
        self.states: dict = {}
        self.filter_text = ""
        self._haystacks: list[str] = []
        self._order: list[int] = []
        self._places: dict[str, int] = {}
        self._strips: dict[tuple, Strip] = {}

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def shown(self) -> list[Listed]:
        """The articles that pass the filter, in list order."""
        return [self.articles[i] for i in self._order]

    @property
    def current(self) -> Listed | None:
        """The article under the cursor, if any row is shown."""
        return self.articles[self._order[self.cursor]] if self._order else None

    def add_articles(self, articles: list[Listed], states: dict) -> None:
        """Add a batch: an article whose file is listed already replaces its row, the
        others are appended; the ones matching the filter appear at once."""
        self.states.update(states)
        was_empty = not self._order
        current = self.current
        replaced = False
        for article in articles:
            index = self._places.get(place(article))
            if index is None:
                self._append(len(self.articles), article)
            else:
                self.articles[index] = article
                self._haystacks[index] = _haystack(article)
                replaced = True
        if replaced:
            self._refilter(current)
            return
        self._resize()
        if was_empty and self._order:
            self.cursor = 0

    def remove(self, places: set[str]) -> list[Listed]:
        """Take out the rows of these files (or ids); the cursor stays on its article, or
        on the row that took the place of a removed one. The removed articles."""
        gone = [a for a in self.articles if place(a) in places]
        if not gone:
            return []
        current = self.current
        position = self.cursor
        kept = [(a, h) for a, h in zip(self.articles, self._haystacks) if place(a) not in places]
        self.articles = [a for a, _ in kept]
        self._haystacks = [h for _, h in kept]
        self._places = {place(a): i for i, a in enumerate(self.articles)}
        self._refilter(current if current not in gone else None, fallback=position)
        return gone

    def set_filter(self, text: str) -> None:
        """Show only articles whose title or source contains `text` (any case)."""
        current = self.current
        self.filter_text = text.casefold()
        self._refilter(current, top=True)

    def _refilter(self, keep: Listed | None, fallback: int = 0, top: bool = False) -> None:
        """Recompute the shown rows; the cursor goes to `keep` (by its file) if shown,
        else to row `fallback`; `top` scrolls back to the first row first."""
        self._order = [i for i, hay in enumerate(self._haystacks) if self.filter_text in hay]
        self._resize()
        position = fallback
        if keep is not None:
            index = self._places.get(place(keep))
            if index is not None:
                position = next((n for n, i in enumerate(self._order) if i == index), fallback)
        if top:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = position

    def set_state(self, article_id: str, state: object) -> None:
        """Redraw the marks of one article after its read or star state changed."""
        self.states[article_id] = state
        self.refresh()

    def _append(self, index: int, article: Listed) -> None:
        self.articles.append(article)
        self._places[place(article)] = index
        hay = _haystack(article)
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

    def _row(self, article: Listed, width: int) -> Text:
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
        if y == 0:
            return self._drawn(("header", width), width, lambda: self._header(width),
                               "article-list--header")
        row = int(self.scroll_y) + y - 1
        if row >= len(self._order):
            return Strip.blank(width, self.rich_style)
        article = self.articles[self._order[row]]
        cursor = row == self.cursor
        return self._drawn((article, self.states.get(article.id), width, cursor), width,
                           lambda: self._row(article, width),
                           "article-list--cursor" if cursor else None)

    def _drawn(self, key: tuple, width: int, text, component: str | None) -> Strip:
        """A line drawn once and kept while nothing it shows changes: moving the cursor
        or filtering mostly shows lines drawn before."""
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) >= MAX_KEPT_LINES:
                self._strips.clear()
            style = self.rich_style
            if component is not None:
                style = style + self.get_component_rich_style(component)
            segments = text().render(self.app.console)
            strip = Strip(segments).apply_style(style).crop_extend(0, width, style)
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        """Styles changed (theme, focus): every kept line is drawn again."""
        self._strips.clear()
        super().notify_style_update()

    def _on_focus(self, event: events.Focus) -> None:
        self._strips.clear()
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        self._strips.clear()
        super()._on_blur(event)


def _haystack(article: Listed) -> str:
    """What the filter looks in: the title and the source, in any case."""
    return f"{article.title}\n{_source_name(article)}".casefold()
