"""What the UI needs from the core, in one object the tests can replace with fakes.

The app never imports the core's modules directly: it calls a `Services` instance, which
owns the state store and the settings, caches summaries, loads entity taggers once per
language, keeps one translator per language pair, and finds articles on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.config import Settings, checked_algorithm, load_settings
from reader.library.article import Article, Sentence, Skipped

Scanner = Callable[[list[Path]], Iterable["Article | Skipped"]]
Summarizer = Callable[..., Any]


def _default_summarizer(
    text: str, language: str, algorithm: str, *, sentences: int, title: str | None = None,
    blocks: tuple | None = None,
) -> Any:
    from reader.nlp.summary.summarize import summarize

    return summarize(text, language, algorithm, sentences=sentences, title=title,
                     blocks=blocks)


def _default_tagger_loader(language: str | None) -> Any:
    from reader.nlp.entities import load_tagger

    return load_tagger(language)


def _default_tag_entities(tagger: Any, text: str, *, threshold: float, store: Any,
                           content_id: str | None) -> list:
    from reader.nlp.entities import tag_article

    return tag_article(tagger, text, threshold=threshold, store=store, content_id=content_id)


def _default_translator_loader(source: str, target: str) -> Any:
    from reader.nlp.translate import load_translator

    return load_translator(source, target)


def _default_translate_sentences(translator: Any, sentences: list, *, store: Any) -> Iterator:
    from reader.nlp.translate import translate_sentences

    return translate_sentences(translator, sentences, store=store)


def _default_splitter(text: str, language: str) -> list:
    from reader.nlp.sentences import split

    return split(text, language)


def _default_model_scan() -> tuple[list, list]:
    from reader.nlp.models import scan

    return scan()


def _default_apertium_pairs() -> list[tuple[str, str]]:
    from reader.nlp.translate.apertium import installed_pairs

    return installed_pairs()


def _algorithms() -> tuple[str, ...]:
    from reader.nlp.summary.choices import ALGORITHMS

    return tuple(ALGORITHMS)


@dataclass
class Services:
    """The store, the settings and the core functions the UI calls."""

    store: Any
    settings: Settings = field(default_factory=Settings)
    scanner: Scanner | None = None
    """What lists `paths`; by default the parallel loader (see `scan`)."""
    summarizer: Summarizer = _default_summarizer
    algorithms: tuple[str, ...] = field(default_factory=_algorithms)
    tagger_loader: Callable[[str | None], Any] = _default_tagger_loader
    tag_entities: Callable[..., list] = _default_tag_entities
    translator_loader: Callable[[str, str], Any] = _default_translator_loader
    translate_sentences: Callable[..., Iterator] = _default_translate_sentences
    splitter: Callable[[str, str], list] = _default_splitter
    model_scan: Callable[[], tuple[list, list]] = _default_model_scan
    apertium_pairs: Callable[[], list] = _default_apertium_pairs
    _scans: list = field(default_factory=list, init=False, repr=False, compare=False)
    _prepared: Any = field(default=None, init=False, repr=False, compare=False)
    _taggers: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _translators: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _loading: Any = field(default_factory=threading.Lock, init=False, repr=False, compare=False)
    _tagging: Any = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @classmethod
    def default(cls) -> Services:
        """Services over the user's own database and settings."""
        from reader.library.store import Store

        return cls(store=Store(), settings=load_settings())

    def __post_init__(self) -> None:
        self.settings = checked_algorithm(self.settings, self.algorithms)

    def notices(self) -> list[str]:
        """Things the user should be told once at start (corrupt database, bad config)."""
        return [*getattr(self.store, "notices", []), *self.settings.problems]

    def scan(self, paths: list[Path]) -> Iterable[Article | Skipped]:
        """A new listing of `paths`: the given scanner's, else the loader's, which takes
        the language of a text it reads itself from the results cache when known."""
        if self.scanner is not None:
            return self.scanner(paths)
        from reader.library.cache import ResultCache
        from reader.library.loader import Loader

        return Loader(paths, detect=ResultCache(self.store).detect_language)

    def prepare_loading(self, paths: Iterable[str | Path] | None) -> None:
        """Get the reading of `paths` ready ahead of `load_paths` (the worker processes
        start while the screen is still being built)."""
        chosen = _chosen(paths)
        scan = self.scan(chosen)
        warm = getattr(scan, "warm", None)
        if warm is not None:
            warm()
        self._prepared = (chosen, scan)

    def load_paths(self, paths: Iterable[str | Path] | None) -> Iterator[Article | Skipped]:
        """Articles and skipped files under `paths`, as they are read (in parallel, each
        file on a clock); the embedded seeds when none given. `stop` ends it at once."""
        chosen = _chosen(paths)
        prepared, self._prepared = self._prepared, None
        scan = prepared[1] if prepared and prepared[0] == chosen else self.scan(chosen)
        if prepared and scan is not prepared[1]:
            _cancel(prepared[1])
        self._scans.append(scan)
        try:
            yield from scan
        finally:
            self._scans.remove(scan)
            _cancel(scan)

    def load_progress(self) -> tuple[int, int] | None:
        """(files read, files found) of the reading under way, if it says."""
        for scan in self._scans:
            if hasattr(scan, "done") and hasattr(scan, "total"):
                return scan.done, scan.total
        return None

    def stop(self) -> None:
        """Stop all background reading now (when quitting): no worker is left running."""
        prepared, self._prepared = self._prepared, None
        for scan in [*self._scans, *(prepared[1:] if prepared else ())]:
            _cancel(scan)

    def summarize(self, article: Article, algorithm: str, size: int) -> Any:
        """The summary of `article`, from the results cache when it was computed before."""
        from reader.library.cache import ResultCache, summary_key

        cache = ResultCache(self.store)
        key = summary_key(article.id, article.language, algorithm, size, article.blocks)
        summary = cache.summary(key)
        if summary is None:
            summary = self.summarizer(
                article.text, article.language, algorithm, sentences=size, title=article.title,
                blocks=article.blocks or None,
            )
            cache.put_summary(key, summary)
        return summary

    def entities(self, text: str, language: str | None,
                 content_id: str | None = None) -> tuple[tuple[str, ...], list]:
        """The tagger's labels and the entities of `text` above the settings' threshold.

        One tagger per language is loaded on first use (slow: call from a worker) and kept;
        tagging runs one text at a time. Raises ModelMissing when no model covers `language`.
        """
        with self._tagging:
            tagger = self._taggers.get(language)
            if tagger is None:
                tagger = self._taggers[language] = self.tagger_loader(language)
            spans = self.tag_entities(tagger, text, threshold=self.settings.entity_threshold,
                                       store=self.store, content_id=content_id)
        return tuple(getattr(tagger, "labels", ())), spans

    def translator(self, source: str, target: str) -> Any:
        """The translator for source -> target, loaded on first use (slow: call from a
        worker) and kept. Raises ModelMissing (with the install command) when none fits."""
        with self._loading:
            found = self._translators.get((source, target))
            if found is None:
                loaded = _OneAtATime(self.translator_loader(source, target))
                found = self._translators[(source, target)] = loaded
        return found

    def translation_models(self) -> tuple[list, list, list]:
        """Installed model records, problems with model folders, and apertium's pairs (none
        when apertium cannot be asked); slow: call from a worker."""
        records, problems = self.model_scan()
        try:
            pairs = self.apertium_pairs()
        except Exception:
            pairs = []
        return records, problems, pairs

    def sentences(self, article: Article) -> list[Sentence]:
        """The article's sentences, offsets into its text (call from a worker)."""
        return list(self.splitter(article.text, article.language or "en"))


def _chosen(paths: Iterable[str | Path] | None) -> list[Path]:
    """The paths to read: those given, else the embedded seeds."""
    chosen = [Path(p) for p in paths or ()]
    if not chosen:
        from reader.locations import seeds_dir

        chosen = [seeds_dir()]
    return chosen


def _cancel(scan: Any) -> None:
    cancel = getattr(scan, "cancel", None)
    if cancel is not None:
        cancel()


class _OneAtATime:
    """A translator shared by workers: a cancelled job may still be inside a batch when
    the next starts, so batches run one at a time; every other attribute is the model's."""

    def __init__(self, translator: Any) -> None:
        self._translator = translator
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._translator, name)

    def translate(self, texts: list[str]) -> list[str]:
        with self._lock:
            return self._translator.translate(texts)

