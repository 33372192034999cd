"""The user's own configuration: its keys and values for a cause, and whether the linter
finds that cause in it.

Values are shown as the file writes them, except passwords, which are never shown, and URLs,
of which only the scheme is shown.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from pathlib import Path

from smtplint.explain.causes import Cause
from smtplint.explain.parts import Format, Part, format_of_family
from smtplint.model import Finding, Secret, Setting, SmtpConfig, Span, ValueKind
from smtplint.records import record


class Status(enum.Enum):
    APPLIES = "applies"  # the linter finds this cause in the file
    NOT_SEEN = "not-seen"  # the rules that would show it find nothing
    NOT_VISIBLE = "not-visible"  # no file can show it (account or network state)


@record
class Verdict:
    status: Status
    settings: tuple[str, ...]  # the user's keys and values for the cause's parts
    findings: tuple[Finding, ...]
    statement: str


@record
class Shown:
    text: str
    written: bool  # False for a library default or a key that is not set


@record
class UserConfig:
    path: Path
    configs: tuple[SmtpConfig, ...]
    findings: tuple[Finding, ...]

    def formats(self) -> tuple[Format, ...]:
        found: list[Format] = []
        for config in self.configs:
            fmt = format_of_family(config.family)
            if fmt is not None and fmt not in found:
                found.append(fmt)
        return tuple(found)

    def verdict(self, cause: Cause) -> Verdict:
        findings = tuple(f for f in self.findings if f.code in cause.rules)
        if findings:
            configs = _unique(self._config_of(finding) for finding in findings)
            shown = [
                (config, item) for config in configs for item in shown_settings(config, cause.parts)
            ]
            codes = ", ".join(dict.fromkeys(f.code for f in findings))
            statement = _statement([item for _, item in shown], codes)
            return Verdict(Status.APPLIES, self._texts(shown), findings, statement)
        shown = [
            (config, item)
            for config in self.configs
            for item in shown_settings(config, cause.parts)
        ]
        texts = self._texts(shown)
        if cause.visible_in_files:
            return Verdict(Status.NOT_SEEN, texts, (), "smtplint finds no sign of this in the file")
        return Verdict(
            Status.NOT_VISIBLE,
            texts,
            (),
            "a file cannot show this (it is the state of the account or the network)",
        )

    def unrelated(self, causes: tuple[Cause, ...]) -> tuple[Finding, ...]:
        codes = {code for cause in causes for code in cause.rules}
        return tuple(f for f in self.findings if f.code not in codes)

    def _texts(self, shown: list[tuple[SmtpConfig, Shown]]) -> tuple[str, ...]:
        """Each setting once; named by its configuration when the file holds several."""
        several = len({config.name for config in self.configs}) > 1
        texts = (f"{config.name}: {item.text}" if several else item.text for config, item in shown)
        return tuple(dict.fromkeys(texts))

    def _config_of(self, finding: Finding) -> SmtpConfig | None:
        same_file = [c for c in self.configs if c.path == finding.path] or list(self.configs)
        for config in same_file:
            if finding.span == config.anchor or finding.span.line in _lines_of(config):
                return config
        return same_file[0] if same_file else None


def shown_settings(config: SmtpConfig, parts: tuple[Part, ...]) -> list[Shown]:
    """The configuration's keys and values for the parts; never a password's value."""
    fmt = format_of_family(config.family)
    shown: list[Shown] = []
    for part in parts:
        for item in _part_settings(config, part, fmt):
            if item.text not in {s.text for s in shown}:
                shown.append(item)
    return shown


def _part_settings(config: SmtpConfig, part: Part, fmt: Format | None) -> Iterator[Shown]:
    if part is Part.IGNORED:
        for ignored in config.ignored_keys:
            reads = f"; the library reads {ignored.replacement}" if ignored.replacement else ""
            yield Shown(f"{ignored.key} (not read{reads})", True)
        return
    if part is Part.SECURITY:
        flags = [flag for flag in config.security_flags if not flag.is_default]
        settings: list[Setting[object] | None] = list(flags) or [config.security]
    else:
        settings = [_setting_of(config, part)]
    for setting in settings:
        if setting is not None:
            yield _describe(setting, part)
        elif fmt is not None and fmt.id == config.family:
            key = next(iter(fmt.keys.get(part, ())), None)
            if key is not None and " " not in key:
                yield Shown(f"{key} not set", False)


def _setting_of(config: SmtpConfig, part: Part) -> Setting[object] | None:
    by_part: dict[Part, Setting[object] | None] = {
        Part.HOST: config.host,
        Part.PORT: config.port,
        Part.USERNAME: config.username,
        Part.PASSWORD: config.password,
        Part.SENDER: config.sender,
        Part.TIMEOUT: config.timeout,
        Part.VERIFY: config.verify_tls,
        Part.AUTH_METHOD: config.auth,
        Part.URL: config.url,
    }
    return by_part.get(part)


def _describe(setting: Setting[object], part: Part) -> Shown:
    if part is Part.PASSWORD or isinstance(setting.value, Secret):
        return _describe_password(setting)
    if part is Part.URL:
        scheme = (setting.raw or "").partition("://")[0] if "://" in (setting.raw or "") else ""
        return Shown(f"{setting.key} ({scheme}:// URL)" if scheme else setting.key, True)
    return Shown(setting.quoted(), not setting.is_default)


def _describe_password(setting: Setting[object]) -> Shown:
    key = setting.key
    if setting.origin.part is not None:
        key = f"the {setting.origin.part} in {key}"
    kind = setting.kind
    if kind is ValueKind.DEFAULT:
        return Shown(f"{key} not set", False)
    if kind in (ValueKind.REFERENCE, ValueKind.ENVIRONMENT, ValueKind.UNRESOLVED):
        source = setting.origin.reference
        return Shown(f"{key} (read from {source} at run time)" if source else key, True)
    if isinstance(setting.value, Secret) and not setting.value:
        return Shown(f"{key} (empty)", True)
    return Shown(f"{key} (set, not shown)", True)


def _statement(shown: list[Shown], codes: str) -> str:
    if not shown:
        return f"smtplint finds this in the file: {codes}"
    texts = list(dict.fromkeys(item.text for item in shown))
    joined = " with ".join(texts) if len(texts) <= 2 else f"{', '.join(texts[:-1])} and {texts[-1]}"
    if all(item.written for item in shown):
        return f"your {joined} is this: {codes}"
    return f"this is your case: {joined} ({codes})"


def _lines_of(config: SmtpConfig) -> set[int]:
    spans: list[Span | None] = [s.origin.span for s in config.settings()]
    spans += [ignored.span for ignored in config.ignored_keys]
    return {span.line for span in spans if span is not None}


def _unique(configs: Iterator[SmtpConfig | None]) -> list[SmtpConfig]:
    found: list[SmtpConfig] = []
    for config in configs:
        if config is not None and all(config is not other for other in found):
            found.append(config)
    return found


def load_user_config(path: Path) -> tuple[UserConfig, list[str]]:
    """The configurations in ``path`` and the linter's findings on them, with a line for
    each file that could not be read; raises PathError when ``path`` does not exist."""
    from smtplint.api import CheckResult, check_paths, read_paths

    read = CheckResult()
    documents = list(read_paths([path], read))
    checked = check_paths([path])
    configs = tuple(c for d in documents for c in d.configs if c.sends_over_smtp)
    problems = list(dict.fromkeys(read.unreadable + checked.unreadable))
    return UserConfig(path, configs, tuple(checked.findings)), problems
