"""`reader fetch` as a real process with the network cut except loopback.

The test runs tests/unit/cli/_offline_fetch.py in a new user and network namespace
(`unshare -rn`), where only the loopback interface exists: nothing can reach outside,
by construction, and the one outside address subscribed must fail at once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _namespaces_work() -> str | None:
    """None when `unshare -rn` can run here, else why not."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare or ip is not installed"
    probe = subprocess.run(["unshare", "-rn", "ip", "link", "set", "lo", "up"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return f"unshare -rn is not allowed here: {probe.stderr.strip()[:200]}"
    return None


def test_fetch_with_only_loopback(tmp_path):
    reason = _namespaces_work()
    if reason:
        pytest.skip(reason)
    proc = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "tests.unit.cli._offline_fetch"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    results = {r["url"].rsplit("/", 1)[1]: r for r in report["results"]}
    assert report["code"] == 1  # some feeds failed
    assert (results["rss.xml"]["status"], results["rss.xml"]["new"]) == ("ok", 3)
    assert (results["feed.json"]["status"], results["feed.json"]["new"]) == ("ok", 2)
    assert "larger than the 8 MiB limit" in results["huge.xml"]["error"]
    assert "more than 5 redirects" in results["loop.xml"]["error"]
    assert results["page.html"]["error"] == "an HTML page, not a feed"
    assert results["laughs.xml"]["status"] in ("ok", "error")
    assert results["quadratic.xml"]["status"] in ("ok", "error")
    outside = results["feed.xml"]
    assert outside["status"] == "error" and outside["error"].startswith("could not connect")
    assert outside["seconds"] < 10
    assert results["rss"]["error"] == "cannot find the address of feeds.invalid"
    failures = [line for line in report["stderr"].splitlines() if line.startswith("reader: ")]
    assert len(failures) == sum(r["status"] in ("error", "gone") for r in report["results"])
    assert report["max_rss_kib"] < 1024 * 1024  # under 1 GiB, whatever the servers sent
    assert report["seconds"] < 120
