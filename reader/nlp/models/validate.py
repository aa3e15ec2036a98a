"""Recognise and check a model folder with file checks only (no torch, no transformers).

A folder is a Hugging Face model (config.json + safetensors + tokenizer files) or a
CTranslate2 model (model.bin + vocabulary). Anything incomplete raises CorruptModel with
one line naming the folder and the file at fault.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.errors import CorruptModel
from reader.nlp.models.catalog import entry_for_repo
from reader.nlp.models.files import check_safetensors, json_object
from reader.nlp.models.record import ANY, ModelRecord, folder_size, normalise_language

SIDECAR = "reader.json"
PICKLE_FILE = "pytorch_model.bin"
PICKLE_INDEX = "pytorch_model.bin.index.json"
PICKLE_WEIGHTS = ("pytorch_model*.bin", "*.pt", "*.pth", "*.ckpt", "tf_model*.h5",
                  "flax_model*.msgpack")
_OPUS_NAME = re.compile(r"opus-mt-(?:tc-(?:big|base)-)?([A-Za-z]+(?:_[A-Za-z]+)?)-([A-Za-z]+)$")
_SEQ2SEQ_TYPES = {"marian", "m2m_100", "nllb_moe", "mbart", "bart", "t5", "mt5", "fsmt",
                  "pegasus", "prophetnet", "led", "umt5"}
_TOKENIZER_ANY = ("tokenizer.json", "vocab.txt", "sentencepiece.bpe.model", "spiece.model",
                  "vocab.json", "source.spm")


class UnsupportedModel(CorruptModel):
    """A readable model folder for a task reader has no use for."""


def _read_json(folder: Path, name: str) -> dict | None:
    return json_object(folder, name)


def _sidecar(folder: Path) -> dict:
    """reader.json beside a model: optional "name", "source" and "languages" (a list)."""
    data = _read_json(folder, SIDECAR) or {}
    languages = data.get("languages")
    if isinstance(languages, str):
        languages = [languages]
    return {
        "name": data["name"] if isinstance(data.get("name"), str) else None,
        "source": data["source"] if isinstance(data.get("source"), str) else None,
        "languages": [str(x) for x in languages] if isinstance(languages, list) else None,
    }


def _listed(folder: Path, index_name: str) -> list[Path] | None:
    """The weight files an index (`model.safetensors.index.json`, ...) names, all inside
    the folder; None when the folder has no such index."""
    index = _read_json(folder, index_name)
    if index is None:
        return None
    weight_map = index.get("weight_map") or {}
    shards = sorted(set(weight_map.values())) if isinstance(weight_map, dict) else []
    if not shards:
        raise CorruptModel(f"{folder}: {index_name} lists no weight files")
    if not all(isinstance(s, str) and s not in (".", "..") and Path(s).name == s
               for s in shards):
        raise CorruptModel(f"{folder}: {index_name} names weight files outside the folder")
    return [folder / shard for shard in shards]


def pickle_weights(folder: Path) -> list[Path]:
    """The PyTorch pickle files holding a folder's weights: the shards its
    pytorch_model.bin.index.json lists, else pytorch_model.bin; [] when there are none."""
    listed = _listed(folder, PICKLE_INDEX)
    if listed is not None:
        return listed
    single = folder / PICKLE_FILE
    return [single] if single.is_file() or single.is_symlink() else []


def safetensors_files(folder: Path) -> list[Path]:
    """The safetensors files holding a folder's weights (those its index lists, else every
    one there); [] when it has none."""
    listed = _listed(folder, "model.safetensors.index.json")
    return sorted(folder.glob("*.safetensors")) if listed is None else listed


def _check_weights(folder: Path, pickle_ok: bool) -> None:
    """Check the safetensors weights, or with `pickle_ok` the pickle files that are to be
    converted into safetensors when the model is installed (see pickled.py)."""
    files = safetensors_files(folder)
    if not files:
        pickles = pickle_weights(folder)
        if pickles and pickle_ok:
            for file in pickles:
                if not file.is_file():
                    raise CorruptModel(f"{folder}: {file.name} is missing")
            return
        if pickles:
            raise CorruptModel(
                f"{folder}: weights only as {pickles[0].name} (a pickle), which reader never "
                "loads at run time, only safetensors; `reader models add` converts it once")
        others = sorted({p.name for pattern in PICKLE_WEIGHTS for p in folder.glob(pattern)})
        if others:
            raise CorruptModel(
                f"{folder}: weights only as {others[0]}; reader loads safetensors only: "
                "fetch model.safetensors for this model")
        raise CorruptModel(f"{folder}: model.safetensors is missing (no weights)")
    for file in files:
        if not file.is_file():
            raise CorruptModel(f"{folder}: {file.name} is missing (listed in the index)")
        check_safetensors(folder, file)


def _require(folder: Path, *alternatives: tuple[str, ...], what: str = "tokenizer file") -> None:
    """At least one alternative (a tuple of file names) must be present and non-empty."""
    def usable(name: str) -> bool:
        return (folder / name).is_file() and (folder / name).stat().st_size > 0

    for names in alternatives:
        if all(usable(n) for n in names):
            return
    first = alternatives[0]
    bad = next(n for n in first if not usable(n))
    state = "is empty" if (folder / bad).is_file() else "is missing"
    others = [" + ".join(names) for names in alternatives[1:]]
    alt = f" (or {' or '.join(others)})" if others else ""
    raise CorruptModel(f"{folder}: {what} {bad} {state}{alt}")


def _family(config: dict, folder: Path, hint: str) -> tuple[str, str]:
    """(task, family) from config.json's architectures / model_type."""
    listed = config.get("architectures")
    archs = [a for a in listed if isinstance(a, str)] if isinstance(listed, list) else []
    mtype = str(config.get("model_type") or "")
    if any(a.endswith("ForTokenClassification") for a in archs):
        return "ner", mtype or "token-classification"
    if mtype == "marian" or "MarianMTModel" in archs:
        return "translation", "marian"
    if mtype == "m2m_100" or any(a.startswith("M2M100") for a in archs):
        tok = _read_json(folder, "tokenizer_config.json") or {}
        nllb = str(tok.get("tokenizer_class", "")).startswith("Nllb") or "nllb" in hint.lower()
        return "translation", "nllb" if nllb else "m2m100"
    if mtype in _SEQ2SEQ_TYPES or any(a.endswith("ForConditionalGeneration") for a in archs):
        return "translation", mtype or "seq2seq"
    what = ", ".join(archs) or mtype or "no architecture"
    raise UnsupportedModel(
        f"{folder}: config.json describes {what}, not a translation or token-classification model")


def _check_tokenizer(folder: Path, family: str) -> None:
    if family == "marian":
        _require(folder, ("source.spm", "target.spm", "vocab.json"))
    elif family == "nllb":
        _require(folder, ("sentencepiece.bpe.model",), ("tokenizer.json",))
    elif family == "m2m100":
        _require(folder, ("sentencepiece.bpe.model", "vocab.json"), ("tokenizer.json",))
    else:
        _require(folder, *((n,) for n in _TOKENIZER_ANY))


def _check_ct2(folder: Path) -> None:
    model = folder / "model.bin"
    if model.stat().st_size == 0:
        raise CorruptModel(f"{folder}: model.bin is empty")
    _require(folder, ("shared_vocabulary.json",), ("shared_vocabulary.txt",),
             ("source_vocabulary.json", "target_vocabulary.json"),
             ("source_vocabulary.txt", "target_vocabulary.txt"),
             ("source.spm", "target.spm"), ("sentencepiece.bpe.model",), what="vocabulary")


def _translation_languages(folder: Path, family: str, hint: str) -> tuple[str, ...] | None:
    entry = entry_for_repo(hint)
    if entry and entry.task == "translation":
        return entry.languages
    if family in ("nllb", "m2m100", "nllb_moe") or "nllb" in hint.lower():
        return (ANY, ANY)
    tok = _read_json(folder, "tokenizer_config.json") or {}
    src, tgt = tok.get("source_lang"), tok.get("target_lang")
    if isinstance(src, str) and isinstance(tgt, str) and src and tgt:
        return (normalise_language(src), normalise_language(tgt))
    match = _OPUS_NAME.search(hint.rsplit("/", 1)[-1])
    if match:
        return (normalise_language(match.group(1)), normalise_language(match.group(2)))
    return None


def _ner_languages(hint: str) -> tuple[str, ...]:
    entry = entry_for_repo(hint)
    return entry.languages if entry and entry.task == "ner" else (ANY,)


def inspect_folder(path: Path | str, *, name: str | None = None,
                   languages: tuple[str, ...] | list[str] | None = None,
                   source: str | None = None, origin: str = "local",
                   pickle_ok: bool = False) -> ModelRecord:
    """Recognise the model in `path` and check its files; raises CorruptModel if unusable.

    `languages` overrides what the folder says; `source` (a hub repository id) also serves
    as the hint for catalog languages when the folder's own name says nothing. With
    `pickle_ok`, weights in pytorch_model.bin (to be converted at install) are accepted.
    """
    folder = Path(path).expanduser()
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise CorruptModel(f"{folder}: {what}")
    sidecar = _sidecar(folder)
    source = source or sidecar.get("source")
    hint = source or folder.name
    config = _read_json(folder, "config.json")
    is_hf = bool(config and (config.get("architectures") or config.get("model_type")))
    if not is_hf and (folder / "model.bin").is_file():
        backend, task = "ctranslate2", "translation"
        family = "nllb" if "nllb" in hint.lower() else "marian" if "opus-mt" in hint else "ct2"
        _check_ct2(folder)
    elif config is None:
        raise CorruptModel(f"{folder}: config.json is missing (not a model folder)")
    elif not is_hf:
        raise CorruptModel(f"{folder}: config.json names no architectures or model_type")
    else:
        backend = "transformers"
        task, family = _family(config, folder, hint)
        _check_weights(folder, pickle_ok)
        _check_tokenizer(folder, family)
    given = languages or sidecar.get("languages")
    if given:
        langs = tuple(normalise_language(str(x)) for x in given)
    elif task == "translation":
        langs = _translation_languages(folder, family, hint)
    else:
        langs = _ner_languages(hint)
    if task == "translation" and (not langs or len(langs) != 2):
        why = ("cannot tell which languages this translation model translates" if not langs
               else f"a translation model needs two languages, got {', '.join(langs)}")
        raise CorruptModel(
            f"{folder}: {why}; name them: reader models add {folder} --language SRC "
            "--language TGT")
    return ModelRecord(
        name=name or sidecar.get("name") or folder.name, task=task, path=folder,
        backend=backend, languages=langs, source=source, size=folder_size(folder),
        family=family, origin=origin,
    )
