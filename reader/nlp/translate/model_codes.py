"""The language codes translation models want, for both backends that run them.

The project speaks ISO 639-1 ("en", see reader.library.language). NLLB-200 wants
FLORES-200 codes ("eng_Latn"), M2M100 plain codes in its own tokens ("__en__"), and
multi-target MarianMT models a ">>xxx<<" target token first. The language tokens are
never part of a translation: both backends leave them out of what they return.
"""

from __future__ import annotations

import re

from reader.errors import ReaderError
from reader.library.language import three_letter

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


_FLORES = re.compile(r"[a-z]{3}_[A-Z][a-z]{3}")  # "eng_Latn"
# Tokens of the multilingual models that are never text: language tokens, M2M100's
# spare "madeupword" slots and NLLB's <mask> (which the transformers tokenizers decode as
# special tokens too).
_NOT_TEXT = {"m2m100": re.compile(r"__[a-z]{2,3}__|madeupword\d+"),
             "nllb": re.compile(rf"{_FLORES.pattern}|<mask>")}


def is_control_token(token: str, kind: str) -> bool:
    """True for a token of a `kind` model ("m2m100", "nllb") that is not part of the text."""
    pattern = _NOT_TEXT.get(kind)
    return bool(pattern and pattern.fullmatch(token))


def _nllb_token(code: str, vocabulary) -> str | None:
    """nllb_code, else the model's one FLORES code for the language in any script."""
    try:
        return nllb_code(code)
    except ValueError:
        prefix = f"{three_letter(code)}_"
        found = [t for t in vocabulary if t.startswith(prefix) and _FLORES.fullmatch(t)]
        return found[0] if len(found) == 1 else None


def language_tokens(kind: str, source: str, target: str, vocabulary) -> tuple[str, str]:
    """The (source, target) language tokens of an NLLB or M2M100 model, each checked to be
    in the model's `vocabulary`: a language the model lacks is a ReaderError naming it,
    not an unknown token that would make it write nonsense."""
    name = "NLLB" if kind == "nllb" else "M2M100"
    tokens = []
    for code, way in ((source, "from"), (target, "into")):
        token = _nllb_token(code, vocabulary) if kind == "nllb" else m2m_token(code)
        if token is None or token not in vocabulary:
            raise ReaderError(f"this {name} model cannot translate {way} {code!r}: "
                              "it has no language token for it")
        tokens.append(token)
    return tokens[0], tokens[1]


def marian_prefix(vocab: dict, target: str) -> str:
    """Multi-target Marian models want a ">>xxx<<" token first; "" for the others."""
    for code in (target, three_letter(target)):
        if f">>{code}<<" in vocab:
            return f">>{code}<< "
    return ""
