"""The CTranslate2 int8 copy of a translation model, kept in `<model>/ct2/`.

CTranslate2 int8 runs several times faster than transformers on CPU and needs no torch at
run time, so `pull` (and `reader models add`) convert translation models once. Converting
needs torch + transformers; a failed conversion leaves a usable transformers model.

The copy's format lives here (what makes a folder a CTranslate2 model, the limits file
written beside it) because the registry makes it; the translation backend reads it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

from reader.errors import CorruptModel
from reader.extras import CONVERSION_PACKAGES, missing
from reader.nlp.models.files import read_json as read_json_file
from reader.nlp.models.quiet import quiet_transformers
from reader.nlp.models.record import ModelRecord

# progress(message, done, total): a stage line when done is None, else bytes so far.
Progress = Callable[[str, "int | None", "int | None"], None]

META = "reader.json"
# Tokenizer files copied beside a converted model: the CTranslate2 backend reads them there.
TOKENIZER_FILES = (
    "source.spm", "target.spm", "vocab.json", "sentencepiece.bpe.model", "spm.model",
    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
    "generation_config.json",
)


def say(progress: Progress | None, message: str) -> None:
    if progress:
        progress(message, None, None)


def is_ct2(folder: Path) -> bool:
    return (folder / "model.bin").is_file() and (folder / "config.json").is_file()


def read_json(path: Path) -> dict:
    """A JSON file's object; {} when it is missing, unreadable or not an object."""
    try:
        value = read_json_file(path) if os.path.lexists(path) else {}
    except CorruptModel:
        return {}
    return value if isinstance(value, dict) else {}


def _count(value) -> int | None:
    """A positive whole number from a model's JSON, else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def limits(ct2_dir: Path, tokenizer_dir: Path) -> dict:
    """max_tokens / max_new_tokens / forced_eos as the transformers backend would use,
    from the limits file beside the converted model or else the model's own JSON files."""
    meta = read_json(ct2_dir / META)
    if meta and _count(meta.get("max_tokens")) and _count(meta.get("max_new_tokens")):
        return meta
    hf = read_json(tokenizer_dir / "config.json") if tokenizer_dir != ct2_dir else {}
    tok = read_json(tokenizer_dir / "tokenizer_config.json")
    gen = read_json(tokenizer_dir / "generation_config.json")
    bounds = [hf.get("max_position_embeddings"), tok.get("model_max_length"), 512]
    max_tokens = min(n for n in map(_count, bounds) if n)
    return {"max_tokens": max_tokens,
            "max_new_tokens": min(max_tokens, _count(gen.get("max_length")) or max_tokens),
            "forced_eos": gen.get("forced_eos_token_id", hf.get("forced_eos_token_id"))}


def complete_language_tokens(tokenizer) -> None:
    """Give an M2M100 tokenizer its language tokens ("__de__") as special tokens, with the
    ids the model knows them by. transformers 5's M2M100Tokenizer leaves them out of its
    vocabulary unless tokenizer_config.json lists them, which its own save_pretrained no
    longer does: converted, such a model had 100 tokens fewer than its weights, and decoded
    with `skip_special_tokens`, its output began with the target language token."""
    ids = getattr(tokenizer, "lang_token_to_id", None)
    if not isinstance(ids, dict) or not ids:
        return
    known = tokenizer.get_vocab()
    absent = [t for t, _ in sorted(ids.items(), key=lambda item: item[1]) if t not in known]
    if absent:
        tokenizer.add_special_tokens({"additional_special_tokens": absent},
                                     replace_extra_special_tokens=False)
        known = tokenizer.get_vocab()
    wrong = next((t for t, i in ids.items() if known.get(t) != i), None)
    if wrong is not None:
        raise CorruptModel(f"the tokenizer gives the language token {wrong} the id "
                           f"{known.get(wrong)}, the model {ids[wrong]}")


def _converter(model_dir: Path, files: list[str]):
    """CTranslate2's converter, reading the folder only (local files, safetensors) and
    given complete language tokens (see complete_language_tokens)."""
    from ctranslate2.converters import TransformersConverter

    class Converter(TransformersConverter):
        def load_model(self, model_class, name_or_path, **kwargs):
            return model_class.from_pretrained(name_or_path, local_files_only=True,
                                               use_safetensors=True, **kwargs)

        def load_tokenizer(self, tokenizer_class, name_or_path, **kwargs):
            tokenizer = tokenizer_class.from_pretrained(name_or_path, local_files_only=True,
                                                        **kwargs)
            complete_language_tokens(tokenizer)
            return tokenizer

    return Converter(str(model_dir), copy_files=files)


def convert(model_dir: Path, out_dir: Path, quantization: str = "int8") -> Path:
    """Convert a transformers translation folder to CTranslate2 in `out_dir` (replaced
    whole, atomically), with the tokenizer files beside it. Needs torch + transformers."""
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    if is_ct2(model_dir):
        raise CorruptModel(f"{model_dir} is already a CTranslate2 folder")
    if not (model_dir / "config.json").is_file():
        raise CorruptModel(f"{model_dir} is not a model folder: it has no config.json")
    quiet_transformers()
    files = [str(model_dir / n) for n in TOKENIZER_FILES if (model_dir / n).is_file()]
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".ct2-", dir=out_dir.parent))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _converter(model_dir, files).convert(
                str(work / "model"), quantization=quantization, force=True)
        found = limits(work / "model", model_dir)
        found["quantization"] = quantization
        (work / "model" / META).write_text(json.dumps(found), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        (work / "model").rename(out_dir)
    except (OSError, RuntimeError, ValueError, CorruptModel) as exc:
        raise CorruptModel(f"cannot convert {model_dir}: {exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir


def ensure_ct2(record: ModelRecord, progress: Progress | None = None) -> bool:
    """Make `record.path/ct2` for a transformers translation model that lacks one.

    True when a CTranslate2 copy exists afterwards. Never raises for a converter failure:
    it is reported through `progress` and the model stays usable with transformers.
    """
    if record.ct2_path is not None:
        return True
    if record.task != "translation" or record.backend != "transformers" or record.read_only:
        return False
    lacking = missing(CONVERSION_PACKAGES)
    if lacking:
        say(progress, f"no CTranslate2 copy made: converting needs {', '.join(lacking)}, "
                      "not installed here")
        return False
    say(progress, "converting to CTranslate2 int8")
    out = record.path / "ct2"
    try:
        convert(record.path, out)
    except Exception as exc:  # any converter failure leaves a usable transformers model
        shutil.rmtree(out, ignore_errors=True)
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        say(progress, f"CTranslate2 conversion failed ({first}); transformers will be used")
        return False
    return (out / "model.bin").is_file()
