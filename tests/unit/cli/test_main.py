"""`reader` itself: what happens before any subcommand or the TUI runs."""

from __future__ import annotations

import pytest

from reader.__main__ import main


@pytest.fixture
def no_tui(monkeypatch):
    import reader.app

    def refuse(paths, refs=()):
        raise AssertionError(f"the TUI was started with {paths} {refs}")

    monkeypatch.setattr(reader.app, "run_tui", refuse)


def test_a_missing_path_is_an_input_error_before_the_tui(capsys, no_tui, tmp_path):
    code = main([str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("reader: no such file or folder:") and "nowhere" in err


def test_a_mistyped_subcommand_does_not_open_an_empty_tui(capsys, no_tui):
    assert main(["sumarize", "x.txt"]) == 1
    assert "sumarize" in capsys.readouterr().err


def test_a_missing_path_beside_a_real_one_still_opens_the_tui(monkeypatch, seed_path,
                                                               tmp_path):
    import reader.app

    opened = []
    monkeypatch.setattr(reader.app, "run_tui", lambda paths, refs=(): opened.append(paths) or 0)
    assert main([str(seed_path), str(tmp_path / "nowhere")]) == 0
    assert opened == [[str(seed_path), str(tmp_path / "nowhere")]]


def test_error_messages_never_carry_raw_escapes(capsys, tmp_path):
    code = main(["list", str(tmp_path / "\x1b[31mred\x07")])
    err = capsys.readouterr().err
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err
    assert "\u241b[31mred\u2407" in err


@pytest.mark.ml
def test_a_models_folder_that_is_a_file_is_an_error_not_a_traceback(capsys, tmp_path,
                                                                    monkeypatch):
    from tests.unit._bert import build, vocabulary

    model = build(tmp_path / "ner", vocabulary())
    blocker = tmp_path / "models"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("READER_MODELS_DIR", str(blocker))
    capsys.readouterr()
    assert main(["models", "add", str(model)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and str(blocker) in err and "Traceback" not in err
