"""Quitting the installed reader while a model works, in a real terminal: the shell comes
back at once with the terminal as it was, and no model process is left behind."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from tests.hostile.terminal import Terminal, require_tmux
from tests.unit._bert import build, vocabulary

pytestmark = [pytest.mark.e2e, pytest.mark.ml]

ROOT = Path(__file__).resolve().parents[2]
QUIT_BOUND = 10.0  # seconds; tagging the article takes minutes with this model


@pytest.fixture(scope="module")
def slow_bert(tmp_path_factory):
    """A BERT large enough that tagging a long article takes minutes on this machine."""
    return build(tmp_path_factory.mktemp("slow-bert") / "model", vocabulary(),
                 hidden=256, layers=4)


@pytest.fixture
def terminal(tmp_path):
    require_tmux()
    terminal = Terminal(f"reader-quit-{uuid.uuid4().hex[:8]}",
                        str(tmp_path / f"data-{uuid.uuid4().hex[:8]}"))
    yield terminal
    terminal.tmux("kill-server")


@pytest.fixture
def library(tmp_path, slow_bert):
    """A folder with one long article, and the slow model installed as ner-en."""
    from reader.nlp import models

    installed = models.add(slow_bert, name="ner-en", languages=("en",)).path
    folder = tmp_path / "articles"
    folder.mkdir()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    parts = [f"Part {n}. {seed.split(chr(10), 2)[-1]}" for n in range(60)]
    (folder / "long.txt").write_text("A long story\n\n" + "\n\n".join(parts), encoding="utf-8")
    return folder, installed


def wait_until(condition, what: str, terminal: Terminal, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what}; the screen was:\n{terminal.screen()}")


def open_article(terminal: Terminal, folder: Path) -> None:
    terminal.start(folder)
    terminal.wait_for("A long story")
    terminal.tmux("send-keys", "-t", "reader", "Enter")
    terminal.wait_for("finding names")


def quit_and_check(terminal: Terminal, key: str) -> None:
    seconds, screen = terminal.quit_with(key)
    words = screen.split()
    assert "EXIT:0" in words and "icanon" in words and "echo" in words, screen
    assert seconds < QUIT_BOUND, screen
    assert terminal.survivors() == [], "a model process outlived the reader"


def test_q_while_tagging_returns_at_once(terminal, library):
    from reader.nlp.models.ct2_encoder import cached_encoder
    from reader.services import ENTITIES_INT8

    folder, installed = library
    cached_encoder(installed, "int8" if ENTITIES_INT8 else "float32")  # the process only tags
    open_article(terminal, folder)
    wait_until(lambda: terminal.model_processes(), "no model process", terminal)
    time.sleep(1.5)  # the model is loaded and tagging
    assert len(terminal.model_processes()) == 1, "tagging, not converting"
    assert "finding names" in terminal.screen(), "tagging takes far longer than this test"
    quit_and_check(terminal, "q")


def test_ctrl_c_while_the_model_is_prepared_leaves_nothing_behind(terminal, library):
    folder, _ = library
    open_article(terminal, folder)
    # No copy for CTranslate2 yet: the model process has one made, in a process of its own.
    wait_until(lambda: len(terminal.model_processes()) == 2, "no model conversion", terminal)
    quit_and_check(terminal, "C-c")
