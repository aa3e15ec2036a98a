"""Word-level aggregation of token predictions, equal to transformers' token-classification
pipeline (`aggregation_strategy` "simple", "first", "average", "max").

It is reimplemented here rather than called through the pipeline so that tokens of many
sentences can be run through the model in one padded batch and grouped per sentence, with
offsets that already point into the article. The rules follow the pipeline: sub-words are
detected by comparing a token with the text it covers, groups start at every B- tag or
label change, a group's score is the mean of its tokens' scores, and groups labelled "O"
are dropped. One rule is added for the word-level strategies: a token that touches the
previous one with letters or digits on both sides (an unknown piece, or a tokenizer that
does not mark continuations) continues the same word, so no entity starts or ends inside
a word. Scripts written without spaces are left to the tokenizer's own word marks.

The default is "first": each word takes the label of its first piece, and the threshold
applied later judges the whole word (or run of words) as one span. "simple" labels each
token on its own and can cut words ("ber Äpfel" out of "über Äpfel").

numpy is imported by the functions that compute, so naming a strategy (a tagger known
before it is loaded) costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.library.scripts import UNSPACED, script

if TYPE_CHECKING:
    import numpy as np

STRATEGIES = ("simple", "first", "average", "max")
DEFAULT_STRATEGY = "first"


@dataclass(frozen=True)
class Token:
    """One model token with its probabilities; start/end are offsets into the article."""

    text: str
    start: int
    end: int
    is_subword: bool
    scores: np.ndarray


def check_strategy(strategy: str) -> None:
    """ValueError naming the valid strategies when `strategy` is not one of them."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown aggregation {strategy!r}; choose one of {', '.join(STRATEGIES)}")


def softmax(logits: np.ndarray) -> np.ndarray:
    import numpy as np

    logits = logits.astype(np.float32, copy=False)
    shifted = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def is_subword(token: str, covered: str, is_unknown: bool, continuing_prefix: bool) -> bool:
    """The pipeline's test: a word-aware tokenizer marks continuations ("##or")."""
    if is_unknown:
        return False
    if continuing_prefix:
        return len(token) != len(covered)
    return False


def within_word(text: str, previous_end: int | None, start: int) -> bool:
    """Whether a token starting at `start` continues a word the previous token ended at
    `previous_end`: they touch, with letters or digits (not of an unspaced script) on
    both sides of the seam."""
    if previous_end != start or start <= 0 or start >= len(text):
        return False
    return _spaced_letter(text[start - 1]) and _spaced_letter(text[start])


def _spaced_letter(ch: str) -> bool:
    return ch.isalnum() and script(ch) not in UNSPACED


def _split_tag(label: str) -> tuple[str, str]:
    if label.startswith("B-"):
        return "B", label[2:]
    if label.startswith("I-"):
        return "I", label[2:]
    return "I", label


def _words(tokens: list[Token], strategy: str, id2label: dict) -> list[tuple[str, float, int, int]]:
    groups: list[list[Token]] = []
    for token in tokens:
        if groups and token.is_subword:
            groups[-1].append(token)
        else:
            groups.append([token])
    words = []
    for group in groups:
        if strategy == "first":
            scores = group[0].scores
        elif strategy == "max":
            scores = max(group, key=lambda t: t.scores.max()).scores
        else:
            import numpy as np

            scores = np.nanmean(np.stack([t.scores for t in group]), axis=0)
        best = int(scores.argmax())
        words.append((id2label[best], scores[best], group[0].start, group[-1].end))
    return words


def aggregate(tokens: list[Token], strategy: str, id2label: dict) -> list[tuple[int, int, str, float]]:
    """Group one sentence's tokens into entities: (start, end, label, score), "O" dropped."""
    check_strategy(strategy)
    if strategy == "simple":
        items = []
        for t in tokens:
            best = int(t.scores.argmax())
            items.append((id2label[best], t.scores[best], t.start, t.end))
    else:
        items = _words(tokens, strategy, id2label)
    spans: list[tuple[int, int, str, float]] = []
    group: list[tuple[str, float, int, int]] = []

    def close() -> None:
        tag = group[0][0].split("-", 1)[-1]
        if tag != "O":
            import numpy as np

            score = float(np.mean(np.nanmean([g[1] for g in group])))
            spans.append((group[0][2], group[-1][3], tag, score))

    for item in items:
        if group:
            bi, tag = _split_tag(item[0])
            _, last_tag = _split_tag(group[-1][0])
            if tag == last_tag and bi != "B":
                group.append(item)
                continue
            close()
        group = [item]
    if group:
        close()
    return spans
