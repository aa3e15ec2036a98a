"""The reading view: the full text beside its summary, with the summary highlighted.

Named entities are highlighted by type under a legend line; their keys and handlers come
from `EntityKeys`, and the entity panel takes the summary's place in `#aside`. Escape
closes the entity panel, then the translation, then goes back.

Layout: a header line, then `#panes` holding the text and `#aside`. `#aside` holds the
summary now and is where a translation pane goes: side by side when the terminal is wide,
stacked when it is narrow (the app's `-narrow` breakpoint class).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.library.article import Article
from reader.library.cleanup import one_line, replace_controls
from reader.widgets.article_text import ArticleText
from reader.widgets.entity_legend import EntityLegend
from reader.widgets.entity_keys import EntityKeys
from reader.widgets.entity_panel import EntityPanel
from reader.widgets.summary_view import SummaryView
from reader.widgets.translation_keys import TranslationKeys
from reader.widgets.translation_pane import TranslationPane

SUMMARY_STYLE = "reverse"
META_SHARE = 0.7


class ReadingScreen(TranslationKeys, EntityKeys, Screen):
    """One article: header, full text, summary; opening it marks it read."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("backspace", "back", "Back", show=False),
        Binding("h", "toggle_highlight", "Highlight"),
        Binding("m", "toggle_read", "Read"),
        Binding("asterisk", "toggle_star", "Star"),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self):
        with Horizontal(id="article-header"):
            yield Static(id="article-title")
            yield Static(id="article-meta")
        yield EntityLegend(id="entity-legend")
        with Horizontal(id="panes"):
            yield ArticleText(self.article.text, id="text")
            with Vertical(id="aside"):
                yield TranslationPane(id="translation")
                yield SummaryView(id="summary")
                yield EntityPanel(id="entity-panel")
        yield Footer()

    def on_mount(self) -> None:
        store = self.app.services.store
        state = store.state(self.article.id)
        if not state.read:
            store.set_read(self.article.id, True)
        text = self.query_one(ArticleText)
        text.border_title = "Text"
        if self.article.notes:  # e.g. shown as plain text because extraction took too long
            text.border_subtitle = replace_controls("; ".join(self.article.notes))
        text.restore_position(state.position)
        text.focus()
        self._update_header()
        self.refresh_summary()
        self.start_entities()

    def refresh_summary(self) -> None:
        """Ask for the summary at the app's current algorithm and size."""
        app = self.app
        self.query_one(SummaryView).request(self.article, app.algorithm, app.summary_size)

    def on_summary_view_ready(self, message: SummaryView.Ready) -> None:
        if message.article.id != self.article.id:
            return
        spans = [(s.start, s.end, SUMMARY_STYLE) for s in message.summary.sentences]
        self.query_one(ArticleText).set_layer("summary", spans)

    def _update_header(self) -> None:
        article = self.article
        state = self.app.services.store.state(article.id)
        title = Text(no_wrap=True, overflow="ellipsis", end="")
        if state.starred:
            title.append("★ ", style="bold yellow")
        title.append(one_line(article.title) or "(untitled)", style="bold")
        self.query_one("#article-title", Static).update(title)
        room = int((self.size.width - 2) * META_SHARE) - 2
        meta = Text(_meta(article, room), no_wrap=True, overflow="ellipsis", style="dim")
        self.query_one("#article-meta", Static).update(meta)

    def on_resize(self) -> None:
        self._update_header()

    def save_position(self) -> None:
        """Remember how far down the text the reader is."""
        position = self.query_one(ArticleText).scroll_fraction
        self.app.services.store.set_position(self.article.id, position)

    def action_back(self) -> None:
        if self.close_entity_panel():
            return
        if self.close_translation():
            return
        self.save_position()
        self.dismiss(self.article)

    def action_toggle_highlight(self) -> None:
        text = self.query_one(ArticleText)
        text.set_visible("summary", not text.is_visible("summary"))

    def action_toggle_read(self) -> None:
        store = self.app.services.store
        read = not store.state(self.article.id).read
        store.set_read(self.article.id, read)
        self.notify("marked read" if read else "marked unread", timeout=2)

    def action_toggle_star(self) -> None:
        store = self.app.services.store
        store.set_starred(self.article.id, not store.state(self.article.id).starred)
        self._update_header()


def _meta(article: Article, room: int) -> str:
    """Byline, date, language and length in `room` cells; the language and length are kept,
    the byline is shortened, then the date and byline are left out, when room runs short."""
    meta = f"{article.language or '?'} · {article.words} words"
    date = _clip(article.date or "", 28)
    if date and len(meta) + len(date) + 3 <= room:
        meta = f"{date} · {meta}"
    byline = one_line(article.byline or article.author) or ""
    fits = min(28, room - len(meta) - 3)
    if byline and fits >= 8:
        meta = f"{_clip(byline, fits)} · {meta}"
    return meta


def _clip(value: str, width: int) -> str:
    value = one_line(value) or ""
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"
