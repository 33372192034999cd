"""The system keyring as the place ``fix --secrets keyring`` moves plaintext passwords to.

Each password is one keyring entry: service ``smtplint``, entry (the keyring "username")
``<absolute resolved path of the file>:<KEY>``, holding exactly the password, so that
``keyring get smtplint '/srv/app/.env:MAIL_PASSWORD'`` prints it. The file keeps a reference to
an environment variable and a one-line note naming the entry, which ``smtplint secrets
restore`` reads back (:func:`find_notes`).

``keyring`` is imported only when a password is stored, read or deleted.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from smtplint.model import EnvironmentReference, Secret, Unfixable, hide_secrets
from smtplint.records import record

SERVICE = "smtplint"
_NOTE = re.compile(
    r"smtplint:[^\r\n]*?system keyring \(service \"(?P<service>[^\"\r\n]*)\", "
    r"entry \"(?P<entry>[^\"\r\n]*)\"\)[^\r\n]*"
)
_NOT_A_NAME = re.compile(r"[^A-Za-z0-9_]")
_SETUP = (
    "install a keyring backend (Secret Service with GNOME Keyring or KWallet, macOS "
    "Keychain, Windows Credential Locker) or choose one with PYTHON_KEYRING_BACKEND or a "
    "keyringrc.cfg; `keyring --list-backends` lists the usable ones"
)


@record
class Note:
    """A note left beside a moved password: where it is in the file and which entry holds it."""

    start: int  # offsets of the note text in the file's text, from ``smtplint:`` to line end
    end: int
    service: str
    entry: str

    @property
    def key(self) -> str:
        return self.entry.rpartition(":")[2]

    @property
    def variable(self) -> str:
        return variable_for(self.key)


class KeyringVault:
    """The :class:`smtplint.fixer.SecretMover` that stores passwords in the system keyring."""

    def reference_for(self, path: Path, key: str) -> EnvironmentReference:
        entry = entry_name(path, key)
        if any(char in entry for char in '"\r\n'):
            raise Unfixable("the file's path holds a character the note cannot quote")
        restore = shlex.quote(Path(path).name)
        note = (
            f'smtplint: {key} is in the system keyring (service "{SERVICE}", entry "{entry}"); '
            f"restore with: smtplint secrets restore {restore}"
        )
        return EnvironmentReference(variable_for(key), note)

    def store(self, path: Path, key: str, secret: Secret) -> None:
        entry = entry_name(path, key)
        problem: str | None = None
        try:
            keyring = _keyring()
            keyring.set_password(SERVICE, entry, secret.reveal())
            if keyring.get_password(SERVICE, entry) != secret.reveal():
                problem = (
                    f"the keyring backend {_backend_name()} did not give back the password "
                    f'stored as entry "{entry}"'
                )
        except Exception as error:  # any backend may fail in its own way
            problem = _failure(error, "store", entry, secret)
        if problem is not None:
            raise OSError(problem)


def entry_name(path: Path, key: str) -> str:
    return f"{Path(path).resolve()}:{key}"


def variable_for(key: str) -> str:
    """The environment variable a moved password is read from: the key itself when it is a
    valid name."""
    name = _NOT_A_NAME.sub("_", key)
    return f"_{name}" if name[:1].isdigit() else name


def find_notes(text: str) -> Iterator[Note]:
    for match in _NOTE.finditer(text):
        yield Note(match.start(), match.end(), match["service"], match["entry"])


def fetch(entry: str, service: str = SERVICE) -> Secret | None:
    """The password stored as ``entry``, or None when there is none; OSError when the
    keyring cannot be read."""
    problem: str | None = None
    try:
        found = _keyring().get_password(service, entry)
    except Exception as error:  # any backend may fail in its own way
        problem = _failure(error, "read", entry)
    if problem is not None:
        raise OSError(problem)
    return None if found is None else Secret(found)


def forget(entry: str, service: str = SERVICE) -> None:
    """Delete the entry; OSError when it cannot be deleted (a missing one included)."""
    problem: str | None = None
    try:
        _keyring().delete_password(service, entry)
    except Exception as error:  # any backend may fail in its own way
        problem = _failure(error, "delete", entry)
    if problem is not None:
        raise OSError(problem)


def _keyring() -> ModuleType:
    import keyring

    return keyring


def _backend_name() -> str:
    try:
        backend = _keyring().get_keyring()
    except Exception:  # the backend named in the configuration does not load
        return "(none loaded)"
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def _failure(error: Exception, action: str, entry: str, secret: Secret | None = None) -> str:
    """What went wrong, in one line that never holds the password."""
    from keyring.errors import NoKeyringError, PasswordDeleteError

    backend = _backend_name()
    if isinstance(error, NoKeyringError) or backend == "keyring.backends.fail.Keyring":
        return f"no usable system keyring (backend {backend}): {_SETUP}"
    if isinstance(error, PasswordDeleteError):
        return f'the keyring has no entry "{entry}" to delete (backend {backend})'
    detail = str(error)
    if secret is not None and secret:
        detail = hide_secrets(detail, [secret.reveal()])
    reason = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return f'cannot {action} keyring entry "{entry}" (backend {backend}): {reason}'
