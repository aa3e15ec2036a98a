"""`o`: the shown article's link, opened in a browser or handed over to the terminal.

Where a browser can be started (`$BROWSER` is set, or there is a graphical display:
`DISPLAY` or `WAYLAND_DISPLAY`), Python's `webbrowser` opens the link in a job, so a
slow or hanging browser never holds the screen. Elsewhere (a terminal over SSH) the link
is shown in a notification and copied to the terminal's clipboard with OSC 52, which
reaches the clipboard of the machine the terminal runs on. A browser that fails says so
and falls back to the same. Only http(s) links go to a browser; anything else is shown.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from reader.jobs import JobReport, failure_text
from reader.library.cleanup import replace_controls

SHOWN_FOR = 12
"""Seconds a shown link stays on screen (time to read or select it)."""


def can_browse(env: Mapping[str, str] | None = None) -> bool:
    """Whether a browser can be started from here."""
    env = os.environ if env is None else env
    return any(env.get(name, "").strip() for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"))


def is_web_link(link: str) -> bool:
    return link.strip().lower().startswith(("http://", "https://"))


def browse(token, url: str, env: Mapping[str, str] | None = None) -> bool:
    """Open `url` with the first of `$BROWSER`'s commands that succeeds (separated by
    the path separator, as `webbrowser` reads them), else `webbrowser`'s own choice."""
    import webbrowser

    env = os.environ if env is None else env
    choices = [c for c in env.get("BROWSER", "").split(os.pathsep) if c.strip()]
    for choice in choices:
        try:
            browser = webbrowser.get(choice)
        except webbrowser.Error:  # a command webbrowser does not know: run it as given
            browser = webbrowser.GenericBrowser(choice)
        if browser.open(url):
            return True
    return False if choices else webbrowser.open(url)


class LinkPart:
    """The `o` key of a screen that shows an article; the screen says which article
    (`link_article`), owns `jobs`, and hands reports of the "link" slot to `link_report`."""

    def link_article(self):
        """The article whose link `o` opens (None: no article here)."""
        raise NotImplementedError

    def action_open_link(self) -> None:
        article = self.link_article()
        if article is None:
            return
        link = (article.link or "").strip()
        if not link:
            where = "it was read from a file" if article.path else "none is known"
            self.notify(f"This article has no link ({where}).", title="Link", markup=False)
            return
        if not is_web_link(link):
            self.hand_over(link, "not a web address, so no browser is started")
        elif can_browse():
            self.jobs.start("link", link, browse, link)
        else:
            self.hand_over(link, "no browser here")

    def link_report(self, report: JobReport) -> None:
        """The browser's answer: a failure shows and copies the link instead."""
        if report.failed:
            self.hand_over(report.key, failure_text(report.error, "start the browser"))
        elif not report.result:
            self.hand_over(report.key, "no browser could open it")
        else:
            self.notify(replace_controls(report.key), title="Opened in the browser",
                        timeout=4, markup=False)

    def hand_over(self, link: str, why: str) -> None:
        """Show `link` and copy it to the terminal's clipboard (OSC 52)."""
        shown = replace_controls(link)
        self.app.copy_to_clipboard(shown)
        self.notify(f"{shown}\n({why}; copied to the clipboard)", title="Link",
                    timeout=SHOWN_FOR, markup=False)
