"""`reader list` and `reader summarize`: the library and the summaries, for scripts.

Both print a readable form by default and a stable JSON form with --json (documented in
README.md). Offsets in JSON are character offsets into article.text.
"""

from __future__ import annotations

import unicodedata

from reader.cli import common
from reader.errors import ReaderError

TITLE_CELLS = 48


_ratio = common.bounded(float, lambda r: 0.0 < r <= 1.0, "must be in (0, 1]")


def register(subparsers) -> None:
    from reader.nlp.summary.choices import ALGORITHMS

    lister = subparsers.add_parser(
        "list", help="list the articles found in files and folders",
        description="List every article file found; unreadable ones are shown as skipped.",
    )
    lister.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    lister.add_argument("--feed", metavar="URL|all", default=None,
                        help="list the articles kept from a feed (or from all feeds)")
    lister.add_argument("--json", action="store_true", help="print a JSON list")
    lister.set_defaults(run=run_list, usage_error=lister.error)

    summ = subparsers.add_parser(
        "summarize", help="extractive summary of one article",
        description="Pick the most representative sentences of an article, verbatim.",
    )
    summ.add_argument("path", metavar="PATH|URL|ID", help=common.ARTICLE_HELP)
    summ.add_argument("--algorithm", "-a", choices=ALGORITHMS, default=None,
                      help="summary algorithm (default: from config, else lexrank)")
    size = summ.add_mutually_exclusive_group()
    size.add_argument("--sentences", "-n", type=common.at_least_one, default=None,
                      help="number of sentences (default: from config, else 3)")
    size.add_argument("--ratio", "-r", type=_ratio, default=None,
                      help="fraction of the sentences to keep, in (0, 1]")
    summ.add_argument("--language", "-l", default=None,
                      help="language code (default: detected)")
    summ.add_argument("--json", action="store_true", help="print JSON")
    summ.set_defaults(run=run_summarize)


# --- list -----------------------------------------------------------------------------

def _entry(item) -> dict:
    from reader.library.article import Skipped

    if isinstance(item, Skipped):
        return {"id": None, "path": item.path, "title": None, "language": None,
                "words": None, "status": "skipped", "reason": item.reason}
    entry = {"id": item.id, "path": item.path, "title": item.title,
             "language": item.language, "words": item.words, "status": "ok"}
    if item.notes:
        entry["notes"] = list(item.notes)
    return entry


def collect(paths) -> list[dict]:
    """One entry per file found under `paths` (ok or skipped), in a stable order, read by
    the loader the app's library uses (in parallel, each file on a clock) through the
    same metadata cache, so both skip the same files for the same reasons and neither
    reads a file again that has not changed."""
    from reader.cli.library import opened
    from reader.library.catalog import Catalog
    from reader.library.loader import Loader

    chosen = common.existing_paths(paths)
    progress = common.Progress("reading")
    try:
        with opened() as (_settings, store):
            loader = Loader(chosen, cache=Catalog(store).session(chosen))
            found = loader.in_order(progress.step)
    finally:
        progress.done()
    return [_entry(item) for item in found]


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _fit(text: str, cells: int) -> str:
    """`text` cut to `cells` terminal columns (wide characters count 2), padded."""
    if sum(map(_width, text)) > cells:
        out, used = [], 0
        for ch in text:
            if used + _width(ch) > cells - 1:
                break
            out.append(ch)
            used += _width(ch)
        text = "".join(out) + "…"
    return text + " " * max(0, cells - sum(map(_width, text)))


def table(entries: list[dict]) -> list[str]:
    lines = [f"{'ID':<16}  {'LANG':<4}  {'WORDS':>6}  {_fit('TITLE', TITLE_CELLS)}  PATH"]
    for e in entries:
        path = common.visible(e["path"], single_line=True)
        if e["status"] == "ok":
            title = _fit(common.visible(e["title"] or "", single_line=True), TITLE_CELLS)
            lines.append(f"{e['id']:<16}  {e['language'] or '':<4}  {e['words']:>6}  "
                         f"{title}  {path}")
        else:
            reason = _fit(common.visible(f"skipped: {e['reason']}", single_line=True),
                          TITLE_CELLS)
            lines.append(f"{'-':<16}  {'-':<4}  {'-':>6}  {reason}  {path}")
    return lines


def run_list(args) -> int:
    if (args.feed is None) == (not args.paths):
        args.usage_error("name files or folders, or --feed URL|all (not both)")
    if args.feed is not None:
        from reader.cli.feeds import run_list_feed

        return run_list_feed(args)
    entries = collect(args.paths)
    if not entries:
        raise ReaderError(common.visible(
            f"no article files found in: {', '.join(map(str, args.paths))}"))
    if args.json:
        common.print_json(entries)
    else:
        common.print_lines(table(entries))
    return 0


# --- summarize ------------------------------------------------------------------------

def compute(services, article, language: str, algorithm: str, count: int | None,
            ratio: float | None):
    """The Summary of `article`. A plain sentence count in the article's own language goes
    through the results cache the reader's UI uses; other requests are computed afresh."""
    if ratio is None and language == article.language:
        return services.summarize(article, algorithm, count)
    from reader.nlp.summary.summarize import summarize

    return summarize(article.text, language, algorithm, sentences=count, ratio=ratio,
                     title=article.title, blocks=article.blocks or None)


def run_summarize(args) -> int:
    from reader.nlp.summary.choices import DEFAULT_ALGORITHM, DEFAULT_SENTENCES, check_algorithm

    with common.services() as services:
        settings = services.settings
        article = common.load_article(args.path, services.store)
        algorithm = check_algorithm(args.algorithm or settings.summary_algorithm
                                    or DEFAULT_ALGORITHM)
        language = args.language or article.language
        count = args.sentences
        if count is None and args.ratio is None:
            count = settings.summary_sentences or DEFAULT_SENTENCES
        summary = compute(services, article, language, algorithm, count, args.ratio)
    note = summary.note
    sentences = [{"start": s.start, "end": s.end, "text": article.text[s.start:s.end]}
                 for s in summary.sentences]
    if args.json:
        result = {"article": article.as_json(), "algorithm": algorithm,
                  "sentences": sentences}
        if note:
            result["note"] = note
        common.print_json(result)
        return 0
    lines = [common.visible(article.title, single_line=True), ""]
    lines += [f"  • {common.visible(s['text'], single_line=True)}" for s in sentences]
    if note:
        lines += ["", f"note: {common.visible(note, single_line=True)}"]
    common.print_lines(lines)
    return 0
