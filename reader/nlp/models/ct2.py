"""The CTranslate2 int8 copy of a translation model, kept in `<model>/ct2/`.

CTranslate2 int8 runs several times faster than transformers on CPU and needs no torch at
run time, so `pull` (and `reader models add`) convert translation models once. Converting
needs torch + transformers; a failed conversion leaves a usable transformers model.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

from reader.nlp.models.record import ModelRecord

# progress(message, done, total): a stage line when done is None, else bytes so far.
Progress = Callable[[str, "int | None", "int | None"], None]


def say(progress: Progress | None, message: str) -> None:
    if progress:
        progress(message, None, None)


def convert_ct2(model_dir: Path, out_dir: Path) -> None:
    """Convert with the translation package's converter: it copies the tokenizer files
    beside the converted model and records the model's limits."""
    from reader.nlp.translate import convert

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        convert(model_dir, out_dir, quantization="int8")


def ensure_ct2(record: ModelRecord, progress: Progress | None = None) -> bool:
    """Make `record.path/ct2` for a transformers translation model that lacks one.

    True when a CTranslate2 copy exists afterwards. Never raises for a converter failure:
    it is reported through `progress` and the model stays usable with transformers.
    """
    if record.ct2_path is not None:
        return True
    if record.task != "translation" or record.backend != "transformers" or record.read_only:
        return False
    say(progress, "converting to CTranslate2 int8")
    out = record.path / "ct2"
    try:
        convert_ct2(record.path, out)
    except Exception as exc:  # any converter failure leaves a usable transformers model
        shutil.rmtree(out, ignore_errors=True)
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        say(progress, f"CTranslate2 conversion failed ({first}); transformers will be used")
        return False
    return (out / "model.bin").is_file()
