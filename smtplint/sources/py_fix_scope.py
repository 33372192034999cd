"""The bindings behind one configuration the Python source reported, found again for a fix.

The module is walked the way the source read it (:mod:`py_exec`), and the configuration is
picked out by its name (``EMAIL_``, ``MAILERS['default']``, ``MAIL_``, a config class, an
``app.config`` receiver) and its variant. Each binding knows where its key and its value
are written, which is what an edit needs.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable, Mapping

from smtplint.model import Field, SmtpConfig
from smtplint.records import record
from smtplint.sources.py_django import SETTINGS
from smtplint.sources.py_exec import Frame
from smtplint.sources.py_module import Module
from smtplint.sources.py_values import Binding, ClassValue, PyDict


class ScopeKind(enum.Enum):
    MODULE = "module"  # module-level names (Django EMAIL_*, Flask MAIL_* globals)
    CLASS = "class"  # a Flask config class
    RECEIVER = "receiver"  # app.config
    MAILERS = "mailers"  # OPTIONS of one Django MAILERS alias


_DJANGO_FIELDS = {
    Field.HOST: "EMAIL_HOST",
    Field.PORT: "EMAIL_PORT",
    Field.USERNAME: "EMAIL_HOST_USER",
    Field.SENDER: "DEFAULT_FROM_EMAIL",
    Field.TIMEOUT: "EMAIL_TIMEOUT",
    Field.PASSWORD: "EMAIL_HOST_PASSWORD",
}
_MAILERS_FIELDS = {
    Field.HOST: "host",
    Field.PORT: "port",
    Field.USERNAME: "username",
    Field.TIMEOUT: "timeout",
    Field.PASSWORD: "password",
}
_FLASK_FIELDS = {
    Field.HOST: "MAIL_SERVER",
    Field.PORT: "MAIL_PORT",
    Field.USERNAME: "MAIL_USERNAME",
    Field.SENDER: "MAIL_DEFAULT_SENDER",
    Field.TIMEOUT: "MAIL_TIMEOUT",
    Field.PASSWORD: "MAIL_PASSWORD",
}


@record
class Scope:
    kind: ScopeKind
    bindings: Mapping[str, Binding]
    fields: Mapping[Field, str]
    flags: tuple[str, str]  # (implicit-TLS key, STARTTLS key)
    display: Callable[[str], str]
    family: str  # "django" or "flask"
    owner: ClassValue | None = None  # CLASS: the config class

    def key(self, field: Field) -> str | None:
        return self.fields.get(field)

    def inherited(self, key: str) -> bool:
        """Whether a class configuration has ``key`` only from a base class."""
        return self.owner is not None and key in self.bindings and key not in self.owner.attrs

    def written(self) -> list[Binding]:
        """The settings this configuration writes in this file itself, in file order."""
        source = self.owner.attrs if self.owner is not None else self.bindings
        found = [(b.key_span, b) for key, b in source.items() if b.key_span and self._ours(key)]
        return [binding for _, binding in sorted(found, key=lambda pair: pair[0])]

    def _ours(self, key: str) -> bool:
        if self.kind is ScopeKind.MAILERS:
            return True
        if self.family == "django":
            return key.startswith("EMAIL_") or key in SETTINGS
        return key.startswith("MAIL_")


def scope_of(module: Module, config: SmtpConfig, *, any_variant: bool = False) -> Scope | None:
    """The scope of ``config`` in its own variant (or, with ``any_variant``, the first
    variant that has a scope of that name)."""
    for frame in module.frames:
        label = ", ".join(frame.label) or None
        if label == config.variant or any_variant:
            found = _scope_in(frame, config)
            if found is not None:
                return found
    return None


def _scope_in(frame: Frame, config: SmtpConfig) -> Scope | None:
    name = config.name
    if config.family == "django":
        if name == "EMAIL_":
            flags = ("EMAIL_USE_SSL", "EMAIL_USE_TLS")
            return Scope(ScopeKind.MODULE, frame.names, _DJANGO_FIELDS, flags, str, "django")
        if name.startswith("MAILERS[") and name.endswith("]"):
            return _mailers(frame, name)
        return None
    if config.family != "flask":
        return None
    flags = ("MAIL_USE_SSL", "MAIL_USE_TLS")
    if name == "MAIL_":
        return Scope(ScopeKind.MODULE, frame.names, _FLASK_FIELDS, flags, str, "flask")
    if name in frame.configs:
        return Scope(ScopeKind.RECEIVER, frame.configs[name], _FLASK_FIELDS, flags, str, "flask")
    binding = frame.names.get(name)
    cls = binding.value.value if binding is not None else None
    if isinstance(cls, ClassValue):
        return Scope(ScopeKind.CLASS, cls.resolved(), _FLASK_FIELDS, flags, str, "flask", cls)
    return None


def _mailers(frame: Frame, name: str) -> Scope | None:
    try:
        alias = ast.literal_eval(name[len("MAILERS[") : -1])
    except (SyntaxError, ValueError):
        return None
    mailers = frame.names.get("MAILERS")
    aliases = mailers.value.value if mailers is not None else None
    entry = aliases.items.get(alias) if isinstance(aliases, PyDict) else None
    mailer = entry.value if entry is not None else None
    options = mailer.items.get("OPTIONS") if isinstance(mailer, PyDict) else None
    if options is None or not isinstance(options.value, PyDict):
        return None
    items = options.value
    bindings = {
        key: Binding(key, value, items.key_spans.get(key))
        for key, value in items.items.items()
        if isinstance(key, str)
    }

    def display(key: str) -> str:
        return f"{name}['OPTIONS'][{key!r}]"

    flags = ("use_ssl", "use_tls")
    return Scope(ScopeKind.MAILERS, bindings, _MAILERS_FIELDS, flags, display, "django")
