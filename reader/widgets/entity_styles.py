"""How entity types look: one style per label, readable in a 16-colour terminal.

Each style pairs an ANSI base colour with text attributes (bold, italic, underline,
reverse), and no two styles share the same attributes, so types stay apart even where
colours are remapped or missing. Labels beyond PER/ORG/LOC/MISC take styles from a cycle
in the order the model lists them, so a model's types keep their look between articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rich.style import Style
from rich.text import Text

from reader.library.article import EntitySpan
from reader.nlp.entities import label_name

KNOWN: dict[str, Style] = {
    "PER": Style(color="cyan", bold=True, underline=True),
    "ORG": Style(color="magenta", bold=True),
    "LOC": Style(color="green", italic=True, underline=True),
    "MISC": Style(color="yellow", reverse=True),
}
CYCLE: tuple[Style, ...] = (
    Style(color="red", italic=True),
    Style(color="blue", bold=True, italic=True),
    Style(color="yellow", underline=True),
    Style(color="green", bold=True, reverse=True),
    Style(color="cyan", italic=True, reverse=True),
    Style(color="magenta", bold=True, italic=True, underline=True),
)
CURRENT_STYLE = Style(color="black", bgcolor="bright_white", bold=True, reverse=False,
                      italic=False, underline=False)
"""The mention the reader stepped to: its own colours, whatever type style lies under it."""

class EntityStyles:
    """Label -> style for one model's labels (`labels` fixes the cycle order)."""

    def __init__(self, labels: Iterable[str] = ()) -> None:
        self._styles: dict[str, Style] = dict(KNOWN)
        for label in labels:
            self._assign(label)

    def _assign(self, label: str) -> Style:
        if label not in self._styles:
            others = len(self._styles) - len(KNOWN)
            self._styles[label] = CYCLE[others % len(CYCLE)]
        return self._styles[label]

    def style(self, label: str) -> Style:
        return self._styles.get(label) or self._assign(label)

    def layer(self, spans: Iterable[EntitySpan]) -> list[tuple[int, int, Style]]:
        """Spans as an ArticleText layer: (start, end, style of its label)."""
        return [(s.start, s.end, self.style(s.label)) for s in spans]

    def order(self, labels: Iterable[str]) -> list[str]:
        """`labels` in legend order: PER, ORG, LOC, MISC, then the model's own order."""
        wanted = set(labels)
        for label in sorted(wanted):
            self._assign(label)
        return [label for label in self._styles if label in wanted]

    def legend(self, spans: Sequence[EntitySpan], *, dim: bool = False) -> Text:
        """Each label present, in its own style, followed by how many mentions it has."""
        counts = Counter(s.label for s in spans)
        result = Text(no_wrap=True, overflow="ellipsis", end="")
        for index, label in enumerate(self.order(counts)):
            if index:
                result.append("  ")
            result.append(label_name(label), style=self.style(label) + Style(dim=dim))
            result.append(f" {counts[label]}", style="dim" if dim else "")
        return result

