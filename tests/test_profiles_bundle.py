"""profiles/bundle.json: the pre-parsed built-in profiles, and its fallback to the TOML."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from smtplint.profiles import load
from smtplint.profiles.load import BUNDLE_NAME, load_all, load_profile

REPO_ROOT = Path(__file__).resolve().parent.parent
PROFILES = REPO_ROOT / "profiles"
REGENERATE = "run `python scripts/bundle_profiles.py` and commit the result"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_profiles", REPO_ROOT / "scripts" / "bundle_profiles.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundle_is_up_to_date() -> None:
    expected = _script().bundle_text(PROFILES)
    assert (PROFILES / BUNDLE_NAME).read_text(encoding="utf-8") == expected, REGENERATE


def test_every_bundled_profile_equals_its_toml_file() -> None:
    for loaded in load_all():
        assert loaded.profile == load_profile(loaded.path), loaded.path


@pytest.fixture()
def copied_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped profiles that load.py takes for the built-in folder."""
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES, folder)
    monkeypatch.setattr(load, "builtin_profiles_dir", lambda: folder)
    return folder


def test_an_edited_profile_is_read_from_its_toml_not_the_stale_bundle(
    copied_profiles: Path,
) -> None:
    gmail = copied_profiles / "gmail.toml"
    gmail.write_text(
        gmail.read_text(encoding="utf-8").replace(
            'name = "Gmail / Google Workspace"', 'name = "Edited Gmail"'
        ),
        encoding="utf-8",
    )
    names = {loaded.profile.id: loaded.profile.name for loaded in load_all()}
    assert names["gmail"] == "Edited Gmail"


def test_a_broken_bundle_is_ignored(copied_profiles: Path) -> None:
    (copied_profiles / BUNDLE_NAME).write_text("{not json", encoding="utf-8")
    assert len(load_all()) == len(list(PROFILES.glob("*.toml"))) + len(
        list((PROFILES / "ispdb").glob("*.toml"))
    )
