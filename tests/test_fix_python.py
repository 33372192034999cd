"""smtplint fix on Python settings: golden rewrites of Django and Flask files, the edits
the Python source makes for each canonical change, and the changes it refuses."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smtplint.api import check_text
from smtplint.fixer import fix_paths
from smtplint.model import (
    Change,
    Document,
    Edit,
    EnvironmentReference,
    Field,
    Security,
    SmtpConfig,
    Unfixable,
    ValueKind,
)
from smtplint.sources.python_source import SOURCE

DATA = Path(__file__).parent / "data" / "fix" / "python"
GOLDEN = sorted(p.name.removesuffix(".before.py") for p in DATA.glob("*.before.py"))
UNSAFE = {
    "sl102_django_env",
    "sl106_django",
    "sl109_django_env",
    "sl201_flask_globals",
    "sl202_django",
    "sl203_flask",
    "sl205_django",
    "sl305_flask_class",
    "sl601_django",
    "sl601_django_crlf",
    "sl601_flask_class",
    "sl601_flask_factory",
}
FROM_ENVIRONMENT = ("sl102_django_env", "sl109_django_env")
NOTE = "moved to the system keyring"
LONG_NOTE = "moved to the system keyring: smtplint secrets get settings.py EMAIL_HOST_PASSWORD"
PASSWORD = "hunter2-Corr3ct-Horse"


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / "settings.py"
    shutil.copyfile(DATA / f"{name}.before.py", target)
    return target


def _document(tmp_path: Path, text: str, name: str = "settings.py") -> Document:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return SOURCE.read(path, text)


def _config(document: Document, name: str | None = None) -> SmtpConfig:
    found = [c for c in document.configs if name is None or c.name == name]
    assert len(found) >= 1, [c.name for c in document.configs]
    return found[0]


def _apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def _fixed(
    tmp_path: Path,
    text: str,
    *changes: Change,
    unsafe: bool = False,
    config: str | None = None,
) -> str:
    document = _document(tmp_path, text)
    edits = SOURCE.edits(document, _config(document, config), changes, unsafe=unsafe)
    return _apply(text, edits)


def _refusal(
    tmp_path: Path, text: str, *changes: Change, unsafe: bool = False, config: str | None = None
) -> str:
    document = _document(tmp_path, text)
    with pytest.raises(Unfixable) as refused:
        SOURCE.edits(document, _config(document, config), changes, unsafe=unsafe)
    return str(refused.value)


# --- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_rewrite(tmp_path: Path, name: str) -> None:
    path = _copy(tmp_path, name)
    result = fix_paths([path], unsafe=name in UNSAFE)
    assert result.notes == []
    assert path.read_bytes() == (DATA / f"{name}.after.py").read_bytes()


@pytest.mark.parametrize("name", GOLDEN)
def test_second_run_changes_nothing(tmp_path: Path, name: str) -> None:
    path = _copy(tmp_path, name)
    fix_paths([path], unsafe=True)
    once = path.read_bytes()
    again = fix_paths([path], unsafe=True)
    assert path.read_bytes() == once
    assert again.changed == []


@pytest.mark.parametrize("name", GOLDEN)
def test_fixed_file_compiles(name: str) -> None:
    after = DATA / f"{name}.after.py"
    compile(after.read_bytes(), str(after), "exec")


@pytest.mark.parametrize("name", FROM_ENVIRONMENT)
def test_safe_run_leaves_environment_defaults_alone(tmp_path: Path, name: str) -> None:
    path = _copy(tmp_path, name)
    result = fix_paths([path])
    assert path.read_bytes() == (DATA / f"{name}.before.py").read_bytes()
    assert result.changed == []


def test_crlf_golden_really_uses_crlf() -> None:
    after = (DATA / "sl601_django_crlf.after.py").read_bytes()
    assert after.endswith(b'"jane.doe@gmail.com"\r\nEMAIL_TIMEOUT = 10\r\n')
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_fixed_django_settings_run_with_the_new_values() -> None:
    after = DATA / "sl101_django.after.py"
    code = (
        "import runpy, sys; s = runpy.run_path(sys.argv[1]); "
        "print(s['EMAIL_PORT'], s['EMAIL_USE_SSL'], s['EMAIL_USE_TLS'], s['EMAIL_TIMEOUT'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(after)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["587", "False", "True", "10"]


def test_fixed_flask_factory_runs_with_the_timeout() -> None:
    after = DATA / "sl601_flask_factory.after.py"
    code = (
        "import runpy, sys; app = runpy.run_path(sys.argv[1])['create_app'](); "
        "print(app.config['MAIL_TIMEOUT'], app.config['MAIL_DEFAULT_SENDER'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(after)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["10", "reports@contoso.com"]


def test_cli_fixes_settings_module(tmp_path: Path) -> None:
    _copy(tmp_path, "sl103_flask_update")
    done = subprocess.run(
        [sys.executable, "-m", "smtplint", "fix", "settings.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    expected = (DATA / "sl103_flask_update.after.py").read_bytes()
    assert (tmp_path / "settings.py").read_bytes() == expected


# --- values written in the file -------------------------------------------------------------


def test_text_before_the_value_may_be_non_ascii(tmp_path: Path) -> None:
    text = (
        "from flask import Flask\n"
        "app = Flask(__name__)\n"
        'app.config.update(MAIL_DEFAULT_SENDER="Zoë Ünal <zoe@contoso.com>", '
        'MAIL_SERVER="smtp.office365.com", MAIL_PORT=587, MAIL_USE_TLS=True, MAIL_USE_SSL=True)\n'
    )
    fixed = _fixed(tmp_path, text, Change(Field.SECURITY, Security.STARTTLS))
    assert fixed == text.replace("MAIL_USE_SSL=True)", "MAIL_USE_SSL=False)")


def test_one_line_call_grows_in_place_after_non_ascii_text(tmp_path: Path) -> None:
    text = (
        "from flask import Flask\nfrom flask_mailman import Mail\napp = Flask(__name__)\n"
        'app.config.update(MAIL_DEFAULT_SENDER="Zoë <zoe@contoso.com>", MAIL_PORT=587)\n'
        "mail = Mail(app)\n"
    )
    fixed = _fixed(tmp_path, text, Change(Field.TIMEOUT, 10), unsafe=True)
    assert fixed == text.replace("MAIL_PORT=587)", "MAIL_PORT=587, MAIL_TIMEOUT=10)")


def test_port_written_as_text_stays_text(tmp_path: Path) -> None:
    text = (
        "import os\n\nclass Config:\n"
        '    MAIL_SERVER = "smtp.office365.com"\n'
        "    MAIL_PORT = int(os.environ.get('MAIL_PORT', '25'))\n"
        "    MAIL_USE_TLS = True\n\n"
        'config = {"default": Config}\n'
    )
    fixed = _fixed(tmp_path, text, Change(Field.PORT, 587), unsafe=True)
    assert "MAIL_PORT = int(os.environ.get('MAIL_PORT', '587'))\n" in fixed


def test_last_line_without_line_end_keeps_having_none(tmp_path: Path) -> None:
    text = 'EMAIL_HOST = "smtp.gmail.com"\r\nEMAIL_PORT = 587\r\nEMAIL_USE_TLS = True'
    fixed = _fixed(tmp_path, text, Change(Field.TIMEOUT, 10), unsafe=True)
    assert fixed == text + "\r\nEMAIL_TIMEOUT = 10"


def test_inherited_flag_is_overridden_in_the_class(tmp_path: Path) -> None:
    text = (
        "class Config:\n"
        '    MAIL_SERVER = "smtp.gmail.com"\n'
        "    MAIL_PORT = 465\n"
        "    MAIL_USE_SSL = True\n\n\n"
        "class RelayConfig(Config):\n"
        "    MAIL_PORT = 587\n\n\n"
        'config = {"default": Config, "relay": RelayConfig}\n'
    )
    fixed = _fixed(tmp_path, text, Change(Field.SECURITY, Security.STARTTLS), config="RelayConfig")
    expected = text.replace(
        "    MAIL_PORT = 587\n",
        "    MAIL_PORT = 587\n    MAIL_USE_SSL = False\n    MAIL_USE_TLS = True\n",
    )
    assert fixed == expected


def test_mailers_option_is_added_to_the_options_dict(tmp_path: Path) -> None:
    text = (
        "MAILERS = {\n"
        '    "default": {\n'
        "        \"OPTIONS\": {'host': 'smtp.gmail.com', 'port': 465, 'use_tls': True},\n"
        "    },\n"
        "}\n"
    )
    fixed = _fixed(tmp_path, text, Change(Field.SECURITY, Security.TLS))
    assert "{'host': 'smtp.gmail.com', 'port': 465, 'use_tls': False, 'use_ssl': True}" in fixed


# --- refusals -------------------------------------------------------------------------------


_ENV_PORT = (
    "import os\n\n"
    'EMAIL_HOST = "smtp.office365.com"\n'
    'EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))\n'
    "EMAIL_USE_TLS = True\n"
)


def test_environment_default_needs_unsafe(tmp_path: Path) -> None:
    why = _refusal(tmp_path, _ENV_PORT, Change(Field.PORT, 587))
    assert (
        why == "EMAIL_PORT comes from the environment; its default is changed only with "
        "--unsafe-fixes"
    )
    fixed = _fixed(tmp_path, _ENV_PORT, Change(Field.PORT, 587), unsafe=True)
    assert 'EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))\n' in fixed


def test_lookup_without_default_is_refused(tmp_path: Path) -> None:
    text = _ENV_PORT.replace('os.environ.get("EMAIL_PORT", 25)', 'os.environ["EMAIL_PORT"]')
    why = _refusal(tmp_path, text, Change(Field.PORT, 587), unsafe=True)
    assert "EMAIL_PORT" in why
    assert "no default" in why


def test_computed_value_is_refused(tmp_path: Path) -> None:
    text = 'BASE_PORT = 500\nEMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = BASE_PORT + 87\n'
    why = _refusal(tmp_path, text, Change(Field.PORT, 465), unsafe=True)
    assert why == "EMAIL_PORT is computed by code; edit it by hand"


def test_value_transformed_after_the_literal_is_refused(tmp_path: Path) -> None:
    text = (
        "import os\n\nclass Config:\n"
        '    MAIL_SERVER = "smtp.gmail.com"\n'
        "    MAIL_PORT = 465\n"
        '    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true").lower() in ("true", "1")\n\n'
        'config = {"default": Config}\n'
    )
    why = _refusal(tmp_path, text, Change(Field.SECURITY, Security.TLS), unsafe=True)
    assert "MAIL_USE_TLS" in why
    assert "edit it by hand" in why


def test_value_from_email_url_is_refused(tmp_path: Path) -> None:
    text = (
        "import environ\n\nenv = environ.Env()\n"
        'EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://me@smtp.gmail.com:465")\n'
        "vars().update(EMAIL_CONFIG)\n"
        "EMAIL_TIMEOUT = 10\n"
    )
    why = _refusal(tmp_path, text, Change(Field.SECURITY, Security.TLS), unsafe=True)
    assert "URL" in why


def test_value_from_another_module_is_refused(tmp_path: Path) -> None:
    package = tmp_path / "config"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "base.py").write_text('EMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = 465\n')
    text = "from .base import *  # noqa: F403\n\nEMAIL_USE_TLS = True\nEMAIL_TIMEOUT = 10\n"
    path = package / "production.py"
    path.write_text(text)
    document = SOURCE.read(path, text)
    with pytest.raises(Unfixable, match="EMAIL_PORT is set in another module"):
        SOURCE.edits(document, _config(document), (Change(Field.PORT, 587),), unsafe=True)


def test_new_setting_beside_one_inside_an_if_is_refused(tmp_path: Path) -> None:
    text = (
        "import os\n\n"
        'EMAIL_HOST = "smtp.gmail.com"\n'
        "EMAIL_PORT = 587\n"
        "EMAIL_USE_TLS = True\n"
        'if os.environ.get("RELAY"):\n'
        '    EMAIL_HOST_USER = "relay@acme-corp.io"\n'
    )
    document = _document(tmp_path, text)
    [inside] = [c for c in document.configs if c.variant and c.variant.startswith("if os")]
    with pytest.raises(Unfixable) as refused:
        SOURCE.edits(document, inside, (Change(Field.TIMEOUT, 10),), unsafe=True)
    assert "inside an `if` block" in str(refused.value)
    assert "EMAIL_TIMEOUT" in str(refused.value)


def test_new_value_that_needs_escaping_is_refused(tmp_path: Path) -> None:
    text = 'EMAIL_HOST = "smtp.gmial.com"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n'
    why = _refusal(tmp_path, text, Change(Field.HOST, 'smtp"gmail.com'), unsafe=True)
    assert why == "the new value of EMAIL_HOST would need escaping; edit it by hand"


# --- moving a password ----------------------------------------------------------------------


def _moved(
    tmp_path: Path, text: str, variable: str = "EMAIL_HOST_PASSWORD", note: str = NOTE
) -> str:
    change = Change(Field.PASSWORD, EnvironmentReference(variable, note))
    return _fixed(tmp_path, text, change, unsafe=True)


def _assert_moved(text: str, key: str, variable: str) -> None:
    compile(text, "settings.py", "exec")
    [config] = SOURCE.read(Path("settings.py"), text).configs
    assert config.password is not None
    assert config.password.key == key
    assert config.password.origin.reference == variable
    assert config.password.kind is not ValueKind.LITERAL
    assert PASSWORD not in text
    findings = check_text(text, "settings.py")
    assert not [f for f in findings if f.code == "SL501"]


_DJANGO_PASSWORD = (
    'EMAIL_HOST = "smtp.gmail.com"\n'
    "EMAIL_PORT = 587\n"
    "EMAIL_USE_TLS = True\n"
    'EMAIL_HOST_USER = "jane.doe@gmail.com"\n'
    f'EMAIL_HOST_PASSWORD = "{PASSWORD}"\n'
    "EMAIL_TIMEOUT = 10\n"
)


def test_password_moves_to_the_environment(tmp_path: Path) -> None:
    text = '"""Settings."""\n\nimport os\n\n' + _DJANGO_PASSWORD
    fixed = _moved(tmp_path, text)
    expected = text.replace(f'"{PASSWORD}"\n', f'os.environ["EMAIL_HOST_PASSWORD"]  # {NOTE}\n')
    assert fixed == expected
    _assert_moved(fixed, "EMAIL_HOST_PASSWORD", "EMAIL_HOST_PASSWORD")


def test_password_comment_goes_above_a_line_it_would_make_too_long(tmp_path: Path) -> None:
    text = "import os\n\n" + _DJANGO_PASSWORD
    fixed = _moved(tmp_path, text, note=LONG_NOTE)
    expected = text.replace(
        f'EMAIL_HOST_PASSWORD = "{PASSWORD}"\n',
        f'# {LONG_NOTE}\nEMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]\n',
    )
    assert fixed == expected
    _assert_moved(fixed, "EMAIL_HOST_PASSWORD", "EMAIL_HOST_PASSWORD")


def test_password_move_imports_os_after_the_last_import(tmp_path: Path) -> None:
    text = '"""Settings."""\n\nfrom pathlib import Path\n\nBASE = Path(".")\n' + _DJANGO_PASSWORD
    fixed = _moved(tmp_path, text)
    assert fixed.startswith('"""Settings."""\n\nfrom pathlib import Path\nimport os\n\nBASE')
    _assert_moved(fixed, "EMAIL_HOST_PASSWORD", "EMAIL_HOST_PASSWORD")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('"""Settings."""\n\n', '"""Settings."""\n\nimport os\n\n'),
        (
            '"""Settings."""\nfrom __future__ import annotations\n\n',
            '"""Settings."""\nfrom __future__ import annotations\n\nimport os\n\n',
        ),
        ("# settings\n", "# settings\nimport os\n\n"),
    ],
)
def test_password_move_imports_os_after_the_preamble(
    tmp_path: Path, head: str, expected: str
) -> None:
    fixed = _moved(tmp_path, head + _DJANGO_PASSWORD)
    assert fixed.startswith(expected + 'EMAIL_HOST = "smtp.gmail.com"\n')
    _assert_moved(fixed, "EMAIL_HOST_PASSWORD", "EMAIL_HOST_PASSWORD")


def test_password_in_a_call_keeps_its_comma(tmp_path: Path) -> None:
    text = (
        "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n"
        "app.config.update(\n"
        '    MAIL_SERVER="smtp.gmail.com",\n'
        "    MAIL_PORT=465,\n"
        "    MAIL_USE_SSL=True,\n"
        '    MAIL_USERNAME="jane.doe@gmail.com",\n'
        f"    MAIL_PASSWORD='{PASSWORD}',\n"
        ")\n"
    )
    fixed = _moved(tmp_path, text, "MAIL_PASSWORD")
    assert f'    MAIL_PASSWORD=os.environ["MAIL_PASSWORD"],  # {NOTE}\n)\n' in fixed
    _assert_moved(fixed, "MAIL_PASSWORD", "MAIL_PASSWORD")


def test_password_comment_goes_above_a_line_that_goes_on(tmp_path: Path) -> None:
    text = (
        "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n"
        f'app.config.update(MAIL_SERVER="smtp.gmail.com", MAIL_PASSWORD="{PASSWORD}", '
        'MAIL_USERNAME="jane.doe@gmail.com", MAIL_PORT=465, MAIL_USE_SSL=True)\n'
    )
    fixed = _moved(tmp_path, text, "MAIL_PASSWORD")
    assert f"\n# {NOTE}\napp.config.update(" in fixed
    assert 'MAIL_PASSWORD=os.environ["MAIL_PASSWORD"], MAIL_USERNAME=' in fixed
    _assert_moved(fixed, "MAIL_PASSWORD", "MAIL_PASSWORD")


def test_password_default_of_a_lookup_is_not_moved_and_never_shown(tmp_path: Path) -> None:
    text = _DJANGO_PASSWORD.replace(
        f'"{PASSWORD}"', f'os.environ.get("EMAIL_HOST_PASSWORD", "{PASSWORD}")'
    )
    text = "import os\n" + text
    change = Change(Field.PASSWORD, EnvironmentReference("EMAIL_HOST_PASSWORD", NOTE))
    why = _refusal(tmp_path, text, change, unsafe=True)
    assert "EMAIL_HOST_PASSWORD" in why
    assert PASSWORD not in why
