"""The golden rewrites of `smtplint fix` cover every fixable rule in every file format.

A golden covers a rule when `check` reports the rule on its before file and no longer on its
after file. Every golden is copied under the name its own golden test gives it and checked
once, all of them in a single `check_paths` run.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from smtplint.api import check_paths
from smtplint.rules import all_rules

DATA = Path(__file__).parent / "data" / "fix"
# format -> (suffix of the golden files, name the golden test copies them to)
FILE_GOLDENS = {
    "env": (".env", ".env"),
    "toml": (".toml", "config.toml"),
    "python": (".py", "settings.py"),
}
PROFILE = "k3x9q2ab.default-release"  # the profile folder the Thunderbird goldens are copied to
FORMATS = (*FILE_GOLDENS, "thunderbird")

# The network rules (SL7xx) need DNS answers, which `check` asks for only when told to; their
# fixes are not exercised by offline goldens.
FIXABLE = frozenset(
    rule.code for rule in all_rules() if rule.fixable and not rule.code.startswith("SL7")
)

# (format, code): why no file of that format can produce the finding at all.
CANNOT_OCCUR: dict[tuple[str, str], str] = {
    ("env", "SL110"): (
        "SL110 needs a security setting the reader marks deprecated (SmtpConfig.deprecated); "
        "only the Thunderbird source does that (try_ssl=1), no env reader does"
    ),
    ("toml", "SL110"): (
        "SL110 needs a security setting the reader marks deprecated (SmtpConfig.deprecated); "
        "the TOML reader never does"
    ),
    ("python", "SL110"): (
        "SL110 needs a security setting the reader marks deprecated (SmtpConfig.deprecated); "
        "the Python settings reader never does"
    ),
    ("thunderbird", "SL103"): (
        "SL103 needs two security flags that contradict each other; Thunderbird has a single "
        "try_ssl value and its source records no security_flags"
    ),
    ("thunderbird", "SL601"): (
        "Thunderbird has no timeout setting: its source leaves the timeout unset, and SL601 "
        "reports only a library default that waits forever"
    ),
}

# (format, code): findings that do occur but whose fix the source refuses, with why.
NOT_AUTOMATED: dict[tuple[str, str], str] = {}


def _copy_goldens(root: Path) -> None:
    """Each golden's before and after at ``root/<format>/<golden>/<side>/``."""
    for fmt, (suffix, copy_name) in FILE_GOLDENS.items():
        for before in sorted((DATA / fmt).glob(f"*.before{suffix}")):
            name = before.name.removesuffix(f".before{suffix}")
            for side in ("before", "after"):
                folder = root / fmt / name / side
                folder.mkdir(parents=True)
                shutil.copyfile(DATA / fmt / f"{name}.{side}{suffix}", folder / copy_name)
    for case in sorted(p for p in (DATA / "thunderbird").iterdir() if p.is_dir()):
        for side in ("before", "after"):
            shutil.copytree(case / side, root / "thunderbird" / case.name / side / PROFILE)


@pytest.fixture(scope="module")
def covered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """For each format, the rule codes some golden reports before and no longer after."""
    root = tmp_path_factory.mktemp("goldens")
    _copy_goldens(root)
    result = check_paths([root])
    assert result.unreadable == []
    codes: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for finding in result.findings:
        fmt, golden, side = finding.path.relative_to(root).parts[:3]
        codes[fmt, golden, side].add(finding.code)
    found: dict[str, set[str]] = {fmt: set() for fmt in FORMATS}
    for fmt in FORMATS:
        for golden in (p.name for p in (root / fmt).iterdir()):
            found[fmt] |= codes[fmt, golden, "before"] - codes[fmt, golden, "after"]
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_fixable_rule_has_a_golden(covered: dict[str, set[str]], fmt: str) -> None:
    excused = {code for (where, code) in {**CANNOT_OCCUR, **NOT_AUTOMATED} if where == fmt}
    missing = FIXABLE - excused - covered[fmt]
    assert not missing, f"no {fmt} golden fixes {sorted(missing)}"


@pytest.mark.parametrize(("fmt", "code"), sorted({**CANNOT_OCCUR, **NOT_AUTOMATED}))
def test_excused_rule_is_not_fixed_by_a_golden(
    covered: dict[str, set[str]], fmt: str, code: str
) -> None:
    assert code not in covered[fmt], f"a {fmt} golden fixes {code}: drop it from the table"


def test_tables_name_known_formats_and_fixable_rules() -> None:
    entries = {**CANNOT_OCCUR, **NOT_AUTOMATED}
    assert not set(CANNOT_OCCUR) & set(NOT_AUTOMATED)
    assert {fmt for fmt, _ in entries} <= set(FORMATS)
    assert {code for _, code in entries} <= FIXABLE
    assert all(reason.strip() for reason in entries.values())
