"""Ready-to-paste submission settings in each format smtplint reads.

The password is never a value: each format reads it at run time (an environment variable,
or Thunderbird's password manager).
"""

from __future__ import annotations

import json

from smtplint.records import record

PASSWORD_VARIABLE = "SMTP_PASSWORD"
TIMEOUT_SECONDS = 10


@record
class Settings:
    host: str
    port: int
    security: str  # "tls" (implicit TLS) or "starttls"; "none" only for a local relay
    username: str
    sender: str
    oauth2_only: bool = False


@record
class Snippet:
    name: str  # a short key: django, flask …
    title: str  # where the lines go
    filename: str  # a file name smtplint reads them from
    text: str


def snippets(settings: Settings) -> list[Snippet]:
    return [
        Snippet("django", "Django settings (settings.py)", "settings.py", django(settings)),
        Snippet("flask", "Flask config (Flask-Mail, config.py)", "config.py", flask(settings)),
        Snippet("laravel", "Laravel .env", ".env", laravel(settings)),
        Snippet("nodemailer", "Nodemailer .env (SMTP_*)", ".env", nodemailer(settings)),
        Snippet("env", "generic .env (library-neutral names)", ".env", generic_env(settings)),
        Snippet("toml", "TOML ([smtp] table)", "mail.toml", toml(settings)),
        Snippet("thunderbird", "Thunderbird (user.js)", "user.js", thunderbird(settings)),
    ]


def _py(value: str) -> str:
    return json.dumps(value)  # a double-quoted literal Python and TOML both read


def django(s: Settings) -> str:
    flag = "EMAIL_USE_SSL" if s.security == "tls" else "EMAIL_USE_TLS"
    lines = [
        "import os",
        "",
        'EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"',
        f"EMAIL_HOST = {_py(s.host)}",
        f"EMAIL_PORT = {s.port}",
    ]
    if s.security != "none":
        lines.append(f"{flag} = True")
    lines += [
        f"EMAIL_HOST_USER = {_py(s.username)}",
        'EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]',
        f"DEFAULT_FROM_EMAIL = {_py(s.sender)}",
        f"EMAIL_TIMEOUT = {TIMEOUT_SECONDS}",
    ]
    return "\n".join(lines) + "\n"


def flask(s: Settings) -> str:
    flag = "MAIL_USE_SSL" if s.security == "tls" else "MAIL_USE_TLS"
    lines = ["import os", "", f"MAIL_SERVER = {_py(s.host)}", f"MAIL_PORT = {s.port}"]
    if s.security != "none":
        lines.append(f"{flag} = True")
    lines += [
        f"MAIL_USERNAME = {_py(s.username)}",
        'MAIL_PASSWORD = os.environ["MAIL_PASSWORD"]',
        f"MAIL_DEFAULT_SENDER = {_py(s.sender)}",
        f"MAIL_TIMEOUT = {TIMEOUT_SECONDS}",
    ]
    return "\n".join(lines) + "\n"


def laravel(s: Settings) -> str:
    scheme = "smtps" if s.security == "tls" else "smtp"
    return (
        "MAIL_MAILER=smtp\n"
        f"MAIL_SCHEME={scheme}\n"
        f"MAIL_HOST={s.host}\n"
        f"MAIL_PORT={s.port}\n"
        f"MAIL_USERNAME={s.username}\n"
        f"MAIL_PASSWORD=${{{PASSWORD_VARIABLE}}}\n"
        f"MAIL_FROM_ADDRESS={s.sender}\n"
    )


def nodemailer(s: Settings) -> str:
    lines = [f"SMTP_HOST={s.host}", f"SMTP_PORT={s.port}"]
    lines.append(f"SMTP_SECURE={'true' if s.security == 'tls' else 'false'}")
    if s.security == "starttls":
        lines.append("SMTP_REQUIRE_TLS=true")
    lines += [
        f"SMTP_USER={s.username}",
        f"SMTP_PASS=${{{PASSWORD_VARIABLE}}}",
        f"SMTP_FROM={s.sender}",
    ]
    return "\n".join(lines) + "\n"


def generic_env(s: Settings) -> str:
    return (
        f"MAIL_SUBMISSION_HOST={s.host}\n"
        f"MAIL_SUBMISSION_PORT={s.port}\n"
        f"MAIL_SUBMISSION_SECURITY={s.security}\n"
        f"MAIL_SUBMISSION_USERNAME={s.username}\n"
        f"MAIL_SUBMISSION_PASSWORD=${{{PASSWORD_VARIABLE}}}\n"
        f"MAIL_SUBMISSION_FROM={s.sender}\n"
    )


def toml(s: Settings) -> str:
    return (
        "[smtp]\n"
        f"host = {_py(s.host)}\n"
        f"port = {s.port}\n"
        f"{_TOML_FLAG[s.security]}\n"
        f"username = {_py(s.username)}\n"
        f'password = "${{{PASSWORD_VARIABLE}}}"\n'
        f"from = {_py(s.sender)}\n"
        f"timeout = {TIMEOUT_SECONDS}\n"
    )


# Unambiguous switches: "security" and "tls" keys mean different things to different apps.
_TOML_FLAG = {
    "tls": "implicit_tls = true",
    "starttls": "starttls = true",
    "none": "starttls = false",
}

# Thunderbird's try_ssl: 2 STARTTLS, 3 SSL/TLS; authMethod: 3 normal password, 10 OAuth2.
_TRY_SSL = {"tls": 3, "starttls": 2, "none": 0}


def thunderbird(s: Settings) -> str:
    server = "mail.smtpserver.smtp1"
    auth = 10 if s.oauth2_only else 3
    lines = [
        f'user_pref("mail.identity.id1.useremail", {_py(s.sender)});',
        'user_pref("mail.identity.id1.smtpServer", "smtp1");',
        'user_pref("mail.smtp.defaultserver", "smtp1");',
        f'user_pref("{server}.authMethod", {auth});',
        f'user_pref("{server}.hostname", {_py(s.host)});',
        f'user_pref("{server}.port", {s.port});',
        f'user_pref("{server}.try_ssl", {_TRY_SSL[s.security]});',
        f'user_pref("{server}.username", {_py(s.username)});',
        'user_pref("mail.smtpservers", "smtp1");',
        "// Thunderbird asks for the password on the first send and keeps it in its",
        "// password manager; it is never written here.",
    ]
    return "\n".join(lines) + "\n"
