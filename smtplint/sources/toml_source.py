"""TOML files: SMTP tables at any depth, and Flask/Django upper-case keys at any level.

The file is parsed with tomlkit (imported only when a file is read), which validates it and
keeps it rewritable in place; :mod:`toml_spans` finds where each item sits.

Key names in the model are full dotted paths, the way a user searches the file for them:
``tool.myapp.smtp.port``; elements of arrays of tables carry their index, ``mailers[1].host``;
keys that are not bare are written quoted, ``smtp."user name"``.

Which tables are configurations: :mod:`toml_tables` (free-form SMTP tables, read by
:mod:`toml_reader`) and :mod:`toml_frameworks` (Flask-Mail ``MAIL_*`` and Django ``EMAIL_*``
keys). A free-form table counts only when it names a host, a port, credentials or a URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

from smtplint.model import Change, Document, Edit, ParseError, Setting, SmtpConfig, Span
from smtplint.sources.read_cache import cached
from smtplint.sources.toml_draft import Draft
from smtplint.sources.toml_frameworks import FRAMEWORKS, framework_config
from smtplint.sources.toml_keys import ROLES, Role, normalise
from smtplint.sources.toml_reader import TableReader
from smtplint.sources.toml_settings import TomlFile
from smtplint.sources.toml_spans import Layout, display
from smtplint.sources.toml_tables import Ancestors, Visit, walk

_TOO_DEEP = "TOML nested too deeply to read"


class TomlSource:
    def read(
        self,
        path: PurePath,
        text: str,
        environment: Mapping[str, str] | None = None,
        *,
        companions: Mapping[Path, str] | None = None,
    ) -> Document:
        document = Document(Path(path), text)
        data, error = _parse(text)
        if error is not None:
            document.errors.append(error)
            return document
        assert data is not None
        try:
            file = TomlFile(Path(path), Layout.scan(text))
            document.configs.extend(_find_configs(data, file))
        except RecursionError:
            document.errors.append(ParseError(_TOO_DEEP, Span.point(1)))
        return document

    def edits(
        self,
        document: Document,
        config: SmtpConfig,
        changes: tuple[Change, ...],
        *,
        unsafe: bool,
    ) -> list[Edit]:
        """``unsafe`` allows nothing more: no value read here can be overridden at run time."""
        from smtplint.sources.toml_fix import edits_for

        return edits_for(document.text, config, changes)


SOURCE = TomlSource()


_POSITION_SUFFIX = re.compile(r" at line \d+ col \d+$")


def _parse(text: str) -> tuple[dict[str, Any] | None, ParseError | None]:
    """The file as plain Python data, or the error tomlkit reports (1-based column)."""
    from tomlkit.exceptions import ParseError as TomlParseError

    try:
        data = toml_data(text)
    except TomlParseError as error:
        message = _POSITION_SUFFIX.sub("", str(error))
        return None, ParseError(message, Span.point(max(error.line, 1), error.col + 1))
    except RecursionError:
        return None, ParseError(_TOO_DEEP, Span.point(1))
    except Exception as error:  # tomlkit raises a few plain exceptions without a position
        return None, ParseError(f"invalid TOML: {error}", Span.point(1))
    return data, None


def toml_data(text: str) -> dict[str, Any]:
    """The file as plain Python data, as tomlkit reads it; raises what tomlkit raises.
    While one file is fixed each text is parsed once, and the same (never changed) data
    handed back."""
    import tomlkit

    def parse() -> dict[str, Any]:
        data: dict[str, Any] = tomlkit.parse(text).unwrap()
        return data

    return cached(("toml", text), parse)


def _find_configs(data: Mapping[str, Any], file: TomlFile) -> list[SmtpConfig]:
    configs: list[SmtpConfig] = []
    for visit in walk(data):
        for spec in FRAMEWORKS:
            found = framework_config(spec, visit.table, visit.path, file)
            if found is not None:
                configs.append(found)
        generic = _table_config(visit, file)
        if generic is not None:
            configs.append(generic)
    return sorted(configs, key=lambda config: config.anchor)


def _table_config(visit: Visit, file: TomlFile) -> SmtpConfig | None:
    """The configuration a free-form SMTP table gives, if it is one."""
    if not visit.may_be_config:
        return None
    draft = Draft()
    TableReader(file, draft, prefixed_only=not visit.named).read(visit.table, visit.path)
    if not draft.recognised:
        return None
    if draft.sender is None:
        draft.sender = _sender_from_ancestors(visit.ancestors, file)
    draft.infer_auth()
    name = display(visit.path) if visit.path else "smtp_"
    return draft.build(
        file.path, name, "toml", _interpretation(draft), file.layout.anchor(visit.path)
    )


def _sender_from_ancestors(ancestors: Ancestors, file: TomlFile) -> Setting[str] | None:
    """The nearest enclosing table's sender (himalaya and meli keep it on the account)."""
    for path, table in reversed(ancestors):
        for key, value in table.items():
            normal = normalise(key)
            account_address = path != () and normal in ("email", "identity")
            if isinstance(value, str) and (
                ROLES.get(normal) is Role.SENDER or (account_address and "@" in value)
            ):
                return file.text_setting(value, (*path, key))
    return None


def _interpretation(draft: Draft) -> str:
    lead = "No specific library reading is known for this table"
    security = draft.security()
    if security is None:
        return f"{lead}; no key sets the transport security, so the application's default applies"
    shown = f"{security.key} = {security.raw}"
    if security.value is None:
        return f"{lead}; {shown} names no transport security smtplint recognises"
    how = "read from" if security is draft.mode else "inferred from"
    return f"{lead}; security ({security.value.label}) {how} {shown}"
