"""Offline language identification for articles, as ISO 639-1 codes.

py3langid is loaded on first use (its model takes most of a second to load), then kept.
Its labels include a few ISO 639-3 codes (e.g. "yue"); those are mapped to their
ISO 639-1 macrolanguage or passed over for the next best label. Text too short or too
ambiguous to judge gets FALLBACK with a note saying so, so nothing downstream has to
handle an unknown language.
"""

from __future__ import annotations

import threading

FALLBACK = "en"
SAMPLE_CHARS = 4000
MIN_LETTERS = 12
MIN_CONFIDENCE = 0.5
SHORT_TEXT = 200

_TO_ISO1 = {
    "yue": "zh", "wuu": "zh", "arz": "ar", "ary": "ar", "uzs": "uz",
    "sdh": "ku", "gug": "gn", "hbo": "he", "grc": "el",
}
_lock = threading.Lock()
_identifier = None


def _get_identifier():
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _identifier


def detect(text: str) -> tuple[str, str | None]:
    """(ISO 639-1 code, note) — the note explains a fallback and is None otherwise."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample[:SHORT_TEXT * 2]) < MIN_LETTERS and not _cjk(sample):
        return FALLBACK, f"text too short to identify its language; assuming {FALLBACK}"
    identifier = _get_identifier()
    for label, score in identifier.rank(sample)[:5]:
        code = _TO_ISO1.get(label, label)
        if len(code) != 2:
            continue
        if len(sample) < SHORT_TEXT and score < MIN_CONFIDENCE:
            break
        return code, None
    return FALLBACK, f"language could not be identified; assuming {FALLBACK}"


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
