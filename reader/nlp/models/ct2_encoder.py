"""The CTranslate2 copy of a BERT entity model: the encoder, its classifier head, and the
tokenizer as one `tokenizer.json`.

Tagging with the copy needs only ctranslate2, tokenizers and numpy: no torch, no
transformers, so the process that tags starts in a fraction of a second and holds a
fraction of the memory. CTranslate2 has no token-classification head, so the head's two
tensors are kept beside the encoder (`head.safetensors`) and applied with numpy; the
labels, special token ids and limits go into `reader.json`.

The copy is made once, on first use, into the cache (`cached_encoder`); making it needs
torch + transformers. Only BERT models are converted (both entity models of the catalog
are BERT); anything else stays with the transformers backend.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import warnings
from pathlib import Path

from reader.errors import CorruptModel
from reader.nlp.models.quiet import quiet_transformers

META = "reader.json"
HEAD = "head.safetensors"
TOKENIZER = "tokenizer.json"
ARCHITECTURES = ("BertForTokenClassification",)
QUANTIZATIONS = ("int8", "int16", "float32")


def convertible(folder: Path) -> bool:
    """Whether `folder` holds a model this module can copy (a BERT token classifier)."""
    try:
        config = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    names = config.get("architectures") if isinstance(config, dict) else None
    return (config.get("model_type") == "bert" and isinstance(names, list)
            and any(n in ARCHITECTURES for n in names))


def is_encoder_copy(folder: Path) -> bool:
    return all((Path(folder) / n).is_file() for n in ("model.bin", HEAD, TOKENIZER, META))


def read_meta(folder: Path) -> dict:
    """The copy's labels, special ids and limits; CorruptModel when unreadable."""
    try:
        meta = json.loads((Path(folder) / META).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CorruptModel(f"{folder}: unreadable {META} ({exc})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("id2label"), dict):
        raise CorruptModel(f"{folder}: {META} has no labels")
    return meta


def convert_encoder(model_dir: Path, out_dir: Path, quantization: str = "int8") -> Path:
    """Copy the BERT token classifier in `model_dir` to `out_dir` (replaced whole,
    atomically) for CTranslate2. Needs torch + transformers."""
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    if quantization not in QUANTIZATIONS:
        raise ValueError(f"unknown quantization {quantization!r}")
    if not convertible(model_dir):
        raise CorruptModel(f"{model_dir} is not a BERT token-classification model")
    from ctranslate2.converters import TransformersConverter
    from safetensors import safe_open
    from safetensors.numpy import save_file
    from transformers import AutoTokenizer

    class _Converter(TransformersConverter):
        def load_model(self, model_class, path, **kwargs):
            model = super().load_model(model_class, path, use_safetensors=True,
                                          local_files_only=True, **kwargs)
            if not hasattr(model.config, "position_embedding_type"):
                model.config.position_embedding_type = "absolute"  # all BERT knows now
            return model

    quiet_transformers()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".ct2-", dir=out_dir.parent))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
            if not getattr(tokenizer, "is_fast", False):
                raise CorruptModel(f"{model_dir}: the tokenizer gives no character offsets")
            _Converter(str(model_dir)).convert(str(work / "model"),
                                               quantization=quantization, force=True)
        head = _head(model_dir, safe_open)
        save_file(head, str(work / "model" / HEAD))
        tokenizer.backend_tokenizer.save(str(work / "model" / TOKENIZER))
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        length = tokenizer.model_max_length
        meta = {
            "id2label": {str(k): v for k, v in config["id2label"].items()},
            "max_positions": config.get("max_position_embeddings"),
            "model_max_length": length if 0 < (length or 0) < 100_000 else None,
            "pad_token_id": tokenizer.pad_token_id, "unk_token_id": tokenizer.unk_token_id,
            "quantization": quantization, "source": str(model_dir.resolve()),
        }
        (work / "model" / META).write_text(json.dumps(meta), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        (work / "model").rename(out_dir)
    except CorruptModel:
        raise
    except Exception as exc:  # the converter and transformers raise many types
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CorruptModel(f"cannot convert {model_dir} for CTranslate2: {reason}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir


def _head(model_dir: Path, safe_open) -> dict:
    """The classifier's weight and bias, read straight from the safetensors files."""
    found = {}
    for path in sorted(model_dir.glob("*.safetensors")):
        with safe_open(str(path), framework="numpy") as weights:
            for name in ("classifier.weight", "classifier.bias"):
                if name in weights.keys():
                    found[name.split(".")[1]] = weights.get_tensor(name).astype("float32")
    if set(found) != {"weight", "bias"}:
        raise CorruptModel(f"{model_dir}: no token-classification head in the weights")
    return found


def stamp(folder: Path) -> str:
    """A fingerprint of a folder's files (names, sizes, times) for naming its copy."""
    parts = [str(Path(folder).resolve())]
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        info = path.stat()
        parts.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


# Set by the model process: the copy is made by a short-lived interpreter of its own, so
# the torch and transformers it needs never stay in the process that keeps the models.
CONVERT_ELSEWHERE = False


def cached_encoder(model_dir: Path, quantization: str = "int8") -> Path:
    """The CTranslate2 copy of `model_dir` in the cache, made on first use."""
    from reader import locations

    out = locations.cache_dir() / "ct2" / f"ner-{stamp(model_dir)}-{quantization}"
    if not is_encoder_copy(out):
        if CONVERT_ELSEWHERE:
            _convert_in_a_process(model_dir, out, quantization)
        else:
            convert_encoder(model_dir, out, quantization)
    return out


def _convert_in_a_process(model_dir: Path, out: Path, quantization: str) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", __name__, str(model_dir), str(out),
                           quantization], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True)
    if done.returncode or not is_encoder_copy(out):
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise CorruptModel(lines[-1] if lines else f"cannot convert {model_dir} for CTranslate2")


if __name__ == "__main__":
    import sys

    try:
        convert_encoder(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
    except CorruptModel as exc:
        sys.exit(str(exc))
