"""A modal list of the files that could not be read, each with its reason."""

from __future__ import annotations

from rich.text import Text
from textual.screen import ModalScreen
from textual.widgets import Static

from reader import keys
from reader.library.cleanup import one_line
from reader.library.article import Skipped
from reader.widgets.key_scroll import KeyScroll


class SkippedScreen(ModalScreen):
    """Paths and reasons, shown as plain text (paths may contain anything)."""

    DEFAULT_CSS = """
    SkippedScreen { align: center middle; }
    #skipped {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS = keys.bindings("dialog")

    def __init__(self, skipped: list[Skipped]) -> None:
        super().__init__()
        self.skipped = skipped

    def compose(self):
        body = Text()
        for index, item in enumerate(self.skipped):
            if index:
                body.append("\n")
            body.append(one_line(str(item.path)) or "?", style="bold")
            body.append(f"\n  {one_line(item.reason)}")
        if not self.skipped:
            body.append("every file was read")
        with KeyScroll(id="skipped"):
            yield Static(body)

    def on_mount(self) -> None:
        self.query_one("#skipped").border_title = f"Skipped files ({len(self.skipped)})"
        self.query_one("#skipped").focus()

    def action_close(self) -> None:
        self.dismiss()
