"""The summary pane: asks for a summary in a thread worker and shows its sentences.

The worker belongs to the pane, is exclusive in the "summary" group, and its result is
dropped unless it is still the one wanted (same article, algorithm and size), so moving
quickly between articles never shows a stale summary.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.library.cleanup import replace_controls
from reader.library.article import Article
from reader.messages import failure_text
from reader.widgets.key_scroll import KeyScroll

Request = tuple[str, str, int]


class SummaryView(KeyScroll):
    """Shows the summary of one article; `request` asks for one, `Ready` tells it came."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    SummaryView > #summary-body { width: 1fr; height: auto; padding: 0 1; }
    """

    @dataclass
    class Ready(Message):
        """A summary for `article` arrived and is shown."""

        article: Article
        summary: object

    @dataclass
    class Computed(Message):
        """A worker finished; shown only if still wanted."""

        request: Request
        article: Article
        summary: object

    def __init__(self, *, delay: float = 0.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.delay = delay
        self.article: Article | None = None
        self.summary: object | None = None
        self.entity_spans: list = []
        self._wanted: Request | None = None

    def compose(self):
        yield Static(Text(""), id="summary-body")

    def request(self, article: Article | None, algorithm: str, size: int) -> None:
        """Show the summary of `article` (none: clear the pane)."""
        self.article = article
        if article is None:
            self._wanted = None
            self.workers.cancel_group(self, "summary")
            self.border_title = "Summary"
            self._show(Text(""))
            return
        wanted = (article.id, algorithm, size)
        if wanted == self._wanted and self.summary is not None:
            return
        self._wanted = wanted
        self.summary = None
        self.border_title = f"Summary · {algorithm} · {size}"
        self._show(Text(f"summarizing with {algorithm}…", style="italic dim"))
        self._compute(article, algorithm, size)

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def _compute(self, article: Article, algorithm: str, size: int) -> None:
        worker = get_current_worker()
        if self.delay:
            time.sleep(self.delay)
        if worker.is_cancelled:
            return
        summary = self.app.services.summarize(article, algorithm, size)
        if not worker.is_cancelled:
            self.post_message(self.Computed((article.id, algorithm, size), article, summary))

    def on_summary_view_computed(self, message: Computed) -> None:
        message.stop()
        if message.request != self._wanted:
            return
        self.summary = message.summary
        self._show(render_summary(message.summary, self.entity_spans))
        self.post_message(self.Ready(message.article, message.summary))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "summary" or event.state != WorkerState.ERROR:
            return
        event.stop()
        text = failure_text(event.worker.error, "summarize")
        self._show(Text(text, style="bold red"))
        self.notify(text, title="Summary", severity="error", markup=False)

    def set_entity_spans(self, spans: list) -> None:
        """Style (start, end, style) article offsets wherever they fall in the summary."""
        self.entity_spans = list(spans)
        if self.summary is not None:
            self._show(render_summary(self.summary, self.entity_spans))

    def _show(self, text: Text) -> None:
        if self.is_mounted:
            self.query_one("#summary-body", Static).update(text)


def render_summary(summary: object, spans: list = ()) -> Text:
    """The summary's sentences as a bulleted `Text`, plus its note if it has one.

    `spans` are (start, end, style) offsets into the article, styled where they fall
    inside a sentence (sentences are verbatim, so offsets shift by the sentence's start)."""
    result = Text()
    sentences = getattr(summary, "sentences", ())
    if not sentences:
        result.append("(no sentences to show)", style="dim")
    for index, sentence in enumerate(sentences):
        if index:
            result.append("\n")
        result.append("• ", style="bold")
        base = len(result)
        result.append(replace_controls(sentence.text))
        for start, end, style in spans:
            start, end = max(start, sentence.start), min(end, sentence.end)
            if start < end:
                result.stylize(style, base + start - sentence.start, base + end - sentence.start)
    note = getattr(summary, "note", None)
    if note:
        result.append("\n\n")
        result.append(replace_controls(note), style="italic dim")
    return result
