"""What a server certificate names and how long it is valid, read from its DER bytes.

Python's ``ssl`` module describes a certificate only after it verified it, and a probe most
needs the description when verification failed (wrong name, expired, unknown issuer). The
few fields a user needs are read here with a small DER walker, so no X.509 library is
required.
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from smtplint.records import record

_SEQUENCE = 0x30
_SET = 0x31
_OID = 0x06
_EXPLICIT_VERSION = 0xA0
_EXPLICIT_EXTENSIONS = 0xA3
_BOOLEAN = 0x01
_OCTET_STRING = 0x04
_UTC_TIME = 0x17
_GENERALIZED_TIME = 0x18
_DNS_NAME = 0x82  # [2] IMPLICIT IA5String in GeneralName
_IP_ADDRESS = 0x87  # [7] IMPLICIT OCTET STRING in GeneralName

_COMMON_NAME = bytes((0x55, 0x04, 0x03))  # 2.5.4.3
_ORGANIZATION = bytes((0x55, 0x04, 0x0A))  # 2.5.4.10
_SUBJECT_ALT_NAME = bytes((0x55, 0x1D, 0x11))  # 2.5.29.17
_STRING_TAGS = {0x0C: "utf-8", 0x13: "ascii", 0x14: "latin-1", 0x16: "ascii", 0x1E: "utf-16-be"}


@record
class CertificateFacts:
    subject: str | None  # the subject's common name (CN), if it has one
    names: tuple[str, ...]  # subjectAltName DNS names and IP addresses, in order
    issuer: str | None  # the issuer's common name, else its organization
    not_before: dt.datetime | None
    not_after: dt.datetime | None

    def describe(self) -> str:
        """``names a, b (CN=x); valid 2024-01-01 to 2025-01-01; issued by y``"""
        parts = [self.naming()]
        if self.not_before is not None and self.not_after is not None:
            parts.append(f"valid {_day(self.not_before)} to {_day(self.not_after)}")
        if self.issuer:
            parts.append(f"issued by {self.issuer}")
        return "; ".join(parts)

    def naming(self) -> str:
        subject = f"CN={self.subject}" if self.subject else "no subject CN"
        if not self.names:
            return f"names nothing in subjectAltName ({subject})"
        return f"names {', '.join(self.names)} ({subject})"

    def expired(self, now: dt.datetime) -> bool:
        return self.not_after is not None and self.not_after < now


def read_certificate(der: bytes) -> CertificateFacts:
    """The facts of a DER-encoded X.509 certificate; ValueError when it is not one."""
    try:
        return _read(der)
    except (IndexError, UnicodeDecodeError) as error:
        raise ValueError("not a DER-encoded certificate") from error


def _read(der: bytes) -> CertificateFacts:
    certificate = _expect(der, 0, _SEQUENCE)
    fields = _children(der, *_expect(der, certificate[0], _SEQUENCE))
    if fields and fields[0][0] == _EXPLICIT_VERSION:
        fields = fields[1:]
    if len(fields) < 6:
        raise ValueError("a certificate has at least six fields")
    _serial, _algorithm, issuer, validity, subject = fields[:5]
    times = _children(der, validity[1], validity[2])
    extensions = next((f for f in fields[6:] if f[0] == _EXPLICIT_EXTENSIONS), None)
    return CertificateFacts(
        subject=_attribute(der, subject, _COMMON_NAME),
        names=_alt_names(der, extensions) if extensions is not None else (),
        issuer=_attribute(der, issuer, _COMMON_NAME) or _attribute(der, issuer, _ORGANIZATION),
        not_before=_time(der, times[0]) if len(times) > 0 else None,
        not_after=_time(der, times[1]) if len(times) > 1 else None,
    )


_Node = tuple[int, int, int]  # tag, start of the value, end of the value


def _node(data: bytes, offset: int) -> _Node:
    tag = data[offset]
    first = data[offset + 1]
    if first < 0x80:
        return tag, offset + 2, offset + 2 + first
    count = first & 0x7F
    if count == 0 or count > 4:
        raise ValueError("unsupported DER length")
    length = int.from_bytes(data[offset + 2 : offset + 2 + count], "big")
    start = offset + 2 + count
    if start + length > len(data):
        raise ValueError("DER value runs past the end")
    return tag, start, start + length


def _expect(data: bytes, offset: int, tag: int) -> tuple[int, int]:
    found, start, end = _node(data, offset)
    if found != tag:
        raise ValueError(f"expected DER tag {tag:#x}, found {found:#x}")
    return start, end


def _children(data: bytes, start: int, end: int) -> list[_Node]:
    nodes = []
    offset = start
    while offset < end:
        node = _node(data, offset)
        nodes.append(node)
        offset = node[2]
    return nodes


def _attribute(data: bytes, name: _Node, wanted: bytes) -> str | None:
    for _set_tag, set_start, set_end in _children(data, name[1], name[2]):
        for _tag, start, end in _children(data, set_start, set_end):
            parts = _children(data, start, end)
            if len(parts) == 2 and parts[0][0] == _OID:
                oid = data[parts[0][1] : parts[0][2]]
                if oid == wanted:
                    return _text(data, parts[1])
    return None


def _text(data: bytes, node: _Node) -> str | None:
    encoding = _STRING_TAGS.get(node[0])
    return None if encoding is None else data[node[1] : node[2]].decode(encoding)


def _alt_names(data: bytes, extensions: _Node) -> tuple[str, ...]:
    inner = _children(data, extensions[1], extensions[2])
    if not inner:
        return ()
    for _tag, start, end in _children(data, inner[0][1], inner[0][2]):
        parts = _children(data, start, end)
        if not parts or data[parts[0][1] : parts[0][2]] != _SUBJECT_ALT_NAME:
            continue
        value = parts[-1]
        if value[0] != _OCTET_STRING:
            return ()
        names_start, names_end = _expect(data, value[1], _SEQUENCE)
        return tuple(
            name
            for name in (_general_name(data, n) for n in _children(data, names_start, names_end))
            if name is not None
        )
    return ()


def _general_name(data: bytes, node: _Node) -> str | None:
    value = data[node[1] : node[2]]
    if node[0] == _DNS_NAME:
        return value.decode("ascii")
    if node[0] == _IP_ADDRESS and len(value) in (4, 16):
        return str(ipaddress.ip_address(value))
    return None


def _time(data: bytes, node: _Node) -> dt.datetime | None:
    text = data[node[1] : node[2]].decode("ascii").rstrip("Z")
    if node[0] == _UTC_TIME:
        year = int(text[:2])
        text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
    elif node[0] != _GENERALIZED_TIME:
        return None
    if len(text) == 12:  # no seconds
        text += "00"
    return dt.datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc)


def _day(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
