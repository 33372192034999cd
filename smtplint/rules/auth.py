"""SL3xx: authentication — missing or mis-shaped credentials, and logins the server refuses."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.hosts import accepts_any_login, expected_security, ip_literal, normalise
from smtplint.model import (
    Applicability,
    AuthMethod,
    Change,
    Field,
    Fix,
    Security,
    Setting,
    Severity,
    SmtpConfig,
    ValueKind,
    present,
)
from smtplint.profiles.schema import HostSpec, PortSpec, Profile
from smtplint.rules._examples import GMAIL_IMPLICIT_TLS, THUNDERBIRD_GMAIL, edited, pref_edited
from smtplint.rules._ports import SECURITY_OF, SUBMISSION_KINDS, known_port, library_name
from smtplint.rules._secret_shapes import (
    is_placeholder,
    literal_secret,
    looks_like_iam_secret,
    matches_shape,
    ses_region,
)
from smtplint.rules.base import Example, Report, RuleContext, RuleDocs, point_at, rule, safe_if

_NOT_PASSWORD_AUTH = (AuthMethod.OAUTH2, AuthMethod.OTHER)
# Libraries that log in only when both the username and the password are truthy.
_BOTH_OR_NOTHING = frozenset({"django", "flask"})
_SES_CREDENTIALS_URL = "https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html"


def _host(config: SmtpConfig) -> str | None:
    if config.host is None or not config.host.value:
        return None
    return config.host.value


def _absence(setting: Setting[object] | None, noun: str) -> str:
    if setting is None:
        return f"no {noun} is set"
    if setting.kind is ValueKind.DEFAULT:
        return f"{setting.key} is not set"
    return f"{setting.key} is empty"


def _auth_is_not_password(config: SmtpConfig) -> bool:
    return config.auth is not None and config.auth.value in _NOT_PASSWORD_AUTH


def _uses_password_auth(config: SmtpConfig) -> bool:
    if config.auth is not None and config.auth.value is not None:
        return config.auth.value in (AuthMethod.PASSWORD, AuthMethod.ANY)
    return config.credentials_given


def _written_text(setting: Setting[str] | None) -> str | None:
    """The value of a setting whose text is known from the file (literal or resolved, or the
    fallback of an environment lookup)."""
    if setting is None or setting.kind not in (
        ValueKind.LITERAL, ValueKind.INTERPOLATED, ValueKind.ENVIRONMENT
    ):
        return None
    return setting.value or None


def _credential_hint(profile: Profile | None) -> str:
    if profile is None:
        return ""
    hints = [profile.username.note] if profile.username.note else []
    if profile.password is not None:
        hints.append(f"password: {profile.password.description}")
    return f" ({profile.name}: {'; '.join(hints)})" if hints else ""


# --- SL301 ---------------------------------------------------------------------------------
# The "503 5.5.1 Error: authentication required" wording is listed at
# https://postigo.net/en/smtp-errors/503; the other replies are in failure-modes.md (FM05).


@rule(
    "SL301",
    "missing-credentials",
    Severity.ERROR,
    "The server requires authentication but the username or password is missing or empty",
    RuleDocs(
        what=(
            "Reports a configuration whose provider requires SMTP authentication while the "
            "username or the password is absent or empty. A value read from an environment "
            "variable counts as present. Half a login (a username without a password or the "
            "reverse) is reported on any remote host, as a warning when no provider profile "
            "says authentication is required."
        ),
        why=(
            "Django and Flask-Mail log in only when both the username and the password are "
            "non-empty; otherwise they skip AUTH silently and the server refuses the mail at "
            "MAIL FROM: Gmail answers '530 5.7.0 Authentication Required', Exchange Online "
            "'530 5.7.57 Client not authenticated to send mail', other servers "
            "'503 5.5.1 Error: authentication required' (one of the three usual causes of a "
            "503 reply). Nodemailer stops earlier with 'Missing credentials for \"PLAIN\"'."
        ),
        fix=(
            "Set both the username and the password, preferably as references to the "
            "environment or a secret store. For a library that reads several key names, check "
            "the spelling (Nodemailer reads auth.pass, not auth.password)."
        ),
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_PASS="")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
)
def missing_credentials(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    if _auth_is_not_password(config):
        return
    if config.auth is not None and config.auth.is_literal and config.auth.value is AuthMethod.NONE:
        yield from _auth_switched_off(ctx, config.auth)
        return
    username, password = config.username, config.password
    has_user, has_password = present(username), present(password)
    if has_user and has_password:
        return
    wanted: list[tuple[Setting[object] | None, str, bool]] = [
        (username, "username", has_user),
        (password, "password", has_password),
    ]
    missing = [setting for setting, _, present in wanted if not present]
    absence = " and ".join(
        _absence(setting, noun) for setting, noun, present in wanted if not present
    )
    partial = has_user != has_password
    profile = ctx.profile
    required = profile is not None and profile.auth.required and profile.auth.verified
    if not required and (not partial or ctx.on_local_host):
        return
    at = point_at(*missing) or config.host
    fix = Fix(
        Applicability.DISPLAY_ONLY,
        (),
        "set both the username and the password" + _credential_hint(profile),
    )
    if required and profile is not None:
        host = _host(config) or profile.name
        yield Report(
            f"{host} requires authentication, but {absence}: {_consequence(config, partial)}",
            at=at,
            fix=fix,
        )
        return
    given = username if has_user else password
    assert given is not None
    yield Report(
        f"{given.key} is set but {absence}: {_consequence(config, partial)}",
        at=at,
        fix=fix,
        severity=Severity.WARNING,
    )


def _auth_switched_off(ctx: RuleContext, auth: Setting[AuthMethod]) -> Iterator[Report]:
    """Authentication written as off (Thunderbird authMethod=1) for a server that requires it."""
    profile = ctx.profile
    if profile is None or not profile.auth.required or not profile.auth.verified:
        return
    host = _host(ctx.config) or profile.name
    yield Report(
        f"{auth.quoted()}: {host} requires authentication, so no AUTH is sent and the server "
        'refuses the mail ("530 5.7.0 Authentication Required", or '
        '"503 5.5.1 Error: authentication required")',
        at=auth,
        fix=Fix(
            Applicability.DISPLAY_ONLY,
            (),
            "choose the authentication method the provider takes and set the username"
            + _credential_hint(profile),
        ),
    )


def _consequence(config: SmtpConfig, partial: bool) -> str:
    refused = 'the server refuses the mail ("530 5.7.0 Authentication Required")'
    if not partial:
        return f"no AUTH is sent and {refused}"
    if config.family in _BOTH_OR_NOTHING:
        return f"{library_name(config)} logs in only when both are set, so {refused}"
    if config.family == "thunderbird":
        return f"the login cannot happen and {refused}"
    return (
        'the login cannot happen (Nodemailer: Missing credentials for "PLAIN"), or is skipped '
        'and "530 5.7.0 Authentication Required" follows'
    )


# --- SL302 ---------------------------------------------------------------------------------


@rule(
    "SL302",
    "username-form",
    Severity.ERROR,
    "The username does not have the form the provider expects",
    RuleDocs(
        what=(
            "Compares a username written in the file with the form the provider's profile "
            "requires: the full email address (Gmail, Outlook), only the local part, a fixed "
            "word (SendGrid 'apikey', SparkPost 'SMTP_Injection', Resend 'resend'), or a token "
            "shape (Amazon SES SMTP user names start with AKIA). Usernames read from the "
            "environment are not judged."
        ),
        why=(
            "The server compares the username literally, so a wrong form fails exactly like a "
            "wrong password: SendGrid answers '535 Authentication failed: Bad username / "
            "password', Gmail '535-5.7.8 Username and Password not accepted', Amazon SES "
            "'535 Authentication Credentials Invalid'."
        ),
        fix=(
            "Use the form the provider documents. A fixed username is rewritten automatically "
            "when it is written in the file (and offered as an unsafe fix when it replaces a "
            "reference); other forms need the real value."
        ),
        fails=Example(
            edited(GMAIL_IMPLICIT_TLS, SMTP_USER="jane.doe", SMTP_PASS="wxyzkqpbrmtslvne")
        ),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def username_form(ctx: RuleContext) -> Iterator[Report]:
    config, profile = ctx.config, ctx.profile
    username = config.username
    if profile is None or not profile.username.verified:
        return
    text = _written_text(username)
    if username is None or text is None:
        return
    spec = profile.username
    shown = username.quoted()
    if username.kind is ValueKind.INTERPOLATED:
        shown += f" (resolves to {text})"
    who = f"{shown}: {profile.name}"
    if spec.form == "address" and "@" not in text:
        yield Report(
            f"{who} expects the full email address as the username, not only the part before "
            "the @; the login is refused (535)",
            at=username,
            fix=_address_username_fix(config, text),
        )
    elif spec.form == "local-part" and "@" in text:
        yield Report(
            f"{who} expects only the part before the @ as the username; the login is refused (535)",
            at=username,
            fix=Fix(
                Applicability.DISPLAY_ONLY,
                (),
                f"use {text.split('@', 1)[0]!r} as the username",
            ),
        )
    elif spec.form == "fixed" and spec.value is not None and text != spec.value:
        yield Report(
            f"{who} expects the username {spec.value!r} (the API key goes in the password); "
            'the login fails with "535 Authentication failed: Bad username / password"',
            at=username,
            fix=Fix(
                safe_if(username.is_literal),
                (Change(Field.USERNAME, spec.value),),
                f"set the username to {spec.value}",
            ),
        )
    elif spec.form == "token" and spec.pattern and not matches_shape(spec.pattern, text):
        shape = spec.note or f"a user name matching {spec.pattern}"
        yield Report(
            f"{who} expects {shape}; the login is refused (535)",
            at=username,
            fix=Fix(Applicability.DISPLAY_ONLY, (), f"use {shape}"),
            severity=Severity.WARNING,
        )


def _address_username_fix(config: SmtpConfig, local_part: str) -> Fix:
    """Offer the sender address when it is the login's own address (same local part)."""
    sender = _written_text(config.sender)
    if sender is not None and "<" not in sender and sender.split("@", 1)[0] == local_part:
        return Fix(
            Applicability.UNSAFE, (Change(Field.USERNAME, sender),), f"set the username to {sender}"
        )
    return Fix(Applicability.DISPLAY_ONLY, (), "use the account's full email address as username")


# --- SL303 ---------------------------------------------------------------------------------


@rule(
    "SL303",
    "oauth2-required",
    Severity.ERROR,
    "The provider no longer accepts password logins (OAuth2 only)",
    RuleDocs(
        what=(
            "Reports a password login to a provider whose profile says password (basic) "
            "authentication has ended (Outlook.com since 16 September 2024) or has an "
            "announced end date (Exchange Online / Microsoft 365 SMTP AUTH). Before an "
            "announced date it is a warning naming the date; after it, an error."
        ),
        why=(
            "Outlook.com answers '535 5.7.139 Authentication unsuccessful, basic authentication "
            "is disabled.'; a Microsoft 365 tenant with SMTP AUTH off answers '535 5.7.139 "
            "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant', "
            "and after the retirement '550 5.7.30 Basic authentication is not supported for "
            "Client Submission.' App passwords do not help."
        ),
        fix=(
            "Authenticate with OAuth2 (SASL XOAUTH2), or send through the provider's HTTP API "
            "(Microsoft Graph, High Volume Email, Azure Communication Services)."
        ),
        fails=Example(
            "SMTP_HOST=smtp-mail.outlook.com\nSMTP_PORT=587\nSMTP_SECURE=false\n"
            "SMTP_USER=jane.doe@outlook.com\nSMTP_PASS=Summer2024!\n"
            "SMTP_FROM=jane.doe@outlook.com\n"
        ),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
)
def oauth2_required(ctx: RuleContext) -> Iterator[Report]:
    config, profile = ctx.config, ctx.profile
    if profile is None or not _uses_password_auth(config):
        return
    auth = profile.auth
    at = point_at(config.password, config.auth, config.username, config.host) or config.host
    host = _host(config) or profile.name
    method = config.auth
    if method is not None and method.is_literal and (
        config.username is None or method.origin != config.username.origin
    ):
        host = f"{method.quoted()}: {host}"  # the method is a setting of its own
    hint = None if auth.verified else Severity.INFO
    fix = Fix(
        Applicability.DISPLAY_ONLY,
        (),
        "switch to OAuth2 (XOAUTH2) or the provider's HTTP API"
        + (f"; {auth.sunset_note}" if auth.sunset_note else ""),
    )
    since = auth.oauth2_only_since
    if since is not None and since <= ctx.today:
        yield Report(
            f"{host} ({profile.name}) has refused password logins since {since.isoformat()}: "
            "only OAuth2 works, so the login fails (535)",
            at=at,
            fix=fix,
            severity=hint,
        )
        return
    sunset = auth.basic_auth_sunset
    if sunset is None:
        return
    note = f" ({auth.sunset_note})" if auth.sunset_note else ""
    if ctx.today >= sunset:
        yield Report(
            f"{host} ({profile.name}) ended password logins on {sunset.isoformat()}{note}: "
            "the login fails (535 5.7.139 / 550 5.7.30)",
            at=at,
            fix=fix,
            severity=hint,
        )
    else:
        yield Report(
            f"{host} ({profile.name}) stops accepting password logins on "
            f"{sunset.isoformat()}{note}: move to OAuth2 before then",
            at=at,
            fix=fix,
            severity=Severity.INFO if hint else Severity.WARNING,
        )


# --- SL304 ---------------------------------------------------------------------------------


@rule(
    "SL304",
    "auth-over-cleartext",
    Severity.ERROR,
    "Credentials would be sent without encryption",
    RuleDocs(
        what=(
            "Reports a login configured with no transport security at all (neither STARTTLS "
            "nor implicit TLS) to a host that is not a local development relay."
        ),
        why=(
            "The username and password would cross the network readable by anyone on the path. "
            "Most servers refuse it anyway because they advertise AUTH only after TLS: "
            "Python raises 'SMTP AUTH extension not supported by server.', servers answer "
            "'530 5.7.0 Must issue a STARTTLS command first' or, when AUTH is sent before "
            "STARTTLS, '503 5.5.1 Error: authentication not enabled' (the commands are in the "
            "wrong order: one of the three usual causes of a 503 reply)."
        ),
        fix=(
            "Turn on STARTTLS (ports 587, 25, 2525) or implicit TLS (port 465). The change is "
            "applied automatically when the security setting is written in the file and the "
            "port is a standard one."
        ),
        fails=Example(
            "EMAIL_HOST=mail.acme-corp.io\nEMAIL_PORT=587\n"
            "EMAIL_HOST_USER=billing@acme-corp.io\nEMAIL_HOST_PASSWORD=Tr0ub4dor-and-3\n"
        ),
        passes=Example(
            "EMAIL_HOST=mail.acme-corp.io\nEMAIL_PORT=587\nEMAIL_USE_TLS=True\n"
            "EMAIL_HOST_USER=billing@acme-corp.io\nEMAIL_HOST_PASSWORD=${SMTP_PASSWORD}\n"
            "DEFAULT_FROM_EMAIL=billing@acme-corp.io\nEMAIL_TIMEOUT=10\n"
        ),
    ),
    fixable=True,
)
def auth_over_cleartext(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    security = config.security
    host = _host(config)
    if (
        security is None
        or security.value is not Security.NONE
        or host is None
        or ctx.on_local_host
        or not config.credentials_given
        or _auth_is_not_password(config)
    ):
        return
    at = point_at(security, config.port, config.host) or security
    yield Report(
        f"{security.quoted()} with a login to {host}: the password would cross the network "
        "unencrypted, and most servers refuse AUTH before TLS "
        '("530 5.7.0 Must issue a STARTTLS command first")',
        at=at,
        fix=_encrypting_fix(config, ctx.profile, ctx.host_spec),
    )


def _encrypting_fix(config: SmtpConfig, profile: Profile | None, spec: HostSpec | None) -> Fix:
    port = known_port(config)
    standard = expected_security(port) if port is not None else None
    if standard is not None:
        target = Security.TLS if standard == "tls" else Security.STARTTLS
        literal = config.security is not None and config.security.is_literal
        return Fix(
            safe_if(literal),
            (Change(Field.SECURITY, target),),
            f"use {target.label} on port {port}",
        )
    offered = _port_spec(profile, spec, port)
    if offered is not None and offered.security != "none":
        target = SECURITY_OF[offered.security]
        return Fix(
            Applicability.UNSAFE,
            (Change(Field.SECURITY, target),),
            f"use {target.label} on port {port}",
        )
    return Fix(
        Applicability.DISPLAY_ONLY, (), "use STARTTLS on port 587 or implicit TLS on port 465"
    )


def _port_spec(profile: Profile | None, spec: HostSpec | None, port: int | None) -> PortSpec | None:
    if profile is None or port is None:
        return None
    return next((p for p in profile.ports_for(spec) if p.port == port), None)


# --- SL305 ---------------------------------------------------------------------------------


@rule(
    "SL305",
    "auth-not-offered",
    Severity.WARNING,
    "A login is configured where the server offers no SMTP AUTH",
    RuleDocs(
        what=(
            "Reports credentials configured for a host whose profile offers no password login "
            "(a development mail catcher such as mailpit, an IP-authorised relay, Microsoft "
            "365 direct send on <tenant>.mail.protection.outlook.com), or for port 25 of a "
            "mailbox provider or sending service whose profile takes logins on other ports. "
            "localhost and loopback addresses are not judged by profile: Proton Mail Bridge "
            "and local MTAs that do take a login listen there too. Nor is MailHog, which "
            "accepts any user name and password."
        ),
        why=(
            "Port 25 is for server-to-server relay; it is often blocked and its servers may "
            "advertise no AUTH, and a relay that authorises by IP address has none to offer. "
            "Python then raises 'SMTP AUTH extension not supported by server.' and servers "
            "answer '503 5.5.1 Error: authentication not enabled'."
        ),
        fix=(
            "Submit on the provider's submission port (587 with STARTTLS, or 465 with implicit "
            "TLS), or remove the credentials when the relay authorises by IP address."
        ),
        fails=Example(
            edited(
                GMAIL_IMPLICIT_TLS,
                SMTP_PORT="25",
                SMTP_SECURE="false",
                SMTP_PASS="wxyzkqpbrmtslvne",
            )
        ),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def auth_not_offered(ctx: RuleContext) -> Iterator[Report]:
    config, profile = ctx.config, ctx.profile
    if (
        profile is None
        or not profile.auth.verified
        or not config.credentials_given
        or _auth_is_not_password(config)
    ):
        return
    host = _host(config) or profile.name
    at = config.username or config.host
    mechanisms = set(profile.auth.mechanisms)
    if mechanisms <= {"none", "ip"} and not _may_take_a_login(_host(config)):
        how = "by the client's IP address" if "ip" in mechanisms else "without any login"
        keys = " and ".join(s.key for s in (config.username, config.password) if s is not None)
        yield Report(
            f"{keys} are set, but {host} ({profile.name}) accepts mail {how} and offers no "
            'SMTP AUTH: the client fails with "SMTP AUTH extension not supported by server."',
            at=at,
            fix=Fix(
                Applicability.DISPLAY_ONLY,
                (),
                f"remove the username and password; {profile.name} accepts mail {how}",
            ),
        )
        return
    if known_port(config) != 25 or profile.kind not in SUBMISSION_KINDS:
        return
    offered = profile.ports_for(ctx.host_spec)
    if any(p.port == 25 for p in offered):
        return
    target = next(
        (p for p in offered if p.port == 587 and p.security == "starttls"),
        profile.recommended_port(ctx.host_spec),
    )
    security = SECURITY_OF[target.security]
    ports = ", ".join(str(p.port) for p in offered)
    assert config.port is not None
    yield Report(
        f"{config.port.quoted()} with a login to {host}: port 25 is for server-to-server "
        f"relay, {profile.name} takes logins on {ports}; on 25 the client may fail with "
        '"SMTP AUTH extension not supported by server."',
        at=config.port,
        fix=Fix(
            Applicability.UNSAFE,
            (Change(Field.PORT, target.port), Change(Field.SECURITY, security)),
            f"use port {target.port} with {security.label}",
        ),
    )


def _may_take_a_login(host: str | None) -> bool:
    """Whether a host whose profile offers no login may still take one.

    localhost and loopback addresses also serve Proton Mail Bridge and local MTAs that do
    take a login, so a profile claiming them cannot rule out AUTH; some mail catchers
    (MailHog) accept any login.
    """
    if host is None:
        return False
    name = normalise(host)
    return name == "localhost" or ip_literal(name) is not None or accepts_any_login(name)


# --- SL306 ---------------------------------------------------------------------------------


@rule(
    "SL306",
    "app-password-required",
    Severity.WARNING,
    "The password does not have the shape the provider requires (app password, API key)",
    RuleDocs(
        what=(
            "Compares the shape (never the text) of a password written in the file with the "
            "shape the provider's profile documents: a Gmail app password is 16 letters, a "
            "SendGrid key starts with 'SG.'. An error when the provider never accepts the "
            "account password. Also reports an AWS IAM secret access key used as an Amazon "
            "SES SMTP password. Passwords read from the environment are not judged."
        ),
        why=(
            "Gmail refuses account passwords: '534-5.7.9 Application-specific password "
            "required' or '535-5.7.8 Username and Password not accepted … BadCredentials'. "
            "Amazon SES SMTP passwords are derived from the IAM secret per region, so the "
            "secret itself fails with '535 Authentication Credentials Invalid'."
        ),
        fix=(
            "Create the credential the provider asks for (an app password after turning on "
            "2-Step Verification, an API key, SES SMTP credentials for the endpoint's region) "
            "and keep it out of the file."
        ),
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_PASS="Summer2024!")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
)
def app_password_required(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    password = config.password
    secret = literal_secret(password)
    if (
        password is None
        or secret is None
        or is_placeholder(secret)
        or ctx.file.is_template
        or _auth_is_not_password(config)
    ):
        return
    host = _host(config)
    region = None if host is None else ses_region(host)
    if region is not None and looks_like_iam_secret(secret):
        yield Report(
            f"{password.key} has the shape of an AWS IAM secret access key, not an SES SMTP "
            f'password; SES answers "535 Authentication Credentials Invalid": create SMTP '
            f"credentials for {region}, the region of {host}",
            at=password,
            fix=Fix(
                Applicability.DISPLAY_ONLY,
                (),
                f"create SES SMTP credentials for {region}: {_SES_CREDENTIALS_URL}",
            ),
            severity=Severity.ERROR,
        )
        return
    profile = ctx.profile
    if profile is None or profile.password is None or not profile.password.verified:
        return
    spec = profile.password
    if matches_shape(spec.pattern, secret):
        return
    never = "password" not in profile.auth.mechanisms and profile.auth.verified
    refusal = "never accepts the account password" if never else "may refuse it"
    help_text = f": {spec.help_url}" if spec.help_url else ""
    yield Report(
        f"{password.key} does not look like {spec.description}: {profile.name} {refusal} "
        "and the login fails (535 / 534)",
        at=password,
        fix=Fix(Applicability.DISPLAY_ONLY, (), f"create {spec.description}{help_text}"),
        severity=Severity.ERROR if never else None,
    )


# --- SL307 ---------------------------------------------------------------------------------
# MailNewsTypes2.idl: authMethod 9 "anything" is "Discouraged, because vulnerable to MITM
# attacks"; SmtpClient.sys.mjs has no mechanism list for it and then skips AUTH.


@rule(
    "SL307",
    "auth-method-any",
    Severity.WARNING,
    "The authentication method is 'anything', which is open to downgrade",
    RuleDocs(
        what=(
            "Reports an outgoing server whose authentication method accepts whatever the "
            "server offers, weakest included (Thunderbird mail.smtpserver.<key>.authMethod=9)."
        ),
        why=(
            "Mozilla marks the method as discouraged because it is vulnerable to "
            "man-in-the-middle attacks: whoever sits on the path can offer the weakest "
            "mechanism. Thunderbird's SMTP client also has no mechanism list for it and may "
            "skip AUTH, so the server refuses the mail with '530 5.7.0 Authentication "
            "Required' or '503 5.5.1 Error: authentication required'."
        ),
        fix=(
            "Choose a definite method in Account Settings → Outgoing Server → Authentication "
            "method: OAuth2 where the provider offers it, otherwise Normal password over "
            "STARTTLS or SSL/TLS."
        ),
        fails=Example(
            pref_edited(THUNDERBIRD_GMAIL, "mail.smtpserver.smtp1.authMethod", "9"),
            filename="prefs.js",
        ),
        passes=Example(THUNDERBIRD_GMAIL, filename="prefs.js"),
    ),
)
def auth_method_any(ctx: RuleContext) -> Iterator[Report]:
    auth = ctx.config.auth
    if auth is None or auth.value is not AuthMethod.ANY or ctx.on_local_host:
        return
    yield Report(
        f"{auth.quoted()}: any mechanism the server (or a man in the middle) offers is "
        "accepted, and Thunderbird may send no AUTH at all "
        '("530 5.7.0 Authentication Required")',
        at=auth,
        fix=Fix(
            Applicability.DISPLAY_ONLY,
            (),
            "choose OAuth2 where the provider offers it, otherwise Normal password over TLS",
        ),
    )
