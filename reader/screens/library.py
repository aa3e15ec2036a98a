"""The library screen: the article list, filled progressively by a loader thread.

The loader streams articles in batches (every 100 articles or 50 ms) as messages, so a
folder of thousands of files shows its first rows at once while the rest keep coming.
A preview pane under (or beside) the list shows the highlighted article's summary.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.library.cleanup import replace_controls
from reader.library.article import Article, Skipped
from reader.messages import ArticlesLoaded, LoadFinished
from reader.widgets.article_list import ArticleList
from reader.widgets.summary_view import SummaryView

BATCH_SIZE = 100
BATCH_SECONDS = 0.05


class LibraryScreen(Screen):
    """Every article found under the paths, with its state and a summary preview."""

    AUTO_FOCUS = "#articles"
    BINDINGS = [
        Binding("slash", "start_filter", "Filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("m", "toggle_read", "Read"),
        Binding("asterisk", "toggle_star", "Star"),
        Binding("x", "show_skipped", "Skipped", show=False),
    ]

    def __init__(self, paths: list | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.skipped: list[Skipped] = []
        self.scanning = True

    def compose(self):
        yield Static(Text("reader", style="bold"), id="library-title")
        yield Input(placeholder="filter by title or source…", id="filter")
        yield ArticleList(id="articles")
        yield Static(id="library-status")
        yield SummaryView(id="preview", delay=0.15)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#preview", SummaryView).border_title = "Summary"
        self._update_status()
        self.load(self.paths)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self, paths: list | None) -> None:
        """Scan `paths` in a thread and post what is found in batches."""
        worker = get_current_worker()
        services = self.app.services
        articles: list[Article] = []
        skipped: list[Skipped] = []
        total = skipped_total = 0
        last = time.monotonic()
        try:
            for item in services.load_paths(paths):
                if worker.is_cancelled:
                    return
                if isinstance(item, Skipped):
                    skipped.append(item)
                    skipped_total += 1
                else:
                    articles.append(item)
                    total += 1
                if len(articles) + len(skipped) >= BATCH_SIZE or time.monotonic() - last >= BATCH_SECONDS:
                    self._flush(articles, skipped)
                    articles, skipped, last = [], [], time.monotonic()
        finally:
            if not worker.is_cancelled:
                self._flush(articles, skipped)
        self.post_message(LoadFinished(total, skipped_total))

    def _flush(self, articles: list[Article], skipped: list[Skipped]) -> None:
        if not articles and not skipped:
            return
        states = self.app.services.store.states([a.id for a in articles]) if articles else {}
        self.post_message(ArticlesLoaded(articles, states, skipped))

    def on_articles_loaded(self, message: ArticlesLoaded) -> None:
        self.skipped.extend(message.skipped)
        self.article_list.add_articles(message.articles, message.states)
        self._update_status()

    def on_load_finished(self, message: LoadFinished) -> None:
        self.scanning = False
        self._update_status()
        if message.skipped:
            files = "1 file" if message.skipped == 1 else f"{message.skipped} files"
            self.notify(
                f"{files} could not be read; press x to see why.",
                title="Skipped",
                severity="warning",
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "load" and event.state == WorkerState.ERROR:
            self.scanning = False
            self._update_status()
            message = replace_controls(f"could not load articles: {event.worker.error}")
            self.notify(message, severity="error", markup=False)

    def _update_status(self) -> None:
        table = self.query_one(ArticleList)
        count = len(table.articles)
        parts = [f"{count} article{'s' if count != 1 else ''}"]
        if table.filter_text:
            parts.append(f"{table.row_count} shown")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (x: why)")
        if self.scanning:
            progress = self.app.services.load_progress()
            parts.append(f"loading… {progress[0]}/{progress[1]}" if progress else "loading…")
        elif not count and not self.skipped:
            parts.append("nothing found (looked for .txt .md .markdown .html .htm)")
        self.query_one("#library-status", Static).update(Text(" · ".join(parts)))

    def on_article_list_highlighted(self, message: ArticleList.Highlighted) -> None:
        self.refresh_summary(message.article)

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        from reader.screens.reading import ReadingScreen

        article = message.article
        self.app.push_screen(ReadingScreen(article), callback=lambda _: self._refresh_state(article))

    def refresh_summary(self, article: Article | None = None) -> None:
        """Ask the preview pane for the summary at the app's current algorithm and size."""
        article = article or self.article_list.current
        app = self.app
        self.query_one("#preview", SummaryView).request(article, app.algorithm, app.summary_size)

    def _refresh_state(self, article: Article) -> None:
        self.article_list.set_state(article.id, self.app.services.store.state(article.id))

    def action_start_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        self.remove_class("-filtering")
        self.article_list.set_filter("")
        self.article_list.focus()
        self._update_status()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.article_list.set_filter(event.value)
        self._update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self.remove_class("-filtering")
        self.article_list.focus()

    def action_toggle_read(self) -> None:
        article = self.article_list.current
        if article is not None:
            store = self.app.services.store
            store.set_read(article.id, not store.state(article.id).read)
            self._refresh_state(article)

    def action_toggle_star(self) -> None:
        article = self.article_list.current
        if article is not None:
            store = self.app.services.store
            store.set_starred(article.id, not store.state(article.id).starred)
            self._refresh_state(article)

    def action_show_skipped(self) -> None:
        from reader.screens.skipped import SkippedScreen

        self.app.push_screen(SkippedScreen(list(self.skipped)))
