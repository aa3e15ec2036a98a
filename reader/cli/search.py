"""`reader search QUERY`: full-text search over every article kept in the library.

Words must all match (a trailing * matches a prefix, "quotes" keep a phrase); results are
ranked, best first, each with the passage that matched. --json gives offsets into the
article's text, as every other subcommand does (documented in README.md).
"""

from __future__ import annotations

from reader.cli import common
from reader.cli.library import opened

def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "search", help="search the full text of the articles in the library",
        description="Search every article kept in the library (feeds, saved pages).",
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="words or \"a phrase\"")
    parser.add_argument("--limit", "-n", type=common.at_least_one, default=20,
                        help="how many results (default 20)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args) -> int:
    from reader.library.search import search

    with opened() as (_settings, store):
        hits = search(store, " ".join(args.query), limit=args.limit)
    if args.json:
        common.print_json([hit.as_json() for hit in hits])
        return 0
    if not hits:
        common.error("nothing found")
        return 0
    lines = []
    for hit in hits:
        lines.append(f"{hit.id}  {_cut(common.visible(hit.title, single_line=True), 60)}")
        lines.append(f"    {_cut(common.visible(hit.passage, single_line=True), 150)}")
    common.print_lines(lines)
    return 0


def _cut(text: str, length: int) -> str:
    """At most `length` characters, cut at a word with an ellipsis when longer."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"
