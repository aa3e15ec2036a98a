"""The state database and settings as the library subcommands open them.

`feeds`, `fetch`, `search` and `list --feed` all read or write the library kept in the
state database. `opened()` gives the settings and an open Store, reports the settings'
problems and the store's notices on stderr once, and closes the store however the
command ends.
"""

from __future__ import annotations

from contextlib import contextmanager

from reader.cli import common


@contextmanager
def opened():
    """(settings, store) for the length of a command."""
    from reader.config import load_settings
    from reader.library.store import Store

    settings = load_settings()
    for problem in settings.problems:
        common.error(problem)
    store = Store()
    try:
        yield settings, store
    finally:
        for notice in store.notices:
            common.error(notice)
        store.close()
