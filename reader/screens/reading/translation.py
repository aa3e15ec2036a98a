"""The reading screen's translation part: `t` picks a language and opens the pane, `T`
switches it between summary and full text, `[` / `]` move the current sentence.

The current sentence is highlighted in both panes and both scroll to it; scrolling either
pane by hand makes the sentence a third of the way down it current, so the other pane
follows the reader. The chosen language is kept in the store for next time.
"""

from __future__ import annotations

import time

from textual.screen import Screen

from reader.screens.language import OFF
from reader.widgets.article_text import ArticleText
from reader.widgets.summary_view import SummaryView
from reader.widgets.translation_pane import CURRENT_STYLE, TranslationPane

TARGET_KEY = ("ui", "target_language")
FOLLOW_DELAY = 0.15
OWN_SCROLL = 0.5


class TranslationPart(Screen):
    """The reading screen's translation keys and handlers, for a screen with an `article`
    whose compose yields an ArticleText, a SummaryView and, in `#panes`, a
    TranslationPane; `close_translation()` tells whether there was a pane to close."""

    _target: str | None = None
    _own_scroll = 0.0
    _follow_timer = None

    @property
    def translating(self) -> bool:
        return self.query_one("#panes").has_class("-translating")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("translate_full", "close_translation") and not self.translating:
            return False
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        self.watch(self.query_one("#text", ArticleText), "scroll_y",
                   lambda: self._scrolled("text"), init=False)
        self.watch(self.query_one(TranslationPane), "scroll_y",
                   lambda: self._scrolled("pane"), init=False)

    def preferred_target(self) -> str:
        """The language chosen last time, else the configured one, $LANG, or English."""
        from reader.config import default_target_language
        from reader.library.store import cache_key

        try:
            saved = self.app.services.store.cache_get(cache_key(*TARGET_KEY))
        except Exception:
            saved = None
        if isinstance(saved, str) and saved:
            return saved
        return default_target_language(self.app.services.settings)

    def action_translate(self) -> None:
        from reader.screens.language import LanguagePicker

        showing = self._target if self.translating else None
        picker = LanguagePicker(self.article.language or "", self.preferred_target(),
                                showing=showing)
        self.app.push_screen(picker, self._language_chosen)

    def _language_chosen(self, code: str | None) -> None:
        if code is None:
            return
        if code == OFF:
            self.close_translation()
            return
        from reader.library.store import cache_key

        self.app.services.store.cache_put(cache_key(*TARGET_KEY), code)
        mode = self.query_one(TranslationPane).mode if self.translating else "summary"
        self.open_translation(code, mode)

    def open_translation(self, target: str, mode: str = "summary") -> None:
        """Show the pane and translate the summary (or, mode "full", the whole text)."""
        self._target = target
        self.query_one("#panes").add_class("-translating")
        self.query_one("#text", ArticleText).remove_layer("current")
        summary = self.query_one(SummaryView).summary
        self.query_one(TranslationPane).show(self.article, target, mode, summary)
        self.refresh_bindings()

    def close_translation(self) -> bool:
        """Hide the pane and stop its job; False if it was not open."""
        if not self.translating:
            return False
        pane = self.query_one(TranslationPane)
        pane.stop()
        self.query_one("#panes").remove_class("-translating")
        text = self.query_one("#text", ArticleText)
        text.remove_layer("current")
        text.focus()
        self.refresh_bindings()
        return True

    def action_translate_full(self) -> None:
        pane = self.query_one(TranslationPane)
        if self._target:
            self.open_translation(self._target, "summary" if pane.mode == "full" else "full")

    def action_close_translation(self) -> None:
        self.close_translation()

    def action_sentence(self, step: int) -> None:
        """Move the current sentence, or say why nothing moves."""
        pane = self.query_one(TranslationPane)
        if not self.translating:
            self.notify("No translation shown: press t to translate, then [ ] move "
                        "sentence by sentence.", timeout=4)
        elif not pane.pairs and pane.jobs.running("translate"):
            self.notify("No translated sentence yet.", timeout=2)
        elif not pane.pairs:
            self.notify("Nothing was translated, so there is no sentence to move to.", timeout=3)
        else:
            self._own_scroll = time.monotonic()
            self._in_original(pane.move(step))

    def on_summary_view_ready(self, message: SummaryView.Ready) -> None:
        pane = self.query_one(TranslationPane)
        if (not self.translating or pane.mode != "summary" or not self._target
                or message.article.id != self.article.id):
            return
        if pane.job is not None and pane.job.sentences == tuple(message.summary.sentences):
            return
        pane.show(self.article, self._target, "summary", message.summary)

    def _in_original(self, pair, *, scroll: bool = True) -> None:
        """Highlight the current sentence's source in the original (and bring it into view
        when `scroll`: not when the reader is scrolling the original)."""
        if pair is None:
            return
        text = self.query_one("#text", ArticleText)
        text.set_layer("current", [(pair.start, pair.end, CURRENT_STYLE)])
        self._own_scroll = time.monotonic()
        if scroll:
            text.show_span(pair.start, pair.end)

    def _scrolled(self, which: str) -> None:
        """One of the panes moved: after a pause, follow it, unless the move was ours."""
        if not self.translating or time.monotonic() - self._own_scroll < OWN_SCROLL:
            return
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.set_timer(FOLLOW_DELAY, lambda: self._follow(which))

    def _follow(self, which: str) -> None:
        """Make the sentence a third of the way down the pane the reader scrolled (the
        original or the translation) the current one, and bring it into view in the other."""
        pane = self.query_one(TranslationPane)
        if pane.mode != "full" or not pane.pairs or len(pane.places) < len(pane.pairs):
            return
        view: ArticleText = self.query_one("#text", ArticleText) if which == "text" else pane
        spans = [(p.start, p.end) for p in pane.pairs] if which == "text" else pane.places
        third = view.scrollable_content_region.height // 3
        probe = round(view.scroll_y) + (third if view.scroll_y > 0 else 0)
        if 0 <= pane.current < len(spans):
            start, end = spans[pane.current]
            if view.line_of(start) <= probe <= view.line_of(end):
                return
        low, high = 0, len(spans) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if view.line_of(spans[middle][0]) <= probe:
                low = middle
            else:
                high = middle - 1
        if low != pane.current:
            self._own_scroll = time.monotonic()
            self._in_original(pane.set_current(low, scroll=which == "text"), scroll=which == "pane")
