"""Opt-in DNS checks (``check --network``) and ``discover``.

Nothing here imports dnspython: the command line imports this package to read its options,
and ``check`` without ``--network`` must stay offline. The modules that query DNS
(``resolver``, ``run``, ``discover``) import it when they are used.
"""

from __future__ import annotations

import ipaddress
import socket

from smtplint.records import record
from smtplint.settings import SettingsError

DEFAULT_TIMEOUT = 3.0
MAX_TIMEOUT = 60.0


class NetworkError(SettingsError):
    """A network option that cannot be used, or a resolver that cannot be set up.

    A settings error, so that the command line reports it as a usage error in one line.
    """


@record
class Nameserver:
    address: str  # an IPv4 or IPv6 address
    port: int = 53

    def __str__(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"


@record
class NetworkOptions:
    """How to query DNS: the nameserver (None: the system's) and the per-lookup timeout."""

    nameserver: Nameserver | None = None
    timeout: float = DEFAULT_TIMEOUT


def network_options(network: bool, nameserver: str | None, timeout: float) -> NetworkOptions | None:
    """The options of ``check --network [--nameserver HOST[:PORT]] [--dns-timeout S]``.

    None when ``network`` is off; raises NetworkError for a nameserver without --network,
    a malformed nameserver or a timeout out of range.
    """
    if not network:
        if nameserver is not None:
            raise NetworkError("--nameserver needs --network")
        return None
    return make_options(nameserver, timeout)


def make_options(nameserver: str | None, timeout: float) -> NetworkOptions:
    if not 0 < timeout <= MAX_TIMEOUT:
        raise NetworkError(f"--dns-timeout {timeout}: give a number of seconds above 0, at most 60")
    return NetworkOptions(None if nameserver is None else parse_nameserver(nameserver), timeout)


def parse_nameserver(text: str) -> Nameserver:
    """``HOST``, ``HOST:PORT``, ``[IPv6]:PORT`` or a bare IPv6 address; a host name is
    resolved once by the system."""
    value = text.strip()
    host, port_text = _split_host_port(value)
    if not host:
        raise NetworkError(f"--nameserver {text!r}: give HOST or HOST:PORT")
    port = 53
    if port_text is not None:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise NetworkError(f"--nameserver {text!r}: the port must be a number from 1 to 65535")
        port = int(port_text)
    return Nameserver(_address_of(host, text), port)


def _split_host_port(value: str) -> tuple[str, str | None]:
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        return host, rest[1:] if rest.startswith(":") else None
    if value.count(":") > 1:
        return value, None  # a bare IPv6 address
    host, colon, port = value.partition(":")
    return host, port if colon else None


def _address_of(host: str, text: str) -> str:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, 53, proto=socket.IPPROTO_UDP)
    except (OSError, UnicodeError):
        raise NetworkError(f"--nameserver {text!r}: {host} does not resolve") from None
    return str(found[0][4][0])
