"""Reflow: hard-wrapped paragraphs become one line each; every other line break stays."""

from __future__ import annotations

import pytest

from reader.library.reflow import reflow
from reader.library.sources import article_from_text, text_id
from tests.unit._prose import PROSE, wrap, wrapped


@pytest.mark.parametrize("width", [60, 72, 80])
@pytest.mark.parametrize("language", sorted(PROSE))
def test_wrapped_prose_is_joined_back(language, width):
    source = wrapped(language, width)
    assert source.count("\n") > 2 * len(PROSE[language])  # really wrapped
    assert reflow(source).text == "\n\n".join(PROSE[language])


@pytest.mark.parametrize("width", [60, 72, 80])
def test_wrapped_paragraphs_without_blank_lines_between_stay_apart(width):
    source = "\n".join(wrap(p, width) for p in PROSE["en"])
    lines = reflow(source).text.split("\n")
    assert " ".join(lines) == " ".join(PROSE["en"])
    assert all(sum(line in p for p in PROSE["en"]) == 1 for line in lines)
    assert all(line.endswith(".") for line in lines)  # sentences are never cut


def test_the_article_text_is_the_reflowed_text():
    article = article_from_text("Library budget\n\n" + wrapped("en", 60), language="en")
    assert article.text == "Library budget\n\n" + "\n\n".join(PROSE["en"])
    assert article.id == text_id(article.text)
    first = PROSE["en"][0]
    start = article.text.index(first)
    assert article.text[start:start + len(first)] == first


def test_unwrapped_text_is_left_alone():
    text = "\n".join(PROSE["en"] + ["Short line.", "Another short one."])
    assert reflow(text).text == text


def test_markdown_joins_soft_breaks_and_keeps_hard_ones():
    text = "One line\nand its continuation.\nA hard break  \nafter it.\\\nEnd."
    assert reflow(text, markdown=True).text == (
        "One line and its continuation. A hard break\nafter it.\\\nEnd."
    )


def _one_paragraph(*lines: str) -> str:
    """A wrapped paragraph (its lines as given) inside enough wrapped prose to show the width."""
    return wrapped("en", 60) + "\n\n" + "\n".join(lines) + "\n\n" + wrap(PROSE["en"][1], 60)


def _joined(*lines: str) -> str:
    return reflow(_one_paragraph(*lines)).text.split("\n\n")[3]


def test_hyphen_of_a_word_used_elsewhere_is_removed():
    lines = ["The international committee met again. It said the inter-",
             "national response to the crisis was far too slow this year."]
    assert "said the international response" in _joined(*lines)


def test_real_hyphens_stay():
    lines = ["It is now a commonly accepted and widely discussed well-",
             "known fact that the long-term plans of the committee were",
             "drawn up over many months by a rather stubborn self-",
             "made man whose name was printed in the last two years' Max-",
             "Planck report on the state of the regional libraries."]
    joined = _joined(*lines)
    assert "discussed well-known fact" in joined
    assert "stubborn self-made man" in joined
    assert "two years' Max-Planck report" in joined


def test_clearly_split_word_loses_its_hyphen():
    lines = ["The committee found the results of the study quite extra-",
             "ordinary, and asked for a second round of measurements."]
    assert "quite extraordinary, and" in _joined(*lines)


def test_hyphen_stays_when_the_second_half_is_a_word_of_its_own():
    lines = ["The committee has always preferred to take the long-",
             "term view; the term is used often in this report anyway."]
    assert "take the long-term view" in _joined(*lines)


def test_soft_hyphen_at_line_end_joins_the_word():
    lines = ["The committee published the results of the study in a re\u00ad",
             "port that nobody outside the council has read so far this year."]
    assert "study in a report that" in _joined(*lines)


EMAIL = """\
On Monday, Ann Smith wrote:
> The committee will meet again next week to discuss the budget for
> the libraries, and we expect a decision before the end of the
> month.
>
> > Can we have the figures for the northern districts before the
> > meeting, so that everyone has time to read them carefully?
>
> Regards, Ann

Thanks Ann. I agree with the plan and will send the numbers before
the meeting on Thursday so that everyone can read them in advance.
"""


def test_email_quotes_join_per_depth():
    lines = reflow(EMAIL).text.split("\n")
    assert lines == [
        "On Monday, Ann Smith wrote:",
        "> The committee will meet again next week to discuss the budget for the libraries, "
        "and we expect a decision before the end of the month.",
        ">",
        "> > Can we have the figures for the northern districts before the meeting, so that "
        "everyone has time to read them carefully?",
        ">",
        "> Regards, Ann",
        "",
        "Thanks Ann. I agree with the plan and will send the numbers before the meeting on "
        "Thursday so that everyone can read them in advance.",
        "",
    ]


POEM = """\
The Library at Night

Shelves of silent paper stand
Row on row across the land,
Waiting for a reader's hand,
Patient as the sea and sand.

Every book a sleeping door,
Every page a quiet shore."""


def test_a_poem_keeps_its_lines():
    flowed = reflow(POEM)
    assert flowed.text == POEM
    assert [kind for kind, _ in flowed.hints].count("verse") == 6


def test_a_poem_inside_wrapped_prose_keeps_its_lines():
    stanza = POEM.split("\n\n")[1]
    text = wrapped("en", 72) + "\n\n" + stanza + "\n\n" + wrap(PROSE["en"][0], 72)
    assert stanza in reflow(text).text


def test_lists_headings_tables_and_code_stay():
    text = (
        "# Budget\n\n" + wrap(PROSE["en"][0], 60) + "\n\n"
        "Shopping list\n"
        "- bread\n- milk for the whole family, enough for the week and\n"
        "  the weekend as well\n"
        "1. first\n2. second\n\n"
        "| a | b |\n| c | d |\n\n"
        "```\nfor x in range(3):\n    print(x)\n```\n\n"
        "    indented = code(block)\n    return indented\n\n" + wrap(PROSE["en"][1], 60)
    )
    lines = reflow(text).text.split("\n")
    assert lines[:3] == ["# Budget", "", PROSE["en"][0]]
    assert "- milk for the whole family, enough for the week and the weekend as well" in lines
    for line in ("Shopping list", "- bread", "1. first", "2. second", "| a | b |", "| c | d |",
                 "for x in range(3):", "    print(x)", "    indented = code(block)",
                 "    return indented", PROSE["en"][1]):
        assert line in lines


def test_hints_name_each_line():
    text = "# Budget\n\n- bread\n- milk\n\n> quoted\n\n```\ncode()\n```\n\n" + wrapped("en", 60)
    hints = reflow(text).hints
    assert hints[:7] == (("heading", "# Budget"), ("item", "- bread"), ("item", "- milk"),
                         ("quote", "> quoted"), ("code", "```"), ("code", "code()"),
                         ("code", "```"))
    assert [kind for kind, _ in hints[7:]] == ["text"] * len(PROSE["en"])


def test_first_line_indent_starts_a_paragraph():
    first, second = (wrap(p, 60).split("\n") for p in PROSE["en"][:2])
    text = "\n".join(["    " + first[0], *first[1:], "    " + second[0], *second[1:]])
    assert reflow(text).text.split("\n") == PROSE["en"][:2]
