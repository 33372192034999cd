"""Where the probe finds the password for AUTH: the environment variable the configuration
references, the value written in the file, the keyring entry ``smtplint fix --secrets
keyring`` made, or a prompt. The password stays a :class:`Secret`; only where it came from
is ever shown."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from smtplint.model import Secret, Setting, SmtpConfig, ValueKind
from smtplint.probe.target import variable_of
from smtplint.records import record

Prompt = Callable[[str], str]


@record
class Password:
    secret: Secret
    source: str  # e.g. "environment variable SMTP_PASSWORD"


@record
class NoPassword:
    reason: str


def find_password(
    config: SmtpConfig,
    environ: Mapping[str, str],
    prompt: Prompt | None,
    prompt_text: str,
) -> Password | NoPassword:
    """The password the application would log in with. ``prompt`` (getpass) is asked only
    when nothing else holds one."""
    setting = config.password
    tried: list[str] = []
    if setting is not None and setting.kind is not ValueKind.DEFAULT:
        found = _from_setting(config.path, setting, environ, tried)
        if found is not None:
            return found
    else:
        tried.append("no password is configured")
    if prompt is not None:
        typed = prompt(prompt_text)
        if typed:
            return Password(Secret(typed), "the --ask-password prompt")
        tried.append("nothing was typed at the prompt")
    else:
        tried.append("--ask-password prompts for it")
    return NoPassword("; ".join(tried))


def _from_setting(
    path: Path, setting: Setting[Secret], environ: Mapping[str, str], tried: list[str]
) -> Password | None:
    variable = variable_of(setting)
    if variable is not None:
        value = environ.get(variable)
        if value:
            return Password(Secret(value), f"environment variable {variable}")
        tried.append(f"environment variable {variable} is {'empty' if value == '' else 'not set'}")
    if isinstance(setting.value, Secret):
        if setting.value:
            return Password(setting.value, f"{setting.key} in {path.name}")
        tried.append(f"{setting.key} is empty")
        return None
    store = setting.origin.reference
    if variable is None and store is not None:
        tried.append(f"the password is kept in {store}")
        return None
    return _from_keyring(setting.origin.path or path, setting.key, tried)


def _from_keyring(path: Path, key: str, tried: list[str]) -> Password | None:
    from smtplint.vault import entry_name, fetch

    entry = entry_name(path, key)
    try:
        secret = fetch(entry)
    except OSError as error:
        tried.append(f"the keyring could not be read ({error})")
        return None
    if secret is None or not secret:
        tried.append(f'the keyring has no entry "{entry}"')
        return None
    return Password(secret, f'keyring entry "{entry}"')
