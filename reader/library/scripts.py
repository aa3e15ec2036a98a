"""Which scripts and letters each language is written with, and how its sentences end.

Used to check a guessed text encoding (a guess that gives a Czech text letters Czech
does not have is the wrong code page), to tell scripts written without spaces between
words from the others, and to know whether a language ends its sentences with a mark.
"""

from __future__ import annotations

import re

import unicodedata
from collections import Counter

LATIN, CYRILLIC, GREEK, ARABIC, HEBREW = "Latin", "Cyrillic", "Greek", "Arabic", "Hebrew"
HAN, KANA, HANGUL, THAI, LAO, KHMER, MYANMAR = (
    "Han", "Kana", "Hangul", "Thai", "Lao", "Khmer", "Myanmar")
DEVANAGARI, BENGALI, TAMIL, ARMENIAN, GEORGIAN, ETHIOPIC = (
    "Devanagari", "Bengali", "Tamil", "Armenian", "Georgian", "Ethiopic")

# (first, last, script), sorted; letters outside every range have no script here.
_RANGES = (
    (0x0041, 0x024F, LATIN), (0x0370, 0x03FF, GREEK), (0x0400, 0x052F, CYRILLIC),
    (0x0530, 0x058F, ARMENIAN), (0x0590, 0x05FF, HEBREW), (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC), (0x0900, 0x097F, DEVANAGARI), (0x0980, 0x09FF, BENGALI),
    (0x0B80, 0x0BFF, TAMIL), (0x0E00, 0x0E7F, THAI), (0x0E80, 0x0EFF, LAO),
    (0x1000, 0x109F, MYANMAR), (0x10A0, 0x10FF, GEORGIAN), (0x1100, 0x11FF, HANGUL),
    (0x1200, 0x139F, ETHIOPIC), (0x1780, 0x17FF, KHMER), (0x1E00, 0x1EFF, LATIN),
    (0x1F00, 0x1FFF, GREEK), (0x3040, 0x30FF, KANA), (0x3130, 0x318F, HANGUL),
    (0x3400, 0x4DBF, HAN), (0x4E00, 0x9FFF, HAN), (0xAC00, 0xD7AF, HANGUL),
    (0xF900, 0xFAFF, HAN), (0xFB1D, 0xFB4F, HEBREW), (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC), (0xFF66, 0xFF9F, KANA), (0x20000, 0x2FA1F, HAN),
)
_STARTS = tuple(r[0] for r in _RANGES)

# Scripts without spaces between words: words must be found another way.
UNSPACED = frozenset({HAN, KANA, THAI, LAO, KHMER, MYANMAR})

_SCRIPTS = {
    **dict.fromkeys("ru uk be bg mk sr kk ky mn tg tt ba cv".split(), {CYRILLIC}),
    "el": {GREEK}, "he": {HEBREW}, "yi": {HEBREW},
    **dict.fromkeys("ar fa ur ps ug sd ku".split(), {ARABIC}),
    "zh": {HAN}, "ja": {HAN, KANA}, "ko": {HANGUL, HAN}, "th": {THAI}, "lo": {LAO},
    "km": {KHMER}, "my": {MYANMAR}, **dict.fromkeys("hi mr ne sa".split(), {DEVANAGARI}),
    "bn": {BENGALI}, "as": {BENGALI}, "ta": {TAMIL}, "hy": {ARMENIAN}, "ka": {GEORGIAN},
    "am": {ETHIOPIC}, "ti": {ETHIOPIC},
}

# Letters beyond a-z that a Latin-script language writes (lower case).
ALPHABETS = {
    "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "pl": "ąćęłńóśźż",
    "hu": "áéíóöőúüű", "sl": "čšžćđ", "hr": "čćđšž", "bs": "čćđšž", "sr": "čćđšž",
    "ro": "ăâîșşțţ", "de": "äöüßéàè", "fr": "àâæçéèêëîïôœùûüÿ", "es": "áéíñóúü",
    "pt": "áâãàçéêíóôõú", "it": "àèéìíîòóùú", "nl": "éëïóöüèáàç", "sv": "åäöé",
    "da": "æøåé", "no": "æøåéèóô", "nb": "æøåéèóô", "nn": "æøåéèóô", "fi": "äöåšž",
    "is": "áðéíóúýþæö", "tr": "çğıöşüâî", "et": "äõöüšž", "lv": "āčēģīķļņšūž",
    "lt": "ąčęėįšųūž", "ca": "àçéèíïóòúü·", "en": "éèàïöüçñ",
    "ga": "áéíóú", "eu": "ñ", "gl": "áéíóúñü", "sq": "çë", "az": "çəğıöşü",
}

# How a script ends a sentence; scripts not listed end theirs with . ! ? or nothing.
_ENDS = {
    HAN: "。！？．", KANA: "。！？．", ARABIC: "؟۔.!", DEVANAGARI: "।॥?!.", GREEK: ";\u037e",
    BENGALI: "।?!.", ARMENIAN: "։?!.", ETHIOPIC: "።፧?!.", KHMER: "។៕?!", MYANMAR: "။?!",
}
NO_SENTENCE_MARKS = frozenset({THAI, LAO})
LATIN_ENDS = ".!?…"
SENTENCE_MARKS = LATIN_ENDS + "。！？"
# What may follow a sentence's final mark: closing quotes and brackets.
CLOSERS = "\"'”’»«)]}）」』】〕》〉›‹"


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def script(ch: str) -> str | None:
    """The script of a letter, or None (digits, punctuation, symbols, unknown scripts)."""
    from bisect import bisect_right

    code = ord(ch)
    index = bisect_right(_STARTS, code) - 1
    if index >= 0 and code <= _RANGES[index][1]:
        name = _RANGES[index][2]
        return name if name != LATIN or ch.isalpha() else None
    return None


def scripts_of(language: str) -> frozenset[str]:
    return frozenset(_SCRIPTS.get(language, {LATIN}))


def main_script(text: str) -> str | None:
    """The script most letters of `text` are written in."""
    sample = text[:4000]
    if sample.isascii():  # every ASCII letter is Latin: no need to look each one up
        return LATIN if _ASCII_LETTER.search(sample) else None
    counts = Counter(s for s in map(script, sample) if s is not None)
    return counts.most_common(1)[0][0] if counts else None


def sentence_ends(text_script: str | None) -> str:
    """The marks that end a sentence in a script ("" for Thai and Lao, which use none)."""
    if text_script in NO_SENTENCE_MARKS:
        return ""
    return _ENDS.get(text_script, "") + LATIN_ENDS


def ends_sentence(text: str, marks: str = SENTENCE_MARKS) -> bool:
    """Whether `text` ends with one of `marks`, closing quotes and brackets aside."""
    return bool(marks) and text.rstrip().rstrip(CLOSERS).endswith(tuple(marks))


_ODD_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
# Signs that single-byte code pages put where other code pages have letters.
_STRAY_SIGNS = frozenset("¤¦¨¯´¸¹²³¼½¾ˇ˘˛˝˙¬¢¥±")


def odd_characters(text: str, language: str | None) -> int:
    """How many characters of `text` look wrong for a text in `language` (None: unknown):
    controls, unassigned and private characters, signs that stand in for letters in
    another code page, letters of scripts the language does not use, and letters beyond
    a-z its alphabet does not have."""
    scripts = scripts_of(language) if language else None
    alphabet = ALPHABETS.get(language or "")
    odd = 0
    for ch in text:
        if ch.isascii() or ch.isspace():
            continue
        if ch in _STRAY_SIGNS or ch == "\ufffd" or unicodedata.category(ch) in _ODD_CATEGORIES:
            odd += 1
            continue
        kind = script(ch)
        if kind is None or scripts is None:
            continue
        if kind not in scripts:
            odd += 1
        elif kind == LATIN and alphabet is not None and ch.lower() not in alphabet:
            odd += 1
    return odd
