"""`reader fetch [URL...]`: fetch every feed (or the named ones) and keep new articles.

On a terminal a progress bar on stderr counts the feeds done; each failure is one line on
stderr. The exit code is 0 when every feed was fetched and 1 when any failed, so a cron
job can tell. --json prints one object per feed (documented in README.md).
"""

from __future__ import annotations

import sys

from reader.cli import common
from reader.cli.library import opened
from reader.errors import ReaderError

BAR_CELLS = 24


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "fetch", help="fetch the feeds and keep their new articles",
        description="Fetch every subscribed feed, or the ones named, in parallel.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="subscribed feeds to fetch")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


class Bar:
    """`fetching [#####.....] 12/200` on stderr, redrawn in place; only on a terminal."""

    def __init__(self, total: int, stream=None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 0

    def show(self, done: int) -> None:
        if self.enabled:
            filled = BAR_CELLS * done // self.total
            bar = "#" * filled + "." * (BAR_CELLS - filled)
            self.stream.write(f"\rfetching [{bar}] {done}/{self.total}")
            self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run(args) -> int:
    from reader.library.feeds.refresh import refresh
    from reader.library.feeds.subscriptions import feeds

    with opened() as (settings, store):
        known = {feed.url for feed in feeds(store)}
        unknown = [u for u in args.urls if u not in known]
        for url in unknown:
            common.error(f"{url}: not subscribed (add it with: reader feeds add {url})")
        if args.urls and len(unknown) == len(args.urls):
            return 1
        if not known:
            raise ReaderError("no feeds yet: add one with reader feeds add URL")
        bar = Bar(len(args.urls or known) - len(unknown))
        bar.show(0)

        def progress(result, done, total):
            if result.failed:
                bar.clear()
                common.error(f"{result.url}: {result.error}")
            bar.show(done)

        try:
            results = refresh(store, [u for u in args.urls if u in known] or None,
                              keep_days=settings.keep_days, progress=progress)
        finally:
            bar.clear()
    if args.json:
        common.print_json([r.as_json() for r in results])
    else:
        common.print_lines(_lines(results))
    return 1 if unknown or any(r.failed for r in results) else 0


def _lines(results) -> list[str]:
    lines = []
    for r in results:
        if r.status == "ok" and r.new:
            title = common.visible(r.title or r.url, single_line=True)
            lines.append(f"{r.new:>5} new  {title}")
    new = sum(r.new for r in results)
    failed = sum(r.failed for r in results)
    summary = f"{len(results)} feeds fetched, {new} new articles"
    lines.append(summary + (f", {failed} failed" if failed else ""))
    return lines
