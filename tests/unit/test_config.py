"""Settings from config.toml: a value of the wrong type is reported and ignored, never a
crash later in the command that reads it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.__main__ import main
from reader.config import Settings, load_settings


def write_config(text: str) -> Path:
    path = Path(os.environ["READER_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_values_are_kept():
    write_config('target_language = "de"\nsummary_algorithm = "lsa"\nsummary_sentences = 5\n'
                 'entity_threshold = 0.8\ntheme = "nord"\n')
    assert load_settings() == Settings("de", "lsa", 5, 0.8, "nord")


@pytest.mark.parametrize("line", [
    'summary_sentences = "three"', "summary_sentences = 0", "summary_sentences = true",
    "summary_sentences = 2.5", "summary_algorithm = 3", 'summary_algorithm = ""',
    'entity_threshold = "high"', "entity_threshold = 2", "target_language = 5",
    "theme = [1]",
])
def test_a_wrongly_typed_value_is_reported_and_the_default_kept(line):
    write_config(line + "\n")
    settings = load_settings()
    key = line.split(" = ")[0]
    assert getattr(settings, key) == getattr(Settings(), key)
    assert len(settings.problems) == 1 and key in settings.problems[0]


@pytest.mark.parametrize("line", ["summary_algorithm = 3", 'summary_sentences = "three"'])
def test_summarize_with_a_bad_setting_still_summarizes(capsys, seed_path, line):
    write_config(line + "\n")
    code = main(["summarize", str(seed_path), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert data["algorithm"] == "lexrank" and len(data["sentences"]) == 3
    assert line.split(" = ")[0] in out.err and "Traceback" not in out.err
