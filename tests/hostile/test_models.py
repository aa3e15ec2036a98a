"""The models folder is reader's alone: `models add` copies regular files from inside the
folder only, `models remove` removes what it names, and no malformed file in a model
folder gets further than a one-line reason (nor hides the good folders beside it)."""

from __future__ import annotations

import json
import os
import struct

import pytest

from reader import locations
from reader.errors import CorruptModel
from reader.nlp import models
from tests.hostile.harness import bounded
from tests.unit import _model_folders as make


def _installed() -> list[str]:
    root = locations.models_dir()
    return sorted(p.name for p in root.iterdir() if not p.name.startswith(".")) if root.is_dir() else []


def _all_files(root) -> list[str]:
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files)


@pytest.mark.parametrize("target", ["/dev/zero", "secret"])
def test_add_refuses_a_link_that_leads_outside_the_folder(reader, tmp_path, target):
    secret = tmp_path / "secret"
    secret.write_text("root:$6$not-for-copying:19000:0:99999:7:::\n")
    folder = make.marian(tmp_path / "opus-mt-en-de")
    (folder / "extra.bin").symlink_to(secret if target == "secret" else target)
    outcome = bounded(reader("models", "add", folder, "--no-convert"))
    assert outcome.code == 1 and "extra.bin is a link to" in outcome.err
    assert "outside the model folder" in outcome.err
    assert _installed() in ([], ["manifest.json"])
    assert not any("not-for-copying" in open(f, errors="replace").read()
                   for f in _all_files(locations.models_dir()) if os.path.isfile(f))


def test_add_refuses_a_fifo_without_waiting_for_it(reader, tmp_path):
    folder = make.marian(tmp_path / "opus-mt-en-de")
    os.mkfifo(folder / "pipe.txt")
    outcome = bounded(reader("models", "add", folder, "--no-convert", limit=20))
    assert outcome.code == 1 and "pipe.txt" in outcome.err and "not a regular file" in outcome.err


@pytest.mark.ml
@pytest.mark.parametrize("layout", ["legacy pickle", "zip archive"])
def test_add_refuses_a_pickle_that_would_run_code(reader, tmp_path, layout):
    from tests.unit.nlp.models.test_pickled import evil_pickle, evil_zip

    marker = tmp_path / "ran"
    folder = make.marian(tmp_path / "opus-mt-en-de")
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(
        evil_pickle(marker) if layout == "legacy pickle" else evil_zip(marker))
    outcome = bounded(reader("models", "add", folder))
    assert outcome.code == 1 and "pytorch_model.bin refused" in outcome.err
    assert "GLOBAL os.system" in outcome.err and "nothing in it was run" in outcome.err
    assert not marker.exists()
    assert _installed() in ([], ["manifest.json"])


def test_add_copies_a_link_inside_the_folder_as_a_plain_file(tmp_path):
    folder = make.marian(tmp_path / "opus-mt-en-de")
    (folder / "spm").mkdir()
    (folder / "source.spm").rename(folder / "spm" / "source.spm")
    (folder / "source.spm").symlink_to("spm/source.spm")
    record = models.add(folder)
    copied = record.path / "source.spm"
    assert copied.is_file() and not copied.is_symlink()
    assert copied.read_bytes() == (folder / "spm" / "source.spm").read_bytes()


def test_remove_of_a_link_removes_the_link_not_the_model_it_names(tmp_path):
    real = models.add(make.marian(tmp_path / "opus-mt-en-de"))
    link = locations.models_dir() / "alias"
    link.symlink_to(real.path, target_is_directory=True)
    before = make.tree_state(real.path)
    models.remove("alias")
    assert not os.path.lexists(link)
    assert make.tree_state(real.path) == before
    assert models.get(real.name).path == real.path


def _safetensors(header: bytes, data: bytes = b"") -> bytes:
    return struct.pack("<Q", len(header)) + header + data


def _entry(offsets, shape=(2, 2), dtype="F32") -> bytes:
    return json.dumps({"w": {"dtype": dtype, "shape": list(shape), "data_offsets": offsets}}
                      ).encode()


HEADERS = {
    "200,000 [": _safetensors(b"[" * 200_000),
    "offsets [0, 'x']": _safetensors(_entry([0, "x"]), b"\0" * 16),
    "offsets [0, null]": _safetensors(_entry([0, None]), b"\0" * 16),
    "offsets [0, NaN]": _safetensors(b'{"w": {"dtype": "F32", "shape": [2, 2], '
                                     b'"data_offsets": [0, NaN]}}', b"\0" * 16),
    "offsets [0, Infinity]": _safetensors(b'{"w": {"dtype": "F32", "shape": [2, 2], '
                                          b'"data_offsets": [0, Infinity]}}', b"\0" * 16),
    "negative offsets": _safetensors(_entry([-16, 0]), b"\0" * 16),
    "a 5,000-digit offset": _safetensors(
        b'{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, ' + b"9" * 5000 + b"]}}"),
    "deeply nested metadata": _safetensors(
        b'{"__metadata__": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001),
    "shape bigger than its data": _safetensors(_entry([0, 16], shape=(4, 4)), b"\0" * 16),
    "a huge shape": _safetensors(_entry([0, 16], shape=(2**62, 2**62)), b"\0" * 16),
    "overlapping tensors": _safetensors(json.dumps({
        "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
        "b": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}).encode(), b"\0" * 16),
    "a list for a tensor": _safetensors(b'{"w": [1, 2]}'),
    "a string for metadata": _safetensors(b'{"__metadata__": "x"}'),
}


@pytest.mark.parametrize("data", HEADERS.values(), ids=HEADERS.keys())
def test_a_malformed_safetensors_header_is_refused_with_the_reason(tmp_path, data):
    folder = make.marian(tmp_path / "opus-mt-en-de")
    (folder / "model.safetensors").write_bytes(data)
    with pytest.raises(CorruptModel) as refused:
        models.inspect_folder(folder)
    assert "model.safetensors" in str(refused.value) and "\n" not in str(refused.value)


CONFIGS = {
    "5,000 nested [": "[" * 5000,
    "200,000 nested {": '{"a": ' * 200_000,
    "NaN": '{"architectures": ["MarianMTModel"], "model_type": "marian", "d": NaN}',
    "a number for architectures": '{"architectures": 5, "model_type": "marian"}',
    "not UTF-8": b'{"model_type": "marian\xff"}',
}


@pytest.mark.parametrize("text", CONFIGS.values(), ids=CONFIGS.keys())
def test_a_malformed_config_is_refused_with_the_reason_or_read_safely(tmp_path, text):
    folder = make.marian(tmp_path / "opus-mt-en-de")
    raw = text if isinstance(text, bytes) else text.encode()
    (folder / "config.json").write_bytes(raw)
    try:
        record = models.inspect_folder(folder)
    except CorruptModel as refused:
        assert "config.json" in str(refused) and "\n" not in str(refused)
    else:
        assert record.family == "marian"


def test_broken_folders_never_hide_the_good_ones(reader, tmp_path, seed_path):
    root = locations.models_dir()
    make.marian(root / "opus-mt-en-de")
    make.bert(root / "ner-en")
    for index, data in enumerate(HEADERS.values()):
        (make.marian(root / f"broken-{index}") / "model.safetensors").write_bytes(data)
    (make.marian(root / "bad-config") / "config.json").write_text("[" * 5000)
    (root / "manifest.json").write_text('{"models": ' * 100_000)
    outcome = bounded(reader("models", "--json"))
    listing = json.loads(outcome.out)
    assert sorted(m["name"] for m in listing["models"]) == ["ner-en", "opus-mt-en-de"]
    assert len(listing["problems"]) == len(HEADERS) + 1
    plain = bounded(reader("models"))
    assert plain.code == 0 and "opus-mt-en-de" in plain.out
    translate = bounded(reader("translate", seed_path, "--to", "fr"))
    assert translate.code == 1 and "could not be used" in translate.err
    (root / "ner-en" / "model.safetensors").write_bytes(HEADERS["offsets [0, null]"])
    entities = bounded(reader("entities", seed_path))
    assert entities.code == 1 and "reader models pull ner-en" in entities.err


@pytest.mark.parametrize("generation", ["[" * 5000, '{"max_length": "x"}', '{"max_length": [1]}'])
def test_odd_generation_settings_fall_back_to_the_model_limits(tmp_path, generation):
    from reader.nlp.models.ct2 import limits

    folder = make.marian(tmp_path / "opus-mt-en-de")
    (folder / "config.json").write_text('{"model_type": "marian", "max_position_embeddings": 64}')
    (folder / "generation_config.json").write_text(generation)
    assert limits(folder / "ct2", folder)["max_new_tokens"] == 64


def test_a_weight_index_cannot_name_files_outside_the_folder(tmp_path):
    folder = make.marian(tmp_path / "opus-mt-en-de")
    (tmp_path / "elsewhere.safetensors").write_bytes((folder / "model.safetensors").read_bytes())
    (folder / "model.safetensors.index.json").write_text(
        json.dumps({"weight_map": {"w": "../elsewhere.safetensors"}}))
    with pytest.raises(CorruptModel, match="outside the folder"):
        models.inspect_folder(folder)
