"""Summaries: verbatim sentences with offsets, in order, for every algorithm and size."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.library.blocks import locate
from reader.nlp.sentences import split
from reader.nlp.summary.candidates import candidates
from reader.nlp.summary.summarize import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    DEFAULT_SENTENCES,
    Summary,
    summarize,
    summary_size,
)

GERMAN = (
    "Die Stadt Leipzig plant einen neuen Radweg entlang der Elster.\n"
    "Der Stadtrat hat den Plan am Dienstag mit großer Mehrheit beschlossen. "
    "Der Radweg soll zwölf Kilometer lang werden und mehrere Stadtteile verbinden. "
    "Anwohner begrüßen die Pläne, fürchten aber Lärm während der Bauarbeiten.\n"
    "Die Kosten werden auf rund acht Millionen Euro geschätzt. "
    "Ein Teil des Geldes kommt vom Land Sachsen. "
    "Die Bauarbeiten am Radweg sollen im nächsten Frühjahr beginnen.\n"
    "Radfahrer in Leipzig fordern seit Jahren bessere Wege. "
    "Der neue Radweg gilt als wichtiger Schritt für die Verkehrswende der Stadt."
)
CHINESE = (
    "北京市政府今天宣布了新的空气污染治理计划。"
    "该计划要求在三年内将细颗粒物浓度降低百分之二十。"
    "专家认为，空气污染治理需要工业和交通部门共同努力。\n"
    "为了实现目标，北京将关闭部分高污染工厂。"
    "同时，政府将增加公共交通的投入，鼓励市民绿色出行。"
    "一些企业担心新的计划会增加生产成本。\n"
    "市民普遍欢迎这项空气污染治理计划。"
    "他们希望北京的蓝天能够越来越多。"
)


@pytest.fixture(scope="module")
def seed_text(request) -> str:
    from tests.conftest import SEEDS

    return sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")


def _check(summary: Summary, text: str, count: int) -> None:
    assert len(summary.sentences) == count
    for sentence in summary.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text and sentence.text
    starts = [s.start for s in summary.sentences]
    assert starts == sorted(set(starts)), "sentences must be distinct and in document order"
    assert set(summary.sentences) <= set(split(text))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("count", [1, 3, 5])
def test_every_algorithm_returns_verbatim_sentences_in_order(seed_text, algorithm, count):
    summary = summarize(seed_text, "en", algorithm, sentences=count)
    assert summary.algorithm == algorithm and summary.language == "en"
    assert summary.note is None
    _check(summary, seed_text, count)


def test_algorithms_do_not_all_agree(seed_text):
    picks = {summarize(seed_text, "en", a, sentences=3).sentences for a in ALGORITHMS}
    assert len(picks) > 1


def test_defaults(seed_text):
    summary = summarize(seed_text)
    assert summary.algorithm == DEFAULT_ALGORITHM == "lexrank"
    _check(summary, seed_text, DEFAULT_SENTENCES)


def _candidates(text: str) -> list:
    sentences = split(text)
    chosen, _ = candidates(sentences, locate(text), "en")
    return [sentences[i] for i in chosen]


def test_ratio_picks_a_share_of_the_candidate_sentences(seed_text):
    total = len(_candidates(seed_text))
    assert 10 <= total < len(split(seed_text))
    half = summarize(seed_text, ratio=0.5)
    _check(half, seed_text, round(total / 2 + 0.01))
    _check(summarize(seed_text, ratio=0.001), seed_text, 1)
    _check(summarize(seed_text, ratio=1.0), seed_text, total)


def test_never_more_sentences_than_the_article_has(seed_text):
    total = len(split(seed_text))
    summary = summarize(seed_text, "en", "lsa", sentences=total + 50)
    assert list(summary.sentences) == _candidates(seed_text)


@pytest.mark.parametrize(
    ("total", "sentences", "ratio", "expected"),
    [(10, None, None, 3), (2, None, None, 2), (10, 4, None, 4), (10, None, 0.25, 3),
     (10, None, 0.04, 1), (0, 3, None, 0), (7, None, 1, 7)],
)
def test_summary_size(total, sentences, ratio, expected):
    assert summary_size(total, sentences, ratio) == expected


@pytest.mark.parametrize(
    "kwargs",
    [{"sentences": 0}, {"sentences": -2}, {"sentences": 2.5}, {"sentences": True},
     {"ratio": 0}, {"ratio": 1.5}, {"ratio": -0.1}, {"sentences": 2, "ratio": 0.5}],
)
def test_impossible_lengths_are_user_errors(seed_text, kwargs):
    with pytest.raises(ReaderError):
        summarize(seed_text, **kwargs)


def test_unknown_algorithm_lists_the_valid_ones(seed_text):
    with pytest.raises(ValueError) as caught:
        summarize(seed_text, algorithm="bogus")
    assert isinstance(caught.value, ReaderError)
    for name in ALGORITHMS:
        assert name in str(caught.value)
    assert summarize(seed_text, algorithm=" LexRank ").algorithm == "lexrank"


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_german_uses_stemmer_and_stop_words(algorithm):
    summary = summarize(GERMAN, "de", algorithm, sentences=3)
    assert summary.language == "de" and summary.note is None
    _check(summary, GERMAN, 3)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_chinese(algorithm):
    summary = summarize(CHINESE, "zh", algorithm, sentences=2)
    _check(summary, CHINESE, 2)
    assert summary.note is None  # words are segmented, and Chinese has nothing to stem
    assert all("。" in s.text for s in summary.sentences)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_language_without_resources_is_summarized_neutrally(seed_text, algorithm):
    summary = summarize(seed_text, "vi", algorithm, sentences=2)
    _check(summary, seed_text, 2)
    assert summary.note == "no stemmer or stop words for vi: language-neutral summary"


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("text", ["", "   \n\n  ", "Only one sentence here.", "…", "1. 2. 3."])
def test_tiny_texts(algorithm, text):
    summary = summarize(text, "en", algorithm, sentences=3)
    _check(summary, text, len(split(text)))


def test_wordless_sentences_fall_back_to_the_first_ones():
    text = "— — —\n!!! ???\n… … …\n*** ###"
    summary = summarize(text, "en", "lexrank", sentences=2)
    _check(summary, text, 2)
    assert summary.sentences == tuple(split(text)[:2])
    assert summary.note and "first" in summary.note


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_repeated_sentences_keep_their_own_offsets(algorithm):
    block = "The river flooded the old town. Rescue teams arrived at dawn. Nobody was hurt.\n"
    text = block * 4 + "The mayor thanked the rescue teams in the flooded town.\n"
    summary = summarize(text, "en", algorithm, sentences=6)
    _check(summary, text, 6)


def test_title_feeds_edmundson(seed_text):
    plain = summarize(seed_text, "en", "edmundson", sentences=2)
    titled = summarize(seed_text, "en", "edmundson", sentences=2, title="Cernobbio forum")
    _check(titled, seed_text, 2)
    assert any("Cernobbio" in s.text for s in titled.sentences)
    assert plain.sentences != titled.sentences


@pytest.mark.parametrize("language", ["EN", "en-GB", "de_DE", "", "xx"])
def test_odd_language_codes_never_crash(seed_text, language):
    _check(summarize(seed_text, language, sentences=2), seed_text, 2)


@pytest.mark.parametrize(
    ("algorithm", "original"),
    [("kl", ("sumy.summarizers.kl", "KLSummarizer")),
     ("sumbasic", ("sumy.summarizers.sum_basic", "SumBasicSummarizer")),
     ("lexrank", ("sumy.summarizers.lex_rank", "LexRankSummarizer")),
     ("textrank", ("sumy.summarizers.text_rank", "TextRankSummarizer")),
     ("reduction", ("sumy.summarizers.reduction", "ReductionSummarizer"))],
)
def test_faster_summarizers_pick_what_sumy_picks(seed_text, monkeypatch, algorithm, original):
    from reader.nlp.summary import summarize as module

    texts = [seed_text, GERMAN, seed_text + "\n" + seed_text.upper()]
    ours = [[summarize(t, "en", algorithm, sentences=n) for n in range(1, 7)] for t in texts]
    monkeypatch.setitem(module._CLASSES, algorithm, original)
    theirs = [[summarize(t, "en", algorithm, sentences=n) for n in range(1, 7)] for t in texts]
    assert ours == theirs
    assert len({s.sentences for row in ours for s in row}) > 6


@pytest.mark.parametrize("bounded", [False, True], ids=["all words", "linking words only"])
@pytest.mark.parametrize("name", ["TextRank", "Reduction"])
def test_matrix_ratings_equal_sumy_ratings_exactly(seed_text, monkeypatch, name, bounded):
    from sumy.summarizers import reduction, text_rank

    from reader.nlp.summary import speedups
    from reader.nlp.summary.summarize import _document
    from reader.nlp.summary.tokenize import WordTokenizer, language_tools

    tools = language_tools("en")
    text = seed_text + "\n" + GERMAN + "\n" + seed_text
    document = _document(text, split(text), WordTokenizer("en"), None)
    original = {"TextRank": text_rank, "Reduction": reduction}[name]
    ours = getattr(speedups, f"Matrix{name}Summarizer")(tools.stemmer)
    theirs = getattr(original, f"{name}Summarizer")(tools.stemmer)
    ours.stop_words = theirs.stop_words = tools.stop_words
    if bounded:  # only words in two sentences or more fit under the cap: still exact
        bags = [ours._to_words_set(s) for s in document.sentences]
        linking = len(speedups._linking_terms(bags, 10**9))
        assert linking < len({w for bag in bags for w in bag})
        monkeypatch.setattr(speedups, "MAX_MATRIX_CELLS", len(bags) * linking)
    mine, sumys = ours.rate_sentences(document), theirs.rate_sentences(document)
    assert [mine[s] for s in document.sentences] == [sumys[s] for s in document.sentences]
    assert len(set(mine.values())) > 10


@pytest.mark.parametrize("algorithm", ["lexrank", "textrank", "reduction", "lsa"])
def test_past_the_matrix_cap_the_summary_still_comes_from_numpy(seed_text, monkeypatch,
                                                                 algorithm):
    from reader.nlp.summary import speedups

    text = seed_text + "\n" + GERMAN
    unbounded = summarize(text, "en", algorithm, sentences=4)
    monkeypatch.setattr(speedups, "MAX_MATRIX_CELLS", 200)
    bounded = summarize(text, "en", algorithm, sentences=4)
    assert len(bounded.sentences) == 4 and bounded.note == unbounded.note
    def never(*args):
        raise AssertionError("sumy's pairwise loops ran")

    for name, method in (("LexRankSummarizer", "_create_matrix"),
                         ("TextRankSummarizer", "_create_matrix"),
                         ("ReductionSummarizer", "rate_sentences")):
        monkeypatch.setattr(getattr(speedups, name), method, never)
    assert summarize(text, "en", algorithm, sentences=4) == bounded


def test_lsa_term_weights_are_sumys(seed_text):
    import numpy
    from sumy.summarizers.lsa import LsaSummarizer

    from reader.nlp.summary.speedups import MatrixLsaSummarizer

    matrix = numpy.array([[0.0, 2, 1], [0, 1, 3], [0, 0, 1]])
    assert (MatrixLsaSummarizer()._compute_term_frequency(matrix.copy())
            == LsaSummarizer()._compute_term_frequency(matrix.copy())).all()
