"""Which languages an article can be translated to with what is installed.

A language is reachable from the article's language through a model for the pair, through
the pivot (two models, via English), through an any-to-any model, or through an installed
Apertium pair. The language picker lists these as ready; `load_translator` follows the
same rules when it opens a translator. A model counts only when one of its backends can
run here: without the ml extra's packages it is installed but not ready.
"""

from __future__ import annotations

from reader.library.language import COMMON, PIVOT
from reader.nlp.models.record import ANY


def runnable(record) -> bool:
    """Whether an installed backend can run the model (its packages are importable)."""
    return not record.missing_packages()


def available_targets(source: str, records, apertium_pairs, *,
                      can_run=runnable) -> dict[str, str]:
    """Target language -> how `source` gets there with what is installed and can run."""
    pairs = [tuple(r.languages) for r in records
             if getattr(r, "task", "") == "translation" and len(r.languages) == 2
             and can_run(r)]
    found: dict[str, str] = {}
    for src, tgt in pairs:
        if src == source and tgt != ANY:
            found.setdefault(tgt, "model")
    if source != PIVOT and any(src == source and tgt == PIVOT for src, tgt in pairs):
        for src, tgt in pairs:
            if src == PIVOT and tgt not in (ANY, source):
                found.setdefault(tgt, "via English")
    for src, tgt in apertium_pairs:
        if src == source:
            found.setdefault(tgt, "apertium")
    if any(src in (ANY, source) and tgt == ANY for src, tgt in pairs):
        for code in COMMON:
            found.setdefault(code, "any-to-any model")
    found.pop(source, None)
    return found
