"""Summaries run in the UI's worker threads: they must agree and stay silent there."""

from __future__ import annotations

import threading
import warnings

from reader.nlp.summary.summarize import ALGORITHMS, summarize


def test_concurrent_summaries_match_sequential_ones(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    jobs = [(a, n) for a in ALGORITHMS for n in (1, 4)]
    expected = {job: summarize(text, "en", job[0], sentences=job[1]) for job in jobs}
    results: dict = {}
    errors: list = []

    def work(chunk):
        try:
            for algorithm, count in chunk:
                results[(algorithm, count)] = summarize(text, "en", algorithm, sentences=count)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(jobs[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == expected


def test_lsa_on_a_short_text_prints_no_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = summarize("Cats sleep. Dogs bark. Birds sing. Fish swim.", "en", "lsa", sentences=2)
    assert len(summary.sentences) == 2
    assert [str(w.message) for w in caught] == []
