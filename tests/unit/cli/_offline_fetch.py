"""Run inside a network namespace that has only loopback (`unshare -rn`): serve good and
hostile feeds on 127.0.0.1, subscribe to them and to one outside address, run the
installed `reader fetch --json` as a process, and print what happened as JSON."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.unit.library.feeds.conftest import fixture_bytes
from tests.unit.library.feeds.test_parse import BILLION_LAUGHS, quadratic
from tests.webserver import Answer, LocalWeb, endless, redirect

OUTSIDE = "http://93.184.216.34/feed.xml"
UNKNOWN_HOST = "http://feeds.invalid/rss"


def main() -> None:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    web = LocalWeb()
    web.set("/keeper", body=fixture_bytes("article.html"), content_type="text/html")
    urls = [
        web.set("/rss.xml", body=fixture_bytes("rss20.xml", LIGHTHOUSE_LINK=web.url("/keeper"))),
        web.set("/feed.json", body=fixture_bytes("feed.json"), content_type="application/json"),
        web.set("/huge.xml", endless()),
        web.set("/laughs.xml", Answer(BILLION_LAUGHS)),
        web.set("/quadratic.xml", Answer(quadratic())),
        web.set("/loop.xml", redirect("/loop.xml")),
        web.set("/page.html", body=b"<!DOCTYPE html><html><p>hi</p></html>",
                content_type="text/html"),
        OUTSIDE,
        UNKNOWN_HOST,
    ]
    with tempfile.TemporaryDirectory() as home:
        env = {name: value for name, value in os.environ.items()
               if not name.lower().endswith("_proxy")}
        env.update(READER_DATA_DIR=home, READER_CONFIG=f"{home}/none.toml")
        opml = Path(home, "feeds.opml")
        opml.write_text("<opml version='2.0'><body>" + "".join(
            f"<outline type='rss' text='feed' xmlUrl='{u}'/>" for u in urls) + "</body></opml>")
        reader = [sys.executable, "-m", "reader"]
        subprocess.run([*reader, "feeds", "import", str(opml)], env=env, check=True,
                       capture_output=True)
        started = time.monotonic()
        fetched = subprocess.run([*reader, "fetch", "--json"], env=env, capture_output=True,
                                 text=True, timeout=300)
        elapsed = time.monotonic() - started
    web.close()
    print(json.dumps({
        "code": fetched.returncode, "results": json.loads(fetched.stdout or "null"),
        "stderr": fetched.stderr, "seconds": elapsed,
        "max_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
