"""Entity tagging on tiny real BERT models: pipeline equality, offsets, chunking, cache."""

from __future__ import annotations

import pytest

from reader.errors import CorruptModel, ModelMissing
from reader.library.store import Store
from reader.nlp.entities import LABEL_NAMES, label_name, load_tagger, tag_article
from reader.nlp.sentences import split
from tests.ml import uses_ml
from tests.unit._bert import tiny_bert

SENTENCE = ("  President Angela Merkel met Kowalczykowski of the United Nations in "
            "Zürich, café Москва 🙂 on Monday.")
NON_ASCII = ("Élodie Müller traf Владимир Путин in Zürich 🙂 und Москва.\n"
             "Дата: понедельник — café «Élysée» 👩‍👩‍👧 Ünal.\n\n\tZoë and Łukasz spoke.")


@pytest.fixture(scope="session")
@uses_ml
def random_model(tmp_path_factory):
    return tiny_bert(tmp_path_factory, "random")


@pytest.fixture(scope="session")
@uses_ml
def org_model(tmp_path_factory):
    return tiny_bert(tmp_path_factory, "all-org")


@pytest.fixture(scope="session")
@uses_ml
def pipelines(random_model):
    from transformers import pipeline

    cache = {}

    def get(strategy):
        if strategy not in cache:
            cache[strategy] = pipeline("token-classification", model=str(random_model),
                                       aggregation_strategy=strategy)
        return cache[strategy]

    return get


def expected(pipe, text, shift=0):
    return [(e["start"] + shift, e["end"] + shift, e["entity_group"], float(e["score"]))
            for e in pipe(text)]


def as_tuples(spans):
    return [(s.start, s.end, s.label, s.score) for s in spans]


def assert_same(got, want):
    assert [g[:3] for g in got] == [w[:3] for w in want]
    assert [g[3] for g in got] == pytest.approx([w[3] for w in want], abs=1e-4)


def assert_exact_offsets(spans, text):
    for span in spans:
        assert text[span.start:span.end] == span.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:])), "sorted, no overlaps"


@pytest.mark.parametrize("strategy", ["simple", "first", "average", "max"])
def test_one_sentence_equals_the_pipeline(random_model, pipelines, strategy):
    tagger = load_tagger(model=str(random_model), aggregation=strategy)
    want = expected(pipelines(strategy), SENTENCE)
    assert len(want) >= 3
    assert_same(as_tuples(tag_article(tagger, SENTENCE, threshold=0.0)), want)


def test_subword_merging_differs_between_strategies(random_model):
    simple = load_tagger(model=str(random_model), aggregation="simple").tag(SENTENCE)
    first = load_tagger(model=str(random_model), aggregation="first").tag(SENTENCE)
    assert as_tuples(simple) != as_tuples(first)
    assert all(s.label in ("PER", "ORG", "LOC", "MISC") for s in simple + first)


def test_offsets_index_non_ascii_text_exactly(random_model):
    tagger = load_tagger(model=str(random_model))
    spans = tag_article(tagger, NON_ASCII, threshold=0.0)
    assert len(spans) >= 5
    assert_exact_offsets(spans, NON_ASCII)
    assert any(not s.text.isascii() for s in spans)


def test_offsets_index_the_cleaned_seed_exactly(random_model, seed_path):
    from reader.library.sources import load

    article = load(seed_path)
    spans = tag_article(load_tagger(article.language, model=str(random_model)), article.text,
                        threshold=0.0)
    assert len(spans) > 20
    assert_exact_offsets(spans, article.text)


def test_each_sentence_its_own_chunk_equals_tagging_each_sentence_alone(random_model, pipelines):
    parts = ["Angela Merkel met Emmanuel Macron today.", "Zürich café Москва is near Berlin.",
             "The United Nations spoke in Paris.", "Kowalczykowski left Google on Monday."]
    text = "  " + " ".join(parts * 3) + "\nÉlodie Müller met Владимир Путин there.\n"
    tagger = load_tagger(model=str(random_model), max_tokens=15)
    lengths = [len(tagger.tokenizer(s.text)["input_ids"]) for s in split(text)]
    assert max(lengths) <= 15 < min(a + b - 2 for a, b in zip(lengths, lengths[1:]))
    want = []
    for sentence in split(text):
        want += expected(pipelines("first"), sentence.text, sentence.start)
    got = tag_article(tagger, text, threshold=0.0)
    assert len(want) > 10
    assert_same(as_tuples(got), want)
    assert_exact_offsets(got, text)


def test_packing_several_sentences_per_chunk_keeps_offsets(random_model):
    text = " ".join(["Angela Merkel met Emmanuel Macron in Paris on Monday."] * 30)
    tagger = load_tagger(model=str(random_model), max_tokens=40, batch_size=3)
    spans = tag_article(tagger, text, threshold=0.0)
    assert_exact_offsets(spans, text)
    assert tagger.calls > 1


def test_a_sentence_longer_than_the_limit_loses_no_text(org_model):
    words = "Angela Merkel met Kowalczykowski and Emmanuel Macron in Paris".split()
    sentence = " ".join(words * 6) + "."
    text = f"Short one. {sentence} Another."
    tagger = load_tagger(model=str(org_model), max_tokens=8)
    spans = tag_article(tagger, text, threshold=0.0)
    # The all-ORG model makes each sentence one span: the long one, cut into many model
    # inputs, must come back whole.
    assert [s.text for s in spans] == ["Short one.", sentence, "Another."]
    assert tagger.calls >= 1


def test_markup_in_entity_text_is_kept_literally(org_model):
    text = "The [bold]Acme[/bold] Corp and [@click=quit]x[/] said so."
    spans = tag_article(load_tagger(model=str(org_model)), text, threshold=0.0)
    assert [s.text for s in spans] == [text]
    assert "[bold]" in spans[0].text


def test_threshold_filters_by_score(org_model, monkeypatch, tmp_path):
    tagger = load_tagger(model=str(org_model))
    text = "Acme Corp met Globex."
    kept = tag_article(tagger, text, threshold=0.5)
    assert [s.label for s in kept] == ["ORG"] and kept[0].score == pytest.approx(0.7, abs=1e-4)
    assert tag_article(tagger, text, threshold=0.75) == []
    config = tmp_path / "config.toml"
    config.write_text("entity_threshold = 0.8\n")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert tag_article(tagger, text) == []


class Counting:
    def __init__(self, tagger):
        self.inner, self.runs = tagger, 0
        self.model_id, self.labels = tagger.model_id, tagger.labels
        self.aggregation, self.identity = tagger.aggregation, tagger.identity

    def tag(self, text):
        self.runs += 1
        return self.inner.tag(text)


def test_second_call_is_served_from_the_cache(random_model, tmp_path):
    tagger = Counting(load_tagger(model=str(random_model)))
    with Store(tmp_path / "state.db") as store:
        first = tag_article(tagger, NON_ASCII, threshold=0.0, store=store, content_id="abc")
        again = tag_article(tagger, NON_ASCII, threshold=0.0, store=store, content_id="abc")
        fewer = tag_article(tagger, NON_ASCII, threshold=0.9, store=store, content_id="abc")
        assert tagger.runs == 1
        assert again == first and len(first) > 0
        assert fewer == [s for s in first if s.score >= 0.9]
        other = Counting(load_tagger(model=str(random_model), aggregation="simple"))
        tag_article(other, NON_ASCII, store=store, content_id="abc")
        assert other.runs == 1


def test_the_cache_identity_is_known_before_loading(random_model):
    from reader.nlp.entities.tagger import model_identity

    for quantize in (False, True):
        loaded = load_tagger(model=str(random_model), quantize=quantize)
        assert model_identity(model=str(random_model), quantize=quantize) == loaded.identity
    assert model_identity(model=str(random_model)) != model_identity(
        model=str(random_model), quantize=True)


def test_missing_model_names_the_install_command():
    with pytest.raises(ModelMissing) as english:
        load_tagger("en")
    assert "reader models pull ner-en" in str(english.value)
    with pytest.raises(ModelMissing) as german:
        load_tagger("de")
    assert "reader models pull ner-multi" in str(german.value)
    with pytest.raises(ModelMissing) as named:
        load_tagger(model="ner-multi")
    assert "reader models pull ner-multi" in str(named.value)


def test_corrupt_folders_are_reported(random_model, tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(random_model, broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(CorruptModel, match="model.safetensors"):
        load_tagger(model=str(broken))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CorruptModel):
        load_tagger(model=str(empty))


def test_label_names_for_the_legend():
    assert [LABEL_NAMES[k] for k in ("PER", "ORG", "LOC", "MISC")] == [
        "person", "organisation", "location", "misc"]
    assert label_name("DATE") == "date"


def test_installed_models_are_found_by_language_and_name(random_model):
    from reader.nlp import models

    models.add(random_model, name="ner-en", languages=("en",))
    assert load_tagger("en").model_id == "ner-en"
    assert load_tagger(model="ner-en").model_id == "ner-en"
    with pytest.raises(ModelMissing, match="ner-multi"):
        load_tagger("de")


def test_offsets_index_text_after_cleanup(random_model):
    from reader.library.sources import article_from_text

    raw = "Zürich\r\n\x1b[31mAngela\x1b[0m Merkel met [bold]Macron[/bold]\x07 in Москва 🙂.\r\n"
    article = article_from_text(raw, title="t", language="en")
    assert "\x1b" not in article.text
    spans = tag_article(load_tagger(model=str(random_model)), article.text, threshold=0.0)
    assert len(spans) >= 3
    assert_exact_offsets(spans, article.text)


@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_languages_sharing_a_model_share_its_weights(random_model, backend):
    german = load_tagger("de", model=str(random_model), backend=backend)
    french = load_tagger("fr", model=str(random_model), backend=backend)
    weights = "encoder" if backend == "ctranslate2" else "model"
    assert getattr(german, weights) is getattr(french, weights)
    assert (german.language, french.language) == ("de", "fr")


def test_int8_tagger_runs_quantized_linear_layers(random_model):
    import torch

    quick = load_tagger(model=str(random_model), quantize=True, backend="transformers")
    exact = load_tagger(model=str(random_model), backend="transformers")
    assert quick.model is not exact.model
    kinds = {type(m) for m in quick.model.modules()}
    assert torch.nn.Linear not in kinds
    assert any("quantized" in k.__module__ for k in kinds)
    assert_exact_offsets(quick.tag(NON_ASCII), NON_ASCII)
