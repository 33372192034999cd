"""Canonical changes to Python settings text edits (Django settings, Flask config).

Only the characters of a value are rewritten, in the literal's own form
(:mod:`py_fix_literal`): a literal written in the file, or — with ``unsafe`` only — the
default of an environment lookup (``os.environ.get("EMAIL_PORT", 465)``). A value read
from an email URL, from the environment with no default, computed by code or set in another
module is refused, naming the setting. A setting that is not written is added right after
the configuration's last written setting (:mod:`py_fix_place`); a TLS/SSL flag pair is
written as a pair, the other flag switched off where it is on. A password moves to an
environment read (:mod:`py_fix_password`).

Every edit is checked by reading the edited module again: each changed setting must now
have the wanted value, so a literal that code goes on to transform is refused rather than
written.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable

from smtplint.model import (
    Change,
    Document,
    Edit,
    EnvironmentReference,
    Field,
    Security,
    SmtpConfig,
    Unfixable,
    ValueKind,
)
from smtplint.records import record
from smtplint.sources.py_fix_lines import Lines
from smtplint.sources.py_fix_literal import (
    flag_text,
    number,
    port_text,
    quoted,
    seconds_text,
    string_text,
)
from smtplint.sources.py_fix_password import import_os, imports_os, moved_password
from smtplint.sources.py_fix_place import (
    Anchor,
    added_setting,
    check_place,
    class_anchor,
    find_anchor,
    quote_of,
)
from smtplint.sources.py_fix_scope import Scope, ScopeKind, scope_of
from smtplint.sources.py_module import Module, module_to_edit
from smtplint.sources.py_settings import as_port, as_seconds, as_text
from smtplint.sources.py_values import Binding, PyValue, truthiness

Check = Callable[[PyValue], bool]

_ALLOWED_PARENTS: dict[ScopeKind, tuple[type[ast.AST], ...]] = {
    ScopeKind.MODULE: (ast.Module,),
    ScopeKind.MAILERS: (ast.Module,),
    ScopeKind.CLASS: (ast.ClassDef,),
    ScopeKind.RECEIVER: (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef),
}
_TEXT_FIELDS = (Field.HOST, Field.USERNAME, Field.SENDER)


def edits_for(
    document: Document, config: SmtpConfig, changes: tuple[Change, ...], *, unsafe: bool
) -> list[Edit]:
    """The edits making ``changes``; raises Unfixable when one of them cannot be written."""
    module = module_to_edit(document.path, document.text)
    if module is None:
        raise Unfixable("the file is not valid Python")
    scope = scope_of(module, config)
    if scope is None:
        raise Unfixable(f"the settings of {config.name} are not written in a form smtplint edits")
    planner = _Planner(module, Lines(document.text), scope, config, unsafe)
    for change in changes:
        _refuse_other_file(document, config, change.field)
        planner.apply(change)
    edits = planner.result()
    _verify(document, config, edits, planner.expected)
    return edits


def _refuse_other_file(document: Document, config: SmtpConfig, field: Field) -> None:
    setting = config.setting_for(field)
    if setting is None:
        return
    path = setting.origin.path
    if path is not None and path != document.path:
        raise Unfixable(f"{setting.key} is set in {path.name}; change it there")


@record
class _Expected:
    key: str
    check: Check


class _Planner:
    def __init__(
        self, module: Module, lines: Lines, scope: Scope, config: SmtpConfig, unsafe: bool
    ) -> None:
        self._module = module
        self._lines = lines
        self._scope = scope
        self._config = config
        self._unsafe = unsafe
        self._edits: list[Edit] = []
        self._added: list[tuple[str, object]] = []
        self.expected: list[_Expected] = []

    def apply(self, change: Change) -> None:
        value = change.value
        field = change.field
        if field is Field.SECURITY and isinstance(value, Security):
            self._security(value)
        elif field is Field.PASSWORD and isinstance(value, EnvironmentReference):
            self._password(value)
        elif field is Field.PORT and isinstance(value, int) and not isinstance(value, bool):
            self._set(
                field,
                value,
                lambda old, key: port_text(old, value, key),
                lambda found: as_port(found.value) == value,
            )
        elif field is Field.TIMEOUT and (seconds := _seconds(value)) is not None:
            self._set(
                field,
                seconds,
                lambda old, key: seconds_text(old, seconds, key),
                lambda found: as_seconds(found.value) == seconds,
            )
        elif field in _TEXT_FIELDS and isinstance(value, str):
            self._set(
                field,
                value,
                lambda old, key: string_text(old, value, key),
                lambda found: as_text(found.value) == value,
            )
        else:
            raise Unfixable(f"{change.describe()} is not something a Python settings fix writes")

    def result(self) -> list[Edit]:
        edits = list(self._edits)
        if self._added:
            edits.extend(self._additions())
        return _merged(edits)

    # --- plain settings ---------------------------------------------------------------------

    def _set(
        self,
        field: Field,
        value: object,
        text_for: Callable[[str, str], str],
        check: Check,
    ) -> None:
        key = self._scope.key(field)
        if key is None:
            raise Unfixable(f"{self._config.name} has no {field.value} setting smtplint can write")
        binding = self._scope.bindings.get(key)
        self.expected.append(_Expected(key, check))
        if binding is None:
            self._add(key, value, timeout=field is Field.TIMEOUT)
        elif binding.value.url is not None or not check(binding.value):
            self._rewrite(binding, key, value, text_for)

    # --- the TLS/SSL flag pair --------------------------------------------------------------

    def _security(self, target: Security) -> None:
        scope, security = self._scope, self._config.security
        implicit, starttls = scope.flags
        flags = {scope.display(implicit), scope.display(starttls)}
        if security is not None and security.kind is not ValueKind.DEFAULT:
            if security.origin.part is not None:
                raise Unfixable(
                    f"the security mode comes from the email URL in {security.key}; "
                    "edit the URL by hand"
                )
            if security.key not in flags:
                raise Unfixable(f"the security mode comes from {security.key}; edit it by hand")
        wanted = {
            implicit: target is Security.TLS,
            starttls: target in (Security.STARTTLS, Security.OPPORTUNISTIC),
        }
        for key, on in wanted.items():
            self._flag(key, on)

    def _flag(self, key: str, on: bool) -> None:
        binding = self._scope.bindings.get(key)
        if binding is None and not on:
            return
        self.expected.append(_Expected(key, lambda found: _truth(found) is on))
        if binding is None:
            self._add(key, on)
        elif _truth(binding.value) is not on or binding.value.url is not None:
            self._rewrite(binding, key, on, lambda old, name: flag_text(old, on, name))

    # --- the password -----------------------------------------------------------------------

    def _password(self, reference: EnvironmentReference) -> None:
        key = self._scope.key(Field.PASSWORD)
        binding = self._scope.bindings.get(key) if key is not None else None
        if key is None or binding is None:
            written = self._scope.display(key) if key is not None else "a password"
            raise Unfixable(f"{written} is not written here, so there is no password to move")
        display = self._scope.display(key)
        value = binding.value
        self._refuse_foreign(binding, display)
        if value.kind is ValueKind.ENVIRONMENT:
            raise Unfixable(
                f"{display} is read from the environment with a password written as "
                "its default; remove the default by hand"
            )
        if value.kind is not ValueKind.LITERAL or value.span is None:
            raise Unfixable(f"{display} is computed by code; move it by hand")
        self._edits.extend(moved_password(self._lines, value.span, reference, display))
        if not imports_os(self._module.tree, value.span.line):
            self._edits.append(import_os(self._module.tree, self._lines, value.span.line))
        variable = reference.variable
        self.expected.append(_Expected(key, lambda found: found.reference == variable))

    # --- edits ------------------------------------------------------------------------------

    def _rewrite(
        self, binding: Binding, key: str, value: object, text_for: Callable[[str, str], str]
    ) -> None:
        display = self._scope.display(key)
        found = binding.value
        self._refuse_foreign(binding, display)
        if self._scope.inherited(key):
            if found.kind is not ValueKind.LITERAL:
                raise Unfixable(
                    f"{display} is inherited from a base class that reads it from "
                    "the environment; change it there"
                )
            self._add(key, value)  # the class overrides what it inherits
            return
        if found.kind is ValueKind.UNRESOLVED or found.span is None:
            if found.reference is not None:
                raise Unfixable(
                    f"{display} is read from the environment variable "
                    f"{found.reference} with no default here; set it there"
                )
            raise Unfixable(f"{display} is computed by code; edit it by hand")
        if found.kind is ValueKind.ENVIRONMENT and not self._unsafe:
            raise Unfixable(
                f"{display} comes from the environment; its default is changed "
                "only with --unsafe-fixes"
            )
        start, end = self._lines.offsets(found.span)
        old = self._lines.text[start:end]
        new = text_for(old, display)
        if new != old:
            self._edits.append(Edit(start, end, new))

    def _refuse_foreign(self, binding: Binding, display: str) -> None:
        url = binding.value.url
        if url is not None:
            where = url.url.key if url.url is not None else "an email URL"
            raise Unfixable(f"{display} comes from the email URL in {where}; edit the URL by hand")
        if binding.key_span is None:
            raise Unfixable(f"{display} is set in another module of the project; change it there")

    def _add(self, key: str, value: object, *, timeout: bool = False) -> None:
        url = self._config.url
        if url is not None and not timeout:
            raise Unfixable(
                f"the email settings come from the URL in {url.key}; "
                f"change {self._scope.display(key)} there"
            )
        self._added.append((key, value))

    def _additions(self) -> list[Edit]:
        scope, module = self._scope, self._module
        keys = ", ".join(self._scope.display(key) for key, _ in self._added)
        written = scope.written()
        anchor: Anchor | None = None
        if written and written[-1].key_span is not None:
            anchor = find_anchor(module.tree, module.source, written[-1].key_span)
        elif scope.owner is not None:
            anchor = class_anchor(module.tree, module.source, scope.owner)
        if anchor is None:
            raise Unfixable(f"no written setting of {self._config.name} to add {keys} beside")
        what = self._config.name if scope.kind is ScopeKind.MAILERS else _namespace(scope)
        check_place(anchor, _ALLOWED_PARENTS[scope.kind], what, keys)
        quote = quote_of(anchor, module.source)
        items = [(key, _new_value(value, quote, key)) for key, value in self._added]
        return added_setting(anchor, module.source, self._lines, items)


def _namespace(scope: Scope) -> str:
    return "EMAIL_" if scope.family == "django" else "MAIL_"


def _new_value(value: object, quote: str, key: str) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return quoted(value, quote, key)
    if isinstance(value, (int, float)):
        return number(value)
    raise Unfixable(f"{key}: no way to write this value")


def _seconds(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return None
    return float(value)


def _truth(value: PyValue) -> bool | None:
    return truthiness(value.value) if value.known else None


def _merged(edits: list[Edit]) -> list[Edit]:
    """One insertion per place (in the order made); overlapping edits refuse the fix."""
    inserts: dict[int, str] = {}
    replaced: list[Edit] = []
    for edit in edits:
        if edit.start == edit.end:
            inserts[edit.start] = inserts.get(edit.start, "") + edit.replacement
        else:
            replaced.append(edit)
    result = sorted([*replaced, *(Edit(at, at, text) for at, text in inserts.items())])
    for first, second in itertools.pairwise(result):
        if second.start < first.end:
            raise Unfixable("two of these changes would edit the same text; edit it by hand")
    return result


def _verify(
    document: Document, config: SmtpConfig, edits: list[Edit], expected: list[_Expected]
) -> None:
    """Read the edited module again: every changed setting must have its wanted value."""
    text = document.text
    for edit in sorted(edits, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    module = module_to_edit(document.path, text)
    if module is None:
        raise Unfixable("the change would leave the file not valid Python")
    scope = scope_of(module, config) or scope_of(module, config, any_variant=True)
    for wanted in expected:
        binding = scope.bindings.get(wanted.key) if scope is not None else None
        if binding is None or not wanted.check(binding.value):
            display = scope.display(wanted.key) if scope is not None else wanted.key
            raise Unfixable(f"{display} is computed from the value written here; edit it by hand")
