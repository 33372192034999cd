"""The env-file source: ``.env``, ``.env.example`` and friends, parsed by python-dotenv.

python-dotenv's own parser splits the file into bindings; this module only measures where
each key and value sits (so messages point at the line and a fix can rewrite a value in
place), resolves ``${VAR}`` / ``${VAR:-default}`` against earlier bindings of the same file,
and hands the result to :mod:`smtplint.sources.env_families`.

Positions: spans are 1-based lines and columns of the text with any UTF-8 byte-order mark
left out, so a file with a BOM reports the same columns as one without; the offsets kept in
:class:`EnvBinding` index the text exactly as given to :meth:`EnvSource.read`.

Interpolation follows python-dotenv (single-quoted values are expanded too), but only against
the file itself, never the process environment:

- a value that is exactly one undefined ``${VAR}`` is a REFERENCE to VAR (value None);
- ``${VAR:-default}`` with VAR undefined is INTERPOLATED with the default;
- a value whose every reference resolves is INTERPOLATED with the result;
- text mixed with an undefined reference is UNRESOLVED (value None, reference = that name).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePath

from smtplint.model import Change, Document, Edit, ParseError, SmtpConfig, Span, ValueKind
from smtplint.records import field, record
from smtplint.sources.dotenv_parts import parser, variables
from smtplint.sources.env_families import build_configs
from smtplint.sources.env_settings import EnvEntry, ProjectHints
from smtplint.sources.read_cache import cached
from smtplint.sources.smtp_url import DJ_EMAIL_URL, DJANGO_ENVIRON
from smtplint.sources.text import LineIndex

_BOM = "\ufeff"
# The separators python-dotenv skips between the parts of a binding (dotenv/parser.py).
_LEADING_SPACE = re.compile(r"\s*", re.MULTILINE)
_EXPORT = re.compile(r"export[^\S\r\n]+")
_BLANKS = re.compile(r"[^\S\r\n]*")
_EQUALS = re.compile(r"(=[^\S\r\n]*)")
# Only a name shaped like an environment variable is quoted back: never arbitrary text,
# which could be a pasted secret.
_KEY_FOR_MESSAGE = re.compile(r"\s*(?:export[^\S\r\n]+)?([A-Z_][A-Z0-9_]*)(?![^\s=])")


@record
class EnvBinding:
    """One ``KEY=value`` as written: enough to rewrite the value in place later."""

    key: str
    value: str | None = field(repr=False)  # decoded by python-dotenv; None for a bare KEY
    exported: bool  # written with an ``export`` prefix
    quote: str  # "", "'" or '"'
    key_start: int  # offsets into the text given to read(), end exclusive
    key_end: int
    value_start: int  # inside the quotes
    value_end: int
    end: int  # after the closing quote; before any comment
    key_span: Span
    value_span: Span
    span: Span  # key start → end

    @property
    def assigned(self) -> bool:
        return self.value is not None


@record
class EnvFile:
    bindings: tuple[EnvBinding, ...]
    errors: tuple[ParseError, ...]

    def binding_for(self, key: str, span: Span) -> EnvBinding | None:
        """The binding a setting came from: same key, and its span inside the binding's."""
        for binding in self.bindings:
            inside = (binding.span.line, binding.span.column) <= (span.line, span.column) and (
                (span.end_line, span.end_column) <= (binding.span.end_line, binding.span.end_column)
            )
            if binding.key == key and inside:
                return binding
        return None


def parse_env(text: str) -> EnvFile:
    """Bindings and syntax errors of an env file, in file order. Never raises. While one
    file is fixed each text is parsed once."""
    return cached(("env", text), lambda: _parse_env(text))


def _parse_env(text: str) -> EnvFile:
    parsed = list(_parse(text))
    # recent python-dotenv drops one leading BOM itself; older versions keep it in the key
    dropped = (
        text.startswith(_BOM) and bool(parsed) and not text.startswith(parsed[0].original.string)
    )
    base = 1 if dropped else 0
    body = text[base:]
    lines = LineIndex(body)
    bindings: list[EnvBinding] = []
    errors: list[ParseError] = []
    offset = 0
    for binding in parsed:
        start, offset = offset, offset + len(binding.original.string)
        if binding.error:
            errors.append(_error(body, start, offset, lines))
        elif binding.key is not None:
            try:
                located = _locate(body, start, offset, binding, lines, base)
            except Exception:  # python-dotenv accepted the binding; measuring it must not fail
                located = None
            if located is not None:
                bindings.append(located)
    return EnvFile(tuple(bindings), tuple(errors))


def _parse(text: str) -> Iterator[parser.Binding]:
    try:
        yield from parser.parse_stream(io.StringIO(text, newline=""))
    except Exception:  # a parser bug must not stop a lint run
        return


def _locate(
    body: str, start: int, end: int, binding: parser.Binding, lines: LineIndex, base: int
) -> EnvBinding | None:
    """Replays python-dotenv's steps over one binding to find where its parts are."""
    assert binding.key is not None
    reader = parser.Reader(io.StringIO(""))
    reader.string = body[start:end]  # set directly: the constructor would drop a leading BOM
    reader.read_regex(_LEADING_SPACE)
    exported = _EXPORT.match(reader.string, reader.position.chars) is not None
    if exported:
        reader.read_regex(_EXPORT)
    key_start = start + reader.position.chars
    parser.parse_key(reader)
    key_end = start + reader.position.chars
    reader.read_regex(_BLANKS)
    quote = ""
    if reader.peek(1) != "=":
        value_start = value_end = raw_end = key_end
    else:
        (equal_sign,) = reader.read_regex(_EQUALS)
        value_start = start + reader.position.chars
        if len(equal_sign) > 1 and reader.peek(1) == "#":
            value_end = raw_end = value_start
        else:
            quote = reader.peek(1) if reader.peek(1) in ("'", '"') else ""
            parser.parse_value(reader)
            raw_end = start + reader.position.chars
            if quote:
                value_start, value_end = value_start + 1, raw_end - 1
            else:
                value_end = raw_end = value_start + len(binding.value or "")
    if body[key_start:key_end] not in (binding.key, f"'{binding.key}'"):
        return None
    return EnvBinding(
        key=binding.key,
        value=binding.value,
        exported=exported,
        quote=quote,
        key_start=key_start + base,
        key_end=key_end + base,
        value_start=value_start + base,
        value_end=value_end + base,
        end=raw_end + base,
        key_span=lines.span(key_start, key_end),
        value_span=lines.span(value_start, value_end),
        span=lines.span(key_start, raw_end),
    )


def _error(body: str, start: int, end: int, lines: LineIndex) -> ParseError:
    """SL001: python-dotenv skips this line. The message names the key, never the value."""
    segment = body[start:end]
    first = start + len(segment) - len(segment.lstrip())
    line_end = first
    while line_end < end and body[line_end] not in "\r\n":
        line_end += 1
    return ParseError(_error_message(body[first:line_end]), lines.span(first, line_end))


def _error_message(line: str) -> str:
    skipped = "python-dotenv skips this line"
    key_match = _KEY_FOR_MESSAGE.match(line)
    if key_match is None:
        return f"expected KEY=value; {skipped}"
    key = key_match.group(1)
    after_key = line[key_match.end() :].lstrip(" \t")
    if not after_key.startswith("="):
        return f"{key}: expected KEY=value; {skipped}"
    value = after_key[1:].lstrip(" \t")
    if value[:1] in ("'", '"'):
        if value[0] in value[1:]:
            return f"{key}: unexpected text after the quoted value; {skipped}"
        return f"{key}: the quoted value is never closed; {skipped}"
    return f"{key}: the value cannot be parsed; {skipped}"


# --- interpolation -------------------------------------------------------------------------


def resolve(bindings: tuple[EnvBinding, ...], text: str) -> list[EnvEntry]:
    """Assigned bindings with ``${VAR}`` references resolved against earlier ones."""
    known: dict[str, str | None] = {}  # name → value, None when unknown statically
    entries: list[EnvEntry] = []
    for binding in bindings:
        if binding.value is None:
            known[binding.key] = None
            continue
        value, kind, reference = _interpolate(binding.value, known)
        known[binding.key] = value
        raw = text[binding.value_start : binding.value_end]
        entries.append(
            EnvEntry(
                key=binding.key,
                text=value,
                raw=raw,
                kind=kind,
                reference=reference,
                span=binding.span,
                key_span=binding.key_span,
                value_span=binding.value_span,
                verbatim=kind is ValueKind.LITERAL and raw == binding.value,
            )
        )
    return entries


def _interpolate(
    value: str, known: dict[str, str | None]
) -> tuple[str | None, ValueKind, str | None]:
    atoms = list(variables.parse_variables(value))
    if not any(isinstance(atom, variables.Variable) for atom in atoms):
        return value, ValueKind.LITERAL, None
    parts: list[str] = []
    missing: list[str] = []
    for atom in atoms:
        if isinstance(atom, variables.Literal):
            parts.append(atom.value)
        elif isinstance(atom, variables.Variable):
            resolved = known.get(atom.name)
            if resolved is None:
                resolved = atom.default
            if resolved is None:
                missing.append(atom.name)
            else:
                parts.append(resolved)
    if not missing:
        return "".join(parts), ValueKind.INTERPOLATED, None
    if len(atoms) == 1:
        return None, ValueKind.REFERENCE, missing[0]
    return None, ValueKind.UNRESOLVED, missing[0]


# --- the files around the env file -----------------------------------------------------------

_VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?")
_DEPENDENCY_FILES = (
    "requirements.txt",
    "requirements.in",
    "pyproject.toml",
    "Pipfile",
    "Pipfile.lock",
    "poetry.lock",
    "uv.lock",
    "setup.cfg",
)


def project_hints(path: PurePath) -> ProjectHints:
    """Library versions and choices read from files beside ``path``; empty when unreadable."""
    folder = Path(path).parent
    return ProjectHints(_laravel_version(folder), _email_url_library(folder))


def _laravel_version(folder: Path) -> tuple[int, int, int] | None:
    try:
        lock = json.loads((folder / "composer.lock").read_text(encoding="utf-8"))
        packages = list(lock.get("packages", []))
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    for package in packages:
        if isinstance(package, dict) and package.get("name") == "laravel/framework":
            match = _VERSION.match(str(package.get("version", "")))
            if match:
                return int(match[1]), int(match[2]), int(match[3] or 0)
    return None


def _email_url_library(folder: Path) -> str | None:
    for name in _DEPENDENCY_FILES:
        try:
            text = (folder / name).read_text(encoding="utf-8", errors="replace").lower()
        except OSError:
            continue
        if "dj-email-url" in text or "dj_email_url" in text:
            return DJ_EMAIL_URL
        if "django-environ" in text or "django_environ" in text:
            return DJANGO_ENVIRON
    return None


# --- the source ------------------------------------------------------------------------------


class EnvSource:
    def read(
        self,
        path: PurePath,
        text: str,
        environment: Mapping[str, str] | None = None,
        *,
        companions: Mapping[Path, str] | None = None,
    ) -> Document:
        env = parse_env(text)
        document = Document(Path(path), text, errors=list(env.errors))
        entries = resolve(env.bindings, text)
        if entries:
            document.configs = build_configs(Path(path), entries, project_hints(path))
        return document

    def edits(
        self,
        document: Document,
        config: SmtpConfig,
        changes: tuple[Change, ...],
        *,
        unsafe: bool,
    ) -> list[Edit]:
        from smtplint.sources.env_fix import edits_for

        return edits_for(document.text, config, changes)


SOURCE = EnvSource()
