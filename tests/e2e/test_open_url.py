"""The installed `reader URL` in a real terminal: the page opens in the reading view, is
found by the full-text search, and a page that cannot be fetched ends with exit code 1."""

from __future__ import annotations

import uuid

import pytest

from tests.hostile.terminal import Terminal, require_tmux
from tests.unit.library.feeds.conftest import fixture_bytes

pytestmark = pytest.mark.e2e

TITLE = "Lighthouse keeper retires after forty years"


@pytest.fixture
def terminal(tmp_path):
    require_tmux()
    terminal = Terminal(f"reader-url-{uuid.uuid4().hex[:8]}",
                        str(tmp_path / f"data-{uuid.uuid4().hex[:8]}"))
    yield terminal
    terminal.tmux("kill-server")


def test_reader_url_opens_the_page_and_search_finds_it(terminal, web):
    url = web.set("/page.html", body=fixture_bytes("article.html"), content_type="text/html")
    terminal.start(url)
    terminal.wait_for(TITLE, "words", "Summary")
    terminal.tmux("send-keys", "-t", "reader", "C-f")
    terminal.wait_for("Search", "a phrase")
    terminal.tmux("send-keys", "-t", "reader", "-l", "lighthouse")
    screen = terminal.wait_for("1 article, best first")
    assert url in screen
    terminal.tmux("send-keys", "-t", "reader", "Escape")
    terminal.wait_for("esc Back")
    terminal.tmux("send-keys", "-t", "reader", "q")
    screen = terminal.wait_for("EXIT:0")
    assert "Traceback" not in screen
    assert len(web.requests) == 1


def test_a_page_that_cannot_be_fetched_is_a_message_and_exit_code_1(terminal, web):
    terminal.start(web.url("/gone.html"))
    screen = terminal.wait_for("EXIT:1")
    assert "reader: http://127.0.0.1" in screen and "HTTP 404 Not Found" in screen
    assert "Traceback" not in screen
