"""Python settings: Django settings modules and Flask configuration (``*.py``, and ``*.cfg``
files in Python syntax such as Flask's ``from_pyfile`` instance config).

The file is parsed with :mod:`ast` and evaluated statically (:mod:`py_exec`, :mod:`py_eval`):
nothing is imported or executed. Each configuration the file can produce is one
:class:`SmtpConfig` — per branch of a module-level conditional (``variant``), per Django
``MAILERS`` alias, per Flask config class, per ``app.config``.

Conventions:

- Keys are the setting names the library reads, as written: ``EMAIL_PORT``, ``MAIL_PORT``
  (whether in a module, a class or ``app.config[...]``), ``MAILERS['default']['OPTIONS']
  ['port']``; a value read from an email URL is named by its variable, ``EMAIL_URL``.
  Configuration names say where the keys are: ``EMAIL_`` (Django module), ``MAILERS[
  'default']``, ``MAIL_`` (Flask module globals), the class name, ``app.config``.
- A setting's span is the expression to edit: the literal, or the default of an
  environment lookup (``465`` in ``int(os.environ.get("EMAIL_PORT", 465))``). Values set in
  another module of the project (``from .base import *``) have no span here; findings about
  them land on the configuration's anchor (its first mail setting in this file).
- A Flask config class is reported unless it is only a base of other classes of the file
  and is not named anywhere else (``Config`` under ``DevelopmentConfig(Config)``); each
  reported class includes what it inherits.
- A module is Django settings when it assigns a Django email setting (or ``MAILERS``) at
  module level itself. Module-level ``MAIL_*`` names are a Flask configuration when one of
  them is a key Flask-Mail reads (in Django settings: only with ``MAIL_SERVER``).
- A name bound to another name's value (``DEFAULT_FROM_EMAIL = EMAIL_HOST_USER``) points at
  the name where it is used, not where the value was written.

Not modelled (the value becomes unresolved, or the statement is skipped): loops, ``except``
handlers, ``match``, functions called for their result, ``%``/``.format()`` formatting,
``getattr``, ``os.environ`` changed by the module itself, more than 16 other modules of the
project or imports nested deeper than 8, ``app.config.from_pyfile``/``from_envvar``/
``from_prefixed_env`` (a ``.cfg`` file is checked on its own), a Flask config class whose
mail settings all come from a class of another module, and ``EMAIL_HOST`` values carrying
a ``:port``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath

from smtplint.model import Change, Document, Edit, ParseError, SmtpConfig, Span
from smtplint.sources.py_django import django_configs, is_django_settings
from smtplint.sources.py_exec import Frame
from smtplint.sources.py_flask import CORE_KEYS, flask_config
from smtplint.sources.py_module import TOO_DEEP, Module, read_module
from smtplint.sources.py_text import descendants
from smtplint.sources.py_values import ClassValue

# A file that names no mail setting is not parsed at all.
_HINT = re.compile(r"MAIL_|MAILERS|email_url")


class PythonSource:
    def read(
        self,
        path: PurePath,
        text: str,
        environment: Mapping[str, str] | None = None,
        *,
        companions: Mapping[Path, str] | None = None,
    ) -> Document:
        document = Document(Path(path), text)
        if not _HINT.search(text):
            return document
        try:
            module = read_module(Path(path), text, environment)
            if isinstance(module, ParseError):
                if not _is_cfg(path):  # setup.cfg is INI, not Python
                    document.errors.append(module)
                return document
            document.configs.extend(_configs(Path(path), module))
        except RecursionError:
            document.errors.append(ParseError(TOO_DEEP, Span.point(1)))
        return document

    def edits(
        self,
        document: Document,
        config: SmtpConfig,
        changes: tuple[Change, ...],
        *,
        unsafe: bool,
    ) -> list[Edit]:
        from smtplint.sources.py_fix import edits_for  # only a fix needs the editing code

        return edits_for(document, config, changes, unsafe=unsafe)


SOURCE = PythonSource()


def _is_cfg(path: PurePath) -> bool:
    return path.suffix.lower() == ".cfg"


def _configs(path: Path, module: Module) -> list[SmtpConfig]:
    frames = module.frames
    nodes = descendants(module.tree)
    django = any(is_django_settings(frame.names) for frame in frames)
    imports_mailman = _imports(nodes, "flask_mailman")
    shown_classes = _reported_classes(nodes)
    configs: list[SmtpConfig] = []
    for frame in frames:
        variant = ", ".join(frame.label) or None
        if django:
            configs.extend(django_configs(frame.names, path, variant))
        configs.extend(
            _flask_configs(frame, path, variant, imports_mailman, shown_classes, django=django)
        )
    return sorted(configs, key=lambda config: (config.anchor, config.name, config.variant or ""))


def _flask_configs(
    frame: Frame,
    path: Path,
    variant: str | None,
    imports_mailman: bool,
    shown_classes: frozenset[str],
    *,
    django: bool,
) -> list[SmtpConfig]:
    found: list[SmtpConfig | None] = []
    names = frame.names
    # In Django settings, MAIL_* names are the project's own unless they name a server.
    wanted = ("MAIL_SERVER",) if django else tuple(CORE_KEYS)
    if any(key in names and names[key].key_span is not None for key in wanted):
        found.append(flask_config(names, path, "MAIL_", variant, imports_mailman=imports_mailman))
    for binding in names.values():
        cls = binding.value.value
        if (
            isinstance(cls, ClassValue)
            and cls.name_span is not None
            and (cls.name in shown_classes)
        ):
            found.append(
                flask_config(
                    cls.resolved(),
                    path,
                    cls.name,
                    variant,
                    imports_mailman=imports_mailman,
                    anchor=cls.name_span,
                )
            )
    for receiver, keys in frame.configs.items():
        found.append(flask_config(keys, path, receiver, variant, imports_mailman=imports_mailman))
    return [config for config in found if config is not None]


def _reported_classes(nodes: Sequence[ast.AST]) -> frozenset[str]:
    """Classes that are configurations: all but those only used as a base of another class
    of the module (and named nowhere else)."""
    bases: set[str] = set()
    in_bases: set[int] = set()
    classes: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ClassDef):
            classes.add(node.name)
            for base in node.bases:
                for name in descendants(base):
                    in_bases.add(id(name))
                    if isinstance(name, ast.Name):
                        bases.add(name.id)
    named = {
        node.id
        for node in nodes
        if isinstance(node, ast.Name)
        and isinstance(node.ctx, ast.Load)
        and id(node) not in in_bases
    }
    return frozenset(name for name in classes if name not in bases or name in named)


def _imports(nodes: Sequence[ast.AST], module: str) -> bool:
    for node in nodes:
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == module for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == module:
            return True
    return False
