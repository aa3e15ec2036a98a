"""The model process with real tiny models: the same answers as in-process models, errors
as themselves, and work that stops at once when cancelled or when the reader quits."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from reader.errors import ModelMissing
from reader.nlp.entities import load_tagger
from reader.nlp.models.ct2_encoder import cached_encoder
from reader.nlp.process import Cancelled, ModelProcess, RemoteTagger, RemoteTranslator
from reader.nlp.sentences import split
from reader.nlp.translate import load_translator, translate_sentences
from tests.unit._bert import build, tiny_bert, vocabulary
from tests.unit._marian import seed_text, tiny_models

WORDS = "Angela Merkel met Emmanuel Macron in Paris on Monday . " * 4


class Token:
    """A cancel token as the UI's job helper hands out."""

    def __init__(self) -> None:
        self._callbacks: list = []
        self.cancelled = False

    def on_cancel(self, callback) -> None:
        self._callbacks.append(callback)

    def cancel(self) -> None:
        self.cancelled = True
        for callback in self._callbacks:
            callback()


@pytest.fixture(scope="session")
def bert(tmp_path_factory):
    return tiny_bert(tmp_path_factory, "random")


@pytest.fixture(scope="session")
def slow_bert(tmp_path_factory):
    """A BERT big enough that one batch of long chunks takes seconds."""
    return build(tmp_path_factory.mktemp("slow-bert") / "model", vocabulary(),
                 hidden=256, layers=4)


@pytest.fixture
def host():
    process = ModelProcess()
    yield process
    process.close()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def long_text() -> str:
    return "\n\n".join([WORDS] * 4000)


def test_remote_tagger_gives_the_spans_of_a_local_one(host, bert, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    local = load_tagger(model=str(bert))
    remote = RemoteTagger.load(host, {"model": str(bert)})
    assert (remote.model_id, remote.labels, remote.identity) == (
        local.model_id, local.labels, local.identity)
    assert remote.tag(text) == local.tag(text)
    assert host.pid != os.getpid() and alive(host.pid)


def test_remote_translator_gives_the_pairs_of_a_local_one(host, tmp_path_factory):
    model = str(tiny_models(tmp_path_factory)["ct2-int8"])
    sentences = split(seed_text())
    local = load_translator("en", "de", model=model)
    remote = RemoteTranslator.load(host, {"source": "en", "target": "de", "model": model})
    assert (remote.backend, remote.model_id, remote.settings) == (
        local.backend, local.model_id, local.settings)
    want = list(translate_sentences(local, sentences))
    assert list(translate_sentences(remote, sentences)) == want
    assert remote.translate([s.text for s in sentences[:3]]) == [p.target for p in want[:3]]


def test_errors_come_back_as_themselves(host):
    with pytest.raises(ModelMissing) as missing:
        RemoteTagger.load(host, {"language": "de"})
    assert missing.value.command == "reader models pull ner-multi"
    with pytest.raises(ModelMissing):
        RemoteTranslator.load(host, {"source": "en", "target": "de"})


def test_the_reader_never_imports_a_model_library(bert, tmp_path_factory, tmp_path):
    cached_encoder(bert, "float32")  # the copy, made here so the child need not
    model = str(tiny_models(tmp_path_factory)["ct2-int8"])
    code = textwrap.dedent(f"""
        import sys
        from reader.library.store import Store
        from reader.nlp.process import ModelProcess, RemoteTagger, RemoteTranslator
        from reader.nlp.sentences import split
        from reader.nlp.translate import translate_sentences
        host = ModelProcess()
        tagger = RemoteTagger.load(host, {{"model": {str(bert)!r}}})
        assert tagger.tag({WORDS!r})
        translator = RemoteTranslator.load(host, {{"source": "en", "target": "de",
                                                  "model": {model!r}}})
        pairs = list(translate_sentences(translator, split({WORDS!r}),
                                         store=Store({str(tmp_path / "s.db")!r})))
        assert len(pairs) == 4 and all(p.target for p in pairs)
        print(sorted(m for m in ("torch", "transformers", "ctranslate2", "tokenizers")
                     if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_cancelled_call_returns_at_once_and_the_process_serves_the_next(host, bert):
    tagger = RemoteTagger.load(host, {"model": str(bert), "batch_size": 1})
    token = Token()
    outcome = []
    text = "\n\n".join([WORDS] * 300)
    worker = threading.Thread(
        target=lambda: outcome.append(_catch(tagger.with_cancel(token).tag, text)))
    worker.start()
    time.sleep(0.5)
    assert worker.is_alive(), "the long text is still being tagged"
    pid = host.pid
    token.cancel()
    worker.join(timeout=5)
    assert not worker.is_alive() and outcome == [Cancelled]
    assert wait_for(lambda: not host.draining), "the process dropped the work"
    assert tagger.tag(WORDS), "the next request is answered"
    assert host.pid == pid, "stopped between two batches: the loaded models were kept"


def test_work_nobody_wants_is_killed_when_a_new_request_waits(host, bert, slow_bert):
    cached_encoder(slow_bert, "float32")
    slow = RemoteTagger.load(host, {"model": str(slow_bert), "batch_size": 256})
    quick = RemoteTagger.load(host, {"model": str(bert)})
    token = Token()
    # Few, long sentences: split and tokenized at once, then batches of 256 long chunks.
    text = " ".join(["Angela Merkel met Emmanuel Macron in Paris on Monday " * 20 + "."] * 600)
    worker = threading.Thread(target=_catch, args=(slow.with_cancel(token).tag, text))
    worker.start()
    time.sleep(2.0)  # inside the first long batch now
    first = host.pid
    token.cancel()
    assert quick.tag(WORDS), "answered by a new process"
    assert host.pid != first and not alive(first)
    worker.join(timeout=5)


def test_close_kills_the_process_at_once(host, bert):
    tagger = RemoteTagger.load(host, {"model": str(bert)})
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(_catch(tagger.tag, long_text())))
    worker.start()
    time.sleep(0.5)
    pid = host.pid
    host.close()
    assert not alive(pid)
    worker.join(timeout=5)
    assert outcome == [Cancelled]
    with pytest.raises(Cancelled):
        tagger.tag(WORDS)


def test_the_process_leaves_when_the_reader_is_killed(bert, tmp_path):
    cached_encoder(bert, "float32")
    code = textwrap.dedent(f"""
        import os, signal
        from reader.nlp.process import ModelProcess, RemoteTagger
        host = ModelProcess()
        RemoteTagger.load(host, {{"model": {str(bert)!r}}})
        print(host.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    pid = int(out.stdout.split()[0])
    assert wait_for(lambda: not alive(pid), 10)


def test_an_idle_process_leaves_and_a_new_one_comes_when_needed(bert):
    cached_encoder(bert, "float32")
    host = ModelProcess(idle=0.3)
    try:
        tagger = RemoteTagger.load(host, {"model": str(bert)})
        first = tagger.tag(WORDS)
        pid = host.pid
        assert wait_for(lambda: not alive(pid), 10)
        assert tagger.tag(WORDS) == first
        assert host.pid not in (None, pid)
    finally:
        host.close()


def _catch(call, *args):
    try:
        return call(*args)
    except Cancelled:
        return Cancelled


def test_cached_entities_are_answered_without_the_model_process(bert, tmp_path):
    from reader.library.store import Store
    from reader.nlp import models
    from reader.services import Services

    models.add(bert, name="ner-en", languages=("en",))
    store = Store(tmp_path / "state.sqlite3")
    try:
        first = Services(store=store, process=ModelProcess())
        labels, spans = first.entities(WORDS, "en", "article-1")
        assert first.process.pid is not None and spans
        first.close_models()
        again = Services(store=store, process=ModelProcess())
        assert again.entities(WORDS, "en", "article-1") == (labels, spans)
        assert again.process.pid is None, "no model process was started"
    finally:
        store.close()
