"""`python -m reader` as a real process: exit codes, JSON on stdout, and a reader of stdout
that goes away early (`reader list DIR | head -1`) never causes a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from reader import __version__


def reader(*argv, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *map(str, argv)],
                          capture_output=True, text=True, timeout=120, **kwargs)


def test_version_and_list_json(seed_path):
    version = reader("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"reader {__version__}"
    listed = reader("list", seed_path.parent, "--json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    assert [e["status"] for e in entries] == ["ok"] * len(entries) and entries


def test_exit_codes_and_clean_stderr(tmp_path, seed_path):
    missing = reader("summarize", tmp_path / "missing.txt")
    assert missing.returncode == 1
    assert missing.stderr.startswith("reader: ") and "Traceback" not in missing.stderr
    usage = reader("summarize", seed_path, "-n", "2", "--ratio", "0.5")
    assert usage.returncode == 2 and "usage:" in usage.stderr


def test_closed_stdout_is_not_an_error(seed_path):
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "reader", "summarize", str(seed_path), "--json"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert proc.returncode == 0, proc.stderr
