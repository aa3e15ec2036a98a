"""A reader home with full-size models of random weights, for the benchmarks that run the
installed reader: BERT-base as `ner-en` (its CTranslate2 copy made beforehand) and an
opus-mt-en-de-sized Marian as `opus-mt-en-de` (converted to CTranslate2 int8), plus one
long English article.

Speed and memory do not depend on the weights' values, so these stand for the real
dslim/bert-base-NER and Helsinki-NLP/opus-mt-en-de. Random weights never end a sentence,
so the translation model's output is capped at OUT_TOKENS, a news sentence's length in
German; uncapped, every sentence would run to 512 tokens. Built once into HOME.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from corpus import ROOT, english_articles

HOME = Path("/tmp/reader-bench-home")
OUT_TOKENS = 30
DIRS = ("DATA", "CONFIG", "CACHE", "MODELS")


def environment(home: Path = HOME) -> dict[str, str]:
    """The READER_* variables that point the reader at `home`."""
    env = {f"READER_{name}_DIR": str(home / name.lower()) for name in DIRS}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return env


def prepare(home: Path = HOME, *, entity_copy: bool = True) -> Path:
    """Build (once) the models and the article folder; the folder of articles."""
    os.environ.update(environment(home))
    sys.path.insert(0, str(ROOT))
    articles = home / "articles"
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text('target_language = "de"\n', encoding="utf-8")
    from reader.nlp import models

    installed = {r.name: r for r in models.scan()[0]}
    if "ner-en" not in installed:
        from entities import WORK as BERT_WORK
        from entities import build_model, english_text

        bert = build_model(BERT_WORK / "bert-base", english_text())
        installed["ner-en"] = models.add(bert, name="ner-en", languages=("en",))
    if "opus-mt-en-de" not in installed:
        from translate import WORK as MARIAN_WORK
        from translate import build

        build(MARIAN_WORK)
        record = models.add(MARIAN_WORK / "hf", name="opus-mt-en-de", languages=("en", "de"),
                            convert=True)
        limits = record.path / "ct2" / "reader.json"
        values = json.loads(limits.read_text(encoding="utf-8"))
        values["max_new_tokens"] = OUT_TOKENS + 1  # the forced end-of-sentence token
        limits.write_text(json.dumps(values), encoding="utf-8")
    if entity_copy:
        from reader.nlp.models.ct2_encoder import cached_encoder
        from reader.services import ENTITIES_INT8

        cached_encoder(installed["ner-en"].path, "int8" if ENTITIES_INT8 else "float32")
    if not articles.is_dir():
        articles.mkdir(parents=True)
        text = "\n\n".join(a.text for a in english_articles()[:6])
        (articles / "long.txt").write_text("A long day of news\n\n" + text, encoding="utf-8")
    return articles


def forget(home: Path = HOME) -> None:
    """Drop the state database: nothing computed in a run before is found in its cache."""
    import shutil

    shutil.rmtree(home / "data", ignore_errors=True)


TRANSLATED = re.compile(r"→ German · (\d+)/(\d+)")


def open_and_translate(term, until) -> tuple[int, int]:
    """In a reader showing the articles folder: open the article (its names are tagged),
    translate it in full into German (`t`, enter, `T`), and wait until `until(done,
    total, screen)` holds; (done, total) then."""
    import time

    term.wait_for("A long day of news")
    term.keys("Enter")
    term.wait_for("finding names")
    term.keys("t")
    time.sleep(1.0)  # the language picker lists what is installed
    term.keys("Enter")
    term.wait_for("→ German")
    term.keys("T")
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        screen = term.screen()
        found = TRANSLATED.search(screen)
        if found and until(int(found[1]), int(found[2]), screen):
            return int(found[1]), int(found[2])
        time.sleep(0.05)
    raise RuntimeError(f"the translation never got there:\n{term.screen()}")

