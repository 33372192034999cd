"""``smtplint fix``: apply rule fixes to files, verified by re-reading, written atomically.

Each pass lints the pending text, asks the file's source for the edits of every wanted fix
(canonical changes become text in the file's own syntax), applies those that do not
overlap, and re-reads the result: a pass whose result no longer parses, or shows a finding
code that was not there, is retried fix by fix and the culprits are dropped. Passes repeat
until nothing changes (at most ``MAX_PASSES``). Only then is anything written, each file
atomically, and never a file that changed on disk meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from smtplint.api import CheckResult, read_candidate, selection_of
from smtplint.discover import Candidate, GitTracking, PathError, candidates, only_files
from smtplint.engine import PARSE_ERROR, Selection, lint_document, origin_key
from smtplint.exclude import BUILT_IN_EXCLUDES, Excludes
from smtplint.fix_chunks import fix_chunks
from smtplint.fix_files import FileChangedError, PendingFiles, ReadOnlyError, overlap
from smtplint.fix_marks import with_writable_marks, writable_edits
from smtplint.model import (
    Applicability,
    Change,
    Document,
    Edit,
    EnvironmentReference,
    Field,
    Finding,
    Fix,
    Secret,
    Severity,
    SmtpConfig,
    Span,
    Unfixable,
    ValueKind,
)
from smtplint.policy import PerFileIgnore, with_severities, without_per_file_ignores
from smtplint.profiles.index import ProfileIndex, load_index
from smtplint.records import field, record, replace
from smtplint.rules.base import FileFacts
from smtplint.sources import Source, get_source, is_template
from smtplint.sources.read_cache import read_cache
from smtplint.workers import map_chunks, worker_count

__all__ = ["MAX_PASSES", "FileChangedError", "FixResult", "SecretMover", "fix_paths"]

MAX_PASSES = 10
PLAINTEXT_PASSWORD = "SL501"


class SecretMover(Protocol):
    """Where ``fix --secrets`` puts plaintext passwords (the system keyring)."""

    def reference_for(self, path: Path, key: str) -> EnvironmentReference:
        """How the file will read the password ``key`` of ``path`` once it has moved."""

    def store(self, path: Path, key: str, secret: Secret) -> None:
        """Store the password and read it back; raise OSError unless it reads back equal."""


@record(frozen=False)
class FixResult:
    check: CheckResult = field(default_factory=CheckResult)
    changed: list[Path] = field(default_factory=list)  # files written (or, with diff, to write)
    fixes_applied: int = 0
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # refused fixes, with the reason
    secrets_moved: int = 0

    def absorb(self, other: FixResult) -> None:
        """Add the results of fixing the files that follow this result's."""
        self.check.absorb(other.check)
        self.changed.extend(other.changed)
        self.fixes_applied += other.fixes_applied
        self.diffs.extend(other.diffs)
        self.notes.extend(other.notes)
        self.secrets_moved += other.secrets_moved


def fix_paths(
    paths: Sequence[str | Path],
    *,
    unsafe: bool = False,
    diff: bool = False,
    select: Sequence[str] = ("ALL",),
    ignore: Sequence[str] = (),
    profiles_dirs: Sequence[str | Path] = (),
    excludes: Excludes = BUILT_IN_EXCLUDES,
    per_file_ignores: Sequence[PerFileIgnore] = (),
    severity: Mapping[str, Severity] | None = None,
    secrets: SecretMover | None = None,
    workers: int | None = None,
) -> FixResult:
    """Fix every file under ``paths``; with ``diff`` nothing is written. ``secrets`` moves
    plaintext passwords out of the files. Raises PathError for a missing path and
    SelectionError for an unknown rule code; a file that cannot be written is reported in
    ``result.check.unreadable`` and the others are still fixed. ``workers`` is how many
    processes share the files (default: one per core for large trees, one when moving
    passwords, since keyring backends are not safe to use across fork)."""
    fixer = _FileFixer(
        load_index([Path(d) for d in profiles_dirs]),
        GitTracking(only_files([Path(p) for p in paths])),
        selection_of(select, ignore),
        per_file_ignores,
        severity or {},
        _Options(unsafe, diff, secrets),
    )
    try:
        found = list(candidates([Path(p) for p in paths], excludes))
    except PathError:
        # the files named before a missing path are fixed before it is reported, as the
        # walk reaches them
        fixer.fix(candidates([Path(p) for p in paths], excludes))
        raise
    workers = 1 if secrets is not None else worker_count(len(found), workers)
    parts = map_chunks(
        fixer.fix, found, workers, fix_chunks, setup=fixer.tracking.ask_before_forking
    )
    result = FixResult()
    for part in parts:
        result.absorb(part)
    result.check.findings.sort(key=Finding.sort_key)
    return result


@record
class _Options:
    unsafe: bool
    diff: bool
    secrets: SecretMover | None


@record
class _FileFixer:
    """Fixes files with one run's profiles, settings and options."""

    profiles: ProfileIndex
    tracking: GitTracking
    selection: Selection
    per_file_ignores: Sequence[PerFileIgnore]
    severity: Mapping[str, Severity]
    options: _Options

    def fix(self, found: Iterable[Candidate]) -> FixResult:
        """The results of fixing ``found`` in order, findings unsorted."""
        result = FixResult()
        for candidate in found:
            path = candidate.path
            facts = FileFacts(path, self.tracking.is_tracked(path), is_template(path))
            linter = _Linter(
                candidate,
                self.profiles,
                facts,
                self.selection,
                self.per_file_ignores,
                self.severity,
            )
            # nothing is written before the file's last read: each text reads the same way
            with read_cache():
                _fix_file(linter, self.options, result)
        return result


@record(frozen=False)
class _Linter:
    candidate: Candidate
    profiles: ProfileIndex
    facts: FileFacts
    selection: Selection
    per_file_ignores: Sequence[PerFileIgnore] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    _origins_of: Document | None = field(default=None, repr=False)
    _origins: dict[tuple[str, Span, str], SmtpConfig] = field(default_factory=dict, repr=False)

    @property
    def source(self) -> Source:
        return get_source(self.candidate.source)

    def read(self, text: str, companions: Mapping[Path, str]) -> Document:
        return self.source.read(self.candidate.path, text, companions=companions)

    def lint(self, document: Document) -> list[Finding]:
        """The findings configuration leaves: what `check` would report for this text."""
        origins: dict[tuple[str, Span, str], SmtpConfig] = {}
        findings = lint_document(
            document, self.profiles, self.facts, selection=self.selection, origins=origins
        )
        self._origins_of, self._origins = document, origins
        kept = without_per_file_ignores(findings, self.per_file_ignores)
        return with_severities(kept, self.severity)

    def config_of(self, document: Document, finding: Finding) -> SmtpConfig | None:
        """The configuration whose own lint produced ``finding``."""
        if self._origins_of is not document:
            self.lint(document)
        return self._origins.get(origin_key(finding))


@record
class _Move:
    """A password to store before the file that held it is written."""

    path: Path
    key: str
    secret: Secret


@record
class _State:
    """A text of the file as read, and what `check` reports in it."""

    document: Document
    findings: list[Finding]


@record
class _Checked:
    state: _State
    texts: dict[Path, str]  # every pending file's text, the main file's included


@record
class _Planned:
    finding: Finding
    edits: tuple[Edit, ...]
    moves: tuple[_Move, ...] = ()


def _fix_file(linter: _Linter, options: _Options, result: FixResult) -> None:
    path = linter.candidate.path
    try:
        data = path.read_bytes()
    except OSError as error:
        result.check.unreadable.append(f"{path}: cannot read: {error.strerror or error}")
        return
    document = read_candidate(linter.candidate, result.check)
    if document is None:
        return
    findings = linter.lint(document)
    wanted = _wanted(findings, options)
    parse_errors = [f for f in findings if f.code == PARSE_ERROR]
    if parse_errors and wanted:  # a file with a parse error is never rewritten
        result.notes.append(
            f"{path}: not fixed: line {parse_errors[0].span.line} does not parse "
            f"({len(wanted)} fix{'' if len(wanted) == 1 else 'es'} waiting); correct it first"
        )
    if parse_errors or not wanted:
        _record(result, linter, document, findings)
        return
    files = PendingFiles(path, data, document.text)
    session = _Session(linter, options, files, result)
    final, left, moves = session.run(document, findings)
    changed = files.changed()
    if changed:
        result.changed.extend(changed)
    if changed and options.diff:
        secrets = _secrets_of(document) | _secrets_of(final)
        result.diffs.extend(files.diff(changed_path, secrets) for changed_path in changed)
    elif changed and not _write(files, changed, moves, options.secrets, result):
        final, left = document, findings  # what is on disk is what is left to report
    _record(result, linter, final, left)


class _Session:
    """The fixing passes over one file and the files read with it."""

    def __init__(
        self, linter: _Linter, options: _Options, files: PendingFiles, result: FixResult
    ) -> None:
        self.linter = linter
        self.options = options
        self.files = files
        self.result = result
        # fixes refused since the text last changed, and why; a change may make them possible
        self.refused: dict[tuple[str, str, int], str] = {}

    def run(
        self, document: Document, findings: list[Finding]
    ) -> tuple[Document, list[Finding], list[_Move]]:
        """The fixed document and what is left to report in it, and the passwords to move."""
        moves: list[_Move] = []
        state = self._passes(_State(document, findings), moves)
        for finding in _wanted(state.findings, self.options):
            why = self.refused.get(_identity(finding))
            if why is not None:
                self.result.notes.append(
                    f"{finding.path}:{finding.span.line}: {finding.code} not fixed: {why}"
                )
        return state.document, state.findings, moves

    def _passes(self, state: _State, moves: list[_Move]) -> _State:
        for _ in range(MAX_PASSES):
            planned = self._plan(state.document, state.findings)
            if not planned:
                break
            checked = self._verified([e for p in planned for e in p.edits], state.findings)
            if checked is not None:
                state = self._accept(checked, planned, moves)
                continue
            # Together they fail: refuse each fix that fails alone, up to the first that
            # passes; accept that one and plan the rest again, since its edits moved text.
            for single in planned:
                checked = self._verified(list(single.edits), state.findings)
                if checked is not None:
                    state = self._accept(checked, [single], moves)
                    break
                self._refuse(
                    single.finding, "the result would not parse or would add a new finding"
                )
        return state

    def _accept(self, checked: _Checked, planned: list[_Planned], moves: list[_Move]) -> _State:
        self.files.texts = checked.texts
        self.refused.clear()
        self.result.fixes_applied += len(planned)
        moves.extend(move for p in planned for move in p.moves)
        return checked.state

    def _plan(self, document: Document, findings: list[Finding]) -> list[_Planned]:
        """Non-overlapping edits of the wanted fixes; overlapping ones wait for a later pass."""
        planned: list[_Planned] = []
        taken: list[Edit] = []
        for finding in _wanted(findings, self.options):
            if _identity(finding) in self.refused:
                continue
            try:
                item = self._edits_for(document, finding)
            except Unfixable as why:
                self._refuse(finding, str(why))
                continue
            except OSError as error:
                self._refuse(finding, f"a file beside it cannot be read: {error.strerror}")
                continue
            if any(overlap(edit, other) for edit in item.edits for other in taken):
                continue
            taken.extend(item.edits)
            planned.append(item)
        return planned

    def _edits_for(self, document: Document, finding: Finding) -> _Planned:
        assert finding.fix is not None
        if finding.fix.edits:  # text edits naming their file; None is the main file's
            main = self.files.main
            own = tuple(replace(e, path=None) if e.path == main else e for e in finding.fix.edits)
            for edit in own:
                if edit.path is not None:
                    self.files.text_of(edit.path)
            return _Planned(finding, own)
        config = self.linter.config_of(document, finding)
        if config is None:
            raise Unfixable("the configuration it belongs to was not found")
        moves: tuple[_Move, ...] = ()
        if finding.code == PLAINTEXT_PASSWORD and self.options.secrets is not None:
            changes, moves = self._secret_move(document, config)
            edits = self._writable(document, config, (changes,))
        else:
            edits = self._fix_edits(document, config, finding.fix)
        for edit in edits:
            if edit.path is not None:
                self.files.text_of(edit.path)  # read it now, while it is known to exist
        return _Planned(finding, tuple(edits), moves)

    def _fix_edits(self, document: Document, config: SmtpConfig, fix: Fix) -> list[Edit]:
        """The source's edits for ``fix``; with --unsafe-fixes, for its first alternative
        the source can write when it cannot write the fix itself (an alternative changes
        what the file chose, such as the port)."""
        if self.options.unsafe:
            return self._writable(document, config, fix.change_sets)
        try:
            return self._writable(document, config, (fix.changes,))
        except Unfixable as why:
            if not fix.alternatives:
                raise
            instead = " and ".join(
                change.describe(_key_of(config, change.field)) for change in fix.alternatives[0]
            )
            raise Unfixable(f"{why}; with --unsafe-fixes, fix would {instead} instead") from None

    def _writable(
        self, document: Document, config: SmtpConfig, change_sets: tuple[tuple[Change, ...], ...]
    ) -> list[Edit]:
        source = self.linter.source
        return writable_edits(source, document, config, change_sets, unsafe=self.options.unsafe)

    def _secret_move(
        self, document: Document, config: SmtpConfig
    ) -> tuple[tuple[Change, ...], tuple[_Move, ...]]:
        assert self.options.secrets is not None
        password = config.password
        if password is None or not isinstance(password.value, Secret):
            raise Unfixable("no password value to move")
        if password.origin.kind is not ValueKind.LITERAL or password.origin.part is not None:
            raise Unfixable(f"{password.key} is not a plain value; move it by hand")
        holder = password.origin.path or document.path
        reference = self.options.secrets.reference_for(holder, password.key)
        move = _Move(holder, password.key, password.value)
        return (Change(Field.PASSWORD, reference),), (move,)

    def _verified(self, edits: list[Edit], before: list[Finding]) -> _Checked | None:
        """The result of ``edits``, re-read and re-checked; None when it no longer parses
        or gains a finding code."""
        texts = self.files.applied(edits)
        document = self.linter.read(texts[self.files.main], self.files.companions(texts))
        after = self.linter.lint(document)
        if document.errors or any(f.code == PARSE_ERROR for f in after):
            return None
        if {f.code for f in after} - {f.code for f in before}:
            return None
        return _Checked(_State(document, after), texts)

    def _refuse(self, finding: Finding, why: str) -> None:
        self.refused.setdefault(_identity(finding), why)


def _key_of(config: SmtpConfig, field: Field) -> str | None:
    setting = config.setting_for(field)
    return setting.key if setting is not None else None


def _write(
    files: PendingFiles,
    changed: list[Path],
    moves: list[_Move],
    secrets: SecretMover | None,
    result: FixResult,
) -> bool:
    """Store moved passwords first, then write each file; a failed store writes nothing.
    Whether the main file was written."""
    if moves:
        assert secrets is not None
        try:
            for move in moves:
                secrets.store(move.path, move.key, move.secret)
        except OSError as error:
            result.check.unreadable.append(
                f"{files.main}: password not moved, file not written: {error}"
            )
            for path in changed:
                result.changed.remove(path)
            return False
        result.secrets_moved += len(moves)
    written = True
    for path in changed:
        try:
            files.write(path)
        except OSError as error:
            result.changed.remove(path)
            written = written and path != files.main
            result.check.unreadable.append(
                str(error)
                if isinstance(error, (FileChangedError, ReadOnlyError))
                else f"{path}: cannot write: {error.strerror or error}"
            )
    return written


def _identity(finding: Finding) -> tuple[str, str, int]:
    return finding.code, finding.message, finding.span.line


def _wanted(findings: list[Finding], options: _Options) -> list[Finding]:
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if options.unsafe else set())
    return [
        f
        for f in findings
        if f.fix is not None
        and (
            f.fix.applicability in allowed
            or (f.code == PLAINTEXT_PASSWORD and options.secrets is not None)
        )
    ]


def _secrets_of(document: Document) -> set[str]:
    return {
        config.password.value.reveal()
        for config in document.configs
        if config.password is not None and isinstance(config.password.value, Secret)
    }


def _record(
    result: FixResult, linter: _Linter, document: Document, findings: list[Finding]
) -> None:
    """What is left in the file, reported like `check` reports it, fix marks included."""
    result.check.files_checked += 1
    result.check.files.append(document.path)
    result.check.configs_found += len(document.configs)
    if any(f.fixable for f in findings):
        findings = with_writable_marks(
            document, findings, linter.source, lambda f: linter.config_of(document, f)
        )
    result.check.findings.extend(findings)
