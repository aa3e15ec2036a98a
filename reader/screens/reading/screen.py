"""The reading view: the full text beside its summary, with the summary highlighted.

Named entities are highlighted by type under a legend line; their keys, jobs and handlers
come from `EntityPart` (entities.py), and the entity panel takes the summary's place in
`#aside`; the translation's from `TranslationPart` (translation.py). Escape closes the
entity panel, then the translation, then goes back.

Layout: a header line, then `#panes` holding the text and `#aside`. `#aside` holds the
summary now and is where a translation pane goes: side by side when the terminal is wide,
stacked when it is narrow (the app's `-narrow` breakpoint class).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader import keys
from reader.jobs import JobReport, Jobs
from reader.library.article import Article
from reader.library.cleanup import one_line, replace_controls
from reader.screens.layout import set_breakpoints
from reader.screens.links import LinkPart
from reader.screens.reading.entities import EntityPart
from reader.screens.reading.translation import TranslationPart
from reader.widgets.article_text import ArticleText
from reader.widgets.entity_legend import EntityLegend
from reader.widgets.entity_panel import EntityPanel
from reader.widgets.summary_view import SummaryView
from reader.widgets.translation_pane import TranslationPane

SUMMARY_STYLE = "reverse"
META_SHARE = 0.7
"""Of a header line too short for the title and the details, the details' share."""
STACK_BELOW = 120
"""Narrower than this, a title that leaves no room for the details gets a line of its own."""


class ReadingScreen(LinkPart, TranslationPart, EntityPart, Screen):
    """One article: header, full text, summary; opening it marks it read."""

    BINDINGS = keys.bindings("reading", "translation", "entities")

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        self.jobs = Jobs(self)
        set_breakpoints(self)

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
        yield Footer(compact=True)

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
        self.call_after_refresh(self.app.settle_heap)

    def refresh_summary(self) -> None:
        """Ask for the summary at the app's current algorithm and size."""
        app = self.app
        self.query_one(SummaryView).request(self.article, app.algorithm, app.summary_size)

    def on_summary_view_ready(self, message: SummaryView.Ready) -> None:
        if message.article.id != self.article.id:
            return
        spans = [(s.start, s.end, SUMMARY_STYLE) for s in message.summary.sentences]
        self.query_one(ArticleText).set_layer("summary", spans)

    def on_job_report(self, report: JobReport) -> None:
        handlers = {"entities": self.entities_report,
                    "entities-translation": self.translation_entities_report,
                    "link": self.link_report}
        handlers[report.slot](report)
        self.call_after_refresh(self.app.settle_heap)

    def on_translation_pane_translated(self, message: TranslationPane.Translated) -> None:
        self.tag_translation(self.query_one(TranslationPane))

    def _update_header(self) -> None:
        article = self.article
        state = self.app.services.store.state(article.id)
        title = Text(no_wrap=True, overflow="ellipsis", end="")
        if state.starred:
            title.append("★ ", style="bold yellow")
        title.append(one_line(article.title) or "(untitled)", style="bold")
        self.query_one("#article-title", Static).update(title)
        width = (self.size.width or self.app.size.width) - 2
        full = _meta(article, width)
        fits = title.cell_len + 2 + cell_len(full) <= width
        stacked = not fits and width < STACK_BELOW
        header = self.query_one("#article-header")
        header.set_class(stacked, "-stacked")
        header.set_class(fits, "-fits")
        room = width if fits or stacked else int(width * META_SHARE) - 2
        meta = Text(_meta(article, room), no_wrap=True, overflow="ellipsis", style="dim")
        self.query_one("#article-meta", Static).update(meta)

    def on_resize(self) -> None:
        self._update_header()

    def save_position(self) -> None:
        """Remember how far down the text the reader is."""
        position = self.query_one(ArticleText).scroll_fraction
        self.app.services.store.set_position(self.article.id, position)

    def link_article(self) -> Article:
        return self.article

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
    if date and cell_len(meta) + cell_len(date) + 3 <= room:
        meta = f"{date} · {meta}"
    byline = one_line(article.byline or article.author) or ""
    fits = room - cell_len(meta) - 3
    if byline and fits >= 8:
        meta = f"{_clip(byline, fits)} · {meta}"
    return meta


def _clip(value: str, width: int) -> str:
    text = Text(one_line(value) or "")
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text.plain
