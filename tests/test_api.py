"""The Python entry points, and how files that are not clean text are answered."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint import api
from smtplint.api import check_paths, check_text
from smtplint.settings import SettingsError, find_settings

BROKEN = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=false\n"


def test_check_paths_returns_findings(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(BROKEN)
    result = check_paths([tmp_path])
    assert result.files_checked == 1
    assert "SL102" in {f.code for f in result.findings}


def test_check_text_without_files() -> None:
    findings = check_text(BROKEN, ".env", select=("SL102",))
    assert [f.code for f in findings] == ["SL102"]
    assert findings[0].span.line == 3


def test_check_text_rejects_unknown_file_kinds() -> None:
    with pytest.raises(ValueError):
        check_text(BROKEN, "notes.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"SMTP_HOST=\xff\xfe broken\n", "not valid UTF-8"),
        (b"SMTP_HOST=smtp\x00.gmail.com\n", "binary data"),
    ],
)
def test_undecodable_files_are_sl001(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / ".env").write_bytes(data)
    result = check_paths([tmp_path / ".env"])
    assert [f.code for f in result.findings] == ["SL001"]
    assert message in result.findings[0].message


def test_oversized_file_is_skipped_with_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "MAX_FILE_BYTES", 64)
    (tmp_path / ".env").write_text(BROKEN * 10)
    result = check_paths([tmp_path / ".env"])
    assert [f.code for f in result.findings] == ["SL001"]
    assert "larger than" in result.findings[0].message


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 1000])
def test_a_capped_read_gives_the_file_or_one_byte_past_the_limit(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * 4
    (tmp_path / "file").write_bytes(data[:size])
    with (tmp_path / "file").open("rb") as handle:
        assert api.read_capped(handle, 64) == data[: min(size, 65)]


def test_a_capped_read_reads_on_past_a_size_the_system_does_not_know() -> None:
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs /proc")
    assert status.stat().st_size == 0  # what /proc reports for a file it makes on reading
    with status.open("rb") as handle:
        assert api.read_capped(handle, 10_000).startswith(b"Name:")
    with status.open("rb") as handle:
        assert len(api.read_capped(handle, 8)) == 9


def test_bom_is_not_part_of_the_first_key(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"\xef\xbb\xbf" + BROKEN.encode())
    result = check_paths([tmp_path / ".env"], select=("SL102",))
    assert [(f.code, f.span.line) for f in result.findings] == [("SL102", 3)]


def test_files_without_smtp_words_are_skipped_when_walking(tmp_path: Path) -> None:
    (tmp_path / "app.toml").write_text("[server]\nworkers = 4\n")
    assert check_paths([tmp_path]).files_checked == 0
    assert check_paths([tmp_path / "app.toml"]).files_checked == 1


def test_settings_from_dedicated_file(tmp_path: Path) -> None:
    (tmp_path / ".smtplint.toml").write_text('select = ["SL1"]\nprofiles-dirs = ["relays"]\n')
    settings = find_settings(tmp_path)
    assert settings.select == ("SL1",)
    assert settings.profiles_dirs == ((tmp_path / "relays").resolve(),)


def test_invalid_settings_are_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.smtplint]\nselect = "SL1"\n')
    with pytest.raises(SettingsError, match="list of strings"):
        find_settings(tmp_path)
