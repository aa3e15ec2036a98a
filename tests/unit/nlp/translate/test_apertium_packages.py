"""The Apertium install hint names packages Debian really has (checked with apt-cache)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from reader.nlp.translate.apertium import DEBIAN_PACKAGES, debian_package


def _apt_cache(*names: str) -> subprocess.CompletedProcess:
    return subprocess.run(["apt-cache", "show", "--no-all-versions", *names],
                          capture_output=True, text=True, timeout=60)


def test_every_package_named_in_hints_exists():
    if shutil.which("apt-cache") is None or _apt_cache("apertium").returncode != 0:
        pytest.skip("no apt-cache with Debian's package lists here")
    done = _apt_cache(*sorted(set(DEBIAN_PACKAGES.values())))
    assert done.returncode == 0, done.stderr


def test_the_package_is_found_in_either_direction():
    assert debian_package("en", "es") == debian_package("es", "en") == "apertium-eng-spa"
    assert debian_package("vo", "es") is None
