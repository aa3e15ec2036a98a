"""Feed fixtures: the files in fixtures/, with recent dates and local links filled in."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from email.utils import formatdate
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str, **replace: str) -> bytes:
    """A fixture file; PUBDATE_n (RFC 822) and ISODATE_n (ISO 8601) become n + 1 hours
    ago, other KEYS their given value."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for hours in range(10):
        stamp = time.time() - 3600 * (hours + 1)
        text = text.replace(f"PUBDATE_{hours}", formatdate(stamp))
        text = text.replace(f"ISODATE_{hours}", datetime.fromtimestamp(
            stamp, timezone.utc).isoformat(timespec="seconds"))
    for key, value in replace.items():
        text = text.replace(key, value)
    return text.encode("utf-8")


@pytest.fixture
def store(tmp_path):
    from reader.library.store import Store

    with Store(tmp_path / "state.sqlite3") as opened:
        yield opened
