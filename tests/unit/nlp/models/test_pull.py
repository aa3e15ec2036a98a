"""pull: fails at once without a network (with the `add` recipe), and installs what a
(faked) hub download delivers, converted to CTranslate2. Nothing is downloaded."""

from __future__ import annotations

import fnmatch
import importlib
import shutil
import socket
import threading

import pytest

from reader import locations
from reader.errors import CorruptModel, NetworkUnavailable, ReaderError
from reader.nlp import models
from tests.unit import _model_folders as make
from tests.unit._model_folders import tiny_marian  # noqa: F401 (session fixture)

download = importlib.import_module("reader.nlp.models.download")


@pytest.fixture
def no_download(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("pull tried to download")

    monkeypatch.setattr(download, "_download", refuse)


@pytest.fixture
def online(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(download, "probe", lambda url, timeout=3.0: None)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_add_recipe(message: str, repo: str, folder: str) -> None:
    assert f"hf download {repo} " in message and f"--local-dir {folder}" in message
    assert f"reader models add {folder}" in message


def test_offline_mode_fails_before_any_network_use(monkeypatch, no_download):
    monkeypatch.setattr(download, "probe", lambda *a, **k: pytest.fail("probed while offline"))
    with pytest.raises(NetworkUnavailable) as caught:
        models.pull("en-de")
    assert "HF_HUB_OFFLINE=1" in str(caught.value)
    assert_add_recipe(str(caught.value), "Helsinki-NLP/opus-mt-en-de", "opus-mt-en-de")
    assert not locations.models_dir().exists()


def test_unreachable_endpoint_fails_with_the_recipe(monkeypatch, no_download):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(NetworkUnavailable) as caught:
        models.pull("ner-multi")
    message = str(caught.value)
    assert "127.0.0.1" in message and "unreachable" in message
    assert_add_recipe(message, "Davlan/bert-base-multilingual-cased-ner-hrl",
                      "bert-base-multilingual-cased-ner-hrl")


def test_probe_uses_a_short_connect_timeout(monkeypatch):
    seen = []

    def connect(address, timeout=None):
        seen.append((address, timeout))
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(download.socket, "create_connection", connect)
    assert "Connection refused" in download.probe("https://huggingface.co")
    assert seen == [(("huggingface.co", 443), download.PROBE_TIMEOUT)]
    assert download.PROBE_TIMEOUT <= 3


def test_probe_gives_up_on_a_silent_host(monkeypatch):
    release = threading.Event()

    def hang(address, timeout=None):
        release.wait(30)
        raise OSError("released")

    monkeypatch.setattr(download.socket, "create_connection", hang)
    try:
        assert "no answer from example.org:80 within 0.05 s" == download.probe(
            "http://example.org", timeout=0.05)
    finally:
        release.set()


def test_probe_reaches_a_listening_port():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        assert download.probe(f"http://127.0.0.1:{server.getsockname()[1]}") is None


def test_unknown_name(no_download):
    with pytest.raises(ReaderError, match="unknown model name 'klingon!'"):
        models.pull("klingon!")


def test_already_installed_needs_no_network(tmp_path, no_download):
    folder = make.marian(tmp_path / "opus-mt-en-de")
    make.ct2(folder / "ct2")
    models.add(folder)
    messages = []
    record = models.pull("en-de", progress=lambda m, d=None, t=None: messages.append(m))
    assert record.name == "opus-mt-en-de" and record.ct2_path is not None
    assert messages[-1].startswith("already installed: opus-mt-en-de")


def fake_hub(monkeypatch, source, calls):
    import huggingface_hub

    def snapshot_download(repo_id, *, local_dir, allow_patterns, tqdm_class=None, **kwargs):
        calls.append((repo_id, allow_patterns))
        shutil.copytree(source, local_dir, dirs_exist_ok=True, ignore=lambda folder, names: [
            n for n in names if not any(fnmatch.fnmatch(n, p) for p in allow_patterns)])
        (local_dir / ".cache" / "huggingface").mkdir(parents=True)
        if tqdm_class:
            bar = tqdm_class(total=0, unit="B", desc="Reconstructing")
            bar.total = 1000
            bar.update(400)
            bar.update(600)
        return str(local_dir)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)


def test_pull_installs_and_converts_to_ct2(monkeypatch, online, tiny_marian):
    calls, events = [], []
    fake_hub(monkeypatch, tiny_marian, calls)
    record = models.pull("en-de", progress=lambda m, d=None, t=None: events.append((m, d, t)))
    assert calls == [("Helsinki-NLP/opus-mt-en-de", models.ALLOW_PATTERNS)]
    assert "*.safetensors" in models.ALLOW_PATTERNS and "*.bin" not in models.ALLOW_PATTERNS
    assert record.path == locations.models_dir() / "opus-mt-en-de"
    assert record.source == "Helsinki-NLP/opus-mt-en-de" and record.languages == ("en", "de")
    assert (record.ct2_path / "model.bin").is_file() and (record.ct2_path / "source.spm").is_file()
    assert not (record.path / ".cache").exists()
    assert ("downloading Helsinki-NLP/opus-mt-en-de", 1000, 1000) in events
    assert any("CTranslate2" in m for m, d, t in events)
    assert models.read_manifest()["opus-mt-en-de"]["source"] == "Helsinki-NLP/opus-mt-en-de"
    assert models.find("translation", source="en", target="de") == record
    assert [p.name for p in locations.models_dir().iterdir() if p.name.startswith(".partial")] == []


@pytest.mark.ml
def test_pull_of_a_repository_without_weights_installs_nothing(tmp_path, monkeypatch, online):
    source = make.marian(tmp_path / "upstream")
    (source / "model.safetensors").unlink()
    (source / "flax_model.msgpack").write_bytes(b"other weights")
    calls = []
    fake_hub(monkeypatch, source, calls)
    with pytest.raises(CorruptModel, match="opus-mt-en-vi has neither safetensors nor "
                                           "pytorch_model.bin weights on the hub"):
        models.pull("en-vi")
    repo = "Helsinki-NLP/opus-mt-en-vi"
    assert calls == [(repo, download.ALLOW_PATTERNS), (repo, download.PICKLE_PATTERNS)]
    assert not (locations.models_dir() / "opus-mt-en-vi").exists()
    assert not (locations.models_dir() / ".partial-opus-mt-en-vi").exists()
    assert models.installed() == []


@pytest.mark.ml
def test_failed_conversion_keeps_a_usable_model(tmp_path, monkeypatch, online):
    fake_hub(monkeypatch, make.marian(tmp_path / "upstream"), [])

    def broken(model_dir, out_dir):
        (out_dir / "half").mkdir(parents=True)
        raise ValueError("unsupported model\nsecond line")

    make.fake_conversion(monkeypatch, broken)
    events = []
    record = models.pull("en-fr", progress=lambda m, d=None, t=None: events.append(m))
    assert record.ct2_path is None and record.backends == ("transformers",)
    assert events.count(
        "CTranslate2 conversion failed (unsupported model); transformers will be used") == 1
    assert not (record.path / "ct2").exists()


def test_pull_copies_from_the_hf_cache_without_network(tmp_path, monkeypatch, no_download):
    hub = tmp_path / "hf-home" / "hub"
    make.hf_cache_entry(hub, "Helsinki-NLP/opus-mt-en-de")
    before = make.tree_state(hub)
    make.fake_conversion(monkeypatch)
    events = []
    record = models.pull("en-de", progress=lambda m, d=None, t=None: events.append(m))
    assert record.origin == "local" and record.path == locations.models_dir() / "opus-mt-en-de"
    assert record.source == "Helsinki-NLP/opus-mt-en-de" and record.ct2_path is not None
    assert events[0].startswith("copying Helsinki-NLP/opus-mt-en-de from the Hugging Face cache")
    assert make.tree_state(hub) == before
    assert models.find("translation", source="en", target="de") == record


def test_pull_replaces_a_broken_install(tmp_path, monkeypatch, online, tiny_marian):
    broken = make.marian(locations.models_dir() / "opus-mt-en-de")
    (broken / "model.safetensors").write_bytes(b"\x00")
    fake_hub(monkeypatch, tiny_marian, [])
    make.fake_conversion(monkeypatch)
    record = models.pull("en-de")
    assert record.path == broken and models.scan()[1] == []


@pytest.mark.ml
def test_progress_bar_class_fits_the_installed_hub_helpers():
    import logging

    from huggingface_hub.utils.tqdm import _create_progress_bar, hf_thread_map

    events = []
    bar_class = download._bar_class(lambda *event: events.append(event), "downloading x")
    common = dict(cls=bar_class, log_level=logging.WARNING, name="n", total=0, initial=0,
                  unit="B", unit_scale=True)
    files = _create_progress_bar(desc="Reconstructing (incomplete total...)", **common)
    network = _create_progress_bar(desc="Downloading bytes", **common)
    files.total = 100
    files.update(40)
    network.update(10)
    files.update(60)
    files.close()
    assert hf_thread_map(lambda x: x * 2, [1, 2], tqdm_class=bar_class, desc="Fetching") == [2, 4]
    assert events == [("downloading x", 40, 100), ("downloading x", 100, 100)]


@pytest.mark.ml
def test_pull_of_a_folder_missing_tokenizer_files_installs_nothing(tmp_path, monkeypatch, online):
    source = make.marian(tmp_path / "upstream")
    (source / "vocab.json").unlink()
    fake_hub(monkeypatch, source, [])
    with pytest.raises(CorruptModel, match="opus-mt-en-vi downloaded but unusable: .*vocab.json"):
        models.pull("en-vi")
    assert not (locations.models_dir() / "opus-mt-en-vi").exists()
