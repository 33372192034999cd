"""Each failure mode in the project's failure-mode catalogue that can show up in an env or
TOML file, written the way users write it, is caught by the rule meant for it.

The catalogue (ids FM01…FM24, with the server replies) is summarised in
docs/failure-modes.md; Python settings and Thunderbird profiles have their own tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from smtplint.api import check_text
from tests.builders import TODAY


@dataclass(frozen=True)
class Case:
    mode: str
    text: str
    expected: str
    filename: str = ".env"
    line: int | None = None


GMAIL_LOGIN = (
    "SMTP_USER=alerts@gmail.com\nSMTP_PASS=${GMAIL_APP_PASSWORD}\nSMTP_FROM=alerts@gmail.com\n"
)

CASES = [
    Case(
        "FM01 nodemailer secure on 587",
        "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=587\nSMTP_SECURE=true\n" + GMAIL_LOGIN,
        "SL101",
        line=3,
    ),
    Case(
        "FM01 Laravel smtps on 587",
        "MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587\nMAIL_SCHEME=smtps\n",
        "SL101",
        line=4,
    ),
    Case(
        "FM01 Django SSL on 587",
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=587\nEMAIL_USE_SSL=True\n",
        "SL101",
        line=3,
    ),
    Case(
        "FM01 TOML TLS on 587",
        '[smtp]\nhost = "smtp.gmail.com"\nport = 587\nsecurity = "tls"\n',
        "SL101",
        "config.toml",
        line=4,
    ),
    Case(
        "FM02 Django STARTTLS on 465",
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\n",
        "SL102",
        line=3,
    ),
    Case(
        "FM02 nodemailer secure=false on 465",
        "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=false\n" + GMAIL_LOGIN,
        "SL102",
        line=3,
    ),
    Case(
        "FM02 django-environ smtps URL on 465",
        "EMAIL_URL=smtps://alerts%40gmail.com:abcdabcdabcdabcd@smtp.gmail.com:465\n",
        "SL102",
        line=1,
    ),
    Case(
        "FM03 Gmail account password",
        "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=true\nSMTP_USER=alerts@gmail.com\nSMTP_PASS=Summer2024!\n",
        "SL306",
        line=5,
    ),
    Case(
        "FM04 sender not owned on Microsoft 365",
        "SMTP_HOST=smtp.office365.com\nSMTP_PORT=587\nSMTP_USER=app@contoso.com\nSMTP_PASS=${PW}\nSMTP_FROM=ceo@contoso.com\n",
        "SL404",
        line=5,
    ),
    Case(
        "FM05 password missing",
        "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=true\nSMTP_USER=alerts@gmail.com\nSMTP_FROM=alerts@gmail.com\n",
        "SL301",
    ),
    Case(
        "FM05 empty Django password",
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=587\nEMAIL_USE_TLS=True\nEMAIL_HOST_USER=alerts@gmail.com\nEMAIL_HOST_PASSWORD=\n",
        "SL301",
    ),
    Case(
        "FM06 Mailgun sandbox sender",
        "SMTP_HOST=smtp.mailgun.org\nSMTP_PORT=587\nSMTP_USER=postmaster@sandbox1234abcd.mailgun.org\nSMTP_PASS=${PW}\nSMTP_FROM=postmaster@sandbox1234abcd.mailgun.org\n",
        "SL404",
        line=5,
    ),
    Case(
        "FM07 unencoded slash in URL password",
        "EMAIL_URL=smtp+tls://AKIAIOSFODNN7EXAMPLE:abc/def+ghi@email-smtp.eu-west-1.amazonaws.com:587\n",
        "SL502",
        line=1,
    ),
    Case(
        "FM08 string boolean in a Flask TOML config",
        'MAIL_SERVER = "smtp.gmail.com"\nMAIL_PORT = 465\n'
        'MAIL_USE_SSL = true\nMAIL_USE_TLS = "False"\n',
        "SL103",
        "config.toml",
    ),
    Case(
        "FM09 Outlook.com password login",
        "SMTP_HOST=smtp-mail.outlook.com\nSMTP_PORT=587\nSMTP_USER=me@outlook.com\nSMTP_PASS=${PW}\nSMTP_FROM=me@outlook.com\n",
        "SL303",
    ),
    Case(
        "FM09 Microsoft 365 basic auth sunset",
        "SMTP_HOST=smtp.office365.com\nSMTP_PORT=587\nSMTP_USER=app@contoso.com\nSMTP_PASS=${PW}\nSMTP_FROM=app@contoso.com\n",
        "SL303",
    ),
    Case(
        "FM10 587 without STARTTLS",
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=587\nEMAIL_HOST_USER=alerts@gmail.com\nEMAIL_HOST_PASSWORD=${PW}\n",
        "SL304",
    ),
    Case(
        "FM11 IAM secret as SES password",
        "SMTP_HOST=email-smtp.us-east-1.amazonaws.com\nSMTP_PORT=587\nSMTP_USER=AKIAIOSFODNN7EXAMPLE\nSMTP_PASS=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYab\n",
        "SL306",
        line=4,
    ),
    Case(
        "FM11 SES username not an access key id",
        "SMTP_HOST=email-smtp.us-east-1.amazonaws.com\nSMTP_PORT=587\nSMTP_USER=billing@acme-widgets.com\nSMTP_PASS=${PW}\n",
        "SL302",
        line=3,
    ),
    Case(
        "FM12 AUTH against a mail catcher",
        "SMTP_HOST=mailpit\nSMTP_PORT=1025\nSMTP_USER=app\nSMTP_PASS=${PW}\n",
        "SL305",
    ),
    Case(
        "FM13 TLS to an IP address",
        "SMTP_HOST=203.0.113.25\nSMTP_PORT=465\nSMTP_SECURE=true\n",
        "SL207",
        line=1,
    ),
    Case(
        "FM14 SendGrid username not apikey",
        "SMTP_HOST=smtp.sendgrid.net\nSMTP_PORT=587\nSMTP_USER=ops@acme-widgets.com\nSMTP_PASS=${SENDGRID_API_KEY}\n",
        "SL302",
        line=3,
    ),
    Case(
        "FM15 Laravel MAIL_ENCRYPTION ignored",
        "MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587\nMAIL_ENCRYPTION=tls\n",
        "SL604",
        line=4,
    ),
    Case(
        "FM16 port 25 to an ESP",
        "SMTP_HOST=smtp.sendgrid.net\nSMTP_PORT=25\nSMTP_USER=apikey\nSMTP_PASS=${SENDGRID_API_KEY}\n",
        "SL109",
        line=2,
    ),
    Case(
        "FM17 misspelled Django key",
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=587\nEMAIL_USE_TSL=True\n",
        "SL604",
        line=3,
    ),
    Case(
        "FM18 both TLS flags",
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\nEMAIL_USE_SSL=True\n",
        "SL103",
    ),
    Case(
        "FM19 Django without a timeout",
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=465\nEMAIL_USE_SSL=True\n",
        "SL601",
    ),
    Case(
        "FM20 Django default sender",
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=465\nEMAIL_USE_SSL=True\n",
        "SL401",
    ),
    Case(
        "FM20 Laravel example sender",
        'MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587\nMAIL_FROM_ADDRESS="hello@example.com"\n',
        "SL403",
        line=4,
    ),
    Case(
        "FM22 certificate checks switched off",
        "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=true\nSMTP_TLS_REJECT_UNAUTHORIZED=false\n"
        + GMAIL_LOGIN,
        "SL108",
        line=4,
    ),
    Case(
        "FM23 smtps URL scheme",
        "EMAIL_URL=smtps://alerts%40gmail.com:abcdabcdabcdabcd@smtp.gmail.com:587\n",
        "SL603",
        line=1,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.mode for c in CASES])
def test_failure_mode_is_caught(case: Case) -> None:
    findings = check_text(case.text, case.filename, git_tracked=False, today=TODAY)
    matching = [f for f in findings if f.code == case.expected]
    assert matching, [f"{f.code} {f.message}" for f in findings]
    if case.line is not None:
        assert case.line in {f.span.line for f in matching}
