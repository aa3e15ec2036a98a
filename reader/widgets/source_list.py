"""The list of sources the library can show: All, Unread, Starred, each feed, each folder.

One widget serves both layouts: beside the article list when the terminal is wide
(`live`: moving onto a source shows it at once), and inside the narrow layout's picker
(enter chooses). Each line is a name and a count, right-aligned; a feed whose last fetch
failed is marked with "!". Names are plain text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader import keys
from reader.library.cleanup import one_line


@dataclass(frozen=True)
class Source:
    """One line: `id` ("all", "unread", "starred", "feed:URL", "folder:PATH"), the name
    shown, its count, and under which `heading` it is listed ("" for the first three)."""

    id: str
    name: str
    count: int
    heading: str = ""
    failed: bool = False


def _prompt(source: Source) -> Table:
    line = Table.grid(expand=True, padding=(0, 1), pad_edge=True)
    line.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    line.add_column(justify="right", no_wrap=True)
    name = Text(one_line(source.name) or "?")
    if source.failed:
        name.append(" !", style="bold red")
    line.add_row(name, Text(f"{source.count:,}" if source.count else "", style="dim"))
    return line


class SourceList(OptionList):
    """Sources under their headings; `Chosen` says which one the reader picked."""

    BINDINGS = keys.bindings("table")

    DEFAULT_CSS = """
    SourceList { border: round $primary 50%; padding: 0; }
    SourceList:focus { border: round $accent; }
    """

    @dataclass
    class Chosen(Message):
        """The reader moved onto a source (its id), or chose it (`final`: enter, click)."""

        source_id: str
        final: bool = False

    def __init__(self, *, live: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.live = live
        self.sources: list[Source] = []

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def show(self, sources: list[Source], chosen: str) -> None:
        """Show `sources` with `chosen` highlighted; when only counts changed, only the
        lines that changed are drawn again (the highlight and the scroll stay)."""
        if [s.id for s in sources] == [s.id for s in self.sources]:
            for index, (old, new) in enumerate(zip(self.sources, sources)):
                if old != new:
                    self.replace_option_prompt(new.id, _prompt(new))
            self.sources = sources
            self._highlight(chosen)
            return
        self.sources = sources
        options: list[Option | None] = []
        heading = ""
        for source in sources:
            if source.heading != heading:
                heading = source.heading
                options.append(Option(Text(f" {heading}", style="bold"), id=f"heading:{heading}",
                                      disabled=True))
            options.append(Option(_prompt(source), id=source.id))
        self.set_options(options)
        self._highlight(chosen)

    def _highlight(self, source_id: str) -> None:
        try:
            index = self.get_option_index(source_id)
        except Exception:
            index = 0
        if self.highlighted != index:
            self.highlighted = index

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # a highlight from a rebuild that a later one replaced is not the reader's choice
        if self.live and event.option_index == self.highlighted and event.option.id:
            self.post_message(self.Chosen(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id, final=True))
