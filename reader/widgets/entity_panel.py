"""The entity panel: the article's distinct names with their type and number of mentions,
most mentioned first, filterable by type; choosing one jumps to its first mention.

It sits in the reading view's side column in place of the summary rather than over the
text, so the mention it jumps to stays in sight, also at 80x24 where the column is a strip
under the text. `EntityKeys` gives the reading screen its entity keys and message handlers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable

from reader.nlp.entities import label_name
from reader.widgets.article_text import ArticleText
from reader.widgets.entity_legend import EntityLegend
from reader.widgets.entity_styles import CURRENT_STYLE, EntityStyles
from reader.widgets.summary_view import SummaryView

LAYERS = ("entities", "entity-current")

NAME_WIDTH = 32


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

    BINDINGS = [
        Binding("escape", "screen.toggle_entity_panel", "Close", show=False),
    ]

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

    def show(self, entities: list[Entity], styles: EntityStyles, *, note: str = "no names found") -> None:
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

    def _rebuild(self) -> None:
        if not self.is_mounted or not self.columns:
            return
        wanted = self.type_filter
        self.shown = [e for e in self.entities if wanted is None or e.label == wanted]
        self.clear()
        for index, entity in enumerate(self.shown):
            name = Text(entity.text, no_wrap=True, overflow="ellipsis")
            name.truncate(NAME_WIDTH, overflow="ellipsis")
            kind = Text(label_name(entity.label), style=self.type_styles.style(entity.label))
            self.add_row(name, kind, Text(str(entity.count), justify="right"), key=str(index))
        if not self.shown:
            self.add_row(Text(self.empty_note, style="dim"), Text(""), Text(""), key="none")
        which = label_name(wanted) if wanted else "all types"
        self.border_title = f"Entities · {which} · {len(self.shown)}"
        self.border_subtitle = "f type · enter go · n/N next"

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        message.stop()
        if 0 <= message.cursor_row < len(self.shown):
            self.post_message(self.Selected(self.shown[message.cursor_row]))



class EntityKeys(Screen):
    """The reading screen's entity keys and handlers, for a screen with an `article` whose
    compose yields an ArticleText, a SummaryView, an EntityLegend and, in `#aside`, an
    EntityPanel; it calls `start_entities()` once mounted."""

    BINDINGS = [
        Binding("e", "toggle_entities", "Highlight names", show=False),
        Binding("E", "toggle_entity_panel", "Names"),
        Binding("f", "entity_type", "Type", show=False),
        Binding("n", "next_mention", "Next mention", show=False),
        Binding("N", "previous_mention", "Previous mention", show=False),
    ]

    _entity_layer: list = []
    _selected: Entity | None = None
    _mention: int = -1

    def start_entities(self) -> None:
        """Ask for the article's entities; the text stays readable meanwhile.

        Entity layers go above the summary highlight, so the current mention stands out
        inside a highlighted sentence too."""
        text = self.query_one(ArticleText)
        for name in ("summary", *LAYERS):
            if not text.spans(name):
                text.set_layer(name, [])
        article = self.article
        self.query_one(EntityLegend).request(article.id, article.text, article.language or None)

    def on_entity_legend_ready(self, message: EntityLegend.Ready) -> None:
        if message.content_id != self.article.id:
            return
        message.stop()
        self._entity_layer = message.styles.layer(message.spans)
        self._selected, self._mention = None, -1
        text = self.query_one(ArticleText)
        text.set_layer("entities", self._entity_layer)
        text.set_layer("entity-current", [])
        self._show_in_summary()
        self.query_one(EntityPanel).show(group(message.spans, self.article.text), message.styles)

    def on_entity_legend_unavailable(self, message: EntityLegend.Unavailable) -> None:
        if message.content_id != self.article.id:
            return
        message.stop()
        self.query_one(EntityPanel).show([], EntityStyles(), note=message.note)

    def on_entity_panel_selected(self, message: EntityPanel.Selected) -> None:
        message.stop()
        self._go_to_mention(message.entity, 0)

    @property
    def entities_visible(self) -> bool:
        return self.query_one(ArticleText).is_visible("entities")

    def action_toggle_entities(self) -> None:
        self._set_entities_visible(not self.entities_visible)

    def _set_entities_visible(self, visible: bool) -> None:
        text = self.query_one(ArticleText)
        for name in LAYERS:
            text.set_visible(name, visible)
        self._show_in_summary()
        self.query_one(EntityLegend).set_highlights(visible)

    def _show_in_summary(self) -> None:
        layer = self._entity_layer if self.entities_visible else []
        self.query_one(SummaryView).set_entity_spans(layer)

    @property
    def entity_panel_open(self) -> bool:
        return self.query_one("#aside").has_class("-entities")

    def action_toggle_entity_panel(self) -> None:
        opening = not self.entity_panel_open
        self.query_one("#aside").set_class(opening, "-entities")
        if opening:
            self.query_one(EntityPanel).focus()
        else:
            self.query_one(ArticleText).focus()

    def action_entity_type(self) -> None:
        if not self.entity_panel_open:
            self.action_toggle_entity_panel()
        self.query_one(EntityPanel).cycle_type()

    def action_next_mention(self) -> None:
        self._step(1)

    def action_previous_mention(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        entity = self._selected or self.query_one(EntityPanel).current
        if entity is None:
            self.notify("no names to step through", timeout=2)
            return
        if entity is self._selected:
            index = (self._mention + direction) % entity.count
        else:
            index = 0 if direction > 0 else entity.count - 1
        self._go_to_mention(entity, index)

    def _go_to_mention(self, entity: Entity, index: int) -> None:
        """Mark mention `index` of `entity` as the current one and scroll it into view."""
        self._selected, self._mention = entity, index
        start, end = entity.mentions[index]
        text = self.query_one(ArticleText)
        text.set_layer("entity-current", [(start, end, CURRENT_STYLE)])
        if not self.entities_visible:
            self._set_entities_visible(True)
        text.scroll_to_offset(start)
        self.query_one(EntityLegend).set_mention((entity.text, index + 1, entity.count))
