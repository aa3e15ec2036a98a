"""UI fixtures: services over a private store, fake or real core, hostile files, and
notifications that last until the test looks."""

from __future__ import annotations

import pytest

from reader.config import Settings
from reader.library.store import Store
from reader.services import Services
from tests.ui.fakes import fake_services, numbered_articles


@pytest.fixture
def real_services(tmp_path):
    """The real core (sources, summaries) over a store in `tmp_path`."""
    store = Store(tmp_path / "real.sqlite3")
    yield Services(store=store, settings=Settings())
    store.close()


@pytest.fixture
def thirty(tmp_path):
    """Fake services listing thirty numbered stories."""
    services = fake_services(tmp_path, numbered_articles(30))
    yield services
    services.store.close()


@pytest.fixture
def hostile_dir(tmp_path):
    """A folder of files meant to break a reader: empty, binary, markup, escapes."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "markup.txt").write_text(
        "Markup in the news\n\nThis line has [bold red]x[/] in it. "
        "A link [@click=app.quit]press[/] should do nothing. "
        "An escape \x1b[31mred\x1b[0m and a bell \x07 stay visible.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(autouse=True)
def lasting_notifications(monkeypatch):
    """Notifications stay until the test looks: on a loaded machine the few seconds they
    last can pass before a test gets to its assertions."""
    from textual.notifications import Notification

    monkeypatch.setattr(Notification, "has_expired", property(lambda self: False))
