"""Pages built to be slow to extract: a big table beside a few sentences ends as an
article (or a skip) in bounded time, and never reaches justext's quadratic fallback."""

from __future__ import annotations

import json

import pytest

from reader.library import extract
from tests.hostile.cases import SENTENCES, table_page
from tests.hostile.harness import bounded


@pytest.mark.slow
def test_a_500_by_50_table_page_is_listed_in_bounded_time(reader, tmp_path):
    (tmp_path / "t.html").write_text(table_page(500, 50))
    outcome = bounded(reader("list", tmp_path / "t.html", "--json"))
    (entry,) = json.loads(outcome.out)
    assert entry["status"] == "ok" and entry["title"] == "Table page"


def test_a_page_of_many_blocks_never_runs_the_justext_fallback(tmp_path, monkeypatch):
    import trafilatura.core
    import trafilatura.external

    calls = []
    original = trafilatura.external.justext_rescue

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(trafilatura.external, "justext_rescue", spy)
    monkeypatch.setattr(trafilatura.core, "justext_rescue", spy, raising=False)
    small = extract.html(table_page(10, 10, wrap="form").encode())
    assert calls and SENTENCES in small.text  # a small page may use the fallback
    calls.clear()
    big = extract.html(table_page(100, 40, wrap="form").encode())
    assert not calls and SENTENCES in big.text
