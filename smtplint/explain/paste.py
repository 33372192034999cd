"""Turn text as users paste it into one comparable line, and find the SMTP reply code in it.

Pastes come as multi-line replies (``535-5.7.8 …`` then ``535 5.7.8 …``), as the repr of an
smtplib exception (``(535, b'5.7.8 Username and Password not accepted…')``), inside log
lines, with typographic quotes and odd spacing. Matching works on the result: lower case,
single spaces, the continuation prefixes of a multi-line reply removed.
"""

from __future__ import annotations

import re

from smtplint.records import record

# Reply codes a server sends; a bare three-digit number is taken as one only from this list
# (so port 465 or 587 in a log line is not read as a reply).
_REPLY_CODES = frozenset(
    {
        "421", "450", "451", "452", "454", "455", "500", "501", "502", "503", "504",
        "521", "523", "530", "534", "535", "538", "550", "551", "552", "553", "554",
        "555", "556",
    }
)  # fmt: skip
_REPLY = re.compile(
    r"(?<![\w.:/#-])([2-5]\d\d)(?:[ -]+([245]\.\d{1,3}\.\d{1,3}))?(?![\w.])", re.IGNORECASE
)
_ENHANCED = re.compile(r"(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![\w.])")
_PORT_WORD = re.compile(r"port\s*$", re.IGNORECASE)
# ``(535, b'…')`` and ``b"…"``: the bytes literal of a Python exception's repr.
_TUPLE_BYTES = re.compile(r"\(\s*(\d{3})\s*,\s*b?(['\"])(.*?)(?<!\\)\2", re.DOTALL)
_BYTES = re.compile(r"\bb(['\"])(.*?)(?<!\\)\1", re.DOTALL)
_ESCAPES = {"n": "\n", "r": "\n", "t": " ", "'": "'", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")
_LINE_PREFIX = re.compile(r"^\s*(\d{3})?(?:[ -]+)?([245]\.\d{1,3}\.\d{1,3})?[ -]*")
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u00a0": " "}
)
_SPACES = re.compile(r"\s+")
# The password of a URL pasted in an error (``Invalid URL: smtps://user:secret@host``).
_URL_PASSWORD = re.compile(r"(://[^:/\s@]*:)\S*@")
_CODES = re.compile(r"[245]\.\d{1,3}\.\d{1,3}|\d{3}")


@record
class Reply:
    """The SMTP reply code found in a paste, with its enhanced status code when given."""

    code: int | None
    enhanced: str | None

    def label(self) -> str:
        return " ".join(part for part in (str(self.code or ""), self.enhanced or "") if part)


@record
class Paste:
    original: str
    text: str  # lower case, one line, single spaces
    reply: Reply | None

    @property
    def shown(self) -> str:
        """The paste as one line, in its own case, for echoing back; a URL's password masked."""
        line = _SPACES.sub(" ", _join_lines(_unwrap_bytes(self.original.translate(_QUOTES))))
        return _URL_PASSWORD.sub(r"\1********@", line)


def read_paste(text: str) -> Paste:
    unwrapped = _unwrap_bytes(text.translate(_QUOTES))
    one_line = _SPACES.sub(" ", _join_lines(unwrapped)).strip()
    return Paste(text, one_line.lower(), find_reply(unwrapped))


def find_reply(text: str) -> Reply | None:
    """The first error reply code (4xx/5xx) in the text, else the first reply code at all."""
    found: list[Reply] = []
    for match in _REPLY.finditer(text):
        code, enhanced = match.group(1), match.group(2)
        if _PORT_WORD.search(text[: match.start()]):
            continue
        if enhanced is None and code not in _REPLY_CODES:
            continue
        found.append(Reply(int(code), enhanced))
    if not found:
        enhanced_only = _ENHANCED.search(text)
        return Reply(None, enhanced_only.group(1)) if enhanced_only else None
    errors = [reply for reply in found if reply.code is not None and reply.code >= 400]
    best = (errors or found)[0]
    if best.enhanced is None:
        later = next((r.enhanced for r in found if r.code == best.code and r.enhanced), None)
        best = Reply(best.code, later)
    return best


def _unwrap_bytes(text: str) -> str:
    text = _TUPLE_BYTES.sub(lambda m: f"{m.group(1)} {_unescape(m.group(3))}", text)
    return _BYTES.sub(lambda m: _unescape(m.group(2)), text)


def _unescape(body: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), body)


def _join_lines(text: str) -> str:
    """Join the lines of a multi-line reply, dropping the code each continuation repeats."""
    joined: list[str] = []
    previous: set[str] = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        prefix = _LINE_PREFIX.match(line)
        codes = set(_CODES.findall(prefix.group(0))) if prefix else set()
        if codes and previous and codes <= previous:
            line = line[prefix.end() :] if prefix else line
        elif codes:
            previous = codes
        elif inner := _REPLY.search(line):
            previous = {code for code in inner.groups() if code}
        joined.append(line.strip())
    return " ".join(joined)
