"""Host-name facts for the transport and host rules: the shape of a host setting, the
incoming-mail names people paste by mistake, and look-ups of the nearest known SMTP host.
"""

from __future__ import annotations

import functools
import re

from smtplint.hosts import ip_literal, normalise
from smtplint.model import SmtpConfig
from smtplint.profiles.index import ProfileIndex
from smtplint.profiles.schema import HostSpec, Profile
from smtplint.records import record
from smtplint.similarity import edit_distance

# First labels of servers that receive mail (IMAP, POP3, MX) rather than accept submissions.
INCOMING_LABEL = re.compile(r"(imaps?|imap4|pops?|pop3s?|mx\d*)", re.IGNORECASE)

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://")


@record
class HostShape:
    """What is wrong with the text of a host setting, and the bare host name inside it.

    ``problems`` are kinds in the order found: whitespace, scheme, userinfo, email, path,
    port, bad-port, empty, empty-label, long-label, long-name, inner-blank, underscore,
    invalid-character. ``cleaned`` is the host name left once the removable parts (blanks,
    scheme, credentials, path, port) are taken off, when that name is itself valid.
    """

    problems: tuple[str, ...]
    cleaned: str | None
    scheme: str | None = None
    port: int | None = None
    port_text: str | None = None
    email_domain: str | None = None
    bad_characters: str = ""

    @property
    def malformed(self) -> bool:
        return bool(self.problems)


_REMOVABLE = frozenset({"whitespace", "scheme", "userinfo", "path", "port", "bad-port"})


@functools.lru_cache(maxsize=1024)  # several rules inspect each configuration's host
def inspect_host(text: str) -> HostShape:
    problems: list[str] = []
    rest = text
    if rest != rest.strip():
        problems.append("whitespace")
        rest = rest.strip()
    scheme = None
    scheme_match = _SCHEME.match(rest)
    if scheme_match is not None:
        problems.append("scheme")
        scheme = scheme_match.group(1).lower()
        rest = rest[scheme_match.end() :]
    authority_end = _first_index(rest, "/?#")
    authority, tail = rest[:authority_end], rest[authority_end:]
    at = authority.rfind("@")
    if at >= 0:
        if scheme is None and ":" not in authority[:at]:
            return HostShape(("email",), None, email_domain=authority[at + 1 :].lower() or None)
        problems.append("userinfo")
        authority = authority[at + 1 :]
    if tail:
        problems.append("path")
    host, port_text = _split_port(authority)
    if host.startswith("[") and host.endswith("]") and ip_literal(host) is not None:
        host = host[1:-1]
    port = None
    if port_text is not None:
        port = int(port_text) if port_text.isdigit() and 1 <= int(port_text) <= 65535 else None
        problems.append("port" if port is not None else "bad-port")
    name_problems, bad = _name_problems(host)
    problems.extend(name_problems)
    cleaned = host if not name_problems and set(problems) <= _REMOVABLE else None
    return HostShape(tuple(problems), cleaned, scheme, port, port_text, None, bad)


def _first_index(text: str, characters: str) -> int:
    found = [i for i in (text.find(c) for c in characters) if i >= 0]
    return min(found) if found else len(text)


def _split_port(authority: str) -> tuple[str, str | None]:
    if authority.startswith("["):
        close = authority.find("]")
        if close > 0:
            after = authority[close + 1 :]
            port = after[1:] if after.startswith(":") else None
            return authority[: close + 1], port
    if authority.count(":") == 1:
        host, port = authority.split(":")
        return host, port
    return authority, None


def _name_problems(host: str) -> tuple[list[str], str]:
    if not host:
        return ["empty"], ""
    if ip_literal(host) is not None:
        return [], ""
    name = host[:-1] if host.endswith(".") else host  # a trailing dot is a valid absolute name
    problems: list[str] = []
    labels = name.split(".")
    if any(not label for label in labels):
        problems.append("empty-label")
    if any(len(label) > 63 for label in labels):
        problems.append("long-label")
    if len(name) > 253:
        problems.append("long-name")
    if any(c.isspace() for c in name):
        problems.append("inner-blank")
    if "_" in name:
        problems.append("underscore")
    bad = "".join(
        sorted({c for c in name if not (c.isalnum() or c in "-._" or c.isspace())}, key=name.index)
    )
    if bad or any(label.startswith("-") or label.endswith("-") for label in labels):
        problems.append("invalid-character")
    return problems, bad


def describe_problem(kind: str, shape: HostShape) -> str:
    """A short phrase for one problem kind, never quoting a credential."""
    phrases = {
        "whitespace": "blanks around the name",
        "scheme": f"a URL scheme ({shape.scheme}://)",
        "userinfo": "a user name and password",
        "email": "an email address instead of a server name",
        "path": "a path after the name",
        "port": f"a port (:{shape.port_text})",
        "bad-port": f"a port suffix that is not a port (:{shape.port_text})",
        "empty": "no host name",
        "empty-label": "an empty label (a leading dot or two dots in a row)",
        "long-label": "a label longer than 63 characters",
        "long-name": "more than 253 characters",
        "inner-blank": "blanks inside the name",
        "underscore": "an underscore, which host names may not contain",
        "invalid-character": (
            f"characters a host name may not contain ({shape.bad_characters})"
            if shape.bad_characters
            else "a label that starts or ends with a hyphen"
        ),
    }
    return phrases[kind]



def host_name(config: SmtpConfig) -> str | None:
    """The configured host, normalised, when its value is known."""
    if config.host is None or not config.host.value:
        return None
    return normalise(config.host.value)



def first_label(name: str) -> str:
    return name.split(".", 1)[0]


def is_incoming_name(name: str) -> bool:
    return "." in name and INCOMING_LABEL.fullmatch(first_label(name)) is not None


def current_hosts_of(profile: Profile, name: str) -> list[str]:
    """The provider's current SMTP hosts, with ``*`` in patterns filled from ``name``."""
    hosts = [spec.name for spec in profile.current_hosts]
    labels = name.split(".")
    for spec in profile.hosts:
        if spec.status == "current" and spec.is_pattern:
            filled = _fill_pattern(spec, labels)
            if filled is not None:
                hosts.append(filled)
    return hosts


def _fill_pattern(spec: HostSpec, labels: list[str]) -> str | None:
    pattern = spec.name.split(".")
    if len(pattern) != len(labels):
        return None
    filled = (label if part == "*" else part for part, label in zip(pattern, labels, strict=True))
    return ".".join(filled)


def nearest_host_of(profile: Profile, name: str) -> str | None:
    """The provider's current host closest in spelling to ``name`` (first on a tie)."""
    candidates = current_hosts_of(profile, name)
    if not candidates:
        return None
    return min(candidates, key=lambda known: edit_distance(name, known, len(name) + len(known)))


def likely_misspelling(profiles: ProfileIndex, name: str) -> tuple[Profile, str] | None:
    """A known current host that ``name`` is plausibly a typo of.

    Short names get a tighter limit. A difference confined to a one- or two-letter label
    (``smtp.q.com`` against ``smtp.x.com``) or to the digits of a label (``smtp02`` against
    ``smtp01``, numbered servers) is a different name, not a typo.
    """
    limit = 2 if len(name) >= 14 else 1 if len(name) >= 8 else 0
    if limit == 0:
        return None
    found = profiles.nearest_host(name, limit)
    if found is None or found[1] == name or ip_literal(found[1]) is not None:
        return None
    known_labels, labels = found[1].split("."), name.split(".")
    if len(known_labels) == len(labels):
        differing = [(k, n) for k, n in zip(known_labels, labels, strict=True) if k != n]
        if any(len(known) <= 2 or _digits_only_differ(known, given) for known, given in differing):
            return None
    return found


def _digits_only_differ(known: str, given: str) -> bool:
    return _without_digits(known) == _without_digits(given)


def _without_digits(label: str) -> str:
    return "".join(c for c in label if not c.isdigit())
