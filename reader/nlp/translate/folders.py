"""What a model folder holds, checked before any heavy library is imported.

A translation model is a Hugging Face folder (MarianMT, NLLB-200 or M2M100, safetensors),
a CTranslate2 folder (model.bin + config.json + tokenizer files), or a Hugging Face folder
with its converted copy in a `ct2/` subfolder. Incomplete or truncated folders raise
CorruptModel with the reason, instead of a library traceback later.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.errors import CorruptModel
from reader.nlp.models.ct2 import is_ct2
from reader.nlp.models.files import MAX_JSON_BYTES, check_safetensors, read_json, read_regular

MARIAN_FILES = ("source.spm", "target.spm", "vocab.json")
SPM_FILES = ("sentencepiece.bpe.model", "spm.model")


@dataclass(frozen=True)
class Folder:
    kind: str  # "marian", "nllb" or "m2m100"
    hf_dir: Path | None  # the transformers folder, if there is one
    ct2_dir: Path | None  # the CTranslate2 folder, if there is one
    tokenizer_dir: Path  # where the SentencePiece files are


def _read_json(path: Path, kind: type = dict):
    value = read_json(path)
    if not isinstance(value, kind):
        raise CorruptModel(f"{path} is not a JSON {kind.__name__}")
    return value


def _weights(folder: Path) -> None:
    index = folder / "model.safetensors.index.json"
    if index.is_file():
        weight_map = _read_json(index).get("weight_map", {})
        names = sorted(set(weight_map.values())) if isinstance(weight_map, dict) else []
        if not all(isinstance(n, str) and n not in (".", "..") and Path(n).name == n
                   for n in names):
            raise CorruptModel(f"{index} names weight files outside the folder")
        files = [folder / n for n in names]
    else:
        files = sorted(folder.glob("*.safetensors"))
    if not files:
        found = (f" (only PyTorch pickle weights, never loaded: `reader models add {folder}` "
                 "converts them once)") if any(folder.glob("pytorch_model*.bin")) else ""
        raise CorruptModel(f"{folder} has no safetensors weights{found}")
    for file in files:
        if not file.is_file():
            raise CorruptModel(f"{folder} is missing {file.name}")
        check_safetensors(folder, file)


def _spm_kind(tokenizer_dir: Path, vocabulary: set[str] | None) -> str:
    if all((tokenizer_dir / n).is_file() for n in MARIAN_FILES):
        return "marian"
    config = tokenizer_dir / "tokenizer_config.json"
    name = _read_json(config).get("tokenizer_class", "") if config.is_file() else ""
    name = name if isinstance(name, str) else ""
    if "nllb" in name.lower() or (vocabulary and "eng_Latn" in vocabulary):
        return "nllb"
    if "m2m" in name.lower() or (vocabulary and "__en__" in vocabulary):
        return "m2m100"
    raise CorruptModel(f"{tokenizer_dir}: no tokenizer files for a known translation model")


def ct2_vocabulary(folder: Path) -> set[str]:
    """Every token of a CTranslate2 model's (source) vocabulary."""
    for name in ("shared_vocabulary.json", "source_vocabulary.json"):
        if (folder / name).is_file():
            return set(map(str, _read_json(folder / name, list)))
    for name in ("shared_vocabulary.txt", "source_vocabulary.txt"):
        if (folder / name).is_file():
            data = read_regular(folder / name, MAX_JSON_BYTES, str(folder / name))
            return set(data.decode("utf-8", "replace").split("\n"))
    raise CorruptModel(f"{folder} is a CTranslate2 folder without a vocabulary file")


def describe(path: Path, ct2_path: Path | None = None) -> Folder:
    """Classify and check a model folder; raise CorruptModel with a reason if unusable."""
    path = Path(path)
    if not path.is_dir():
        raise CorruptModel(f"{path} is not a folder")
    if is_ct2(path):
        tok = path if any((path / n).is_file() for n in (*MARIAN_FILES, *SPM_FILES)) else (
            path.parent)
        return Folder(_spm_kind(tok, ct2_vocabulary(path)), None, path, tok)
    if not (path / "config.json").is_file():
        raise CorruptModel(f"{path} is not a model folder: it has no config.json")
    config = _read_json(path / "config.json")
    model_type = config.get("model_type", "")
    if model_type not in ("marian", "m2m_100"):
        raise CorruptModel(f"{path} holds a {model_type or 'unknown'} model, not a "
                           "MarianMT, NLLB or M2M100 translation model")
    _weights(path)
    kind = "marian" if model_type == "marian" else _spm_kind(path, None)
    if kind == "marian" and not all((path / n).is_file() for n in MARIAN_FILES):
        raise CorruptModel(f"{path} lacks the Marian tokenizer files {', '.join(MARIAN_FILES)}")
    converted = next((c for c in (ct2_path, path / "ct2") if c and is_ct2(Path(c))), None)
    return Folder(kind, path, Path(converted) if converted else None, path)
