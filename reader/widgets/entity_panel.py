"""The entity panel: the article's distinct names with their type and number of mentions,
most mentioned first, filterable by type; choosing one jumps to its first mention.

It sits in the reading view's side column in place of the summary rather than over the
text, so the mention it jumps to stays in sight, also at 80x24 where the column is a strip
under the text. `EntityKeys` (entity_keys.py) wires it to the reading screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from reader import keys
from reader.nlp.entities import label_name
from reader.widgets.entity_styles import EntityStyles

MIN_NAME_WIDTH = 8


@dataclass(frozen=True)
class Entity:
    """One distinct name of a type, and where each of its mentions is, in text order."""

    text: str
    label: str
    mentions: tuple[tuple[int, int], ...]

    @property
    def count(self) -> int:
        return len(self.mentions)


def group(spans: Sequence, text: str) -> list[Entity]:
    """Distinct (name, type) pairs of `spans`, most mentioned first, then first seen."""
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        name = " ".join(text[span.start:span.end].split())
        if name:
            found.setdefault((name, span.label), []).append((span.start, span.end))
    entities = [Entity(name, label, tuple(where)) for (name, label), where in found.items()]
    return sorted(entities, key=lambda e: (-e.count, e.mentions[0][0]))


class EntityPanel(DataTable):
    """A table of the article's entities; `f` cycles the type shown, enter jumps."""

    BINDINGS = keys.bindings("table")

    @dataclass
    class Selected(Message):
        """The reader chose `entity` (enter or click)."""

        entity: Entity

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.entities: list[Entity] = []
        self.shown: list[Entity] = []
        self.type_styles = EntityStyles()
        self.type_filter: str | None = None
        self.empty_note = "no names found"

    def on_mount(self) -> None:
        self.add_column("Name", key="name")
        self.add_column("Type", key="type")
        self.add_column(Text("#", justify="right"), key="count")
        self._rebuild()

    def show(self, entities: list[Entity], styles: EntityStyles, *,
             note: str = "no names found") -> None:
        """List `entities`; the type filter stays if that type is still present."""
        self.entities, self.type_styles, self.empty_note = list(entities), styles, note
        if self.type_filter not in self.types():
            self.type_filter = None
        self._rebuild()

    def types(self) -> list[str]:
        """The types present, in legend order."""
        return self.type_styles.order({e.label for e in self.entities})

    def cycle_type(self) -> str | None:
        """Show the next type only (after the last: every type); the type now shown."""
        choices = [None, *self.types()]
        index = choices.index(self.type_filter) if self.type_filter in choices else 0
        self.type_filter = choices[(index + 1) % len(choices)]
        self._rebuild()
        return self.type_filter

    @property
    def current(self) -> Entity | None:
        """The entity under the cursor, if any."""
        if 0 <= self.cursor_row < len(self.shown):
            return self.shown[self.cursor_row]
        return None

    def on_resize(self) -> None:
        self._rebuild(keep_cursor=True)

    def _name_width(self) -> int:
        """Room for names once the type and count columns (and cell padding) fit."""
        kinds = max((len(label_name(e.label)) for e in self.shown), default=0)
        counts = max((len(str(e.count)) for e in self.shown), default=1)
        room = self.scrollable_content_region.width - kinds - counts - 7
        return max(MIN_NAME_WIDTH, room)

    def _rebuild(self, *, keep_cursor: bool = False) -> None:
        if not self.is_mounted or not self.columns:
            return
        row = self.cursor_row if keep_cursor else 0
        wanted = self.type_filter
        self.shown = [e for e in self.entities if wanted is None or e.label == wanted]
        self.clear()
        width = self._name_width()
        for index, entity in enumerate(self.shown):
            name = Text(entity.text, no_wrap=True, overflow="ellipsis")
            name.truncate(width, overflow="ellipsis")
            kind = Text(label_name(entity.label), style=self.type_styles.style(entity.label))
            self.add_row(name, kind, Text(str(entity.count), justify="right"), key=str(index))
        if not self.shown:
            self.add_row(Text(self.empty_note, style="dim"), Text(""), Text(""), key="none")
        which = label_name(wanted) if wanted else "all types"
        self.border_title = Text(f"Entities · {which} · {len(self.shown)}")
        self.border_subtitle = "f type · enter go · n/N next"
        if row:
            self.move_cursor(row=min(row, len(self.shown) - 1))

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        message.stop()
        if 0 <= message.cursor_row < len(self.shown):
            self.post_message(self.Selected(self.shown[message.cursor_row]))


