"""smtplint probe: real SMTP sessions against real servers on loopback, through the CLI.

Every server records the command lines it reads; no test may see DATA. Step timeouts are
at most 2 s; the subprocess limit only guards against a hang.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import trustme
from keyrings.alt.file import PlaintextKeyring

from smtplint.model import Security
from smtplint.probe import explain
from smtplint.probe.certificate import read_certificate
from smtplint.probe.outcome import Diagnosis, Endpoint
from smtplint.probe.wire import Reply
from smtplint.rules import get_rule
from tests.probe_servers import (
    OTHER_NAME,
    PASSWORD,
    USERNAME,
    Behaviour,
    Certificate,
    Listener,
    Received,
    silent_port,
    smtp_server,
)

STEP_TIMEOUT = "2"
GUARD = 20  # seconds before a hung subprocess fails the test
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "smtplint" / "probe" / "json-schema.json").read_text()
)

IMPLICIT_TLS = "SMTP_SECURE=true"
STARTTLS = "SMTP_REQUIRE_TLS=true"
PLAINTEXT = "SMTP_IGNORE_TLS=true"
STARTTLS_IF_OFFERED = "SMTP_SECURE=false"


def _write_config(
    folder: Path,
    port: int,
    security: str,
    *,
    login: bool = True,
    password: str = "${PROBE_PASSWORD}",
    name: str = ".env",
) -> Path:
    lines = ["SMTP_HOST=localhost", f"SMTP_PORT={port}", security]
    if login:
        lines += [f"SMTP_USER={USERNAME}", f"SMTP_PASS={password}"]
    lines.append(f"SMTP_FROM={USERNAME}")
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


def _environment(**extra: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SMTP_", "MAIL_", "PROBE_", "SSL_CERT"))
    }
    environment.update(PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring", NO_COLOR="1")
    environment.update(extra)
    return environment


def _probe(
    *args: str | Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smtplint", "probe", "--timeout", STEP_TIMEOUT, *map(str, args)],
        cwd=cwd,
        env=env if env is not None else _environment(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=False,
        start_new_session=True,  # no controlling terminal: getpass reads stdin
    )


def _report(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    return document


def _steps(document: dict[str, Any], index: int = 0) -> dict[str, dict[str, Any]]:
    return {step["step"]: step for step in document["configurations"][index]["steps"]}


def _statuses(document: dict[str, Any], index: int = 0) -> list[tuple[str, str]]:
    return [(s["step"], s["status"]) for s in document["configurations"][index]["steps"]]


def _assert_no_data(received: Received) -> None:
    assert "DATA" not in received.commands()


def _assert_no_password(done: subprocess.CompletedProcess[str], password: str = PASSWORD) -> None:
    shown = done.stdout + done.stderr
    assert password not in shown
    assert base64.b64encode(f"\0{USERNAME}\0{password}".encode()).decode() not in shown


# --- sessions that pass ---------------------------------------------------------------------


def test_implicit_tls_reaches_mail_from_and_stops_there(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.IMPLICIT_TLS) as server:
        config = _write_config(tmp_path, server.port, IMPLICIT_TLS, login=False)
        done = _probe("--cafile", server.ca_file, "--format", "json", config, cwd=tmp_path)
        commands = server.received.commands()

    assert done.returncode == 0, done.stdout + done.stderr
    document = _report(done)
    assert _statuses(document) == [
        ("connect", "ok"),
        ("tls", "ok"),
        ("certificate", "ok"),
        ("greeting", "ok"),
        ("ehlo", "ok"),
        ("auth", "skipped"),
        ("mail-from", "ok"),
        ("rcpt-to", "skipped"),
        ("rset", "ok"),
        ("quit", "ok"),
    ]
    probe = document["configurations"][0]
    assert probe["status"] == "passed"
    assert probe["endpoint"]["security"] == "tls"
    assert probe["certificate"]["names"] == ["localhost", "127.0.0.1"]
    assert _steps(document)["auth"]["detail"].startswith("no login is configured")
    assert commands == ["EHLO", "MAIL", "RSET", "QUIT"]
    assert document["summary"] == {
        "configurations": 1,
        "passed": 1,
        "failed": 0,
        "incomplete": 0,
        "skipped": 0,
    }


def test_starttls_with_login_from_the_environment_trusting_ssl_cert_file(
    tmp_path: Path,
) -> None:
    behaviour = Behaviour(auth_required=True)
    with smtp_server(tmp_path, Listener.STARTTLS, behaviour) as server:
        config = _write_config(tmp_path, server.port, STARTTLS)
        env = _environment(PROBE_PASSWORD=PASSWORD, SSL_CERT_FILE=str(server.ca_file))
        done = _probe("--to", "ops@acme-corp.io", config, cwd=tmp_path, env=env)
        commands = server.received.commands()

    assert done.returncode == 0, done.stdout + done.stderr
    assert "password from environment variable PROBE_PASSWORD" in done.stdout
    assert "235 2.7.0 Authentication successful" in done.stdout
    assert "passed: the server accepted the session up to RCPT TO" in done.stdout
    assert "trusted through the system's trust store" in done.stdout
    assert commands == ["EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL", "RCPT", "RSET", "QUIT"]
    _assert_no_password(done)


def test_password_from_the_keyring_entry_fix_secrets_writes(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.IMPLICIT_TLS, Behaviour(auth_required=True)) as server:
        config = _write_config(tmp_path, server.port, IMPLICIT_TLS, password="${SMTP_PASS}")
        backend = PlaintextKeyring()
        backend.file_path = str(tmp_path / "data" / "python_keyring" / "keyring_pass.cfg")
        backend.set_password("smtplint", f"{config.resolve()}:SMTP_PASS", PASSWORD)
        env = _environment(
            PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
            XDG_DATA_HOME=str(tmp_path / "data"),
        )
        done = _probe("--cafile", server.ca_file, config, cwd=tmp_path, env=env)
        _assert_no_data(server.received)

    assert done.returncode == 0, done.stdout + done.stderr
    assert f'password from keyring entry "{config.resolve()}:SMTP_PASS"' in done.stdout
    _assert_no_password(done)


def test_password_from_the_prompt(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.IMPLICIT_TLS, Behaviour(auth_required=True)) as server:
        config = _write_config(tmp_path, server.port, IMPLICIT_TLS)
        asked = _probe(
            "--cafile", server.ca_file, "--ask-password", config, cwd=tmp_path, stdin=PASSWORD
        )
        not_asked = _probe("--cafile", server.ca_file, config, cwd=tmp_path)
        _assert_no_data(server.received)

    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert "password from the --ask-password prompt" in asked.stdout
    assert f"Password for {USERNAME} at localhost:" in asked.stderr
    _assert_no_password(asked)
    assert not_asked.returncode == 1
    assert "--ask-password prompts for it" in not_asked.stdout
    assert "SL301" in not_asked.stdout  # the server wants a login it did not get


# --- sessions that fail, and the rule that explains each -------------------------------------


def test_plaintext_against_a_server_that_requires_starttls(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.STARTTLS, Behaviour(starttls_required=True)) as server:
        anonymous = _write_config(tmp_path, server.port, PLAINTEXT, login=False, name="a.env")
        with_login = _write_config(tmp_path, server.port, PLAINTEXT, name="b.env")
        env = _environment(PROBE_PASSWORD=PASSWORD)
        done = _probe("--format", "json", anonymous, with_login, cwd=tmp_path, env=env)
        _assert_no_data(server.received)
        assert "AUTH" not in server.received.commands()

    assert done.returncode == 1
    document = _report(done)
    mail = _steps(document, 0)["mail-from"]
    assert mail["status"] == "failed"
    assert mail["reply"] == "530 5.7.0 Must issue a STARTTLS command first"
    assert (mail["rule"], mail["rule_name"]) == ("SL104", "no-tls")
    auth = _steps(document, 1)["auth"]
    assert (auth["status"], auth["rule"]) == ("failed", "SL104")
    assert "offers no AUTH on this unencrypted connection" in auth["detail"]
    assert _steps(document, 1)["mail-from"]["detail"] == "not reached: auth failed"
    _assert_no_password(done)


def test_a_silent_server_is_reported_within_the_timeout(tmp_path: Path) -> None:
    with silent_port() as port:
        config = _write_config(tmp_path, port, STARTTLS_IF_OFFERED, login=False)
        started = time.monotonic()
        done = _probe("--timeout", "1", config, cwd=tmp_path)
        elapsed = time.monotonic() - started

    assert done.returncode == 1
    assert elapsed < 1 + 8  # the 1 s greeting wait plus the interpreter's start-up
    assert "FAILED   greeting" in done.stdout
    assert "no 220 greeting: no reply within 1 s" in done.stdout
    assert "SL102 starttls-on-implicit-tls-port" in done.stdout
    assert f"the server on port {port} says nothing until the client starts TLS" in done.stdout
    assert "switch on implicit TLS for this port" in done.stdout


def test_a_server_that_drops_the_connection_after_ehlo(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.PLAIN, Behaviour(drop_on_ehlo=True)) as server:
        config = _write_config(tmp_path, server.port, STARTTLS_IF_OFFERED, login=False)
        done = _probe("--format", "json", config, cwd=tmp_path)
        commands = server.received.commands()

    assert done.returncode == 1
    steps = _steps(_report(done))
    assert steps["ehlo"]["status"] == "failed"
    assert steps["ehlo"]["detail"] == "the server closed the connection after EHLO"
    assert steps["mail-from"] == steps["mail-from"] | {
        "status": "skipped",
        "detail": "not reached: ehlo failed",
    }
    assert steps["quit"]["detail"] == "the connection is closed"
    assert commands == ["EHLO"]


@pytest.mark.parametrize(
    "refusal",
    [
        "553 5.7.1 Sender address rejected: not owned by user alerts@acme-corp.io",
        "554 5.2.252 SendAsDenied; alerts@acme-corp.io not allowed to send as billing",
    ],
)
def test_a_refused_sender_names_sl404(tmp_path: Path, refusal: str) -> None:
    behaviour = Behaviour(auth_required=True, sender_reply=refusal)
    with smtp_server(tmp_path, Listener.IMPLICIT_TLS, behaviour) as server:
        config = _write_config(tmp_path, server.port, IMPLICIT_TLS)
        env = _environment(PROBE_PASSWORD=PASSWORD)
        done = _probe("--cafile", server.ca_file, config, cwd=tmp_path, env=env)
        commands = server.received.commands()

    assert done.returncode == 1
    assert f"<{USERNAME}> refused: {refusal}" in done.stdout
    assert "SL404 sender-not-permitted" in done.stdout
    assert "failed at mail-from" in done.stdout
    assert commands == ["EHLO", "AUTH", "MAIL", "RSET", "QUIT"]
    _assert_no_password(done)


@pytest.mark.parametrize(
    ("refusal", "rule"),
    [
        ("535 5.7.8 Username and Password not accepted", "SL306"),
        ("535 5.7.139 Authentication unsuccessful, basic authentication is disabled", "SL303"),
    ],
)
def test_a_refused_login_names_its_rule(tmp_path: Path, refusal: str, rule: str) -> None:
    behaviour = Behaviour(auth_required=True, login_refused=refusal)
    wrong = "Not-The-Password-42"
    with smtp_server(tmp_path, Listener.IMPLICIT_TLS, behaviour) as server:
        config = _write_config(tmp_path, server.port, IMPLICIT_TLS)
        env = _environment(PROBE_PASSWORD=wrong)
        done = _probe("--cafile", server.ca_file, "--format", "json", config, cwd=tmp_path, env=env)
        commands = server.received.commands()

    assert done.returncode == 1
    steps = _steps(_report(done))
    assert (steps["auth"]["status"], steps["auth"]["reply"], steps["auth"]["rule"]) == (
        "failed",
        refusal,
        rule,
    )
    assert steps["mail-from"]["detail"] == "not reached: auth failed"
    assert "MAIL" not in commands
    _assert_no_password(done, wrong)


def test_an_expired_certificate_is_described(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.IMPLICIT_TLS, certificate=Certificate.EXPIRED) as server:
        config = _write_config(tmp_path, server.port, IMPLICIT_TLS)
        env = _environment(PROBE_PASSWORD=PASSWORD)
        done = _probe("--cafile", server.ca_file, "--format", "json", config, cwd=tmp_path, env=env)
        commands = server.received.commands()

    assert done.returncode == 1
    document = _report(done)
    certificate = _steps(document)["certificate"]
    assert certificate["status"] == "failed"
    assert certificate["detail"].startswith("certificate has expired; the certificate names")
    assert "localhost, 127.0.0.1" in certificate["detail"]
    assert "SL108" in certificate["fix"]
    facts = document["configurations"][0]["certificate"]
    expired_on = dt.datetime.fromisoformat(facts["not_after"])
    assert expired_on < dt.datetime.now(dt.timezone.utc)
    assert expired_on.strftime("%Y-%m-%d") in certificate["detail"]
    assert "AUTH" not in commands and "MAIL" not in commands  # nothing over a bad connection


def test_a_certificate_for_another_name_is_described(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.STARTTLS, certificate=Certificate.WRONG_NAME) as server:
        config = _write_config(tmp_path, server.port, STARTTLS)
        env = _environment(PROBE_PASSWORD=PASSWORD)
        done = _probe("--cafile", server.ca_file, config, cwd=tmp_path, env=env)
        commands = server.received.commands()

    assert done.returncode == 1
    assert "Hostname mismatch, certificate is not valid for 'localhost'" in done.stdout
    assert f"the certificate names {OTHER_NAME} (CN={OTHER_NAME})" in done.stdout
    assert "SL201 unknown-provider-host" in done.stdout
    assert f"a host name the certificate lists ({OTHER_NAME})" in done.stdout
    assert "AUTH" not in commands and "MAIL" not in commands


def test_implicit_tls_against_a_starttls_port_names_sl101(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.STARTTLS) as server:
        config = _write_config(tmp_path, server.port, IMPLICIT_TLS, login=False)
        done = _probe("--cafile", server.ca_file, config, cwd=tmp_path)
        _assert_no_data(server.received)

    assert done.returncode == 1
    assert "FAILED   tls" in done.stdout
    assert "wrong version number" in done.stdout.lower()
    assert "SL101 implicit-tls-on-starttls-port" in done.stdout


# --- configurations that cannot be probed, and usage errors -----------------------------------


def test_a_host_known_only_at_run_time(tmp_path: Path) -> None:
    with smtp_server(tmp_path, Listener.IMPLICIT_TLS) as server:
        config = tmp_path / ".env"
        config.write_text(
            f"SMTP_HOST=${{MAIL_HOST}}\nSMTP_PORT={server.port}\nSMTP_SECURE=true\n"
            f"SMTP_FROM={USERNAME}\n"
        )
        skipped = _probe("--format", "json", config, cwd=tmp_path)
        resolved = _probe(
            "--cafile",
            server.ca_file,
            config,
            cwd=tmp_path,
            env=_environment(MAIL_HOST="localhost"),
        )
        _assert_no_data(server.received)

    assert skipped.returncode == 1  # nothing was probed
    probe = _report(skipped)["configurations"][0]
    assert probe["status"] == "skipped" and probe["steps"] == []
    assert probe["skipped_reason"] == (
        "SMTP_HOST is only known at run time (environment variable MAIL_HOST is not set)"
    )
    assert resolved.returncode == 0, resolved.stdout
    assert "SMTP_HOST from environment variable MAIL_HOST" in resolved.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--timeout", "0"), "--timeout must be a number of seconds above 0"),
        (("--to", "nobody"), "is not an email address"),
        (("--cafile", "missing.pem"), "no such CA file"),
        (("missing.env",), "missing.env"),
    ],
)
def test_usage_errors(tmp_path: Path, arguments: tuple[str, ...], message: str) -> None:
    _write_config(tmp_path, 2525, STARTTLS)
    done = _probe(*arguments, *(() if "missing.env" in arguments else (".env",)), cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr


def test_check_never_imports_the_probe(tmp_path: Path) -> None:
    config = _write_config(tmp_path, 587, STARTTLS)
    program = (
        "import sys\n"
        "from smtplint.cli import app\n"
        "try:\n"
        "    app(['check', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if 'probe' in m))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(config)],
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=False,
    )
    assert done.stdout.splitlines()[-1] == "['smtplint.cli_probe']", done.stdout + done.stderr


# --- the pieces, in-process ------------------------------------------------------------------


def _reply(text: str) -> Reply:
    code, _, rest = text.partition(" ")
    return Reply(int(code), (rest,))


_ENDPOINT = Endpoint("smtp.acme-corp.io", 465, Security.STARTTLS, USERNAME, USERNAME)
_ANONYMOUS = explain.LoginState.NONE
_LOGGED_IN = explain.LoginState.DONE


@pytest.mark.parametrize(
    ("reply", "encrypted", "login", "rule"),
    [
        ("503 5.5.1 Error: authentication required", True, _ANONYMOUS, "SL301"),
        ("530 5.7.0 Authentication Required", True, _ANONYMOUS, "SL301"),
        ("530 5.7.0 Must issue a STARTTLS command first", False, _ANONYMOUS, "SL104"),
        ("530 5.7.57 Client not authenticated to send mail", True, _ANONYMOUS, "SL301"),
        ("554 5.2.252 SendAsDenied", True, _LOGGED_IN, "SL404"),
        ("553 Relaying disallowed", True, _LOGGED_IN, "SL404"),
        ("550 5.7.1 Sender rejected", True, _LOGGED_IN, "SL404"),
        ("550 5.7.30 Basic authentication is not supported", True, _LOGGED_IN, "SL303"),
    ],
)
def test_mail_from_refusals_name_their_rule(
    reply: str, encrypted: bool, login: explain.LoginState, rule: str
) -> None:
    diagnosis = explain.mail_reply(_reply(reply), encrypted, login)
    assert diagnosis.rule == rule and get_rule(rule) is not None


@pytest.mark.parametrize(
    ("reply", "encrypted", "rule"),
    [
        ("534 5.7.9 Application-specific password required", True, "SL306"),
        ("535 5.7.8 Username and Password not accepted", True, "SL306"),
        ("535 5.7.139 Authentication unsuccessful", True, "SL303"),
        ("503 5.5.1 Error: authentication not enabled", True, "SL305"),
        ("538 5.7.11 Encryption required", False, "SL104"),
    ],
)
def test_auth_refusals_name_their_rule(reply: str, encrypted: bool, rule: str) -> None:
    diagnosis = explain.auth_reply(_reply(reply), encrypted)
    assert diagnosis.rule == rule and get_rule(rule) is not None


@pytest.mark.parametrize(
    ("diagnosis", "rule"),
    [
        (explain.rcpt_reply(_reply("554 5.7.1 Relay access denied"), True, _ANONYMOUS), "SL301"),
        (explain.silent_greeting(_ENDPOINT), "SL102"),
        (explain.auth_not_offered(True, False), "SL305"),
        (explain.no_usable_mechanism(("XOAUTH2",)), "SL303"),
        (explain.cleartext_login(), "SL304"),
        (explain.connect_failure(ConnectionRefusedError(), _ENDPOINT), "SL105"),
    ],
)
def test_other_failures_name_rules_that_exist(diagnosis: Diagnosis, rule: str) -> None:
    assert diagnosis.rule == rule and get_rule(rule) is not None


def test_certificate_facts_are_read_from_der() -> None:
    ca = trustme.CA()
    not_after = dt.datetime(2031, 5, 17, 8, 30, tzinfo=dt.timezone.utc)
    leaf = ca.issue_cert("smtp.acme-corp.io", "192.0.2.7", common_name="smtp", not_after=not_after)
    der = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())
    facts = read_certificate(der)
    assert (facts.subject, facts.names, facts.not_after) == (
        "smtp",
        ("smtp.acme-corp.io", "192.0.2.7"),
        not_after,
    )
    assert facts.describe().startswith("names smtp.acme-corp.io, 192.0.2.7 (CN=smtp); valid ")
    assert "to 2031-05-17 08:30 UTC" in facts.describe()
    with pytest.raises(ValueError):
        read_certificate(b"\x30\x03\x02\x01")
