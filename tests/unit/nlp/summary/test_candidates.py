"""Only whole sentences of the body compete for a summary, in every algorithm."""

from __future__ import annotations

import pytest

from reader.library import sources
from reader.library.article import Block, Sentence
from reader.nlp.summary.candidates import NO_BODY, NO_SENTENCES, candidates, is_sentence
from reader.nlp.summary.summarize import ALGORITHMS, summarize
from tests.unit._documents import (
    CODE_POST, LISTS, NEWS, POEM, as_html, as_markdown, as_text, whole_body_sentence,
    whole_sentence_of,
)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The council voted to double the budget.", "en", True),
        ("Choir!", "en", False),
        ("(45 mins)", "en", False),
        ("Schredder statt Ofen", "de", False),
        ("Je est un autre", "fr", False),
        ("The council voted to double the budget", "en", False),  # no sentence mark
        ('He said: "We will double the budget."', "en", True),
        ("Hän tuli kotiin eilen.", "fi", True),
        ("市议会批准了新的图书馆预算。", "zh", True),
        ("图书馆预算", "zh", False),
        ("ชาวบ้านต่างยินดีกับการตัดสินใจครั้งนี้เป็นอย่างมาก", "th", True),  # Thai: no marks
        ("Совет утвердил новый бюджет библиотек.", "ru", True),
        ("مجلس المدينة وافق على الميزانية الجديدة؟", "ar", True),
        ("नगर परिषद ने नया बजट मंजूर किया।", "hi", True),
    ],
)
def test_what_reads_as_a_sentence(text, language, expected):
    assert is_sentence(text, language) is expected


def _sentences(text: str) -> list[Sentence]:
    from reader.nlp.sentences import split

    return split(text)


def test_candidates_loosen_step_by_step():
    text = "Title\n- The first item is a whole sentence.\nA paragraph without an end"
    found = _sentences(text)
    blocks = (Block(0, 5, "heading"), Block(6, 44, "item"), Block(45, len(text), "paragraph"))
    assert candidates(found, blocks, "en") == ([1], NO_BODY)
    blocks = (Block(0, 5, "heading"), Block(6, 44, "item"), Block(45, len(text), "heading"))
    assert candidates(found, blocks, "en") == ([1], NO_BODY)
    assert candidates(found[:1] + found[2:], blocks, "en") == ([0, 1], NO_SENTENCES)
    assert candidates([], (), "en") == ([], None)


def _load(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return sources.load(path)


FORMS = {
    "wrapped60.txt": lambda doc: as_text(doc, 60),
    "wrapped80.txt": lambda doc: as_text(doc, 80),
    "md": as_markdown,
    "html": as_html,
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name", ["news", "lists", "code"])
def test_samples_summarise_into_whole_body_sentences(tmp_path, name, form):
    document = {"news": NEWS, "lists": LISTS, "code": CODE_POST}[name]
    article = _load(tmp_path, f"{name}.{form}", FORMS[form](document))
    for algorithm in ALGORITHMS:
        summary = summarize(article.text, article.language, algorithm, sentences=4,
                            title=article.title, blocks=article.blocks)
        assert len(summary.sentences) == 4
        for sentence in summary.sentences:
            assert whole_body_sentence(sentence.text, document), (algorithm, sentence.text)


def test_without_candidates_fragments_would_win(tmp_path):
    """The samples are hard: with every line competing, headings and items get chosen."""
    article = _load(tmp_path, "lists.md", as_markdown(LISTS))
    everything = tuple(Block(b.start, b.end, "paragraph") for b in article.blocks)
    chosen = set()
    for algorithm in ALGORITHMS:
        summary = summarize(article.text, "en", algorithm, sentences=4, blocks=everything)
        chosen.update(s.text for s in summary.sentences)
    assert any(not whole_body_sentence(text, LISTS) for text in chosen)


def test_a_poem_still_gets_a_summary_with_a_note(tmp_path):
    article = _load(tmp_path, "poem.txt", as_text(POEM, 72))
    assert {b.kind for b in article.blocks} == {"heading", "verse"}
    summary = summarize(article.text, "en", "lexrank", sentences=2, blocks=article.blocks)
    assert [s.text for s in summary.sentences] == ["Patient as the sea and sand."]
    assert NO_BODY in summary.note
    lyrics = "\n".join(text.rstrip(",.") for _, text in POEM)
    summary = summarize(lyrics, "en", "lexrank", sentences=2)
    assert len(summary.sentences) == 2
    assert NO_SENTENCES in summary.note


def test_blocks_default_to_the_text_s_own_look():
    text = "Ten things to know\n\n- An item that is a whole sentence.\n\n" + (
        "The council voted on Tuesday to double the budget of the library. "
        "Residents had campaigned for it for two years.")
    summary = summarize(text, "en", "lexrank", sentences=1)
    assert summary.sentences[0].text.startswith(("The council", "Residents"))


def test_whole_sentence_judgement_itself():
    paragraph = "Python 3 is here. It is fast. Use it."
    assert whole_sentence_of("It is fast.", paragraph)
    assert whole_sentence_of("Use it.", paragraph)
    assert not whole_sentence_of("3 is here.", paragraph)
    assert not whole_sentence_of("Python 3", paragraph)
    assert not whole_sentence_of("Choir!", paragraph)
