"""A real DNS server on loopback, answering UDP and TCP from zones given as Python data.

    zone = {
        "acme.test": [("MX", "10 mx.acme.test."), ("TXT", spf("v=spf1 -all"))],
        "www.acme.test": [("CNAME", "acme.test.")],
    }
    with DnsServer(zone, silent={"dead.acme.test"}, delays={"slow.acme.test": 0.3}) as server:
        ... --nameserver 127.0.0.1:{server.port} ...

Names are answered with the records of the asked type, following CNAMEs inside the data;
a name that holds no record but has names below it is an empty non-terminal (NODATA);
any other name is NXDOMAIN. A name in ``silent`` is never answered, one in ``servfail``
gets SERVFAIL, one in ``delays`` is answered after that many seconds. A UDP answer larger
than the client's buffer (512 bytes without EDNS) is truncated, so the client retries
over TCP, as real resolvers do.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import select
import socket
import struct
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

Zone = Mapping[str, Iterable[tuple[str, str]]]
MAX_CHAIN = 8
Pending = tuple[float, int, bytes, tuple[str, int]]  # an answer: when due, order, wire, peer


def txt(value: str) -> str:
    """A TXT record's text in zone-file form, split into strings of at most 255 bytes."""
    chunks = [value[i : i + 255] for i in range(0, len(value), 255)] or [""]
    return " ".join('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"' for chunk in chunks)


def _key(name: str) -> str:
    return name.strip().rstrip(".").lower()


class DnsServer:
    def __init__(
        self,
        zone: Zone,
        *,
        silent: Iterable[str] = (),
        servfail: Iterable[str] = (),
        delays: Mapping[str, float] | None = None,
    ) -> None:
        self.records: dict[str, list[tuple[str, str]]] = {}
        for name, records in zone.items():
            self.records.setdefault(_key(name), []).extend(records)
        self.silent = {_key(name) for name in silent}
        self.servfail = {_key(name) for name in servfail}
        self.delays = {_key(name): delay for name, delay in (delays or {}).items()}
        self.queries: list[tuple[str, str, str]] = []  # (name, type, "udp" | "tcp")
        self._answers: dict[tuple[str, bytes], tuple[str, str, bytes]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.udp, self.tcp = _bind_pair()
        self.port: int = self.udp.getsockname()[1]

    # -- lifecycle ---------------------------------------------------------------------

    def __enter__(self) -> DnsServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        for target in (self._serve_udp, self._serve_tcp):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self.udp.close()
        self.tcp.close()

    @property
    def nameserver(self) -> str:
        return f"127.0.0.1:{self.port}"

    def asked(self, name: str, rdtype: str) -> int:
        """How many times (name, type) was asked, over either transport."""
        with self._lock:
            return sum(1 for q in self.queries if q[0] == _key(name) and q[1] == rdtype)

    # -- transports ----------------------------------------------------------------------

    def _serve_udp(self) -> None:
        """One thread answers every UDP query: each answer is sent when its own delay is
        over, so delayed answers overlap as they do on a real server."""
        self.udp.setblocking(False)
        pending: list[Pending] = []
        order = itertools.count()
        while not self._stopping.is_set():
            wait = 0.1 if not pending else max(0.0, pending[0][0] - time.monotonic())
            try:
                readable, _w, _x = select.select([self.udp], [], [], min(wait, 0.1))
            except (OSError, ValueError):
                return
            if readable and not self._receive_udp(pending, order):
                return
            while pending and pending[0][0] <= time.monotonic():
                _due, _order, wire, peer = heapq.heappop(pending)
                with contextlib.suppress(OSError):
                    self.udp.sendto(wire, peer)

    def _receive_udp(
        self,
        pending: list[Pending],
        order: Iterator[int],
    ) -> bool:
        """Reads every waiting query and schedules its answer; False once the socket is closed."""
        while True:
            try:
                data, peer = self.udp.recvfrom(65535)
            except BlockingIOError:
                return True
            except OSError:
                return False
            answer = self._answer(data, "udp")
            if answer is not None:
                wire, delay = answer
                heapq.heappush(pending, (time.monotonic() + delay, next(order), wire, peer))

    def _serve_tcp(self) -> None:
        self.tcp.listen(16)
        self.tcp.settimeout(0.1)
        while not self._stopping.is_set():
            try:
                connection, _peer = self.tcp.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._answer_tcp, args=(connection,), daemon=True)
            worker.start()

    def _answer_tcp(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(2)
            while not self._stopping.is_set():
                header = _read_exactly(connection, 2)
                if header is None:
                    return
                data = _read_exactly(connection, struct.unpack("!H", header)[0])
                if data is None:
                    return
                answer = self._answer(data, "tcp")
                if answer is None:
                    continue
                wire, delay = answer
                if delay and self._stopping.wait(delay):
                    return
                try:
                    connection.sendall(struct.pack("!H", len(wire)) + wire)
                except OSError:
                    return

    # -- answering -----------------------------------------------------------------------

    def _answer(self, data: bytes, transport: str) -> tuple[bytes, float] | None:
        """The answer to a query and how long to wait before sending it; None for no answer.

        A response depends only on the query's bytes, so it is built once per distinct
        query (the 2-byte ID aside) and copied with the asker's ID after that."""
        key = (transport, data[2:])
        known = self._answers.get(key)
        if known is None:
            known = self._build(data, transport)
            if known is None:
                return None
            self._answers[key] = known
        name, rdtype, wire = known
        with self._lock:
            self.queries.append((name, rdtype, transport))
        if name in self.silent:
            return None
        return data[:2] + wire[2:], self.delays.get(name, 0.0)

    def _build(self, data: bytes, transport: str) -> tuple[str, str, bytes] | None:
        try:
            query = dns.message.from_wire(data)
        except dns.exception.DNSException:
            return None
        if not query.question:
            return None
        question = query.question[0]
        name = _key(question.name.to_text())
        rdtype = dns.rdatatype.to_text(question.rdtype)
        return name, rdtype, self._respond(query, name, transport)

    def _respond(self, query: dns.message.Message, name: str, transport: str) -> bytes:
        question = query.question[0]
        response = dns.message.make_response(query, recursion_available=True)
        if name in self.servfail:
            response.set_rcode(dns.rcode.SERVFAIL)
        else:
            self._fill(response, name, question.rdtype)
        if transport == "tcp":
            return response.to_wire()
        limit = max(512, query.payload) if query.edns >= 0 else 512
        try:
            return response.to_wire(max_size=limit)
        except dns.exception.TooBig:
            response.answer = []
            response.authority = []
            response.additional = []
            response.flags |= dns.flags.TC
            return response.to_wire()

    def _fill(
        self, response: dns.message.Message, name: str, rdtype: dns.rdatatype.RdataType
    ) -> None:
        wanted = dns.rdatatype.to_text(rdtype)
        for _ in range(MAX_CHAIN):
            records = self.records.get(name)
            if records is None:
                if not self._has_descendants(name):
                    response.set_rcode(dns.rcode.NXDOMAIN)
                return
            cname = [value for kind, value in records if kind == "CNAME"]
            if cname and wanted != "CNAME":
                response.answer.append(_rrset(name, "CNAME", cname[:1]))
                name = _key(cname[0])
                continue
            values = [value for kind, value in records if kind == wanted]
            if values:
                response.answer.append(_rrset(name, wanted, values))
            return

    def _has_descendants(self, name: str) -> bool:
        suffix = "." + name
        return any(known.endswith(suffix) for known in self.records)


def _rrset(name: str, rdtype: str, values: list[str]) -> dns.rrset.RRset:
    return dns.rrset.from_text_list(
        dns.name.from_text(name), 300, dns.rdataclass.IN, dns.rdatatype.from_text(rdtype), values
    )


def _read_exactly(connection: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        try:
            chunk = connection.recv(size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def _bind_pair() -> tuple[socket.socket, socket.socket]:
    """A UDP and a TCP socket on the same free loopback port."""
    for _ in range(20):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        # room for a burst of hundreds of queries, which the default buffer would drop
        udp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
        udp.bind(("127.0.0.1", 0))
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            tcp.bind(("127.0.0.1", udp.getsockname()[1]))
        except OSError:
            udp.close()
            tcp.close()
            continue
        return udp, tcp
    raise OSError("no free loopback port for both UDP and TCP")
