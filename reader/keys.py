"""Every key the app understands, defined once.

`ROWS` is the one table: each row is a line of the help screen and of the README's key
table, and holds the bindings it describes — the keys, the action they run, the label the
footer and the command palette show, and the context whose `BINDINGS` they belong to. The
app and each screen or widget take their bindings with `bindings(context)`; the help
screen and the README render `help_rows()`; the command palette offers `palette_keys()`.
A row without bindings documents a key Textual itself provides (tab, ctrl+p).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

CONTEXTS = {
    "app": "everywhere",
    "library": "library",
    "list": "lists",
    "table": "lists",
    "text": "texts",
    "reading": "reading",
    "translation": "translation shown",
    "entities": "reading",
    "dialog": "dialogs",
    "help": "help",
    "models": "models",
    "search": "search",
}
"""Context -> where its keys apply, as the help screen and the README say it."""

NAMES = {
    "down": "↓", "up": "↑", "pageup": "pgup", "pagedown": "pgdn", "slash": "/",
    "asterisk": "*", "plus": "+", "minus": "-", "question_mark": "?",
    "left_square_bracket": "[", "right_square_bracket": "]",
}


@dataclass(frozen=True)
class Key:
    """One binding: `keys` (Textual key names, comma-separated) run `action` in `context`."""

    keys: str
    action: str
    label: str
    context: str
    show: bool = False
    display: str | None = None
    palette: str = ""
    """A title in the command palette ("" for none)."""
    group: str = ""
    """Keys of one group share a label in the footer ("+ - Size")."""
    priority: bool = False
    """Checked before the focused widget's own keys (Ctrl+C quits even in a text field)."""

    @property
    def names(self) -> list[str]:
        """The keys as people read them; `display` (e.g. "+") stands for all of them."""
        if self.display:
            return [self.display]
        return [NAMES.get(key, key) for key in self.keys.split(",")]

    def binding(self) -> Binding:
        group = Binding.Group(self.group, compact=True) if self.group else None
        return Binding(self.keys, self.action, self.label, show=self.show,
                       key_display=self.display, group=group, priority=self.priority)


@dataclass(frozen=True)
class Row:
    """A line of help: what its keys do; `keys` are its bindings (none: `builtin` says
    which of Textual's own keys it describes), `where` overrides the contexts' names."""

    what: str
    keys: tuple[Key, ...] = ()
    builtin: str = ""
    where: str = ""

    @property
    def shown_keys(self) -> str:
        """"j / k, ↓ / ↑": the first key of each binding, then their alternatives."""
        if not self.keys:
            return self.builtin
        if len(self.keys) == 1:
            return " / ".join(self.keys[0].names)
        groups: list[list[str]] = []
        seen: set[str] = set()
        for key in self.keys:
            for position, name in enumerate(key.names):
                if name in seen:
                    continue
                seen.add(name)
                while len(groups) <= position:
                    groups.append([])
                groups[position].append(name)
        return ", ".join(" / ".join(group) for group in groups if group)

    @property
    def shown_where(self) -> str:
        if self.where:
            return self.where
        return ", ".join(dict.fromkeys(CONTEXTS[key.context] for key in self.keys))


ROWS: tuple[Row, ...] = (
    Row("move in a list, scroll a text", (
        Key("j,down", "move(1)", "Down", "list"), Key("k,up", "move(-1)", "Up", "list"),
        Key("j", "cursor_down", "Down", "table"), Key("k", "cursor_up", "Up", "table"),
        Key("j", "scroll_down", "Down", "text"), Key("k", "scroll_up", "Up", "text"),
        Key("down", "hit(1)", "Next result", "search"),
        Key("up", "hit(-1)", "Previous result", "search"))),
    Row("page up / down", (
        Key("pageup", "page(-1)", "Page up", "list"),
        Key("pagedown", "page(1)", "Page down", "list"))),
    Row("first / last in the list", (
        Key("home", "jump(0)", "First", "list"), Key("end", "jump(-1)", "Last", "list"))),
    Row("open the highlighted article (or double-click it)", (
        Key("enter", "select", "Open", "list"),)),
    Row("back; in the reading view first closes the entity list, then the translation", (
        Key("escape,backspace", "back", "Back", "reading", show=True),)),
    Row("close", (
        Key("escape,q", "close", "Close", "dialog", show=True),)),
    Row("move between panes", builtin="tab / shift+tab", where="everywhere"),
    Row("filter the list by title or source as you type", (
        # priority: handled as it arrives, so the keys typed right after it go to the field
        Key("slash", "start_filter", "Filter", "library", show=True,
            palette="Filter articles", priority=True),)),
    Row("clear the filter", (
        Key("escape", "clear_filter", "Clear filter", "library"),)),
    Row("show all, unread, starred, one feed or one folder", (
        Key("f", "choose_source", "Sources", "library", show=True,
            palette="Sources: show a feed or a folder"),)),
    Row("fetch every feed in the background", (
        Key("r", "fetch_feeds", "Fetch", "library", show=True, palette="Feeds: fetch"),)),
    Row("full-text search of every article kept", (
        # priority, as for "/": the keys typed right after it go to the search field
        Key("ctrl+f", "search", "Search", "app", palette="Search: full text",
            priority=True),)),
    Row("next summary algorithm", (
        Key("s", "cycle_algorithm", "Algorithm", "app", show=True,
            palette="Summary: next algorithm"),), where="library, reading"),
    Row("longer / shorter summary (1 to 20 sentences, at most the article's)", (
        Key("plus,equals_sign", "longer", "Longer", "app", show=True, display="+",
            palette="Summary: longer", group="Size"),
        Key("minus", "shorter", "Shorter", "app", show=True, display="-",
            palette="Summary: shorter", group="Size")), where="library, reading"),
    Row("summary sentences highlighted in the text, on / off", (
        Key("h", "toggle_highlight", "Highlight", "reading", palette="Highlight summary"),)),
    Row("translate: choose the target language (or off); the translation opens beside "
        "the text", (
        Key("t", "translate", "Translate", "reading", show=True, palette="Translate"),)),
    Row("translation pane: summary / full text", (
        Key("T", "translate_full", "Full text", "translation", show=True,
            palette="Translation: full text / summary"),)),
    Row("previous / next sentence, highlighted and scrolled to in the original and the "
        "translation", (
        Key("left_square_bracket", "sentence(-1)", "Previous sentence", "reading",
            palette="Translation: previous sentence"),
        Key("right_square_bracket", "sentence(1)", "Next sentence", "reading",
            palette="Translation: next sentence"))),
    Row("hide the translation", (
        Key("", "close_translation", "Close translation", "translation",
            palette="Translation: close"),)),
    Row("named-entity highlights on / off (text, summary and translation)", (
        Key("e", "toggle_entities", "Highlight names", "entities",
            palette="Entities: highlight"),)),
    Row("entity list: distinct names with type and count; enter jumps to the first mention", (
        Key("E", "toggle_entity_panel", "Names", "entities", show=True,
            palette="Entities: list"),)),
    Row("entity list: next type (all, person, organisation, location, ...)", (
        Key("f", "entity_type", "Type", "entities", palette="Entities: next type"),)),
    Row("next / previous mention of the chosen name", (
        Key("n", "next_mention", "Next mention", "entities",
            palette="Entities: next mention"),
        Key("N", "previous_mention", "Previous mention", "entities",
            palette="Entities: previous mention"))),
    Row("mark read / unread", (
        Key("m", "toggle_read", "Read", "library", show=True, palette="Toggle read"),
        Key("m", "toggle_read", "Read", "reading", palette="Toggle read"))),
    Row("star / unstar", (
        Key("asterisk", "toggle_star", "Star", "library", show=True, palette="Toggle star"),
        Key("asterisk", "toggle_star", "Star", "reading", palette="Toggle star"))),
    Row("open the article's link in a browser (or copy it)", (
        Key("o", "open_link", "Link", "library", palette="Open link"),
        Key("o", "open_link", "Link", "reading", palette="Open link"))),
    Row("files that could not be read, with the reason", (
        Key("x", "show_skipped", "Skipped", "library", palette="Show skipped files"),)),
    Row("installed models and their disk use", (
        Key("M", "models", "Models", "app", palette="Models: installed"),)),
    Row("look for installed models again", (
        Key("r", "rescan", "Rescan", "models", show=True),)),
    Row("command palette: every action above, and the theme", builtin="ctrl+p",
        where="everywhere"),
    Row("help: this list of keys (the same keys close it)", (
        Key("question_mark", "help", "Help", "app", show=True, palette="Help: keys"),
        Key("f1", "help", "Help", "app"),
        Key("question_mark,f1", "close", "Close", "help"))),
    Row("quit at once, whatever is still running (the reading position is kept)", (
        Key("q", "quit", "Quit", "app", show=True),
        Key("ctrl+c", "quit", "Quit", "app", priority=True))),
)


def _all_keys() -> list[Key]:
    return [key for row in ROWS for key in row.keys]


def bindings(*contexts: str) -> list[Binding]:
    """The `BINDINGS` of a screen or widget: its contexts' keys, in table order."""
    for context in contexts:
        if context not in CONTEXTS:
            raise KeyError(context)
    return [key.binding() for key in _all_keys() if key.context in contexts and key.keys]


def palette_keys() -> list[tuple[Key, Row]]:
    """Keys offered in the command palette with their rows, in table order; a title that
    several contexts share (toggle read) comes once per context."""
    return [(key, row) for row in ROWS for key in row.keys if key.palette]


def help_rows() -> list[tuple[str, str, str]]:
    """(keys, where, what) for each row: the help screen and the README's key table."""
    return [(row.shown_keys, row.shown_where, row.what)
            for row in ROWS if row.shown_keys]


def markdown_table() -> str:
    """The README's key table."""
    lines = ["| key | where | action |", "| --- | --- | --- |"]
    for keys, where, what in help_rows():
        shown = ", ".join(" / ".join(f"`{name}`" for name in group.split(" / "))
                          for group in keys.split(", "))
        lines.append(f"| {shown} | {where} | {what} |")
    return "\n".join(lines)
