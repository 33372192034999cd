"""A transport security mode written in the vocabulary of the TOML table that holds it.

Each dialect the TOML source reads has its own way of naming the mode:

* Flask-Mail / Django upper-case keys: a pair of flags (``MAIL_USE_TLS`` / ``MAIL_USE_SSL``)
  read with Python truthiness, so a string flag (``"False"`` is true) is written back as a
  TOML boolean;
* free-form tables: a mode word (``security = "starttls"``, lldap ``smtp_encryption``,
  himalaya ``encryption.type = "start-tls"``, meli ``security = { type = … }``) in the
  case the table writes it, or switches (``use_tls``, ``ssl``, ``starttls``) written with
  the switch's own kind of value (``true``, ``1``, ``"yes"``); turning one mode on turns
  every switch asking for another mode off. A missing switch is added only when it is the
  other half of a pair that is written (``use_tls`` / ``use_ssl``).

The result is a list of writes; a mode the table cannot express raises Unfixable, and so
does a mode only expressible by a word or switch that applications read differently
(``"tls"``, a bare ``tls = true``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtplint.model import Security, SmtpConfig, Unfixable
from smtplint.records import record
from smtplint.sources.toml_frameworks import Framework
from smtplint.sources.toml_keys import ROLES, Role, normalise
from smtplint.sources.toml_spans import KeyPath, display
from smtplint.sources.toml_values import (
    MODE_WORDS,
    SCHEME_MODES,
    interpolates,
    normal_word,
    reference,
    to_switch,
)


@record
class ConfigTable:
    """The table one configuration is read from, and which of its keys are read."""

    path: KeyPath
    data: Mapping[str, Any]
    prefixed_only: bool  # only ``smtp_*`` keys are read
    framework: Framework | None  # Flask-Mail or Django upper-case keys

    @property
    def shown(self) -> str:
        return display(self.path) if self.path else "the top level"

    def reads(self, key: str) -> bool:
        """Whether ``key`` (directly in the table) belongs to this configuration."""
        framework = self.framework
        if framework is not None:
            return key.startswith(framework.prefix) or key in framework.known
        return not self.prefixed_only or normalise(key).startswith("smtp_")


@record
class SetValue:
    """Give the written key at ``path`` a new value (of the Python type to write)."""

    path: KeyPath
    value: object


@record
class AddKey:
    """Add ``key = value`` to the configuration's table."""

    key: str
    value: object


Write = SetValue | AddKey


def security_writes(table: ConfigTable, config: SmtpConfig, target: Security) -> list[Write]:
    for flag in config.security_flags:
        if flag.origin.part is not None and flag.value is not target:
            raise Unfixable(
                f"the security of {config.name} comes from the {flag.origin.part} of "
                f"{flag.key} ({flag.raw}); edit that URL by hand"
            )
    if table.framework is not None:
        return _framework_flags(table, table.framework, target)
    return _free_form(table, target)


# --- Flask-Mail and Django flags ------------------------------------------------------------


def _framework_flags(table: ConfigTable, framework: Framework, target: Security) -> list[Write]:
    keys = framework.keys
    wanted = {
        keys.implicit: target is Security.TLS,
        keys.starttls: target in (Security.STARTTLS, Security.OPPORTUNISTIC),
    }
    style = next((table.data[k] for k in wanted if k in table.data), True)
    writes: list[Write] = []
    for key, on in wanted.items():
        if key not in table.data:
            if on:
                writes.append(AddKey(key, _python_flag(style, on=True)))
            continue
        value = table.data[key]
        if not isinstance(value, (bool, int, float, str)):
            raise Unfixable(f"{display((*table.path, key))} is not a true/false value")
        if bool(value) == on:
            continue
        if isinstance(value, str) and _placeholder(value):
            raise Unfixable(_placeholder_reason(table, key, value))
        writes.append(SetValue((*table.path, key), _python_flag(value, on=on)))
    return writes


def _python_flag(written: object, *, on: bool) -> object:
    """``on`` as Python truthiness reads it, in the written kind where that can say it."""
    if isinstance(written, int) and not isinstance(written, bool):
        return int(on)
    return on  # a string flag is true unless empty: a TOML boolean says what is meant


# --- free-form tables ---------------------------------------------------------------------


@record
class _Switch:
    key: str
    path: KeyPath
    asks: Security  # the mode it asks for when on
    value: Any
    on: bool
    ambiguous: bool  # a bare "tls" switch: applications disagree on its mode


@record(frozen=False)
class _Keys:
    """The security keys of a free-form table, in the order the reader meets them."""

    modes: list[tuple[KeyPath, Any]]
    switches: list[_Switch]
    markers: list[tuple[KeyPath, Security]]
    unreadable: list[tuple[KeyPath, Any]]  # values that read as no mode and no switch


_SWITCH_MODES = {
    Role.STARTTLS: Security.STARTTLS,
    Role.USE_TLS: Security.STARTTLS,
    Role.BARE_TLS: Security.STARTTLS,
    Role.IMPLICIT: Security.TLS,
}
_MODE_TYPE_KEYS = ("type", "mode", "value", "kind")
# Switch names that come in pairs: the other one of a pair names the other mode.
_PAIRS = {
    "use_tls": "use_ssl",
    "enable_tls": "enable_ssl",
    "smtp_starttls": "smtp_ssl",  # older himalaya: smtp-starttls / smtp-ssl
}
_PARTNERS = {**_PAIRS, **{ssl: tls for tls, ssl in _PAIRS.items()}}


def _free_form(table: ConfigTable, target: Security) -> list[Write]:
    keys = _security_keys(table)
    if keys.unreadable:
        path, value = keys.unreadable[0]
        if isinstance(value, str) and _placeholder(value):
            raise Unfixable(f"{display(path)} names an environment placeholder; edit it by hand")
        raise Unfixable(f"{display(path)} does not read as a security mode; edit it by hand")
    for path, mode in keys.markers:
        if mode is not target:
            raise Unfixable(
                f"{display(path)} names a transport with {mode.label}; change it by hand"
            )
    if keys.modes:
        writes = _mode_word(keys.modes[0], target)
    elif keys.switches:
        writes = _switch_on(table, keys.switches, target)
    elif not keys.markers:
        raise Unfixable(
            f"no key in {table.shown} sets the transport security; add the one your "
            "application reads"
        )
    else:
        writes = []
    writes.extend(
        SetValue(s.path, _switch_value(s.value, on=False))
        for s in keys.switches
        if s.on and s.asks is not target
    )
    return writes


def _security_keys(table: ConfigTable) -> _Keys:
    found = _Keys([], [], [], [])
    for key, value in table.data.items():
        normal = normalise(key)
        if table.prefixed_only and not normal.startswith("smtp_"):
            continue
        role = ROLES.get(normal)
        at = (*table.path, key)
        if role is Role.MODE:
            _add_mode(found, value, at)
        elif role in _SWITCH_MODES:
            if isinstance(value, Mapping):
                continue  # tls = { verify = … }: certificate options, no mode
            on = to_switch(value)
            if on is not None:
                ambiguous = role is Role.BARE_TLS
                found.switches.append(_Switch(key, at, _SWITCH_MODES[role], value, on, ambiguous))
            elif isinstance(value, str) and normal_word(value) in MODE_WORDS:
                found.modes.append((at, value))
            else:
                found.unreadable.append((at, value))
        elif role is Role.MARKER and isinstance(value, str):
            mode = SCHEME_MODES.get(normal_word(value))
            if mode is not None:
                found.markers.append((at, mode))
    return found


def _add_mode(found: _Keys, value: Any, at: KeyPath) -> None:
    if isinstance(value, Mapping):  # encryption.type = "start-tls", security = { type = … }
        for key, inner in value.items():
            if normalise(key) in _MODE_TYPE_KEYS and isinstance(inner, str):
                found.modes.append(((*at, key), inner))
                return
        return  # tls options only
    if isinstance(value, (str, bool)):
        found.modes.append((at, value))
    else:
        found.unreadable.append((at, value))


def _mode_word(mode: tuple[KeyPath, Any], target: Security) -> list[Write]:
    path, written = mode
    if isinstance(written, bool):
        if target is Security.NONE and written is False:
            return []
        raise Unfixable(f"{display(path)} is a true/false value that cannot name {target.label}")
    if _placeholder(written):
        raise Unfixable(f"{display(path)} names an environment placeholder; edit it by hand")
    if MODE_WORDS.get(normal_word(written)) is target:
        return []
    if target is Security.TLS:
        raise Unfixable(
            f'{display(path)}: implicit TLS is written "tls" in this vocabulary, a word some '
            "applications read as STARTTLS; write your application's word for it by hand"
        )
    return [SetValue(path, _word(target, written, himalaya=_is_himalaya_mode(path)))]


_WORDS = {Security.NONE: "none", Security.STARTTLS: "starttls"}
_MIXED_CASE_WORDS = {Security.NONE: "None", Security.STARTTLS: "StartTLS"}


def _is_himalaya_mode(path: KeyPath) -> bool:
    """himalaya writes the mode as ``encryption.type``: "tls", "start-tls" or "none"."""
    return [normalise(str(part)) for part in path[-2:]] == ["encryption", "type"]


def _word(target: Security, written: str, *, himalaya: bool) -> str:
    """The word for ``target`` spelled the way ``written`` spells its word."""
    word = _WORDS.get(target)
    if word is None:
        raise Unfixable(f"no mode word says {target.label}")
    core = written.strip()
    if target is Security.STARTTLS and himalaya:
        word = "start-tls"
    if core.isupper():
        return word.upper()
    if core.islower() or not core:
        return word
    return _MIXED_CASE_WORDS[target]


def _switch_on(table: ConfigTable, switches: list[_Switch], target: Security) -> list[Write]:
    if target is Security.NONE:
        return []
    if target is Security.OPPORTUNISTIC:
        raise Unfixable(f"no switch in {table.shown} asks for STARTTLS only when offered")
    wanted = sorted((s for s in switches if s.asks is target), key=lambda s: s.ambiguous)
    if any(s.on for s in wanted):
        return []
    if wanted and not wanted[0].ambiguous:
        return [SetValue(wanted[0].path, _switch_value(wanted[0].value, on=True))]
    if wanted:
        raise Unfixable(
            f"{display(wanted[0].path)} turns on STARTTLS for some applications and implicit "
            "TLS for others; set the switch your application reads by hand"
        )
    for switch in switches:
        partner = _PARTNERS.get(normalise(switch.key))
        if partner is not None and partner not in map(normalise, table.data):
            return [
                AddKey(_spelled_like(partner, switch.key), _switch_value(switch.value, on=True))
            ]
    raise Unfixable(
        f"no key in {table.shown} turns on {target.label}; add the one your application reads"
    )


def _spelled_like(normal: str, written: str) -> str:
    key = normal.replace("_", "-") if "-" in written else normal
    return key.upper() if written.isupper() else key


_SWITCH_WORDS = (("true", "false"), ("yes", "no"), ("on", "off"), ("1", "0"))


def _switch_value(written: Any, *, on: bool) -> object:
    """``on`` written the way ``written`` writes a switch: ``true``, ``1``, ``"yes"`` …"""
    if isinstance(written, bool):
        return on
    if isinstance(written, int):
        return int(on)
    core = str(written).strip()
    family = next((f for f in _SWITCH_WORDS if core.lower() in f), _SWITCH_WORDS[0])
    word = family[0] if on else family[1]
    if core.isupper():
        return word.upper()
    if core[:1].isupper():
        return word.capitalize()
    return word


def _placeholder(text: str) -> bool:
    return reference(text) is not None or interpolates(text)


def _placeholder_reason(table: ConfigTable, key: str, value: str) -> str:
    return (
        f"{display((*table.path, key))} names an environment placeholder ({value}); edit it by hand"
    )
