"""The entity line of the reading view: it tags the article in a thread worker and shows
each entity type in its own style with its count, or says why there are no highlights.

Tagging is slow the first time (the model loads), so the text is shown at once and the
line says "finding names…" until the worker reports. The worker is exclusive in the
"entities" group and a result is dropped unless it answers the request still wanted, so
a slow article never paints its names over another one. No model installed is a one-line
note with the install command; any other failure is the note plus a notification.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.errors import ModelMissing, ReaderError
from reader.library.cleanup import one_line, replace_controls
from reader.widgets.entity_styles import EntityStyles

Request = tuple[str, "str | None"]


class EntityLegend(Static):
    """One line: entity types and counts, a progress note, or why there are none."""

    DEFAULT_CSS = """
    EntityLegend { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    @dataclass
    class Ready(Message):
        """Entities of the requested text arrived (already shown in the legend)."""

        content_id: str
        spans: list
        styles: EntityStyles = field(default_factory=EntityStyles)

    @dataclass
    class Unavailable(Message):
        """No entities for the requested text: `note` says why (shown in the legend)."""

        content_id: str
        note: str

    @dataclass
    class Tagged(Message):
        """A worker finished; used only if it answers the request still wanted."""

        request: Request
        labels: tuple
        spans: list

    def __init__(self, **kwargs) -> None:
        super().__init__(Text(""), **kwargs)
        self.spans: list = []
        self.type_styles = EntityStyles()
        self.visible_highlights = True
        self.mention: tuple[str, int, int] | None = None
        self._wanted: Request | None = None
        self._note: Text | None = None

    def request(self, content_id: str, text: str, language: str | None) -> None:
        """Tag `text` (in `language`) unless that is what is already shown or coming."""
        wanted = (content_id, language)
        if wanted == self._wanted:
            return
        self._wanted = wanted
        self.spans, self.mention = [], None
        self._note = Text("finding names…", style="italic dim")
        self._redraw()
        self._tag(content_id, text, language)

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def _tag(self, content_id: str, text: str, language: str | None) -> None:
        worker = get_current_worker()
        labels, spans = self.app.services.entities(text, language, content_id,
                                                   cancel=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(self.Tagged((content_id, language), tuple(labels), list(spans)))

    def on_entity_legend_tagged(self, message: Tagged) -> None:
        message.stop()
        if message.request != self._wanted:
            return
        self.type_styles = EntityStyles(message.labels)
        self.spans, self._note = message.spans, None
        self._redraw()
        self.post_message(self.Ready(message.request[0], message.spans, self.type_styles))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "entities" or event.state != WorkerState.ERROR:
            return
        event.stop()
        if event.worker.is_cancelled:
            return
        error = event.worker.error
        language = self._wanted[1] if self._wanted else None
        if isinstance(error, ModelMissing):
            note = missing_note(language, error.command)
            self.show_note(note)
        else:
            if isinstance(error, ReaderError):
                reason = one_line(str(error)) or ""
            else:
                reason = f"{type(error).__name__}: {one_line(str(error))}"
            note = f"Entities unavailable: {reason}"
            self.show_note(note, style="bold red")
            self.notify(reason, title="Entities", severity="error", markup=False)
        if self._wanted is not None:
            self.post_message(self.Unavailable(self._wanted[0], note))

    def show_note(self, note: str, *, style: str = "dim") -> None:
        """Show `note` (plain text, never markup) instead of the legend."""
        self._note = Text(replace_controls(note), style=style)
        self._redraw()

    def set_highlights(self, visible: bool) -> None:
        self.visible_highlights = visible
        self._redraw()

    def set_mention(self, mention: tuple[str, int, int] | None) -> None:
        """Name the mention stepped to: (entity text, its number from 1, how many)."""
        self.mention = mention
        self._redraw()

    def _redraw(self) -> None:
        self.update(self.legend_text())

    def legend_text(self) -> Text:
        """The legend as a `Text` (for tests and for `update`)."""
        if self._note is not None:
            return self._note
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append("Entities ", style="bold")
        if not self.spans:
            line.append("none found", style="dim")
            return line
        line.append_text(self.type_styles.legend(self.spans, dim=not self.visible_highlights))
        if not self.visible_highlights:
            line.append("  (hidden: e)", style="dim")
        if self.mention is not None:
            name, number, total = self.mention
            line.append("  ▸ ", style="dim")
            line.append(replace_controls(one_line(name) or ""), style="bold")
            line.append(f" {number}/{total}", style="dim")
        return line


def missing_note(language: str | None, command: str | None) -> str:
    """The one line shown when no entity model covers `language`."""
    where = f"for {language}" if language else "installed"
    hint = f" — install one: {command}" if command else ""
    return f"No entity model {where}{hint}"
