"""The shared sentence splitter: offsets, paragraphs, and use from several threads."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from reader.nlp.sentences import split


def test_offsets_index_the_text(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    sentences = split(text)
    assert len(sentences) > 10
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert "\n" not in s.text


def test_sentences_never_cross_lines_and_nothing_is_lost():
    text = "First line. Second sentence!\nNo final stop here\n\nLast one? Yes."
    pieces = [s.text for s in split(text)]
    assert pieces == ["First line.", "Second sentence!", "No final stop here", "Last one?", "Yes."]


def test_unknown_language_uses_the_english_rules():
    assert [s.text for s in split("Xin chào. Tạm biệt.", "vi")] == ["Xin chào.", "Tạm biệt."]


def test_threads_get_the_same_result(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    expected = split(text)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: split(text), range(60)))
    assert all(r == expected for r in results)


PATHOLOGICAL = {
    "dots": ". . . " * 20000,
    "abbreviations": "Mr. Dr. Prof. U.S.A. e.g. i.e. " * 4000,
    "one long line without ends": "word " * 50000,
    "one long word": "x" * 30000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_paragraphs_split_into_bounded_sentences(text):
    from reader.nlp.sentences import PIECE_CHARS

    found = split(text)
    assert found and all(text[s.start : s.end] == s.text for s in found)
    assert max(len(s.text) for s in found) <= PIECE_CHARS
    covered = "".join(text[s.start : s.end] for s in found)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_pieces_are_cut_after_a_sentence_end_when_there_is_one():
    from reader.nlp.sentences import chunks

    paragraph = "A short sentence here. " * 100
    pieces = chunks(paragraph, size=100)
    assert "".join(piece for _, piece in pieces) == paragraph
    assert all(len(piece) <= 100 for _, piece in pieces)
    assert all(piece.endswith(". ") for _, piece in pieces[:-1])
    assert [offset for offset, _ in pieces] == [paragraph.index(p, o) for o, p in pieces]


def test_text_past_the_careful_budget_is_split_at_punctuation(monkeypatch):
    from reader.nlp import sentences

    text = "Mr. Smith went home. He slept.\n" * 4
    monkeypatch.setattr(sentences, "PYSBD_CHARS", 40)
    found = [s.text for s in split(text)]
    assert found[:2] == ["Mr. Smith went home.", "He slept."]
    assert found[-3:] == ["Mr.", "Smith went home.", "He slept."]


def test_split_cached_keeps_the_offsets_under_the_content_id(tmp_path, monkeypatch):
    from reader.library.store import Store
    from reader.nlp import sentences

    text = "One sentence here. Another one follows.\nA new line."
    with Store(tmp_path / "state.sqlite3") as store:
        first = sentences.split_cached(text, "en", store=store, content_id="c1")
        assert first == sentences.split(text, "en")
        monkeypatch.setattr(sentences, "split", lambda *a: [])
        assert sentences.split_cached(text, "en", store=store, content_id="c1") == first
        assert sentences.split_cached(text, "de", store=store, content_id="c1") == []
        # offsets that do not fit the text (another text under the same id) are not used
        assert sentences.split_cached("Short.", "en", store=store, content_id="c1") == []
