"""The folder watch: what is added, changed or removed under opened folders comes out as
Entries and Gones, once each file is still; inotify or, where it fails, polling."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from reader.library.article import Entry
from reader.library.listing import Gone
from reader.library.store import Store
from reader.library.watch import Live, filesystem_type, wants_polling

TEXT = "A sentence about the harbour, with some words in it. And a second one after it.\n"
WAIT = 20.0  # generous: the machine running the tests may be loaded


def story(title: str) -> str:
    return f"{title}\n\n{title} happened today. {TEXT}"


class Watching:
    """A Live watch running in a thread, collecting what it says."""

    def __init__(self, folder: Path, store: Store, **options) -> None:
        self.live = Live([folder], store, **options)
        self.seen: list = []
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.live.started.wait(WAIT)

    def _run(self) -> None:
        for change in self.live.changes(self.ready):
            self.seen.append(change)

    def until(self, test, timeout: float = WAIT) -> list:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if test(self.seen):
                return self.seen
            time.sleep(0.05)
        said = [(type(c).__name__, Path(c.path).name, getattr(c, "title", "")) for c in self.seen]
        raise AssertionError(f"not seen within {timeout} s: {said[:20]} ({len(said)} in all)")

    def stop(self) -> None:
        self.live.stop()
        self.thread.join(5)
        assert not self.thread.is_alive()


def titled(title: str):
    return lambda seen: any(isinstance(c, Entry) and c.title == title for c in seen)


def gone(name: str):
    return lambda seen: any(isinstance(c, Gone) and Path(c.path).name == name for c in seen)


@pytest.fixture
def folder(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(story("Alpha"))
    return news


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "state.sqlite3") as opened:
        yield opened


@pytest.fixture(params=[False, True], ids=["inotify", "polling"])
def watching(request, folder, store):
    watch = Watching(folder, store, polling=request.param)
    watch.ready.set()
    yield watch
    watch.stop()


def test_added_changed_and_removed_files_come_out(watching, folder):
    (folder / "b.txt").write_text(story("Bravo"))
    watching.until(titled("Bravo"))
    (folder / "a.txt").write_text(story("Alpha again"))
    watching.until(titled("Alpha again"))
    (folder / "b.txt").unlink()
    watching.until(gone("b.txt"))
    assert watching.live.polling == (watching.live.why_polling is not None)


def test_a_folder_moved_in_is_walked_and_one_removed_takes_its_files(watching, folder,
                                                                     tmp_path):
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "c.txt").write_text(story("Charlie"))
    (outside / "deep" / "d.md").write_text(story("Delta"))
    os.rename(outside, folder / "moved")
    watching.until(lambda seen: titled("Charlie")(seen) and titled("Delta")(seen))
    shutil.rmtree(folder / "moved")
    watching.until(lambda seen: gone("c.txt")(seen) and gone("d.md")(seen))


def test_an_editors_save_is_a_change_not_a_removal(watching, folder):
    (folder / ".a.txt.swp").write_text("editor state")
    (folder / "a.txt~").write_text(story("Backup"))
    (folder / "a.txt.tmp").write_text(story("Alpha saved"))
    os.replace(folder / "a.txt.tmp", folder / "a.txt")
    watching.until(titled("Alpha saved"))
    time.sleep(1.0)
    said = [(type(c).__name__, Path(c.path).name) for c in watching.seen]
    assert {name for _, name in said} == {"a.txt"} and ("Gone", "a.txt") not in said


def test_a_file_is_read_once_it_is_still(folder, store):
    watch = Watching(folder, store, settle=1.0)
    watch.ready.set()
    try:
        with open(folder / "slow.txt", "w", encoding="utf-8") as handle:
            handle.write("Slowly written\n\n")
            for n in range(12):
                handle.write(f"Part {n} of the story arrives. ")
                handle.flush()
                time.sleep(0.1)
        watch.until(lambda seen: any(Path(c.path).name == "slow.txt" for c in seen))
        (entry,) = [c for c in watch.seen if Path(c.path).name == "slow.txt"]
        assert entry.title == "Slowly written" and entry.words > 12 * 5
    finally:
        watch.stop()


def test_nothing_is_looked_at_until_the_listing_is_done(folder, store):
    watch = Watching(folder, store)
    try:
        (folder / "b.txt").write_text(story("Bravo"))
        time.sleep(1.5)
        assert watch.seen == []
        watch.ready.set()
        watch.until(titled("Bravo"))
    finally:
        watch.stop()


def test_a_burst_of_files_all_come_out(watching, folder, tmp_path):
    staged = tmp_path / "staged"
    staged.mkdir()
    for n in range(150):
        (staged / f"burst-{n:03d}.txt").write_text(story(f"Burst {n}"))
    for path in sorted(staged.iterdir()):
        os.rename(path, folder / path.name)
    burst = {f"burst-{n:03d}.txt" for n in range(150)}
    watching.until(lambda seen: {Path(c.path).name for c in seen} >= burst, timeout=90)


def test_when_inotify_cannot_be_set_up_the_watch_polls(folder, store, monkeypatch):
    original = Live._watch

    def limited(self, watched, polling):
        if not polling:
            raise OSError(28, "inotify watch limit reached")
        return original(self, watched, polling)

    monkeypatch.setattr(Live, "_watch", limited)
    watch = Watching(folder, store, polling=False)
    watch.ready.set()
    try:
        (folder / "b.txt").write_text(story("Bravo"))
        watch.until(titled("Bravo"))
        assert watch.live.polling and "inotify failed" in watch.live.why_polling
    finally:
        watch.stop()


def test_polling_is_chosen_when_asked_or_on_a_network_file_system(tmp_path, monkeypatch):
    monkeypatch.delenv("READER_WATCH", raising=False)
    mounts = tmp_path / "mountinfo"
    mounts.write_text(
        "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
        "40 22 0:50 / /mnt/share rw - nfs4 server:/share rw\n")
    assert filesystem_type("/mnt/share/news", str(mounts)) == "nfs4"
    assert filesystem_type("/home/news", str(mounts)) == "ext4"
    assert wants_polling([str(tmp_path)]) is None
    monkeypatch.setenv("READER_WATCH", "poll")
    assert wants_polling([str(tmp_path)]) == "READER_WATCH=poll"
