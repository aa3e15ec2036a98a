"""A real HTTP server on loopback for the tests that fetch: fixed answers and behaviours.

`LocalWeb` listens on an ephemeral port of a loopback address with real sockets (a
threaded http.server), so the client under test goes through DNS-free connects, TCP,
HTTP/1.1 parsing, compression and timeouts exactly as with a remote site. Routes map a
path to an `Answer` or to a function that writes the response itself (a server that
trickles, lies about its length or never ends). Every request is recorded.
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict = field(default_factory=dict)
    etag: str | None = None
    encoding: str | None = None  # "gzip" or "deflate": compress the body on the way out
    delay: float = 0.0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up early (the point of several tests) is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalWeb:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                with web._lock:
                    web.requests.append((self.path, dict(self.headers)))
                route = web.routes.get(self.path)
                try:
                    if route is None:
                        web.send(self, Answer(b"not here", 404, "text/plain"))
                    elif callable(route):
                        route(self)
                    else:
                        web.send(self, route)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = _Server((host, 0), Handler)
        self.host, self.port = host, self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def set(self, path: str, answer=None, **fields) -> str:
        """Serve `answer` (an Answer, a function of the handler, or Answer fields) at `path`;
        the full URL."""
        self.routes[path] = answer if answer is not None else Answer(**fields)
        return self.url(path)

    def hits(self, path: str) -> list[dict]:
        """The headers of each request made for `path`."""
        with self._lock:
            return [headers for p, headers in self.requests if p == path]

    @staticmethod
    def send(handler, answer: Answer) -> None:
        if answer.delay:
            time.sleep(answer.delay)
        if answer.etag and handler.headers.get("If-None-Match") == answer.etag:
            handler.send_response(304)
            handler.send_header("ETag", answer.etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        body = answer.body
        if answer.encoding == "gzip":
            body = gzip.compress(body)
        elif answer.encoding == "deflate":
            body = zlib.compress(body)
        handler.send_response(answer.status)
        handler.send_header("Content-Type", answer.content_type)
        handler.send_header("Content-Length", str(len(body)))
        if answer.encoding:
            handler.send_header("Content-Encoding", answer.encoding)
        if answer.etag:
            handler.send_header("ETag", answer.etag)
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- behaviours for hostile cases --------------------------------------------------------


def redirect(target: str, status: int = 302):
    return Answer(b"", status, "text/plain", headers={"Location": target})


def trickle(interval: float = 1.0, stop: threading.Event | None = None):
    """Headers at once, then one byte of a feed every `interval` seconds, forever."""

    def handler(request) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", "100000")
        request.end_headers()
        while stop is None or not stop.is_set():
            request.wfile.write(b" ")
            request.wfile.flush()
            time.sleep(interval)

    return handler


def endless(chunk: bytes = b"<!-- " + b"x" * 65536 + b" -->\n", declare: bool = False):
    """A body that never ends (chunked, or with a false Content-Length if `declare`)."""

    def handler(request) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        if declare:
            request.send_header("Content-Length", str(100 * 2**20))
        else:
            request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        while True:
            if declare:
                request.wfile.write(chunk)
            else:
                request.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    return handler


def loopback_only(monkeypatch) -> None:
    """Make every name lookup outside loopback fail, as it would with no network: a test
    that follows a link to example.org fails at once instead of asking a DNS server.
    Proxy settings of the environment are dropped, so requests go straight to loopback."""
    import ipaddress
    import socket

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)

    real = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host or "")
        try:
            local = ipaddress.ip_address(name.strip("[]")).is_loopback
        except ValueError:
            local = name in ("localhost", "")
        if not local:
            raise socket.gaierror(socket.EAI_NONAME, f"no lookups in tests: {name}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
