"""Full-text search as a dialog: results as you type, enter opens one in the reading view.

The query runs in a job (`reader.jobs`) a moment after the last keystroke, so typing
never waits on the database and a newer query supersedes one still running. Each result
shows its title, where it came from (feed, file or saved page) and the passage that
matched, with the matched words highlighted; everything shown is built as plain
`rich.text.Text` (article text is data, never markup) with control characters made
visible. The article opens on top of this dialog, so going back returns to the results.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader import keys
from reader.jobs import JobReport, Jobs, failure_text, notify_failure
from reader.library.archive import iso_time
from reader.library.article import Article
from reader.library.cleanup import one_line, replace_controls
from reader.library.search import Hit

DEBOUNCE = 0.15
"""Seconds after the last keystroke before the query runs."""
LIMIT = 50
MATCH_STYLE = "bold reverse"
HINT = 'words must all appear · "a phrase" · word* for a prefix'


def _search(token, store, text: str) -> list[Hit]:
    """The hits for `text`, each feed named by its title (as the list of sources names it)
    rather than its address."""
    from dataclasses import replace

    from reader.library.feeds.subscriptions import feeds
    from reader.library.search import search

    hits = search(store, text, LIMIT)
    if any(hit.feed for hit in hits):
        titles = {feed.url: feed.title for feed in feeds(store) if feed.title}
        hits = [replace(hit, feed=titles.get(hit.feed, hit.feed)) for hit in hits]
    return hits


def _open(token, store, hit: Hit) -> Article:
    """The article of a hit: kept in the library by its id, else read from its file."""
    from reader.errors import ReaderError
    from reader.library import archive

    found = archive.get(store, hit.id)
    if found is not None:
        return found
    if hit.path:
        from reader.library.resolve import article

        return article(hit.path)
    raise ReaderError("this article is no longer in the library")


def source(hit: Hit) -> str:
    """Where a hit came from, as one line: its feed, its file, or the page it was saved
    from, and the day it was published when known."""
    where = one_line(hit.feed or hit.path or hit.link) or "library"
    day = (iso_time(hit.published) or "")[:10]
    return f"{where} · {day}" if day else where


def passage(hit: Hit) -> Text:
    """The matching passage on one line (runs of white space as one space, control
    characters made visible), its matched words styled."""
    skip = _title_length(hit)
    plain, where = _one_line(replace_controls(hit.passage[skip:]))
    text = Text("… " if hit.start > 0 else "", style="dim")
    offset = len(text)
    text.append(plain)
    for start, end in hit.matches:
        start, end = start - hit.start - skip, end - hit.start - skip
        if 0 <= start < end <= len(where):
            text.stylize(MATCH_STYLE, offset + where[start], offset + where[end - 1] + 1)
    return text


def _title_length(hit: Hit) -> int:
    """How much of a passage at the start of the text is the title (shown above it) and
    the white space after it."""
    title = hit.title.strip()
    if hit.start > 0 or not title or not hit.passage.startswith(title):
        return 0
    rest = hit.passage[len(title):]
    if rest and not rest[0].isspace():
        return 0
    return len(hit.passage) - len(rest.lstrip())


def _one_line(value: str) -> tuple[str, list[int]]:
    """`value` with each run of white space as one space, and where each of its
    characters went."""
    out: list[str] = []
    where: list[int] = []
    for char in value:
        if char.isspace():
            if out and out[-1] == " ":
                where.append(len(out) - 1)
                continue
            char = " "
        where.append(len(out))
        out.append(char)
    return "".join(out), where


def prompt(hit: Hit) -> Text:
    """A result as the list shows it: title, source, passage."""
    text = Text(one_line(hit.title) or "(untitled)", style="bold")
    text.append("\n")
    text.append(source(hit), style="dim")
    text.append("\n")
    text.append_text(passage(hit))
    return text


class Hits(OptionList):
    """The results, with the list keys of the key table (`j` / `k`)."""

    BINDINGS = keys.bindings("table")


class SearchScreen(ModalScreen[list[str]]):
    """Type to search; dismisses with the ids of the articles opened from it."""

    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    #search {
        width: 110; max-width: 100%; height: 100%; max-height: 40;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #search-query { margin: 0; }
    #search-status { height: 1; color: $text-muted; }
    #search-hits { height: 1fr; border: none; padding: 0; }
    #search-hits > .option-list--option { padding: 0; }
    """

    BINDINGS = keys.bindings("dialog", "search")

    def __init__(self) -> None:
        super().__init__()
        self.jobs = Jobs(self)
        self.hits: list[Hit] = []
        self.opened: list[str] = []

    def compose(self):
        with Vertical(id="search"):
            yield Input(placeholder="search every article kept…", id="search-query")
            yield Static(Text(HINT), id="search-status")
            yield Hits(id="search-hits", markup=False)

    def on_mount(self) -> None:
        frame = self.query_one("#search")
        frame.border_title = "Search"
        frame.border_subtitle = "enter open · ↓↑ results · esc close"
        self.set_focus(self.query_one("#search-query", Input))

    def on_key(self, event: events.Key) -> None:
        """Characters typed right after ctrl+f reach the screen before its field has the
        focus (the field takes every character it is given): hand them to the field."""
        field = self.query_one("#search-query", Input)
        if event.is_printable and self.focused in (None, field):
            event.stop()
            event.prevent_default()
            field.post_message(events.Key(event.key, event.character))

    @property
    def query_text(self) -> str:
        return self.query_one("#search-query", Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            self.jobs.cancel("search")
            self._show([], Text(HINT))
            return
        self._status(Text("searching…"))
        self.jobs.start("search", text, _search, self.app.services.store, text,
                        delay=DEBOUNCE)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one(Hits).highlighted_option
        if option is not None:
            self._open(self.hits[int(option.id)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(self.hits[int(event.option.id)])

    def on_job_report(self, report: JobReport) -> None:
        if report.slot == "open":
            if report.failed:
                notify_failure(self, failure_text(report.error, "open the article"), "Open")
            else:
                self._read(report.result)
            return
        if report.failed:
            self._show([], Text(failure_text(report.error, "search"), style="red"))
            return
        hits = report.result
        count = len(hits)
        if count:
            more = "+" if count >= LIMIT else ""
            status = Text(f"{count}{more} article{'s' if count != 1 else ''}, best first")
        else:
            status = Text("no article matches (search covers feeds and saved pages)")
        self._show(hits, status)

    def _show(self, hits: list[Hit], status: Text) -> None:
        self.hits = hits
        options = self.query_one(Hits)
        shown: list[Option | None] = []
        for index, hit in enumerate(hits):
            if index:
                shown.append(None)
            shown.append(Option(prompt(hit), id=str(index)))
        options.set_options(shown)
        if hits:
            options.highlighted = 0
        self._status(status)

    def _status(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)

    def _open(self, hit: Hit) -> None:
        self.jobs.start("open", hit.id, _open, self.app.services.store, hit)

    def _read(self, article: Article) -> None:
        from reader.screens.reading import ReadingScreen

        self.opened.append(article.id)
        self.app.push_screen(ReadingScreen(article))

    def action_hit(self, delta: int) -> None:
        """Move through the results while the query keeps the focus."""
        options = self.query_one(Hits)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_close(self) -> None:
        self.jobs.cancel()
        self.dismiss(self.opened)


def refresh_marks(screen, ids: list[str]) -> None:
    """After a search: the read marks of the articles opened from it, on the screen below."""
    listing = getattr(screen, "article_list", None)
    if listing is None or not ids:
        return
    store = screen.app.services.store
    for article_id in dict.fromkeys(ids):
        listing.set_state(article_id, store.state(article_id))
