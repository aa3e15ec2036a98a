"""Weights that come only as a PyTorch pickle (`pytorch_model.bin`), turned into
safetensors once, when the model is installed.

Older hub repositories ship nothing else. Unpickling can run any code the file names, so
reader never unpickles at run time: `reader models add` and `pull` read the pickle once
through PyTorch's restricted loader (`torch.load(weights_only=True)`, which builds only
tensors and plain containers and refuses everything else), write `model.safetensors`
and check that transformers loads it back equal to what the pickle held. Every later
load reads the safetensors file. A pickle the restricted loader refuses is refused with
its reason; nothing in it runs.
"""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

from reader.errors import CorruptModel, MissingDependency
from reader.extras import install_hint, missing
from reader.nlp.models.copy import regular_file
from reader.nlp.models.ct2 import Progress, say
from reader.nlp.models.files import read_head
from reader.nlp.models.quiet import quiet_transformers

SAFETENSORS = "model.safetensors"
PACKAGES = ("torch", "safetensors", "transformers")
_ZIP = b"PK\x03\x04"  # torch.save's own format, the one that can be memory-mapped
_BOILERPLATE = ("Weights only load failed", "Check the documentation")


def convert_pickles(files: list[Path], within: Path, out_dir: Path, task: str,
                    progress: Progress | None = None) -> Path:
    """Write `out_dir/model.safetensors` from the pickle `files` (only read, links followed
    only inside `within`); `out_dir` already holds the model's config.json. Raises
    CorruptModel with the reason when a file is refused or the result does not load
    back equal, MissingDependency without torch, safetensors or transformers."""
    lacking = missing(PACKAGES)
    if lacking:
        raise MissingDependency(
            f"{files[0].name} holds the weights as a PyTorch pickle; converting it to "
            f"safetensors needs {', '.join(lacking)}, part of the ml extra: {install_hint()}")
    say(progress, f"converting {files[0].name} to safetensors (restricted loader)")
    state: dict = {}
    for file in files:
        for name, tensor in _load(file, within).items():
            if name in state:
                raise CorruptModel(f"{file.parent}: tensor {name[:80]!r} is in two weight files")
            state[name] = tensor
    out = out_dir / SAFETENSORS
    problem = ""
    for share in (True, False):  # aliases kept once, else every name its own copy
        _save(state, out, share=share)
        problem = _loads_back(out_dir, task, state)
        if not problem:
            return out
    out.unlink(missing_ok=True)
    raise CorruptModel(f"{files[0].parent}: the weights of {files[0].name} do not load back "
                       f"from safetensors ({problem})")


def _reason(exc: BaseException) -> str:
    """The line of a loader error that says what was wrong, without PyTorch's advice."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    useful = [line for line in lines if not line.startswith(_BOILERPLATE)]
    return (useful or lines or [type(exc).__name__])[0][:300]


def _load(file: Path, within: Path) -> dict:
    """The named tensors of one pickle file, through the restricted loader."""
    label = f"{file.parent}: {file.name}"
    real = regular_file(file, within)
    mmap = read_head(real, label, len(_ZIP)) == _ZIP
    import torch

    try:
        state = torch.load(real, map_location="cpu", weights_only=True, mmap=mmap)
    except pickle.UnpicklingError as exc:
        raise CorruptModel(
            f"{label} refused: PyTorch's restricted loader found more than weights in it "
            f"({_reason(exc)}); nothing in it was run. Use a safetensors copy of this "
            "model") from None
    except Exception as exc:  # a damaged file: zip, pickle or storage errors of any kind
        raise CorruptModel(f"{label} cannot be read as PyTorch weights "
                           f"({_reason(exc)})") from None
    if not isinstance(state, dict) or not state or not all(
            isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()):
        raise CorruptModel(f"{label} does not hold a table of named tensors")
    return state


def _view(tensor) -> tuple:
    return (tensor.untyped_storage().data_ptr(), tensor.storage_offset(), tuple(tensor.shape),
            tuple(tensor.stride()), tensor.dtype)


def _save(state: dict, out: Path, *, share: bool) -> None:
    """safetensors refuses tensors that share memory, which tied weights in a pickle do.
    With `share`, a name that is the very same view as one already kept (sorted by name)
    is left out, as safetensors' own save_model does, and transformers ties it again on
    loading; any other overlap, or every tensor without `share`, gets its own copy."""
    from safetensors.torch import save_file

    kept, views = {}, set()
    for name in sorted(state):
        view = _view(state[name])
        if share and view in views:
            continue
        views.add(view)
        kept[name] = state[name]
    users = Counter(t.untyped_storage().data_ptr() for t in kept.values())
    tensors = {name: (t if share and users[t.untyped_storage().data_ptr()] == 1
                      else t.clone()).contiguous() for name, t in kept.items()}
    save_file(tensors, str(out), metadata={"format": "pt"})


def _loads_back(folder: Path, task: str, state: dict) -> str:
    """"" when transformers loads the folder (safetensors only) with no weight missing and
    every tensor it shares a name with equal to the pickle's; else what is wrong."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoModelForTokenClassification

    quiet_transformers()
    auto = AutoModelForTokenClassification if task == "ner" else AutoModelForSeq2SeqLM
    try:
        model, info = auto.from_pretrained(folder, local_files_only=True, use_safetensors=True,
                                           output_loading_info=True)
    except Exception as exc:  # whatever transformers makes of a folder it cannot load
        return _reason(exc)
    for kind in ("missing_keys", "mismatched_keys"):
        if info.get(kind):
            return f"{kind.replace('_', ' ')}: {sorted(map(str, info[kind]))[0][:80]}"
    loaded = model.state_dict()
    for name, tensor in state.items():
        if name in loaded and not torch.equal(loaded[name].to(tensor.dtype), tensor):
            return f"tensor {name[:80]!r} differs"
    return ""
