"""Correct configurations the rule docs start from, and a way to write an example as one of
them with a few keys changed, so that each failing example shows only its mistake.
"""

from __future__ import annotations

# Gmail with implicit TLS in generic (Nodemailer-style) SMTP_* keys.
GMAIL_IMPLICIT_TLS = (
    "SMTP_HOST=smtp.gmail.com\n"
    "SMTP_PORT=465\n"
    "SMTP_SECURE=true\n"
    "SMTP_USER=jane.doe@gmail.com\n"
    "SMTP_PASS=${GMAIL_APP_PASSWORD}\n"
    "SMTP_FROM=jane.doe@gmail.com\n"
)

# Gmail with STARTTLS in Django's EMAIL_* keys, with a sender and a timeout.
GMAIL_DJANGO_STARTTLS = (
    "EMAIL_HOST=smtp.gmail.com\n"
    "EMAIL_PORT=587\n"
    "EMAIL_USE_TLS=True\n"
    "EMAIL_HOST_USER=jane.doe@gmail.com\n"
    "EMAIL_HOST_PASSWORD=${GMAIL_APP_PASSWORD}\n"
    "DEFAULT_FROM_EMAIL=jane.doe@gmail.com\n"
    "EMAIL_TIMEOUT=10\n"
)


def edited(example: str, **values: str | None) -> str:
    """``example`` (``KEY=value`` lines) with each named key set to its new value in place.

    None removes the key's line; a key the example does not have is added at the end.
    """
    lines = example.splitlines()
    keys = [line.split("=", 1)[0] for line in lines]
    kept = [
        line if key not in values else f"{key}={values[key]}"
        for key, line in zip(keys, lines, strict=True)
        if key not in values or values[key] is not None
    ]
    for key, value in values.items():
        if key in keys:
            continue
        if value is None:
            raise ValueError(f"{key} is not in the example, so it cannot be removed")
        kept.append(f"{key}={value}")
    return "".join(line + "\n" for line in kept)


# Gmail with implicit TLS as Thunderbird writes it in prefs.js (sorted, one pref a line).
THUNDERBIRD_GMAIL = (
    "// Mozilla User Preferences\n\n"
    'user_pref("mail.identity.id1.fullName", "Jane Doe");\n'
    'user_pref("mail.identity.id1.useremail", "jane.doe@gmail.com");\n'
    'user_pref("mail.smtp.defaultserver", "smtp1");\n'
    'user_pref("mail.smtpserver.smtp1.authMethod", 3);\n'
    'user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com");\n'
    'user_pref("mail.smtpserver.smtp1.port", 465);\n'
    'user_pref("mail.smtpserver.smtp1.try_ssl", 3);\n'
    'user_pref("mail.smtpserver.smtp1.username", "jane.doe@gmail.com");\n'
    'user_pref("mail.smtpservers", "smtp1");\n'
)


def pref_edited(example: str, name: str, value: str) -> str:
    """``example`` (a prefs.js text) with the value of pref ``name`` replaced by ``value``."""
    marker = f'user_pref("{name}", '
    assert marker in example, name
    lines = [
        f"{marker}{value});" if line.startswith(marker) else line
        for line in example.splitlines()
    ]
    return "\n".join(lines) + "\n"
