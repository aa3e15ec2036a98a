"""The Textual app: holds the services and the summary settings, and starts the library.

`make_app` is the one way to build the app, used by `run_tui` and by the tests (which
pass fake services). Screens and widgets live in `reader.screens` and `reader.widgets`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import NoReturn

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader.library.cleanup import replace_controls
from reader.services import Services

THEME_KEY = ("ui", "theme")
MAX_SENTENCES = 20
SUMMARY_ACTIONS = ("cycle_algorithm", "longer", "shorter")


class ReaderApp(App):
    """A terminal news reader: library, reading view, summaries."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help"),
        Binding("f1", "help", "Help", show=False),
        Binding("s", "cycle_algorithm", "Algorithm"),
        Binding("plus,equals_sign", "longer", "Longer", key_display="+"),
        Binding("minus", "shorter", "Shorter", key_display="-"),
        Binding("M", "models", "Models", show=False),
    ]

    def __init__(self, services: Services, paths: Iterable[str | Path] | None = None) -> None:
        super().__init__()
        self.services = services
        self.paths = [Path(p) for p in paths or ()]
        settings = services.settings
        algorithms = services.algorithms
        chosen = settings.summary_algorithm
        self.algorithm = chosen if chosen in algorithms else algorithms[0]
        self.summary_size = min(MAX_SENTENCES, max(1, int(settings.summary_sentences or 3)))
        self._startup_notes = list(services.notices())
        if chosen not in algorithms:
            self._startup_notes.append(f"unknown summary algorithm {chosen!r}; using {self.algorithm}")

    def on_mount(self) -> None:
        from reader.screens.library import LibraryScreen

        self._restore_theme()
        self.theme_changed_signal.subscribe(self, self._save_theme)
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGINT, self.call_next, self.action_quit)  # as q
            loop.set_default_executor(_Unwaited())
        for note in self._startup_notes:
            self.notify(replace_controls(note), title="Notice", severity="warning", timeout=8, markup=False)
        self.push_screen(LibraryScreen(self.paths))

    def _theme_key(self) -> str:
        from reader.library.store import cache_key

        return cache_key(*THEME_KEY)

    def _restore_theme(self) -> None:
        try:
            saved = self.services.store.cache_get(self._theme_key())
        except Exception:
            saved = None
        for name in (saved, self.services.settings.theme):
            if isinstance(name, str) and name in self.available_themes:
                self.theme = name
                return

    def _save_theme(self, theme) -> None:
        self.services.store.cache_put(self._theme_key(), theme.name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Summary keys only where a summary is shown (not on the models screen)."""
        if action in SUMMARY_ACTIONS and not hasattr(self.screen, "refresh_summary"):
            return False
        return True

    def _summaries_changed(self) -> None:
        refresh = getattr(self.screen, "refresh_summary", None)
        if refresh is not None:
            refresh()

    def action_cycle_algorithm(self) -> None:
        algorithms = self.services.algorithms
        index = algorithms.index(self.algorithm) if self.algorithm in algorithms else -1
        self.algorithm = algorithms[(index + 1) % len(algorithms)]
        self._summaries_changed()

    def action_longer(self) -> None:
        self.summary_size = min(MAX_SENTENCES, self.summary_size + 1)
        self._summaries_changed()

    def action_shorter(self) -> None:
        self.summary_size = max(1, self.summary_size - 1)
        self._summaries_changed()

    def action_help(self) -> None:
        from reader.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_models(self) -> None:
        from reader.screens.models import ModelsScreen

        if not isinstance(self.screen, ModelsScreen):
            self.push_screen(ModelsScreen())

    async def action_quit(self) -> None:
        self.services.close_models()  # model work stops now; nothing waits for it
        save = getattr(self.screen, "save_position", None)
        if save is not None:
            save()
        self.exit()

    def on_unmount(self) -> None:
        self.services.close_models()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if hasattr(screen, "refresh_summary"):
            yield SystemCommand("Summary: next algorithm", f"now {self.algorithm} (s)",
                                self.action_cycle_algorithm)
            yield SystemCommand("Summary: longer", "one more sentence (+)", self.action_longer)
            yield SystemCommand("Summary: shorter", "one sentence fewer (-)", self.action_shorter)
        yield SystemCommand("Help: keys", "every key binding (?)", self.action_help)
        yield SystemCommand("Models: installed", "translation and entity models on disk (M)",
                            self.action_models)
        screen_actions = {
            "toggle_read": ("Toggle read", "mark the article read or unread (m)"),
            "toggle_star": ("Toggle star", "star or unstar the article (*)"),
            "start_filter": ("Filter articles", "filter the list by title or source (/)"),
            "show_skipped": ("Show skipped files", "files that could not be read (x)"),
            "toggle_highlight": ("Highlight summary", "summary sentences in the text (h)"),
            "translate": ("Translate", "choose a language; translation beside the text (t)"),
            "toggle_entities": ("Entities: highlight", "names by type in the text, on / off (e)"),
            "toggle_entity_panel": ("Entities: list", "names by mentions; enter jumps (E)"),
            "entity_type": ("Entities: next type", "show one type in the entity list (f)"),
            "next_mention": ("Entities: next mention", "of the chosen name (n)"),
            "previous_mention": ("Entities: previous mention", "of the chosen name (N)"),
        }
        for action, (title, help_text) in screen_actions.items():
            if hasattr(screen, f"action_{action}"):
                yield SystemCommand(title, help_text, partial(screen.run_action, action))
        if getattr(screen, "translating", False):
            yield SystemCommand("Translation: full text / summary", "what the pane translates (T)",
                                partial(screen.run_action, "translate_full"))
            yield SystemCommand("Translation: next sentence", "in both panes (])",
                                partial(screen.run_action, "sentence(1)"))
            yield SystemCommand("Translation: close", "hide the translation pane (escape)",
                                screen.close_translation)


class _Unwaited(ThreadPoolExecutor):
    """The thread workers' executor, which quitting does not wait for.

    A worker still inside a summary or a folder scan when the reader quits cannot be
    stopped, and asyncio would join it before `run` returns; the process leaves right
    after (`run_tui`), which ends it. Whatever such a worker writes to the state database
    is one transaction, so it is there whole or not at all."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)


def make_app(paths: Iterable[str | Path] | None = None, *, services: Services | None = None) -> ReaderApp:
    """The app over `paths` (none: the embedded seeds), with real or given services."""
    return ReaderApp(services or Services.default(), paths)


def run_tui(paths: Iterable[str | Path] | None) -> NoReturn:
    """Run the app in this terminal until the reader quits, then leave the process at once.

    Once the app has restored the terminal and the store is closed there is nothing left
    to save, so the interpreter's teardown (a tenth to a third of a second of unloading
    modules) is skipped: the shell prompt comes back as soon as the screen is restored."""
    services = Services.default()
    try:
        app = make_app(paths, services=services)
        app.run()
    finally:
        services.close_models()
        services.store.close()
    code = int(app.return_code or 0)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
