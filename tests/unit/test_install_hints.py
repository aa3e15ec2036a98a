"""Every install command the program prints or the README shows names this project as
published (`reader-tui`), an extra it defines, or a package it depends on; `reader` on the
package index is another project."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from reader import extras
from reader.errors import MissingDependency, needs_ml
from reader.nlp.models.catalog import resolve
from reader.nlp.models.download import offline_help

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Tools the README runs that are not the project's own dependencies, by their index names.
TOOLS = {"tox"}
HINT = re.compile(r"pip install((?:[ \t]+(?:-\S+|'[^'\n]*'|\"[^\"\n]*\"|[^\s`'\"()&;|\\]+))+)")
REQUIREMENT = re.compile(r"^([A-Za-z0-9._-]+)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dependencies() -> set[str]:
    listed = [*PROJECT["dependencies"],
              *(d for group in PROJECT["optional-dependencies"].values() for d in group)]
    return {normal(REQUIREMENT.match(d).group(1)) for d in listed}


def problems(hint: str) -> list[str]:
    """What is wrong with each package named after `pip install` in `hint` (none: [])."""
    found = HINT.search(hint)
    if found is None:
        return [f"no pip install command in {hint!r}"]
    wrong = []
    for token in found.group(1).split():
        spec = token.strip("'\"")
        if spec.startswith("-"):
            continue
        name, _, rest = spec.partition("[")
        wanted = {e.strip() for e in rest.rstrip("]").split(",") if e.strip()}
        if name in (".", "") or normal(name) == normal(PROJECT["name"]):
            unknown = wanted - set(PROJECT["optional-dependencies"])
            if unknown or name == "":
                wrong.append(f"{spec}: no such extra {sorted(unknown)}")
        elif wanted or normal(name) not in dependencies() | TOOLS:
            wrong.append(f"{spec}: not this project, its extras or its dependencies")
    return wrong


def printed_hints() -> list[str]:
    @needs_ml("testing")
    def without_torch():
        raise ModuleNotFoundError("No module named 'torch'", name="torch")

    with pytest.raises(MissingDependency) as caught:
        without_torch()
    return [extras.install_hint(), str(caught.value),
            offline_help(resolve("en-de"), "no network")]


def written_hints() -> list[tuple[str, str]]:
    files = [*sorted((ROOT / "reader").rglob("*.py")), ROOT / "README.md",
             *sorted((ROOT / "bench").glob("*.md")), ROOT / ".ci" / "run"]
    found = [(str(f.relative_to(ROOT)), m.group(0)) for f in files if f.is_file()
             for m in HINT.finditer(f.read_text(encoding="utf-8"))]
    return [(where, hint) for where, hint in found if "{" not in hint]  # templates: printed


def test_printed_hints_install_this_project():
    hints = printed_hints()
    assert all("pip install" in h for h in hints)
    assert f"pip install '{PROJECT['name']}[ml]'" in hints[1]
    assert ".venv/bin/pip install '.[ml]'" in hints[1]
    for hint in hints:
        for line in hint.splitlines():
            if "pip install" in line:
                assert problems(line) == [], line


def test_hints_in_the_source_and_the_readme_install_this_project():
    found = written_hints()
    assert any(where == "README.md" and "reader-tui[ml]" in hint for where, hint in found)
    assert [(where, hint, problems(hint)) for where, hint in found if problems(hint)] == []


@pytest.mark.parametrize("hint", [
    "pip install 'reader[ml]'", "pip install reader", "pip install '.[gpu]'",
    "pip install 'reader-tui[cuda]'", "pip install requests", "pip install 'numpy[dev]'",
])
def test_the_check_refuses_what_would_install_something_else(hint):
    assert problems(hint)


def test_the_check_accepts_what_works():
    for hint in ("pip install 'reader-tui[ml]'", ".venv/bin/pip install -q -e '.[ml,test]'",
                 "pip install .", "pip install -U huggingface_hub", "pip install -q tox"):
        assert problems(hint) == [], hint
