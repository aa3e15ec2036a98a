"""The library screen: the article list, filled progressively by a loading job.

The loader streams what it finds through the job helper, which hands it over in batches
(at most one per 50 ms), so a folder of thousands of files shows its first rows at once
while the rest keep coming; the title line counts the files done out of those found.
Rows are entries (metadata only, most of them from the metadata cache); an article's
file is read again when it is opened, in a job. A preview pane under (or beside) the
list shows the highlighted article's summary. Feed articles, the sources pane beside the
list and fetching are the part in `reader.screens.sources`.

The first rows come before anything else: the filter field and the key bar are mounted
once the first rows are shown (each costs about as much to build as the rest of the
screen), or when the reader asks to filter before that.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from reader import keys
from reader.jobs import JobReport, Jobs, failure_text, notify_failure
from reader.library.article import Article, Entry, Skipped
from reader.library.listing import Gone
from reader.screens.layout import set_breakpoints
from reader.screens.links import LinkPart
from reader.screens.sources import Sources
from reader.services import chosen_paths
from reader.widgets.article_list import ArticleList, place
from reader.widgets.source_list import SourceList
from reader.widgets.summary_view import SummaryView


def _scan(token, services, paths: list | None):
    """Articles and skipped files under `paths`, as they are found."""
    return services.load_paths(paths)


def _watch(token, services, paths: list | None, ready: threading.Event):
    """What changes under `paths` while the screen is shown, once `ready` is set."""
    live = services.watch(paths)
    if live is None:
        return ()
    token.on_cancel(live.stop)
    return live.changes(ready)


def _open(token, services, entry: Entry | Article) -> Article:
    """The whole article of a row, read from its file."""
    return services.article(entry)


class LibraryScreen(LinkPart, Screen):
    """Every article found under the paths, with its state and a summary preview."""

    AUTO_FOCUS = "#articles"
    BINDINGS = keys.bindings("library")

    def __init__(self, paths: list | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.skipped: list[Skipped] = []
        self.scanning = True
        self.jobs = Jobs(self)
        self.sources = Sources(self, chosen_paths(paths))
        self.sources.fit(self.app.size.width)
        self._footer: Footer | None = None
        self._keys_depend_on: tuple | None = None
        set_breakpoints(self)

    def compose(self):
        yield Static(Text("reader", style="bold"), id="library-title")
        with Horizontal(id="library-body"):
            yield SourceList(id="sources", live=True)
            with Vertical(id="library-main"):
                yield ArticleList(id="articles")
                yield Static(id="library-status")
                yield SummaryView(id="preview", delay=0.15)

    def on_mount(self) -> None:
        self.query_one("#preview", SummaryView).border_title = "Summary"
        self.query_one("#sources", SourceList).border_title = "Sources"
        self._update_status()
        self.sources.load()
        self.load(self.paths)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    def load(self, paths: list | None) -> None:
        """Scan `paths` in the background; rows appear as they are found. The folders
        are watched from now on; what changes in them is applied once the scan is done."""
        self.scanning = True
        self._listed = threading.Event()
        self.jobs.start("load", tuple(paths or ()), _scan, self.app.services, paths, stream=True)
        self.jobs.start("watch", tuple(paths or ()), _watch, self.app.services, paths,
                        self._listed, stream=True)

    def on_job_report(self, report: JobReport) -> None:
        if self.sources.on_report(report):
            return
        if report.slot == "open":
            self._opened(report)
            return
        if report.slot == "link":
            self.link_report(report)
            return
        self._apply(report.items)
        if report.slot == "watch":
            if report.failed:
                notify_failure(self, failure_text(report.error, "watch the folders"),
                               "Live folders", severity="warning")
        elif report.done:
            self._listed.set()
            self._finished(report)
        self._update_status()
        if self._footer is None and (report.items or report.done):
            self._footer = Footer(compact=True)
            self.call_after_refresh(self._show_keys)
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Redraw the footer's keys, only when what they depend on changed (a footer
        rebuilds its keys, which would cost every filter keystroke a whole layout)."""
        depends = (self.article_list.current is not None, bool(self.skipped))
        if depends != self._keys_depend_on:
            self._keys_depend_on = depends
            self.refresh_bindings()

    def _apply(self, items: list) -> None:
        """Entries (new rows, or replacing the row of the same file), Skipped and Gone, in
        the order they came: for each file, the last word counts."""
        last: dict[str, object] = {}
        for item in items:
            name = item.path if isinstance(item, (Gone, Skipped)) else place(item)
            last.pop(name, None)
            last[name] = item
        leaving = {n for n, i in last.items() if isinstance(i, (Gone, Skipped))}
        rows = [i for n, i in last.items() if n not in leaving]
        skipped = [i for i in last.values() if isinstance(i, Skipped)]
        if leaving or self.skipped:
            self.skipped = [s for s in self.skipped if s.path not in last]
        if leaving:
            self.article_list.remove(leaving)
        self.skipped.extend(skipped)
        if rows:
            states = self.app.services.store.states([a.id for a in rows])
            self.article_list.add_articles(rows, states)

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self.app.settle_heap)

    async def _show_keys(self) -> None:
        self._filter_field()
        await self.mount(self._footer)
        self.refresh_bindings()  # the key bar fills in when told the bindings

    def _finished(self, report: JobReport) -> None:
        self.call_after_refresh(self.app.settle_heap)
        self.scanning = False
        if report.failed:
            notify_failure(self, failure_text(report.error, "load articles"), "Library")
        elif self.skipped:
            count = len(self.skipped)
            files = "1 file" if count == 1 else f"{count} files"
            self.notify(f"{files} could not be read; press x to see why.",
                        title="Skipped", severity="warning")

    def _update_title(self) -> None:
        """The title line: the program's name, and while reading, files done / found."""
        title = Text("reader", style="bold")
        if self.scanning:
            progress = self.app.services.load_progress()
            if progress:
                title.append(f" · reading {progress[0]:,}/{progress[1]:,}", style="dim")
        title.append_text(self.sources.title())
        self.query_one("#library-title", Static).update(title, layout=False)

    def _update_status(self) -> None:
        self._update_title()
        table = self.query_one(ArticleList)
        count = len(table.articles)
        parts = [f"{count} article{'s' if count != 1 else ''}"]
        if table.filter_text or table.scope is not None:
            parts.append(f"{table.row_count} shown")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (x: why)")
        if self.scanning:
            parts.append("loading…")
        elif not count and not self.skipped:
            parts.append("nothing found (looked for .txt .md .markdown .html .htm)")
        self.query_one("#library-status", Static).update(Text(" · ".join(parts)), layout=False)

    def on_resize(self, event) -> None:
        self.sources.fit(event.size.width)

    def sources_changed(self) -> None:
        self._update_status()

    def on_article_list_changed(self) -> None:
        self.sources.changed()

    def on_source_list_chosen(self, message: SourceList.Chosen) -> None:
        self.sources.on_chosen(message)

    def action_choose_source(self) -> None:
        self.sources.pick()

    def action_fetch_feeds(self) -> None:
        self.sources.fetch()

    def on_article_list_highlighted(self, message: ArticleList.Highlighted) -> None:
        self.refresh_summary(message.article)

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        """Open the article: at once when the row holds it whole, else once its file is
        read again (in a job; another choice meanwhile supersedes it)."""
        if isinstance(message.article, Article):
            self._read(message.article)
        else:
            self.jobs.start("open", place(message.article), _open, self.app.services,
                            message.article)

    def _opened(self, report: JobReport) -> None:
        if report.failed:
            notify_failure(self, failure_text(report.error, "open the article"), "Open")
        else:
            self._read(report.result)

    def _read(self, article: Article) -> None:
        from reader.screens.reading import ReadingScreen

        self.app.push_screen(ReadingScreen(article), callback=lambda _: self._returned(article))

    def _returned(self, article: Article | Entry) -> None:
        """Back from reading: its marks may have changed, and the summary settings."""
        self._refresh_state(article)
        self.refresh_summary()

    def refresh_summary(self, article: Article | Entry | None = None) -> None:
        """Ask the preview pane for the summary at the app's current algorithm and size."""
        article = article or self.article_list.current
        app = self.app
        self.query_one("#preview", SummaryView).request(article, app.algorithm, app.summary_size)

    def _refresh_state(self, article: Article | Entry) -> None:
        self.article_list.set_state(article.id, self.app.services.store.state(article.id))

    def _filter_field(self) -> Input:
        """The filter field, mounted above the list on first use."""
        found = self.query("#filter")
        if found:
            return found.first(Input)
        field = Input(placeholder="filter by title or source…", id="filter")
        self.mount(field, before=self.article_list)
        return field

    def action_start_filter(self) -> None:
        self.add_class("-filtering")
        field = self._filter_field()
        if field.is_mounted:  # at once: the keys typed right after "/" go to the field
            self.set_focus(field)
        else:
            field.focus()

    def action_clear_filter(self) -> None:
        field = self._filter_field()
        field.value = ""
        self.remove_class("-filtering")
        self.article_list.set_filter("")
        self.article_list.focus()
        self._update_status()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.article_list.set_filter(event.value)
        self._update_status()
        self._refresh_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Marks only when an article is highlighted; skipped files only when there are."""
        if not self.is_mounted:
            return True
        if action == "start_filter":  # a "/" typed into a field is a character
            return not isinstance(self.app.focused, Input)
        if action in ("toggle_read", "toggle_star", "open_link"):
            return self.article_list.current is not None
        if action == "show_skipped":
            return bool(self.skipped)
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter opens the highlighted article (an empty filter closes)."""
        if not event.value:
            self.remove_class("-filtering")
        self.article_list.focus()
        if event.value:
            self.article_list.action_select()

    def link_article(self) -> Article | Entry | None:
        return self.article_list.current

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
