"""The reading screen's entity keys: `e` toggles the highlights, `E` the entity panel, `f`
the type it lists, `n` / `N` step through the mentions of the chosen name.

The article's spans come from `EntityLegend` (which runs the tagger); they are laid on the
text as the "entities" layer, with the mention stepped to as "entity-current" above it,
and are styled in the summary too. When a translation is shown and a model covers its
language, the translated text is tagged as well (worker group "entities-translation").
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from reader.errors import ModelMissing
from reader.library.cleanup import one_line
from reader.widgets.article_text import ArticleText
from reader.widgets.entity_legend import EntityLegend
from reader.widgets.entity_panel import Entity, EntityPanel, group
from reader.widgets.entity_styles import CURRENT_STYLE, EntityStyles
from reader.widgets.summary_view import SummaryView
from reader.widgets.translation_pane import TranslationPane

LAYERS = ("entities", "entity-current")
UNTAGGED = "translating…"


class EntityKeys(Screen):
    """Entity keys and handlers for a screen with an `article` whose compose yields an
    ArticleText, a SummaryView, an EntityLegend and, in `#aside`, an EntityPanel (and
    perhaps a TranslationPane); it calls `start_entities()` once mounted."""

    BINDINGS = [
        Binding("e", "toggle_entities", "Highlight names", show=False),
        Binding("E", "toggle_entity_panel", "Names"),
        Binding("f", "entity_type", "Type", show=False),
        Binding("n", "next_mention", "Next mention", show=False),
        Binding("N", "previous_mention", "Previous mention", show=False),
    ]

    @dataclass
    class TranslationTagged(Message):
        """Entities of a translated text (`wanted` = the pane's job and text)."""

        wanted: tuple
        labels: tuple
        spans: list

    _entity_layer: list = []
    _selected: Entity | None = None
    _mention: int = -1
    _translation_wanted: tuple | None = None

    def start_entities(self) -> None:
        """Ask for the article's entities; the text stays readable meanwhile.

        Entity layers go above the summary highlight, so the current mention stands out
        inside a highlighted sentence too."""
        text = self.query_one(ArticleText)
        for name in ("summary", *LAYERS):
            if not text.spans(name):
                text.set_layer(name, [])
        article = self.article
        language = article.language if article.language not in ("", "?") else None
        self.query_one(EntityLegend).request(article.id, article.text, language)
        for pane in self.query(TranslationPane):
            pane.message_signal.subscribe(self, self._translation_message)

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
        for pane in self.query(TranslationPane):
            pane.set_visible("entities", visible)
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

    def close_entity_panel(self) -> bool:
        """Close the entity panel; False if it was not open."""
        if not self.entity_panel_open:
            return False
        self.action_toggle_entity_panel()
        return True

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

    def _translation_message(self, message: Message) -> None:
        if isinstance(message, (TranslationPane.Started, TranslationPane.Translated)):
            self.call_after_refresh(self._tag_translation)

    def _tag_translation(self) -> None:
        """Once the pane holds a whole translation, tag it in the target language."""
        pane = self.query_one(TranslationPane)
        if pane.job is None or not pane.done or not pane.target:
            return
        if pane.text.endswith(UNTAGGED):
            self.call_after_refresh(self._tag_translation)
            return
        wanted = (pane.job, pane.text)
        if wanted != self._translation_wanted:
            self._translation_wanted = wanted
            self._tag_translated(wanted, pane.text, pane.target)

    @work(thread=True, exclusive=True, group="entities-translation", exit_on_error=False)
    def _tag_translated(self, wanted: tuple, text: str, language: str) -> None:
        worker = get_current_worker()
        labels, spans = self.app.services.entities(text, language,
                                                   cancel=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(self.TranslationTagged(wanted, tuple(labels), list(spans)))

    def on_entity_keys_translation_tagged(self, message: TranslationTagged) -> None:
        message.stop()
        pane = self.query_one(TranslationPane)
        if message.wanted != self._translation_wanted:
            return
        if message.wanted != (pane.job, pane.text):
            self._tag_translation()
            return
        pane.set_layer("entities", EntityStyles(message.labels).layer(message.spans))
        pane.set_visible("entities", self.entities_visible)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "entities-translation" or event.state != WorkerState.ERROR:
            return
        event.stop()
        error = event.worker.error
        if event.worker.is_cancelled or isinstance(error, ModelMissing):
            return
        reason = one_line(str(error)) or type(error).__name__
        self.notify(f"names in the translation: {reason}", title="Entities",
                    severity="warning", markup=False)
