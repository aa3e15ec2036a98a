"""Hostile inputs: every file gives either a correct result or a skipped entry with a reason,
and nothing a terminal could act on is ever printed raw."""

from __future__ import annotations

import os

import pytest

from tests.unit.cli._cli import RAW_CONTROL, check_summary, run, run_json

FRENCH = ("Le café était très bon, dit-elle à Noël. Les élèves étudièrent à l'école "
          "près du théâtre. Où êtes-vous allés cet été? Déjà midi, répondit-il. ") * 8
SMART = ("The “quoted” price was €12 — a bargain, wasn’t it? "
         "She said “yes” and paid €15 instead. ") * 8
BIG = 50 * 1024 * 1024


def _write_hostile(folder):
    files = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64,
        "invalid_utf8.txt": b"Good start. Then \xff\xfe\xc3\x28 broken bytes. The end.\n",
        "latin1.txt": FRENCH.encode("latin-1"),
        "cp1252.txt": SMART.encode("cp1252"),
        "ansi.txt": b"\x1b[31mRed title\x1b[0m\n\x1b]0;pwned\x07Body \x1b[2J text. More.\n",
        "control.txt": b"Bell\x07 title\nBack\x08space \x0bvtab \x7fdel \xc2\x9bc1 text. More.\n",
        "markup.txt": b"[bold red]x[/] title\nClick [@click=app.quit]here[/] now. Fine.\n",
        "evil\x1b[31mname.txt": b"A file whose name holds an escape. It is fine.\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    block = b"All work and no play makes a dull article. " * 1024
    with open(folder / "huge.txt", "wb") as handle:
        for _ in range(BIG // len(block) + 1):
            handle.write(block)
    (folder / "broken.txt").symlink_to(folder / "no-such-target.txt")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return _write_hostile(tmp_path_factory.mktemp("hostile"))


NAMES = ["empty.txt", "binary.txt", "invalid_utf8.txt", "latin1.txt", "cp1252.txt",
         "ansi.txt", "control.txt", "markup.txt", "evil\x1b[31mname.txt", "huge.txt",
         "broken.txt", "loop_a.txt"]
MUST_SKIP = {"empty.txt", "binary.txt", "huge.txt", "broken.txt", "loop_a.txt"}


@pytest.fixture(scope="module")
def listing(hostile):
    from reader.cli.articles import collect

    return {os.path.basename(e["path"]): e for e in collect([hostile])}


def test_list_folder_of_hostile_files_exits_0_and_reports_each(capsys, hostile, listing):
    code, out, err = run(capsys, "list", hostile, "--json")
    assert code == 0, err
    for name in NAMES:
        entry = listing[name]
        if entry["status"] == "skipped":
            assert entry["reason"].strip(), name
            assert entry["id"] is None
        else:
            assert entry["status"] == "ok" and "reason" not in entry
            assert entry["words"] > 0 and entry["title"], name
    for name in MUST_SKIP:
        assert listing[name]["status"] == "skipped", name


def test_size_cap_reason_names_the_size(listing):
    reason = listing["huge.txt"]["reason"].lower()
    assert any(unit in reason for unit in ("mib", "mb", "bytes", "large")), reason


def test_list_plain_never_prints_raw_controls(capsys, hostile):
    code, out, err = run(capsys, "list", hostile)
    assert code == 0, err
    assert not RAW_CONTROL.search(out) and not RAW_CONTROL.search(err)
    assert "skipped" in out


@pytest.mark.parametrize("name", NAMES)
def test_summarize_each_hostile_file(capsys, hostile, listing, name):
    code, out, err = run(capsys, "summarize", hostile / name, "--json")
    assert "Traceback" not in err
    if listing[name]["status"] == "skipped":
        assert code == 1 and out == "" and err.startswith("reader: ")
        assert not RAW_CONTROL.search(err)
        return
    assert code == 0, err
    check_summary(__import__("json").loads(out))
    code, out, err = run(capsys, "summarize", hostile / name)
    assert code == 0, err
    assert not RAW_CONTROL.search(out)


def _text(capsys, path):
    return run_json(capsys, "summarize", path)["article"]["text"]


def test_legacy_encodings_decode_correctly(capsys, hostile, listing):
    if listing["latin1.txt"]["status"] == "ok":
        assert "café" in _text(capsys, hostile / "latin1.txt")
    if listing["cp1252.txt"]["status"] == "ok":
        text = _text(capsys, hostile / "cp1252.txt")
        assert "“quoted”" in text and "€12" in text
    assert {listing[n]["status"] for n in ("latin1.txt", "cp1252.txt")} == {"ok"}


def test_escapes_and_markup_stay_literal_text(capsys, hostile):
    ansi = _text(capsys, hostile / "ansi.txt")
    assert "\x1b" not in ansi and "Red title" in ansi
    control = _text(capsys, hostile / "control.txt")
    assert "\u2407" in control and not RAW_CONTROL.search(control)
    markup = _text(capsys, hostile / "markup.txt")
    assert "[bold red]x[/]" in markup and "[@click=app.quit]" in markup
    code, out, _ = run(capsys, "summarize", hostile / "markup.txt", "-n", "5")
    assert code == 0 and "[@click=app.quit]here[/]" in out


def test_named_broken_symlink_is_listed_as_skipped(capsys, hostile):
    (entry,) = run_json(capsys, "list", hostile / "broken.txt")
    assert entry["status"] == "skipped" and entry["reason"]
