"""`reader feeds add|list|remove|import|export`: the subscriptions, for people and scripts.

`add` checks each address on the network (a page is searched for its feed); `import`
takes an OPML file as other readers write it and subscribes without fetching; `export`
prints OPML 2.0. JSON forms are documented in README.md. Titles come from the web and are
printed through `common.visible`, never raw.
"""

from __future__ import annotations

from reader.cli import common
from reader.cli.library import opened
from reader.errors import ReaderError

FULL_TEXT = {"auto": None, "always": True, "never": False}
OPML_LIMIT = 16 * 2**20


def register(subparsers) -> None:
    feeds = subparsers.add_parser(
        "feeds", help="subscriptions: add, list, remove, import and export feeds",
        description="Manage the feeds reader follows. `reader fetch` fetches them.",
    )
    commands = feeds.add_subparsers(dest="feeds_command", metavar="COMMAND", required=True)

    add = commands.add_parser("add", help="subscribe to feeds (or to the feed a page names)")
    add.add_argument("urls", nargs="+", metavar="URL", help="a feed, or a page that links one")
    add.add_argument("--folder", default=None, help="put the feeds in this folder")
    add.add_argument("--full-text", choices=tuple(FULL_TEXT), default=None,
                     help="fetch each entry's page: auto (when the entry is a short teaser; "
                     "the default), always or never")
    add.add_argument("--json", action="store_true", help="print JSON")
    add.set_defaults(run=run_add)

    lister = commands.add_parser("list", help="the subscriptions, with counts and status")
    lister.add_argument("--json", action="store_true", help="print JSON")
    lister.set_defaults(run=run_list)

    remove = commands.add_parser("remove", help="unsubscribe (starred articles are kept)")
    remove.add_argument("urls", nargs="+", metavar="URL")
    remove.set_defaults(run=run_remove)

    importer = commands.add_parser("import", help="subscribe to the feeds of an OPML file")
    importer.add_argument("file", metavar="FILE.opml")
    importer.add_argument("--json", action="store_true", help="print JSON")
    importer.set_defaults(run=run_import)

    exporter = commands.add_parser("export", help="the subscriptions as OPML 2.0 on stdout")
    exporter.set_defaults(run=run_export)


def _line(text) -> str:
    return common.visible(text or "", single_line=True)


def _report(outcomes, as_json: bool) -> int:
    """Print add/import outcomes; 1 when any failed."""
    failed = [o for o in outcomes if o.status == "error"]
    if as_json:
        common.print_json([o.as_json() for o in outcomes])
    else:
        common.print_lines(f"{o.status:<7} {_line(o.url)}  {_line(o.title)}".rstrip()
                           for o in outcomes if o.status != "error")
    for outcome in failed:
        common.error(f"{outcome.url}: {outcome.error}")
    return 1 if failed else 0


def run_add(args) -> int:
    from reader.library.feeds.add import add

    with opened() as (_settings, store):
        outcomes = add(store, args.urls, full_text=FULL_TEXT.get(args.full_text),
                       folder=args.folder)
    return _report(outcomes, args.json)


def feed_json(feed) -> dict:
    """The `reader feeds list --json` object of one subscription."""
    from reader.library.archive import iso_time

    status = "error" if feed.status == "gone" else feed.status
    data = {"url": feed.url, "title": feed.title, "articles": feed.articles,
            "unread": feed.unread, "fetched": iso_time(feed.fetched), "status": status}
    if feed.error and status == "error":
        data["error"] = feed.error
    return data


def run_list(args) -> int:
    from reader.library.feeds.subscriptions import feeds

    with opened() as (_settings, store):
        found = feeds(store)
    rows = [feed_json(f) for f in found]
    if args.json:
        common.print_json(rows)
        return 0
    if not rows:
        common.print_lines(["no feeds yet: add one with reader feeds add URL"])
        return 0
    lines = [f"{'STATUS':<6}  {'ARTICLES':>8}  {'UNREAD':>6}  {'FETCHED':<16}  TITLE / URL"]
    for row in rows:
        fetched = (row["fetched"] or "never")[:16].replace("T", " ")
        lines.append(f"{row['status']:<6}  {row['articles']:>8}  {row['unread']:>6}  "
                     f"{fetched:<16}  {_line(row['title'] or row['url'])}")
        lines.append(f"{'':<44}{_line(row['url'])}")
        if row.get("error"):
            lines.append(f"{'':<44}{_line(row['error'])}")
    common.print_lines(lines)
    return 0


def run_remove(args) -> int:
    from reader.library.feeds.subscriptions import unsubscribe

    missing = []
    with opened() as (_settings, store):
        for url in args.urls:
            if unsubscribe(store, url.strip()):
                common.print_lines([f"removed {_line(url)}"])
            else:
                missing.append(url)
    for url in missing:
        common.error(f"{url}: not subscribed (reader feeds list shows the subscriptions)")
    return 1 if missing else 0


def run_import(args) -> int:
    from reader.library.feeds import opml
    from reader.library.feeds.add import Added
    from reader.library.feeds.policy import check_scheme
    from reader.library.feeds.subscriptions import subscribe

    try:
        with open(args.file, "rb") as handle:
            data = handle.read(OPML_LIMIT + 1)
    except OSError as exc:
        raise ReaderError(f"{args.file}: {exc.strerror or exc}") from None
    if len(data) > OPML_LIMIT:
        raise ReaderError(f"{args.file}: larger than {OPML_LIMIT // 2**20} MiB; not OPML")
    outlines = opml.read(data)
    outcomes = []
    with opened() as (_settings, store):
        for outline in outlines:
            try:
                check_scheme(outline.url)
            except ReaderError as exc:
                outcomes.append(Added(outline.url, outline.title, "error", str(exc)))
                continue
            feed, created = subscribe(store, outline.url, title=outline.title,
                                      site=outline.site, folder=outline.folder)
            outcomes.append(Added(feed.url, feed.title, "added" if created else "exists"))
    if not outlines and not args.json:
        common.error(f"{args.file}: no feeds in this OPML file")
    return _report(outcomes, args.json)


def run_export(args) -> int:
    from reader.library.feeds import opml
    from reader.library.feeds.subscriptions import feeds

    with opened() as (_settings, store):
        found = feeds(store)
    common.write(opml.write(found))
    return 0


def run_list_feed(args) -> int:
    """`reader list --feed URL|all`: the articles kept from one feed or from all."""
    from reader.cli.articles import table
    from reader.library import archive
    from reader.library.feeds.subscriptions import get

    with opened() as (_settings, store):
        url = None if args.feed == "all" else args.feed
        if url is not None and get(store, url) is None:
            raise ReaderError(f"{url}: not subscribed (reader feeds list shows the subscriptions)")
        entries = [kept.as_json() for kept in archive.listing(store, url)]
    if args.json:
        common.print_json(entries)
    elif entries:
        common.print_lines(table([{**e, "path": e["url"] or ""} for e in entries]))
    else:
        common.error("no articles yet: reader fetch fetches the feeds")
    return 0
