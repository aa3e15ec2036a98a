"""Fixtures of the hostile-input suite: the installed command, run under the harness."""

from __future__ import annotations

import pytest

from tests.hostile.harness import reader_command, run_reader


@pytest.fixture
def reader():
    """`reader(*args, cwd=...)` -> Outcome; skips where the command is not installed."""
    if reader_command() is None:
        pytest.skip("the reader command is not installed beside this Python")
    return run_reader

