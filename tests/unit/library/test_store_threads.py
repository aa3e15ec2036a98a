"""The store is shared by worker threads; concurrent use loses nothing and never fails."""

from __future__ import annotations

import threading

from reader.library.store import Store

THREADS = 8
ROUNDS = 60


def _hammer(store: Store, worker: int, errors: list) -> None:
    try:
        for n in range(ROUNDS):
            article = f"w{worker}-a{n}"
            store.set_read(article, True)
            store.set_position(article, float(n))
            if n % 2:
                store.set_starred(article, True)
            store.cache_put(f"w{worker}-k{n}", {"worker": worker, "n": n})
            assert store.cache_get(f"w{worker}-k{n}") == {"worker": worker, "n": n}
            assert store.state(article).read
    except BaseException as error:  # surfaced by the assertion in the test
        errors.append(error)


def _run_threads(target) -> list:
    errors: list = []
    threads = [threading.Thread(target=target, args=(w, errors)) for w in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _check_everything_arrived(store: Store) -> None:
    for worker in range(THREADS):
        ids = [f"w{worker}-a{n}" for n in range(ROUNDS)]
        states = store.states(ids)
        assert all(s.read for s in states.values())
        assert [s.position for s in states.values()] == [float(n) for n in range(ROUNDS)]
        assert [s.starred for s in states.values()] == [bool(n % 2) for n in range(ROUNDS)]
        cached = store.cache_get_many(f"w{worker}-k{n}" for n in range(ROUNDS))
        assert len(cached) == ROUNDS


def test_one_store_shared_by_threads(tmp_path):
    with Store(tmp_path / "state.sqlite3") as store:
        errors = _run_threads(lambda w, errs: _hammer(store, w, errs))
        assert errors == []
        assert store.notices == []
        _check_everything_arrived(store)


def test_several_stores_on_one_file(tmp_path):
    path = tmp_path / "state.sqlite3"
    stores = [Store(path) for _ in range(THREADS)]
    try:
        errors = _run_threads(lambda w, errs: _hammer(stores[w], w, errs))
        assert errors == []
        assert all(s.notices == [] for s in stores)
    finally:
        for store in stores:
            store.close()
    with Store(path) as reopened:
        _check_everything_arrived(reopened)
