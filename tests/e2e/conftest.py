"""One mail server and one profile folder for the whole end-to-end run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.loopback_profile import write_profile
from tests.e2e.smtp_server import MailServer, running_mail_server


@pytest.fixture(scope="session")
def mail_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailServer]:
    with running_mail_server(tmp_path_factory.mktemp("mail-server")) as server:
        yield server


@pytest.fixture(scope="session")
def profiles_dir(mail_server: MailServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("profiles")
    write_profile(folder, mail_server)
    return folder


@pytest.fixture()
def server(mail_server: MailServer) -> MailServer:
    """The running server with nothing delivered yet."""
    mail_server.recorder.clear()
    return mail_server
