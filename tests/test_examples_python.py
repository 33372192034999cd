"""The shipped Django and Flask example projects: each planted mistake is reported once, at
the line to edit, and the correct files yield nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint.api import check_paths
from tests.builders import TODAY

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DJANGO = EXAMPLES / "django-project"
FLASK = EXAMPLES / "flask-project"


def line_of(project: Path, file: str, text: str) -> tuple[str, int]:
    """The file and the line of the one line of it that holds ``text``."""
    lines = (project / file).read_text().splitlines()
    found = [number for number, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, (file, text, found)
    return file, found[0]


def findings(path: Path, project: Path) -> list[tuple[str, str, int]]:
    result = check_paths([path], today=TODAY)
    return sorted(
        (f.code, f.path.resolve().relative_to(project).as_posix(), f.span.line)
        for f in result.findings
    )


def test_django_project_reports_each_planted_mistake_once() -> None:
    planted = [
        # Gmail in the USE_GMAIL branch: a password but no EMAIL_HOST_USER.
        ("SL301", *line_of(DJANGO, "config/settings/local.py", 'EMAIL_HOST = "smtp.gmail.com"')),
        # env() without a cast: "False" in the environment switches STARTTLS on.
        ("SL602", *line_of(DJANGO, "config/settings/local.py", 'env("EMAIL_USE_TLS"')),
        # STARTTLS on port 465.
        ("SL102", *line_of(DJANGO, "config/settings/production.py", "EMAIL_USE_TLS = True")),
        # The cookiecutter placeholder sender.
        ("SL403", *line_of(DJANGO, "config/settings/production.py", "noreply@example.com")),
    ]
    assert findings(DJANGO, DJANGO) == sorted(planted)


def test_flask_project_reports_each_planted_mistake_once() -> None:
    planted = [
        # StagingConfig adds MAIL_USE_SSL to the MAIL_USE_TLS it inherits.
        ("SL103", "config.py", line_of(FLASK, "config.py", "class StagingConfig")[1] + 1),
        # ProductionConfig: implicit TLS on the inherited port 587.
        ("SL101", "config.py", line_of(FLASK, "config.py", "class ProductionConfig")[1] + 2),
        # app.config.update(...) sets no MAIL_DEFAULT_SENDER; reported at its first key.
        ("SL401", *line_of(FLASK, "app.py", 'MAIL_SERVER="smtp.gmail.com"')),
    ]
    assert findings(FLASK, FLASK) == sorted(planted)


@pytest.mark.parametrize(
    ("project", "correct"),
    [
        (DJANGO, "config/settings/staging.py"),
        (DJANGO, "config/settings/base.py"),
        (FLASK, "instance/mail.cfg"),
    ],
)
def test_correct_files_are_read_and_yield_nothing(project: Path, correct: str) -> None:
    result = check_paths([project / correct], today=TODAY)
    assert result.configs_found >= 1, "the file is read as mail settings"
    assert result.findings == [], [f"{f.code} {f.span.line} {f.message}" for f in result.findings]
