"""Without the `ml` extra, translation and entities say what to install: no traceback."""

import subprocess
import sys

import pytest

from reader.errors import MissingDependency, needs_ml

BLOCK = (
    "import sys\n"
    "for name in ('torch', 'transformers', 'ctranslate2', 'sentencepiece'):\n"
    "    sys.modules[name] = None\n"
    "from reader.__main__ import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def run_without_ml(*args, stderr=subprocess.PIPE):
    """`reader ARGS` with the ml packages made unimportable; stderr=STDOUT interleaves."""
    return subprocess.run([sys.executable, "-c", BLOCK, *args], text=True,
                          stdout=subprocess.PIPE, stderr=stderr)


@pytest.mark.parametrize("command", ["translate", "entities"])
def test_a_missing_ml_package_is_a_clear_message(command, seed_path, tmp_path):
    """The model folders pass the file checks; loading them needs the missing packages."""
    from tests.unit import _model_folders as make

    if command == "translate":
        folder, extra = make.marian(tmp_path / "opus-mt-en-de"), ["--to", "de"]
    else:
        folder, extra = make.bert(tmp_path / "bert-ner"), []
    done = run_without_ml(command, str(seed_path), "--model", str(folder), *extra)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "pip install 'reader-tui[ml]'" in done.stderr
    assert "is not installed" in done.stderr


def test_other_import_errors_are_not_disguised():
    @needs_ml("testing")
    def broken():
        import reader_no_such_module  # noqa: F401

    with pytest.raises(ImportError) as caught:
        broken()
    assert not isinstance(caught.value, MissingDependency)


@pytest.mark.parametrize("task", ["translation", "ner"])
def test_models_add_says_the_extra_is_needed_before_claiming_success(task, tmp_path):
    from tests.unit import _model_folders as make

    folder = (make.marian(tmp_path / "opus-mt-en-de") if task == "translation"
              else make.bert(tmp_path / "bert-ner"))
    done = run_without_ml("models", "add", str(folder), stderr=subprocess.STDOUT)
    assert done.returncode == 0, done.stdout
    note = done.stdout.index(f"note: {folder.name} is installed but cannot be used until "
                             "the ml extra is installed (torch, transformers")
    assert "pip install 'reader-tui[ml]'" in done.stdout[note:]
    assert done.stdout.index(f"added {folder.name}") > note
    assert "Traceback" not in done.stdout
    if task == "translation":
        assert ("no CTranslate2 copy made: converting needs torch, transformers, ctranslate2"
                in done.stdout[:note])
