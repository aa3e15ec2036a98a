"""Named entities: the tagger protocol and its cache (`tagger.py`), the transformers
backend (`transformers_backend.py`) and the pure-Python parts it runs on: sentence-packed
chunks (`chunking.py`) and word-level aggregation of token scores (`aggregation.py`).

Importing the package loads no ML library; `load_tagger` does.
"""

from __future__ import annotations

from reader.nlp.entities.tagger import (
    LABEL_NAMES,
    EntityTagger,
    label_name,
    load_tagger,
    tag_article,
)

__all__ = ["LABEL_NAMES", "EntityTagger", "label_name", "load_tagger", "tag_article"]
