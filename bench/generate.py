"""Deterministic benchmark inputs: trees of ordinary files with a share of SMTP settings.

Every file comes from a seeded generator, so two runs (and two machines) measure the same
bytes. SMTP files are spread over the five formats smtplint reads: env files, TOML, Django
settings, Flask config and Thunderbird profiles; the ordinary files are the ``.py``,
``.toml``, ``.env`` and ``.js`` files a monorepo is full of.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

Writer = Callable[[random.Random, Path, bool], None]


def _django(rng: random.Random, folder: Path, broken: bool) -> None:
    port, tls = (465, "True") if broken else (587, "True")
    (folder / "settings.py").write_text(
        '"""Django settings."""\n'
        "import os\n\n"
        f"DEBUG = {rng.choice(['True', 'False'])}\n"
        f'ALLOWED_HOSTS = ["app{rng.randrange(1000)}.example.net"]\n'
        'EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"\n'
        'EMAIL_HOST = "smtp.gmail.com"\n'
        f"EMAIL_PORT = {port}\n"
        f"EMAIL_USE_TLS = {tls}\n"
        f'EMAIL_HOST_USER = "team{rng.randrange(1000)}@gmail.com"\n'
        'EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")\n'
        f'DEFAULT_FROM_EMAIL = "team{rng.randrange(1000)}@gmail.com"\n'
        "EMAIL_TIMEOUT = 10\n",
        encoding="utf-8",
    )


def _flask(rng: random.Random, folder: Path, broken: bool) -> None:
    ssl = "True" if broken else "False"
    (folder / "config.py").write_text(
        "import os\n\n\nclass Config:\n"
        f'    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-{rng.randrange(10**6)}")\n'
        '    MAIL_SERVER = "smtp.office365.com"\n'
        "    MAIL_PORT = 587\n"
        "    MAIL_USE_TLS = True\n"
        f"    MAIL_USE_SSL = {ssl}\n"
        f'    MAIL_USERNAME = "ops{rng.randrange(1000)}@contoso.com"\n'
        '    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")\n'
        f'    MAIL_DEFAULT_SENDER = "ops{rng.randrange(1000)}@contoso.com"\n',
        encoding="utf-8",
    )


def _laravel(rng: random.Random, folder: Path, broken: bool) -> None:
    scheme = "smtps" if broken else "smtp"
    (folder / ".env").write_text(
        f"APP_NAME=App{rng.randrange(1000)}\nAPP_ENV=production\n\n"
        "MAIL_MAILER=smtp\nMAIL_HOST=smtp.sendgrid.net\nMAIL_PORT=587\n"
        f"MAIL_SCHEME={scheme}\nMAIL_USERNAME=apikey\nMAIL_PASSWORD=${{SENDGRID_KEY}}\n"
        f'MAIL_FROM_ADDRESS="billing{rng.randrange(1000)}@acme.io"\nMAIL_FROM_NAME="${{APP_NAME}}"\n',
        encoding="utf-8",
    )


def _toml(rng: random.Random, folder: Path, broken: bool) -> None:
    security = "tls" if broken else "starttls"
    (folder / "mail.toml").write_text(
        f"# notifier {rng.randrange(1000)}\n[smtp]\n"
        'host = "smtp.fastmail.com"\nport = 587\n'
        f'security = "{security}"\n'
        f'username = "alerts{rng.randrange(1000)}@fastmail.com"\n'
        'password = "${FASTMAIL_APP_PASSWORD}"\n'
        f'from = "alerts{rng.randrange(1000)}@fastmail.com"\ntimeout = 10\n',
        encoding="utf-8",
    )


def _thunderbird(rng: random.Random, folder: Path, broken: bool) -> None:
    try_ssl = 2 if broken else 3
    (folder / "prefs.js").write_text(
        "// Mozilla User Preferences\n\n"
        'user_pref("mail.identity.id1.smtpServer", "smtp1");\n'
        f'user_pref("mail.identity.id1.useremail", "user{rng.randrange(1000)}@gmail.com");\n'
        'user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com");\n'
        'user_pref("mail.smtpserver.smtp1.port", 465);\n'
        f'user_pref("mail.smtpserver.smtp1.try_ssl", {try_ssl});\n'
        'user_pref("mail.smtpserver.smtp1.authMethod", 10);\n'
        f'user_pref("mail.smtpserver.smtp1.username", "user{rng.randrange(1000)}@gmail.com");\n'
        'user_pref("mail.smtpservers", "smtp1");\n',
        encoding="utf-8",
    )


SMTP_WRITERS: tuple[Writer, ...] = (_django, _flask, _laravel, _toml, _thunderbird)

_WORDS = ("alpha", "beta", "cache", "queue", "worker", "render", "parse", "route", "index")


def _ordinary(rng: random.Random, folder: Path, index: int) -> None:
    """One file of the kind every repository holds, with no SMTP settings."""
    kind = index % 4
    word = rng.choice(_WORDS)
    if kind == 0:
        body = "".join(
            f"def {word}_{n}(value: int) -> int:\n    return value * {rng.randrange(99)}\n\n"
            for n in range(rng.randrange(5, 40))
        )
        (folder / f"{word}_{index}.py").write_text(body, encoding="utf-8")
    elif kind == 1:
        body = "".join(
            f'{word}_{n} = "{rng.randrange(10**6)}"\n' for n in range(rng.randrange(5, 30))
        )
        (folder / f"{word}_{index}.toml").write_text(f"[tool.{word}]\n{body}", encoding="utf-8")
    elif kind == 2:
        body = "".join(
            f"{word.upper()}_{n}={rng.randrange(10**6)}\n" for n in range(rng.randrange(3, 20))
        )
        (folder / f"{word}_{index}.env").write_text(body, encoding="utf-8")
    else:
        body = "".join(
            f"export function {word}{n}(x) {{ return x + {rng.randrange(99)}; }}\n"
            for n in range(rng.randrange(5, 40))
        )
        (folder / f"{word}_{index}.js").write_text(body, encoding="utf-8")


def make_tree(
    root: Path, files: int, smtp_share: float, *, seed: int = 2026, broken: bool = False
) -> int:
    """Write ``files`` files under ``root``, ``smtp_share`` of them holding SMTP settings;
    return how many hold them. Folders hold at most 50 files, as in real projects."""
    rng = random.Random(seed)
    smtp_files = round(files * smtp_share)
    every = files / smtp_files if smtp_files else float("inf")
    written_smtp = 0
    for index in range(files):
        folder = root / f"pkg{index // 50:04d}" / f"mod{index % 50 // 10}"
        folder.mkdir(parents=True, exist_ok=True)
        if written_smtp < smtp_files and index >= written_smtp * every:
            app = folder / f"app{index}"
            app.mkdir()
            SMTP_WRITERS[written_smtp % len(SMTP_WRITERS)](rng, app, broken)
            written_smtp += 1
        else:
            _ordinary(rng, folder, index)
    return written_smtp
