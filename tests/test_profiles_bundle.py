"""profiles/bundle.json: the pre-parsed built-in profiles, and its fallback to the TOML."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from smtplint.profiles import load
from smtplint.profiles.codec import decode_profile
from smtplint.profiles.index import ProfileIndex
from smtplint.profiles.load import BUNDLE_FORMAT, BUNDLE_NAME, load_all, load_profile
from smtplint.profiles.schema import Profile

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


def _edit_gmail_entry(
    folder: Path, changes: dict[str, object], bundle_format: int = BUNDLE_FORMAT
) -> None:
    """Change the bundled data of gmail.toml, keeping its checksum."""
    bundle_file = folder / BUNDLE_NAME
    bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
    entry = next(item for item in bundle["profiles"] if item["path"] == "gmail.toml")
    entry["data"].update(changes)
    bundle["format"] = bundle_format
    bundle_file.write_text(json.dumps(bundle), encoding="utf-8")


def _gmail(folder: Path) -> Profile:
    return next(item.profile for item in load_all() if item.path == folder / "gmail.toml")


def test_a_bundle_entry_is_trusted_when_its_checksum_matches(copied_profiles: Path) -> None:
    _edit_gmail_entry(copied_profiles, {"name": "From the bundle"})

    assert _gmail(copied_profiles).name == "From the bundle"


def test_a_bundle_of_another_format_is_not_trusted(copied_profiles: Path) -> None:
    _edit_gmail_entry(copied_profiles, {"name": "Stale"}, BUNDLE_FORMAT - 1)

    assert _gmail(copied_profiles) == load_profile(copied_profiles / "gmail.toml")


def test_a_damaged_bundle_entry_is_read_from_its_toml(copied_profiles: Path) -> None:
    _edit_gmail_entry(copied_profiles, {"hosts": "not a list of tables"})

    assert _gmail(copied_profiles) == load_profile(copied_profiles / "gmail.toml")


def test_an_entry_damaged_past_its_host_names_is_read_from_its_toml(copied_profiles: Path) -> None:
    _edit_gmail_entry(copied_profiles, {"auth": "not a table"})

    assert _gmail(copied_profiles) == load_profile(copied_profiles / "gmail.toml")


def test_a_host_look_up_decodes_only_the_profile_it_returns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decoded: list[str] = []

    def recording(data: dict[str, Any]) -> Profile:
        decoded.append(data["id"])
        return decode_profile(data)

    monkeypatch.setattr(load, "decode_profile", recording)
    index = ProfileIndex(load_all())
    assert decoded == []

    match = index.match_host("smtp.gmail.com")
    assert match is not None and match.host is not None
    assert match.host in match.profile.hosts
    assert index.match_host("SMTP.GMAIL.COM.") == match
    assert decoded == ["gmail"]


def test_reading_the_shipped_profiles_imports_no_validation_library() -> None:
    script = (
        "import sys\n"
        "from smtplint.profiles import load_index\n"
        "assert load_index().get('gmail') is not None\n"
        "print(sorted(name for name in sys.modules if name.startswith('pydantic')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout == "[]\n"
