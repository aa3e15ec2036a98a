"""The models screen: which translation and entity models are installed, where, how big,
and which folders could not be used and why.

The registry is scanned in a background job (it reads every model folder), so the screen
opens at once. When nothing is installed it says how to pull or add a model.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader import keys
from reader.jobs import JobReport, Jobs, failure_text, notify_failure
from reader.library.cleanup import replace_controls
from reader.widgets.key_scroll import KeyScroll

WIDE = 120
HOW_TO_ADD = (
    ("reader models pull en-de", "download a model (names: reader models catalog)"),
    ("reader models add DIR", "install a model folder copied from elsewhere"),
)


def _human(size: int) -> str:
    from reader.nlp.models import human_size

    return human_size(size)


def _visible(value: object) -> Text:
    return Text(replace_controls(" ".join(str(value).split())))


def render_models(records: list, problems: list, apertium: list, where: dict,
                  width: int = 160) -> Group:
    """The installed models as a table, then Apertium pairs, problems and how to add more.

    Where the table would be too narrow for each model's location, the locations follow
    it, one per line."""
    parts: list = []
    total = sum(getattr(r, "size", 0) for r in records)
    count = len(records)
    summary = Text(f"{count} model{'s' if count != 1 else ''} installed", style="bold")
    summary.append(f" · {_human(total)} on disk")
    parts.append(summary)
    for label, path in where.items():
        parts.append(Text.assemble((f"{label}: ", "dim"), _visible(path)))
    parts.append(Text(""))
    if records:
        table = Table(box=None, padding=(0, 2, 0, 0), header_style="bold", expand=False)
        for name in ("Name", "Task", "Languages", "Backends", "Size"):
            table.add_column(name, no_wrap=True)
        wide = width >= WIDE
        if wide:
            table.add_column("Location", overflow="fold")
        for r in records:
            cells = [_visible(r.name), _visible(r.task), _visible(r.describe_languages()),
                     _visible("+".join(r.backends)), Text(_human(r.size), justify="right")]
            table.add_row(*cells, *([_visible(r.path)] if wide else []))
        parts.append(table)
        if not wide:
            parts += [Text(""), Text("Locations", style="bold")]
            parts += [Text.assemble("  ", _visible(r.name), ("  ", ""), (str(r.path), "dim"))
                      for r in records]
    else:
        parts.append(Text("No models installed yet.", style="bold"))
    if apertium:
        pairs = ", ".join(f"{s}→{t}" for s, t in apertium)
        parts += [Text(""), Text.assemble(("Apertium (rule-based, no model files): ", "bold"),
                                          _visible(pairs))]
    if problems:
        parts += [Text(""), Text(f"Folders that could not be used ({len(problems)})",
                                 style="bold red")]
        for path, reason in problems:
            shown = reason if str(reason).startswith(str(path)) else f"{path}: {reason}"
            parts.append(Text.assemble("  ", _visible(shown)))
    parts += [Text(""), Text("Add models with:", style="bold")]
    width = max(len(command) for command, _ in HOW_TO_ADD)
    for command, what in HOW_TO_ADD:
        parts.append(Text.assemble("  ", (command.ljust(width), "bold"), ("  " + what, "dim")))
    return Group(*parts)


def _installed(token, services) -> tuple:
    """Installed models, problem folders, Apertium pairs and where models are looked for."""
    from reader import locations
    from reader.nlp.models import hub_cache

    records, problems, apertium = services.translation_models()
    where = {"models folder": locations.models_dir(), "Hugging Face cache": hub_cache()}
    return records, problems, apertium, where


class ModelsScreen(Screen):
    """Installed models, their total size on disk, and problem folders."""

    DEFAULT_CSS = """
    #models-title { height: 1; padding: 0 1; background: $panel; }
    #models { height: 1fr; border: round $primary 50%; padding: 0 1; }
    #models:focus { border: round $accent; }
    """

    BINDINGS = keys.bindings("dialog", "models")

    _data: tuple | None = None

    def __init__(self) -> None:
        super().__init__()
        self.jobs = Jobs(self)

    def compose(self):
        yield Static(Text("Models", style="bold"), id="models-title")
        with KeyScroll(id="models"):
            yield Static(Text("looking for installed models…", style="italic dim"),
                         id="models-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#models").border_title = "Installed models"
        self.query_one("#models").focus()
        self.action_rescan()

    def action_rescan(self) -> None:
        self.jobs.start("models", "installed", _installed, self.app.services)

    def on_job_report(self, report: JobReport) -> None:
        if report.failed:
            text = failure_text(report.error, "list the models")
            self._show(Text(text, style="bold red"))
            notify_failure(self, text, "Models")
            return
        self._data = report.result
        self._show(render_models(*report.result, width=self.size.width))

    def on_resize(self) -> None:
        if self._data is not None:
            self._show(render_models(*self._data, width=self.size.width))

    def _show(self, content) -> None:
        self.query_one("#models-body", Static).update(content)

    def action_close(self) -> None:
        self.dismiss()
