"""The reading view: one article's text beside its summary, translation and entities.

`screen` lays the view out and holds what is common; `translation` and `entities` are
the parts that own those features' keys and background jobs.
"""

from reader.screens.reading.screen import ReadingScreen

__all__ = ["ReadingScreen"]
