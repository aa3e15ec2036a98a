"""Summaries need no NLTK data and no network; words and language resources are ours."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from reader.nlp.summary.tokenize import WordTokenizer, language_tools, words

OFFLINE_RUN = textwrap.dedent(
    """
    import socket, sys
    import nltk, nltk.data

    def refuse(*args, **kwargs):
        raise AssertionError(f"tried to reach data or network: {args[:1]}")

    nltk.download = refuse
    nltk.data.find = refuse
    nltk.data.load = refuse
    socket.socket.connect = refuse
    socket.create_connection = refuse

    from reader.nlp.summary.summarize import ALGORITHMS, summarize

    text = open(sys.argv[1], encoding="utf-8").read()
    samples = [(text, "en"), (text, "de"), (text, "vi"), ("北京今天下雨。明天天晴。后天刮风。", "zh")]
    for algorithm in ALGORITHMS:
        for sample, language in samples:
            summary = summarize(sample, language, algorithm, sentences=2)
            assert len(summary.sentences) == 2, (algorithm, language)
    print("ok", len(ALGORITHMS))
    """
)


def test_summaries_work_with_no_nltk_data_and_no_network(tmp_path, seed_path):
    empty = tmp_path / "nltk-data"
    empty.mkdir()
    env = {"NLTK_DATA": str(empty), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", OFFLINE_RUN, str(seed_path)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok 8"
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize(
    "attempt", ["nltk.word_tokenize('Hello there.')", "socket.create_connection(('127.0.0.1', 9))"]
)
def test_offline_guard_would_catch_a_lookup(tmp_path, attempt):
    code = OFFLINE_RUN.split("from reader")[0] + attempt + "\n"
    env = {"NLTK_DATA": str(tmp_path), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode != 0
    assert "tried to reach data or network" in done.stderr


def test_words_are_lower_cased_and_split_on_punctuation():
    assert words("Zelensky's TALKS, in Uzhhorod — 2024!") == [
        "zelensky", "s", "talks", "in", "uzhhorod", "2024"
    ]
    assert words("Straße über Äpfel") == ["straße", "über", "äpfel"]
    assert words("snake_case") == ["snake", "case"]
    assert words("") == [] and words("— … !!!") == []


def test_unspaced_scripts_become_character_pairs():
    assert words("北京下雨") == ["北京", "京下", "下雨"]
    assert words("雨") == ["雨"]
    assert words("ABC北京x") == ["abc", "北京", "x"]
    assert words("東京タワー") == ["東京", "京タ", "タワ", "ワー"]
    assert WordTokenizer("zh").to_words("北京。下雨") == ("北京", "下雨")


def test_tokenizer_splits_paragraphs_with_the_project_splitter():
    assert WordTokenizer("en").to_sentences("One here. Two there.") == ("One here.", "Two there.")


@pytest.mark.parametrize(
    ("language", "stems", "stops", "note"),
    [
        ("en", True, True, None),
        ("de", True, True, None),
        ("fr", True, True, None),
        ("ru", True, False, "no stop words for ru: every word counts"),
        ("el", False, True, "no stemmer for el: words are compared unstemmed"),
        ("zh", False, True, None),
        ("ja", False, True, None),
        ("ar", True, True, None),
        ("ko", False, True, "no stemmer for ko: words are compared unstemmed"),
        ("he", False, True, "no stemmer for he: words are compared unstemmed"),
        ("th", False, True, "no word segmenter for th: words are compared as letter pairs"),
        ("hi", False, False, "no stemmer or stop words for hi: language-neutral summary"),
        ("vi", False, False, "no stemmer or stop words for vi: language-neutral summary"),
        ("", False, False, "no stemmer or stop words for und: language-neutral summary"),
    ],
)
def test_language_tools(language, stems, stops, note):
    tools = language_tools(language)
    assert (tools.stemmer is not None) is stems
    assert bool(tools.stop_words) is stops
    assert tools.note == note


def test_stemmers_and_stop_words_are_the_languages_own():
    english, german = language_tools("en"), language_tools("de")
    assert english.stemmer("running") == "run" and "the" in english.stop_words
    assert german.stemmer("häuser") == "haus" and "und" in german.stop_words
    assert language_tools("en-US") is not None and language_tools("EN").language == "en"


def test_without_numpy_summaries_still_come_with_a_reason(seed_path, monkeypatch):
    import sys

    from reader.nlp.sentences import split
    from reader.nlp.summary.summarize import NEEDS_NUMPY, summarize

    text = seed_path.read_text(encoding="utf-8")
    ranked = summarize(text, "en", "reduction", sentences=3)
    monkeypatch.setitem(sys.modules, "numpy", None)
    for algorithm in sorted(NEEDS_NUMPY):
        summary = summarize(text, "en", algorithm, sentences=3)
        assert summary.sentences == tuple(split(text)[:3])
        assert summary.note == f"{algorithm} needs numpy, which is not installed: the first sentences are shown"
    assert summarize(text, "en", "reduction", sentences=3) == ranked
