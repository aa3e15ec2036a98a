"""The shared sentence splitter: offsets, paragraphs, and use from several threads."""

from concurrent.futures import ThreadPoolExecutor

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
