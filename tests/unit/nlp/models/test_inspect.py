"""inspect_folder: what a folder is recognised as, and the one-line reason when it is unusable."""

from __future__ import annotations

import json
import struct
import subprocess
import sys

import pytest

from reader.errors import CorruptModel
from reader.nlp.models import ANY, UnsupportedModel, check_safetensors, inspect_folder
from tests.unit import _model_folders as make


def reason(folder) -> str:
    with pytest.raises(CorruptModel) as caught:
        inspect_folder(folder)
    message = str(caught.value)
    assert "\n" not in message
    assert str(folder) in message
    return message


def test_marian_pair_from_tokenizer_config(tmp_path):
    record = inspect_folder(make.marian(tmp_path / "my-model", "fr", "en"))
    assert (record.task, record.languages, record.family) == ("translation", ("fr", "en"), "marian")
    assert record.backend == "transformers" and record.ct2_path is None
    assert record.name == "my-model" and record.size > 0


def test_three_letter_codes_become_iso_639_1(tmp_path):
    assert inspect_folder(make.marian(tmp_path / "m", "eng", "deu")).languages == ("en", "de")


def test_pair_from_folder_name_when_tokenizer_config_is_silent(tmp_path):
    record = inspect_folder(make.marian(tmp_path / "opus-mt-de-fr", None, None))
    assert record.languages == ("de", "fr")


def test_catalog_name_wins_over_tokenizer_config(tmp_path):
    folder = make.marian(tmp_path / "snapshot", "xx", "yy")
    record = inspect_folder(folder, source="Helsinki-NLP/opus-mt-en-vi")
    assert record.languages == ("en", "vi") and record.source == "Helsinki-NLP/opus-mt-en-vi"


def test_unknown_pair_asks_for_languages(tmp_path):
    message = reason(make.marian(tmp_path / "mystery", None, None))
    assert "--language SRC --language TGT" in message


def test_explicit_languages_override(tmp_path):
    record = inspect_folder(make.marian(tmp_path / "mystery", None, None), languages=["en", "vi"])
    assert record.languages == ("en", "vi")


def test_nllb_and_m2m100_are_many_to_many(tmp_path):
    nllb = inspect_folder(make.nllb(tmp_path / "big"))
    m2m = inspect_folder(make.nllb(tmp_path / "m2m", tokenizer_class="M2M100Tokenizer"))
    assert (nllb.family, nllb.languages) == ("nllb", (ANY, ANY))
    assert (m2m.family, m2m.languages) == ("m2m100", (ANY, ANY))


def test_token_classification_is_ner(tmp_path):
    record = inspect_folder(make.bert(tmp_path / "tagger"))
    assert (record.task, record.languages, record.family) == ("ner", (ANY,), "bert")


def test_ner_languages_from_catalog_folder_name_and_sidecar(tmp_path):
    assert inspect_folder(make.bert(tmp_path / "bert-base-NER")).languages == ("en",)
    folder = make.bert(tmp_path / "german")
    (folder / "reader.json").write_text(json.dumps({"languages": ["de"]}), encoding="utf-8")
    assert inspect_folder(folder).languages == ("de",)


def test_ct2_only_folder(tmp_path):
    record = inspect_folder(make.ct2(tmp_path / "opus-mt-en-de-ct2"), languages=["en", "de"])
    assert record.backend == "ctranslate2" and record.ct2_path == record.path
    assert record.backends == ("ctranslate2",)


def test_converted_copy_in_ct2_subfolder(tmp_path):
    folder = make.marian(tmp_path / "m")
    make.ct2(folder / "ct2")
    record = inspect_folder(folder)
    assert record.ct2_path == folder / "ct2"
    assert record.backends == ("ctranslate2", "transformers")


def test_ct2_without_vocabulary(tmp_path):
    folder = make.ct2(tmp_path / "c")
    (folder / "shared_vocabulary.json").unlink()
    assert "vocabulary shared_vocabulary.json is missing" in reason(folder)


def test_missing_config(tmp_path):
    folder = make.marian(tmp_path / "m")
    (folder / "config.json").unlink()
    assert "config.json is missing" in reason(folder)


def test_pickle_weights_only_are_refused(tmp_path):
    folder = make.marian(tmp_path / "m")
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(b"PK\x03\x04pickle")
    message = reason(folder)
    assert "weights only as pytorch_model.bin (a pickle)" in message
    assert "never loads at run time" in message and "models add` converts it once" in message
    assert inspect_folder(folder, pickle_ok=True).family == "marian"  # to be converted
    (folder / "pytorch_model.bin").unlink()
    (folder / "tf_model.h5").write_bytes(b"weights")
    assert "weights only as tf_model.h5; reader loads safetensors only" in reason(folder)


def test_no_weights_at_all(tmp_path):
    folder = make.bert(tmp_path / "b")
    (folder / "model.safetensors").unlink()
    assert "model.safetensors is missing" in reason(folder)


@pytest.mark.parametrize("keep", [0, 5, 8, 40, -1])
def test_truncated_safetensors(tmp_path, keep):
    folder = make.marian(tmp_path / "m")
    weights = folder / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[:keep] if keep >= 0 else data[:-1])
    message = reason(folder)
    assert "model.safetensors" in message and "truncated" in message


def test_safetensors_with_trailing_bytes_or_garbage_header(tmp_path):
    folder = make.marian(tmp_path / "m")
    weights = folder / "model.safetensors"
    weights.write_bytes(weights.read_bytes() + b"extra")
    assert "its header says" in reason(folder)
    weights.write_bytes(struct.pack("<Q", 4) + b"{{{{")
    assert "unreadable safetensors header" in reason(folder)


@pytest.mark.ml
def test_real_safetensors_files_pass(tmp_path):
    import numpy as np
    from safetensors.numpy import save_file

    path = tmp_path / "w.safetensors"
    save_file({"a": np.zeros((3, 5), np.float32), "b": np.ones(7, np.int64)}, str(path))
    check_safetensors(tmp_path, path)
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(CorruptModel, match="truncated"):
        check_safetensors(tmp_path, path)


def test_sharded_weights_need_every_shard(tmp_path):
    folder = make.bert(tmp_path / "b")
    (folder / "model.safetensors").rename(folder / "model-00001-of-00002.safetensors")
    index = {"weight_map": {"a": "model-00001-of-00002.safetensors",
                            "b": "model-00002-of-00002.safetensors"}}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index), encoding="utf-8")
    assert "model-00002-of-00002.safetensors is missing" in reason(folder)
    make.write_safetensors(folder / "model-00002-of-00002.safetensors")
    assert inspect_folder(folder).task == "ner"


@pytest.mark.parametrize("missing", ["target.spm", "vocab.json"])
def test_missing_marian_tokenizer_file(tmp_path, missing):
    folder = make.marian(tmp_path / "m")
    (folder / missing).unlink()
    assert f"tokenizer file {missing} is missing" in reason(folder)


def test_empty_tokenizer_file(tmp_path):
    folder = make.marian(tmp_path / "m")
    (folder / "source.spm").write_bytes(b"")
    assert "tokenizer file source.spm is empty" in reason(folder)


def test_bert_without_any_tokenizer(tmp_path):
    folder = make.bert(tmp_path / "b")
    (folder / "vocab.txt").unlink()
    assert "tokenizer file tokenizer.json is missing" in reason(folder)


def test_broken_config_and_unsupported_architecture(tmp_path):
    folder = make.bert(tmp_path / "b")
    (folder / "config.json").write_text("{not json", encoding="utf-8")
    assert "config.json is not valid JSON" in reason(folder)
    (folder / "config.json").write_text(json.dumps({"architectures": ["GPT2LMHeadModel"]}))
    with pytest.raises(UnsupportedModel, match="GPT2LMHeadModel"):
        inspect_folder(folder)


def test_not_a_folder(tmp_path):
    assert "does not exist" in reason(tmp_path / "nowhere")
    (tmp_path / "file").write_text("x")
    assert "is not a folder" in reason(tmp_path / "file")


def test_validation_never_imports_torch(tmp_path):
    folder = make.marian(tmp_path / "m")
    code = (
        "import sys\nfrom reader.nlp.models import inspect_folder\n"
        f"print(inspect_folder({str(folder)!r}).task)\n"
        "print([m for m in ('torch', 'transformers', 'safetensors', 'ctranslate2') "
        "if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["translation", "[]"]


def test_sidecar_values_of_the_wrong_shape(tmp_path):
    folder = make.bert(tmp_path / "tagger")
    (folder / "reader.json").write_text(json.dumps({"languages": "fr", "name": 3, "source": []}))
    record = inspect_folder(folder)
    assert (record.languages, record.name, record.source) == (("fr",), "tagger", None)


def test_one_language_is_not_a_pair(tmp_path):
    message = reason_with(make.marian(tmp_path / "m", None, None), languages=["en"])
    assert "needs two languages, got en" in message


def reason_with(folder, **kwargs) -> str:
    with pytest.raises(CorruptModel) as caught:
        inspect_folder(folder, **kwargs)
    return str(caught.value)
