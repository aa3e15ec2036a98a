"""Breakpoint classes set before a screen's first paint.

Textual sets the app's `-narrow` / `-wide` classes on a screen when it first receives a
resize event, which comes after its first frames; a screen laid out by those classes would
first paint side by side at 80 columns, then jump to stacked. `set_breakpoints` applies
the class for the terminal's current width at once.
"""

from __future__ import annotations

from textual.screen import Screen


def set_breakpoints(screen: Screen) -> None:
    """Give `screen` the horizontal breakpoint class for the app's current width."""
    app = screen.app
    points = screen.HORIZONTAL_BREAKPOINTS
    if points is None:
        points = app.HORIZONTAL_BREAKPOINTS or []
    width = app.size.width
    chosen = None
    for minimum, name in sorted(points):
        if width >= minimum:
            chosen = name
    screen.update_classes({name: name == chosen for _, name in points})
