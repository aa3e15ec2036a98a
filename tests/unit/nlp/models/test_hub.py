"""`reader models pull` through the real huggingface_hub client against a local stand-in
for the hub (127.0.0.1): listing, allow patterns, download, validation, CTranslate2
conversion and recording, with nothing fetched from the internet."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reader import locations
from reader.__main__ import main
from tests.unit import _model_folders as make
from tests.unit._model_folders import tiny_marian  # noqa: F401 (session fixture)

pytestmark = pytest.mark.ml  # the real huggingface_hub client

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class FakeHub:
    """Serves the few hub routes snapshot_download uses, for one repository."""

    def __init__(self, repo: str, files: dict[str, bytes]) -> None:
        self.repo, self.files, self.requests = repo, files, []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.answer(head=False)

            def do_HEAD(self):
                self.answer(head=True)

            def answer(self, head: bool) -> None:
                code, body, headers = hub.route(urlsplit(self.path).path)
                hub.requests.append((self.command, urlsplit(self.path).path))
                self.send_response(code)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def route(self, path: str):
        as_json = [("Content-Type", "application/json")]
        if path == f"/api/models/{self.repo}/revision/main":
            siblings = [{"rfilename": name} for name in self.files]
            info = {"id": self.repo, "sha": COMMIT, "siblings": siblings}
            return 200, json.dumps(info).encode(), as_json
        if path == f"/api/models/{self.repo}/tree/{COMMIT}":
            tree = [{"type": "file", "path": name, "size": len(data),
                     "oid": hashlib.sha1(data).hexdigest()} for name, data in self.files.items()]
            return 200, json.dumps(tree).encode(), as_json
        prefix = f"/{self.repo}/resolve/{COMMIT}/"
        if path.startswith(prefix) and path[len(prefix):] in self.files:
            data = self.files[path[len(prefix):]]
            return 200, data, [("X-Repo-Commit", COMMIT),
                               ("ETag", f'"{hashlib.sha1(data).hexdigest()}"')]
        if path.startswith("/api/models/"):
            return 404, b'{"error": "Repository not found"}', [
                ("X-Error-Code", "RepoNotFound"), *as_json]
        return 404, b"{}", [("X-Error-Code", "EntryNotFound"), *as_json]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub_online(monkeypatch):
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    servers = []

    def start(repo: str, folder: Path) -> FakeHub:
        files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
        servers.append(FakeHub(repo, files))
        monkeypatch.setenv("HF_ENDPOINT", servers[-1].url)
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def pull(capsys, *argv):
    capsys.readouterr()
    code = main(["models", "pull", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_pull_downloads_converts_and_records(tmp_path, capsys, hub_online,
                                             tiny_marian):  # noqa: F811
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    for file in tiny_marian.iterdir():
        (upstream / file.name).write_bytes(file.read_bytes())
    (upstream / "pytorch_model.bin").write_bytes(b"pickle weights")
    (upstream / "README.md").write_text("card")
    hub = hub_online("Helsinki-NLP/opus-mt-en-de", upstream)
    code, out, err = pull(capsys, "en-de", "--json")
    assert code == 0, err
    model = json.loads(out)["model"]
    folder = locations.models_dir() / "opus-mt-en-de"
    assert model["path"] == str(folder) and model["source"] == "Helsinki-NLP/opus-mt-en-de"
    assert model["ct2_path"] == str(folder / "ct2") and (folder / "ct2" / "model.bin").is_file()
    weights = (folder / "model.safetensors").read_bytes()
    assert weights == (upstream / "model.safetensors").read_bytes()
    fetched = {path.rsplit("/", 1)[-1] for verb, path in hub.requests if verb == "GET"}
    assert "model.safetensors" in fetched
    assert not {"pytorch_model.bin", "README.md"} & fetched
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []
    assert not (Path(os.environ["HF_HOME"]) / "hub").exists()
    assert "downloading Helsinki-NLP/opus-mt-en-de" in err and "converting" in err


def test_pull_of_a_pickle_only_repository_converts_it_once(tmp_path, capsys, hub_online,
                                                          tiny_marian):  # noqa: F811
    import torch
    from transformers import AutoModelForSeq2SeqLM

    upstream = make.pickled(tiny_marian, tmp_path / "upstream", shards=2)
    (upstream / "README.md").write_text("card")
    (upstream / "training_args.bin").write_bytes(b"another pickle")
    hub = hub_online("Helsinki-NLP/opus-mt-en-vi", upstream)
    code, out, err = pull(capsys, "en-vi", "--json")
    assert code == 0, err
    folder = locations.models_dir() / "opus-mt-en-vi"
    assert json.loads(out)["model"]["ct2_path"] == str(folder / "ct2")
    fetched = {path.rsplit("/", 1)[-1] for verb, path in hub.requests if verb == "GET"}
    assert {"pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"} <= fetched
    assert not {"training_args.bin", "README.md"} & fetched
    names = {p.name for p in folder.iterdir()}
    assert "model.safetensors" in names and not {n for n in names if n.startswith("pytorch")}
    assert "converting pytorch_model-00001-of-00002.bin to safetensors" in err
    ours = AutoModelForSeq2SeqLM.from_pretrained(folder, local_files_only=True,
                                                 use_safetensors=True).state_dict()
    theirs = AutoModelForSeq2SeqLM.from_pretrained(tiny_marian, local_files_only=True,
                                                   use_safetensors=True).state_dict()
    assert all(torch.equal(ours[k], theirs[k]) for k in theirs)
    assert sorted(p.name for p in locations.models_dir().iterdir()
                  if p.name.startswith(".partial")) == []


def test_pull_of_a_pickle_that_would_run_code_installs_nothing(tmp_path, capsys, hub_online):
    from tests.unit.nlp.models.test_pickled import evil_pickle

    marker = tmp_path / "ran"
    upstream = make.marian(tmp_path / "upstream")
    (upstream / "model.safetensors").unlink()
    (upstream / "pytorch_model.bin").write_bytes(evil_pickle(marker))
    hub_online("Helsinki-NLP/opus-mt-en-vi", upstream)
    code, out, err = pull(capsys, "en-vi")
    assert code == 1 and "downloaded but unusable" in err and "GLOBAL os.system" in err
    assert not marker.exists()
    assert not (locations.models_dir() / "opus-mt-en-vi").exists()
    assert not (locations.models_dir() / ".partial-opus-mt-en-vi").exists()


def test_pull_of_a_repository_without_weights_is_refused(tmp_path, capsys, hub_online):
    upstream = make.marian(tmp_path / "upstream")
    (upstream / "model.safetensors").unlink()
    (upstream / "tf_model.h5").write_bytes(b"other weights")
    hub = hub_online("Helsinki-NLP/opus-mt-en-vi", upstream)
    code, out, err = pull(capsys, "en-vi")
    assert code == 1 and "has neither safetensors nor pytorch_model.bin weights" in err
    assert "tf_model.h5" not in {path.rsplit("/", 1)[-1] for _, path in hub.requests}
    assert not (locations.models_dir() / "opus-mt-en-vi").exists()
    assert not (locations.models_dir() / ".partial-opus-mt-en-vi").exists()


def test_pull_of_an_unknown_repository(tmp_path, capsys, hub_online):
    hub_online("someone/else", make.marian(tmp_path / "upstream"))
    code, out, err = pull(capsys, "xx-yy")
    assert code == 1 and "Helsinki-NLP/opus-mt-xx-yy is not on the hub" in err
