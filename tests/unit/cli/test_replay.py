"""Kept answers (reader.cli.replay): a call answered before is answered again at once, and
only while nothing it depends on has changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest


def reader(*argv, cwd=None, env=None) -> tuple[str, set[str]]:
    """stdout of the `reader` command (as the installed script runs it) and the modules it
    imported."""
    out, _, names = told(*argv, cwd=cwd, env=env)
    return out, names


def told(*argv, cwd=None, env=None) -> tuple[str, str, set[str]]:
    """stdout and stderr (without the import times) of the `reader` command, and the
    modules it imported."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c",
                           "from reader.__main__ import run; run()", *map(str, argv)],
                          capture_output=True, text=True, timeout=300, cwd=cwd, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stderr.splitlines(keepends=True)
    names = {line.split("|")[-1].strip() for line in lines if line.startswith("import time:")}
    said = "".join(line for line in lines if not line.startswith("import time:"))
    return proc.stdout, said, names


def replayed(names: set[str]) -> bool:
    """Answered from a kept answer: every other way parses the command line first."""
    return "reader.cli.replay" in names and "argparse" not in names


@pytest.fixture
def article(tmp_path, seed_path):
    path = tmp_path / "articles" / "one.txt"
    path.parent.mkdir()
    shutil.copy(seed_path, path)
    return path


def test_a_summary_is_replayed_until_its_file_changes(article):
    first, names = reader("summarize", article, "--json")
    assert not replayed(names)
    again, names = reader("summarize", article, "--json")
    assert again == first and replayed(names)
    assert not names & {"sqlite3", "dataclasses", "reader.library.sources"}

    article.write_text(article.read_text(encoding="utf-8").replace("press", "news"),
                       encoding="utf-8")
    changed, names = reader("summarize", article, "--json")
    assert not replayed(names) and changed != first
    assert json.loads(changed)["article"]["text"] == json.loads(first)["article"]["text"].replace(
        "press", "news")


def test_a_list_is_replayed_until_its_folder_changes(article):
    first, _ = reader("list", article.parent, "--json")
    again, names = reader("list", article.parent, "--json")
    assert again == first and replayed(names)
    shutil.copy(article, article.parent / "two.txt")
    grown, names = reader("list", article.parent, "--json")
    assert not replayed(names) and len(json.loads(grown)) == 2


def test_settings_another_folder_and_cache_clear_each_mean_a_fresh_answer(article, tmp_path):
    reader("summarize", article, "--json")
    config = tmp_path / "reader-config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("summary_sentences = 1\n", encoding="utf-8")
    one, names = reader("summarize", article, "--json")
    assert not replayed(names) and len(json.loads(one)["sentences"]) == 1
    _, names = reader("summarize", "one.txt", "--json", cwd=article.parent)
    assert not replayed(names)
    reader("cache", "clear")
    _, names = reader("summarize", article, "--json")
    assert not replayed(names)


def test_what_depends_on_the_database_is_never_kept(article):
    skipped = article.parent / "empty.txt"
    skipped.write_text("", encoding="utf-8")
    reader("list", article.parent, "--json")
    _, names = reader("list", article.parent, "--json")
    assert not replayed(names)  # a skipped file may read another time

    skipped.unlink()
    out, _ = reader("summarize", article, "--json")
    article_id = json.loads(out)["article"]["id"]
    for argv in (["summarize", article_id], ["summarize", " https://example.org/a"],
                 ["list", "--feed", "all"]):
        proc = subprocess.run([sys.executable, "-c", "from reader.cli import replay; "
                               f"print(replay.fingerprint({argv!r}, 'utf-8'))"],
                              capture_output=True, text=True, timeout=60)
        assert proc.stdout.strip() == "None"


def test_what_a_call_told_is_told_again_while_the_database_is_as_it_was(article, tmp_path):
    reader("summarize", article, "--json")  # the database is made
    config = tmp_path / "reader-config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("no_such_setting = 1\n", encoding="utf-8")
    first, said, _ = told("summarize", article, "--json")
    assert "unknown setting 'no_such_setting'" in said
    again, said_again, names = told("summarize", article, "--json")
    assert replayed(names) and (again, said_again) == (first, said)

    config.unlink()
    database = tmp_path / "reader-data" / "reader.sqlite3"
    database.unlink()
    database.mkdir()  # a folder where the database should be: used in memory, and said so
    argv = ("summarize", article, "-n", "2", "--json")  # not asked before
    first, said, _ = told(*argv)
    assert "will not be kept" in said
    again, said_again, names = told(*argv)
    assert replayed(names) and (again, said_again) == (first, said)
    database.rmdir()
    out, said, names = told(*argv)
    assert not replayed(names) and out == first and said == ""
