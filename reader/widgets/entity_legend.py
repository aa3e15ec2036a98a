"""The entity line of the reading view: each entity type in its own style with its
count, the mention stepped to, a progress note, or why there are no highlights.

It only displays: the reading screen tags the article and tells the legend what to show
(`waiting`, `show`, `show_note`).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.library.cleanup import one_line, replace_controls
from reader.widgets.entity_styles import EntityStyles


class EntityLegend(Static):
    """One line: entity types and counts, a progress note, or why there are none."""

    DEFAULT_CSS = """
    EntityLegend { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    EntityLegend.-note { height: auto; max-height: 4; text-wrap: wrap; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(Text(""), **kwargs)
        self.spans: list = []
        self.type_styles = EntityStyles()
        self.visible_highlights = True
        self.mention: tuple[str, int, int] | None = None
        self._note: Text | None = None

    def waiting(self) -> None:
        """Names are being looked for."""
        self.spans, self.mention = [], None
        self._note = Text("finding names…", style="italic dim")
        self._redraw()

    def show(self, spans: list, styles: EntityStyles) -> None:
        """The article's entities arrived: their types and counts."""
        self.spans, self.type_styles, self._note, self.mention = list(spans), styles, None, None
        self.remove_class("-note")
        self._redraw()

    def show_note(self, note: str, *, style: str = "dim") -> None:
        """Show `note` (plain text, never markup) instead of the legend."""
        self._note = Text(replace_controls(note), style=style)
        self.add_class("-note")
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
