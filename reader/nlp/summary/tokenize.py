"""Words, stemmers and stop words for the summarizers, without NLTK data files.

sumy's own tokenizers need NLTK's punkt data, which is downloaded at run time; reader is
offline. Words here come from a Unicode regular expression instead; runs of scripts
written without spaces between words (Han, kana, Thai...) go to `segment` (jieba for
Chinese, tinysegmenter for Japanese, overlapping character pairs otherwise). Stemmers and
stop words are the ones sumy ships (its stemmers are NLTK's Snowball code, which needs no data); languages it has
nothing for get a language-neutral treatment that the caller is told about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reader.library.language import base_code
from reader.nlp.sentences import split
from reader.nlp.summary.segment import SEGMENTED, segment

# Runs of characters from scripts written without spaces between words.
_UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f\u1780-\u17ff"  # Myanmar, Khmer
    "\uff66-\uff9f"  # halfwidth Katakana
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\U00020000-\U0002ebef"  # Han extensions
)
_TOKEN = re.compile(rf"(?P<run>[{_UNSPACED}]+)|(?P<word>(?:(?![{_UNSPACED}])[^\W_])+)")

# ISO 639-1 code -> the language name sumy uses for its stemmers and stop-word files.
SUMY_NAMES = {
    "ar": "arabic", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "fi": "finnish", "fr": "french", "he": "hebrew",
    "hu": "hungarian", "it": "italian", "ja": "japanese", "ko": "korean",
    "nb": "norwegian", "nl": "dutch", "nn": "norwegian", "no": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sk": "slovak", "sv": "swedish", "th": "thai", "uk": "ukrainian", "zh": "chinese",
}
# Languages written without spaces that no segmenter here knows.
UNSEGMENTED = frozenset({"th", "lo", "km", "my"})
# sumy maps these to a stemmer that only lower-cases: that is no stemming at all.
_NULL_STEMMERS = frozenset({"chinese", "hebrew", "japanese", "korean"})


def words(text: str, language: str = "") -> list[str]:
    """Lower-cased words of `text`; runs of unspaced scripts are segmented (`segment`)."""
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        run = match.group("run")
        if run is None:
            out.append(match.group("word").lower())
        else:
            out.extend(segment(run, language))
    return out


class WordTokenizer:
    """The object sumy's document model asks for words (`to_words`)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence, self.language))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.text for s in split(paragraph, self.language))


@dataclass(frozen=True)
class LanguageTools:
    """What sumy has for one language: a stemmer (or None) and stop words (maybe empty)."""

    language: str
    stemmer: Callable[[str], str] | None
    stop_words: frozenset[str]

    @property
    def note(self) -> str | None:
        """A sentence for the user when the summary cannot use the language's resources."""
        if self.language in UNSEGMENTED:
            return f"no word segmenter for {self.language}: words are compared as letter pairs"
        if self.language in SEGMENTED:
            return None  # words are whole words and there is nothing to stem
        if self.stemmer is None and not self.stop_words:
            return f"no stemmer or stop words for {self.language}: language-neutral summary"
        if self.stemmer is None:
            return f"no stemmer for {self.language}: words are compared unstemmed"
        if not self.stop_words:
            return f"no stop words for {self.language}: every word counts"
        return None


def _stemmer(name: str) -> Callable[[str], str] | None:
    if name in _NULL_STEMMERS:
        return None
    from sumy.nlp.stemmers import Stemmer

    try:
        stem = Stemmer(name)
        stem("probe")  # some of sumy's stemmers need an optional package and fail on use
    except Exception:
        return None
    return lru_cache(maxsize=65536)(stem)


def _stop_words(name: str) -> frozenset[str]:
    from sumy.utils import get_stop_words

    try:
        return frozenset(w.lower() for w in get_stop_words(name))
    except LookupError:
        return frozenset()


@lru_cache(maxsize=64)
def language_tools(language: str) -> LanguageTools:
    """The stemmer and stop words sumy has for an ISO 639-1 code; never raises."""
    code = base_code(language) or "und"
    name = SUMY_NAMES.get(code)
    if name is None:
        return LanguageTools(code, None, frozenset())
    return LanguageTools(code, _stemmer(name), _stop_words(name))
