"""Settings made from TOML values: the key path as the user writes it, the span, the raw text.

A value that names an environment variable (``"${SMTP_HOST}"``) becomes a reference, one
built from several (``"${USER}@${DOMAIN}"``) an interpolated value; a password's raw text is
always masked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from smtplint.model import Origin, Secret, Setting, ValueKind
from smtplint.records import record
from smtplint.sources.toml_spans import KeyPath, Layout, display
from smtplint.sources.toml_values import interpolates, reference
from smtplint.sources.values import MASK

S = TypeVar("S")


@record
class TomlFile:
    """The file being read: its path and where each of its keys sits."""

    path: Path
    layout: Layout

    def setting(
        self,
        value: S | None,
        at: KeyPath,
        written: object,
        *,
        kind: ValueKind = ValueKind.LITERAL,
        reference: str | None = None,
        raw: str | None = None,
        part: str | None = None,
    ) -> Setting[S]:
        """``value`` read from the key at ``at``, whose TOML value is ``written``.

        ``raw`` defaults to the value's text in the file, else to ``written`` in TOML syntax;
        ``part`` names the component of a compound value (the "port" of a URL).
        """
        shown = raw if raw is not None else self.layout.raw(at)
        if shown is None:
            shown = toml_text(written)
        origin = Origin(display(at), self.layout.locate(at), kind, reference, part)
        return Setting(value, origin, shown)

    def text_setting(self, text: str, at: KeyPath) -> Setting[str]:
        """A string value, or the environment reference it names (``${SMTP_HOST}``)."""
        return self._maybe_reference(text, text, at, None)

    def secret_setting(self, text: str, at: KeyPath) -> Setting[Secret]:
        return self._maybe_reference(Secret(text), text, at, MASK)

    def _maybe_reference(self, value: S, text: str, at: KeyPath, raw: str | None) -> Setting[S]:
        named = reference(text)
        if named is not None:
            return self.setting(None, at, text, kind=ValueKind.REFERENCE, reference=named,
                                raw=raw)
        if interpolates(text):
            return self.setting(None, at, text, kind=ValueKind.INTERPOLATED, raw=raw)
        return self.setting(value, at, text, raw=raw)


def toml_text(written: object) -> str:
    """A value as TOML writes it, for values whose text in the file is not known."""
    if isinstance(written, bool):
        return "true" if written else "false"
    if isinstance(written, str):
        return json.dumps(written, ensure_ascii=False)
    return str(written)
