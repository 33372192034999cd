"""The pre-commit hook: its manifest, and the real ``pre-commit try-repo`` running it.

pre-commit installs a hook repository from a commit, so the live tests commit a snapshot of
this working tree (tracked and new files, as ``git`` sees them) into a temporary repository
and point ``try-repo`` at it: the tests exercise the code as it is, committed or not.
``pre-commit`` then builds the hook's environment with pip, so they need the package index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePath
from typing import Any

import pytest
import yaml

from smtplint.sources import pre_commit_files_regex, source_name_for

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

BROKEN_ENV = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=false\n"
CLEAN_ENV = (
    "SMTP_HOST=smtp.gmail.com\n"
    "SMTP_PORT=465\n"
    "SMTP_SECURE=true\n"
    "SMTP_USER=alerts@gmail.com\n"
    "SMTP_PASS=${GMAIL_APP_PASSWORD}\n"
    "SMTP_FROM=alerts@gmail.com\n"
)

SELECTED = [
    ".env",
    "deploy/.env",
    ".env.production",
    ".ENV.Local",
    "prod.env",
    "config/Staging.ENV",
    "env.example",
    "docker/env.sample",
    "env.template",
    "pyproject.toml",
    "config/smtplint.toml",
    "settings.py",
    "app/settings/base.py",
    "setup.cfg",
    "profile/prefs.js",
    "Profile/USER.JS",
]
NOT_SELECTED = [
    "README.md",
    ".envrc",
    "environment",
    "env.example.bak",
    "my.env.bak",
    "dir.env/notes.txt",
    "config.toml.orig",
    "prefs.json",
    "static/app.js",
    "settings.pyc",
]


def _hook(hook_id: str) -> dict[str, Any]:
    hooks: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return next(hook for hook in hooks if hook["id"] == hook_id)


def test_check_hook_runs_smtplint_check() -> None:
    hook = _hook("smtplint")
    assert hook["entry"] == "smtplint check"
    assert hook["language"] == "python"


def test_fix_hook_runs_smtplint_fix_one_process_at_a_time() -> None:
    hook = _hook("smtplint-fix")
    assert hook["entry"] == "smtplint fix"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True  # a Thunderbird profile's two files, one process


@pytest.mark.parametrize("hook_id", ["smtplint", "smtplint-fix"])
def test_hook_selects_the_files_the_discovery_code_reads(hook_id: str) -> None:
    assert _hook(hook_id)["files"] == pre_commit_files_regex()


@pytest.mark.parametrize("path", SELECTED + NOT_SELECTED)
def test_files_regex_agrees_with_source_name_for(path: str) -> None:
    selected = re.search(pre_commit_files_regex(), path) is not None
    assert selected == (source_name_for(PurePath(path)) is not None)
    assert selected == (path in SELECTED)


def _environment(pre_commit_home: Path) -> dict[str, str]:
    # Variables git sets inside a hook would point pre-commit's git calls at the wrong repo.
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    environment.update(
        PRE_COMMIT_HOME=str(pre_commit_home),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        GIT_AUTHOR_NAME="smtplint tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="smtplint tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
    )
    return environment


def _git(repo: Path, environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _commit_all(repo: Path, environment: dict[str, str]) -> str:
    _git(repo, environment, "add", "--all")
    _git(repo, environment, "commit", "--quiet", "--message", "snapshot")
    return _git(repo, environment, "rev-parse", "HEAD").strip()


def _readme_config(repo: Path, rev: str) -> str:
    """The README's ``.pre-commit-config.yaml`` snippet, pointed at ``repo`` and ``rev``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    snippet = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "<git URL of the smtplint repository>" in snippet and "<tag or commit>" in snippet
    return snippet.replace("<git URL of the smtplint repository>", str(repo)).replace(
        "<tag or commit>", rev
    )


class Workspace:
    def __init__(self, project: Path, target: Path, environment: dict[str, str]) -> None:
        self.project = project
        self.target = target
        self.environment = environment

    def pre_commit(self, *args: str) -> tuple[int, str]:
        result = subprocess.run(
            [sys.executable, "-m", "pre_commit", *args],
            cwd=self.target,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A committed snapshot of this project, and a repository using it as its hook.

    The hook environment is built once here, in a private ``PRE_COMMIT_HOME``; the
    ``pre-commit run`` tests reuse it (``try-repo`` always builds its own).
    """
    base = tmp_path_factory.mktemp("pre-commit")
    environment = _environment(base / "pre-commit-home")

    project = base / "project"
    listed = _git(ROOT, environment, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    _git(project, environment, "init", "--quiet")
    rev = _commit_all(project, environment)

    target = base / "target"
    target.mkdir()
    _git(target, environment, "init", "--quiet")
    (target / "broken.env").write_text(BROKEN_ENV, encoding="utf-8")
    (target / "clean.env").write_text(CLEAN_ENV, encoding="utf-8")
    (target / "notes.txt").write_text("SMTP_PORT=465\nSMTP_SECURE=false\n", encoding="utf-8")
    (target / ".pre-commit-config.yaml").write_text(_readme_config(project, rev), encoding="utf-8")
    _commit_all(target, environment)

    workspace = Workspace(project, target, environment)
    returncode, output = workspace.pre_commit("install-hooks")
    assert returncode == 0, output
    return workspace


def _assert_fails_on_broken_file(returncode: int, output: str) -> None:
    assert returncode == 1, output
    assert re.search(r"^smtplint\.+Failed$", output, re.M), output
    assert re.search(
        r"^broken\.env:3:1: SL102 SMTP_PORT=465 with SMTP_SECURE=false", output, re.M
    ), output
    assert "clean.env:" not in output
    assert "notes.txt" not in output


def test_try_repo_check_hook_fails_on_a_broken_env_file(workspace: Workspace) -> None:
    returncode, output = workspace.pre_commit(
        "try-repo", str(workspace.project), "smtplint", "--all-files"
    )
    _assert_fails_on_broken_file(returncode, output)


def test_configured_check_hook_fails_on_a_broken_env_file(workspace: Workspace) -> None:
    _assert_fails_on_broken_file(*workspace.pre_commit("run", "--all-files"))


def test_configured_check_hook_passes_on_clean_files(workspace: Workspace) -> None:
    returncode, output = workspace.pre_commit("run", "--files", "clean.env", "notes.txt")
    assert returncode == 0, output
    assert re.search(r"^smtplint\.+Passed$", output, re.M), output


def test_check_hook_is_skipped_without_files_it_reads(workspace: Workspace) -> None:
    returncode, output = workspace.pre_commit("run", "--files", "notes.txt")
    assert returncode == 0, output
    assert re.search(r"^smtplint\.+\(no files to check\)Skipped$", output, re.M), output


def test_try_repo_fix_hook_rewrites_and_reports_the_modification(
    workspace: Workspace, tmp_path: Path
) -> None:
    target = tmp_path / "fixing"
    target.mkdir()
    _git(target, workspace.environment, "init", "--quiet")
    (target / "broken.env").write_text(BROKEN_ENV, encoding="utf-8")
    (target / "clean.env").write_text(CLEAN_ENV, encoding="utf-8")
    _commit_all(target, workspace.environment)
    run = Workspace(workspace.project, target, workspace.environment)

    returncode, output = run.pre_commit(
        "try-repo", str(workspace.project), "smtplint-fix", "--all-files"
    )
    assert returncode == 1, output
    assert re.search(r"^smtplint \(fix\)\.+Failed$", output, re.M), output
    assert "files were modified by this hook" in output, output
    assert (target / "broken.env").read_text(encoding="utf-8") == BROKEN_ENV.replace(
        "SMTP_SECURE=false", "SMTP_SECURE=true"
    )
    assert (target / "clean.env").read_text(encoding="utf-8") == CLEAN_ENV

    _commit_all(target, workspace.environment)
    returncode, output = run.pre_commit(
        "try-repo", str(workspace.project), "smtplint-fix", "--files", "clean.env"
    )
    assert returncode == 0, output
    assert re.search(r"^smtplint \(fix\)\.+Passed$", output, re.M), output
