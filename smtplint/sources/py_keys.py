"""Mail setting names the library silently ignores: misspellings (``EMAIL_USE_TSL``),
another library's spelling (``EMAIL_HOST_USERNAME``, ``MAIL_HOST``) and lower-case names
(``email_port``), each with the name the library reads.

The known names and usual wrong spellings are the TOML source's (:mod:`toml_frameworks`),
so a Flask or Django key is judged the same whatever file it is written in.
"""

from __future__ import annotations

from collections.abc import Iterable

from smtplint.model import IgnoredKey
from smtplint.similarity import edit_distance
from smtplint.sources.py_values import Binding
from smtplint.sources.toml_frameworks import FRAMEWORKS, Framework
from smtplint.sources.toml_keys import misspelling_limit

DJANGO = next(f for f in FRAMEWORKS if f.family == "django")
FLASK = next(f for f in FRAMEWORKS if f.family == "flask")

# Read by Django but not modelled as SMTP settings; never reported.
_DJANGO_ALSO_READ = frozenset({"EMAIL_SSL_CERTFILE", "EMAIL_SSL_KEYFILE", "EMAIL_FILE_PATH",
                               "EMAIL_USE_LOCALTIME", "EMAIL_SUBJECT_PREFIX", "SERVER_EMAIL"})
_LABELS = {"django": "Django", "flask": "Flask-Mail"}


def ignored_keys(framework: Framework, bindings: Iterable[Binding]) -> tuple[IgnoredKey, ...]:
    """Names among ``bindings`` (written in this file) that ``framework`` does not read.

    Only names in the framework's namespace count (``EMAIL_``/``MAIL_`` and their lower-case
    forms), so other apps' settings (``ACCOUNT_EMAIL_VERIFICATION``) are left alone.
    """
    known = framework.known | (_DJANGO_ALSO_READ if framework is DJANGO else frozenset())
    found: list[IgnoredKey] = []
    for binding in bindings:
        key = binding.key
        if binding.key_span is None or key in known:
            continue
        reason, replacement = _why_ignored(framework, key, known)
        if reason is not None:
            found.append(IgnoredKey(key, binding.key_span, reason, replacement))
    return tuple(found)


def _why_ignored(
    framework: Framework, key: str, known: frozenset[str]
) -> tuple[str | None, str | None]:
    label = _LABELS[framework.family]
    alias = framework.aliases.get(key)
    if alias is not None:
        return f"{label} does not read {key}; it reads {alias}", alias
    if key.upper() in known and key != key.upper():
        what = "settings are" if framework is DJANGO else "config keys are"
        return f"{key} is not read: {label} {what} upper-case, {key.upper()}", key.upper()
    if key.startswith(framework.prefix):
        guess = _misspelled(key, known - framework.also_read - _DJANGO_ALSO_READ)
        if guess is not None:
            return f"{key} is not read; it looks like a misspelling of {guess}", guess
    return None, None


def _misspelled(key: str, candidates: frozenset[str]) -> str | None:
    """The nearest name; on a tie the one with the same letters (TSL is TLS, not SSL)."""
    matches = []
    for candidate in candidates:
        limit = misspelling_limit(candidate)
        distance = edit_distance(key, candidate, limit)
        if distance <= limit:
            matches.append((distance, sorted(key) != sorted(candidate), candidate))
    return min(matches)[2] if matches else None
