"""File names are data too: bytes that are not UTF-8 and bidi controls in a name are
shown as stand-ins, and `list --json` stays valid UTF-8 JSON whatever the names."""

from __future__ import annotations

import json
import os

import pytest

from tests.hostile.harness import bounded

BODY = b"A short article about nothing much. It has two sentences.\n"
NAMES = [b"caf\xff.txt", b"evil\xe2\x80\xaetxt.exe.txt", b"plain.txt"]


@pytest.fixture
def odd_names(tmp_path):
    folder = os.fsencode(tmp_path / "names")
    os.mkdir(folder)
    for name in NAMES:
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(BODY + name)
    return tmp_path / "names"


@pytest.mark.parametrize("lang", ["C.UTF-8", "C"])
def test_list_json_is_valid_utf8_with_visible_stand_ins(reader, odd_names, lang):
    env = {**os.environ, "LANG": lang, "LC_ALL": lang}
    outcome = bounded(reader("list", odd_names, "--json", env=env))
    entries = json.loads(outcome.stdout.decode("utf-8"))  # strict: raises on any invalid byte
    names = sorted(os.path.basename(e["path"]) for e in entries)
    assert names == ["caf\ufffd.txt", "evil\ufffdtxt.exe.txt", "plain.txt"]
    assert all(e["status"] == "ok" for e in entries)
    assert "\u202e" not in outcome.out and "\\udcff" not in outcome.out


def test_list_table_shows_the_same_stand_ins(reader, odd_names):
    outcome = bounded(reader("list", odd_names))
    text = outcome.stdout.decode("utf-8")
    assert "caf\ufffd.txt" in text and "evil\ufffdtxt.exe.txt" in text
    assert "\u202e" not in text
