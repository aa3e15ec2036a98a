"""The library's sources: feed articles in the list, the sources pane, fetching with `r`.

The library is one list: the opened folders' files and every feed's kept articles (feed
articles first, newest first). `Sources` is the library screen's part for everything
feeds and sources: it lists the kept feed articles in a job, keeps the pane (All,
Unread, Starred, each feed and each folder, with counts) in step with the list, narrows
the list to the source chosen, and fetches every feed in the background, the title line
counting the feeds done. Articles a fetch brings are put at the top of the list; the
cursor stays on its article. A feed that failed is one line of one notification.
"""

from __future__ import annotations

import os
import queue
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from reader.jobs import JobReport, failure_text, notify_failure
from reader.library.cleanup import one_line
from reader.screens.source_picker import SourcePicker
from reader.widgets.article_list import ArticleList, Scope
from reader.widgets.source_list import Source, SourceList

ALL, UNREAD, STARRED = "all", "unread", "starred"
FEED, FOLDER = "feed:", "folder:"
RECOUNT_DELAY = 0.2
"""Seconds the counts wait after a change, so a burst of rows is counted once."""
SHOWN_FAILURES = 5
PANE_FROM = 120
"""Columns from which the sources pane is shown beside the list; narrower, the list keeps
the width and `f` opens a picker."""


@dataclass(frozen=True)
class Fetched:
    """One feed's fetch ended: its result, and how many of `total` feeds are done."""

    result: object
    done: int
    total: int


def _shelf(token, services):
    """The kept feed articles as entries, with their marks."""
    shelf = services.feed_shelf()
    return shelf, services.store.states([e.id for e in shelf.entries])


def _fetch(token, services):
    """Fetch every feed: a `Fetched` as each feed ends, and after one that brought
    articles, that feed's (shelf, states)."""
    found: queue.Queue = queue.Queue()
    stop = threading.Event()
    token.on_cancel(stop.set)

    def run() -> None:
        try:
            services.refresh_feeds(lambda r, d, t: found.put(Fetched(r, d, t)), stop)
        except Exception as error:
            found.put(error)
        finally:
            found.put(None)

    threading.Thread(target=run, name="reader-fetch", daemon=True).start()
    while not token.cancelled:
        try:
            item = found.get(timeout=0.2)
        except queue.Empty:
            continue
        if item is None:
            return
        if isinstance(item, Exception):
            raise item
        yield item
        if item.result.new:
            shelf = services.feed_shelf(item.result.url)
            yield shelf, services.store.states([e.id for e in shelf.entries])


def _under(path: str, folder: str) -> bool:
    path = os.path.abspath(path)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class Sources:
    """Feeds and folders of the library `screen` (which owns the jobs and the list)."""

    SLOTS = ("shelf", "fetch")

    def __init__(self, screen, folders: list[Path]) -> None:
        self.screen = screen
        self.folders = list(dict.fromkeys(os.path.abspath(f) for f in folders))
        self.feeds: list = []
        self.feed_of: dict[str, str] = {}
        self.chosen = ALL
        self.progress: tuple[int, int] | None = None
        self.failures: list = []
        self.new = 0
        self._counting = None
        self.shelved = False
        """Whether the feed articles were put in the list once (after that, rows
        coming at the top leave the cursor on its article)."""

    @property
    def articles(self) -> ArticleList:
        return self.screen.query_one(ArticleList)

    @property
    def pane(self) -> SourceList:
        return self.screen.query_one("#sources", SourceList)

    def load(self) -> None:
        """List the kept feed articles (in a job) and show the pane."""
        self.show()
        self.screen.jobs.start("shelf", None, _shelf, self.screen.app.services)

    # -- what the pane offers --------------------------------------------------------------

    def sources(self) -> list[Source]:
        counts = self._counts()
        shown = [Source(ALL, "All", counts[ALL]), Source(UNREAD, "Unread", counts[UNREAD]),
                 Source(STARRED, "Starred", counts[STARRED])]
        for feed in self.feeds:
            shown.append(Source(FEED + feed.url, feed.name, counts[FEED + feed.url], "Feeds",
                                failed=feed.status in ("error", "gone")))
        for folder in self.folders:
            shown.append(Source(FOLDER + folder, Path(folder).name or folder,
                                counts[FOLDER + folder], "Folders"))
        return shown

    def _counts(self) -> Counter:
        """All articles; unread ones; starred ones; unread ones of each feed and folder."""
        counts: Counter = Counter()
        rows = self.articles
        folder_of: dict[str, str | None] = {}
        for article in rows.articles:
            state = rows.states.get(article.id)
            counts[ALL] += 1
            if getattr(state, "starred", False):
                counts[STARRED] += 1
            if getattr(state, "read", False):
                continue
            counts[UNREAD] += 1
            if article.path is None:
                counts[FEED + self.feed_of.get(article.id, "")] += 1
                continue
            parent = os.path.dirname(article.path)
            if parent not in folder_of:
                folder_of[parent] = next((f for f in self.folders if _under(article.path, f)),
                                         None)
            counts[FOLDER + (folder_of[parent] or "")] += 1
        return counts

    def name(self, source_id: str) -> str:
        return next((s.name for s in self.pane.sources if s.id == source_id), "All")

    def title(self) -> Text:
        """What the title line says after the program's name: the source shown, and
        while fetching, the feeds done out of all."""
        title = Text()
        if self.chosen != ALL:
            title.append(f" · {one_line(self.name(self.chosen))}")
        if self.progress is not None:
            title.append(f" · fetching {self.progress[0]}/{self.progress[1]} feeds",
                         style="dim")
        return title

    def show(self) -> None:
        self.pane.show(self.sources(), self.chosen)

    def changed(self) -> None:
        """Rows or marks changed: count again soon (once for a burst of changes)."""
        if self._counting is None:
            self._counting = self.screen.set_timer(RECOUNT_DELAY, self._recount)

    def _recount(self) -> None:
        self._counting = None
        self.show()

    # -- choosing a source -----------------------------------------------------------------

    def scope(self, source_id: str) -> Scope | None:
        if source_id == UNREAD:
            return lambda article, state: not getattr(state, "read", False)
        if source_id == STARRED:
            return lambda article, state: getattr(state, "starred", False)
        if source_id.startswith(FEED):
            url = source_id[len(FEED):]
            return lambda article, state: (article.path is None
                                           and self.feed_of.get(article.id) == url)
        if source_id.startswith(FOLDER):
            folder = source_id[len(FOLDER):]
            return lambda article, state: article.path is not None and _under(article.path,
                                                                              folder)
        return None

    def choose(self, source_id: str) -> None:
        """Show only the articles of `source_id` (an unknown one shows every article)."""
        if source_id not in {s.id for s in self.pane.sources}:
            source_id = ALL
        if source_id != self.chosen:
            self.chosen = source_id
            self.articles.set_scope(self.scope(source_id))
            self.show()
        self.screen.sources_changed()

    def on_chosen(self, message: SourceList.Chosen) -> None:
        self.choose(message.source_id)
        if message.final:
            self.articles.focus()

    def fit(self, width: int) -> None:
        """Show the pane beside the list when the screen is `width` columns wide."""
        self.screen.set_class(width >= PANE_FROM, "-with-sources")

    def pick(self) -> None:
        """Wide: move to the pane; narrow (the pane is hidden): a picker over the list."""
        if not self.screen.has_class("-with-sources"):
            self.screen.app.push_screen(SourcePicker(self.pane.sources, self.chosen),
                                        callback=self._picked)
        else:
            self.pane.focus()

    def _picked(self, source_id: str | None) -> None:
        if source_id is not None:
            self.choose(source_id)
        self.articles.focus()

    # -- fetching ----------------------------------------------------------------------------

    def fetch(self) -> None:
        """Fetch every feed in the background (once at a time)."""
        if self.screen.jobs.running("fetch"):
            self.screen.notify("The feeds are being fetched already.", timeout=3)
            return
        if not self.feeds and not self.screen.jobs.running("shelf"):
            self.screen.notify("No feeds yet: add one with reader feeds add URL.",
                               title="Feeds", severity="warning")
            return
        self.progress, self.failures, self.new = (0, len(self.feeds)), [], 0
        self.screen.jobs.start("fetch", None, _fetch, self.screen.app.services, stream=True)
        self.screen.sources_changed()

    def on_report(self, report: JobReport) -> bool:
        """Handle a report of this part's jobs; False for any other job's report."""
        if report.slot not in self.SLOTS:
            return False
        for item in report.items:
            if isinstance(item, Fetched):
                self._fetched(item)
            else:
                self._shelved(*item, whole=False)
        if report.done and report.slot == "shelf":
            if report.failed:
                notify_failure(self.screen, failure_text(report.error, "list the feeds"),
                               "Feeds")
            else:
                self._shelved(*report.result, whole=True)
        elif report.done:
            self._fetch_ended(report)
        self.screen.sources_changed()
        return True

    def _fetched(self, item: Fetched) -> None:
        self.progress = (item.done, item.total)
        self.new += item.result.new
        if item.result.failed:
            self.failures.append(item.result)

    def _shelved(self, shelf, states: dict, *, whole: bool) -> None:
        """Put the shelf's articles in the list: new ones at the top, known ones in
        place; with the `whole` shelf, feed articles no longer kept leave."""
        self.feeds = shelf.feeds
        if whole:
            gone = {i for i in self.feed_of if i not in shelf.feed_of}
            self.feed_of = dict(shelf.feed_of)
            if gone:
                self.articles.remove(gone)
        else:
            self.feed_of.update(shelf.feed_of)
        if shelf.entries:
            rows = self.articles
            first = not self.shelved and rows.cursor == 0
            rows.add_articles(shelf.entries, states, front=True)
            if first:  # the files listed first: the list still opens at its top
                rows.cursor = 0
        self.shelved = True
        self.show()

    def _fetch_ended(self, report: JobReport) -> None:
        self.progress = None
        if report.failed:
            notify_failure(self.screen, failure_text(report.error, "fetch the feeds"), "Feeds")
        elif self.failures:
            lines = [f"{one_line(r.title or r.url)}: {one_line(r.error or r.status)}"
                     for r in self.failures[:SHOWN_FAILURES]]
            if len(self.failures) > SHOWN_FAILURES:
                lines.append(f"and {len(self.failures) - SHOWN_FAILURES} more "
                             "(reader feeds list says which)")
            notify_failure(self.screen, "\n".join(lines), "Feeds that failed",
                           severity="warning")
        if not report.failed:
            articles = "1 new article" if self.new == 1 else f"{self.new:,} new articles"
            self.screen.notify(f"Feeds fetched: {articles}.", timeout=3)
        self.screen.jobs.start("shelf", None, _shelf, self.screen.app.services)

