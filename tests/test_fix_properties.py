"""Properties of ``smtplint fix`` over generated configuration files of every format.

Each example is written to a fresh temporary folder and fixed through ``fix_paths``; the
generated file knows which canonical field each of its lines sets and where the value sits.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from smtplint.api import check_paths
from smtplint.engine import PARSE_ERROR
from smtplint.fixer import fix_paths
from smtplint.model import Applicability, Field, Finding
from tests.strategies import BOM, FORMATS, ConfigFile, Line, config_files

ALL_FORMATS = sorted(FORMATS)
# Thunderbird keeps passwords in its password manager, never in prefs.js.
FORMATS_WITH_PASSWORDS = [fmt for fmt in ALL_FORMATS if fmt != "thunderbird"]
MODES = (0o600, 0o640, 0o644, 0o664)

# Derandomized and without an example database: every run tries the same examples. The
# count keeps the whole file near 25 s on two cores (a fix re-reads and re-checks the file
# after every pass, tens of milliseconds each); raise it for a deeper search.
EXAMPLES = int(os.environ.get("SMTPLINT_PROPERTY_EXAMPLES", "25"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
CHEAP_PROPERTY = settings(PROPERTY, max_examples=2 * EXAMPLES)


@contextmanager
def written(config: ConfigFile, mode: int = 0o644) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / config.name
        path.write_bytes(config.data)
        path.chmod(mode)
        yield path


def findings_of(path: Path) -> list[Finding]:
    return check_paths([path]).findings


def touched_fields(findings: list[Finding], unsafe: bool) -> set[Field]:
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    return {
        change.field
        for finding in findings
        if finding.fix is not None and finding.fix.applicability in allowed
        for changes in finding.fix.change_sets  # a fix may write any one of them
        for change in changes
    }


def split_lines(data: bytes) -> tuple[list[str], list[str]]:
    """The lines of ``data`` (BOM removed) and, apart, the line ending of each."""
    pieces = data.removeprefix(BOM).decode("utf-8").splitlines(keepends=True)
    contents = [piece.rstrip("\r\n") for piece in pieces]
    endings = [piece[len(content) :] for piece, content in zip(pieces, contents, strict=True)]
    return contents, endings


def assert_only_values_changed(config: ConfigFile, after: bytes, touched: set[Field]) -> None:
    """Lines outside the touched settings are unchanged, a touched line keeps everything but
    its value, nothing is removed, and new text comes only as whole lines."""
    before = [line.text for line in config.lines]
    contents, _ = split_lines(after)
    matcher = SequenceMatcher(None, before, contents, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            pytest.fail(f"fix removed lines {before[i1:i2]!r}")
        if tag == "replace":
            _assert_edited_in_place(list(config.lines[i1:i2]), contents[j1:j2], touched)


def _assert_edited_in_place(old: list[Line], new: list[str], touched: set[Field]) -> None:
    position = 0
    for line in old:
        assert line.field is not None and line.field in touched, (
            f"fix changed {line.text!r}, which sets none of {sorted(f.value for f in touched)}"
        )
        while position < len(new) and not _same_but_value(line, new[position]):
            position += 1
        assert position < len(new), f"fix rewrote more than the value of {line.text!r}: {new!r}"
        position += 1


def _same_but_value(line: Line, candidate: str) -> bool:
    return (
        len(candidate) >= len(line.prefix) + len(line.suffix)
        and candidate.startswith(line.prefix)
        and candidate.endswith(line.suffix)
    )


def assert_layout_kept(config: ConfigFile, after: bytes) -> None:
    assert after.startswith(BOM) == config.bom, "BOM not kept"
    _, endings = split_lines(after)
    assert all(ending == config.newline for ending in endings[:-1]), f"line endings: {endings!r}"
    last = config.newline if config.final_newline else ""
    assert endings[-1] == last, "final newline state not kept"


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@CHEAP_PROPERTY
@given(data=st.data())
def test_nothing_fixable_leaves_the_bytes_identical(fmt: str, data: st.DataObject) -> None:
    config = data.draw(config_files(fmt, clean=True), label="config")
    with written(config) as path:
        findings = findings_of(path)
        assume(not any(f.fixable for f in findings))
        result = fix_paths([path], unsafe=True)
        assert path.read_bytes() == config.data
        assert result.changed == []


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@PROPERTY
@given(data=st.data())
def test_fixing_twice_is_fixing_once(fmt: str, data: st.DataObject) -> None:
    config = data.draw(config_files(fmt), label="config")
    for unsafe in (False, True):
        with written(config) as path:
            fix_paths([path], unsafe=unsafe)
            once = path.read_bytes()
            again = fix_paths([path], unsafe=unsafe)
            assert path.read_bytes() == once, f"unsafe={unsafe}"
            assert again.changed == [], f"unsafe={unsafe}"


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@PROPERTY
@given(data=st.data())
def test_fix_changes_only_the_values_it_edits(fmt: str, data: st.DataObject) -> None:
    config = data.draw(config_files(fmt), label="config")
    mode = data.draw(st.sampled_from(MODES), label="mode")
    unsafe = data.draw(st.booleans(), label="unsafe")
    with written(config, mode) as path:
        touched = touched_fields(findings_of(path), unsafe)
        fix_paths([path], unsafe=unsafe)
        after = path.read_bytes()
        assert path.stat().st_mode & 0o777 == mode
        assert_layout_kept(config, after)
        assert_only_values_changed(config, after, touched)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@PROPERTY
@given(data=st.data())
def test_fixed_file_parses_and_gains_no_finding_code(fmt: str, data: st.DataObject) -> None:
    config = data.draw(config_files(fmt), label="config")
    unsafe = data.draw(st.booleans(), label="unsafe")
    with written(config) as path:
        before = {f.code for f in findings_of(path)}
        fix_paths([path], unsafe=unsafe)
        after = {f.code for f in findings_of(path)}
        assert PARSE_ERROR not in after
        assert after <= before, f"new codes {sorted(after - before)}"


@pytest.mark.parametrize("fmt", FORMATS_WITH_PASSWORDS)
@PROPERTY
@given(data=st.data())
def test_password_never_shown_never_lost(fmt: str, data: st.DataObject) -> None:
    config = data.draw(config_files(fmt, literal_password=True), label="config")
    with written(config) as path:
        shown = fix_paths([path], unsafe=True, diff=True)
        assert path.read_bytes() == config.data, "--diff wrote the file"
        fixed = fix_paths([path], unsafe=True)
        text = path.read_bytes().decode("utf-8-sig")
        for password in config.passwords:
            assert password not in "".join(shown.diffs), "password in the diff"
            assert password not in "\n".join(shown.notes + fixed.notes), "password in a note"
            assert password in text, "password lost"
