"""SMTP URLs (``EMAIL_URL``, ``SMTP_URL``, ``MAIL_URL``, DSNs) and what each library makes of them.

:func:`parse_smtp_url` splits a URL the way a person meant it, even when the password holds
unencoded reserved characters that make ``urllib`` (and the libraries built on it) split it
elsewhere; such characters are reported, never the secret itself. The ``read_*`` functions
give the reading of one library: django-environ, dj-email-url, Nodemailer, Symfony Mailer.
Offsets are character offsets into the URL text, so a source can point at one component.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote

from smtplint.model import Secret, Security
from smtplint.records import record
from smtplint.sources.values import (
    dj_email_url_flag,
    django_environ_query_flag,
    nodemailer_url_flag,
    parse_port,
    parse_seconds,
)

PASSWORD_MASK = "****"

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://")
# host (a bracketed IPv6 literal or a name) and an optional port, ending the authority.
_HOST_PORT = re.compile(r"(\[[^\]/?#@]*\]|[^\s/?#@:\[\]]*)(?::([^\s/?#@]*))?(?=[/?#]|$)")
_QUERY_ASSIGNMENT = re.compile(r"[?&][^=@/?&]*=")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_RESERVED_IN_USERINFO = "@/?#"


@record
class Part:
    """Where a component sits in the URL text: offsets, end exclusive. Never the text."""

    start: int
    end: int


@record
class UrlCharacterProblem:
    part: str  # "username" or "password"
    characters: str  # the reserved characters found, in order of first appearance


@record
class SmtpUrl:
    scheme: str  # lower-cased
    query: tuple[tuple[str, str], ...] = ()
    host: str | None = None  # lower-cased, IPv6 brackets removed; None when not written
    host_part: Part | None = None
    port: int | None = None  # None when absent or not a valid port
    port_text: str | None = None  # the port as written, when one is written
    port_part: Part | None = None
    username: str | None = None  # percent-decoded
    username_part: Part | None = None
    password: Secret | None = None  # percent-decoded
    password_part: Part | None = None
    problems: tuple[UrlCharacterProblem, ...] = ()

    def query_value(self, name: str) -> str | None:
        """The last value given for ``name`` in the query string."""
        return next((value for key, value in reversed(self.query) if key == name), None)


def parse_smtp_url(text: str) -> SmtpUrl | None:
    """Split ``scheme://user:password@host:port/path?query``; None without ``scheme://``."""
    scheme_match = _SCHEME.match(text)
    if scheme_match is None:
        return None
    scheme = scheme_match.group(1).lower()
    authority = scheme_match.end()
    at = _userinfo_end(text, authority)
    host_start = authority if at < 0 else at + 1
    query = _query(text, host_start)
    host, host_part, port_part = _host_and_port(text, host_start)
    port_text = None if port_part is None else text[port_part.start : port_part.end]
    port = None if port_text is None else parse_port(port_text)
    if at < 0:
        return SmtpUrl(scheme, query, host, host_part, port, port_text, port_part)
    problems: list[UrlCharacterProblem] = []
    colon = text.find(":", authority, at)
    user_end = at if colon < 0 else colon
    _check_reserved(text[authority:user_end], "username", problems)
    password = password_part = None
    if colon >= 0:
        password_part = Part(colon + 1, at)
        raw_password = text[colon + 1 : at]
        password = Secret(unquote(raw_password))
        _check_reserved(raw_password, "password", problems)
    return SmtpUrl(
        scheme, query, host, host_part, port, port_text, port_part,
        unquote(text[authority:user_end]), Part(authority, user_end),
        password, password_part, tuple(problems),
    )


def masked_url(text: str, url: SmtpUrl) -> str:
    """The URL with its password replaced by ``****``."""
    part = url.password_part
    if part is None or part.start == part.end:
        return text
    return text[: part.start] + PASSWORD_MASK + text[part.end :]


_USERINFO_PASSWORD = re.compile(r"(//[^\s/:@]*:)[^\s]*@")


def mask_password_in_text(text: str) -> str:
    """Mask a ``//user:password@`` part in text that is not a whole URL (e.g. ``${X}://…``)."""
    return _USERINFO_PASSWORD.sub(lambda m: m.group(1) + PASSWORD_MASK + "@", text)


def _userinfo_end(text: str, authority: int) -> int:
    """Offset of the ``@`` that ends the userinfo, or -1.

    The ``@`` chosen is the last one followed by something shaped like ``host[:port]`` and
    then the end of the authority, so an unencoded ``@`` or ``/`` in a password still ends
    up in the password. An ``@`` after a ``?name=`` (an address in the query) is skipped.
    A password holding ``?name=`` is therefore not recognised (rare; the URL is broken for
    every library anyway).
    """
    candidates = [
        i for i in range(authority, len(text))
        if text[i] == "@" and _HOST_PORT.match(text, i + 1) is not None
    ]
    if not candidates:
        return text.rfind("@", authority)
    for candidate in reversed(candidates):
        if not _QUERY_ASSIGNMENT.search(text, authority, candidate):
            return candidate
    return -1


def _host_and_port(text: str, start: int) -> tuple[str | None, Part | None, Part | None]:
    """Host and port parts of the authority that starts at ``start``."""
    end = len(text)
    for stop in "/?#":
        found = text.find(stop, start)
        if 0 <= found < end:
            end = found
    host_end = end
    if text.startswith("[", start) and "]" in text[start:end]:
        host_end = text.index("]", start) + 1
    elif ":" in text[start:end]:
        host_end = text.index(":", start)
    port_part = None
    if host_end < end and text[host_end] == ":" and host_end + 1 < end:
        port_part = Part(host_end + 1, end)
    host = text[start:host_end].strip("[]").lower() or None
    return host, None if host is None else Part(start, host_end), port_part


def _query(text: str, after: int) -> tuple[tuple[str, str], ...]:
    question = text.find("?", after)
    if question < 0:
        return ()
    query = text[question + 1 :].split("#", 1)[0]
    return tuple(parse_qsl(query, keep_blank_values=True))


def _check_reserved(raw: str, part: str, problems: list[UrlCharacterProblem]) -> None:
    found = [c for c in _RESERVED_IN_USERINFO if c in raw]
    if _BAD_PERCENT.search(raw):
        found.append("%")
    if found:
        ordered = "".join(sorted(set(found), key=raw.index))
        problems.append(UrlCharacterProblem(part, ordered))


# --- library readings -------------------------------------------------------------------


@record
class UrlReading:
    """What one library makes of a URL."""

    library: str
    sends_over_smtp: bool
    known_scheme: bool
    security: Security | None  # effective mode; None when the library rejects the URL
    scheme_security: Security | None  # the mode the scheme alone asks for, if it asks any
    query_flags: tuple[tuple[str, Security], ...] = ()  # query options that asked for a mode
    default_port: int | None = None  # the port used when the URL names none
    default_host: str | None = None
    timeout: float | None = None
    verify_tls: bool | None = None
    note: str = ""


DJANGO_ENVIRON = "django-environ"
DJ_EMAIL_URL = "dj-email-url"
NODEMAILER = "Nodemailer"
SYMFONY = "Laravel/Symfony Mailer"

_DJANGO_ENVIRON_SCHEMES: dict[str, Security | None] = {
    "smtp": None,
    "smtps": Security.STARTTLS,  # sets EMAIL_USE_TLS, not EMAIL_USE_SSL
    "smtp+tls": Security.STARTTLS,
    "smtp+ssl": Security.TLS,
}
_DJANGO_ENVIRON_OTHER = frozenset({"consolemail", "filemail", "memorymail", "dummymail"})


def read_django_environ(url: SmtpUrl) -> UrlReading:
    """``env.email_url()`` in django-environ 0.14.0."""
    if url.scheme in _DJANGO_ENVIRON_OTHER:
        return UrlReading(DJANGO_ENVIRON, False, True, None, None)
    known = url.scheme in _DJANGO_ENVIRON_SCHEMES
    if not known:
        return UrlReading(DJANGO_ENVIRON, True, False, None, None,
                          note=f"django-environ rejects the scheme {url.scheme!r}")
    scheme_mode = _DJANGO_ENVIRON_SCHEMES[url.scheme]
    flags: list[tuple[str, Security]] = []
    for key, value in url.query:
        mode = {"EMAIL_USE_TLS": Security.STARTTLS, "EMAIL_USE_SSL": Security.TLS}.get(key.upper())
        if mode is not None and django_environ_query_flag(value):
            flags.append((key, mode))
    modes = {mode for _, mode in flags} | ({scheme_mode} if scheme_mode else set())
    security = _python_mode(modes)
    # No port in the URL ⇒ EMAIL_PORT None ⇒ smtplib's class default.
    default_port = 465 if security is Security.TLS else 25
    return UrlReading(DJANGO_ENVIRON, True, True, security, scheme_mode, tuple(flags),
                      default_port)


_DJ_EMAIL_URL_SCHEMES: dict[str, tuple[Security | None, int | None]] = {
    "smtp": (None, 25),
    "submission": (Security.STARTTLS, 587),
    "submit": (Security.STARTTLS, 587),
    "smtps": (Security.STARTTLS, None),  # deprecated alias of submission, no default port
}
_DJ_EMAIL_URL_OTHER = frozenset({"console", "file", "memory", "dummy"})


def read_dj_email_url(url: SmtpUrl) -> UrlReading:
    """``dj_email_url.parse()`` in dj-email-url 1.0.6."""
    if url.scheme in _DJ_EMAIL_URL_OTHER:
        return UrlReading(DJ_EMAIL_URL, False, True, None, None)
    # An unknown scheme sets no EMAIL_BACKEND, so Django's default SMTP backend applies.
    scheme_mode, default_port = _DJ_EMAIL_URL_SCHEMES.get(url.scheme, (None, None))
    known = url.scheme in _DJ_EMAIL_URL_SCHEMES
    flags: list[tuple[str, Security]] = []
    security = scheme_mode or Security.NONE
    ssl = url.query_value("ssl")
    tls = url.query_value("tls")
    if ssl is not None and dj_email_url_flag(ssl):
        flags.append(("ssl", Security.TLS))
        security = Security.TLS
    elif tls is not None and dj_email_url_flag(tls):
        flags.append(("tls", Security.STARTTLS))
        security = Security.STARTTLS
    if default_port is None:
        default_port = 465 if security is Security.TLS else 25  # smtplib's class default
    timeout_text = url.query_value("timeout")
    timeout = parse_seconds(timeout_text) if timeout_text is not None else None
    return UrlReading(
        DJ_EMAIL_URL, True, known, security, scheme_mode, tuple(flags), default_port,
        default_host="localhost" if url.scheme == "smtp" else None, timeout=timeout,
    )


def read_nodemailer(url: SmtpUrl) -> UrlReading:
    """``parseConnectionUrl`` in Nodemailer (lib/shared/index.js).

    The scheme sets ``secure`` explicitly (``smtp:`` false, ``smtps:`` true), so port 465 is
    not switched to TLS for ``smtp://``, and a ``?secure=`` query option is ignored.
    """
    if url.scheme not in ("smtp", "smtps"):
        return UrlReading(NODEMAILER, True, False, None, None,
                          note=f"Nodemailer does not read the scheme {url.scheme!r}")
    secure = url.scheme == "smtps"
    scheme_mode = Security.TLS if secure else Security.OPPORTUNISTIC
    flags: list[tuple[str, Security]] = []
    security = scheme_mode
    ignore = url.query_value("ignoreTLS")
    require = url.query_value("requireTLS")
    if not secure and ignore is not None and nodemailer_url_flag(ignore):
        flags.append(("ignoreTLS", Security.NONE))
        security = Security.NONE
    elif not secure and require is not None and nodemailer_url_flag(require):
        flags.append(("requireTLS", Security.STARTTLS))
        security = Security.STARTTLS
    reject = url.query_value("tls.rejectUnauthorized")
    verify = None if reject is None else nodemailer_url_flag(reject)
    return UrlReading(NODEMAILER, True, True, security, scheme_mode, tuple(flags),
                      465 if secure else 587, verify_tls=verify)


def read_symfony(url: SmtpUrl, fallback_port: int | None = None) -> UrlReading:
    """Symfony Mailer's ESMTP DSN, as Laravel's ``MAIL_URL`` and Symfony's ``MAILER_DSN`` use it.

    ``smtps`` is implicit TLS; ``smtp`` lets the transport decide: implicit TLS on port 465,
    otherwise STARTTLS when the server offers it (turned off by ``auto_tls=false``, Symfony
    7.1). ``fallback_port`` is the port used when the URL names none (Laravel's MAIL_PORT).
    """
    if url.scheme not in ("smtp", "smtps"):
        return UrlReading(SYMFONY, url.scheme not in _SYMFONY_API_SCHEMES, False, None, None,
                          note=f"not an SMTP DSN scheme: {url.scheme!r}")
    if url.scheme == "smtps":
        security, scheme_mode = Security.TLS, Security.TLS
    else:
        scheme_mode = None
        port = url.port if url.port_text is not None else fallback_port
        security = Security.TLS if port == 465 else Security.OPPORTUNISTIC
    flags: list[tuple[str, Security]] = []
    auto_tls = url.query_value("auto_tls")
    if security is Security.OPPORTUNISTIC and auto_tls in ("0", "false"):
        flags.append(("auto_tls", Security.NONE))
        security = Security.NONE
    verify_peer = url.query_value("verify_peer")
    verify = None if verify_peer is None else verify_peer not in ("0", "false", "")
    return UrlReading(SYMFONY, True, True, security, scheme_mode, tuple(flags),
                      465 if security is Security.TLS else 25, verify_tls=verify)


# Laravel mailer names that may appear as a MAIL_URL scheme and do not speak SMTP.
_SYMFONY_API_SCHEMES = frozenset(
    {"log", "array", "ses", "ses-v2", "postmark", "mailgun", "resend", "sendmail", "null"}
)


def _python_mode(modes: set[Security]) -> Security:
    """Django and Flask: SSL wins over TLS (both set is a startup error reported elsewhere)."""
    if Security.TLS in modes:
        return Security.TLS
    if Security.STARTTLS in modes:
        return Security.STARTTLS
    return Security.NONE
