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
from reader.library.article import Article, Entry, Sentence, Skipped

Listed = Article | Entry
"""What a list holds: an Entry (metadata; its Article is read when needed) or an Article."""
Scanner = Callable[[list[Path]], Iterable["Listed | Skipped"]]
# The reader keeps the entity model beside the translation model: with int8 weights it
# takes a quarter of the memory and tags faster, and on BERT-base its labels differ from
# float32's only where float32's own top two are within 0.1 of each other (bench/entities.py).
ENTITIES_INT8 = True
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
    """What lists `paths`; by default the parallel loader over the metadata cache."""
    watcher: Callable[[list[Path]], Any] | None = None
    """What watches `paths` for changes (`reader.library.watch.Live` by default; none
    when a scanner is given and no watcher, as the paths are then not real folders)."""
    summarizer: Summarizer = _default_summarizer
    algorithms: tuple[str, ...] = field(default_factory=_algorithms)
    tagger_loader: Callable[[str | None], Any] = _default_tagger_loader
    tag_entities: Callable[..., list] = _default_tag_entities
    translator_loader: Callable[[str, str], Any] = _default_translator_loader
    translate_sentences: Callable[..., Iterator] = _default_translate_sentences
    splitter: Callable[[str, str], list] = _default_splitter
    model_scan: Callable[[], tuple[list, list]] = _default_model_scan
    apertium_pairs: Callable[[], list] = _default_apertium_pairs
    # A ModelProcess: models load and run there, and the loader hooks above are not used.
    # None (the tests' fakes): models load and run in the calling thread.
    process: Any = None
    _scans: list = field(default_factory=list, init=False, repr=False, compare=False)
    _fetches: list = field(default_factory=list, init=False, repr=False, compare=False)
    _prepared: Any = field(default=None, init=False, repr=False, compare=False)
    _taggers: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _translators: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _loading: Any = field(default_factory=threading.Lock, init=False, repr=False, compare=False)
    _tagging: Any = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @classmethod
    def default(cls) -> Services:
        """Services over the user's own database and settings."""
        from reader.library.store import Store

        from reader.nlp.process import ModelProcess

        return cls(store=Store(), settings=load_settings(), process=ModelProcess())

    def close_models(self) -> None:
        """Stop the model process at once (whatever it is doing); it restarts on next use."""
        if self.process is not None:
            self.process.close()

    def __post_init__(self) -> None:
        self.settings = checked_algorithm(self.settings, self.algorithms)

    def notices(self) -> list[str]:
        """Things the user should be told once at start (corrupt database, bad config)."""
        return [*getattr(self.store, "notices", []), *self.settings.problems]

    def scan(self, paths: list[Path]) -> Iterable[Listed | Skipped]:
        """A new listing of `paths`: the given scanner's, else what the metadata cache
        knows of them at once, then what the parallel loader finds changed
        (`reader.library.listing`: Entries, Skipped, and Gone for files no longer there)."""
        if self.scanner is not None:
            return self.scanner(paths)
        from reader.library.listing import Listing

        return Listing(paths, self.store)

    def prepare_loading(self, paths: Iterable[str | Path] | None) -> None:
        """Get the reading of `paths` ready ahead of `load_paths` (the worker processes
        start while the screen is still being built)."""
        chosen = chosen_paths(paths)
        scan = self.scan(chosen)
        warm = getattr(scan, "warm", None)
        if warm is not None:
            warm()
        self._prepared = (chosen, scan)

    def load_paths(self, paths: Iterable[str | Path] | None) -> Iterator[Listed | Skipped]:
        """Entries and skipped files under `paths`, as they are read (in parallel, each
        file on a clock) or found in the metadata cache; the embedded seeds when none
        given. `stop` ends it at once."""
        chosen = chosen_paths(paths)
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

    def watch(self, paths: Iterable[str | Path] | None) -> Any | None:
        """A watch of `paths` (see `reader.library.watch.Live`: `changes(ready)` gives
        what changes under them, `stop()` ends it); `stop` here stops it too."""
        chosen = chosen_paths(paths)
        if self.watcher is not None:
            live = self.watcher(chosen)
        elif self.scanner is not None:
            return None
        else:
            from reader.library.watch import Live

            live = Live(chosen, self.store)
        self._scans.append(live)
        return live

    def load_progress(self) -> tuple[int, int] | None:
        """(files read, files found) of the reading under way, if it says."""
        for scan in self._scans:
            if hasattr(scan, "done") and hasattr(scan, "total"):
                return scan.done, scan.total
        return None

    def stop(self) -> None:
        """Stop all background work now (when quitting): the model process is killed, the
        reading of folders and the fetching of feeds end, and no worker is left running."""
        self.close_models()
        prepared, self._prepared = self._prepared, None
        for scan in [*self._scans, *(prepared[1:] if prepared else ())]:
            _cancel(scan)
        for stop in list(self._fetches):
            stop.set()

    def article(self, item: Listed) -> Article:
        """The whole article of a listed entry, read again from its file (call from a
        worker); raises UnreadableArticle when the file cannot be read any more."""
        if item.path is None and not isinstance(item, Article):
            return self.kept_article(item)
        from reader.library.loader import reopen

        return reopen(item)

    def kept_article(self, item: Listed) -> Article:
        """A feed article (it has no file), read from the archive by id; raises
        UnreadableArticle when it is no longer kept (pruned, or its feed removed)."""
        from reader.errors import UnreadableArticle
        from reader.library import archive

        found = archive.get(self.store, item.id)
        if found is None:
            raise UnreadableArticle(item.title, "it is no longer kept (its feed was "
                                    "removed, or it grew older than keep_days)")
        return found

    def feed_shelf(self, feed_url: str | None = None) -> Any:
        """The subscriptions and the kept feed articles as list entries
        (`reader.library.feeds.shelf.Shelf`; call from a worker)."""
        from reader.library.feeds.shelf import shelf

        return shelf(self.store, feed_url)

    def refresh_feeds(self, progress: Callable | None = None,
                      stop: threading.Event | None = None) -> list:
        """Fetch every feed (`reader.library.feeds.refresh.refresh`, with the settings'
        keep_days): slow, call from a worker; `stop` ends it early; `stop()` too."""
        from reader.library.feeds.refresh import refresh

        stop = stop or threading.Event()
        self._fetches.append(stop)
        try:
            return refresh(self.store, keep_days=self.settings.keep_days, progress=progress,
                           stop=stop)
        finally:
            self._fetches.remove(stop)

    def summarize(self, article: Listed, algorithm: str, size: int) -> Any:
        """The summary of `article`, from the results cache when it was computed before
        (an entry's file is read for its text and structure: call from a worker)."""
        from reader.library.cache import ResultCache, summary_key

        article = self.article(article)
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

    def entities(self, text: str, language: str | None, content_id: str | None = None, *,
                 cancel: Any = None) -> tuple[tuple[str, ...], list]:
        """The tagger's labels and the entities of `text` above the settings' threshold.

        One tagger per language is loaded on first use (slow: call from a worker) and kept.
        With a model process, `cancel` (a cancel token) ends the call at once with
        `Cancelled` and stops the work; without one, tagging runs one text at a time in the
        calling thread. Raises ModelMissing when no model covers `language`.
        """
        if self.process is not None:
            from reader.nlp.entities.tagger import cached_spans
            from reader.nlp.process import RemoteTagger

            threshold = self.settings.entity_threshold
            found = cached_spans(language, text, store=self.store, content_id=content_id,
                                 quantize=ENTITIES_INT8)
            if found is not None:  # no model process needed
                labels, spans = found
                return labels, [s for s in spans if s.score >= threshold]
            tagger = self._taggers.get(language)
            if tagger is None:
                tagger = self._taggers[language] = RemoteTagger.load(
                    self.process, {"language": language, "quantize": ENTITIES_INT8}, cancel)
            spans = self.tag_entities(tagger.with_cancel(cancel), text, threshold=threshold,
                                      store=self.store, content_id=content_id)
            return tuple(tagger.labels), spans
        with self._tagging:
            tagger = self._taggers.get(language)
            if tagger is None:
                tagger = self._taggers[language] = self.tagger_loader(language)
            spans = self.tag_entities(tagger, text, threshold=self.settings.entity_threshold,
                                       store=self.store, content_id=content_id)
        return tuple(getattr(tagger, "labels", ())), spans

    def translator(self, source: str, target: str, *, cancel: Any = None) -> Any:
        """The translator for source -> target, loaded on first use (slow: call from a
        worker) and kept. Raises ModelMissing (with the install command) when none fits.
        With a model process, its calls end with `Cancelled` once `cancel` is cancelled."""
        if self.process is not None:
            from reader.nlp.process import RemoteTranslator

            found = self._translators.get((source, target))
            if found is None:
                found = self._translators[(source, target)] = RemoteTranslator.load(
                    self.process, {"source": source, "target": target}, cancel)
            return found.with_cancel(cancel)
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


def chosen_paths(paths: Iterable[str | Path] | None) -> list[Path]:
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

