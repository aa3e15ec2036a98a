"""The one HTTP client reader uses for the web: polite, bounded, and hard to abuse.

Every request goes through `Client.get`: http(s) only, redirects followed by hand (so each
hop is checked by the network policy and counted), a per-host and an overall limit on
parallel requests, conditional GET, a deadline on the whole exchange (a server that
trickles a byte a second cannot hold a slot), and a cap on the body both as sent and as
decompressed. Bodies are decompressed here, not by httpx, so the cap holds at every step.
httpx is imported when a client opens, not with this module (it is slow to import).
"""

from __future__ import annotations

import asyncio
import time
import zlib
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.request import getproxies

from reader import __version__
from reader.errors import FetchError
from reader.library.feeds.policy import NetworkPolicy, check_scheme

USER_AGENT = f"reader/{__version__} (terminal news reader; feed fetcher)"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8"
MiB = 1024 * 1024
MAX_RETRY_AFTER = 7 * 86400.0
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})


@dataclass(frozen=True)
class Limits:
    """Time (seconds), size and parallelism limits of one fetch run."""

    connect: float = 10.0
    read: float = 15.0
    deadline: float = 30.0
    redirects: int = 5
    max_bytes: int = 8 * MiB
    parallel: int = 16
    per_host: int = 2


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    body: bytes
    etag: str | None = None
    modified: str | None = None
    content_type: str = ""
    moved_to: str | None = None  # the new address when every redirect was permanent
    origin_private: bool = False


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), bounded."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - (now or time.time())
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class Client:
    """`async with Client() as client: await client.get(url)`."""

    def __init__(self, limits: Limits | None = None, policy: NetworkPolicy | None = None):
        self.limits = limits or Limits()
        self.policy = policy or NetworkPolicy()
        self._hosts: dict[tuple, asyncio.Semaphore] = {}
        self._slots = asyncio.Semaphore(self.limits.parallel)
        self._proxied = bool(getproxies())
        self._http = None

    async def __aenter__(self) -> Client:
        import httpx

        limits = self.limits
        self._http = httpx.AsyncClient(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(limits.read, connect=limits.connect, pool=None),
            limits=httpx.Limits(max_connections=limits.parallel,
                                max_keepalive_connections=limits.parallel),
            follow_redirects=False,
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self._http.aclose()

    @asynccontextmanager
    async def _slot(self, url: str):
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname, parts.port)
        host = self._hosts.setdefault(key, asyncio.Semaphore(self.limits.per_host))
        async with host, self._slots:
            yield

    async def get(self, url: str, *, etag: str | None = None, modified: str | None = None,
                  accept: str = FEED_ACCEPT, origin_private: bool | None = None) -> Response:
        """GET `url`; FetchError for anything but a body (200) or not-modified (304).

        `origin_private` is the policy's verdict on the chain's start (a feed, for its
        entries' links); None means this URL starts its own chain.
        """
        check_scheme(url)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        start, permanent = url, True
        for _hop in range(self.limits.redirects + 1):
            async with self._slot(url):
                origin_private, status, location, response = await self._exchange(
                    url, headers, origin_private)
            if status not in REDIRECTS:
                moved = url if permanent and url != start else None
                return replace(response, moved_to=moved, origin_private=origin_private)
            permanent = permanent and status in PERMANENT
            url = location
        raise FetchError(f"more than {self.limits.redirects} redirects")

    async def _exchange(self, url: str, headers: dict, origin_private: bool | None):
        """One request, name lookups included, within the deadline: (origin_private,
        status, redirect target, Response)."""
        import httpx

        resolve = not self._proxied
        try:
            async with asyncio.timeout(self.limits.deadline):
                if origin_private is None:
                    origin_private = await self.policy.origin_is_private(url, resolve)
                await self.policy.check_target(url, origin_private, resolve)
                request = self._http.build_request("GET", url, headers=headers)
                response = await self._http.send(request, stream=True)
                try:
                    return (origin_private,
                            *await self._answer(url, response, origin_private))
                finally:
                    await response.aclose()
        except TimeoutError:
            raise FetchError(f"no complete answer within {self.limits.deadline:g} s") from None
        except httpx.TimeoutException as exc:
            what = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for data"
            raise FetchError(f"timed out {what}") from None
        except httpx.ConnectError as exc:
            raise FetchError(_reason("could not connect", exc)) from None
        except httpx.RemoteProtocolError as exc:
            raise FetchError(_reason("the server broke off", exc)) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(_reason("could not fetch", exc)) from None

    async def _answer(self, url: str, response, origin_private: bool):
        stream = response.extensions.get("network_stream")
        if stream is not None and not self._proxied:
            peer = stream.get_extra_info("server_addr")
            self.policy.check_peer(peer[0] if peer else None, origin_private)
        status = response.status_code
        if status in REDIRECTS:
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location")
            return status, urljoin(url, location.strip()), None
        if status >= 400 or status < 200 or status in (204, 205, 206):
            raise _status_error(response)
        body = b"" if status == 304 else await self._body(response)
        headers = response.headers
        return status, None, Response(
            url=url, status=status, body=body, etag=headers.get("etag"),
            modified=headers.get("last-modified"),
            content_type=headers.get("content-type", ""),
        )

    async def _body(self, response) -> bytes:
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"larger than the {cap // MiB} MiB limit")
        inflate = _decompressor(response.headers.get("content-encoding", ""))
        parts, size, raw = [], 0, 0
        async for chunk in response.aiter_raw():
            raw += len(chunk)
            if raw > cap:
                raise FetchError(f"larger than the {cap // MiB} MiB limit")
            if inflate is not None:
                chunk = _inflate(inflate, chunk, cap - size)
            size += len(chunk)
            if size > cap:
                raise FetchError(f"larger than the {cap // MiB} MiB limit")
            parts.append(chunk)
        return b"".join(parts)


class _Inflater:
    """zlib for gzip or deflate (zlib-wrapped or raw, as servers send either)."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.engine = zlib.decompressobj(47) if coding == "gzip" else None


def _decompressor(header: str) -> _Inflater | None:
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return None
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported content encoding: {header.strip()[:40]}")
    return _Inflater("deflate" if codings[0] == "deflate" else "gzip")


def _inflate(inflater: _Inflater, chunk: bytes, room: int) -> bytes:
    """Decompress `chunk`, never producing more than one byte over `room`."""
    if inflater.engine is None:  # deflate: look at the first bytes for a zlib header
        zlib_header = len(chunk) >= 2 and (chunk[0] & 0x0F) == 8 and \
            (chunk[0] * 256 + chunk[1]) % 31 == 0
        inflater.engine = zlib.decompressobj(15 if zlib_header else -15)
    try:
        out = inflater.engine.decompress(chunk, max(room, 0) + 1)
    except zlib.error:
        raise FetchError(f"invalid {inflater.coding} data") from None
    if inflater.engine.unconsumed_tail:
        return out + b"\0"  # more would follow: over the limit either way
    return out


def _status_error(response) -> FetchError:
    status = response.status_code
    text = f"HTTP {status} {response.reason_phrase or ''}".strip()
    if status == 410:
        return FetchError(f"{text}: the feed was removed by its site", gone=True)
    if status in (429, 503):
        wait = retry_after(response.headers.get("retry-after"))
        if wait is not None:
            return FetchError(f"{text}; asked to wait {wait:.0f} s", retry_after=wait)
    return FetchError(text)


def _reason(what: str, exc: Exception) -> str:
    """`what` went wrong, with the last useful words of the transport's message."""
    text = str(exc).strip() or type(exc).__name__
    if "] " in text:
        text = text.rsplit("] ", 1)[1]
    return f"{what} ({text[:160]})"
