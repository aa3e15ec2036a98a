"""The translation pane: the article's summary, then on demand its full text, translated
sentence by sentence beside the original.

Translation runs as a streaming job of the pane (slot "translate", keyed by article,
language, mode and sentences) whose `Pair`s arrive in batches; the pane shows one
translated sentence per line, a blank line where the original starts a new line. A job
for another article, language or mode supersedes the running one. Which sentence is
"current" is kept here, so the screen can highlight it in the original too and scroll
both panes to it (see the reading screen's translation part).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.message import Message

from reader.errors import ModelMissing
from reader.jobs import JobReport, Jobs, failure_text, notify_failure
from reader.library.article import Article
from reader.library.cleanup import one_line, replace_controls
from reader.library.language import language_name
from reader.widgets.article_text import ArticleText

CURRENT_STYLE = Style(bgcolor="blue", color="bright_white", bold=True)
NOTE_STYLE = "italic dim"
HINTS = {
    "summary": "T full text · [ ] sentence · t language · esc close",
    "full": "T summary · [ ] sentence · t language · esc close",
}


@dataclass(frozen=True)
class Job:
    """What the pane is showing: an article in a language, its summary or full text."""

    article_id: str
    target: str
    mode: str
    sentences: tuple = ()


@dataclass(frozen=True)
class Started:
    """The first item of a translation job: how many sentences, by which model."""

    total: int
    model: str


def _translate(token, services, job: Job, article: Article):
    """Started, then each translated `Pair` as it is done."""
    sentences = list(job.sentences) if job.mode == "summary" else services.sentences(article)
    if token.cancelled:
        return
    translator = services.translator(article.language, job.target, cancel=token)
    if token.cancelled:
        return
    yield Started(len(sentences), str(translator.model_id))
    yield from services.translate_sentences(translator, sentences, store=services.store)


class TranslationPane(ArticleText):
    """Translated sentences, aligned 1:1 with the source sentences they come from."""

    @dataclass
    class Translated(Message):
        """A batch of the current job's sentences was shown (the job may still run)."""

        job: Job

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.article: Article | None = None
        self.job: Job | None = None
        self.pairs: list = []
        self.total: int | None = None
        self.model = ""
        self.done = False
        self.current = -1
        self.places: list[tuple[int, int]] = []
        self._source_line = 0
        self.jobs = Jobs(self)

    @property
    def target(self) -> str | None:
        return self.job.target if self.job else None

    @property
    def mode(self) -> str:
        return self.job.mode if self.job else "summary"

    def show(self, article: Article, target: str, mode: str, summary: object | None) -> None:
        """Translate `article`'s summary (or full text, mode "full") into `target`."""
        self.stop()
        self.article = article
        source = article.language or ""
        self.job = Job(article.id, target, mode)
        self.pairs, self.total, self.model, self.done, self.current = [], None, "", False, -1
        self.places, self._source_line = [], 0
        self._title()
        if not source or source == "?":
            return self._note("The article's language is unknown, so it cannot be translated.")
        if source == target:
            return self._note(f"This article is already in {language_name(target)} ({target}).\n"
                              "Press t to choose another language.")
        if mode == "summary":
            sentences = getattr(summary, "sentences", None)
            if sentences is None:
                return self._note("Waiting for the summary…  (T: translate the full text)")
            self.job = Job(article.id, target, mode, tuple(sentences))
        self._note(f"Loading the {language_name(source)} → {language_name(target)} model…")
        self.jobs.start("translate", self.job, _translate, self.app.services, self.job, article,
                        stream=True)

    def stop(self) -> None:
        """Cancel the running job; whatever it still sends is dropped."""
        self.job = None
        self.jobs.cancel("translate")

    def on_job_report(self, report: JobReport) -> None:
        for item in report.items:
            if isinstance(item, Started):
                self.total, self.model = item.total, item.model
            else:
                self.pairs.append(item)
        self.done = report.done and not report.failed
        if report.failed:
            if isinstance(report.error, ModelMissing):
                self._missing(report.error)
                return
            text = failure_text(report.error, "translate")
            self._note(text, style="bold red")
            notify_failure(self, text, "Translation")
            return
        if report.items or report.done:
            self._draw()
            self.post_message(self.Translated(report.key))

    def _missing(self, error: ModelMissing) -> None:
        source, target = self.article.language, self.target
        command = error.command or f"reader models pull {source}-{target}"
        lines = [f"No translation model for {language_name(source)} → {language_name(target)} "
                 f"({source}-{target}) is installed.", "", "Install one with:", f"  {command}",
                 "", "or add a model folder copied from elsewhere:", "  reader models add DIR"]
        text = "\n".join(replace_controls(line) for line in lines)
        self.set_text(text)
        at = text.index(f"  {command}")
        self.set_layer("command", [(at, at + len(command) + 2, "bold")])
        notify_failure(self, f"no {source}-{target} model; install one with: {command}",
                       "Translation", severity="warning")

    def _draw(self) -> None:
        """Add the sentences that came since the last draw at the end of the text."""
        self._title()
        if not self.pairs:
            if self.done:
                self._note("(nothing to translate)")
            return
        drawn = len(self.places)
        self.growing = not self.done
        source = self.article.text if self.article else ""
        parts = [self.text] if drawn else []
        size = len(self.text) if drawn else 0
        for pair in self.pairs[drawn:]:
            previous = self.pairs[len(self.places) - 1].start if self.places else 0
            line = self._source_line + source.count("\n", previous, pair.start)
            if self.places:
                gap = "\n\n" if line != self._source_line else "\n"
                parts.append(gap)
                size += len(gap)
            self._source_line = line
            target = one_line(pair.target) or "…"
            parts.append(target)
            self.places.append((size, size + len(target)))
            size += len(target)
        self.set_text("".join(parts), keep_layers=bool(drawn))
        self._mark()

    def _note(self, message: str, style: str = NOTE_STYLE) -> None:
        self.set_text(message)
        self.set_layer("note", [(0, len(message), style)])

    def _title(self) -> None:
        if self.job is None:
            self.border_title, self.border_subtitle = "Translation", ""
            return
        what = "Summary" if self.job.mode == "summary" else "Full text"
        title = f"{what} → {language_name(self.job.target)}"
        if self.total is not None:
            title += f" · {len(self.pairs)}/{self.total} · {self.model}"
        self.border_title = title
        self.border_subtitle = HINTS[self.job.mode]

    def move(self, step: int) -> object | None:
        """Make the sentence `step` away from the current one current (first if none);
        its pair, None when there are none."""
        if not self.pairs:
            return None
        index = 0 if self.current < 0 else self.current + step
        return self.set_current(max(0, min(len(self.pairs) - 1, index)))

    def set_current(self, index: int, *, scroll: bool = True) -> object | None:
        """Highlight translated sentence `index` (and bring it into view when `scroll`);
        its pair, whose source offsets the screen highlights in the original."""
        if not 0 <= index < len(self.pairs):
            return None
        self.current = index
        self._mark()
        if scroll and index < len(self.places):
            self.show_span(*self.places[index])
        return self.pairs[index]

    def _mark(self) -> None:
        if 0 <= self.current < len(self.places):
            start, end = self.places[self.current]
            self.set_layer("current", [(start, end, CURRENT_STYLE)])
        else:
            self.set_layer("current", [])

