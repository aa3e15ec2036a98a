"""The Apertium backend: rule-based translation with Debian's `apertium` command.

No model files, no Python ML libraries: one `apertium eng-spa` process per batch. The
sentences go in separated by blank lines (Apertium's text format keeps them), and the
output is split back; if the count ever differs, each sentence is translated alone, so
the result stays 1:1.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from reader.errors import ModelMissing, ReaderError
from reader.library.language import base_code, three_letter

MODES = Path("/usr/share/apertium/modes")
# Debian's Apertium pair packages (names as `apt-cache search apertium` lists them; they
# mix two- and three-letter codes) by the two ISO 639-1 languages each one is about.
DEBIAN_PACKAGES = {
    frozenset(pair): f"apertium-{name}" for name, pair in (
        ("afr-nld", ("af", "nl")), ("arg-cat", ("an", "ca")), ("bel-rus", ("be", "ru")),
        ("br-fr", ("br", "fr")), ("cat-ita", ("ca", "it")), ("cat-srd", ("ca", "sc")),
        ("dan-nor", ("da", "no")), ("en-gl", ("en", "gl")), ("eng-cat", ("en", "ca")),
        ("eng-spa", ("en", "es")), ("eo-ca", ("eo", "ca")), ("eo-en", ("eo", "en")),
        ("eo-es", ("eo", "es")), ("eo-fr", ("eo", "fr")), ("es-gl", ("es", "gl")),
        ("es-pt", ("es", "pt")), ("es-ro", ("es", "ro")), ("eu-en", ("eu", "en")),
        ("eu-es", ("eu", "es")), ("fr-es", ("fr", "es")), ("fra-cat", ("fr", "ca")),
        ("hbs-eng", ("sh", "en")), ("hbs-mkd", ("sh", "mk")), ("hbs-slv", ("sh", "sl")),
        ("ind-zlm", ("id", "ms")), ("isl-eng", ("is", "en")), ("isl-swe", ("is", "sv")),
        ("mkd-bul", ("mk", "bg")), ("mkd-eng", ("mk", "en")), ("nno-nob", ("nn", "nb")),
        ("oc-ca", ("oc", "ca")), ("oc-es", ("oc", "es")), ("oci-fra", ("oc", "fr")),
        ("por-cat", ("pt", "ca")), ("pt-gl", ("pt", "gl")), ("rus-ukr", ("ru", "uk")),
        ("spa-arg", ("es", "an")), ("spa-ast", ("es", "ast")), ("spa-cat", ("es", "ca")),
        ("spa-ita", ("es", "it")), ("srd-ita", ("sc", "it")), ("swe-dan", ("sv", "da")),
        ("swe-nor", ("sv", "no")), ("urd-hin", ("ur", "hi")),
    )
}
_BLANK = re.compile(r"\n[ \t]*\n")
TIMEOUT = 120

def apertium_code(language: str) -> str:
    """The code Apertium names a language by: ISO 639-3 ("es" -> "spa")."""
    return three_letter(language)


def iso_code(apertium: str) -> str:
    """The ISO 639-1 code for an Apertium language code ("eng" -> "en", "spa_ES" -> "es")."""
    return base_code(apertium.split("_")[0])


def _mode_names() -> list[str]:
    if shutil.which("apertium") is None:
        return []
    try:
        out = subprocess.run(["apertium", "-l"], capture_output=True, text=True, timeout=20)
        names = out.stdout.split()
    except (OSError, subprocess.SubprocessError):
        names = []
    if not names and MODES.is_dir():
        names = [p.stem for p in MODES.glob("*.mode")]
    return names


def installed_pairs() -> list[tuple[str, str]]:
    """(source, target) ISO 639-1 pairs of the installed Apertium language pairs."""
    pairs = {tuple(iso_code(c) for c in n.split("-")) for n in _mode_names() if n.count("-") == 1}
    return sorted(pairs)


def debian_package(source: str, target: str) -> str | None:
    """The Debian package with Apertium's data for the two languages, if there is one."""
    return DEBIAN_PACKAGES.get(frozenset((source, target)))


def pair_name(source: str, target: str) -> str | None:
    """The installed mode that translates source -> target (e.g. "eng-spa"), if any."""
    wanted = f"{apertium_code(source)}-{apertium_code(target)}"
    return wanted if wanted in _mode_names() else None


class ApertiumTranslator:
    backend = "apertium"
    pivot = False
    max_tokens = None
    batch_size = 64

    def __init__(self, source: str, target: str) -> None:
        name = pair_name(source, target)
        if name is None:
            package = debian_package(source, target)
            if package is None:
                raise ModelMissing(f"Apertium has no pair for {source} -> {target} in Debian; "
                                   f"try a model instead: reader models pull {source}-{target}")
            raise ModelMissing(f"no Apertium pair for {source} -> {target} is installed",
                               f"sudo apt install {package}")
        self.source, self.target = source, target
        self.mode = name
        self.model_id = f"apertium-{name}"
        self.settings = "unknown-marks=off"

    def _run(self, text: str) -> str:
        try:
            out = subprocess.run(["apertium", "-u", self.mode], input=text, capture_output=True,
                                 text=True, timeout=TIMEOUT)
        except (OSError, subprocess.SubprocessError) as exc:
            raise ReaderError(f"apertium {self.mode} failed: {exc}") from None
        if out.returncode != 0:
            raise ReaderError(f"apertium {self.mode} failed: {out.stderr.strip()[:200]}")
        return out.stdout

    def translate(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        clean = [" ".join(t.split()) for t in texts]
        parts = [p.strip() for p in _BLANK.split(self._run("\n\n".join(clean) + "\n").strip())]
        if len(parts) == len(clean) and all(bool(p) == bool(c) for p, c in zip(parts, clean)):
            return parts
        return [self._run(c + "\n").strip() if c else "" for c in clean]
