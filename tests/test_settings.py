"""smtplint's own configuration: parsing, discovery and every key through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smtplint.exclude import Excludes
from smtplint.model import Severity
from smtplint.settings import (
    KNOWN_KEYS,
    Settings,
    SettingsError,
    find_settings,
    load_settings,
    parse_settings,
    settings_for,
)
from tests.test_cli import SETTINGS_PY, run

# Gmail on 465 with STARTTLS: SL102 (error), SL301 (error, no login), SL401 (warning, no sender).
BROKEN = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=false\n"


def codes_by_file(*args: str, cwd: Path) -> dict[str, set[str]]:
    result = run("check", "--format", "json", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, set[str]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        found.setdefault(Path(finding["path"]).as_posix(), set()).add(finding["code"])
    return found


def codes(*args: str, cwd: Path) -> set[str]:
    return set().union(*codes_by_file(*args, cwd=cwd).values())


def configure(directory: Path, body: str) -> None:
    (directory / "pyproject.toml").write_text("[tool.smtplint]\n" + body)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".env").write_text(BROKEN)
    return tmp_path


# --- parsing -------------------------------------------------------------------------------


def parse(table: dict[str, object], tmp_path: Path) -> Settings:
    return parse_settings(tmp_path / ".smtplint.toml", table)


def test_defaults_without_keys(tmp_path: Path) -> None:
    settings = parse({}, tmp_path)
    assert settings.selected() == ("ALL",)
    assert settings.ignored() == ()
    assert settings.exclude is None and settings.network is False
    assert settings.base == tmp_path


def test_every_key_is_read(tmp_path: Path) -> None:
    settings = parse(
        {
            "select": ["SL1"],
            "extend-select": ["SL301"],
            "ignore": ["SL101"],
            "extend-ignore": ["SL103"],
            "per-file-ignores": {"tests/*.env": ["SL4"]},
            "exclude": ["generated"],
            "extend-exclude": ["legacy/"],
            "severity": {"sl102": "warning"},
            "profiles-dirs": ["profiles"],
            "env-files": [".env.production"],
            "network": False,
        },
        tmp_path,
    )
    assert settings.selected() == ("SL1", "SL301")
    assert settings.ignored() == ("SL101", "SL103")
    assert [(p.pattern, p.codes, p.base) for p in settings.per_file_ignores] == [
        ("tests/*.env", ("SL4",), tmp_path)
    ]
    assert settings.exclude == ("generated",) and settings.extend_exclude == ("legacy/",)
    assert settings.severity == {"SL102": Severity.WARNING}
    assert settings.profiles_dirs == ((tmp_path / "profiles").resolve(),)
    assert settings.env_files == ((tmp_path / ".env.production").resolve(),)


def test_command_line_selection_replaces_both_lists(tmp_path: Path) -> None:
    settings = parse({"select": ["SL1"], "extend-select": ["SL3"], "ignore": ["SL4"]}, tmp_path)
    assert settings.selected(["SL2"]) == ("SL2",)
    assert settings.ignored(["SL5"]) == ("SL5",)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["SL1"]}, "unknown smtplint setting 'selct'; did you mean 'select'?"),
        ({"profiles-dir": ["p"]}, "did you mean 'profiles-dirs'?"),
        ({"colour": True}, "unknown smtplint setting 'colour'"),
        ({"select": "SL1"}, "'select' must be a list of strings"),
        ({"ignore": ["SL999"]}, "'ignore' names no rule: 'SL999'"),
        ({"exclude": [1]}, "'exclude' must be a list of strings"),
        ({"network": "no"}, "'network' must be true or false"),
        ({"per-file-ignores": ["x"]}, "'per-file-ignores' must be a table"),
        ({"per-file-ignores": {"*.env": "SL1"}}, "'per-file-ignores.*.env' must be a list"),
        ({"severity": {"SL102": "fatal"}}, "'severity.SL102' must be one of 'error'"),
        ({"severity": {"SL1020": "info"}}, "'severity.SL1020' names no rule; did you mean"),
    ],
)
def test_invalid_settings_name_file_and_key(
    tmp_path: Path, table: dict[str, object], message: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        parse(table, tmp_path)
    assert str(raised.value).startswith(str(tmp_path / ".smtplint.toml") + ": ")
    assert message in str(raised.value)


def test_unknown_key_without_a_near_name_has_no_suggestion(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        parse({"colour": True}, tmp_path)
    assert "did you mean" not in str(raised.value)


def test_discovery_walks_up_from_a_file(tmp_path: Path) -> None:
    configure(tmp_path, 'ignore = ["SL101"]\n')
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / ".env").write_text(BROKEN)
    found = find_settings(tmp_path / "deep" / "er" / ".env")
    assert found.ignore == ("SL101",) and found.source == (tmp_path / "pyproject.toml").resolve()


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / ".smtplint.toml").write_text('ignore = ["SL102"]\n')
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "pyproject.toml").write_text("[tool.black]\nline-length = 90\n")
    assert find_settings(tmp_path / "inner").ignore == ("SL102",)


def test_settings_for_chooses_config_isolated_or_discovery(tmp_path: Path) -> None:
    (tmp_path / ".smtplint.toml").write_text('ignore = ["SL102"]\n')
    other = tmp_path / "other.toml"
    other.write_text('ignore = ["SL301"]\n')
    assert settings_for([tmp_path]).ignore == ("SL102",)
    assert settings_for([tmp_path], config=other).ignore == ("SL301",)
    assert settings_for([tmp_path], isolated=True) == Settings()
    with pytest.raises(SettingsError, match="cannot be combined"):
        settings_for([tmp_path], config=other, isolated=True)


def test_load_settings_needs_the_tool_table_in_a_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    with pytest.raises(SettingsError, match=r"no \[tool.smtplint\] table"):
        load_settings(tmp_path / "pyproject.toml")
    with pytest.raises(SettingsError, match="no such configuration file"):
        load_settings(tmp_path / "missing.toml")


def test_excludes_replace_or_extend_the_built_in_list(tmp_path: Path) -> None:
    built_in = Excludes.of().matcher(tmp_path)
    assert built_in.excluded(tmp_path / "a" / "node_modules", is_dir=True)
    replaced = Excludes.of(["generated"], base=tmp_path).matcher(tmp_path)
    assert not replaced.excluded(tmp_path / "node_modules", is_dir=True)
    assert replaced.excluded(tmp_path / "x" / "generated", is_dir=True)
    extended = Excludes.of(None, ["/top.env"], base=tmp_path).matcher(tmp_path / "sub")
    assert extended.excluded(tmp_path / "venv", is_dir=True)
    assert extended.excluded(tmp_path / "top.env", is_dir=False)
    assert not extended.excluded(tmp_path / "sub" / "top.env", is_dir=False)


# --- every key through the command line ------------------------------------------------------


def test_discovered_from_the_first_checked_path_not_the_working_directory(
    tmp_path: Path,
) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / ".env").write_text(BROKEN)
    configure(app, 'select = ["SL102"]\n')
    configure(tmp_path, 'select = ["SL401"]\n')
    assert codes("app/.env", cwd=tmp_path) == {"SL102"}
    assert codes(cwd=app) == {"SL102"}


def test_select(project: Path) -> None:
    configure(project, 'select = ["SL3"]\n')
    assert codes(".env", cwd=project) == {"SL301"}


def test_ignore(project: Path) -> None:
    configure(project, 'ignore = ["SL3", "SL4"]\n')
    assert codes(".env", cwd=project) == {"SL102"}


def test_extend_select(project: Path) -> None:
    configure(project, 'select = ["SL3"]\nextend-select = ["SL102"]\n')
    assert codes(".env", cwd=project) == {"SL102", "SL301"}


def test_extend_ignore(project: Path) -> None:
    configure(project, 'ignore = ["SL3"]\nextend-ignore = ["SL4"]\n')
    assert codes(".env", cwd=project) == {"SL102"}


def test_command_line_select_wins_over_configuration(project: Path) -> None:
    configure(project, 'select = ["SL3"]\nextend-select = ["SL4"]\n')
    assert codes("--select", "SL102", ".env", cwd=project) == {"SL102"}


def test_per_file_ignores(project: Path) -> None:
    (project / "deploy").mkdir()
    (project / "deploy" / ".env").write_text(BROKEN)
    configure(project, '[tool.smtplint.per-file-ignores]\n"deploy/.env" = ["SL3", "SL401"]\n')
    found = codes_by_file(".", cwd=project)
    assert found["deploy/.env"] == {"SL102"}
    assert found[".env"] == {"SL102", "SL301", "SL401"}


def test_exclude_replaces_the_built_in_list(project: Path) -> None:
    for folder in ("venv", "generated"):
        (project / folder).mkdir()
        (project / folder / ".env").write_text(BROKEN)
    assert set(codes_by_file(".", cwd=project)) == {".env", "generated/.env"}
    configure(project, 'exclude = ["generated"]\n')
    assert set(codes_by_file(".", cwd=project)) == {".env", "venv/.env"}


def test_extend_exclude_adds_to_the_built_in_list(project: Path) -> None:
    for folder in ("node_modules", "legacy"):
        (project / folder).mkdir()
        (project / folder / ".env").write_text(BROKEN)
    configure(project, 'extend-exclude = ["legacy/"]\n')
    assert set(codes_by_file(".", cwd=project)) == {".env"}


def test_explicitly_named_files_are_checked_even_when_excluded(project: Path) -> None:
    configure(project, 'extend-exclude = [".env"]\n')
    assert codes_by_file(".", cwd=project) == {}
    assert ".env" in codes_by_file(".env", cwd=project)


def test_severity_overrides(project: Path) -> None:
    configure(
        project,
        'select = ["SL102", "SL401"]\n[tool.smtplint.severity]\nSL102 = "info"\nSL401 = "info"\n',
    )
    result = run("check", "--format", "json", ".env", cwd=project)
    assert result.returncode == 0, result.stdout
    severities = {f["code"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert severities == {"SL102": "info", "SL401": "info"}


def test_severity_overrides_take_prefixes_and_the_longest_wins(project: Path) -> None:
    configure(
        project,
        'select = ["SL102", "SL401"]\n[tool.smtplint.severity]\n'
        'ALL = "info"\nSL1 = "warning"\nSL10 = "error"\n',
    )
    result = run("check", "--format", "json", ".env", cwd=project)
    severities = {f["code"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert severities == {"SL102": "error", "SL401": "info"}


def test_severity_prefix_matching_no_rule_is_an_error(project: Path) -> None:
    configure(project, '[tool.smtplint.severity]\nSL9 = "info"\n')
    result = run("check", ".env", cwd=project)
    assert result.returncode == 2
    assert "severity.SL9" in result.stdout + result.stderr


def test_severity_overrides_apply_to_the_environment(tmp_path: Path) -> None:
    configure(tmp_path, 'select = ["SL102"]\n[tool.smtplint.severity]\nSL102 = "warning"\n')
    result = run(
        "check",
        "--environ",
        "--format",
        "json",
        cwd=tmp_path,
        env={"SMTP_HOST": "smtp.gmail.com", "SMTP_PORT": "465", "SMTP_SECURE": "false"},
    )
    severities = {f["code"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert severities == {"SL102": "warning"}


def test_profiles_dirs(project: Path) -> None:
    (project / "relays").mkdir()
    (project / "relays" / "broken.toml").write_text('id = "broken"\nname = "x"\n')
    assert run("check", ".env", cwd=project).returncode == 1
    configure(project, 'profiles-dirs = ["relays"]\n')
    result = run("check", ".env", cwd=project)
    assert result.returncode == 2 and "broken.toml" in result.stderr


def test_profile_commands_read_profiles_dirs_from_the_configuration(tmp_path: Path) -> None:
    gmail = (Path(__file__).parent.parent / "profiles" / "gmail.toml").read_text()
    (tmp_path / "relays").mkdir()
    (tmp_path / "relays" / "relay.toml").write_text(
        gmail.replace('id = "gmail"', 'id = "office-relay"')
    )
    (tmp_path / "ci.toml").write_text('profiles-dirs = ["relays"]\n')
    assert "office-relay" not in run("profiles", cwd=tmp_path).stdout
    assert "office-relay" in run("profiles", "--config", "ci.toml", cwd=tmp_path).stdout
    shown = run("profile", "office-relay", "--config", "ci.toml", cwd=tmp_path)
    assert shown.returncode == 0 and "relay.toml" in shown.stdout
    configure(tmp_path, 'profiles-dirs = ["relays"]\n')
    assert run("profile", "office-relay", "--isolated", cwd=tmp_path).returncode == 2


def test_fix_takes_profiles_dir_like_check(tmp_path: Path) -> None:
    (tmp_path / "relays").mkdir()
    (tmp_path / "relays" / "broken.toml").write_text('id = "broken"\nname = "x"\n')
    (tmp_path / ".env").write_text(BROKEN)
    result = run("fix", "--profiles-dir", "relays", ".env", cwd=tmp_path)
    assert result.returncode == 2 and "broken.toml" in result.stderr
    assert (tmp_path / ".env").read_text() == BROKEN


def test_show_reads_env_files_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(SETTINGS_PY)
    (tmp_path / ".env.production").write_text("EMAIL_PORT=465\n")
    (tmp_path / "ci.toml").write_text('env-files = [".env.production"]\n')
    plain = run("show", "settings.py", cwd=tmp_path).stdout
    configured = run("show", "--config", "ci.toml", "settings.py", cwd=tmp_path).stdout
    assert "465" not in plain
    assert "465" in configured


def test_env_files(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(SETTINGS_PY)
    (tmp_path / ".env.production").write_text("EMAIL_PORT=465\n")
    assert "SL102" not in codes("settings.py", cwd=tmp_path)
    configure(tmp_path, 'env-files = [".env.production"]\n')
    assert "SL102" in codes("settings.py", cwd=tmp_path)


def test_network_is_accepted_as_a_boolean_only(project: Path) -> None:
    configure(project, "network = false\n")
    assert run("check", ".env", cwd=project).returncode == 1
    configure(project, 'network = "off"\n')
    result = run("check", ".env", cwd=project)
    assert result.returncode == 2
    assert "'network' must be true or false" in result.stderr


def test_config_option_overrides_discovery(project: Path) -> None:
    configure(project, 'select = ["SL4"]\n')
    (project / "ci.toml").write_text('select = ["SL102"]\n')
    assert codes(".env", cwd=project) == {"SL401"}
    assert codes("--config", "ci.toml", ".env", cwd=project) == {"SL102"}
    (project / "elsewhere").mkdir()
    configure(project / "elsewhere", 'select = ["SL3"]\n')
    assert codes("--config", "elsewhere/pyproject.toml", ".env", cwd=project) == {"SL301"}


def test_isolated_ignores_configuration(project: Path) -> None:
    configure(project, 'select = ["SL4"]\nunknown-key = 1\n')
    assert codes("--isolated", ".env", cwd=project) == {"SL102", "SL301", "SL401"}
    both = run("check", "--isolated", "--config", "pyproject.toml", ".env", cwd=project)
    assert both.returncode == 2 and "cannot be combined" in both.stderr


def test_unknown_key_is_one_line_naming_file_and_key(project: Path) -> None:
    configure(project, 'extend-selct = ["SL1"]\n')
    result = run("check", ".env", cwd=project)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "pyproject.toml: unknown smtplint setting 'extend-selct'" in result.stderr
    assert "did you mean 'extend-select'?" in result.stderr


def test_wrong_type_is_a_clear_error(project: Path) -> None:
    configure(project, 'ignore = "SL101"\n')
    result = run("check", ".env", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("smtplint setting 'ignore' must be a list of strings")


def test_readme_configuration_example_is_valid_and_names_every_key(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Configuration", 1)[1]
    snippet = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pyproject.toml").write_text(snippet)
    settings = load_settings(tmp_path / "pyproject.toml")
    assert settings.severity == {"SL401": Severity.INFO}
    for key in KNOWN_KEYS:
        assert f"\n{key} = " in snippet or f"[tool.smtplint.{key}]" in snippet, key
