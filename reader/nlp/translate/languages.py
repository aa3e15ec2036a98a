"""Language codes: the project speaks ISO 639-1 ("en"); models and tools each want their own.

NLLB-200 wants FLORES-200 codes ("eng_Latn"), M2M100 plain codes in its own tokens
("__en__"), Apertium ISO 639-3 pair names ("eng-spa").
"""

from __future__ import annotations

NLLB = {
    "af": "afr_Latn", "am": "amh_Ethi", "ar": "arb_Arab", "az": "azj_Latn",
    "be": "bel_Cyrl", "bg": "bul_Cyrl", "bn": "ben_Beng", "bs": "bos_Latn",
    "ca": "cat_Latn", "cs": "ces_Latn", "cy": "cym_Latn", "da": "dan_Latn",
    "de": "deu_Latn", "el": "ell_Grek", "en": "eng_Latn", "eo": "epo_Latn",
    "es": "spa_Latn", "et": "est_Latn", "eu": "eus_Latn", "fa": "pes_Arab",
    "fi": "fin_Latn", "fr": "fra_Latn", "ga": "gle_Latn", "gl": "glg_Latn",
    "gu": "guj_Gujr", "he": "heb_Hebr", "hi": "hin_Deva", "hr": "hrv_Latn",
    "hu": "hun_Latn", "hy": "hye_Armn", "id": "ind_Latn", "is": "isl_Latn",
    "it": "ita_Latn", "ja": "jpn_Jpan", "ka": "kat_Geor", "kk": "kaz_Cyrl",
    "km": "khm_Khmr", "kn": "kan_Knda", "ko": "kor_Hang", "lt": "lit_Latn",
    "lv": "lvs_Latn", "mk": "mkd_Cyrl", "ml": "mal_Mlym", "mn": "khk_Cyrl",
    "mr": "mar_Deva", "ms": "zsm_Latn", "my": "mya_Mymr", "nb": "nob_Latn",
    "ne": "npi_Deva", "nl": "nld_Latn", "no": "nob_Latn", "pa": "pan_Guru",
    "pl": "pol_Latn", "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl",
    "sk": "slk_Latn", "sl": "slv_Latn", "sq": "als_Latn", "sr": "srp_Cyrl",
    "sv": "swe_Latn", "sw": "swh_Latn", "ta": "tam_Taml", "te": "tel_Telu",
    "th": "tha_Thai", "tl": "tgl_Latn", "tr": "tur_Latn", "uk": "ukr_Cyrl",
    "ur": "urd_Arab", "uz": "uzn_Latn", "vi": "vie_Latn", "zh": "zho_Hans",
}

# ISO 639-1 -> ISO 639-3 as Apertium names its pairs.
APERTIUM = {
    "af": "afr", "an": "arg", "ar": "ara", "ast": "ast", "be": "bel", "bg": "bul",
    "br": "bre", "ca": "cat", "cy": "cym", "da": "dan", "de": "deu", "en": "eng",
    "eo": "epo", "es": "spa", "eu": "eus", "fr": "fra", "gl": "glg", "hi": "hin",
    "id": "ind", "is": "isl", "it": "ita", "kk": "kaz", "mk": "mkd", "ms": "msa",
    "mt": "mlt", "nb": "nob", "nl": "nld", "nn": "nno", "oc": "oci", "pl": "pol",
    "pt": "por", "ro": "ron", "ru": "rus", "sc": "srd", "se": "sme", "sh": "hbs",
    "sk": "slk", "sl": "slv", "sv": "swe", "tr": "tur", "tt": "tat", "uk": "ukr",
    "ur": "urd", "fi": "fin", "hu": "hun", "cs": "ces", "el": "ell", "et": "est",
    "lt": "lit", "lv": "lav", "hr": "hrv", "sr": "srp", "bs": "bos", "sq": "sqi",
    "ga": "gle", "gd": "gla", "fo": "fao", "sw": "swa", "zh": "zho", "ja": "jpn",
}
APERTIUM_BACK = {three: two for two, three in APERTIUM.items()}

# Languages written without spaces between words: split pieces rejoin with "".
NO_SPACES = frozenset({"zh", "ja", "th", "lo", "km", "my"})


def nllb_code(language: str) -> str:
    """The FLORES-200 code NLLB uses for an ISO 639-1 code (a FLORES code passes through)."""
    if "_" in language:
        return language
    try:
        return NLLB[language]
    except KeyError:
        raise ValueError(f"no NLLB language code known for {language!r}") from None


def m2m_token(language: str) -> str:
    """The language token of M2M100 ("__de__")."""
    return f"__{language}__"


def apertium_code(language: str) -> str:
    """The ISO 639-3 code Apertium uses for an ISO 639-1 code (a 3-letter code passes)."""
    return APERTIUM.get(language, language)


def iso_code(apertium: str) -> str:
    """The ISO 639-1 code for an Apertium language code ("eng" -> "en", "spa_ES" -> "es")."""
    base = apertium.split("_")[0]
    return APERTIUM_BACK.get(base, base)


def joiner(language: str) -> str:
    """What goes between translated pieces of one sentence in `language`."""
    return "" if language in NO_SPACES else " "
