"""What sources build for a text is reused while one file is fixed, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint.fixer import fix_paths
from smtplint.sources.env_source import parse_env
from smtplint.sources.prefs_js import parse_prefs
from smtplint.sources.py_module import Module, module_to_edit, read_module
from smtplint.sources.python_source import SOURCE
from smtplint.sources.read_cache import cached, read_cache
from smtplint.sources.toml_source import toml_data

SETTINGS = "from .base import *  # noqa: F403\n\nEMAIL_HOST = 'smtp.gmail.com'\n"


def test_outside_a_block_everything_is_built_again() -> None:
    built: list[int] = []
    cached("key", lambda: built.append(1))
    cached("key", lambda: built.append(1))
    assert len(built) == 2


def test_inside_a_block_each_key_is_built_once_and_forgotten_after() -> None:
    built: list[str] = []

    def build(key: str) -> str:
        built.append(key)
        return key.upper()

    with read_cache():
        assert cached("a", lambda: build("a")) == "A"
        assert cached("a", lambda: build("a")) == "A"
        assert cached("b", lambda: build("b")) == "B"
    cached("a", lambda: build("a"))
    assert built == ["a", "b", "a"]


def test_a_failed_build_is_not_kept() -> None:
    attempts: list[int] = []

    def failing() -> str:
        attempts.append(1)
        raise ValueError("not this time")

    with read_cache():
        for _ in range(2):
            with pytest.raises(ValueError):
                cached("x", failing)
    assert len(attempts) == 2


def test_each_source_parses_a_text_once_in_a_block() -> None:
    env, toml, prefs = "SMTP_PORT=465\n", "[smtp]\nport = 465\n", 'user_pref("a", 1);\n'
    assert parse_env(env) is not parse_env(env)
    with read_cache():
        assert parse_env(env) is parse_env(env)
        assert toml_data(toml) is toml_data(toml)
        assert parse_prefs(prefs) is parse_prefs(prefs)
        assert parse_prefs(prefs) is not parse_prefs(prefs + "\n")


def _project(tmp_path: Path, port: int) -> Path:
    package = tmp_path / "pkg"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "base.py").write_text(f"EMAIL_PORT = {port}\n", encoding="utf-8")
    settings = package / "settings.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    return settings


def _port(document_path: Path) -> object:
    document = SOURCE.read(document_path, document_path.read_text(encoding="utf-8"))
    [config] = document.configs
    assert config.port is not None
    return config.port.value


def test_the_edits_of_a_python_file_walk_the_text_the_source_walked(tmp_path: Path) -> None:
    settings = _project(tmp_path, 587)
    with read_cache():
        document = SOURCE.read(settings, SETTINGS)
        walked = read_module(settings, SETTINGS)
        assert isinstance(walked, Module)
        assert module_to_edit(document.path, document.text) is walked
        assert module_to_edit(settings, SETTINGS + "\n") is not walked
    assert read_module(settings, SETTINGS) is not walked


def test_a_module_changed_on_disk_is_read_anew_by_the_next_run(tmp_path: Path) -> None:
    settings = _project(tmp_path, 587)
    with read_cache():
        assert _port(settings) == 587
    _project(tmp_path, 2525)
    with read_cache():
        assert _port(settings) == 2525
    assert _port(settings) == 2525


def test_fixing_twice_sees_the_imported_module_as_it_is_now(tmp_path: Path) -> None:
    settings = _project(tmp_path, 587)
    first = fix_paths([settings])
    _project(tmp_path, 2525)
    second = fix_paths([settings])
    assert {f.code for f in first.check.findings} != {f.code for f in second.check.findings}
