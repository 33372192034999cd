"""The user profile that describes the loopback server, written where ``--profiles-dir`` reads.

User profiles rank above the built-in ones, so this profile, not the built-in local
development one, is what ``localhost`` matches: a submission server that requires a login,
with implicit TLS on one port and STARTTLS on the other (both picked at run time).
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.smtp_server import MailServer

PROFILE_ID = "e2e-loopback"

_PROFILE = """\
id = "{id}"
name = "Loopback submission server"
kind = "mailbox"
docs = "https://aiosmtpd.aio-libs.org/"
last_checked = 2026-01-01
notes = ["Started by the end-to-end tests on free loopback ports."]

[[hosts]]
name = "{host}"

[[ports]]
port = {implicit_tls_port}
security = "tls"
recommended = true

[[ports]]
port = {starttls_port}
security = "starttls"

[auth]
required = true
mechanisms = ["password"]

[username]
form = "address"

[sender]
policy = "login"
reply = "553 5.7.1 Sender address rejected: not owned by the authenticated user"

[[sources]]
url = "https://aiosmtpd.aio-libs.org/"
"""


def write_profile(folder: Path, server: MailServer) -> Path:
    path = folder / f"{PROFILE_ID}.toml"
    path.write_text(
        _PROFILE.format(
            id=PROFILE_ID,
            host=server.host,
            implicit_tls_port=server.implicit_tls_port,
            starttls_port=server.starttls_port,
        )
    )
    return path
