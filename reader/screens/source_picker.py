"""The sources as a picker over the library, for a terminal too narrow for the pane."""

from __future__ import annotations

from textual.screen import ModalScreen

from reader import keys
from reader.widgets.source_list import Source, SourceList


class SourcePicker(ModalScreen):
    """The sources as a list over the library, for a terminal too narrow for the pane;
    enter shows the source chosen, escape leaves the list as it was."""

    DEFAULT_CSS = """
    SourcePicker { align: center middle; }
    SourcePicker > SourceList { width: 48; max-width: 100%; height: auto; max-height: 90%;
                                background: $surface; }
    """

    BINDINGS = keys.bindings("dialog")

    def __init__(self, sources: list[Source], chosen: str) -> None:
        super().__init__()
        self.sources = sources
        self.chosen = chosen

    def compose(self):
        yield SourceList(id="picker")

    def on_mount(self) -> None:
        picker = self.query_one(SourceList)
        picker.border_title = "Show"
        picker.show(self.sources, self.chosen)
        picker.focus()

    def on_source_list_chosen(self, message: SourceList.Chosen) -> None:
        message.stop()
        if message.final:
            self.dismiss(message.source_id)

    def action_close(self) -> None:
        self.dismiss(None)
