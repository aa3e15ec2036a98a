"""Subcommands: each module registers its parser and sets `run` on it."""

from __future__ import annotations

import importlib

MODULES = ("articles", "translate", "entities", "models", "feeds", "fetch", "search")


def register_all(subparsers) -> None:
    for name in MODULES:
        try:
            module = importlib.import_module(f"reader.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"reader.cli.{name}":
                continue
            raise
        module.register(subparsers)
