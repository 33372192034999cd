"""File formats. Each source turns one syntax into canonical configurations.

Which source reads a file is decided from its name alone, and the source modules (with
their heavier parsers) are imported only when a file of their kind is read.
"""

from __future__ import annotations

import fnmatch
import importlib
import re
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Protocol

from smtplint.model import Change, Document, Edit, SmtpConfig


class Source(Protocol):
    """``read`` must never raise on bad input: problems become ``Document.errors``.

    ``environment`` holds the variables the application would see (from ``--env-file``);
    a source that evaluates environment lookups resolves them against it. ``companions``
    holds texts that replace what is on disk for other files the source reads alongside
    ``path`` (``fix`` re-reads its pending edits this way before writing anything).

    ``edits`` turns canonical changes of one configuration into the smallest text edits in
    the file's own syntax, or raises :class:`~smtplint.model.Unfixable` saying why it
    cannot. ``unsafe`` is true under ``--unsafe-fixes``: only then may a source edit a
    value that the environment can override (the default of an ``os.environ`` lookup).
    """

    def read(
        self,
        path: PurePath,
        text: str,
        environment: Mapping[str, str] | None = None,
        *,
        companions: Mapping[Path, str] | None = None,
    ) -> Document: ...

    def edits(
        self,
        document: Document,
        config: SmtpConfig,
        changes: tuple[Change, ...],
        *,
        unsafe: bool,
    ) -> list[Edit]: ...


# (source module, file-name patterns). Order matters: the first match wins.
_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("env", (".env", ".env.*", "*.env", "env.example", "env.sample", "env.template")),
    ("toml", ("*.toml",)),
    ("thunderbird", ("prefs.js", "user.js")),
    ("python", ("*.py", "*.cfg")),
)

_TEMPLATE_MARKERS = re.compile(
    r"(^|[._-])(example|sample|template|dist|tpl|defaults?)($|[._-])", re.I
)

# A cheap test that a file may hold SMTP settings at all; files without a match are skipped.
_SMTP_WORDS = (b"smtp", b"mail", b"sender", b"from_address", b"starttls")
_TLS_WORD = re.compile(rb"\b(?:ssl|tls)\b")


# One regular expression per source, from its patterns; names compare case-insensitively.
_NAME_MATCHERS = tuple(
    (source, re.compile("|".join(fnmatch.translate(p) for p in patterns), re.IGNORECASE))
    for source, patterns in _SOURCES
)


def source_name_for(path: PurePath) -> str | None:
    return source_for_file_name(path.name)


def source_for_file_name(name: str) -> str | None:
    """The source that reads files of this name, or None."""
    for source, matcher in _NAME_MATCHERS:
        if matcher.match(name):
            return source
    return None


def file_patterns() -> tuple[str, ...]:
    return tuple(pattern for _, patterns in _SOURCES for pattern in patterns)


def pre_commit_files_regex() -> str:
    """The ``files:`` regex of the pre-commit hook: the files some source reads, and no others.

    pre-commit applies it with ``re.search`` to the path relative to the repository root
    (always ``/``-separated); names compare case-insensitively, as in ``source_name_for``.
    """
    names = "|".join(_name_regex(pattern) for pattern in file_patterns())
    return rf"(?i)(^|/)({names})$"


def _name_regex(pattern: str) -> str:
    wildcards = {"*": "[^/]*", "?": "[^/]"}
    return "".join(wildcards.get(char) or re.escape(char) for char in pattern)


def get_source(name: str) -> Source:
    module = importlib.import_module(f"smtplint.sources.{name}_source")
    source: Source = module.SOURCE
    return source


def is_template(path: PurePath) -> bool:
    return bool(_TEMPLATE_MARKERS.search(path.name))


def may_hold_smtp(data: bytes) -> bool:
    # Substring tests on the lowered bytes are ten times faster than one (?i) regex.
    lowered = data.lower()
    return any(word in lowered for word in _SMTP_WORDS) or _TLS_WORD.search(lowered) is not None
