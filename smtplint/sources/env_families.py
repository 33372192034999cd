"""Group the keys of an env file into SMTP configurations, each read by its library's family.

An env file names SMTP settings after the library that reads them: ``SMTP_*`` for most Node
apps (Nodemailer semantics), ``EMAIL_*`` for Django or Node, ``MAIL_*`` for Laravel or
Flask-Mail, plus URL forms. Keys are grouped by prefix and namespace (``SMTP_``,
``SENTRY_EMAIL_`` …); the family whose marker keys weigh most reads each group that holds
SMTP settings into one :class:`SmtpConfig`. Keys a configuration does not read are reported
when another family of the namespace reads them or when they look misspelled.

Modelling choices (documented here because rules rely on them):

- A key written but unset (a bare ``KEY``, Laravel ``null``/``(null)``) counts as absent;
  where the library has a default, the default Setting points at that line.
- A ``*_URL`` key wins over the separate keys for the parts it spells out.
- Security flags hold every key that asked for a mode with a true value (or a scheme that
  implies one); ``security`` is the mode the library will actually use.
- A timeout the library leaves unset, so that it waits forever, is a DEFAULT setting with
  value None and ``raw`` "none", keyed by the setting that would change it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from smtplint.model import IgnoredKey, SmtpConfig
from smtplint.records import record
from smtplint.similarity import edit_distance
from smtplint.sources import env_django, env_flask, env_laravel, env_nodemailer
from smtplint.sources.env_settings import NO_HINTS, EnvEntry, Family, Group, ProjectHints

# Within a namespace, ties between families go to the first listed.
FAMILIES: tuple[Family, ...] = (
    env_nodemailer.SMTP_FAMILY,
    env_django.FAMILY,
    env_nodemailer.EMAIL_FAMILY,
    env_laravel.FAMILY,
    env_flask.FAMILY,
)

# Keys that share a namespace with SMTP settings but mean other things; never reported as
# misspellings.
_OTHER_KNOWN_STEMS = frozenset(
    {
        "MAIL_FROM_NAME",
        "MAIL_LOG_CHANNEL",
        "MAIL_EHLO_DOMAIN",
        "MAIL_MARKDOWN_THEME",
        "MAIL_DEBUG",
        "MAIL_MAX_EMAILS",
        "MAIL_SUPPRESS_SEND",
        "MAIL_ASCII_ATTACHMENTS",
        "MAIL_SSL_KEYFILE",
        "MAIL_SSL_CERTFILE",
        "MAIL_USE_LOCALTIME",
        "MAIL_FILE_PATH",
        "MAIL_DEFAULT_CHARSET",
        "MAIL_SEND_OPTIONS",
        "MAIL_REPLY_TO",
        "MAIL_TO",
        "EMAIL_SUBJECT_PREFIX",
        "EMAIL_USE_LOCALTIME",
        "EMAIL_SSL_CERTFILE",
        "EMAIL_SSL_KEYFILE",
        "EMAIL_FILE_PATH",
        "EMAIL_FROM_NAME",
        "EMAIL_VERIFICATION",
        "EMAIL_TO",
        "EMAIL_REPLY_TO",
        "SMTP_FROM_NAME",
        "SMTP_SENDER_NAME",
        "SMTP_NAME",
        "SMTP_TO",
        "SMTP_REPLY_TO",
    }
)

KNOWN_STEMS = _OTHER_KNOWN_STEMS.union(
    *(f.reads for f in FAMILIES), *(f.markers for f in FAMILIES), *(f.aliases for f in FAMILIES)
)


# --- key names ----------------------------------------------------------------------------

NAMESPACES = ("SMTP", "EMAIL", "MAIL")
_EMAIL_SPECIAL_STEMS = ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL")


@record
class KeyName:
    prefix: str  # "" or ends with "_", e.g. "SENTRY_"
    namespace: str  # "SMTP", "EMAIL" or "MAIL"
    stem: str  # the key without its prefix, e.g. "EMAIL_HOST_USER"


def split_key(key: str) -> KeyName | None:
    """Where a key's namespace starts: ``APP_SMTP_HOST`` → ``APP_`` + ``SMTP_HOST``."""
    for special in _EMAIL_SPECIAL_STEMS:
        if key == special or key.endswith("_" + special):
            return KeyName(key[: len(key) - len(special)], "EMAIL", special)
    tokens = key.split("_")
    names = [
        KeyName("_".join(tokens[:index]) + ("_" if index else ""), token, "_".join(tokens[index:]))
        for index, token in enumerate(tokens[:-1])
        if token in NAMESPACES and all(tokens[index + 1 :])
    ]
    # EMAIL_SMTP_HOST is SMTP_HOST with the prefix EMAIL_: prefer a stem some family knows
    return next((n for n in names if n.stem in KNOWN_STEMS), names[0] if names else None)


def choose_family(namespace: str, stems: Iterable[str]) -> Family:
    """The family of a namespace whose marker keys weigh most; ties go to the first listed."""
    present = set(stems)
    candidates = [f for f in FAMILIES if f.namespace == namespace]
    return max(candidates, key=lambda f: sum(w for s, w in f.markers.items() if s in present))


# --- configurations ---------------------------------------------------------------------------


@record(frozen=False)
class _Built:
    group: Group
    family: Family
    config: SmtpConfig
    ignored: list[IgnoredKey]  # found after the family built the configuration


def build_configs(
    path: Path, entries: Sequence[EnvEntry], hints: ProjectHints = NO_HINTS
) -> list[SmtpConfig]:
    """Every SMTP configuration the entries of one file describe, in file order."""
    groups = _group(entries)
    families = {id(g): choose_family(g.namespace, g.entries) for g in groups}
    _claim_senders(groups, families)
    built: list[_Built] = []
    leftovers: list[EnvEntry] = [e for e in entries if split_key(e.key) is None]
    for group in groups:
        family = families[id(group)]
        if not _is_config(group, family):
            leftovers.extend(group.entries.values())
            continue
        ignored = _alias_ignored(group, family)
        config = family.build(group, path, hints)
        consumed = family.reads | family.aliases.keys()
        leftovers.extend(e for s, e in group.entries.items() if s not in consumed)
        built.append(_Built(group, family, config, ignored))
    for entry in leftovers:
        _report_misspelling(entry, built)
    configs = [
        b.config.with_changes(ignored_keys=b.config.ignored_keys + tuple(b.ignored)) for b in built
    ]
    return sorted(configs, key=lambda c: c.anchor)


def _group(entries: Sequence[EnvEntry]) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for entry in entries:
        name = split_key(entry.key)
        if name is None:
            continue
        group = groups.setdefault(
            (name.prefix, name.namespace), Group(name.prefix, name.namespace, {})
        )
        group.entries.pop(name.stem, None)  # a later assignment wins, as in python-dotenv
        group.entries[name.stem] = entry
    return list(groups.values())


def _claim_senders(groups: list[Group], families: dict[int, Family]) -> None:
    """``MAIL_FROM``/``EMAIL_FROM`` beside ``SMTP_*`` keys name the SMTP sender, unless the
    family of their own namespace reads them."""
    by_key = {(g.prefix, g.namespace): g for g in groups}
    for group in groups:
        if group.namespace != "SMTP":
            continue
        for namespace, stem in (("MAIL", "MAIL_FROM"), ("EMAIL", "EMAIL_FROM")):
            other = by_key.get((group.prefix, namespace))
            if other is None or stem not in other.entries:
                continue
            if _is_config(other, families[id(other)]) and stem in families[id(other)].reads:
                continue
            group.entries[stem] = other.entries.pop(stem)


def _is_config(group: Group, family: Family) -> bool:
    present = set(group.entries)
    if present & family.core:
        return True
    return len((present & family.reads) - family.senders) >= 2


# --- keys a configuration does not read -------------------------------------------------------


def _alias_ignored(group: Group, family: Family) -> list[IgnoredKey]:
    """Keys another family of the namespace uses. Prefixed groups belong to an app that maps
    keys itself, so there an alias stands in for the key the family reads."""
    ignored = []
    for stem, (replacement, same_meaning) in family.aliases.items():
        entry = group.entries.get(stem)
        if entry is None:
            continue
        if group.prefix and same_meaning and replacement not in group.entries:
            group.entries[replacement] = entry
            continue
        if group.prefix:
            continue
        reason = f"{family.label} does not read {entry.key}; it reads {group.key(replacement)}"
        ignored.append(IgnoredKey(entry.key, entry.key_span, reason, group.key(replacement)))
    return ignored


def _report_misspelling(entry: EnvEntry, built: list[_Built]) -> None:
    """A key close to one a configuration of this file reads (SMTP_PASWORD, EMAIL_USE_TSL)."""
    key = entry.key.upper()
    name = split_key(key)
    if entry.key == key and name is not None and name.stem in KNOWN_STEMS:
        return
    readers: dict[str, _Built] = {}  # key → the first configuration that reads it
    for candidate_of in built:
        for stem in candidate_of.family.reads:
            readers.setdefault(candidate_of.group.key(stem), candidate_of)
    matches = [
        # on a tie, a candidate with the same letters (TSL → TLS) is the likelier one
        (distance, sorted(key) != sorted(candidate), candidate)
        for candidate in readers
        if (distance := _misspelling_distance(key, candidate)) is not None
    ]
    if not matches:
        return
    distance, _, candidate = min(matches)
    label = readers[candidate].family.label
    reason = (
        f"{label} reads {candidate}; {entry.key} differs in letter case"
        if distance == 0
        else f"{entry.key} is not a key {label} reads; did you mean {candidate}?"
    )
    readers[candidate].ignored.append(IgnoredKey(entry.key, entry.key_span, reason, candidate))


def _misspelling_distance(key: str, candidate: str) -> int | None:
    """How many edits make ``key`` the candidate, if few enough to be a slip of the hand."""
    allowed = 2 if len(candidate) >= 10 else 1
    distance = edit_distance(key, candidate, allowed)
    if distance == 0:
        return 0
    if distance > allowed or _without_digits(key) == _without_digits(candidate):
        return None  # SMTP_HOST_2, SMTP2_HOST: numbered siblings, not typos
    return distance


def _without_digits(key: str) -> str:
    words = "".join(c for c in key if not c.isdigit()).split("_")
    return "_".join(word for word in words if word)
