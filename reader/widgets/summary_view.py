"""The summary pane: asks for a summary in a background job and shows its sentences.

The job belongs to the pane (slot "summary", keyed by article, algorithm and size); a
newer request supersedes it, so moving quickly between articles never shows a stale
summary. With a `delay` (the library's preview), a request waits that long before the
pane changes at all, and a newer one within it replaces it: typing in the filter or
holding a key down redraws the list alone, and the summary follows once the cursor rests.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from reader.jobs import JobReport, Jobs, failure_text, notify_failure
from reader.library.article import Article, Entry
from reader.library.cleanup import replace_controls
from reader.widgets.key_scroll import KeyScroll


def _summarize(token, services, article: Article | Entry, algorithm: str, size: int) -> object:
    return services.summarize(article, algorithm, size)


class SummaryView(KeyScroll):
    """Shows the summary of one article; `request` asks for one, `Ready` tells it came."""

    DEFAULT_CSS = """
    SummaryView > #summary-body { width: 1fr; height: auto; padding: 0 1; }
    """

    @dataclass
    class Ready(Message):
        """A summary for `article` arrived and is shown."""

        article: Article | Entry
        summary: object

    def __init__(self, *, delay: float = 0.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.delay = delay
        self.article: Article | Entry | None = None
        self.summary: object | None = None
        self.entity_spans: list = []
        self.jobs = Jobs(self)
        self._waiting = None

    def compose(self):
        yield Static(Text(""), id="summary-body")

    def request(self, article: Article | Entry | None, algorithm: str, size: int) -> None:
        """Show the summary of `article` (none: clear the pane)."""
        self.article = article
        if article is None:
            if self._waiting is not None:
                self._waiting.stop()
                self._waiting = None
            self.jobs.cancel("summary")
            self.border_title = "Summary"
            self._show(Text(""))
            return
        wanted = (article.id, algorithm, size)
        if wanted == self.jobs.wanted("summary") and self.summary is not None:
            return
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        if self.delay:
            self.jobs.cancel("summary")
            self._waiting = self.set_timer(
                self.delay, lambda: self._start(article, algorithm, size))
        else:
            self._start(article, algorithm, size)

    def _start(self, article: Article | Entry, algorithm: str, size: int) -> None:
        self._waiting = None
        self.summary = None
        self.border_title = f"Summary · {algorithm} · {size}"
        self._show(Text(f"summarizing with {algorithm}…", style="italic dim"))
        self.jobs.start("summary", (article.id, algorithm, size), _summarize,
                        self.app.services, article, algorithm, size)

    def on_job_report(self, report: JobReport) -> None:
        if report.failed:
            text = failure_text(report.error, "summarize")
            self._show(Text(text, style="bold red"))
            notify_failure(self, text, "Summary")
            return
        self.summary = report.result
        if self.sentence_limit is not None:
            _, algorithm, _ = report.key
            self.border_title = f"Summary · {algorithm} · {self.sentence_limit} (all)"
        self._show(render_summary(report.result, self.entity_spans))
        self.post_message(self.Ready(self.article, report.result))

    @property
    def sentence_limit(self) -> int | None:
        """The article's number of sentences, once a summary asked for more holds them all."""
        wanted = self.jobs.wanted("summary")
        if self.summary is None or wanted is None:
            return None
        count = len(getattr(self.summary, "sentences", ()))
        return count if count < wanted[2] else None

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
