"""The sentence pipeline with a fake translator: alignment, order, cache, cancel, splitting."""

from __future__ import annotations

import itertools

import pytest

from reader.errors import ReaderError
from reader.library.article import Sentence
from reader.library.store import Store
from reader.nlp.sentences import split
from reader.nlp.translate import Pair, PivotTranslator, Translator, translate_sentences
from reader.nlp.translate.pipeline import split_long

TEXT = (
    "The first sentence is here. A second one follows, a little longer than the first.\n"
    "Short.\n"
    "\n"
    "A new paragraph starts. It has three sentences. The last one of them is the longest "
    "of all the sentences in this small text, by far.\n"
    "End."
)


class Fake:
    """Upper-cases; records every batch it was given."""

    backend = "fake"
    pivot = False

    def __init__(self, model_id="fake-1", settings="beams=4", target="xx"):
        self.model_id, self.settings = model_id, settings
        self.source, self.target = "en", target
        self.batches: list[list[str]] = []

    def translate(self, texts):
        self.batches.append(list(texts))
        return [t.upper() for t in texts]

    @property
    def calls(self) -> int:
        return sum(len(b) for b in self.batches)


@pytest.fixture
def sentences():
    return split(TEXT)


def test_fake_is_a_translator():
    assert isinstance(Fake(), Translator)


def test_pairs_are_one_to_one_in_document_order_with_offsets(sentences):
    fake = Fake()
    pairs = list(translate_sentences(fake, sentences, batch_size=2))
    assert [(p.start, p.end) for p in pairs] == [(s.start, s.end) for s in sentences]
    for pair in pairs:
        assert isinstance(pair, Pair)
        assert TEXT[pair.start:pair.end] == pair.source
        assert pair.target == pair.source.upper()
        assert "\n" not in pair.source
    assert fake.calls == len(sentences)
    assert len(fake.batches) > 1
    assert all(len(b) <= 2 for b in fake.batches)


def test_batches_group_sentences_of_similar_length():
    sentences = [Sentence(i * 100, i * 100 + n, "w" * n) for i, n in
                 enumerate([5, 90, 3, 80, 4, 70, 2, 60, 1])]
    fake = Fake()
    list(translate_sentences(fake, sentences, batch_size=2))
    later = fake.batches[1:]
    assert sorted(len(t) for t in later[0]) == [1, 2]
    assert sorted(len(t) for t in later[-1]) == [80, 90]


def test_second_run_and_summary_hit_the_cache(tmp_path, sentences):
    store = Store(tmp_path / "state.sqlite3")
    first = Fake()
    full = list(translate_sentences(first, sentences, store=store))
    assert first.calls == len(sentences)
    again = Fake()
    assert list(translate_sentences(again, sentences, store=store)) == full
    assert again.calls == 0
    summary = [sentences[1], sentences[4]]
    third = Fake()
    assert [p.target for p in translate_sentences(third, summary, store=store)] == [
        full[1].target, full[4].target]
    assert third.calls == 0
    store.close()


def test_other_model_or_settings_do_not_share_the_cache(tmp_path, sentences):
    store = Store(tmp_path / "state.sqlite3")
    list(translate_sentences(Fake(), sentences, store=store))
    for other in (Fake(model_id="fake-2"), Fake(settings="beams=1")):
        list(translate_sentences(other, sentences, store=store))
        assert other.calls == len(sentences)
    store.close()


def test_one_multilingual_model_keeps_each_target_apart(tmp_path, sentences):
    store = Store(tmp_path / "state.sqlite3")
    list(translate_sentences(Fake(target="es"), sentences, store=store))
    french = Fake(target="fr")
    list(translate_sentences(french, sentences, store=store))
    assert french.calls == len(sentences)
    store.close()


def test_stopping_the_generator_stops_the_work(tmp_path, sentences):
    store = Store(tmp_path / "state.sqlite3")
    fake = Fake()
    stream = translate_sentences(fake, sentences, store=store, batch_size=2)
    got = list(itertools.islice(stream, 1))
    assert got[0].source == sentences[0].text
    assert len(fake.batches) == 1
    stream.close()
    assert len(fake.batches) == 1
    done = fake.calls
    assert done < len(sentences)
    rest = Fake()
    list(translate_sentences(rest, sentences, store=store, batch_size=2))
    assert rest.calls == len(sentences) - done  # work done before the cancel was kept
    store.close()


def test_nothing_is_computed_before_the_first_pair_is_asked_for(sentences):
    fake = Fake()
    stream = translate_sentences(fake, sentences)
    assert fake.batches == []
    next(stream)
    assert len(fake.batches) == 1


def test_empty_input_yields_nothing():
    fake = Fake()
    assert list(translate_sentences(fake, [])) == []
    assert fake.batches == []


def test_a_backend_that_loses_a_sentence_is_an_error(sentences):
    class Lossy(Fake):
        def translate(self, texts):
            return super().translate(texts)[:-1]

    with pytest.raises(ReaderError, match="returned"):
        list(translate_sentences(Lossy(), sentences))


def words(text: str) -> int:
    return len(text.split()) + 1


def test_long_sentences_are_split_below_the_limit_and_rejoined():
    long = ("alpha beta gamma, delta epsilon zeta eta, theta iota kappa lambda mu nu xi "
            "omicron pi rho sigma tau upsilon, phi chi psi omega.")
    fake = Fake()
    fake.max_tokens, fake.count_tokens = 10, words
    [pair] = translate_sentences(fake, [Sentence(0, len(long), long)])
    assert len(fake.batches[0]) > 1
    assert all(words(piece) <= 5 for piece in fake.batches[0])
    assert " ".join(fake.batches[0]) == long
    assert pair.target == long.upper()
    assert pair.source == long


def test_split_without_spaces_falls_back_to_characters():
    text = "这是一个没有空格的很长的句子"
    pieces = split_long(text, len, 4)
    assert "".join(pieces) == text
    assert all(len(p) <= 4 for p in pieces)


def test_short_sentences_are_not_counted_or_split():
    def never(text):
        raise AssertionError("counted")

    assert split_long("short one", never, 100) == ["short one"]


def test_pivot_chains_two_translators():
    first, second = Fake("a-en", target="en"), Fake("en-b", target="b")
    second.translate = lambda texts: [f"<{t}>" for t in texts]
    chain = PivotTranslator(first, second)
    assert chain.pivot and chain.model_id == "a-en+en-b" and chain.target == "b"
    assert chain.translate(["x y"]) == ["<X Y>"]


def test_first_sentence_goes_alone_unless_the_caller_wants_whole_batches(sentences):
    streaming, whole = Fake(), Fake()
    list(translate_sentences(streaming, sentences, batch_size=32))
    list(translate_sentences(whole, sentences, batch_size=32, first_batch=0))
    rest = len(sentences) - 1  # what follows the first sentence is cut in two, side by side
    assert [len(b) for b in streaming.batches] == [1, (rest + 1) // 2, rest // 2]
    assert [len(b) for b in whole.batches] == [(rest + 2) // 2, (rest + 1) // 2]


class Background(Fake):
    """Translates in the background like CTranslate2: `submit` starts, calling waits."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, int]] = []

    def submit(self, texts):
        number = len(self.batches)
        self.batches.append(list(texts))
        self.events.append(("start", number))

        def wait():
            self.events.append(("wait", number))
            return [t.upper() for t in texts]

        return wait


def test_batches_after_the_first_start_before_it_is_awaited(sentences):
    background = Background()
    first = next(translate_sentences(background, sentences, batch_size=2))
    assert first.target == sentences[0].text.upper()
    assert background.events[:4] == [("start", 0), ("start", 1), ("start", 2), ("wait", 0)]


def test_a_consumer_that_stops_early_leaves_later_batches_undone(sentences):
    plain = Fake()
    pairs = translate_sentences(plain, sentences, batch_size=2)
    next(pairs)
    pairs.close()
    assert plain.batches == [[sentences[0].text]], "only the batch that was asked for"
