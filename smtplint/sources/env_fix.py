"""Canonical changes to env-file text edits: the smallest rewrite, in the file's own style.

Only literal values are rewritten (never a ``${VAR}`` reference); the quoting style and any
``export`` prefix stay as written. A setting the library leaves at its default is added as
``KEY=value`` on a new line right after the configuration's last key. A change that cannot
be written this way makes the whole fix unavailable (None), never a partial edit.

A password moved to a secret store becomes ``${VARIABLE}``, with the store's note as a comment
line above it. python-dotenv expands ``${VARIABLE}`` in any quoting, but other readers
(phpdotenv, Docker Compose, a shell) keep single-quoted text literally, so a single-quoted
password becomes double-quoted and the note records it (``ORIGINALLY_SINGLE_QUOTED``) for
``smtplint secrets restore``. A password written with escapes that :func:`literal_text` would
not write back byte for byte is not moved.
"""

from __future__ import annotations

import re

from smtplint.model import (
    Change,
    Edit,
    EnvironmentReference,
    Field,
    Security,
    Setting,
    SmtpConfig,
    Unfixable,
    ValueKind,
)
from smtplint.records import record
from smtplint.sources.dotenv_parts import variables
from smtplint.sources.env_source import EnvBinding, EnvFile, parse_env, resolve
from smtplint.sources.text import end_of_line, line_ending

# (implicit-TLS key, STARTTLS key) of the families that use two boolean flags
_FLAG_PAIRS = {
    "django": ("EMAIL_USE_SSL", "EMAIL_USE_TLS"),
    "flask": ("MAIL_USE_SSL", "MAIL_USE_TLS"),
}
_SECURE_KEYS = {"nodemailer": "SMTP_SECURE", "node-email": "EMAIL_SECURE"}
_LARAVEL_SCHEME = "MAIL_SCHEME"
_TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_.@:/+\-]*")
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BOM = "\ufeff"
# What python-dotenv decodes after a backslash (dotenv/parser.py), per quote character.
_ESCAPED = {'"': "\\'\"abfnrtv", "'": "\\'"}
ORIGINALLY_SINGLE_QUOTED = "; it was single-quoted"


@record
class _Written:
    binding: EnvBinding
    literal: bool


def edits_for(text: str, config: SmtpConfig, changes: tuple[Change, ...]) -> list[Edit]:
    """The edits making ``changes``; raises Unfixable when one of them cannot be written."""
    env = parse_env(text)
    written = _written(env, text)
    planner = _Planner(text, env, written, config)
    for change in changes:
        planner.apply(change)
    return planner.result()


def _written(env: EnvFile, text: str) -> dict[str, _Written]:
    """The effective (last) binding of each key, and whether its value is a literal."""
    entries = iter(resolve(env.bindings, text))
    found: dict[str, _Written] = {}
    for binding in env.bindings:
        if binding.value is None:
            found.pop(binding.key, None)
            continue
        entry = next(entries)
        found[binding.key] = _Written(binding, entry.kind is ValueKind.LITERAL)
    return found


class _Planner:
    def __init__(
        self, text: str, env: EnvFile, written: dict[str, _Written], config: SmtpConfig
    ) -> None:
        self._text = text
        self._env = env
        self._written = written
        self._config = config
        self._edits: list[Edit] = []
        self._added: list[str] = []

    def apply(self, change: Change) -> None:
        if change.field is Field.PASSWORD and isinstance(change.value, EnvironmentReference):
            self._password_reference(change.value)
            return
        if change.value is None or change.field is Field.PASSWORD:
            raise Unfixable(f"{change.describe()} is not something an env file fix writes")
        if change.field is Field.SECURITY:
            if not isinstance(change.value, Security):
                raise Unfixable(f"{change.describe()}: not a security mode")
            self._security(change.value)
            return
        setting = self._config.setting_for(change.field)
        if setting is None:
            raise Unfixable(f"no {change.field.value} setting to change")
        self._set_setting(setting, _format_value(change.value))

    def result(self) -> list[Edit]:
        edits = list(self._edits)
        if self._added:
            end = self._last_key_end()
            newline = line_ending(self._text, end)
            line_end = end_of_line(self._text, end)
            at_eof = line_end == len(self._text)
            lines = "".join(f"{newline}{line}" for line in self._added)
            if at_eof:
                edits.append(Edit(line_end, line_end, lines))
            else:
                # after the line break of the last key's line
                after = line_end + len(newline)
                edits.append(Edit(after, after, lines[len(newline) :] + newline))
        return sorted(edits)

    # --- security ---------------------------------------------------------------------------

    def _security(self, target: Security) -> None:
        family = self._config.family
        security = self._config.security
        if security is not None and security.origin.part:
            raise Unfixable(f"the security is part of the URL in {security.key}; edit it by hand")
        if security is not None and security.origin.path:
            raise Unfixable(
                f"{security.key} is written in {security.origin.path.name}; fix that file"
            )
        if family in _FLAG_PAIRS:
            self._flag_pair(_FLAG_PAIRS[family], target)
        elif family in _SECURE_KEYS:
            if target is Security.NONE:
                raise Unfixable("turning encryption off is never automated")
            self._set_key(self._key(_SECURE_KEYS[family]), target is Security.TLS, "true")
        elif family == "laravel":
            if target is Security.NONE:
                raise Unfixable("turning encryption off is never automated")
            scheme = "smtps" if target is Security.TLS else "smtp"
            self._set_key_text(self._key(_LARAVEL_SCHEME), scheme)
        else:
            raise Unfixable(f"no security setting of {family} to write")

    def _flag_pair(self, stems: tuple[str, str], target: Security) -> None:
        ssl_key, tls_key = self._key(stems[0]), self._key(stems[1])
        wanted = {
            ssl_key: target is Security.TLS,
            tls_key: target in (Security.STARTTLS, Security.OPPORTUNISTIC),
        }
        for key, on in wanted.items():
            current = self._written.get(key)
            if on:
                self._set_key(key, True, "True")
            elif current is not None and _is_true(current.binding.value):
                self._set_key(key, False, "True")

    def _set_key(self, key: str, on: bool, style: str) -> None:
        current = self._written.get(key)
        if current is not None and _is_true(current.binding.value) == on:
            if not current.literal:
                raise Unfixable(f"{key} is read from another variable; edit it by hand")
            return
        shape = style
        if current is not None:
            shape = self._text[current.binding.value_start : current.binding.value_end]
        self._set_key_text(key, _boolean(on, shape))

    def _set_key_text(self, key: str, value: str) -> None:
        current = self._written.get(key)
        if current is None:
            self._add(key, value)
        elif current.binding.value != value:
            self._replace(current, value)

    # --- plain settings ---------------------------------------------------------------------

    def _set_setting(self, setting: Setting[object], value: str) -> None:
        origin = setting.origin
        if origin.part is not None:
            raise Unfixable(f"the value is part of the URL in {setting.key}; edit it by hand")
        if origin.path is not None:
            raise Unfixable(f"{setting.key} is written in {origin.path.name}; fix that file")
        if origin.kind is ValueKind.DEFAULT:
            if setting.key in self._written:
                raise Unfixable(f"{setting.key} is written in a form smtplint cannot rewrite")
            self._add(setting.key, value)
            return
        if origin.kind is not ValueKind.LITERAL or origin.span is None:
            raise Unfixable(f"{setting.key} is read from another variable; edit it by hand")
        binding = self._env.binding_for(setting.key, origin.span)
        current = self._written.get(setting.key)
        if binding is None or current is None or current.binding != binding:
            raise Unfixable(f"{setting.key} is written more than once; edit it by hand")
        self._replace(current, value)

    # --- a password moved out of the file ---------------------------------------------------

    def _password_reference(self, reference: EnvironmentReference) -> None:
        password = self._config.password
        if password is None:
            raise Unfixable("no password setting to move")
        origin = password.origin
        if origin.part is not None or origin.path is not None:
            raise Unfixable(f"{password.key} is part of a URL or another file; move it by hand")
        if origin.kind is not ValueKind.LITERAL or origin.span is None:
            raise Unfixable(f"{password.key} is not a plain value; move it by hand")
        binding = self._env.binding_for(password.key, origin.span)
        current = self._written.get(password.key)
        bound = sum(1 for b in self._env.bindings if b.key == password.key)
        if binding is None or current is None or current.binding != binding or bound > 1:
            raise Unfixable(f"{password.key} is written more than once; edit it by hand")
        if not current.literal or binding.value is None:
            raise Unfixable(f"{password.key} is read from another variable; edit it by hand")
        if _VARIABLE_NAME.fullmatch(reference.variable) is None:
            raise Unfixable(f"{reference.variable!r} cannot be referenced in an env file")
        if "\n" in reference.note or "\r" in reference.note:
            raise Unfixable("the note to write beside the password is not one line")
        raw = self._text[binding.value_start : binding.value_end]
        if literal_text(binding.value, binding.quote) != raw:
            raise Unfixable(
                f"{password.key} is written with escapes that would not be restored as "
                "written; move it by hand"
            )
        note = reference.note
        start, end = binding.value_start, binding.value_end
        written = f"${{{reference.variable}}}"
        if binding.quote == "'":
            start, end, written = start - 1, end + 1, f'"{written}"'
            note += ORIGINALLY_SINGLE_QUOTED
        self._edits.append(Edit(start, end, written))
        self._edits.append(self._comment_above(binding, note))

    def _comment_above(self, binding: EnvBinding, note: str) -> Edit:
        line_start = max(self._text.rfind(sign, 0, binding.key_start) for sign in "\r\n") + 1
        if line_start == 0 and self._text.startswith(_BOM):
            line_start = len(_BOM)
        line = self._text[line_start : binding.key_start]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        newline = line_ending(self._text, binding.key_start)
        return Edit(line_start, line_start, f"{indent}# {note}{newline}")

    # --- edits ------------------------------------------------------------------------------

    def _replace(self, current: _Written, value: str) -> None:
        if not current.literal:
            raise Unfixable(f"{current.binding.key} is read from another variable; edit it by hand")
        binding = current.binding
        if not _fits(value, binding.quote):
            raise Unfixable(f"the new value of {binding.key} would need escaping")
        self._edits.append(Edit(binding.value_start, binding.value_end, value))

    def _add(self, key: str, value: str) -> None:
        if not _fits(value, ""):
            raise Unfixable(f"the new value of {key} would need quoting")
        self._added.append(f"{key}={value}")

    def _key(self, stem: str) -> str:
        namespace = stem.split("_", 1)[0] + "_"
        name = self._config.name
        prefix = name[: -len(namespace)] if name.endswith(namespace) else ""
        return prefix + stem

    def _last_key_end(self) -> int:
        keys = {s.key for s in self._config.settings() if s.kind is not ValueKind.DEFAULT}
        ends = [w.binding.end for key, w in self._written.items() if key in keys]
        if not ends:
            raise Unfixable("no written key to add the new setting beside")
        return max(ends)


def _is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _TRUE_WORDS


def _boolean(on: bool, shape: str) -> str:
    """``on`` written the way ``shape`` (an existing value) writes booleans."""
    if shape in ("0", "1"):
        return "1" if on else "0"
    word = "true" if on else "false"
    if shape.islower():
        return word
    if shape.isupper():
        return word.upper()
    return word.capitalize()


def _format_value(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fits(value: str, quote: str) -> bool:
    """Whether ``value`` can be written inside ``quote`` without escaping or interpolation."""
    if "$" in value or "\n" in value or "\r" in value:
        return False
    if quote == "'":
        return "'" not in value and "\\" not in value
    if quote == '"':
        return '"' not in value and "\\" not in value
    return _PLAIN_VALUE.fullmatch(value) is not None


def literal_text(value: str, quote: str) -> str | None:
    """How ``value`` is written between ``quote`` (``"``, ``'`` or none) so that python-dotenv
    reads exactly ``value``, escaping only what must be escaped; None when it cannot be."""
    if any(isinstance(atom, variables.Variable) for atom in variables.parse_variables(value)):
        return None  # python-dotenv would expand it, in any quoting
    written = value if not quote else _escaped(value, quote)
    env = parse_env(f"K={quote}{written}{quote}\n")
    if env.errors or len(env.bindings) != 1:
        return None
    binding = env.bindings[0]
    if binding.quote != quote or binding.value != value:
        return None
    return written


def _escaped(value: str, quote: str) -> str:
    parts: list[str] = []
    for index, char in enumerate(value):
        following = value[index + 1 : index + 2]
        if char == quote:
            parts.append("\\" + char)
        elif char == "\\" and (not following or following in _ESCAPED[quote]):
            parts.append("\\\\")
        else:
            parts.append(char)
    return "".join(parts)
