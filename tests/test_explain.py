"""`smtplint explain`: known replies and client errors are recognised however they are
pasted, answered with their causes, settings and rules, and narrowed to a user's file."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from smtplint.explain import Answer, explain, load_user_config
from smtplint.explain.causes import ALL_CAUSES
from smtplint.explain.render import render_json, render_text
from smtplint.explain.replies import SIGNATURES, Signature
from smtplint.explain.user_config import Status
from smtplint.rules import get_rule

PASSWORD = "Sup3r-Secret-Value!"


@dataclass(frozen=True)
class Quoted:
    mode: str
    message: str
    codes: tuple[str, ...]


# The messages the failure-mode catalogue (docs/failure-modes.md, FM01-FM24) quotes, exactly as
# quoted, with the rule codes that catch each mode. Modes the catalogue quotes no message of
# (FM17, FM19, FM22, FM23: they surface as another mode's message; FM24: Thunderbird's dialogs)
# use those messages.
FM01 = (
    "[SSL: WRONG_VERSION_NUMBER] wrong version number",
    "ssl3_get_record:wrong version number",
    "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000)",
    "error:1408F10B:SSL routines:ssl3_get_record:wrong version number",
    "0A00010B",
    "stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages: "
    "error:1408F10B:SSL routines:ssl3_get_record:wrong\nversion number",
    "unable to connect to ssl://host:587",
    "SSL_connect returned=1 errno=0\npeeraddr=…:587 state=error: wrong version number",
)
FM02 = (
    "SMTPServerDisconnected: Connection unexpectedly closed",
    "Greeting never received",
    "smtplib.SMTPServerDisconnected: Connection unexpectedly closed",
    "Error: Greeting never received",
)
FM05 = (
    "530-5.7.0 Authentication Required",
    "530 5.7.57 Client not authenticated to send mail",
    'Missing credentials for "PLAIN"',
    "SMTPSenderRefused: (530, b'5.7.0 Authentication Required. Learn more\nat … "
    "https://support.google.com/mail/?p=WantAuthError …', '<from>')",
    "5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM",
    'Error: Missing credentials for "PLAIN"',
    "530 5.7.0 Authentication required",
    "503 5.5.1",
)
FM13 = (
    "CERTIFICATE_VERIFY_FAILED … Hostname mismatch",
    "Hostname/IP does not match certificate's altnames",
    "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
    "failed: Hostname mismatch, certificate is not valid for 'smtp.mailgun.com'. (_ssl.c:1081)",
    "Hostname/IP does not match certificate's altnames: Host: mail.botden.cf. is not in the "
    "cert's altnames: DNS:botden.cf, DNS:www.botden.cf",
    "CERTIFICATE_VERIFY_FAILED: Hostname mismatch(handshake.cc:359)",
)
STARTTLS_NOT_SUPPORTED = (
    "STARTTLS extension not supported by server.",
    "smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server.",
)
THUNDERBIRD_AUTH = (
    "Unable to authenticate to Outgoing server (SMTP) smtp.office365.com. Please check the "
    "password and verify the \u2018Authentication method\u2019 in \u2018Account Settings | "
    "Outgoing server (SMTP)\u2019.",
    "The Outgoing server (SMTP) mail.example.com does not seem to support encrypted passwords. "
    "If you just set up the account, try changing the \u2018Authentication method\u2019 in "
    "\u2018Account Settings | Outgoing server (SMTP)\u2019 to \u2018Password, transmitted "
    "insecurely\u2019.",
    "The Outgoing server (SMTP) mail.example.com does not support the selected authentication "
    "method. Please change the \u2018Authentication method\u2019 in \u2018Account Settings | "
    "Outgoing Server (SMTP)\u2019.",
)
THUNDERBIRD_SECURITY = (
    "An error occurred while sending mail: Unable to establish a secure link with Outgoing "
    "server (SMTP) mail.example.com using STARTTLS since it doesn\u2019t advertise that feature. "
    "Switch off STARTTLS for that server or contact your service provider.",
    "The message could not be sent because the connection to Outgoing server (SMTP) "
    "smtp.gmail.com timed out. Try again.",
    "The message could not be sent because connecting to Outgoing server (SMTP) "
    "smtp.gmail.com failed. The server may be unavailable or is refusing SMTP connections. "
    "Please verify that your Outgoing server (SMTP) settings are correct and try again.",
    "The message could not be sent because the connection to Outgoing server (SMTP) "
    "smtp.gmail.com was lost in the middle of the transaction. Try again.",
)

QUOTED = [
    *(Quoted("FM01", m, ("SL101",)) for m in FM01),
    *(Quoted("FM02", m, ("SL102",)) for m in FM02),
    Quoted("FM03", "535-5.7.8 Username and Password not accepted … BadCredentials", ("SL306",)),
    Quoted("FM03", "534-5.7.9 Application-specific password required", ("SL306",)),
    Quoted(
        "FM03",
        "535-5.7.8 Username and Password not accepted. Learn more at\n535 5.7.8 "
        "https://support.google.com/mail/?p=BadCredentials <id> - gsmtp",
        ("SL306",),
    ),
    Quoted(
        "FM03",
        "534-5.7.9 Application-specific password required.\n… "
        "https://support.google.com/mail/?p=InvalidSecondFactor",
        ("SL306",),
    ),
    *(
        Quoted("FM04", m, ("SL404",))
        for m in (
            "553 5.7.1 … Sender address rejected: not owned by user …",
            "554 5.2.252 SendAsDenied",
            "SendAsDeniedException.MapiExceptionSendAsDenied",
            "553 5.7.1 <user1@domain.com>: Sender address rejected: not\nowned by user "
            "user2@domain.com",
            "553 5.7.1 Sender address rejected: not owned by auth user.",
            "554 5.2.252 SendAsDenied; a@x not allowed to send as b@y;\n"
            "STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied",
            "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAs"
            "Denied;\nFailed to process message due to a permanent exception",
            "553 Relaying disallowed",
        )
    ),
    *(Quoted("FM05", m, ("SL301",)) for m in FM05),
    *(
        Quoted("FM06", m, ("SL404", "SL403"))
        for m in (
            "550 The from address does not match a verified Sender Identity",
            "554 Message rejected: Email address is not verified…",
            "Sandbox subdomains are for test purposes only…",
            "550 The from address does not match a verified Sender Identity.\nMail cannot be "
            "sent until this error is resolved. Visit https://sendgrid.com/docs/\n"
            "for-developers/sending-email/sender-identity/ to see the Sender Identity "
            "requirements",
            "554 Message rejected: Email address is not verified. The following identities "
            "failed\nthe check in region US-EAST-1: …",
            "Sandbox subdomains are for test purposes only.\nPlease add your own domain or add "
            "the address to authorized recipients in Account\nSettings.",
        )
    ),
    *(
        Quoted("FM07", m, ("SL502",))
        for m in (
            "getaddrinfo ENOTFOUND <part of user>",
            "getaddrinfo ENOTFOUND akiaj4d5e76knjf23456",
            "URIError: URI malformed",
            "invalid literal for int()",
            "ValueError: invalid literal for int() with base 10:",
            "TypeError [ERR_INVALID_URL] [ERR_INVALID_URL]: Invalid URL: smtps://…",
            "error parsing url: … invalid port",
        )
    ),
    *(Quoted("FM08", m, ("SL602",)) for m in (*STARTTLS_NOT_SUPPORTED, FM01[0])),
    *(
        Quoted("FM09", m, ("SL303",))
        for m in (
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for "
            "the Tenant",
            "…basic authentication is disabled",
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is\ndisabled "
            "for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
            "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
            "535 5.7.3 Authentication unsuccessful",
            "550 5.7.30 Basic authentication is not supported for Client Submission.",
            "550 5.7.30 …",
        )
    ),
    *(
        Quoted("FM10", m, ("SL104", "SL304"))
        for m in (
            "530 5.7.0 Must issue a STARTTLS command first",
            "530 5.7.0 Must issue a STARTTLS command first.",
            "451 5.7.3 STARTTLS is required to send mail",
            "SMTP AUTH extension not supported by server.",
        )
    ),
    Quoted("FM11", "535 Authentication Credentials Invalid", ("SL306", "SL302")),
    *(
        Quoted("FM12", m, ("SL305",))
        for m in (
            "SMTP AUTH extension not supported by server.",
            "503 5.5.1 Error: authentication not enabled",
            "smtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by\nserver.",
            "502 5.5.2 Error: command not recognized",
        )
    ),
    *(Quoted("FM13", m, ("SL207",)) for m in FM13),
    Quoted("FM14", "535 Authentication failed: Bad username / password", ("SL302",)),
    Quoted(
        "FM14",
        "Authentication failed: The provided authorization grant is invalid, expired, or\nrevoked",
        ("SL302",),
    ),
    *(
        Quoted("FM15", m, ("SL604", "SL101"))
        for m in (
            'The "" scheme is not supported; supported schemes for mailer "smtp" are: "smtp", '
            '"smtps".',
            'Symfony\\Component\\Mailer\\Exception\\UnsupportedSchemeException: The "" '
            'scheme\nis not supported; supported schemes for mailer "smtp" are: "smtp", '
            '"smtps".',
            'Connection could not be established with host "ssl://smtpout.secureserver.net:465":'
            "\nstream_socket_client(): Unable to connect … (Connection timed out)",
            "Laravel: " + FM01[2],
        )
    ),
    *(
        Quoted("FM16", m, ("SL109",))
        for m in (
            "Connection timed out",
            "connect ETIMEDOUT",
            "connect ETIMEDOUT x.x.x.x:25",
            "connect to …:25: Operation timed out",
        )
    ),
    *(Quoted("FM17", m, ("SL604",)) for m in (FM01[2], FM05[0], FM05[2])),
    *(
        Quoted("FM18", m, ("SL103",))
        for m in (
            "ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive…",
            "ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one "
            "of those settings to True.",
            *STARTTLS_NOT_SUPPORTED,
            "cannot set Email (SMTP) to use SSL and TLS at the same time",
        )
    ),
    *(
        Quoted("FM19", m, ("SL601",))
        for m in ("login request hangs indefinitely", "Connection timed out", FM02[0])
    ),
    *(
        Quoted("FM20", m, ("SL401", "SL403"))
        for m in (
            "SMTPSenderRefused: (530, …, 'webmaster@localhost')",
            "smtplib.SMTPSenderRefused: (530, b'5.7.0 Authentication Required …',\n"
            "'webmaster@localhost')",
        )
    ),
    Quoted("FM21", "535 Authentication Failed", ("SL205",)),
    *(Quoted("FM22", m, ("SL108",)) for m in FM13),
    *(Quoted("FM23", m, ("SL603",)) for m in (*FM02, FM01[2])),
    *(Quoted("FM24", m, ("SL303", "SL301", "SL307")) for m in THUNDERBIRD_AUTH),
    *(Quoted("FM24", m, ("SL101", "SL102", "SL110")) for m in THUNDERBIRD_SECURITY),
    Quoted(
        "FM24",
        "An error occurred while sending mail. The mail server responded: 553 5.7.1 Sender "
        "address rejected: not owned by user me@example.org. Please verify that your email "
        "address is correct in your account settings and try again.",
        ("SL404",),
    ),
]


def _codes(answer: Answer) -> set[str]:
    return {rule.code for cause in answer.causes for rule in cause.rules}


def test_every_failure_mode_has_quoted_messages() -> None:
    assert {q.mode for q in QUOTED} == {f"FM{n:02d}" for n in range(1, 25)}


@pytest.mark.parametrize("quoted", QUOTED, ids=[f"{q.mode}:{q.message[:40]}" for q in QUOTED])
def test_quoted_message_names_its_failure_mode_and_rules(quoted: Quoted) -> None:
    answer = explain(quoted.message)

    assert answer.recognised, [s.id for s in answer.closest]
    assert quoted.mode in answer.failure_modes
    assert any(quoted.mode in cause.cause.modes for cause in answer.causes) or (
        answer.match is not None and quoted.mode in answer.match.signature.modes
    )
    assert set(quoted.codes) <= _codes(answer)


@pytest.mark.parametrize(
    ("message", "first_cause"),
    [
        ("503 5.5.1 Authentication Required", "missing-credentials"),
        ("535-5.7.8 Username and Password not accepted. Learn more at ...", "gmail-app-password"),
        ("[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000)",
         "implicit-tls-on-starttls-port"),
        ("SMTPServerDisconnected: Connection unexpectedly closed",
         "starttls-on-implicit-tls-port"),
        ("530 5.7.0 Must issue a STARTTLS command first", "starttls-off"),
        ("554 5.2.252 SendAsDenied; ...", "sender-not-owned"),
        ("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
         "Tenant", "microsoft-basic-auth"),
        ("534-5.7.9 Application-specific password required", "gmail-app-password"),
        ("Error: Greeting never received", "starttls-on-implicit-tls-port"),
        ("Error: connect ECONNREFUSED 127.0.0.1:587", "missing-host"),
        ("connect ETIMEDOUT 198.51.100.7:25", "blocked-port"),
        ("SMTP Error: Could not authenticate.", "wrong-credentials"),
        ("Failed to authenticate on SMTP server with username \"me@gmail.com\" using the "
         "following authenticators: \"LOGIN\", \"PLAIN\"", "gmail-app-password"),
        ('Expected response code "250" but got code "530", with message "530 5.7.1 '
         'Authentication required".', "missing-credentials"),
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate "
         "(_ssl.c:1006)", "certificate-untrusted"),
    ],
)  # fmt: skip
def test_common_pastes_put_the_likely_cause_first(message: str, first_cause: str) -> None:
    answer = explain(message)

    assert answer.causes[0].cause.id == first_cause


GMAIL = (
    "535-5.7.8 Username and Password not accepted. Learn more at\n"
    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1-20020a05 - gsmtp"
)


@pytest.mark.parametrize(
    "pasted",
    [
        GMAIL,
        "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted. "
        "Learn more at\\n5.7.8  https://support.google.com/mail/?p=BadCredentials a1 - gsmtp')",
        "2024-05-02 10:11:12,345 ERROR django.request: Internal Server Error: /signup\n"
        'Traceback (most recent call last):\n  File "/app/views.py", line 12, in signup\n'
        + GMAIL
        + "\n[pid 42] request finished",
        GMAIL.upper(),
        "   535-5.7.8   Username   and\tPassword\n\n  not   accepted.   ",
        "Error: Invalid login: 535-5.7.8 Username and Password not accepted. Learn more at\n"
        "535 5.7.8  https://support.google.com/mail/?p=BadCredentials - gsmtp\n"
        "    at SMTPConnection._formatError (node_modules/nodemailer/lib/smtp-connection/"
        "index.js:790:19) {\n  code: 'EAUTH',\n  responseCode: 535,\n  command: 'AUTH PLAIN'\n}",
        "535 5.7.8 something the catalogue has never seen",
    ],
    ids=["multi-line", "bytes-repr", "log", "upper-case", "whitespace", "nodemailer", "code"],
)
def test_pastes_are_matched_however_they_come(pasted: str) -> None:
    answer = explain(pasted)

    assert answer.match is not None
    assert answer.match.signature.id == "gmail-bad-credentials"
    assert answer.causes[0].cause.id == "gmail-app-password"
    assert answer.paste.reply is not None
    assert (answer.paste.reply.code, answer.paste.reply.enhanced) == (535, "5.7.8")


def test_a_continuation_line_is_read_as_one_reply() -> None:
    answer = explain(
        "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for\n"
        "535 5.7.139 the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information."
    )

    assert "disabled for the tenant" in answer.paste.text
    assert answer.causes[0].cause.id == "microsoft-basic-auth"


def test_a_port_in_the_text_is_not_taken_for_a_reply_code() -> None:
    answer = explain("Error: connect ECONNREFUSED 127.0.0.1:465 (port 554)")

    assert answer.paste.reply is None


def test_unknown_text_is_not_recognised_and_names_the_closest_replies() -> None:
    answer = explain("the printer is on fire")

    assert not answer.recognised
    assert answer.causes == ()
    assert len(answer.closest) == 3


def test_an_unknown_reply_close_to_a_known_one_lists_it_first() -> None:
    answer = explain("Username and Password were not accepted here")

    assert not answer.recognised
    assert answer.closest[0].id == "gmail-bad-credentials"


def test_rules_come_from_the_registry() -> None:
    answer = explain("SMTPServerDisconnected: Connection unexpectedly closed")
    first = answer.causes[0].rules[0]
    rule = get_rule("SL102")

    assert rule is not None
    assert (first.code, first.name, first.summary) == (rule.code, rule.name, rule.summary)


def test_each_cause_lists_every_format_s_settings() -> None:
    answer = explain("[SSL: WRONG_VERSION_NUMBER] wrong version number")
    settings = {fmt.id: keys for fmt, keys in answer.causes[0].settings}

    assert settings["django"] == ("EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_PORT")
    assert settings["flask"] == ("MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_PORT")
    assert settings["laravel"][:2] == ("MAIL_SCHEME", "MAIL_ENCRYPTION")
    assert "SMTP_SECURE" in settings["nodemailer"]
    assert settings["thunderbird"] == (
        "mail.smtpserver.<key>.try_ssl",
        "mail.smtpserver.<key>.port",
    )


def test_the_catalogue_names_only_registered_rules_and_uses_every_cause() -> None:
    used = {candidate.cause.id for sig in SIGNATURES for candidate in sig.causes}

    assert all(get_rule(code) is not None for cause in ALL_CAUSES for code in cause.rules)
    assert used == {cause.id for cause in ALL_CAUSES}
    assert len({sig.id for sig in SIGNATURES}) == len(SIGNATURES)


@pytest.mark.parametrize("signature", SIGNATURES, ids=[s.id for s in SIGNATURES])
def test_each_entry_s_examples_are_recognised_as_that_entry(signature: Signature) -> None:
    for example in signature.examples:
        answer = explain(example)
        assert answer.match is not None
        assert answer.match.signature is signature, example


# --- narrowed to a configuration file -----------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


DJANGO_465 = (
    "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\n"
    f"EMAIL_HOST_USER=me@gmail.com\nEMAIL_HOST_PASSWORD={PASSWORD}\nEMAIL_TIMEOUT=10\n"
    "DEFAULT_FROM_EMAIL=me@gmail.com\n"
)


def test_a_config_names_the_user_s_keys_and_the_cause_that_applies(tmp_path: Path) -> None:
    config, problems = load_user_config(_write(tmp_path, ".env", DJANGO_465))

    answer = explain("SMTPServerDisconnected: Connection unexpectedly closed", config)
    first = answer.causes[0]

    assert problems == []
    assert first.cause.id == "starttls-on-implicit-tls-port"
    assert first.verdict is not None
    assert first.verdict.status is Status.APPLIES
    assert first.verdict.statement == "your EMAIL_USE_TLS=True with EMAIL_PORT=465 is this: SL102"
    assert [f.code for f in first.verdict.findings] == ["SL102"]
    assert [fmt.id for fmt, _ in first.settings] == ["django"]


def test_causes_the_file_rules_out_come_last(tmp_path: Path) -> None:
    config, _ = load_user_config(_write(tmp_path, ".env", DJANGO_465))

    answer = explain("SMTPServerDisconnected: Connection unexpectedly closed", config)
    statuses = [c.verdict.status for c in answer.causes if c.verdict is not None]

    assert statuses == sorted(
        statuses, key=[Status.APPLIES, Status.NOT_VISIBLE, Status.NOT_SEEN].index
    )
    timeout = next(c for c in answer.causes if c.cause.id == "no-timeout")
    assert timeout.verdict is not None
    assert timeout.verdict.status is Status.NOT_SEEN
    assert timeout.verdict.settings == ("EMAIL_TIMEOUT=10",)


def test_a_password_is_never_shown(tmp_path: Path) -> None:
    path = _write(tmp_path, ".env", DJANGO_465)
    config, _ = load_user_config(path)

    answer = explain("535-5.7.8 Username and Password not accepted.", config)
    gmail = answer.causes[0]

    assert gmail.cause.id == "gmail-app-password"
    assert gmail.verdict is not None
    assert "EMAIL_HOST_PASSWORD (set, not shown)" in gmail.verdict.settings
    assert "EMAIL_HOST_USER=me@gmail.com" in gmail.verdict.settings
    for output_format in ("text", "json"):
        result = _cli("explain", "535 5.7.8 BadCredentials", str(path), "--format", output_format)
        assert result.returncode == 0
        assert PASSWORD not in result.stdout + result.stderr
        assert "EMAIL_HOST_PASSWORD" in result.stdout


def test_a_laravel_file_shows_the_key_laravel_ignores(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        ".env",
        "MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl\n"
        "MAIL_USERNAME=postmaster@mg.example.org\nMAIL_PASSWORD=${MAILGUN_SMTP_PASSWORD}\n"
        "MAIL_FROM_ADDRESS=app@mg.example.org\n",
    )
    config, _ = load_user_config(path)

    answer = explain("[SSL: WRONG_VERSION_NUMBER] wrong version number", config)
    laravel = next(c for c in answer.causes if c.cause.id == "laravel-scheme")

    assert laravel.verdict is not None
    assert laravel.verdict.status is Status.APPLIES
    assert any(s.startswith("MAIL_ENCRYPTION (not read") for s in laravel.verdict.settings)
    assert answer.causes[0] is laravel


def test_a_thunderbird_profile_narrows_to_its_prefs(tmp_path: Path) -> None:
    prefs = _write(
        tmp_path,
        "profile/prefs.js",
        'user_pref("mail.smtpservers", "smtp1");\n'
        'user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com");\n'
        'user_pref("mail.smtpserver.smtp1.port", 587);\n'
        'user_pref("mail.smtpserver.smtp1.try_ssl", 3);\n'
        'user_pref("mail.smtpserver.smtp1.username", "me@gmail.com");\n',
    )
    config, _ = load_user_config(prefs)

    answer = explain(THUNDERBIRD_SECURITY[3], config)
    first = answer.causes[0]

    assert first.cause.id == "thunderbird-security"
    assert first.verdict is not None
    assert first.verdict.status is Status.APPLIES
    assert "mail.smtpserver.smtp1.port=587" in first.verdict.statement
    assert [fmt.id for fmt, _ in first.settings] == ["thunderbird"]


# --- the command line ---------------------------------------------------------------------


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smtplint", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


def test_cli_explains_a_reply_in_text() -> None:
    result = _cli("explain", "530 5.7.0 Must issue a STARTTLS command first")

    assert result.returncode == 0, result.stderr
    assert "The server requires STARTTLS before anything else (530 5.7.0)" in result.stdout
    assert "1. STARTTLS is switched off" in result.stdout
    assert "Caught by SL304 auth-over-cleartext:" in result.stdout
    assert "Django: EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_PORT" in result.stdout
    assert "Thunderbird: mail.smtpserver.<key>.try_ssl" in result.stdout


def test_cli_reads_a_multi_line_paste_from_stdin() -> None:
    result = _cli("explain", "-", stdin=GMAIL + "\n")

    assert result.returncode == 0, result.stderr
    assert "Gmail refused the username and password (535 5.7.8)" in result.stdout


def test_cli_json_has_the_documented_shape(tmp_path: Path) -> None:
    path = _write(tmp_path, ".env", DJANGO_465)

    result = _cli("explain", "Error: Greeting never received", str(path), "--format", "json")
    document = json.loads(result.stdout)
    first = document["causes"][0]

    assert result.returncode == 0, result.stderr
    assert set(document) == {
        "schema_version", "recognised", "input", "reply", "match", "failure_modes", "causes",
        "also_matches", "closest", "config",
    }  # fmt: skip
    assert document["schema_version"] == 1
    assert document["recognised"] is True
    assert document["match"]["id"] == "disconnected-before-greeting"
    assert set(first) == {
        "id", "title", "explanation", "fix", "failure_modes", "rules", "settings", "in_config",
    }  # fmt: skip
    assert first["rules"][0]["code"] == "SL102"
    assert first["in_config"]["status"] == "applies"
    assert first["in_config"]["findings"][0]["line"] == 3
    assert document["config"]["configurations"][0]["family"] == "django"


def test_cli_unknown_text_exits_1_with_the_closest_matches() -> None:
    text = _cli("explain", "the printer is on fire")
    as_json = _cli("explain", "the printer is on fire", "--format", "json")
    document = json.loads(as_json.stdout)

    assert text.returncode == 1
    assert "does not recognise" in text.stdout
    assert "Closest known replies:" in text.stdout
    assert as_json.returncode == 1
    assert document["recognised"] is False
    assert document["causes"] == []
    assert len(document["closest"]) == 3


@pytest.mark.parametrize(
    "args",
    [
        ("explain", "   "),
        ("explain", "535 x", "no/such/file.env"),
        ("explain", "535", "--format", "xml"),
    ],
    ids=["empty", "missing-path", "bad-format"],
)
def test_cli_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = _cli(*args)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_importing_the_cli_does_not_import_the_explainer() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, smtplint.cli; print('smtplint.explain' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "False", result.stderr


def test_a_paste_with_two_known_errors_names_the_other_one() -> None:
    answer = explain(
        "530 5.7.0 Must issue a STARTTLS command first\n"
        "smtplib.SMTPServerDisconnected: Connection unexpectedly closed"
    )

    assert answer.match is not None
    assert answer.match.signature.id == "starttls-required"
    assert [s.id for s in answer.also] == ["disconnected-before-greeting"]


def test_a_password_in_a_pasted_url_is_not_echoed() -> None:
    answer = explain(
        "TypeError [ERR_INVALID_URL]: Invalid URL: "
        "smtps://AKIAEXAMPLE:wJalr/XUtn+FEMI@K7@email-smtp.eu-west-1.amazonaws.com:465"
    )

    assert answer.causes[0].cause.id == "url-credentials-encoding"
    for output in (render_text(answer), render_json(answer)):
        assert "wJalr" not in output
        assert "smtps://AKIAEXAMPLE:********@email-smtp.eu-west-1.amazonaws.com:465" in output
