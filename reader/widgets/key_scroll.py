"""Keyboard scrolling that adds up when keys come faster than the screen refreshes.

Textual's scroll actions run after the next refresh and page from the position on
screen, so a burst of keys (a held key over a slow link, or while a worker keeps the
interpreter busy) read the same start and move one step in all. Here each key moves on
from where the previous one aimed, at once. `KeySteps` gives any scroll view these
actions; `KeyScroll` is a vertical scroll container with them and the `j` / `k` keys.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.containers import VerticalScroll

from reader import keys


class KeySteps:
    """Line and page scroll actions for a scroll view that never lose a step."""

    def _step(self, lines: int) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_to(y=self.scroll_target_y + lines, animate=False, immediate=True)

    def action_scroll_down(self) -> None:
        self._step(1)

    def action_scroll_up(self) -> None:
        self._step(-1)

    def action_page_down(self) -> None:
        self._step(max(1, self.scrollable_content_region.height))

    def action_page_up(self) -> None:
        self._step(-max(1, self.scrollable_content_region.height))


class KeyScroll(KeySteps, VerticalScroll):
    """A vertical scroll view whose line and page keys never lose a step; `j` / `k` too."""

    BINDINGS = keys.bindings("text")
