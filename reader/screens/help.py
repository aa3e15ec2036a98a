"""The help screen: every key the app understands, from the one key table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.screen import ModalScreen
from textual.widgets import Static

from reader import keys
from reader.widgets.key_scroll import KeyScroll


WIDE = 100
"""From this many columns, where each key applies has a column of its own."""


class HelpScreen(ModalScreen):
    """A modal list of key bindings; any of escape, q, ? or f1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS = keys.bindings("dialog", "help")

    def compose(self):
        wide = self.app.size.width >= WIDE
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column(style="bold", no_wrap=True)
        if wide:
            table.add_column(style="dim", no_wrap=True)
        table.add_column(ratio=1)
        for shown, where, what in keys.help_rows():
            if wide:
                table.add_row(Text(shown), Text(where), Text(what))
            else:
                table.add_row(Text(shown), Text.assemble(what, (f" · {where}", "dim")))
        with KeyScroll(id="help"):
            yield Static(table)

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").border_subtitle = "j / k scroll · esc close"
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss()
