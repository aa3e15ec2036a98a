"""A hostile settings file: read only when it is a small regular file, never hangs or
crashes a command; each problem is one notice and the defaults are used."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.config import MAX_CONFIG_BYTES, Settings, load_settings
from reader.services import Services
from tests.hostile.harness import bounded


def _config() -> Path:
    path = Path(os.environ["READER_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _link_to_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _nested(path: Path) -> None:
    path.write_text("a = " + "[" * 5000)


def _huge(path: Path) -> None:
    path.write_bytes(b"# padding\n" * (MAX_CONFIG_BYTES // 10 + 1))


def _folder(path: Path) -> None:
    path.mkdir()


def _latin1(path: Path) -> None:
    path.write_bytes('theme = "caf\xe9"\n'.encode("latin-1"))


BROKEN = {"link to /dev/zero": _link_to_zero, "fifo": _fifo, "5000 nested [": _nested,
          "over 1 MiB": _huge, "a folder": _folder, "not UTF-8": _latin1}


@pytest.mark.parametrize("make", BROKEN.values(), ids=BROKEN.keys())
def test_an_unusable_config_is_one_notice_and_the_defaults(make):
    path = _config()
    make(path)
    settings = load_settings()
    assert settings == Settings(problems=settings.problems)
    assert len(settings.problems) == 1 and str(path) in settings.problems[0]


@pytest.mark.parametrize("make", [_link_to_zero, _fifo, _nested], ids=["zero", "fifo", "nested"])
def test_every_command_survives_an_unusable_config(reader, seed_path, make):
    path = _config()
    make(path)
    outcome = bounded(reader("summarize", seed_path, "--json"))
    assert outcome.code == 0 and json.loads(outcome.out)["algorithm"] == "lexrank"
    assert outcome.err.count(str(path)) == 1


def test_a_byte_order_mark_is_allowed():
    _config().write_bytes(b'\xef\xbb\xbfsummary_algorithm = "lsa"\nsummary_sentences = 2\n')
    assert load_settings() == Settings(summary_algorithm="lsa", summary_sentences=2)


def test_an_unknown_algorithm_is_reported_and_ignored(reader, seed_path):
    path = _config()
    path.write_text('summary_algorithm = "bogus"\nsummary_sentences = 2\n')
    settings = Services(store=None, settings=load_settings()).settings
    assert settings.summary_algorithm == "lexrank" and settings.summary_sentences == 2
    assert len(settings.problems) == 1 and "bogus" in settings.problems[0]
    outcome = bounded(reader("summarize", seed_path, "--json"))
    result = json.loads(outcome.out)
    assert outcome.code == 0 and result["algorithm"] == "lexrank"
    assert len(result["sentences"]) == 2 and outcome.err.count("bogus") == 1


def test_algorithm_names_are_taken_in_any_case():
    _config().write_text('summary_algorithm = " TextRank "\n')
    assert load_settings() == Settings(summary_algorithm="textrank")


@pytest.mark.parametrize("command", [["summarize", "{seed}", "--json"],
                                     ["translate", "{seed}", "--to", "xx"],
                                     ["entities", "{seed}"]])
def test_every_subcommand_that_reads_settings_reports_a_wrong_value_once(capsys, seed_path,
                                                                         command):
    from reader.__main__ import main

    _config().write_text('summary_algorithm = "bogus"\n')
    code = main([part.format(seed=seed_path) for part in command])
    err = capsys.readouterr().err
    assert code in (0, 1) and err.count("bogus") == 1 and "Traceback" not in err
