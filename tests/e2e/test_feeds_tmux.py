"""Feeds in the installed `reader` at 80x24: subscribed and fetched with the CLI, listed
in the app beside the seed; `r` brings a new article the server starts serving; `f`
opens the source picker; q quits."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from tests.e2e.test_tmux import READER, TIMEOUT, capture, terminal, tmux, wait_for
from tests.ui._feeds import NEW_STORY, STORIES, rss

pytestmark = pytest.mark.e2e
__all__ = ["terminal"]


def reader_env() -> dict[str, str]:
    env = {name: os.environ[name] for name in os.environ if name.startswith(("READER_", "HF_"))}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return env


def test_fetch_with_r_and_pick_a_source(terminal, web):
    feed = web.set("/harbour.xml", body=rss(STORIES))
    env = {**reader_env(), "PATH": os.environ.get("PATH", "")}
    for command in (["feeds", "add", feed], ["fetch"]):
        done = subprocess.run([str(READER), *command], env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    command = " ".join(["env", *(f"{k}={v}" for k, v in sorted(reader_env().items())),
                        str(READER)])
    session = "feeds"
    started = tmux(terminal, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    assert started.returncode == 0, started.stderr
    wait_for(terminal, session, *STORIES, "President Volodymyr Zelensky", "4 articles")

    web.set("/harbour.xml", body=rss(dict([NEW_STORY, *STORIES.items()])))
    tmux(terminal, "send-keys", "-t", session, "r")
    screen = wait_for(terminal, session, NEW_STORY[0], "5 articles", "1 new article")
    assert "Traceback" not in screen

    tmux(terminal, "send-keys", "-t", session, "f")
    wait_for(terminal, session, "Show", "Harbour Gazette", "Folders")
    tmux(terminal, "send-keys", "-t", session, "j", "j", "j", "Enter")
    wait_for(terminal, session, "reader · Harbour Gazette", "4 shown")

    tmux(terminal, "send-keys", "-t", session, "q")
    deadline = time.monotonic() + TIMEOUT
    while tmux(terminal, "has-session", "-t", session).returncode == 0:
        if time.monotonic() > deadline:
            raise AssertionError("reader did not quit on q:\n" + capture(terminal, session))
        time.sleep(0.2)
