"""Mutated real files through every source and every rule: ``check`` never raises.

Each example starts from a realistic file in this repository (env, TOML, Django, Flask,
prefs.js) and applies byte- or token-level damage: truncation, a deleted or duplicated
slice, a byte replaced, a token spliced in from a list of troublemakers. Whatever comes out,
reading and linting it must end in findings (a file that cannot be read is SL001), and
``fix`` must never leave a file that no longer parses.

The CI run is bounded and repeatable; ``python -m pytest
tests/test_fuzz_sources.py`` with ``SMTPLINT_FUZZ_EXAMPLES=20000`` searches far longer.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smtplint.api import check_paths, check_text
from smtplint.fixer import fix_paths

# Bounded and repeatable in CI; SMTPLINT_FUZZ_EXAMPLES=20000 runs a long, random search.
EXAMPLES = int(os.environ.get("SMTPLINT_FUZZ_EXAMPLES", "300"))
fuzzing = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="SMTPLINT_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow],  # each example runs every rule
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS: dict[str, list[tuple[str, str]]] = {
    ".env": [],
    "config.toml": [],
    "settings.py": [],
    "prefs.js": [],
}
for pattern, name in [
    ("tests/data/env/*.env", ".env"),
    ("tests/data/fix/env/*.before.env", ".env"),
    ("tests/data/toml/*.toml", "config.toml"),
    ("tests/data/fix/toml/*.before.toml", "config.toml"),
    ("tests/data/python/*.py", "settings.py"),
    ("tests/data/fix/python/*.before.py", "settings.py"),
    ("examples/thunderbird-profile/prefs.js", "prefs.js"),
    ("tests/data/fix/thunderbird/*/before/prefs.js", "prefs.js"),
]:
    for path in sorted(ROOT.glob(pattern)):
        SEEDS[name].append((path.name, path.read_text(encoding="utf-8-sig")))

TROUBLE = [
    "",
    "\x00",
    "\r",
    "\n",
    "\r\n",
    "\ufeff",
    "'",
    '"',
    '"""',
    "\\",
    "${",
    "${X}",
    "$",
    "#",
    "//",
    "=",
    "[",
    "]",
    "{",
    "}",
    "[[",
    "(",
    ")",
    ";",
    ",",
    ":",
    "@",
    "%40",
    "://",
    "smtp://u:p@h:465",
    "465",
    "587",
    "-1",
    "99999",
    "1e309",
    "True",
    "False",
    "None",
    "é",
    "\u202e",
    "\U0001d50a",
    "\t",
    " " * 200,
    "a" * 5000,
    "# smtplint: ignore[",
    "user_pref(",
    'pref("mail.smtpserver.',
    "import os\n",
    "from .base import *\n",
    "if True:\n    ",
    "EMAIL_PORT = ",
    "MAIL_PORT=",
    "[smtp]\n",
    "export ",
]


@st.composite
def damaged(draw: st.DrawFn, name: str) -> str:
    _, text = draw(st.sampled_from(SEEDS[name]))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["cut", "delete", "repeat", "replace", "splice"]))
        if kind == "cut":
            text = text[:at]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "repeat":
            text = text[:at] + text[at : at + draw(st.integers(1, 80))] * 2 + text[at:]
        elif kind == "replace" and text:
            spot = min(at, len(text) - 1)
            text = text[:spot] + draw(st.characters()) + text[spot + 1 :]
        else:
            text = text[:at] + draw(st.sampled_from(TROUBLE)) + text[at:]
    return text


def _check_never_raises(name: str, text: str) -> None:
    for finding in check_text(text, name, git_tracked=True):
        assert finding.code.startswith("SL")


@fuzzing
@given(damaged(".env"))
def test_env_files(text: str) -> None:
    _check_never_raises(".env", text)


@fuzzing
@given(damaged("config.toml"))
def test_toml_files(text: str) -> None:
    _check_never_raises("config.toml", text)


@fuzzing
@given(damaged("settings.py"))
def test_python_settings(text: str) -> None:
    _check_never_raises("settings.py", text)


@fuzzing
@given(damaged("prefs.js"))
def test_thunderbird_prefs(text: str) -> None:
    _check_never_raises("prefs.js", text)


@fuzzing
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_fix_never_writes_a_file_that_does_not_parse(name: str, data: st.DataObject) -> None:
    text = data.draw(damaged(name))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = path.read_bytes()
        fix_paths([path], unsafe=True)
        after = path.read_bytes()
        if after != before:
            parse_errors = [f for f in check_paths([path]).findings if f.code == "SL001"]
            assert parse_errors == [], parse_errors
