"""A folder whose weights are only pytorch_model.bin: `models add` reads the pickle once
through PyTorch's restricted loader and installs model.safetensors, which loads back
equal to the pickle's weights; the pickle itself is never copied, the user's folder never
changed, and a pickle that would run code is refused without running it."""

from __future__ import annotations

import importlib
import io
import zipfile
from pathlib import Path

import pytest

from reader import locations
from reader.errors import CorruptModel, MissingDependency, ReaderError
from reader.nlp import models
from tests.unit import _model_folders as make
from tests.unit._bert import tiny_bert
from tests.unit._model_folders import tiny_marian  # noqa: F401 (session fixture)

pickled = importlib.import_module("reader.nlp.models.pickled")


def evil_pickle(marker: Path) -> bytes:
    """Protocol-2 pickle bytes that would call os.system("touch MARKER") if unpickled
    without restriction: GLOBAL os.system, a one-string tuple, REDUCE. Only ever written
    to a file here, never loaded by the test itself."""
    command = f"touch {marker}".encode()
    return (b"\x80\x02cos\nsystem\nq\x00X" + len(command).to_bytes(4, "little") + command
            + b"\x85q\x01Rq\x02.")


def evil_zip(marker: Path) -> bytes:
    """The same pickle as data.pkl inside torch.save's zip layout (a real, tiny archive
    whose data.pkl is swapped): what a doctored pytorch_model.bin looks like."""
    import torch

    real = io.BytesIO()
    torch.save({"w": torch.zeros(2)}, real)
    out = io.BytesIO()
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, evil_pickle(marker) if info.filename.endswith("data.pkl")
                            else data)
    return out.getvalue()


def nothing_installed() -> bool:
    root = locations.models_dir()
    return not root.exists() or [p.name for p in root.iterdir()
                                 if p.name not in ("manifest.json", ".manifest.lock")] == []


def assert_same_weights(folder: Path, original: Path, auto_name: str) -> None:
    """transformers loads `folder` (safetensors only) with every tensor equal to
    `original`'s (safetensors too)."""
    import torch
    import transformers

    auto = getattr(transformers, auto_name)
    converted = auto.from_pretrained(folder, local_files_only=True, use_safetensors=True)
    reference = auto.from_pretrained(original, local_files_only=True, use_safetensors=True)
    ours, theirs = converted.state_dict(), reference.state_dict()
    assert ours.keys() == theirs.keys()
    assert all(torch.equal(ours[k], theirs[k]) for k in theirs)


@pytest.mark.ml
def test_add_converts_a_marian_pickle_once(tmp_path, tiny_marian):  # noqa: F811
    import torch

    source = make.pickled(tiny_marian, tmp_path / "opus-mt-en-de")
    state = torch.load(source / "pytorch_model.bin", weights_only=True)
    assert (state["lm_head.weight"].untyped_storage().data_ptr()
            == state["model.shared.weight"].untyped_storage().data_ptr())  # tied, shared
    before = make.tree_state(source)
    events = []
    record = models.add(source, convert=True,
                        progress=lambda m, d=None, t=None: events.append(m))
    assert make.tree_state(source) == before
    assert (record.task, record.languages, record.backend) == ("translation", ("en", "de"),
                                                               "transformers")
    files = {p.name for p in record.path.iterdir()}
    assert "model.safetensors" in files and not any(n.endswith(".bin") for n in files)
    assert any("to safetensors" in m for m in events)
    assert_same_weights(record.path, tiny_marian, "AutoModelForSeq2SeqLM")
    assert record.ct2_path is not None  # converted to CTranslate2 like any other model

    from reader.nlp.translate import load_translator

    text = ["Russia warned against the idea.", "Zelensky said security matters."]
    ours = load_translator("en", "de", model=record.name, backend="transformers", beams=1)
    theirs = load_translator("en", "de", model=tiny_marian, backend="transformers", beams=1)
    assert ours.translate(text) == theirs.translate(text)


@pytest.mark.ml
def test_add_converts_a_bert_pickle(tmp_path, tmp_path_factory):
    original = tiny_bert(tmp_path_factory)
    source = make.pickled(original, tmp_path / "tagger")
    record = models.add(source, name="tagger", languages=["en"])
    assert record.task == "ner" and not (record.path / "pytorch_model.bin").exists()
    assert_same_weights(record.path, original, "AutoModelForTokenClassification")


@pytest.mark.ml
def test_add_converts_sharded_pickles(tmp_path, tiny_marian):  # noqa: F811
    source = make.pickled(tiny_marian, tmp_path / "opus-mt-en-de", shards=3)
    assert (source / "pytorch_model-00002-of-00003.bin").is_file()
    record = models.add(source, convert=False)
    names = {p.name for p in record.path.iterdir()}
    assert "model.safetensors" in names
    assert not {n for n in names if n.startswith("pytorch_model")}
    assert_same_weights(record.path, tiny_marian, "AutoModelForSeq2SeqLM")


@pytest.mark.ml
@pytest.mark.parametrize("layout", ["legacy pickle", "zip archive"])
def test_a_pickle_that_would_run_code_is_refused_unrun(tmp_path, layout):
    marker = tmp_path / "ran"
    source = make.marian(tmp_path / "opus-mt-en-de")
    (source / "model.safetensors").unlink()
    payload = evil_pickle(marker) if layout == "legacy pickle" else evil_zip(marker)
    (source / "pytorch_model.bin").write_bytes(payload)
    with pytest.raises(CorruptModel) as caught:
        models.add(source)
    message = str(caught.value)
    assert "pytorch_model.bin refused" in message and "GLOBAL os.system" in message
    assert "nothing in it was run" in message
    assert not marker.exists()
    assert nothing_installed()
    assert (source / "pytorch_model.bin").read_bytes() == payload


@pytest.mark.ml
@pytest.mark.parametrize("content, reason", [
    (b"PK\x03\x04 not really a zip", "cannot be read as PyTorch weights"),
    (b"", "cannot be read as PyTorch weights"),
    ("numbers", "does not hold a table of named tensors"),
])
def test_a_pickle_that_is_not_weights_is_refused(tmp_path, content, reason):
    import torch

    source = make.marian(tmp_path / "opus-mt-en-de")
    (source / "model.safetensors").unlink()
    if content == "numbers":
        torch.save({"step": 3}, source / "pytorch_model.bin")
    else:
        (source / "pytorch_model.bin").write_bytes(content)
    with pytest.raises(CorruptModel, match=reason):
        models.add(source)
    assert nothing_installed()


def test_a_pickle_linked_from_outside_the_folder_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(pickled, "missing", lambda packages: [])
    outside = tmp_path / "elsewhere.bin"
    outside.write_bytes(b"weights")
    source = make.marian(tmp_path / "opus-mt-en-de")
    (source / "model.safetensors").unlink()
    (source / "pytorch_model.bin").symlink_to(outside)
    with pytest.raises(ReaderError, match="outside the model folder"):
        models.add(source)
    assert nothing_installed()


def test_without_the_ml_extra_the_pickle_is_not_converted(tmp_path, monkeypatch):
    monkeypatch.setattr(pickled, "missing", lambda packages: ["torch"])
    source = make.marian(tmp_path / "opus-mt-en-de")
    (source / "model.safetensors").unlink()
    (source / "pytorch_model.bin").write_bytes(b"pickle")
    with pytest.raises(MissingDependency, match="needs torch, part of the ml extra"):
        models.add(source)
    assert nothing_installed()


def test_a_pickle_only_folder_is_not_used_before_it_is_added(tmp_path):
    folder = make.marian(locations.models_dir() / "opus-mt-en-de")
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(b"pickle")
    records, problems = models.scan()
    assert records == []
    assert "never loads at run time" in problems[0][1] and "models add" in problems[0][1]


@pytest.mark.parametrize("shard, reason", [
    ("../../secret.bin", "names weight files outside the folder"),
    ("pytorch_model-00001-of-00002.bin", "pytorch_model-00001-of-00002.bin is missing"),
])
def test_an_index_of_pickle_shards_is_checked(tmp_path, shard, reason):
    source = make.marian(tmp_path / "opus-mt-en-de")
    (source / "model.safetensors").unlink()
    (source / "pytorch_model.bin.index.json").write_text(
        f'{{"weight_map": {{"a": "{shard}"}}}}', encoding="utf-8")
    with pytest.raises(CorruptModel, match=reason):
        models.add(source)
    assert nothing_installed()


def test_restricted_loader_reason_drops_the_advice():
    error = ("Weights only load failed. Re-running `torch.load` with `weights_only` set to "
             "`False` will likely succeed\n\nTrying to load unsupported GLOBAL os.system "
             "whose module os is blocked.\n\nCheck the documentation of torch.load")
    assert pickled._reason(ValueError(error)) == (
        "Trying to load unsupported GLOBAL os.system whose module os is blocked.")
    assert pickled._reason(EOFError()) == "EOFError"



@pytest.mark.ml
def test_shared_tensors_are_kept_once_or_copied(tmp_path):
    import torch
    from safetensors.torch import load_file

    whole = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    state = {"b.weight": whole, "a.weight": whole, "part": whole[1], "other": torch.ones(2)}
    pickled._save(state, tmp_path / "shared.safetensors", share=True)
    shared = load_file(tmp_path / "shared.safetensors")
    assert sorted(shared) == ["a.weight", "other", "part"]  # the same view kept once
    pickled._save(state, tmp_path / "copies.safetensors", share=False)
    copies = load_file(tmp_path / "copies.safetensors")
    assert sorted(copies) == sorted(state)
    assert all(torch.equal(copies[k], state[k]) for k in state)
    assert torch.equal(shared["part"], whole[1]) and torch.equal(shared["a.weight"], whole)


@pytest.mark.ml
def test_when_names_kept_once_do_not_load_every_name_gets_a_copy(tmp_path, monkeypatch,
                                                                  tiny_marian):  # noqa: F811
    source = make.pickled(tiny_marian, tmp_path / "opus-mt-en-de")
    checked = []
    real = pickled._loads_back

    def first_fails(folder, task, state):
        checked.append(folder)
        return "missing keys: lm_head.weight" if len(checked) == 1 else real(folder, task, state)

    monkeypatch.setattr(pickled, "_loads_back", first_fails)
    record = models.add(source)
    assert len(checked) == 2
    assert_same_weights(record.path, tiny_marian, "AutoModelForSeq2SeqLM")

    monkeypatch.setattr(pickled, "_loads_back", lambda *args: "tensor 'x' differs")
    with pytest.raises(CorruptModel, match=r"do not load back from safetensors \(tensor 'x'"):
        models.add(source, name="again")
    assert not (locations.models_dir() / "again").exists()


@pytest.mark.ml
def test_a_tensor_in_two_shards_is_refused(tmp_path, tiny_marian):  # noqa: F811
    import torch

    source = make.pickled(tiny_marian, tmp_path / "opus-mt-en-de", shards=2)
    first = source / "pytorch_model-00001-of-00002.bin"
    second = source / "pytorch_model-00002-of-00002.bin"
    torch.save({**torch.load(second, weights_only=True),
                "model.shared.weight": torch.zeros(1)}, second)
    assert "model.shared.weight" in torch.load(first, weights_only=True)
    with pytest.raises(CorruptModel, match="'model.shared.weight' is in two weight files"):
        models.add(source)
