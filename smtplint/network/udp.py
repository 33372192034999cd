"""A nameserver reached over one UDP socket shared by every query in flight to it.

dnspython opens a socket for each query; with hundreds of lookups at once, opening and
closing sockets costs more than the queries themselves. Here answers are matched to their
queries by ID and question, exactly as dnspython matches them on its own sockets, and the
socket is closed as soon as no query is waiting on it. TCP (after a truncated answer) is
left to dnspython.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
from typing import cast

import dns._asyncbackend
import dns.exception
import dns.inet
import dns.message
import dns.nameserver

# The kernel caps this at net.core.rmem_max; it lets a burst of answers wait while the
# event loop is busy, instead of being dropped (a dropped answer is a timed-out lookup).
RECEIVE_BUFFER = 1 << 20


class _Channel(asyncio.DatagramProtocol):
    """One UDP socket, and the queries waiting for an answer on it, by ID."""

    def __init__(self, family: int, destination: tuple[object, ...]) -> None:
        self.family = family
        self.destination = destination
        self.waiting: dict[int, tuple[dns.message.Message, asyncio.Future[dns.message.Message]]]
        self.waiting = {}
        self.transport: asyncio.DatagramTransport | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True

    def error_received(self, exc: Exception) -> None:
        """Ignored, as on dnspython's unconnected sockets: the query times out instead."""

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        if len(data) < 2 or not _same_address(self.family, addr, self.destination):
            return
        entry = self.waiting.get(int.from_bytes(data[:2], "big"))
        if entry is None or entry[1].done():
            return
        request, answer = entry
        try:
            response = dns.message.from_wire(data, raise_on_truncation=True)
        except dns.message.Truncated as truncated:
            if request.is_response(truncated.kwargs["message"]):
                answer.set_exception(truncated)  # the resolver retries over TCP
            return
        except Exception:  # a malformed datagram is skipped, as dnspython skips it
            return
        if request.is_response(response):
            answer.set_result(response)

    async def ask(self, request: dns.message.Message, timeout: float) -> dns.message.Message:
        assert self.transport is not None
        while request.id in self.waiting:
            request.id = secrets.randbelow(1 << 16)
        answer: asyncio.Future[dns.message.Message] = asyncio.get_running_loop().create_future()
        self.waiting[request.id] = (request, answer)
        try:
            self.transport.sendto(request.to_wire(), self.destination)
            return await asyncio.wait_for(answer, timeout)
        except asyncio.TimeoutError:
            raise dns.exception.Timeout(timeout=timeout) from None  # type: ignore[no-untyped-call]
        finally:
            del self.waiting[request.id]
            if not self.waiting:
                self.close()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()


class SharedUdpNameserver(dns.nameserver.Do53Nameserver):
    """A Do53 nameserver whose UDP queries share one socket while any is in flight."""

    def __init__(self, address: str, port: int = 53) -> None:
        super().__init__(address, port)
        self._channel: _Channel | None = None
        self._opening = asyncio.Lock()

    async def async_query(
        self,
        request: dns.message.QueryMessage,
        timeout: float,
        source: str | None,
        source_port: int,
        max_size: bool,
        backend: dns._asyncbackend.Backend,
        one_rr_per_rrset: bool = False,
        ignore_trailing: bool = False,
    ) -> dns.message.Message:
        if max_size or source is not None or source_port or one_rr_per_rrset or ignore_trailing:
            return await super().async_query(
                request,
                timeout,
                source,
                source_port,
                max_size,
                backend,
                one_rr_per_rrset,
                ignore_trailing,
            )
        channel = await self._open_channel()
        return await channel.ask(request, timeout)

    async def _open_channel(self) -> _Channel:
        async with self._opening:
            if self._channel is None or self._channel.closed:
                self._channel = await self._open()
            return self._channel

    async def _open(self) -> _Channel:
        family = dns.inet.af_for_address(self.address)
        destination = dns.inet.low_level_address_tuple((self.address, self.port), family)
        _transport, channel = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: _Channel(family, destination), family=family
        )
        return channel


def _same_address(family: int, one: tuple[object, ...], other: tuple[object, ...]) -> bool:
    """Whether a datagram came from the nameserver (address compared in binary form)."""
    if one == other:
        return True
    try:
        same = dns.inet.inet_pton(family, str(one[0])) == dns.inet.inet_pton(family, str(other[0]))
    except dns.exception.SyntaxError:
        return False
    return same and one[1:] == other[1:]
