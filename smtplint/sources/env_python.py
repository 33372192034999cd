"""The two security flags Django and Flask-Mail(man) share: ``*_USE_SSL`` and ``*_USE_TLS``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from smtplint.model import Security, Setting
from smtplint.sources.common import default_setting
from smtplint.sources.env_settings import Group, flag_of, unknown_security


def python_security(
    group: Group,
    stems: tuple[str, str],
    is_true: Callable[[str], bool],
    flags: list[Setting[Security]],
    plain: Setting[Security] | None = None,
) -> Setting[Security]:
    """An SSL flag (implicit TLS, ``stems[0]``) wins over a TLS flag (STARTTLS,
    ``stems[1]``); with neither true the connection stays plaintext, as ``plain`` says when
    given. True flags are appended to ``flags``."""
    unknown = written_off = None
    for stem, mode in zip(stems, (Security.TLS, Security.STARTTLS), strict=True):
        entry = group.get(stem)
        if entry is None:
            continue
        if entry.text is None:
            unknown = unknown or entry
        elif is_true(entry.text):
            flags.append(flag_of(entry, mode))
        elif written_off is None:
            written_off = flag_of(entry, Security.NONE)
    if unknown is not None and not flags:
        return unknown_security(unknown)
    if flags:
        return next((f for f in flags if f.value is Security.TLS), flags[0])
    return plain or written_off or default_setting(group.key(stems[1]), Security.NONE, "False")


def both_flags_note(flags: Sequence[Setting[Security]], consequence: str) -> str:
    """The start of an interpretation when both flags are true, else nothing."""
    if not {Security.TLS, Security.STARTTLS} <= {f.value for f in flags}:
        return ""
    keys = " and ".join(sorted(f.key for f in flags if f.value is not Security.OPPORTUNISTIC))
    return f"{keys} both set: {consequence}; read as implicit TLS, "
