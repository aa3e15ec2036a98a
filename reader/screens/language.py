"""The target-language picker: a small modal listing the languages an article can go to.

Languages with an installed model for the article's language (direct, through English,
or any-to-any) come first, then installed Apertium pairs, then common languages that
need a model (the pane then says which command installs one). Which models are installed
is found in a background job, so the picker opens at once with the common languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader import keys
from reader.jobs import JobReport, Jobs
from reader.library.language import COMMON, language_name
from reader.nlp.translate.targets import available_targets

OFF = "off"


@dataclass(frozen=True)
class Choice:
    """One language in the picker and how it would be translated."""

    code: str
    how: str  # "model", "via English", "any-to-any model", "apertium", "same", "" (none)


def choices(source: str, found: dict[str, str]) -> list[Choice]:
    """Installed targets first (by name), then the common languages without a model."""
    ready = sorted(found, key=language_name)
    rest = [c for c in COMMON if c not in found and c != source]
    listed = [Choice(c, found[c]) for c in ready] + [Choice(c, "") for c in rest]
    if source:
        listed.append(Choice(source, "same"))
    return listed


def _prompt(choice: Choice) -> Text:
    text = Text(f"{choice.code:<4}", style="bold")
    text.append(language_name(choice.code))
    note = {"": "no model installed", "same": "the article's language"}.get(choice.how, choice.how)
    text.append(f"  · {note}", style="dim" if choice.how in ("", "same") else "green")
    return text


def _targets(token, services, source: str) -> dict[str, str]:
    records, _problems, pairs = services.translation_models()
    return available_targets(source, records, pairs)


class Languages(OptionList):
    """The picker's list, with the list keys of the key table (`j` / `k`)."""

    BINDINGS = keys.bindings("table")


class LanguagePicker(ModalScreen[str | None]):
    """Dismisses with a language code, "off" (hide the translation) or None (escape)."""

    DEFAULT_CSS = """
    LanguagePicker { align: center middle; }
    #language-picker {
        width: 50; max-width: 100%; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #language-note { height: auto; }
    #languages { height: auto; max-height: 18; border: none; }
    """

    BINDINGS = keys.bindings("dialog")

    def __init__(self, source: str, preselect: str, *, showing: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.preselect = preselect
        self.showing = showing
        self.found: dict[str, str] | None = None
        self._initial: str | None = None
        self.jobs = Jobs(self)

    def compose(self):
        with Vertical(id="language-picker"):
            yield Static(Text(""), id="language-note")
            yield Languages(id="languages")

    def on_mount(self) -> None:
        frame = self.query_one("#language-picker")
        frame.border_title = (f"Translate from {language_name(self.source)} to" if self.source
                              else "Translate to")
        frame.border_subtitle = "enter choose · esc cancel"
        self._fill({})
        self.query_one("#language-note", Static).update(
            Text("looking for installed models…", style="italic dim"))
        self.jobs.start("languages", self.source, _targets, self.app.services, self.source)

    def on_job_report(self, report: JobReport) -> None:
        """Offer what is installed; when models cannot be listed, the common languages."""
        found = {} if report.failed else report.result
        options = self.query_one(OptionList)
        current = options.highlighted_option
        moved = current is not None and current.id != self._initial
        self.found = found
        count = len(found)
        note = (f"{count} language{'s' if count != 1 else ''} ready to translate to"
                if count else "no translation model installed for this language yet")
        self.query_one("#language-note", Static).update(Text(note, style="dim"))
        self._fill(found, keep=current.id if moved else None)

    def _fill(self, found: dict[str, str], keep: str | None = None) -> None:
        options = self.query_one(OptionList)
        listed = choices(self.source, found)
        items: list[Option] = [Option(Text("off  hide the translation", style="dim"), id=OFF)]
        items += [Option(_prompt(c), id=c.code) for c in listed]
        options.set_options(items)
        ids = [item.id for item in items]
        preferred = keep or self.showing or self.preselect
        if not keep and (preferred == self.source or preferred not in ids):
            preferred = listed[0].code if listed else OFF
        options.highlighted = ids.index(preferred) if preferred in ids else 0
        self._initial = ids[options.highlighted or 0]
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
