"""The selected row stays readable when the terminal has only 16 colours.

Themes choose the cursor's colours in true colour; over SSH with `TERM=xterm` they are
mapped to the terminal's 16 ANSI colours, where two different colours can become nearly
the same one (gruvbox's cream text on sage green become white on light grey). Readability
is judged on xterm's default palette, by the WCAG contrast ratio. `readable_cursor` checks
the theme's cursor colours as such a terminal shows them and, where they no longer stand
apart, uses the theme's background on its foreground (its text colours, which always
do), or black on white.
"""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color

MIN_RATIO = 3.0
"""Smallest WCAG contrast ratio for a readable row (the bar for large text and UI)."""

SIXTEEN = ("standard", "windows")
"""Rich's names of the colour systems with 16 colours."""

XTERM = (
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
    (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
    (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
)
"""xterm's default 16 colours, as a terminal over SSH most often shows them."""

PAIRS = (
    ("block-cursor-foreground", "block-cursor-background"),
    ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
)
"""(text, background) variables of the cursor row, focused and not."""


def ansi_number(color: Color) -> int | None:
    """Which of the 16 colours a terminal with 16 colours shows for `color`."""
    if color.ansi is not None:
        return color.ansi if 0 <= color.ansi < 16 else None
    return RichColor.from_rgb(color.r, color.g, color.b).downgrade(ColorSystem.STANDARD).number


def resolve(value: str, under: Color) -> Color | None:
    """A CSS colour as drawn over `under`: alpha blended, "auto" made the contrasting text
    colour; None for the terminal's default colour or what cannot be parsed."""
    words = value.split()
    if not words:
        return None
    if words[0] == "auto":
        alpha = float(words[1].rstrip("%")) / 100 if len(words) > 1 else 1.0
        return under + under.get_contrast_text(alpha)
    try:
        color = Color.parse(words[0])
    except Exception:
        return None
    if color.ansi is not None:
        return None if color.ansi < 0 else color
    return under + color


def ratio(first: int, second: int) -> float:
    """WCAG contrast ratio of two of the 16 colours on xterm's palette."""
    def luminance(index: int) -> float:
        def channel(value: int) -> float:
            value /= 255
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(v) for v in XTERM[index])
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def sixteen_colour_ratio(text: str, background: str, under: str) -> float | None:
    """The contrast of `text` on `background` (drawn over `under`) with 16 colours; None
    when either is the terminal's own default colour."""
    base = resolve(under, Color(0, 0, 0)) or Color(0, 0, 0)
    back = resolve(background, base)
    fore = resolve(text, back) if back is not None else None
    if back is None or fore is None:
        return None
    numbers = ansi_number(fore), ansi_number(back)
    if None in numbers:
        return None
    return ratio(*numbers)


def readable_cursor(variables: dict[str, str], system: str | None) -> dict[str, str]:
    """`variables` with cursor colours that stand apart on a `system` terminal."""
    if system not in SIXTEEN:
        return variables
    result = dict(variables)
    under = variables.get("surface", "") or variables.get("background", "")
    choices = ((variables.get("background", ""), variables.get("foreground", "")),
               ("ansi_black", "ansi_white"))
    for text_name, background_name in PAIRS:
        found = sixteen_colour_ratio(result.get(text_name, ""), result.get(background_name, ""),
                                     under)
        if found is None or found >= MIN_RATIO:
            continue
        for text, background in choices:
            better = sixteen_colour_ratio(text, background, under)
            if better is not None and better >= MIN_RATIO:
                break
        else:
            text, background = choices[-1]
        result[text_name], result[background_name] = text, background
    return result
