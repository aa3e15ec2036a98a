"""The Textual app: holds the services and the summary settings, and starts the library.

`make_app` is the one way to build the app, used by `run_tui` and by the tests (which
pass fake services). Screens and widgets live in `reader.screens` and `reader.widgets`.
"""

from __future__ import annotations

import asyncio
import gc
import signal
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.screen import Screen

from reader import keys
from reader.colours import readable_cursor
from reader.library.article import Article
from reader.library.cleanup import replace_controls
from reader.quit_guard import can_leave_now, leave_now
from reader.services import Services

THEME_KEY = ("ui", "theme")
MAX_SENTENCES = 20
SUMMARY_ACTIONS = ("cycle_algorithm", "longer", "shorter")


class ReaderApp(App):
    """A terminal news reader: library, reading view, summaries."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = keys.bindings("app")

    leave_at_once = False
    """Quit by ending the process (the `reader` command), not by tearing the app down."""

    def __init__(self, services: Services, paths: Iterable[str | Path] | None = None,
                 opened: Iterable[Article] = (), notes: Iterable[str] = ()) -> None:
        super().__init__()
        self.services = services
        self.paths = [Path(p) for p in paths or ()]
        self.opened = list(opened)
        """Articles to show in the reading view at start, the first on top."""
        services.prepare_loading(self.paths)  # workers start while the screen is built
        settings = services.settings
        algorithms = services.algorithms
        chosen = settings.summary_algorithm
        self.algorithm = chosen if chosen in algorithms else algorithms[0]
        self.summary_size = min(MAX_SENTENCES, max(1, int(settings.summary_sentences or 3)))
        self._startup_notes = [*services.notices(), *notes]
        if chosen not in algorithms:
            self._startup_notes.append(f"unknown summary algorithm {chosen!r}; using {self.algorithm}")

    def on_mount(self) -> None:
        from reader.quit_guard import QuitGuard
        from reader.screens.library import LibraryScreen

        QuitGuard(self, self._before_leaving).start()
        if can_leave_now(self):  # an interrupt signal (kill -INT) quits like q
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self.call_next,
                                                          self.action_quit)

        self._restore_theme()
        self.theme_changed_signal.subscribe(self, self._save_theme)
        for note in self._startup_notes:
            self.notify(replace_controls(note), title="Notice", severity="warning", timeout=8, markup=False)
        self.push_screen(LibraryScreen(self.paths))
        if self.opened:
            from reader.screens.reading import ReadingScreen

            for article in reversed(self.opened):
                self.push_screen(ReadingScreen(article))

    def settle_heap(self) -> None:
        """Collect garbage now, then leave what survives out of later collections.

        A screen of long text holds ~140,000 objects (cached lines, styles); a full
        collection of them took 70-200 ms at random moments on a loaded machine, long
        enough to make a key wait. Done when a screen is ready (the user just acted), and
        undone first, so what the previous screen left is collected."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with a cursor that stays readable in 16 colours."""
        return readable_cursor(super().get_css_variables(), self.console.color_system)

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
        return self._applies(action, self.screen)

    @staticmethod
    def _applies(action: str, screen: Screen) -> bool:
        """Summary keys only where a summary is shown (not on the models screen)."""
        return action not in SUMMARY_ACTIONS or hasattr(screen, "refresh_summary")

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
        limit = self._sentence_limit()
        if limit is not None and self.summary_size >= limit:
            self.notify(f"The summary already holds every sentence of this article ({limit}).",
                        timeout=3)
            return
        self.summary_size = min(MAX_SENTENCES, self.summary_size + 1)
        self._summaries_changed()

    def action_shorter(self) -> None:
        limit = self._sentence_limit()
        size = min(self.summary_size, limit) if limit is not None else self.summary_size
        self.summary_size = max(1, size - 1)
        self._summaries_changed()

    def _sentence_limit(self) -> int | None:
        """How many sentences the shown article has, when its summary holds them all."""
        from reader.widgets.summary_view import SummaryView

        for view in self.screen.query(SummaryView):
            return view.sentence_limit
        return None

    def action_help(self) -> None:
        from reader.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        from reader.screens.search import SearchScreen, refresh_marks

        below = self.screen
        if not isinstance(below, SearchScreen):
            self.push_screen(SearchScreen(), callback=lambda ids: refresh_marks(below, ids or []))

    def action_models(self) -> None:
        from reader.screens.models import ModelsScreen

        if not isinstance(self.screen, ModelsScreen):
            self.push_screen(ModelsScreen())

    async def action_quit(self) -> None:
        save = getattr(self.screen, "save_position", None)
        if save is not None:
            save()
        if self.leave_at_once and can_leave_now(self):
            leave_now(self, self._before_leaving)
        self.services.stop()
        self.exit()

    def _before_leaving(self) -> None:
        """Stop background work and close the store: the process is about to end."""
        self.services.stop()
        self.services.store.close()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every key of the key table that applies here."""
        yield from super().get_system_commands(screen)
        for key, row in keys.palette_keys():
            target = self if key.context == "app" else screen
            _, name, parameters = parse(key.action)
            if not hasattr(target, f"action_{name}"):
                continue
            applies = (self._applies(name, screen) if target is self
                       else target.check_action(name, parameters))
            if not applies:
                continue
            shown = " / ".join(key.names) if key.keys else ""
            help_text = f"{row.what} ({shown})" if shown else row.what
            yield SystemCommand(key.palette, help_text, partial(target.run_action, key.action))


def make_app(paths: Iterable[str | Path] | None = None, *, services: Services | None = None,
             opened: Iterable[Article] = (), notes: Iterable[str] = ()) -> ReaderApp:
    """The app over `paths` (none: the embedded seeds), with real or given services,
    showing the `opened` articles first and telling the `notes`."""
    return ReaderApp(services or Services.default(), paths, opened, notes)


def run_tui(paths: Iterable[str | Path] | None, refs: Iterable[str] = ()) -> int:
    """Run the app in this terminal until the reader quits; the exit code. The articles
    `refs` name (web addresses, ids) are found first and opened; 1 when none is found
    and there is nothing else to show."""
    services = Services.default()
    try:
        opened, failed = [], []
        if refs:
            from reader.cli.opening import open_refs

            opened, failed = open_refs(list(refs), services.store)
            if failed and not opened and not paths:
                return 1
        app = make_app(paths, services=services, opened=opened, notes=failed)
        app.leave_at_once = True
        app.run()
    finally:
        services.stop()
        services.store.close()
    return int(app.return_code or 0)
