"""The Python entry points: everything the command line does, callable from code."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from smtplint.discover import Candidate, GitTracking, PathError, candidates, only_files
from smtplint.engine import Selection, lint_document, origin_key
from smtplint.exclude import BUILT_IN_EXCLUDES, Excludes
from smtplint.model import Document, Finding, ParseError, Severity, SmtpConfig, Span
from smtplint.policy import PerFileIgnore, with_severities, without_per_file_ignores
from smtplint.profiles.index import ProfileIndex, load_index
from smtplint.records import field, record
from smtplint.rules import all_rules
from smtplint.rules.base import FileFacts
from smtplint.sources import get_source, is_template, may_hold_smtp
from smtplint.sources.read_cache import read_cache
from smtplint.workers import map_walked

if TYPE_CHECKING:
    from smtplint.network import NetworkOptions

MAX_FILE_BYTES = 5 * 1024 * 1024


class SelectionError(ValueError):
    """A --select or --ignore value that names no rule."""


@record(frozen=False)
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    files: list[Path] = field(default_factory=list)  # every file checked, in order
    configs_found: int = 0
    unreadable: list[str] = field(default_factory=list)  # one-line messages

    @property
    def failing(self) -> list[Finding]:
        """Findings that fail a run: errors and warnings (info findings are advice)."""
        return [f for f in self.findings if f.severity is not Severity.INFO]

    @property
    def files_with_findings(self) -> int:
        return len({finding.path for finding in self.findings})

    def absorb(self, other: CheckResult) -> None:
        """Add the results of checking the files that follow this result's."""
        self.findings.extend(other.findings)
        self.files_checked += other.files_checked
        self.files.extend(other.files)
        self.configs_found += other.configs_found
        self.unreadable.extend(other.unreadable)


def check_paths(
    paths: Sequence[str | Path],
    *,
    select: Sequence[str] = ("ALL",),
    ignore: Sequence[str] = (),
    profiles_dirs: Sequence[str | Path] = (),
    env_files: Sequence[str | Path] = (),
    excludes: Excludes = BUILT_IN_EXCLUDES,
    per_file_ignores: Sequence[PerFileIgnore] = (),
    severity: Mapping[str, Severity] | None = None,
    today: dt.date | None = None,
    network: NetworkOptions | None = None,
    workers: int | None = None,
) -> CheckResult:
    """Check files and directories; raises PathError for a path that does not exist and
    ProfileError for a profile that does not validate.

    ``env_files`` are read as the environment the application runs with: environment
    lookups in Python settings resolve against them, later files winning. ``excludes``
    leaves files out of directory walks; ``per_file_ignores`` drops findings by file and
    code; ``severity`` gives codes another severity. With ``network`` (nameserver and
    timeout), the DNS checks (SL7xx) run on every configuration after the offline lint;
    NetworkError is raised when no resolver can be set up. ``workers`` is how many
    processes share the files (default: one per core for large trees; see smtplint.workers;
    always one with ``network``).
    """
    selection = selection_of(select, ignore)
    offline = selection
    if network is not None:
        from smtplint.network.run import offline_selection

        offline = offline_selection(selection)
    linter = _FileLinter(
        profiles=load_index([Path(d) for d in profiles_dirs]),
        tracking=GitTracking(only_files([Path(p) for p in paths])),
        environment=load_environment(env_files),
        selection=offline,
        per_file_ignores=per_file_ignores,
        severity=severity or {},
        today=today,
        documents=[] if network is not None else None,
    )
    walk = candidates([Path(p) for p in paths], excludes)
    if network is not None:
        workers = 1  # the DNS checks need every document in this process
    parts = map_walked(linter.check, walk, workers, setup=linter.tracking.ask_before_forking)
    result = CheckResult()
    for part in parts:
        result.absorb(part)
    if network is not None and linter.documents is not None:
        from smtplint.network.run import network_findings

        online = network_findings(
            linter.documents, linter.profiles, network, selection=selection, today=today
        )
        online = without_per_file_ignores(online, per_file_ignores)
        result.findings.extend(with_severities(online, severity or {}))
    result.findings.sort(key=Finding.sort_key)
    return result


@record(frozen=False)
class _FileLinter:
    """Reads, parses and lints files with one run's profiles and settings."""

    profiles: ProfileIndex
    tracking: GitTracking
    environment: Mapping[str, str] | None
    selection: Selection
    per_file_ignores: Sequence[PerFileIgnore]
    severity: Mapping[str, Severity]
    today: dt.date | None
    documents: list[tuple[Document, FileFacts]] | None  # kept for the network checks

    def check(self, found: Iterable[Candidate]) -> CheckResult:
        result = CheckResult()
        for candidate in found:
            with read_cache():  # marking fixes reads the text again
                document = read_candidate(candidate, result, self.environment)
                if document is None:
                    continue
                result.files_checked += 1
                result.files.append(document.path)
                result.configs_found += len(document.configs)
                path = document.path
                facts = FileFacts(path, self.tracking.is_tracked(path), is_template(path))
                findings = lint_marked(
                    document,
                    candidate.source,
                    self.profiles,
                    facts,
                    selection=self.selection,
                    today=self.today,
                )
            findings = without_per_file_ignores(findings, self.per_file_ignores)
            result.findings.extend(with_severities(findings, self.severity))
            if self.documents is not None:
                self.documents.append((document, facts))
        return result


def lint_marked(
    document: Document,
    source_name: str,
    profiles: ProfileIndex,
    facts: FileFacts,
    *,
    selection: Selection,
    today: dt.date | None = None,
) -> list[Finding]:
    """The document's findings, each fix marked as what its source can write (see
    smtplint.fix_marks)."""
    origins: dict[tuple[str, Span, str], SmtpConfig] = {}
    findings = lint_document(
        document, profiles, facts, selection=selection, today=today, origins=origins
    )
    if not any(f.fixable for f in findings):
        return findings
    from smtplint.fix_marks import with_writable_marks

    source = get_source(source_name)
    return with_writable_marks(document, findings, source, lambda f: origins.get(origin_key(f)))


def load_environment(env_files: Sequence[str | Path]) -> dict[str, str] | None:
    """The variables the env files define (python-dotenv's reading); None without files."""
    if not env_files:
        return None
    from dotenv import dotenv_values

    environment: dict[str, str] = {}
    for env_file in env_files:
        path = Path(env_file)
        if not path.is_file():
            raise PathError(f"{path}: no such env file")
        values = dotenv_values(path, interpolate=True)
        environment.update({key: value for key, value in values.items() if value is not None})
    return environment


def selection_of(select: Sequence[str], ignore: Sequence[str]) -> Selection:
    """The rules to run; raises SelectionError for a code or prefix that names no rule."""
    selection = Selection(tuple(select), tuple(ignore))
    unknown = selection.unknown_prefixes(rule.code for rule in all_rules())
    if unknown:
        raise SelectionError(f"no rule matches {', '.join(unknown)}; `smtplint rules` lists them")
    return selection


def read_paths(
    paths: Sequence[str | Path],
    result: CheckResult,
    environment: Mapping[str, str] | None = None,
    excludes: Excludes = BUILT_IN_EXCLUDES,
) -> Iterator[Document]:
    """Every document under ``paths`` that may hold SMTP settings, parsed.

    Unreadable files are recorded in ``result.unreadable``; raises PathError for a path
    that does not exist.
    """
    for candidate in candidates([Path(p) for p in paths], excludes):
        document = read_candidate(candidate, result, environment)
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
    environment: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Check one file's text without touching the file system (for editors and tests)."""
    from smtplint.sources import source_name_for

    path = Path(filename)
    source_name = source_name_for(path)
    if source_name is None:
        raise ValueError(f"{filename}: no source reads files with this name")
    with read_cache():
        document = get_source(source_name).read(path, text, environment)
        facts = FileFacts(path, git_tracked, is_template(path))
        return lint_marked(
            document,
            source_name,
            profiles or load_index(),
            facts,
            selection=Selection(tuple(select), tuple(ignore)),
            today=today,
        )


def read_capped(handle: BinaryIO, limit: int) -> bytes:
    """The file's bytes, or ``limit + 1`` of them when it is longer. The size ``fstat`` gives
    bounds the first read: asking for ``limit + 1`` bytes at once makes Python allocate that
    much for every small file. A file that grew since, or that reports no size (as /proc's
    do), is read on up to the limit."""
    expected = os.fstat(handle.fileno()).st_size
    data = handle.read(min(expected, limit) + 1)
    if expected < len(data) <= limit:
        data += handle.read(limit + 1 - len(data))
    return data


def read_candidate(
    candidate: Candidate, result: CheckResult, environment: Mapping[str, str] | None = None
) -> Document | None:
    """Read and parse one file; unreadable files are recorded, undecodable ones are SL001."""
    path = candidate.path
    try:
        with path.open("rb") as handle:
            data = read_capped(handle, MAX_FILE_BYTES)
    except OSError as error:
        result.unreadable.append(f"{path}: cannot read: {error.strerror or error}")
        return None
    if len(data) > MAX_FILE_BYTES:
        return _unparsable(
            path, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; skipped"
        )
    if data.startswith(_UTF16_BOMS):
        return _utf16(candidate, data)
    if not candidate.explicit and not may_hold_smtp(data):
        return None
    if b"\0" in data:
        return _unparsable(path, "file holds binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return _unparsable(path, f"not valid UTF-8 (byte {error.start})", line)
    return get_source(candidate.source).read(path, text, environment)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _utf16(candidate: Candidate, data: bytes) -> Document | None:
    """A UTF-16 file (as Windows editors save it): reported when it holds SMTP settings,
    since the libraries reading these files expect UTF-8 and see NUL bytes."""
    text = data.decode("utf-16", errors="replace")
    if not candidate.explicit and not may_hold_smtp(text.encode("utf-8")):
        return None
    return _unparsable(
        candidate.path, "file is UTF-16 encoded; save it as UTF-8, the encoding its readers expect"
    )


def _unparsable(path: Path, message: str, line: int = 1) -> Document:
    return Document(path, "", errors=[ParseError(message, Span.point(line))])
