"""`reader cache`: how much is kept that can be computed again, and `reader cache clear`.

Summaries, translations and entities are cached in the state database (see
reader.library.cache). They never go stale by themselves: a changed article or model gets
new keys. The catalog (reader.library.catalog) keeps what reading each article file gave,
until the file changes. Clearing is for reclaiming space or forcing a fresh computation
(every file is read again at the next open); reading marks, positions and preferences are
kept.
"""

from __future__ import annotations

import argparse

from reader.cli import common
from reader.library.cache import KINDS as RESULT_KINDS

CATALOG = "catalog"
KINDS = (*RESULT_KINDS, CATALOG)


def _kind(value: str) -> str:
    if value not in KINDS:
        raise argparse.ArgumentTypeError(f"not a kind of result: {value!r} "
                                         f"(choose from {', '.join(KINDS)})")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "cache", help="count or clear cached summaries, translations, entities and the "
                      "catalog of article files",
        description="Without an action: how many results of each kind are cached, and "
                    "how many files the catalog knows.")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run_counts)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    clear = actions.add_parser(
        "clear", help="delete cached results (all kinds unless named)",
        description="Delete cached results; reading marks, positions and preferences stay.")
    clear.add_argument("kinds", nargs="*", type=_kind, metavar="KIND",
                       help=f"one of: {', '.join(KINDS)} (default: all)")
    clear.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                       help="print JSON")
    clear.set_defaults(run=run_clear)


def run_counts(args) -> int:
    from reader.library.cache import ResultCache
    from reader.library.catalog import Catalog

    with common.services() as services:
        counts = ResultCache(services.store).counts()
        counts[CATALOG] = Catalog(services.store).count()
        where = str(services.store.path)
    if args.json:
        common.print_json({"database": where, "counts": counts})
    else:
        common.print_lines([*(f"{kind:<12} {count}" for kind, count in counts.items()),
                            f"in {common.visible(where, single_line=True)}"])
    return 0


def run_clear(args) -> int:
    from reader.library.cache import ResultCache

    from reader.cli import replay
    from reader.library.catalog import Catalog

    kinds = list(dict.fromkeys(args.kinds)) or list(KINDS)
    results = [k for k in kinds if k != CATALOG]
    with common.services() as services:
        deleted = ResultCache(services.store).clear(results) if results else 0
        if CATALOG in kinds:
            deleted += Catalog(services.store).clear()
    replay.clear()  # kept answers hold results of every kind, and lists of files
    if args.json:
        common.print_json({"cleared": kinds, "deleted": deleted})
    else:
        common.write(f"deleted {deleted} cached result{'s' if deleted != 1 else ''} "
                     f"({', '.join(kinds)})\n")
    return 0
