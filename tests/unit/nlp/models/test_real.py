"""Real folders as transformers saves them (tiny random models) pass the file checks, and
an added copy loads back with transformers, offline and safetensors only."""

from __future__ import annotations

import pytest

from reader.nlp import models
from tests.unit._bert import tiny_bert
from tests.unit._model_folders import tiny_marian  # noqa: F401 (session fixture)

pytestmark = pytest.mark.ml


def test_saved_marian_is_recognised(tiny_marian):  # noqa: F811
    record = models.inspect_folder(tiny_marian)
    assert (record.task, record.family, record.languages) == ("translation", "marian", ("en", "de"))
    assert record.backend == "transformers"


def test_saved_bert_is_added_and_loads_back(tmp_path_factory):
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    source = tiny_bert(tmp_path_factory)
    record = models.add(source, name="tiny-ner", languages=["en"])
    assert (record.task, record.family, record.languages) == ("ner", "bert", ("en",))
    assert models.find("ner", language="en") == record
    model = AutoModelForTokenClassification.from_pretrained(
        record.path, local_files_only=True, use_safetensors=True)
    tokenizer = AutoTokenizer.from_pretrained(record.path, local_files_only=True)
    assert model.config.id2label[1] == "B-PER"
    assert tokenizer("Paris")["input_ids"][1] != tokenizer.unk_token_id
