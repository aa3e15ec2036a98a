"""Names `reader models pull` understands, and the command that installs what is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.errors import ReaderError
from reader.nlp.models.record import ANY, normalise_language


@dataclass(frozen=True)
class CatalogEntry:
    """A pullable model: its short name, hub repository, task and languages."""

    name: str
    repo: str
    task: str
    languages: tuple[str, ...]
    description: str = ""

    @property
    def folder(self) -> str:
        """Folder name under the models directory (the repository's own name)."""
        return self.repo.rsplit("/", 1)[-1]


def _opus(src: str, tgt: str) -> CatalogEntry:
    return CatalogEntry(
        f"{src}-{tgt}", f"Helsinki-NLP/opus-mt-{src}-{tgt}", "translation", (src, tgt),
        f"MarianMT {src}->{tgt} (OPUS-MT)",
    )


_PAIRS = (
    ("en", "de"), ("de", "en"), ("en", "fr"), ("fr", "en"), ("en", "es"), ("es", "en"),
    ("en", "it"), ("it", "en"), ("en", "nl"), ("nl", "en"), ("en", "ru"), ("ru", "en"),
    ("en", "zh"), ("zh", "en"), ("en", "vi"), ("vi", "en"), ("de", "fr"), ("fr", "de"),
)

# Languages the multilingual entity model was trained on (it also runs on others).
NER_MULTI_TRAINED = ("ar", "de", "en", "es", "fr", "it", "lv", "nl", "pt", "zh")

CATALOG: dict[str, CatalogEntry] = {
    **{f"{s}-{t}": _opus(s, t) for s, t in _PAIRS},
    "nllb": CatalogEntry(
        "nllb", "facebook/nllb-200-distilled-600M", "translation", (ANY, ANY),
        "NLLB-200 distilled 600M: any of 200 languages to any other",
    ),
    "ner-en": CatalogEntry(
        "ner-en", "dslim/bert-base-NER", "ner", ("en",), "BERT-base entities, English",
    ),
    "ner-multi": CatalogEntry(
        "ner-multi", "Davlan/bert-base-multilingual-cased-ner-hrl", "ner", (ANY,),
        "multilingual BERT entities (trained on " + ", ".join(NER_MULTI_TRAINED) + ")",
    ),
}

_PAIR_NAME = re.compile(r"^([a-z]{2,3}|[A-Z]{4,12})-([a-z]{2,3}|[A-Z]{4,12})$")
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def resolve(name: str) -> CatalogEntry:
    """A catalog name, any "SRC-TGT" pair (OPUS-MT), or a hub repository id "org/name"."""
    name = name.strip()
    if name in CATALOG:
        return CATALOG[name]
    pair = _PAIR_NAME.match(name)
    if pair and not name.startswith("ner-"):
        return _opus(pair.group(1), pair.group(2))
    if _REPO_ID.match(name):
        return CatalogEntry(name, name, "", (), "hub repository")
    known = ", ".join(sorted(CATALOG))
    raise ReaderError(
        f"unknown model name {name!r}: use one of {known}, any SRC-TGT pair "
        "(e.g. en-vi), or a hub repository id such as Helsinki-NLP/opus-mt-en-de"
    )


def entry_for_repo(repo: str) -> CatalogEntry | None:
    """The catalog entry of a hub repository id or of a folder named after one."""
    base = repo.rsplit("/", 1)[-1]
    for entry in CATALOG.values():
        if repo in (entry.repo, entry.folder) or base == entry.folder:
            return entry
    return None


def install_command(task: str, source: str | None = None, target: str | None = None,
                    language: str | None = None) -> str:
    """The command that installs a model for `task` (and languages), for error messages."""
    if task == "translation":
        if source and target and ANY not in (source, target):
            return f"reader models pull {normalise_language(source)}-{normalise_language(target)}"
        return "reader models pull nllb"
    if task == "ner":
        lang = normalise_language(language) if language else None
        return "reader models pull ner-en" if lang == "en" else "reader models pull ner-multi"
    raise ValueError(f"unknown task {task!r}: expected 'translation' or 'ner'")
