"""The parallel loader: every file read once, in worker processes, each file on a clock;
a slow file never holds up the others, and cancelling leaves nothing running."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from reader.library import sources
from reader.library.article import Article, Entry, Skipped
from reader.library.loader import Loader

SLOW = "tests.unit.library.test_loader:slow_read"
TEXT = "A sentence to read, with some words in it. And a second one after it.\n"


def slow_read(path: str, plain: bool) -> Article | Skipped:
    """Reads like the real loader, except that names say how long it takes."""
    name = Path(path).name
    if name.startswith("slow") and not plain:
        time.sleep(60)
    if name.startswith("stuck"):
        time.sleep(60)
    if name.startswith("crash"):
        os._exit(3)
    if plain:
        return sources.read_plain(path, note="plain")
    return sources.read(path)


@pytest.fixture
def folder(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text(f"{name}. {TEXT}")
    (tmp_path / "empty.txt").write_text("")
    return tmp_path


def test_in_order_gives_what_a_sequential_scan_gives(folder, corpus_dir):
    paths = [folder, corpus_dir]
    scanned = [i.entry() if isinstance(i, Article) else i for i in sources.scan(paths)]
    assert Loader(paths).in_order() == scanned


def test_progress_counts_every_file(folder):
    loader = Loader([folder])
    items = list(loader)
    assert len(items) == loader.done == loader.total == 5 and not loader.finding


def test_a_slow_file_is_read_plain_after_its_time_and_never_holds_up_the_rest(folder):
    (folder / "slow.txt").write_text(f"slow. {TEXT}")
    loader = Loader([folder], seconds=2, read=SLOW)
    started, arrived = time.monotonic(), {}
    for item in loader:
        arrived[Path(item.path).name] = time.monotonic() - started
    assert set(arrived) == {"a.txt", "b.txt", "c.txt", "d.txt", "empty.txt", "slow.txt"}
    assert max(arrived[n] for n in arrived if n != "slow.txt") < arrived["slow.txt"]
    assert arrived["slow.txt"] < 30


def test_a_file_too_slow_even_plain_is_skipped_with_the_reason(tmp_path):
    (tmp_path / "stuck.txt").write_text(TEXT)
    (item,) = Loader([tmp_path], seconds=1, read=SLOW).in_order()
    assert isinstance(item, Skipped) and "took over 1 s to read" in item.reason


def test_a_worker_that_dies_skips_its_file_and_the_rest_go_on(folder):
    (folder / "crash.txt").write_text(TEXT)
    items = {Path(i.path).name: i for i in Loader([folder], read=SLOW).in_order()}
    assert isinstance(items["crash.txt"], Skipped) and "ended" in items["crash.txt"].reason
    assert isinstance(items["d.txt"], Entry)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_cancel_stops_at_once_and_leaves_nothing_running(tmp_path):
    for index in range(6):
        (tmp_path / f"stuck{index}.txt").write_text(TEXT)
    loader = Loader([tmp_path], seconds=60, read=SLOW)
    seen: list = []
    reading = threading.Thread(target=lambda: seen.extend(loader))
    reading.start()
    deadline = time.monotonic() + 30
    while len(loader._pool) < loader.workers and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = [w.process.pid for w in loader._pool]
    assert pids
    started = time.monotonic()
    loader.cancel()
    reading.join(timeout=5)
    assert not reading.is_alive() and time.monotonic() - started < 2
    assert seen == [] and not any(_alive(pid) for pid in pids)


ORPHAN = """
import sys, time, threading
from reader.library.loader import Loader
loader = Loader([sys.argv[1]], seconds=60, read="tests.unit.library.test_loader:slow_read")
threading.Thread(target=lambda: list(loader), daemon=True).start()
while len(loader._pool) < loader.workers:
    time.sleep(0.05)
print(*[w.process.pid for w in loader._pool], flush=True)
time.sleep(60)
"""


def test_workers_end_when_the_program_that_started_them_is_killed(tmp_path):
    import signal
    import subprocess
    import sys

    for index in range(4):
        (tmp_path / f"stuck{index}.txt").write_text(TEXT)
    root = Path(__file__).resolve().parents[3]
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, str(tmp_path)], cwd=root,
                              stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in parent.stdout.readline().split()]
    assert pids
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)


def test_a_reader_folder_in_the_working_folder_is_not_what_workers_import(folder, tmp_path,
                                                                           monkeypatch):
    elsewhere = tmp_path / "cwd"
    (elsewhere / "reader").mkdir(parents=True)
    (elsewhere / "reader" / "__init__.py").write_text("raise ImportError('the wrong reader')\n")
    monkeypatch.chdir(elsewhere)
    items = Loader([folder], inline=0).in_order()
    assert sum(isinstance(i, Entry) for i in items) == 4


def test_a_page_read_plain_keeps_its_words_and_says_so(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><style>p {color: red}</style></head><body><p>Plain words "
                    "&amp; more.</p><script>var x = 1;</script></body></html>")
    article = sources.read_plain(page, note="read plain")
    assert "Plain words & more." in article.text and "color" not in article.text
    assert "var x" not in article.text and article.notes[-1] == "read plain"


def test_list_json_carries_the_note(tmp_path, capsys, monkeypatch):
    from reader.cli import articles

    (tmp_path / "slow.txt").write_text(f"slow. {TEXT}")
    original = Loader.__init__
    monkeypatch.setattr(Loader, "__init__", lambda self, paths, **kw: original(
        self, paths, seconds=1, read=SLOW, cache=kw.get("cache")))
    (entry,) = articles.collect([tmp_path])
    assert entry["status"] == "ok" and entry["notes"][-1] == "plain"


def test_warm_workers_are_the_ones_that_read(folder):
    loader = Loader([folder], inline=0)
    loader.warm()
    started = [w.process.pid for w in loader._pool]
    assert len(started) == loader.workers
    seen = []
    for item in loader:
        seen.append(item)
        if loader._pool:
            assert {w.process.pid for w in loader._pool} <= set(started)
    assert len(seen) == 5


def test_services_read_what_was_prepared_once(folder, tmp_path):
    from reader.library.store import Store
    from reader.services import Services

    made = []

    def scanner(paths):
        made.append(paths)
        return Loader(paths)

    with Store(tmp_path / "state.sqlite3") as store:
        services = Services(store=store, scanner=scanner)
        services.prepare_loading([folder])
        assert len(list(services.load_paths([folder]))) == 5 and len(made) == 1
        services.prepare_loading([folder])
        assert len(list(services.load_paths([tmp_path / "elsewhere"]))) == 1 and len(made) == 3


def test_a_few_small_text_files_are_read_without_workers(folder, monkeypatch):
    from reader.library import loader as loading

    monkeypatch.setattr(loading.subprocess, "Popen", None)  # starting a worker would fail
    found = Loader([folder])
    found.warm()
    items = found.in_order()
    assert items == [i.entry() if isinstance(i, Article) else i for i in sources.scan([folder])]
    assert all(isinstance(i, (Entry, Skipped)) for i in items)
    assert found.done == found.total == 5 and not found.finding


def test_a_few_files_read_here_go_through_the_catalog(folder, tmp_path, monkeypatch):
    from reader.library import loader as loading
    from reader.library.catalog import Catalog
    from reader.library.store import Store

    with Store(tmp_path / "state.sqlite3") as store:
        first = Loader([folder], cache=Catalog(store).session([folder]))
        first.warm()
        items = first.in_order()
        assert Catalog(store).count() == 5
        monkeypatch.setattr(loading, "read", None)  # reading a file again would fail
        (folder / "b.txt").unlink()
        session = Catalog(store).session([folder])
        again = Loader([folder], cache=session).in_order()
        assert again == [i for i in items if not i.path.endswith("b.txt")]
        assert session.hits == 4
        assert Catalog(store).count() == 4


def test_many_files_or_a_page_go_to_the_workers(folder, tmp_path):
    many = Loader([folder], inline=3)
    many.warm()
    assert many._pool
    many.cancel()
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>A page. With words.</p></body></html>")
    pages = Loader([page])
    pages.warm()
    assert pages._pool
    assert [i.path for i in pages] == [str(page)]


def test_warm_starts_reading_a_few_files_before_anyone_asks(folder, monkeypatch):
    from reader.library import loader as loading

    started = threading.Event()
    real = loading.read

    def read(path, plain):
        started.set()
        return real(path, plain)

    monkeypatch.setattr(loading, "read", read)
    loader = Loader([folder])
    loader.warm()
    assert started.wait(30)  # read before the loader is iterated
    assert len(list(loader)) == 5 and loader.done == 5


def test_cancelling_an_early_reading_ends_the_listing(folder):
    loader = Loader([folder])
    loader.cancel()
    loader.warm()
    assert list(loader) == []
