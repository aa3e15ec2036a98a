"""Subcommands come from one list; each loads only what it uses; all share one way of
opening the store and the settings; `reader list` skips what the app's library skips."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.__main__ import build_command_parser
from reader.cli import COMMANDS
from reader.library import sources
from reader.library.article import Skipped
from tests.unit.cli._cli import run, run_json

HEAVY = ("torch", "transformers", "ctranslate2", "sentencepiece", "textual", "rich")


def _subcommands(parser) -> set[str]:
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return set(sub.choices)


def test_every_listed_command_is_registered_and_nothing_else():
    assert _subcommands(build_command_parser()) == set(COMMANDS)
    for name in COMMANDS:
        assert name in _subcommands(build_command_parser(name))


def test_help_lists_every_command(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in COMMANDS:
        assert f"    {name}" in out


@pytest.mark.parametrize("argv, absent", [
    (["list", "{seeds}"], (*HEAVY, "sumy", "reader.nlp.translate", "reader.nlp.entities")),
    (["summarize", "{seed}"], (*HEAVY, "reader.nlp.translate", "reader.nlp.entities")),
    (["cache"], (*HEAVY, "sumy", "reader.nlp.translate", "reader.nlp.entities")),
])
def test_a_command_imports_only_what_it_uses(argv, absent, seed_path):
    args = [a.format(seeds=seed_path.parent, seed=seed_path) for a in argv]
    code = (
        "import sys\nfrom reader.__main__ import main\n"
        f"assert main({args!r}) == 0\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split("\n")[-2].split())
    assert not {m for m in loaded if m.split(".")[0] in absent or m in absent}


def test_list_skips_what_the_library_scan_skips(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A title\n\nA body of text that says enough to be an article.\n")
    (tmp_path / "odd.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "zz.txt").write_bytes(b"\x28\xb5\x2f\xfd" + b"\x00" * 32)
    listed = run_json(capsys, "list", tmp_path)
    scanned = list(sources.scan([tmp_path]))
    assert [e["status"] for e in listed] == ["ok", "skipped", "skipped"]
    skipped = [s for s in scanned if isinstance(s, Skipped)]
    assert [(e["path"], e["reason"]) for e in listed[1:]] == [(s.path, s.reason)
                                                              for s in skipped]


def test_settings_and_store_problems_are_told_once(capsys, seed_path, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("no_such_setting = 1\n", encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    for command in ("summarize", "cache"):
        code, _, err = run(capsys, *([command, seed_path] if command == "summarize"
                                     else [command]))
        assert code == 0
        assert err.count("unknown setting 'no_such_setting'") == 1


def test_cache_counts_and_clears_by_kind(capsys, seed_path):
    assert run_json(capsys, "cache")["counts"] == {"summary": 0, "translation": 0,
                                                   "entities": 0, "language": 0,
                                                   "sentences": 0, "catalog": 0}
    run(capsys, "summarize", seed_path)
    run(capsys, "summarize", seed_path, "-n", "2")
    run(capsys, "list", seed_path.parent)
    counts = run_json(capsys, "cache")
    assert counts["counts"]["summary"] == 2 and counts["database"].endswith(".sqlite3")
    assert counts["counts"]["language"] == 1  # the seed's, detected once
    assert counts["counts"]["catalog"] == len(list(seed_path.parent.glob("*.txt")))
    assert run_json(capsys, "cache", "clear", "translation")["deleted"] == 0
    code, out, _ = run(capsys, "cache", "clear")
    files = counts["counts"]["catalog"]
    assert code == 0 and out == (f"deleted {3 + files} cached results "
                                 "(summary, translation, entities, language, sentences, "
                                 "catalog)\n")
    assert run_json(capsys, "cache")["counts"] == {"summary": 0, "translation": 0,
                                                   "entities": 0, "language": 0,
                                                   "sentences": 0, "catalog": 0}


def test_the_catalog_alone_can_be_cleared(capsys, seed_path):
    run(capsys, "summarize", seed_path)
    run(capsys, "list", seed_path.parent)
    cleared = run_json(capsys, "cache", "clear", "catalog")
    files = len(list(seed_path.parent.glob("*.txt")))
    assert cleared == {"cleared": ["catalog"], "deleted": files} and files
    assert run_json(capsys, "cache")["counts"]["summary"] == 1


def test_an_unknown_cache_kind_is_a_usage_error(capsys):
    code, _, err = run(capsys, "cache", "clear", "theme")
    assert code == 2 and "not a kind of result: 'theme'" in err


@pytest.mark.parametrize("spelling", ["DE", "de-DE", "de_DE", "deu", "ger", " de "])
def test_translate_language_arguments_are_normalised(spelling):
    from reader.cli.translate import _language

    assert _language(spelling) == "de"
