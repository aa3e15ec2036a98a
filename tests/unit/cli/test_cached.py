"""A command whose every result is cached answers without the heavy libraries.

Each command runs twice as a real process; the second run, answered from the results
cache, must give the same output while importing no torch, transformers or CTranslate2
(and, for a summary, no sumy or numpy), and load no language model.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.unit import _bert
from tests.unit._marian import tiny_models

MODEL_LIBRARIES = {"torch", "transformers", "ctranslate2"}


def imports(*argv) -> tuple[str, set[str]]:
    """stdout of `reader ARGV` and the modules the process imported, with their top-level
    packages."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "reader", *map(str, argv)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = {line.split("|")[-1].strip()
             for line in proc.stderr.splitlines() if line.startswith("import time:")}
    return proc.stdout, names | {name.split(".")[0] for name in names}


def twice(*argv, first_extra=()) -> tuple[str, set[str]]:
    """Run once to fill the cache, then again: (output, imports) of the second run, after
    checking that both outputs are the same. The first run's extra arguments (which ask
    for the same result) keep the second from being a replay of its kept answer."""
    first, _ = imports(*argv, *first_extra)
    second, names = imports(*argv)
    assert second == first
    return second, names


def test_a_cached_summary_needs_no_summarizer_and_no_language_model(seed_path):
    out, names = twice("summarize", seed_path, "--json", first_extra=("-n", "3"))
    assert '"sentences"' in out
    assert "reader.library.cache" in names  # answered from the results cache, not replayed
    assert not names & (MODEL_LIBRARIES | {"sumy", "numpy", "fasttext", "nltk"})


def test_the_first_summary_does_use_them(seed_path):
    """The check above can fail: an uncached call imports what the cached one avoids."""
    _, names = imports("summarize", seed_path, "--json")
    assert {"sumy", "fasttext"} <= names


@pytest.mark.ml
def test_cached_entities_open_no_model(tmp_path, seed_path):
    folder = _bert.build(tmp_path / "ner", _bert.vocabulary([seed_path.read_text("utf-8")]))
    argv = ("entities", seed_path, "--model", folder, "--threshold", "0", "--json")
    first, names = imports(*argv)
    assert "torch" in names
    out, names = imports(*argv)
    assert out == first and '"entities"' in out
    assert not names & (MODEL_LIBRARIES | {"numpy"})


@pytest.mark.ml
@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_cached_translations_open_no_model(tmp_path_factory, seed_path, backend):
    folder = tiny_models(tmp_path_factory)["en-de"]
    out, names = twice("translate", seed_path, "--to", "de", "--model", folder,
                       "--backend", backend, "--beams", "1", "--json")  # never replayed
    assert f'"backend": "{backend}"' in out
    assert not names & MODEL_LIBRARIES
