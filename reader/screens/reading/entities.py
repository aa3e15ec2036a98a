"""The reading screen's entity part: it tags the article (and a finished translation) in
background jobs and drives the legend, the highlights and the entity panel.

Keys: `e` toggles the highlights, `E` the entity panel, `f` the type it lists, `n` / `N`
step through the mentions of the chosen name. The article's spans are laid on the text as
the "entities" layer, with the mention stepped to as "entity-current" above it, and are
styled in the summary too. When a translation is complete and a model covers its
language, the translated text is tagged as well (job slot "entities-translation").
"""

from __future__ import annotations

from textual.screen import Screen

from reader.errors import MissingDependency, ModelMissing
from reader.jobs import JobReport, failure_text, notify_failure
from reader.widgets.article_text import ArticleText
from reader.widgets.entity_legend import EntityLegend, missing_note
from reader.widgets.entity_panel import Entity, EntityPanel, group
from reader.widgets.entity_styles import CURRENT_STYLE, EntityStyles
from reader.widgets.summary_view import SummaryView
from reader.widgets.translation_pane import TranslationPane

LAYERS = ("entities", "entity-current")


def _tag(token, services, text: str, language: str | None, content_id: str | None) -> tuple:
    """The tagger's labels and the entities found in `text`; cancelling the job stops the
    tagging in the model process."""
    labels, spans = services.entities(text, language, content_id, cancel=token)
    return tuple(labels), list(spans)


class EntityPart(Screen):
    """Entity keys, jobs and handlers for a screen with an `article` and a `jobs` helper
    whose compose yields an ArticleText, a SummaryView, an EntityLegend and, in `#aside`,
    an EntityPanel and a TranslationPane; it calls `start_entities()` once mounted."""

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
        language = article.language if article.language not in ("", "?") else None
        self.query_one(EntityLegend).waiting()
        self.jobs.start("entities", (article.id, language), _tag, self.app.services,
                        article.text, language, article.id)

    def entities_report(self, report: JobReport) -> None:
        """The article's entities arrived, or why there are none."""
        legend = self.query_one(EntityLegend)
        if report.failed:
            if isinstance(report.error, ModelMissing):
                note = missing_note(report.key[1], report.error.command)
                legend.show_note(note)
            elif isinstance(report.error, MissingDependency):
                note = failure_text(report.error, "find names")
                legend.show_note(note)
            else:
                text = failure_text(report.error, "find names")
                note = f"Entities unavailable: {text}"
                legend.show_note(note, style="bold red")
                notify_failure(self, text, "Entities")
            self.query_one(EntityPanel).show([], EntityStyles(), note=note)
            return
        labels, spans = report.result
        styles = EntityStyles(labels)
        legend.show(spans, styles)
        self._entity_layer = styles.layer(spans)
        self._selected, self._mention = None, -1
        text = self.query_one(ArticleText)
        text.set_layer("entities", self._entity_layer)
        text.set_layer("entity-current", [])
        self._show_in_summary()
        self.query_one(EntityPanel).show(group(spans, self.article.text), styles)

    def tag_translation(self, pane: TranslationPane) -> None:
        """Tag the pane's complete translation in its language (once per job and text)."""
        if pane.job is None or not pane.done or not pane.target or not pane.pairs:
            return
        wanted = (pane.job, pane.text)
        if wanted != self.jobs.wanted("entities-translation"):
            self.jobs.start("entities-translation", wanted, _tag, self.app.services, pane.text,
                            pane.target, None)

    def translation_entities_report(self, report: JobReport) -> None:
        pane = self.query_one(TranslationPane)
        if report.failed:
            if not isinstance(report.error, (ModelMissing, MissingDependency)):
                text = failure_text(report.error, "find names in the translation")
                notify_failure(self, text, "Entities", severity="warning")
            return
        if report.key != (pane.job, pane.text):
            return
        labels, spans = report.result
        pane.set_layer("entities", EntityStyles(labels).layer(spans))
        pane.set_visible("entities", self.entities_visible)

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
