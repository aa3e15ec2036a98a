"""q and Ctrl+C leave at once whatever is running: the library still loading slow files,
a huge article being laid out. Nothing is left running and the terminal is given back
as it was. The installed command in a real terminal (tmux)."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.hostile.cases import table_page
from tests.hostile.terminal import Terminal, require_tmux

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

QUIT_BOUND = 3.0  # seconds: generous; bench/hostile.py measures the real figure


@pytest.fixture
def terminal(tmp_path):
    require_tmux()
    socket = f"reader-quit-{uuid.uuid4().hex[:8]}"
    terminal = Terminal(socket, str(tmp_path / f"data-{uuid.uuid4().hex[:8]}"))
    yield terminal
    terminal.tmux("kill-server")


@pytest.fixture
def slow_library(tmp_path):
    folder = tmp_path / "slow"
    folder.mkdir()
    (folder / "a-first.txt").write_text("A first article. It loads at once.\n")
    page = table_page(400, 50)
    for index in range(30):
        (folder / f"table-{index:02}.html").write_text(page)
    return folder


def _sane(screen: str) -> bool:
    """The shell's terminal is back in line mode with echo (stty -a after reader)."""
    words = screen.split()
    return "icanon" in words and "echo" in words


@pytest.mark.parametrize("key", ["q", "C-c"])
def test_quit_while_the_library_loads_slow_pages(terminal, slow_library, key):
    terminal.start(slow_library)
    terminal.wait_for("A first article", "loading")
    seconds, screen = terminal.quit_with(key)
    assert seconds < QUIT_BOUND, screen
    assert "EXIT:0" in screen and "Traceback" not in screen and _sane(screen)
    time.sleep(0.5)
    assert terminal.survivors() == []


def test_quit_while_a_huge_article_is_laid_out(terminal, tmp_path):
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "lines.txt").write_text(
        "Title line\n" + "".join(f"Line number {i} has a few words in it.\n"
                                 for i in range(100_000)))
    terminal.start(folder)
    terminal.wait_for("Title line", "1 article")
    terminal.tmux("send-keys", "-t", "reader", "Enter")
    time.sleep(1.0)
    seconds, screen = terminal.quit_with("q")
    assert seconds < QUIT_BOUND, screen
    assert "Traceback" not in screen and _sane(screen)
    time.sleep(0.5)
    assert terminal.survivors() == []
