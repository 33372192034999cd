"""The parts of a configuration a cause involves, and each supported format's keys for them."""

from __future__ import annotations

import enum

from smtplint.records import record


class Part(enum.Enum):
    HOST = "host"
    PORT = "port"
    SECURITY = "security"
    USERNAME = "username"
    PASSWORD = "password"
    SENDER = "sender"
    TIMEOUT = "timeout"
    VERIFY = "verify"
    AUTH_METHOD = "auth method"
    URL = "url"
    IGNORED = "ignored keys"  # keys the library does not read; only a real file has them


@record
class Format:
    id: str
    label: str
    keys: dict[Part, tuple[str, ...]]


_TB_SERVER = "mail.smtpserver.<key>."

FORMATS: tuple[Format, ...] = (
    Format(
        "django",
        "Django",
        {
            Part.HOST: ("EMAIL_HOST",),
            Part.PORT: ("EMAIL_PORT",),
            Part.SECURITY: ("EMAIL_USE_TLS", "EMAIL_USE_SSL"),
            Part.USERNAME: ("EMAIL_HOST_USER",),
            Part.PASSWORD: ("EMAIL_HOST_PASSWORD",),
            Part.SENDER: ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL"),
            Part.TIMEOUT: ("EMAIL_TIMEOUT",),
            Part.URL: ("EMAIL_URL",),
        },
    ),
    Format(
        "flask",
        "Flask",
        {
            Part.HOST: ("MAIL_SERVER",),
            Part.PORT: ("MAIL_PORT",),
            Part.SECURITY: ("MAIL_USE_TLS", "MAIL_USE_SSL"),
            Part.USERNAME: ("MAIL_USERNAME",),
            Part.PASSWORD: ("MAIL_PASSWORD",),
            Part.SENDER: ("MAIL_DEFAULT_SENDER",),
            Part.TIMEOUT: ("MAIL_TIMEOUT",),
        },
    ),
    Format(
        "laravel",
        "Laravel",
        {
            Part.HOST: ("MAIL_HOST",),
            Part.PORT: ("MAIL_PORT",),
            Part.SECURITY: ("MAIL_SCHEME", "MAIL_ENCRYPTION"),
            Part.USERNAME: ("MAIL_USERNAME",),
            Part.PASSWORD: ("MAIL_PASSWORD",),
            Part.SENDER: ("MAIL_FROM_ADDRESS",),
            Part.TIMEOUT: ("'timeout' of the smtp mailer in config/mail.php",),
            Part.VERIFY: ("MAIL_URL ?verify_peer=",),
            Part.URL: ("MAIL_URL",),
        },
    ),
    Format(
        "nodemailer",
        "Nodemailer",
        {
            Part.HOST: ("SMTP_HOST",),
            Part.PORT: ("SMTP_PORT",),
            Part.SECURITY: ("SMTP_SECURE", "SMTP_REQUIRE_TLS", "SMTP_IGNORE_TLS"),
            Part.USERNAME: ("SMTP_USER",),
            Part.PASSWORD: ("SMTP_PASS",),
            Part.SENDER: ("SMTP_FROM",),
            Part.TIMEOUT: ("SMTP_TIMEOUT",),
            Part.VERIFY: ("SMTP_TLS_REJECT_UNAUTHORIZED",),
            Part.URL: ("SMTP_URL",),
        },
    ),
    Format(
        "thunderbird",
        "Thunderbird",
        {
            Part.HOST: (_TB_SERVER + "hostname",),
            Part.PORT: (_TB_SERVER + "port",),
            Part.SECURITY: (_TB_SERVER + "try_ssl",),
            Part.USERNAME: (_TB_SERVER + "username",),
            Part.PASSWORD: ("the password saved in Thunderbird's password manager",),
            Part.SENDER: ("mail.identity.<id>.useremail",),
            Part.AUTH_METHOD: (_TB_SERVER + "authMethod",),
        },
    ),
)

# smtplint's configuration families, by the format whose keys they use.
_FAMILY_FORMAT = {
    "django": "django",
    "flask": "flask",
    "laravel": "laravel",
    "nodemailer": "nodemailer",
    "thunderbird": "thunderbird",
}


def format_of_family(family: str) -> Format | None:
    wanted = _FAMILY_FORMAT.get(family)
    return next((f for f in FORMATS if f.id == wanted), None)


def keys_for(parts: tuple[Part, ...], fmt: Format) -> tuple[str, ...]:
    """The format's keys for the parts, in order, each once."""
    keys: list[str] = []
    for part in parts:
        for key in fmt.keys.get(part, ()):
            if key not in keys:
                keys.append(key)
    return tuple(keys)
