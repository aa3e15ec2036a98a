"""The CTranslate2 entity backend on tiny real BERT models: same spans as transformers in
float32, a copy made once in the cache, tagging without torch, and int8 kept honest."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader.errors import CorruptModel
from reader.nlp.entities import load_tagger
from reader.nlp.entities.tagger import default_backend
from reader.nlp.models import ct2_encoder
from tests.unit._bert import tiny_bert

TEXTS = (
    "  President Angela Merkel met Kowalczykowski of the United Nations in Zürich, café "
    "Москва 🙂 on Monday. The United Nations and Google spoke in Berlin about [bold] news.",
    "Élodie Müller traf Владимир Путин in Zürich 🙂 und Москва.\nДата: понедельник — café "
    "«Élysée» 👩‍👩‍👧 Ünal.\n\n\tZoë and Łukasz spoke.",
)


@pytest.fixture(scope="session")
def random_model(tmp_path_factory):
    return tiny_bert(tmp_path_factory, "random")


def spans_of(tagger, text):
    return [(s.start, s.end, s.label, round(s.score, 4)) for s in tagger.tag(text)]


def test_bert_models_default_to_ctranslate2(random_model, tmp_path):
    assert default_backend(random_model) == "ctranslate2"
    assert load_tagger(model=str(random_model)).backend == "ctranslate2"
    other = tmp_path / "distil"
    other.mkdir()
    (other / "config.json").write_text(json.dumps(
        {"model_type": "distilbert", "architectures": ["DistilBertForTokenClassification"]}))
    assert default_backend(other) == "transformers"


@pytest.mark.parametrize("aggregation", ["simple", "first"])
def test_float32_copy_gives_the_spans_of_the_model_itself(random_model, seed_path, aggregation):
    from reader.library.sources import load

    copy = load_tagger(model=str(random_model), backend="ctranslate2", quantize=False,
                       aggregation=aggregation)
    model = load_tagger(model=str(random_model), backend="transformers", aggregation=aggregation)
    for text in (*TEXTS, load(seed_path).text):
        want = spans_of(model, text)
        assert len(want) >= 5
        got = spans_of(copy, text)
        assert [g[:3] for g in got] == [w[:3] for w in want]
        assert [g[3] for g in got] == pytest.approx([w[3] for w in want], abs=1e-3)


def test_the_copy_is_made_once_in_the_cache(random_model, monkeypatch):
    from reader import locations

    load_tagger(model=str(random_model))
    copies = list((locations.cache_dir() / "ct2").iterdir())
    assert len(copies) == 1 and ct2_encoder.is_encoder_copy(copies[0])

    def refuse(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(ct2_encoder, "convert_encoder", refuse)
    assert load_tagger("de", model=str(random_model)).tag(TEXTS[0])


def test_tagging_with_the_copy_imports_no_torch(random_model):
    load_tagger(model=str(random_model))  # makes the copy in this test's cache
    code = (
        "import sys\n"
        "from reader.nlp.entities import load_tagger\n"
        f"tagger = load_tagger(model={str(random_model)!r})\n"
        f"assert tagger.tag({TEXTS[0]!r})\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_int8_copy_keeps_offsets_and_labels(random_model):
    quick = load_tagger(model=str(random_model), quantize=True)
    exact = load_tagger(model=str(random_model), quantize=False)
    assert quick.identity != exact.identity, "int8 results are cached apart from float32"
    for text in TEXTS:
        spans = quick.tag(text)
        assert spans
        assert all(text[s.start:s.end] == s.text for s in spans)
        assert {s.label for s in spans} <= set(exact.labels)


def test_a_broken_copy_is_a_clear_error(random_model):
    from reader import locations
    from reader.nlp.entities import ct2_backend

    load_tagger(model=str(random_model))
    copy = next((locations.cache_dir() / "ct2").iterdir())
    (copy / "model.bin").write_bytes(b"not a model")
    ct2_backend._loaded.clear()  # as in a new process
    with pytest.raises(CorruptModel, match=copy.name):
        load_tagger(model=str(random_model))
