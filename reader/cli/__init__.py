"""Subcommands, registered from one list.

Each entry names a subcommand and the module under `reader.cli` that defines it: the
module's `register(subparsers)` adds its parser (a module may define several commands) and
sets `run` on it. Only the module of the command being run is imported, so `reader list`
never loads what `reader translate` needs; `reader --help` imports them all.
"""

from __future__ import annotations

import importlib

COMMANDS = {
    "list": "articles",
    "summarize": "articles",
    "translate": "translate",
    "entities": "entities",
    "models": "models",
    "cache": "cache",
    "feeds": "feeds",
    "fetch": "fetch",
    "search": "search",
}


def register(subparsers, commands=None) -> None:
    """Register the modules of `commands` (default: every command), each module once."""
    chosen = COMMANDS if commands is None else [c for c in COMMANDS if c in commands]
    for module in dict.fromkeys(COMMANDS[c] for c in chosen):
        importlib.import_module(f"reader.cli.{module}").register(subparsers)
