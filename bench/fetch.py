"""`reader fetch` against `newsboat -x reload`: the same feeds, served locally, same run.

N feeds of M items each (full article text in every item, as text-first feeds send it)
are served by an asyncio HTTP server on loopback, spread over several loopback addresses
as feeds are spread over sites, with a fixed latency added to every response. Each round
gives each tool a fresh cache and times two runs as whole processes: the first fetch
(every item new) and the second (nothing changed: each feed answers 304 Not Modified to
the conditional GET). Tools take turns in alternating order; the table gives medians.

newsboat runs with its defaults (one feed at a time) and again with as many reload
threads as reader has connections, so both the experience out of the box and the
like-for-like comparison are shown. `--compare NAME=PYTHON` adds the reader another
Python has installed (another checkout, before a change, say) to the same rounds.

    python bench/fetch.py [--feeds 200] [--items 50] [--latency 0.1] [--rounds 3]
                          [--compare NAME=PYTHON]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import html
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from pathlib import Path

from corpus import ROOT, english_articles

HOSTS = 50
PORT = 18765


def make_feeds(count: int, items: int, undeclared_every: int) -> dict[str, bytes]:
    """path -> RSS 2.0 document; each item 3 to 8 paragraphs (about 250 words) drawn from
    the English articles, after a line that makes it unique."""
    paragraphs = [p for a in english_articles() for p in a.text.split("\n") if 80 < len(p) < 1200]
    rng = random.Random(7)
    now = time.time()
    feeds = {}
    for f in range(count):
        language = "" if undeclared_every and f % undeclared_every == 0 else \
            "<language>en</language>"
        parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
                 f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                 f"<title>Bench feed {f}</title><link>https://site{f}.example/</link>"
                 f"{language}<description>Feed {f}</description>"]
        for i in range(items):
            chosen = [f"Report {i} of site {f}."] + rng.sample(paragraphs, rng.randint(3, 8))
            body = "".join(f"<p>{html.escape(p)}</p>" for p in chosen)
            title = html.escape(rng.choice(paragraphs)[:70])
            parts.append(
                f"<item><title>{title}</title><link>https://site{f}.example/{i}</link>"
                f"<guid>site{f}-{i}</guid><pubDate>{formatdate(now - 600 * (i + 1))}</pubDate>"
                f"<description>{html.escape(body[:200])}</description>"
                f"<content:encoded>{html.escape(body)}</content:encoded></item>")
        parts.append("</channel></rss>")
        feeds[f"/feed{f}.xml"] = "".join(parts).encode()
    return feeds


class Server:
    """HTTP/1.1 with keep-alive, ETag and Last-Modified; counts 200s and 304s."""

    def __init__(self, feeds: dict[str, bytes], latency: float) -> None:
        self.feeds = feeds
        self.latency = latency
        self.modified = formatdate(time.time() - 86400, usegmt=True)
        self.etags = {p: '"%s"' % hashlib.sha1(b).hexdigest()[:16] for p, b in feeds.items()}
        self.counts = {200: 0, 304: 0, 404: 0}
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        for host in range(1, HOSTS + 1):
            self.loop.run_until_complete(
                asyncio.start_server(self._serve, f"127.0.0.{host}", PORT, backlog=512))
        self.ready.set()
        self.loop.run_forever()

    async def _serve(self, reader, writer) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.lower(): v.strip() for k, _, v in
                           (line.partition(":") for line in lines[1:] if line)}
                await asyncio.sleep(self.latency)
                writer.write(self._answer(path, headers))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    def _answer(self, path: str, headers: dict) -> bytes:
        body = self.feeds.get(path)
        if body is None:
            self.counts[404] += 1
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        etag = self.etags[path]
        if headers.get("if-none-match") == etag or \
                headers.get("if-modified-since") == self.modified:
            self.counts[304] += 1
            return (f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\n"
                    f"Last-Modified: {self.modified}\r\n\r\n").encode()
        self.counts[200] += 1
        return (f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                f"Content-Length: {len(body)}\r\nETag: {etag}\r\n"
                f"Last-Modified: {self.modified}\r\n\r\n").encode() + body

    def take_counts(self) -> dict:
        counts, self.counts = self.counts, {200: 0, 304: 0, 404: 0}
        return counts


def urls(feeds: dict) -> list[str]:
    return [f"http://127.0.0.{i % HOSTS + 1}:{PORT}{path}" for i, path in enumerate(feeds)]


def timed(argv: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of running a process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode not in (0,):
        raise SystemExit(f"{argv[:3]} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed, cpu


def reader_round(feed_urls: list[str], server: Server, work: Path,
                 python: str = sys.executable):
    """((wall, cpu) of the first fetch, (wall, cpu) of the second, articles kept), with
    reader as `python` imports it."""
    home = work / "reader"
    home.mkdir()
    env = {**os.environ, "READER_DATA_DIR": str(home), "READER_CONFIG": str(home / "none.toml")}
    opml = home / "feeds.opml"
    opml.write_text("<opml version='2.0'><body>" + "".join(
        f"<outline type='rss' text='f' xmlUrl='{u}'/>" for u in feed_urls) + "</body></opml>")
    command = [python, "-m", "reader"]
    subprocess.run([*command, "feeds", "import", str(opml)], env=env, check=True,
                   capture_output=True)
    server.take_counts()
    first = timed([*command, "fetch"], env)
    server.take_counts()
    second = timed([*command, "fetch"], env)
    if server.take_counts()[304] != len(feed_urls):
        raise SystemExit("reader: the second fetch was not answered with 304s")
    with sqlite3.connect(home / "reader.sqlite3") as db:
        kept = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    return first, second, kept


def newsboat_round(feed_urls: list[str], server: Server, work: Path, threads: int):
    """Like reader_round; newsboat's first conditional GET comes only on its third reload
    (its second stores the validators: newsboat issue 2734), so that one is timed."""
    home = work / f"newsboat{threads}"
    home.mkdir()
    (home / "urls").write_text("".join(u + "\n" for u in feed_urls))
    (home / "config").write_text(f"reload-threads {threads}\n")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home),
           "XDG_DATA_HOME": str(home)}
    command = ["newsboat", "-u", str(home / "urls"), "-c", str(home / "cache.db"),
               "-C", str(home / "config"), "-x", "reload"]
    server.take_counts()
    first = timed(command, env)
    timed(command, env)
    server.take_counts()
    second = timed(command, env)
    if server.take_counts()[304] != len(feed_urls):
        raise SystemExit("newsboat: the third fetch was not answered with 304s")
    with sqlite3.connect(home / "cache.db") as db:
        kept = db.execute("SELECT COUNT(*) FROM rss_item").fetchone()[0]
    return first, second, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per response")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compare", metavar="NAME=PYTHON", action="append", default=[],
                        help="also time the reader another Python has installed (another "
                             "checkout, say) under NAME")
    parser.add_argument("--undeclared-every", type=int, default=5,
                        help="every Nth feed declares no language (0: all declare one)")
    args = parser.parse_args()
    if shutil.which("newsboat") is None:
        raise SystemExit("newsboat is not installed (Debian: apt-get install newsboat)")
    sys.path.insert(0, str(ROOT))
    from reader.library.feeds.client import Limits

    parallel = Limits().parallel
    feeds = make_feeds(args.feeds, args.items, args.undeclared_every)
    server = Server(feeds, args.latency)
    feed_urls = urls(feeds)
    tools = {"reader": lambda work: reader_round(feed_urls, server, work),
             "newsboat (defaults)": lambda work: newsboat_round(feed_urls, server, work, 1),
             f"newsboat ({parallel} threads)":
                 lambda work: newsboat_round(feed_urls, server, work, parallel)}
    for other in args.compare:
        name, _, python = other.partition("=")
        tools[f"reader ({name})"] = \
            lambda work, python=python: reader_round(feed_urls, server, work, python)
    runs = {name: {"first": [], "second": []} for name in tools}
    kept = {}
    args.load_before = os.getloadavg()[0]
    for round_number in range(args.rounds):
        order = list(tools) if round_number % 2 == 0 else list(reversed(tools))
        for name in order:
            with tempfile.TemporaryDirectory() as work:
                first, second, kept[name] = tools[name](Path(work))
            runs[name]["first"].append(first)
            runs[name]["second"].append(second)
            print(f"round {round_number + 1}: {name}: first {first[0]:.2f} s "
                  f"(cpu {first[1]:.2f}), second {second[0]:.2f} s (cpu {second[1]:.2f})",
                  file=sys.stderr)
    report(args, runs, kept)


def report(args, runs: dict, kept: dict) -> None:
    def median(name, which, part):
        return statistics.median(run[part] for run in runs[name][which])

    print(f"\n{args.feeds} feeds x {args.items} items, {args.latency * 1000:.0f} ms per "
          f"response, medians of {args.rounds} rounds, load average {args.load_before:.1f} "
          f"at the start and {os.getloadavg()[0]:.1f} at the end; wall seconds (CPU seconds);"
          f" ratio = reader / tool\n")
    print(f"{'tool':<22} {'first fetch':>16} {'second (304s)':>15} {'kept':>6}"
          f" {'ratio 1st':>10} {'ratio 2nd':>10}")
    print("-" * 84)
    for name in runs:
        first = [median(name, "first", i) for i in (0, 1)]
        second = [median(name, "second", i) for i in (0, 1)]
        ratio_first = median("reader", "first", 0) / first[0]
        ratio_second = median("reader", "second", 0) / second[0]
        print(f"{name:<22} {first[0]:>7.2f} ({first[1]:>5.2f}) {second[0]:>6.2f} "
              f"({second[1]:>5.2f}) {kept[name]:>6} {ratio_first:>10.2f} {ratio_second:>10.2f}")


if __name__ == "__main__":
    main()
