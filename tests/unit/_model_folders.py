"""Model folders for the registry tests, written file by file (no torch needed).

Weights are minimal but valid safetensors; tokenizer files only need to exist, because
the registry checks files and never loads a model. This module holds no tests itself.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import struct
from pathlib import Path

import pytest

from tests import ml


def write_safetensors(path: Path, tensors: int = 2) -> Path:
    """A valid safetensors file with `tensors` float32 2x2 tensors."""
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for i in range(tensors):
        header[f"layer{i}.weight"] = {"dtype": "F32", "shape": [2, 2],
                                      "data_offsets": [offset, offset + 16]}
        offset += 16
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"\x01" * offset)
    return path


def _json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), encoding="utf-8")


def marian(folder: Path, source: str | None = "en", target: str | None = "de") -> Path:
    _json(folder / "config.json", {"architectures": ["MarianMTModel"], "model_type": "marian"})
    write_safetensors(folder / "model.safetensors")
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes(b"\x0a\x03spm")
    _json(folder / "vocab.json", {"</s>": 0, "<unk>": 1, "<pad>": 2})
    tok = {"tokenizer_class": "MarianTokenizer"}
    if source and target:
        tok.update(source_lang=source, target_lang=target)
    _json(folder / "tokenizer_config.json", tok)
    return folder


def nllb(folder: Path, tokenizer_class: str = "NllbTokenizer") -> Path:
    _json(folder / "config.json", {"architectures": ["M2M100ForConditionalGeneration"],
                                   "model_type": "m2m_100"})
    write_safetensors(folder / "model.safetensors")
    (folder / "sentencepiece.bpe.model").write_bytes(b"\x0a\x03spm")
    _json(folder / "vocab.json", {"<s>": 0})
    _json(folder / "tokenizer_config.json", {"tokenizer_class": tokenizer_class})
    return folder


def bert(folder: Path) -> Path:
    labels = ["O", "B-PER", "I-PER"]
    _json(folder / "config.json", {
        "architectures": ["BertForTokenClassification"], "model_type": "bert",
        "id2label": dict(enumerate(labels))})
    write_safetensors(folder / "model.safetensors")
    (folder / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\nword\n", encoding="utf-8")
    _json(folder / "tokenizer_config.json", {"tokenizer_class": "BertTokenizer"})
    return folder


def ct2(folder: Path) -> Path:
    """A CTranslate2 model folder as the converter writes it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.bin").write_bytes(b"\x06\x00\x00\x00ct2-model-bytes")
    _json(folder / "config.json", {"add_source_bos": False, "decoder_start_token": "<pad>"})
    _json(folder / "shared_vocabulary.json", ["</s>", "<unk>", "<pad>"])
    return folder


def fake_conversion(monkeypatch, convert=None) -> None:
    """CTranslate2 conversion replaced by `convert(model_dir, out_dir)` (default: write the
    files the converter writes), as if its packages were installed."""
    ct2_module = importlib.import_module("reader.nlp.models.ct2")
    monkeypatch.setattr(ct2_module, "missing", lambda packages: [])
    monkeypatch.setattr(ct2_module, "convert",
                        convert or (lambda model_dir, out_dir: ct2(out_dir)))


def hf_cache_entry(hub: Path, repo: str, build=marian, revision: str = "a" * 40) -> Path:
    """The hub cache layout: blobs, a snapshot of symlinks to them, refs/main."""
    repo_dir = hub / ("models--" + repo.replace("/", "--"))
    staging = build(repo_dir / "staging")
    snapshot = repo_dir / "snapshots" / revision
    snapshot.mkdir(parents=True)
    (repo_dir / "blobs").mkdir()
    for file in sorted(staging.iterdir()):
        blob = repo_dir / "blobs" / hashlib.sha256(file.read_bytes()).hexdigest()
        os.replace(file, blob)
        (snapshot / file.name).symlink_to(os.path.relpath(blob, snapshot))
    staging.rmdir()
    (repo_dir / "refs").mkdir()
    (repo_dir / "refs" / "main").write_text(revision, encoding="utf-8")
    return snapshot


def tree_state(folder: Path) -> dict[str, tuple]:
    """Every entry's content hash, mode and mtime: equal before and after means untouched."""
    state = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        state[str(path.relative_to(folder))] = (digest, info.st_mode, info.st_mtime_ns)
    return state


@pytest.fixture(scope="session")
@ml.uses_ml
def tiny_marian(tmp_path_factory) -> Path:
    """A real (random-weight) MarianMT en->de folder, built once per session."""
    from tests.unit._marian import build_marian

    ml.require()
    root = ml.built_once(tmp_path_factory, "opus-mt-en-de",
                         lambda folder: build_marian(folder / "opus-mt-en-de"))
    return root / "opus-mt-en-de"


def pickled(source: Path, dest: Path, *, shards: int = 1) -> Path:
    """A copy of the real model folder `source` whose weights are only a PyTorch pickle, as
    older transformers saved them (torch.save of the state dict, so tied weights share
    storage); with `shards` > 1, pytorch_model-0000i-of-0000n.bin plus their index."""
    import shutil

    import torch
    from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoModelForTokenClassification

    config = AutoConfig.from_pretrained(source, local_files_only=True)
    auto = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForTokenClassification
    state = auto.from_pretrained(source, local_files_only=True, use_safetensors=True).state_dict()
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("*.safetensors", "ct2"))
    if shards == 1:
        torch.save(state, dest / "pytorch_model.bin")
        return dest
    names = sorted(state)
    weight_map = {}
    for i in range(shards):
        file = f"pytorch_model-{i + 1:05d}-of-{shards:05d}.bin"
        part = {name: state[name] for name in names[i::shards]}
        torch.save(part, dest / file)
        weight_map.update(dict.fromkeys(part, file))
    _json(dest / "pytorch_model.bin.index.json", {"metadata": {}, "weight_map": weight_map})
    return dest
