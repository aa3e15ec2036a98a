"""What the fetcher may reach: http and https only, and no surprise trip into a private
network.

The rule: a chain of requests that starts at a public address (a feed on the internet)
never reaches a private one (loopback, 10/8, 172.16/12, 192.168/16, link-local 169.254/16
and fe80::/10, carrier-grade NAT, unique-local fc00::/7, ...), neither by a redirect nor
by following an entry's link. A feed the user subscribed to on a private address (a home
server, a test server on 127.0.0.1) may reach private addresses: the user chose that
network. Names are resolved and checked before connecting, and the address actually
connected to is checked again (a name that changes its answer in between is caught).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from reader.errors import FetchError

SCHEMES = ("http", "https")


def check_scheme(url: str) -> str:
    """The host of `url`; an error for anything but an http(s) address with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise FetchError(f"not a valid web address: {url}") from None
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"only http and https addresses are fetched, not {url}")
    if not host:
        raise FetchError(f"no host in {url}")
    return host


class NetworkPolicy:
    """Decides, per run, which addresses a request chain may reach.

    `public` names addresses to count as public although they are not (a test serving a
    "public" site from 127.0.0.2 on one machine); nothing else should need it.
    """

    def __init__(self, public: frozenset[str] | set[str] = frozenset()) -> None:
        self.public = frozenset(public)
        self._resolved: dict[str, bool] = {}

    def is_private(self, address: str) -> bool:
        """Whether an IP address is anything but a globally routable one."""
        if address in self.public:
            return False
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return True
        mapped = getattr(ip, "ipv4_mapped", None)
        if mapped is not None:
            ip = mapped
        return not ip.is_global or ip.is_multicast

    async def host_is_private(self, host: str) -> bool | None:
        """Whether any address `host` resolves to is private; None when it does not
        resolve. Answers are kept for the run."""
        host = host.strip("[]").lower()
        if host in self._resolved:
            return self._resolved[host]
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            addresses = [host]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, None, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError):
                infos = []
            addresses = [info[4][0] for info in infos]
        private = any(self.is_private(a) for a in addresses) if addresses else None
        self._resolved[host] = private
        return private

    async def origin_is_private(self, url: str, resolve: bool = True) -> bool:
        """Whether a chain starting at `url` starts inside a private network. With
        `resolve` a name that does not resolve is an error (through a proxy, which
        resolves names itself, it counts as public)."""
        host = check_scheme(url)
        private = await self.host_is_private(host)
        if private is None and resolve:
            raise FetchError(f"cannot find the address of {host}")
        return bool(private)

    async def check_target(self, url: str, origin_private: bool, resolve: bool = True) -> None:
        """Refuse `url` (scheme, then address) for a chain that started at `origin`."""
        host = check_scheme(url)
        if origin_private:
            return
        private = await self.host_is_private(host)
        if private is None and resolve:
            raise FetchError(f"cannot find the address of {host}")
        if private:
            raise FetchError(f"refused: {host} is a private address, reached from a public one")

    def check_peer(self, address: str | None, origin_private: bool) -> None:
        """Refuse a connection that ended up at a private address from a public origin."""
        if address and not origin_private and self.is_private(address):
            raise FetchError(f"refused: connected to private address {address} "
                             "from a public one")
