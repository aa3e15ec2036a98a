"""The library's article table: one row per article, filtered as the reader types.

A DataTable draws only the visible rows, so ten thousand articles cost ten thousand rows
of plain data, not ten thousand widgets. Cells are `rich.text.Text`, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from reader.library.models import Article

FIXED_COLUMNS = (("read", 1), ("star", 1), ("lang", 4), ("words", 6))


def _state_of(states: dict, article_id: str) -> tuple[bool, bool]:
    state = states.get(article_id)
    return (bool(getattr(state, "read", False)), bool(getattr(state, "starred", False)))


class ArticleList(DataTable):
    """Articles with read state, star, title, language, word count and source file."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    @dataclass
    class Selected(Message):
        """The reader chose an article to open."""

        article: Article

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto an article."""

        article: Article

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.articles: list[Article] = []
        self.states: dict = {}
        self.filter_text = ""
        self._width = 0

    def on_mount(self) -> None:
        self._build_columns()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._rebuild()

    @property
    def current(self) -> Article | None:
        """The article under the cursor, if any row is shown."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key
        return self.articles[int(key.value)]

    @property
    def shown(self) -> list[Article]:
        """The articles that pass the filter, in table order."""
        return [self.articles[int(row.value)] for row in self.rows]

    def add_articles(self, articles: list[Article], states: dict) -> None:
        """Append a batch; the ones matching the filter appear at once."""
        self.states.update(states)
        for article in articles:
            index = len(self.articles)
            self.articles.append(article)
            if self._matches(article):
                self._add_row(index, article)

    def set_filter(self, text: str) -> None:
        """Show only articles whose title or source contains `text` (any case)."""
        self.filter_text = text.casefold()
        self._rebuild()

    def set_state(self, article_id: str, state: object) -> None:
        """Redraw the read and star marks of one article after its state changed."""
        self.states[article_id] = state
        read, starred = _state_of(self.states, article_id)
        for row in self.rows:
            if self.articles[int(row.value)].id == article_id:
                self.update_cell(row, "read", self._read_mark(read))
                self.update_cell(row, "star", self._star_mark(starred))

    def _matches(self, article: Article) -> bool:
        if not self.filter_text:
            return True
        haystack = f"{article.title}\n{_source_name(article)}".casefold()
        return self.filter_text in haystack

    def _source_width(self) -> int:
        return min(32, max(14, self.size.width // 5))

    def _title_width(self) -> int:
        fixed = sum(width + 2 for _, width in FIXED_COLUMNS) + self._source_width() + 2
        return max(16, self.size.width - fixed - 2)

    def _build_columns(self) -> None:
        self._width = self.size.width
        for key, width in FIXED_COLUMNS[:2]:
            self.add_column(Text(""), key=key, width=width)
        self.add_column(Text("Title"), key="title", width=self._title_width())
        for key, width in FIXED_COLUMNS[2:]:
            self.add_column(Text(key.capitalize()), key=key, width=width)
        self.add_column(Text("Source"), key="source", width=self._source_width())

    def _rebuild(self) -> None:
        current = self.current
        self.clear(columns=True)
        self._build_columns()
        for index, article in enumerate(self.articles):
            if self._matches(article):
                self._add_row(index, article)
        if current is not None:
            for position, article in enumerate(self.shown):
                if article is current:
                    self.move_cursor(row=position, animate=False)
                    break

    def _add_row(self, index: int, article: Article) -> None:
        read, starred = _state_of(self.states, article.id)
        title = Text(article.title or "(untitled)", no_wrap=True, overflow="ellipsis")
        title.truncate(self._title_width(), overflow="ellipsis")
        source = Text(_source_name(article), no_wrap=True, overflow="ellipsis")
        source.truncate(self._source_width(), overflow="ellipsis")
        self.add_row(
            self._read_mark(read),
            self._star_mark(starred),
            title,
            Text(article.language or "?"),
            Text(str(article.words), justify="right"),
            source,
            key=str(index),
        )

    @staticmethod
    def _read_mark(read: bool) -> Text:
        return Text("○", style="dim") if read else Text("●", style="bold")

    @staticmethod
    def _star_mark(starred: bool) -> Text:
        return Text("★", style="bold yellow") if starred else Text(" ")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        article = self.articles[int(event.row_key.value)]
        self.post_message(self.Highlighted(article))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.Selected(self.articles[int(event.row_key.value)]))


def _source_name(article: Article) -> str:
    if article.path:
        return Path(article.path).name
    return article.source or ""
