"""Which sentences may be chosen for a summary: whole sentences of the article's body.

The splitter cuts every line into sentences, whatever the line is; a heading, a list
item, a caption, a byline or a line of code comes out as a "sentence" too, and ranking
algorithms like them (short, full of the article's key words). A candidate is a sentence
that lies in a paragraph block and reads as a sentence: enough words for its language
(counted in letters for scripts without spaces) and, in a script that marks the end of a
sentence, ending with such a mark. When an article has no such sentence (a list, a poem,
a page of headings) the rules loosen step by step, so a summary always exists, and a note
says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.library.article import Block, Sentence
from reader.library.blocks import BODY, block_at
from reader.library.scripts import (
    UNSPACED, ends_sentence, main_script, script, sentence_ends,
)

MIN_WORDS = 4
MIN_WORDS_BY_LANGUAGE = {  # languages that pack a sentence into fewer, longer words
    "fi": 3, "et": 3, "hu": 3, "tr": 3, "az": 3, "ko": 3, "ka": 3,
}
MIN_UNSPACED_LETTERS = {"zh": 8, "ja": 10, "th": 15, "lo": 15, "km": 15, "my": 15}
DEFAULT_UNSPACED_LETTERS = 10
_WORD = re.compile(r"[^\W_]+")

NO_BODY = "the article has no body paragraphs: other lines are summarised"
NO_SENTENCES = "the article has no whole sentences: its lines are summarised as they are"


def is_sentence(text: str, language: str) -> bool:
    """Long enough for `language`, and ended by a sentence mark where its script has one."""
    text = text.strip()
    if not text:
        return False
    kind = main_script(text)
    if kind in UNSPACED:
        letters = sum(1 for ch in text if script(ch) in UNSPACED)
        if letters < MIN_UNSPACED_LETTERS.get(language, DEFAULT_UNSPACED_LETTERS):
            return False
    elif len(_WORD.findall(text)) < MIN_WORDS_BY_LANGUAGE.get(language, MIN_WORDS):
        return False
    ends = sentence_ends(kind)
    return not ends or ends_sentence(text, ends)


def in_body(sentence: Sentence, blocks: Sequence[Block]) -> bool:
    block = block_at(tuple(blocks), sentence.start)
    return block is not None and block.kind in BODY and sentence.end <= block.end


def candidates(sentences: Sequence[Sentence], blocks: Sequence[Block],
               language: str) -> tuple[list[int], str | None]:
    """Indexes of the sentences a summary may choose, and a note when the rules loosened:
    whole sentences of paragraphs; else whole sentences anywhere; else any sentence of a
    paragraph; else every sentence."""
    blocks = tuple(blocks)
    whole = [is_sentence(s.text, language) for s in sentences]
    body = [in_body(s, blocks) for s in sentences]
    steps = (
        ([i for i in range(len(sentences)) if whole[i] and body[i]], None),
        ([i for i in range(len(sentences)) if whole[i]], NO_BODY),
        ([i for i in range(len(sentences)) if body[i]], NO_SENTENCES),
    )
    for chosen, note in steps:
        if chosen:
            return chosen, note
    return list(range(len(sentences))), NO_SENTENCES if sentences else None
