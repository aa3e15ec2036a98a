"""Joining two lines of a wrapped paragraph: with a space, with nothing between letters
of scripts written without spaces, and across a hyphen at the line end.

A hyphen at a line end is either the wrapper's (a word cut in two: "inter-" + "national")
or the word's own ("well-" + "known"). Without a dictionary, the text itself decides: the
hyphen goes when the text uses the joined word elsewhere, or when neither half is a word
the text uses on its own; it stays when the text writes the hyphenated form elsewhere, when
the first half is a common compound opener ("well", "self", "long"...), or when the second
half starts with a capital ("Max-Planck").
"""

from __future__ import annotations

import re

_HYPHENATED = re.compile(r"(\w+)-$")
_FIRST_WORD = re.compile(r"\w+")
_WORDS = re.compile(r"\w+")
_BROKEN_WORD = re.compile(r"\w+-[ \t]*\n[ \t>]*\w+")
_COMPOUNDS = re.compile(r"\w+-\w+")
# Words written before a hyphen in compounds ("well-known", "self-made"): kept hyphenated.
_HYPHEN_WORDS = frozenset(
    "all anti co cross e ex far full half high ill long low near non off old on one out "
    "over part post pre re self semi short so two three four five ten under up well".split()
)


class Joiner:
    """Joins the wrapped lines of one text; knows the words the text uses whole (built on
    first need) to judge hyphens at line ends."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        """Whether the text uses `word` ("a-b" for a hyphenated word), in any case."""
        if self._words is None:
            unbroken = _BROKEN_WORD.sub(" ", self._text).lower()
            self._words = frozenset(_WORDS.findall(unbroken) + _COMPOUNDS.findall(unbroken))
        return word.lower() in self._words

    def join(self, left: str, right: str) -> str:
        """Two wrapped pieces of one paragraph as one line."""
        if left.endswith("\u00ad"):
            return left[:-1] + right
        hyphen = _HYPHENATED.search(left[-64:]) if left.endswith("-") else None
        first = _FIRST_WORD.match(right)
        if hyphen and first:
            if not right[0].isupper() and self._joins(hyphen.group(1), first.group()):
                return left[:-1] + right
            return left + right
        if left.endswith("—") or (unspaced(left[-1:]) and unspaced(right[:1])):
            return left + right
        return f"{left} {right}"

    def _joins(self, start: str, end: str) -> bool:
        if (start + end) in self:
            return True
        if f"{start}-{end}" in self or start.lower() in _HYPHEN_WORDS:
            return False
        return start not in self and end not in self


def unspaced(ch: str) -> bool:
    """Characters of scripts written without spaces between words (CJK, kana, Thai)."""
    return bool(ch) and (
        "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
        or "\u0e00" <= ch <= "\u0e7f"
    )
