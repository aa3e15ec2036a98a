"""What installing a pickle-only model folder costs, on an opus-mt-en-de-sized MarianMT.

`reader models add DIR --no-convert` of the same random-weight model twice: as a
safetensors folder (checked and copied) and as a folder holding only pytorch_model.bin
written as older transformers did (torch.save of the state dict, tied embeddings sharing
storage), which add reads through PyTorch's restricted loader, writes as
model.safetensors and loads back through transformers to compare. Each add runs in its
own process (so peak RSS is its own), the two interleaved, medians of --repeats.
With --convert, each add also makes the CTranslate2 int8 copy, as `reader models add`
does by default (that conversion imports torch and transformers anyway).

    .venv/bin/python bench/pickled.py [--repeats 3] [--convert]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from translate import WORK, build

VARIANTS = {"safetensors folder": "hf", "pytorch_model.bin only": "pickled"}

CHILD = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from reader.nlp import models
record = models.add(sys.argv[1], name="bench", convert=sys.argv[2] == "convert")
elapsed = time.perf_counter() - start
rss = next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines()
           if l.startswith("VmHWM:")) / 1024
print(json.dumps({"seconds": elapsed, "rss_mib": rss, "size": record.size}))
"""


def pickled_folder() -> Path:
    """The benchmark model's folder with its weights only as pytorch_model.bin, once."""
    out = WORK / "pickled"
    if (out / "pytorch_model.bin").is_file():
        return out
    import torch
    from transformers import AutoModelForSeq2SeqLM

    model = AutoModelForSeq2SeqLM.from_pretrained(WORK / "hf", local_files_only=True,
                                                  use_safetensors=True)
    shutil.copytree(WORK / "hf", out, ignore=shutil.ignore_patterns("*.safetensors"))
    torch.save(model.state_dict(), out / "pytorch_model.bin")
    return out


def run_once(folder: Path, convert: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="reader-bench-models-") as models_dir:
        env = {**os.environ, "READER_MODELS_DIR": models_dir, "HF_HUB_OFFLINE": "1",
               "OMP_NUM_THREADS": "2"}
        out = subprocess.run([sys.executable, "-c", CHILD, str(folder),
                              "convert" if convert else "copy"], env=env,
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--convert", action="store_true", help="make the CTranslate2 copy too")
    args = parser.parse_args()
    build(WORK)
    folders = {"hf": WORK / "hf", "pickled": pickled_folder()}
    results: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    for _ in range(args.repeats):
        for name, key in VARIANTS.items():
            results[name].append(run_once(folders[key], args.convert))
    base = statistics.median(r["seconds"] for r in results["safetensors folder"])
    print(f"{'variant':<26} {'add s':>7} {'ratio':>6} {'peak RSS MiB':>13} {'source MiB':>11}"
          f" {'installed MiB':>14}")
    for name, key in VARIANTS.items():
        seconds = statistics.median(r["seconds"] for r in results[name])
        rss = statistics.median(r["rss_mib"] for r in results[name])
        source = sum(p.stat().st_size for p in folders[key].iterdir() if p.is_file())
        print(f"{name:<26} {seconds:>7.2f} {seconds / base:>5.1f}x {rss:>13.0f} "
              f"{source / 2**20:>11.1f} {results[name][0]['size'] / 2**20:>14.1f}")


if __name__ == "__main__":
    main()
