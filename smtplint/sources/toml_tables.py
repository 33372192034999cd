"""Which tables of a TOML file are SMTP configurations.

* a table named like ``smtp``, ``email``, ``mail``, ``mailer``, ``smtp_options``, ``outgoing``
  (any name containing ``smtp``), at any depth, as a ``[table]``, an element of ``[[tables]]``,
  an inline table or a dotted-key table; a member of an ``smtp``/``mailers`` collection; or
  any table whose ``type``/``transport``/``protocol`` says ``smtp`` (himalaya's
  ``message.send.backend``). A table whose ``type`` names another protocol (``imap``,
  ``maildir`` …) never is, nor one that configures a listening server;
* any table (the top level included) holding ``smtp_``-prefixed keys, which are then the only
  keys read.

Flask and Django upper-case keys are found by :mod:`toml_frameworks` in every table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from smtplint.records import record
from smtplint.sources.toml_keys import CORE_ROLES, STRUCTURED_ROLES, Role, normalise, role_of
from smtplint.sources.toml_spans import KeyPath

Ancestors = tuple[tuple[KeyPath, Mapping[str, Any]], ...]

_TABLE_NAMES = frozenset({
    "email", "emails", "mail", "mailer", "mailers", "outgoing", "outgoing_mail",
    "outgoing_server", "send_mail", "email_settings", "email_config", "mail_settings",
    "mail_config", "mailer_settings", "mailer_config", "mail_relay",
})
# A table holding these configures a server that listens, not a client that sends.
_SERVER_KEYS = frozenset({"listen", "listen_addr", "listen_address", "bind", "bind_addr",
                          "bind_address", "listeners"})
# Values of type/transport/protocol keys.
_OTHER_PROTOCOLS = frozenset({
    "imap", "imaps", "pop", "pop3", "pop3s", "jmap", "maildir", "mbox", "notmuch", "gmail",
    "msgraph", "microsoft_graph", "graph",
})


@record
class Visit:
    """A table met while walking the file, with what encloses it."""

    path: KeyPath
    table: Mapping[str, Any]
    name: str | None  # the key the table is reached by
    parent_name: str | None
    ancestors: Ancestors

    @property
    def named(self) -> bool:
        """Whether the table's name (or its collection's) or its ``type`` says SMTP."""
        if not self.path or any(normalise(key) in _SERVER_KEYS for key in self.table):
            return False
        protocol = _protocol(self.table)
        if protocol == "other":
            return False
        return (protocol == "smtp" or _is_smtp_name(self.name)
                or _is_smtp_collection(self.parent_name))

    @property
    def may_be_config(self) -> bool:
        """Whether the table's keys are read as SMTP settings (all of them when ``named``)."""
        return self.named or (_protocol(self.table) != "other"
                              and _has_prefixed_keys(self.table))

    def children(self) -> list[Visit]:
        inner = (*self.ancestors, (self.path, self.table))
        # A config's own auth/password/tls sub-tables are part of it, not configs of their own.
        structured = STRUCTURED_ROLES if self.named else frozenset()
        found = []
        for key, value in self.table.items():
            if role_of(key) in structured:
                continue
            if isinstance(value, Mapping):
                found.append(Visit((*self.path, key), value, key, self.name, inner))
            elif isinstance(value, list):
                found.extend(
                    Visit((*self.path, key, i), element, key, self.name, inner)
                    for i, element in enumerate(value)
                    if isinstance(element, Mapping)
                )
        return found


def walk(data: Mapping[str, Any]) -> Iterator[Visit]:
    """Every table, the top level first, depth-first in file order (without recursion)."""
    stack = [Visit((), data, None, None, ())]
    while stack:
        visit = stack.pop()
        yield visit
        stack.extend(reversed(visit.children()))


def _is_smtp_name(name: str | None) -> bool:
    if name is None:
        return False
    normal = normalise(name)
    return "smtp" in normal or normal in _TABLE_NAMES


def _is_smtp_collection(name: str | None) -> bool:
    """``[smtp.primary]``, ``[[smtp.servers]]``, ``[mailers.backup]``: members are configs."""
    return name is not None and ("smtp" in normalise(name) or normalise(name) == "mailers")


def _protocol(table: Mapping[str, Any]) -> str | None:
    """"smtp", or "other" for another protocol, as the table's type/transport key says."""
    for key, value in table.items():
        if role_of(key) is not Role.MARKER or not isinstance(value, str):
            continue
        word = value.strip().lower()
        if "smtp" in word:
            return "smtp"
        if word in _OTHER_PROTOCOLS:
            return "other"
    return None


def _has_prefixed_keys(table: Mapping[str, Any]) -> bool:
    return any(
        normalise(key).startswith("smtp_") and role_of(key) in CORE_ROLES for key in table
    )
