"""Parsing on worker processes: used only when it is safe, the same articles either way,
and a run that loses a worker keeps going on a thread."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timezone
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from reader.library.feeds import subscriptions, workers
from reader.library.feeds.refresh import _Run, refresh
from reader.library.feeds.client import Limits
from reader.library.feeds.policy import NetworkPolicy
from tests.unit.library.feeds.conftest import fixture_bytes

ROOT = Path(__file__).resolve().parents[4]
several_cores = pytest.mark.skipif(workers._cores() < 2, reason="one core: no worker processes")

CHOICE = """
import os, signal, threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from reader.library.feeds import workers
few = workers.parsers(workers.MIN_FEEDS - 1)
many = workers.parsers(workers.MIN_FEEDS)
pids = {many.submit(workers.call, os.getpid).result() for _ in range(20)}
ignored = many.submit(workers.call, signal.getsignal, signal.SIGINT).result()
many.shutdown()
threading.Thread(target=threading.Event().wait, args=(5,), daemon=True).start()
threaded = workers.parsers(workers.MIN_FEEDS)
print(type(few).__name__, type(many).__name__, type(threaded).__name__,
      os.getpid() not in pids, ignored == signal.SIG_IGN)
"""


@several_cores
def test_worker_processes_only_for_many_feeds_in_a_process_without_threads():
    done = subprocess.run([sys.executable, "-c", CHOICE], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ThreadPoolExecutor", "ProcessPoolExecutor",
                                   "ThreadPoolExecutor", "True", "True"]


def _unpicklable():
    class Local(Exception):
        pass

    raise Local("made inside a function")


def test_an_exception_that_cannot_travel_comes_back_as_its_description():
    with pytest.raises(RuntimeError, match="Local: made inside a function"):
        workers.call(_unpicklable)
    with pytest.raises(KeyError):
        workers.call({}.__getitem__, "missing")


def test_a_run_whose_worker_died_parses_on_a_thread(store):
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    pid = pool.submit(os.getpid).result()
    os.kill(pid, signal.SIGKILL)
    run = _Run(store, 90, Limits(), NetworkPolicy(), None, None, pool)
    try:
        assert asyncio.run(run.computed(len, "four")) == 4
        assert isinstance(run.cpu, type(run.db))
        assert asyncio.run(run.computed(len, "again")) == 5
    finally:
        run.cpu.shutdown()
        run.db.shutdown()


def _serve_feeds(web, count: int) -> list[str]:
    """`count` feeds: the RSS fixture with its own guids and texts (fast path, a teaser
    with a page, the same for all) and, every third, the Atom fixture (feedparser)."""
    web.set("/keeper", body=fixture_bytes("article.html"), content_type="text/html")
    recent = datetime.now(timezone.utc).isoformat(timespec="seconds")
    urls = []
    for n in range(count):
        if n % 3 == 2:
            body = fixture_bytes("atom.xml").replace(b"urn:uuid:1225", f"urn:{n}:".encode()) \
                .replace(b"Le port de la ville", f"Le port {n} de la ville".encode()) \
                .replace(b"2026-01-06T18:30:02Z", recent.encode())
            urls.append(web.set(f"/atom{n}.xml", body=body))
            continue
        body = fixture_bytes("rss20.xml", LIGHTHOUSE_LINK=web.url("/keeper"))
        for old, new in ((b"harbour-000", f"feed{n}-"), (b"harbour.example/", f"h{n}.example/"),
                         (b"The harbour authority", f"The authority of harbour {n}"),
                         (b"Text with", f"Text {n} with")):
            body = body.replace(old, new.encode())
        urls.append(web.set(f"/rss{n}.xml", body=body))
    return urls


def _articles(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id, title, text, language, author, source, link, published,"
                          " words, blocks FROM articles ORDER BY id").fetchall()


@several_cores
def test_fetching_on_worker_processes_keeps_what_a_thread_keeps(web, store, tmp_path):
    urls = _serve_feeds(web, workers.MIN_FEEDS + 1)
    home = tmp_path / "cli"
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(READER_DATA_DIR=str(home), READER_CONFIG=str(home / "none.toml"))
    command = [sys.executable, "-m", "reader"]
    subprocess.run([*command, "feeds", "add", *urls], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    done = subprocess.run([*command, "fetch", "--json"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert {r["status"] for r in json.loads(done.stdout)} == {"ok"}

    assert threading.active_count() > 1  # the test server: this process parses on a thread
    for url in urls:
        subscriptions.subscribe(store, url)
    assert {r.status for r in refresh(store)} == {"ok"}
    kept = _articles(home / "reader.sqlite3")
    assert len(kept) == 6 * 2 + 1 + 3
    assert kept == _articles(store.path)
    assert any("one hundred and twelve steps" in row[2] for row in kept)  # a page's text
