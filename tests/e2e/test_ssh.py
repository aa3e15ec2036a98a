"""The installed `reader` over a real SSH login, as people use it on servers: a private
sshd on loopback (its own config, host key and client key, stopped by its pid), an 80x24
terminal with `TERM=xterm` and `LANG=C`."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_tmux import READER, capture, tmux, wait_for

pytestmark = pytest.mark.e2e

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
START_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _keygen(path: Path) -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)],
                   check=True, capture_output=True, timeout=30)


@pytest.fixture
def sshd(tmp_path):
    """(port, client key) of an sshd that lets this user in with that key only."""
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian: openssh-client)")
    if not os.access(SSHD, os.X_OK):
        pytest.skip("sshd is not installed (Debian: openssh-server)")
    if not READER.exists():
        pytest.skip(f"the reader command is not installed beside {sys.executable}")
    home = tmp_path / "ssh"
    home.mkdir()
    _keygen(home / "host_key")
    _keygen(home / "client_key")
    shutil.copy(home / "client_key.pub", home / "authorized_keys")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation dir
    port = _free_port()
    config = home / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {home / 'host_key'}",
        f"PidFile {home / 'sshd.pid'}", f"AuthorizedKeysFile {home / 'authorized_keys'}",
        "PubkeyAuthentication yes", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
        "StrictModes no", "UsePAM no", "PrintMotd no", "AcceptEnv no", "",
    ]))
    log = open(home / "sshd.log", "wb")
    server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.skip("sshd could not start: "
                            + (home / "sshd.log").read_text(errors="replace")[-500:])
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.skip("sshd did not listen within 10 s")
                time.sleep(0.1)
        yield port, home / "client_key"
    finally:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_reader_over_ssh_at_80x24_with_plain_xterm(sshd, tmp_path, seed_path):
    port, key = sshd
    socket_name = f"reader-ssh-{os.getpid()}-{port}"
    keep = {name: os.environ[name] for name in os.environ if name.startswith(("READER_", "HF_"))}
    remote = ["env", "-u", "LC_ALL", "-u", "COLORTERM", "TERM=xterm", "LANG=C",
              *(f"{k}={v}" for k, v in sorted(keep.items())), str(READER)]
    ssh = ["ssh", "-tt", "-F", "/dev/null", "-p", str(port), "-i", str(key),
           "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
           "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "127.0.0.1",
           shlex.join(remote)]
    session = "ssh"
    started = tmux(socket_name, "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                   shlex.join(ssh) + "; sleep 30")
    assert started.returncode == 0, started.stderr
    try:
        wait_for(socket_name, session, "President Volodymyr", "1 article")
        tmux(socket_name, "send-keys", "-t", session, "Enter")
        screen = wait_for(socket_name, session, " words", "Summary")
        print(screen)
        assert "Traceback" not in screen
        assert all(len(line) <= 80 for line in screen.splitlines())
        tmux(socket_name, "send-keys", "-t", session, "q")
        # The ssh command ends when reader quits; the shell then sleeps in the pane, so
        # the pane shows a prompt-less screen without reader's footer.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            pane = capture(socket_name, session)
            if "Summary" not in pane and "President Volodymyr" not in pane:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("reader did not quit over ssh:\n" + capture(socket_name, session))
        assert "Traceback" not in pane
    finally:
        tmux(socket_name, "kill-server")

    from reader.library.sources import load
    from reader.library.store import Store

    with Store(Path(os.environ["READER_DATA_DIR"], "reader.sqlite3")) as store:
        assert store.state(load(seed_path).id).read
