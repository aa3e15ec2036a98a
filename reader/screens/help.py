"""The help screen: every key the app understands, in one table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("j / k, ↓ / ↑", "move in the list, scroll the text"),
    ("pgup / pgdn, home / end", "page; first / last in the list"),
    ("enter", "open the highlighted article"),
    ("escape / backspace", "back to the library (escape also clears the filter)"),
    ("tab / shift+tab", "move between panes"),
    ("/", "filter the list by title or source as you type"),
    ("s", "next summary algorithm"),
    ("+ / -", "longer / shorter summary (sentences)"),
    ("h", "highlight the summary sentences in the text (on / off)"),
    ("t", "translate: choose a language (or off); the translation opens beside the text"),
    ("T", "translation: full text / summary"),
    ("[ / ]", "previous / next sentence, highlighted and scrolled to in both panes"),
    ("escape", "reading view: closes the entity list, then the translation"),
    ("e / E", "entity highlights on / off; entity list (enter: go to)"),
    ("f, n / N", "entity list: next type; next / previous mention"),
    ("M", "installed models (also in the command palette)"),
    ("m", "mark read / unread"),
    ("*", "star / unstar"),
    ("x", "list the files that could not be read"),
    ("ctrl+p", "command palette (actions, change theme)"),
    ("? / f1", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen):
    """A modal list of key bindings; any of escape, q, ? or f1 closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("f1", "dismiss", "Close", show=False),
    ]

    def compose(self):
        table = Table(box=None, show_header=False, padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for key, what in KEYS:
            table.add_row(Text(key), Text(what))
        with VerticalScroll(id="help"):
            yield Static(table)

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
