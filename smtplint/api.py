"""The Python entry points: everything the command line does, callable from code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from smtplint.discover import Candidate, GitTracking, candidates
from smtplint.engine import Selection, lint_document
from smtplint.model import Document, Finding, ParseError, Span
from smtplint.profiles.index import ProfileIndex, load_index
from smtplint.rules import all_rules
from smtplint.rules.base import FileFacts
from smtplint.sources import get_source, is_template, may_hold_smtp

MAX_FILE_BYTES = 5 * 1024 * 1024


class SelectionError(ValueError):
    """A --select or --ignore value that names no rule."""


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    configs_found: int = 0
    unreadable: list[str] = field(default_factory=list)  # one-line messages

    @property
    def files_with_findings(self) -> int:
        return len({finding.path for finding in self.findings})


def check_paths(
    paths: Sequence[str | Path],
    *,
    select: Sequence[str] = ("ALL",),
    ignore: Sequence[str] = (),
    profiles_dirs: Sequence[str | Path] = (),
    today: dt.date | None = None,
) -> CheckResult:
    """Check files and directories; raises PathError for a path that does not exist and
    ProfileError for a profile that does not validate."""
    selection = Selection(tuple(select), tuple(ignore))
    unknown = selection.unknown_prefixes(rule.code for rule in all_rules())
    if unknown:
        raise SelectionError(f"no rule matches {', '.join(unknown)}; `smtplint rules` lists them")
    profiles = load_index([Path(d) for d in profiles_dirs])
    tracking = GitTracking()
    result = CheckResult()
    for document in read_paths(paths, result):
        result.files_checked += 1
        result.configs_found += len(document.configs)
        facts = FileFacts(
            document.path, tracking.is_tracked(document.path), is_template(document.path)
        )
        result.findings.extend(
            lint_document(document, profiles, facts, selection=selection, today=today)
        )
    result.findings.sort(key=Finding.sort_key)
    return result


def read_paths(paths: Sequence[str | Path], result: CheckResult) -> Iterator[Document]:
    """Every document under ``paths`` that may hold SMTP settings, parsed.

    Unreadable files are recorded in ``result.unreadable``; raises PathError for a path
    that does not exist.
    """
    for candidate in candidates([Path(p) for p in paths]):
        document = read_candidate(candidate, result)
        if document is not None:
            yield document


def check_text(
    text: str,
    filename: str,
    *,
    profiles: ProfileIndex | None = None,
    select: Sequence[str] = ("ALL",),
    ignore: Sequence[str] = (),
    git_tracked: bool | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Check one file's text without touching the file system (for editors and tests)."""
    from smtplint.sources import source_name_for

    path = Path(filename)
    source_name = source_name_for(path)
    if source_name is None:
        raise ValueError(f"{filename}: no source reads files with this name")
    document = get_source(source_name).read(path, text)
    facts = FileFacts(path, git_tracked, is_template(path))
    return lint_document(
        document,
        profiles or load_index(),
        facts,
        selection=Selection(tuple(select), tuple(ignore)),
        today=today,
    )


def read_candidate(candidate: Candidate, result: CheckResult) -> Document | None:
    """Read and parse one file; unreadable files are recorded, undecodable ones are SL001."""
    path = candidate.path
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        result.unreadable.append(f"{path}: cannot read: {error.strerror or error}")
        return None
    if len(data) > MAX_FILE_BYTES:
        return _unparsable(
            path, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; skipped"
        )
    if not candidate.explicit and not may_hold_smtp(data):
        return None
    if b"\0" in data:
        return _unparsable(path, "file holds binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return _unparsable(path, f"not valid UTF-8 (byte {error.start})", line)
    return get_source(candidate.source).read(path, text)


def _unparsable(path: Path, message: str, line: int = 1) -> Document:
    return Document(path, "", errors=[ParseError(message, Span.point(line))])
