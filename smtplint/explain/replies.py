"""The catalogue of known replies and client errors: what each means and its likely causes.

Phrases are regular expressions searched in the paste as :mod:`smtplint.explain.paste`
leaves it (lower case, one line, single spaces). Causes are listed most likely first; a
cause can be moved to the front, or listed at all, only when the paste says something more
(the port, the provider, the library).
"""

from __future__ import annotations

from smtplint.explain import causes as c
from smtplint.explain.causes import Cause
from smtplint.records import record


@record
class Candidate:
    cause: Cause
    when: str | None = None  # listed only when the paste matches this
    first_when: str | None = None  # moved to the front when the paste matches this


@record
class Signature:
    id: str
    title: str
    meaning: str
    phrases: tuple[str, ...]
    causes: tuple[Candidate, ...]
    examples: tuple[str, ...]  # real messages, for "closest matches" and the tests
    replies: tuple[str, ...] = ()  # "535 5.7.8" or "535": recognised by the reply code alone
    modes: tuple[str, ...] = ()  # failure modes the message itself belongs to
    generic: bool = False  # a wrapper or catch-all: loses to any specific match


def _causes(*items: Cause | Candidate) -> tuple[Candidate, ...]:
    return tuple(item if isinstance(item, Candidate) else Candidate(item) for item in items)


def _first(cause: Cause, pattern: str) -> Candidate:
    return Candidate(cause, first_when=pattern)


def _only(cause: Cause, pattern: str) -> Candidate:
    return Candidate(cause, when=pattern, first_when=pattern)


_PORT_25 = r"(:|port |\b)25\b(?!\.)"
_PORT_465 = r"^(?!.*(ssl|smtps)://).*(:|port |\b)465\b"  # 465 named, implicit TLS not
_PORT_587 = r"(:|port |\b)587\b"
_GOOGLE = r"gmail|google"
_MICROSOFT = r"office365|outlook|hotmail|live\.com|microsoft|5\.7\.3\b|5\.7\.139"
_PHP_STREAM = r"stream_socket_client|ssl://|tls://|laravel|symfony"
_THUNDERBIRD = r"outgoing server \(smtp\)|in your account settings"
_SENDER_PLACEHOLDER = r"webmaster@localhost|root@localhost|@localhost|@example\.(com|org|net)"

SIGNATURES: tuple[Signature, ...] = (
    Signature(
        "tls-wrong-version",
        "TLS handshake against a plaintext port ('wrong version number')",
        "The client spoke TLS first, and the server answered in plaintext: the port expects "
        "STARTTLS (or no TLS at all), not implicit TLS.",
        (
            r"wrong[ _]version[ _]number",
            r"ssl3_get_record",
            r"1408f10b",
            r"0a00010b",
            r"ssl23_get_server_hello:unknown protocol",
            r"unable to connect to (ssl|tls)://\S+:(587|25|2525)\b",
        ),
        _causes(
            c.IMPLICIT_TLS_ON_STARTTLS_PORT,
            _first(c.LARAVEL_SCHEME, r"laravel|symfony|stream_socket|mail_scheme"),
            c.STRING_BOOLEAN,
            c.AMBIGUOUS_URL_SCHEME,
            c.IGNORED_KEY,
        ),
        (
            "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000)",
            "error:1408F10B:SSL routines:ssl3_get_record:wrong version number",
            "SSL_connect returned=1 errno=0 peeraddr=1.2.3.4:587 state=error: wrong version number",
        ),
        modes=("FM01",),
    ),
    Signature(
        "disconnected-before-greeting",
        "The connection closed, or the greeting never came",
        "The client connected but never got the server's 220 greeting: usually the client "
        "waits in plaintext while the server waits for a TLS handshake (port 465).",
        (
            r"connection unexpectedly closed",
            r"greeting never received",
            r"unexpected socket close",
            r"connection closed unexpectedly",
            r"smtpserverdisconnected",
            r"server (has )?disconnected",
        ),
        _causes(
            c.STARTTLS_ON_IMPLICIT_TLS_PORT,
            c.AMBIGUOUS_URL_SCHEME,
            c.NO_TIMEOUT,
            c.IGNORED_KEY,
            _only(c.BLOCKED_PORT, _PORT_25),
        ),
        (
            "smtplib.SMTPServerDisconnected: Connection unexpectedly closed",
            "Error: Greeting never received",
        ),
        modes=("FM02",),
    ),
    Signature(
        "not-connected",
        "The client was never connected ('please run connect() first')",
        "smtplib sent a command on a connection that was never opened, usually after an "
        "earlier connection error was caught, or with no host to connect to.",
        (r"please run connect\(\) first",),
        _causes(c.MISSING_HOST, c.WRONG_PORT, c.WRONG_HOST),
        ("smtplib.SMTPServerDisconnected: please run connect() first",),
    ),
    Signature(
        "hang",
        "Sending hangs, or the worker is killed for taking too long",
        "The client waits for an answer that never comes and has no timeout of its own: the "
        "request or worker blocks until the web server or the operating system gives up.",
        (
            r"\bhang(s|ing)?\b",
            r"\bstuck\b",
            r"never (returns|completes|finishes)",
            r"worker timeout",
            r"blocks? (forever|indefinitely)",
            r"waits? forever",
        ),
        _causes(
            c.NO_TIMEOUT,
            c.STARTTLS_ON_IMPLICIT_TLS_PORT,
            _first(c.BLOCKED_PORT, _PORT_25),
        ),
        ("[CRITICAL] WORKER TIMEOUT (pid:4242)", "send_mail() hangs forever"),
        modes=("FM19",),
    ),
    Signature(
        "timeout",
        "The connection timed out",
        "No answer came within the timeout: the port is blocked on the way, nothing answers "
        "at that address, or the client waits for a plaintext greeting on a TLS port.",
        (
            r"timed out",
            r"etimedout",
            r"timeouterror",
            r"socket\.timeout",
            r"connection timeout",
            r"\btime-?out\b",
        ),
        _causes(
            c.BLOCKED_PORT,
            _first(c.STARTTLS_ON_IMPLICIT_TLS_PORT, _PORT_465),
            _only(c.LARAVEL_SCHEME, _PHP_STREAM),
            c.WRONG_HOST,
            c.NO_TIMEOUT,
        ),
        (
            "Error: connect ETIMEDOUT 203.0.113.7:25",
            "TimeoutError: [Errno 110] Connection timed out",
            "Error: Connection timeout",
        ),
        modes=("FM16",),
    ),
    Signature(
        "connection-refused",
        "The connection was refused",
        "The host answered that nothing listens on that port: the port is wrong, or the "
        "host is not the mail server (often localhost, because no host is set).",
        (
            r"econnrefused",
            r"connection refused",
            r"actively refused",
            r"errno 111\b",
            r"winerror 10061",
            r"errno 61\b",
        ),
        _causes(
            _first(c.MISSING_HOST, r"127\.0\.0\.1|::1|localhost"),
            c.WRONG_PORT,
            c.WRONG_HOST,
            c.BLOCKED_PORT,
        ),
        (
            "Error: connect ECONNREFUSED 127.0.0.1:587",
            "ConnectionRefusedError: [Errno 111] Connection refused",
        ),
    ),
    Signature(
        "host-not-found",
        "The host name does not resolve",
        "DNS has no address for the host the client was given.",
        (
            r"enotfound",
            r"getaddrinfo",
            r"name or service not known",
            r"nodename nor servname provided",
            r"temporary failure in name resolution",
            r"no address associated with hostname",
            r"errno -[23]\b",
            r"errno 11001",
        ),
        _causes(
            c.WRONG_HOST,
            _first(c.URL_CREDENTIALS_ENCODING, r"enotfound [^\s.:]+(\s|$)|_url|url"),
            c.MISSING_HOST,
        ),
        (
            "getaddrinfo ENOTFOUND akiaj4d5e76knjf23456",
            "socket.gaierror: [Errno -2] Name or service not known",
        ),
    ),
    Signature(
        "url-does-not-parse",
        "An SMTP URL does not parse",
        "The URL the settings come from is cut in the wrong place, most often by a special "
        "character in the username or password.",
        (
            r"uri malformed",
            r"err_invalid_url",
            r"invalid url",
            r"invalid literal for int\(\)",
            r"error parsing url",
            r"invalid port",
            r"port could not be cast to integer",
        ),
        _causes(c.URL_CREDENTIALS_ENCODING),
        (
            "URIError: URI malformed",
            "ValueError: invalid literal for int() with base 10: 'p@ss'",
            "TypeError [ERR_INVALID_URL]: Invalid URL",
        ),
        modes=("FM07",),
    ),
    Signature(
        "gmail-bad-credentials",
        "Gmail refused the username and password",
        "Google did not accept the login. Google takes only an app password or OAuth2 over "
        "SMTP, never the account password.",
        (r"username and password not accepted", r"badcredentials"),
        _causes(c.GMAIL_APP_PASSWORD, c.WRONG_CREDENTIALS, c.CREDENTIALS_WRONG_KEY),
        (
            "535-5.7.8 Username and Password not accepted. Learn more at\n535 5.7.8 "
            "https://support.google.com/mail/?p=BadCredentials - gsmtp",
        ),
        replies=("535 5.7.8",),
        modes=("FM03",),
    ),
    Signature(
        "gmail-app-password-required",
        "Gmail requires an app password",
        "The account has 2-Step Verification on (or Google blocked the sign-in): SMTP takes "
        "only an app password or OAuth2.",
        (
            r"application-specific password required",
            r"invalidsecondfactor",
            r"please log ?in (via|with|through) your web browser",
        ),
        _causes(c.GMAIL_APP_PASSWORD, c.WRONG_CREDENTIALS),
        (
            "534-5.7.9 Application-specific password required. Learn more at\n534 5.7.9 "
            "https://support.google.com/mail/?p=InvalidSecondFactor",
        ),
        replies=("534 5.7.9", "534 5.7.14", "534"),
        modes=("FM03",),
    ),
    Signature(
        "microsoft-basic-auth",
        "Microsoft refused the password login",
        "Exchange Online or Outlook.com did not accept a username and password: password "
        "(Basic) logins are disabled for the tenant, the mailbox or the account type.",
        (
            r"smtpclientauthentication is disabled",
            r"basic authentication is disabled",
            r"basic authentication is not supported",
            r"aka\.ms/smtp_auth_disabled",
            r"5\.7\.139",
            r"5\.7\.30 basic",
            r"5\.7\.3 authentication unsuccessful",
        ),
        _causes(
            c.MICROSOFT_BASIC_AUTH,
            _first(c.WRONG_CREDENTIALS, r"credentials were incorrect"),
            _only(c.WRONG_REGION_HOST, r"5\.7\.3 "),
            _only(c.THUNDERBIRD_AUTH_METHOD, _THUNDERBIRD),
        ),
        (
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for "
            "the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
            "535 5.7.3 Authentication unsuccessful",
        ),
        replies=("535 5.7.139", "535 5.7.3", "550 5.7.30"),
        modes=("FM09",),
    ),
    Signature(
        "ses-credentials-invalid",
        "Amazon SES refused the SMTP credentials",
        "SES did not accept the username and password: they are not SMTP credentials for "
        "this region.",
        (r"authentication credentials invalid",),
        _causes(c.SES_CREDENTIALS, c.WRONG_REGION_HOST, c.WRONG_CREDENTIALS),
        ("535 Authentication Credentials Invalid",),
        modes=("FM11",),
    ),
    Signature(
        "bad-username-password",
        "The server refused the username or password ('Bad username / password')",
        "SendGrid answers this when the username is not 'apikey' or the API key is wrong.",
        (
            r"bad username ?(/|or) ?password",
            r"provided authorization grant is invalid",
        ),
        _causes(c.PROVIDER_USERNAME, c.WRONG_CREDENTIALS),
        ("535 Authentication failed: Bad username / password",),
        modes=("FM14",),
    ),
    Signature(
        "authentication-failed",
        "The server refused the login",
        "The username and password were sent and refused. Which provider answered decides "
        "the likely cause.",
        (
            r"authentication failed",
            r"authentication unsuccessful",
            r"auth(entication)? failure",
            r"invalid login",
            r"could not authenticate",
            r"failed to authenticate",
            r"smtpauthenticationerror",
            r"\beauth\b",
            r"invalid credentials",
            r"incorrect authentication data",
            r"login failed",
        ),
        _causes(
            c.WRONG_CREDENTIALS,
            _first(c.GMAIL_APP_PASSWORD, _GOOGLE),
            _first(c.MICROSOFT_BASIC_AUTH, _MICROSOFT),
            _first(c.PROVIDER_USERNAME, r"sendgrid|apikey|resend|postmark"),
            _first(c.SES_CREDENTIALS, r"amazonaws|\bses\b"),
            _first(c.WRONG_REGION_HOST, r"zoho"),
            c.CREDENTIALS_WRONG_KEY,
        ),
        (
            "535 Authentication Failed",
            "SMTP Error: Could not authenticate.",
            'Failed to authenticate on SMTP server with username "app" using the following '
            'authenticators: "LOGIN", "PLAIN".',
        ),
        replies=("535",),
        generic=True,
    ),
    Signature(
        "authentication-required",
        "The server requires a login first",
        "The client sent mail without logging in; the server refuses it, usually at MAIL "
        "FROM, so the error can name the sender.",
        (
            r"authentication (is )?required",
            r"client not authenticated",
            r"not authenticated to send",
            r"5\.7\.57",
            r"wantautherror",
            r"missing credentials for",
        ),
        _causes(
            c.MISSING_CREDENTIALS,
            c.CREDENTIALS_WRONG_KEY,
            _first(c.PLACEHOLDER_SENDER, _SENDER_PLACEHOLDER),
            c.IGNORED_KEY,
        ),
        (
            "530-5.7.0 Authentication Required. Learn more at "
            "https://support.google.com/mail/?p=WantAuthError",
            "530 5.7.57 Client not authenticated to send mail",
            'Error: Missing credentials for "PLAIN"',
        ),
        replies=("530 5.7.0", "530 5.7.57", "530 5.7.1", "530"),
        modes=("FM05",),
    ),
    Signature(
        "starttls-required",
        "The server requires STARTTLS before anything else",
        "The client stayed in plaintext on a port where the server insists on STARTTLS.",
        (
            r"must issue a starttls command first",
            r"starttls (is )?required",
            r"encryption required for requested authentication mechanism",
            r"must use starttls",
        ),
        _causes(c.STARTTLS_OFF, c.IGNORED_KEY, _only(c.THUNDERBIRD_SECURITY, r"thunderbird")),
        (
            "530 5.7.0 Must issue a STARTTLS command first.",
            "451 5.7.3 STARTTLS is required to send mail",
        ),
        replies=("451 5.7.3", "538 5.7.11"),
        modes=("FM10",),
    ),
    Signature(
        "auth-not-offered",
        "The server offers no login (SMTP AUTH) here",
        "The client has credentials and tries to log in, but the server did not advertise "
        "AUTH on this connection.",
        (
            r"smtp auth extension not supported",
            r"auth(entication)? not enabled",
            r"auth(entication)? not (available|supported)",
            r"no (suitable )?authentication mechanisms?",
            r"5\.5\.2 error: command not recognized",
        ),
        _causes(
            c.AUTH_NOT_OFFERED,
            _first(c.STARTTLS_OFF, _PORT_587),
            _only(c.THUNDERBIRD_AUTH_METHOD, _THUNDERBIRD),
        ),
        (
            "smtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by server.",
            "503 5.5.1 Error: authentication not enabled",
        ),
        modes=("FM12",),
    ),
    Signature(
        "bad-sequence",
        "The server received commands in the wrong order (503)",
        "A 503 answers a command the server did not expect yet, typically AUTH before "
        "STARTTLS, or MAIL FROM without the login the server requires.",
        (r"bad sequence of commands",),
        _causes(c.STARTTLS_OFF, c.AUTH_NOT_OFFERED, c.MISSING_CREDENTIALS),
        ("503 5.5.1 Bad sequence of commands",),
        replies=("503",),
        generic=True,
    ),
    Signature(
        "starttls-not-supported",
        "STARTTLS was asked for, but the server does not offer it",
        "The client tried to upgrade the connection with STARTTLS and the server has no "
        "STARTTLS on this connection.",
        (
            r"starttls extension not supported",
            r"starttls (is )?not (supported|available|offered)",
            r"tls not available",
            r"server does not support starttls",
            r"unable to connect with starttls",
        ),
        _causes(c.STRING_BOOLEAN, c.BOTH_TLS_FLAGS, c.STARTTLS_NOT_OFFERED),
        ("smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server.",),
        replies=("454 4.7.0",),
    ),
    Signature(
        "tls-flags-exclusive",
        "Both TLS flags are on, and the library refuses the pair",
        "Django raises this when the backend is created (at the first send, not at start-up).",
        (r"mutually exclusive", r"ssl and tls at the same time"),
        _causes(c.BOTH_TLS_FLAGS, c.STRING_BOOLEAN),
        (
            "ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one "
            "of those settings to True.",
        ),
        modes=("FM18",),
    ),
    Signature(
        "laravel-unsupported-scheme",
        "Symfony Mailer does not know the scheme Laravel gave it",
        "Laravel builds the transport from MAIL_SCHEME (older versions: MAIL_ENCRYPTION); an "
        "empty or unknown scheme stops the mailer before it connects.",
        (r"scheme is not supported", r"unsupportedschemeexception"),
        _causes(c.LARAVEL_SCHEME, c.IGNORED_KEY),
        (
            'Symfony\\Component\\Mailer\\Exception\\UnsupportedSchemeException: The "" scheme '
            'is not supported; supported schemes for mailer "smtp" are: "smtp", "smtps".',
        ),
        modes=("FM15",),
    ),
    Signature(
        "php-connection-failed",
        "PHP could not connect to the SMTP server",
        "PHPMailer or Symfony Mailer (Laravel) failed to open the connection; the reason "
        "that follows in the message decides the cause.",
        (
            r"connection could not be established with host",
            r"smtp connect\(\) failed",
            r"could not connect to smtp host",
            r"failed to connect to server",
            r"stream_socket_client\(\): unable to connect",
        ),
        _causes(
            c.BLOCKED_PORT,
            _first(c.LARAVEL_SCHEME, r"ssl://|tls://|laravel|symfony"),
            c.IMPLICIT_TLS_ON_STARTTLS_PORT,
            c.STARTTLS_ON_IMPLICIT_TLS_PORT,
            c.WRONG_HOST,
        ),
        (
            "SMTP Error: Could not connect to SMTP host. Failed to connect to server",
            "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting",
        ),
        generic=True,
    ),
    Signature(
        "certificate-hostname-mismatch",
        "The server's certificate is for another name",
        "TLS worked, but the certificate does not name the host the client connected to.",
        (
            r"hostname mismatch",
            r"certificate is not valid for",
            r"does not match certificate's altnames",
            r"is not in the cert's altnames",
            r"err_tls_cert_altname_invalid",
            r"hostname '?[^ ]+'? doesn't match",
        ),
        _causes(c.CERTIFICATE_NAME_MISMATCH, c.VERIFICATION_OFF_WORKAROUND),
        (
            "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
            "verify failed: Hostname mismatch, certificate is not valid for "
            "'smtp.mailgun.com'. (_ssl.c:1081)",
            "Hostname/IP does not match certificate's altnames: Host: mail.example.com. is "
            "not in the cert's altnames: DNS:example.com",
        ),
        modes=("FM13",),
    ),
    Signature(
        "certificate-untrusted",
        "The server's certificate is not trusted",
        "TLS stopped because the certificate chain does not lead to a trusted authority, or "
        "the certificate has expired.",
        (
            r"self[- _]signed[ _]cert",
            r"unable to get local issuer certificate",
            r"certificate has expired",
            r"cert_has_expired",
            r"unable to verify the first certificate",
            r"unable_to_verify_leaf_signature",
        ),
        _causes(c.CERTIFICATE_UNTRUSTED, c.VERIFICATION_OFF_WORKAROUND),
        (
            "Error: self-signed certificate in certificate chain",
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local "
            "issuer certificate (_ssl.c:1006)",
        ),
    ),
    Signature(
        "certificate-verify-failed",
        "The server's certificate did not verify",
        "TLS stopped at the certificate check: the name does not match, or the certificate "
        "is not trusted.",
        (r"certificate[ _]verify[ _]failed",),
        _causes(
            c.CERTIFICATE_NAME_MISMATCH,
            c.CERTIFICATE_UNTRUSTED,
            c.VERIFICATION_OFF_WORKAROUND,
        ),
        (
            "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
            "failed",
        ),
        generic=True,
    ),
    Signature(
        "send-as-denied",
        "The server refused the sender: the login may not send as this address",
        "The From address is not the logged-in mailbox, nor an alias or Send As address it "
        "has rights to.",
        (
            r"sendasdenied",
            r"not allowed to send as",
            r"not owned by (auth )?user",
            r"sender address rejected: not owned",
            r"relaying disallowed",
            r"5\.2\.252",
        ),
        _causes(
            _only(c.THUNDERBIRD_IDENTITY_SENDER, _THUNDERBIRD),
            c.SENDER_NOT_OWNED,
            _first(c.MISSING_CREDENTIALS, r"relaying disallowed"),
        ),
        (
            "554 5.2.252 SendAsDenied; a@x.com not allowed to send as b@y.com; "
            "STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied",
            "553 5.7.1 <user1@domain.com>: Sender address rejected: not owned by user "
            "user2@domain.com",
        ),
        replies=("554 5.2.252", "553 5.7.1"),
        modes=("FM04",),
    ),
    Signature(
        "sender-not-verified",
        "The sending service refused an unverified sender",
        "The From address or its domain has not been verified at the sending service, or "
        "the account is still in its sandbox.",
        (
            r"verified sender identity",
            r"email address is not verified",
            r"identities failed the check",
            r"sandbox subdomains are for test purposes",
            r"authorized recipients",
        ),
        _causes(c.SENDER_UNVERIFIED, c.PLACEHOLDER_SENDER),
        (
            "550 The from address does not match a verified Sender Identity. Mail cannot be "
            "sent until this error is resolved.",
            "554 Message rejected: Email address is not verified. The following identities "
            "failed the check in region US-EAST-1: app@example.org",
            "Sandbox subdomains are for test purposes only. Please add your own domain or "
            "add the address to authorized recipients in Account Settings.",
        ),
        modes=("FM06",),
    ),
    Signature(
        "invalid-sender",
        "The sender address is empty or invalid",
        "The library or the server rejected the From address itself.",
        (
            r"does not comply with addr-spec",
            r"invalid address",
            r"invalid sender",
            r"sender address (syntax|must contain a domain)",
        ),
        _causes(c.INVALID_SENDER, c.PLACEHOLDER_SENDER),
        ('Email "" does not comply with addr-spec of RFC 2822.', "Invalid address:  (From)"),
    ),
    Signature(
        "sender-refused",
        "The server refused the sender (MAIL FROM)",
        "The server would not take mail from this address; the text after the code says why.",
        (
            r"smtpsenderrefused",
            r"sender address rejected",
            r"the following from address failed",
            r"verify that your email address is correct in your account settings",
        ),
        _causes(
            _only(c.THUNDERBIRD_IDENTITY_SENDER, _THUNDERBIRD),
            c.SENDER_NOT_OWNED,
            _first(c.PLACEHOLDER_SENDER, _SENDER_PLACEHOLDER),
            c.SENDER_UNVERIFIED,
            c.MISSING_CREDENTIALS,
        ),
        (
            "smtplib.SMTPSenderRefused: (553, b'5.7.1 Sender address rejected', 'app@example.org')",
            "An error occurred while sending mail. The mail server responded: 553 Sender "
            "rejected. Please verify that your email address is correct in your account "
            "settings and try again.",
        ),
        generic=True,
    ),
    Signature(
        "relay-denied",
        "The server will not relay this mail",
        "The server accepts mail for other domains only from logged-in users (or allowed "
        "addresses).",
        (r"relay(ing)? (access )?(denied|not permitted)", r"unable to relay"),
        _causes(c.MISSING_CREDENTIALS, c.SENDER_NOT_OWNED, c.AUTH_NOT_OFFERED),
        ("554 5.7.1 <to@example.net>: Relay access denied",),
    ),
    # Thunderbird's own dialogs (mail/messenger/messengercompose/messengercompose.ftl).
    Signature(
        "thunderbird-auth-failure",
        "Thunderbird could not log in to the outgoing server",
        "The server refused the login Thunderbird sent with the configured authentication method.",
        (r"unable to authenticate to outgoing server",),
        _causes(
            c.THUNDERBIRD_AUTH_METHOD,
            _first(c.MICROSOFT_BASIC_AUTH, _MICROSOFT),
            _first(c.GMAIL_APP_PASSWORD, _GOOGLE),
            c.WRONG_CREDENTIALS,
        ),
        (
            "Unable to authenticate to Outgoing server (SMTP) smtp.example.com. Please check "
            "the password and verify the 'Authentication method' in 'Account Settings | "
            "Outgoing server (SMTP)'.",
        ),
        modes=("FM24",),
    ),
    Signature(
        "thunderbird-auth-method",
        "Thunderbird's authentication method is not one the server takes",
        "The server does not offer the mechanism chosen in Account Settings.",
        (
            r"does not seem to support encrypted passwords",
            r"does not allow plaintext passwords",
            r"does not support the selected authentication method",
        ),
        _causes(c.THUNDERBIRD_AUTH_METHOD, _first(c.MICROSOFT_BASIC_AUTH, _MICROSOFT)),
        (
            "The Outgoing server (SMTP) smtp.example.com does not support the selected "
            "authentication method. Please change the 'Authentication method' in 'Account "
            "Settings | Outgoing Server (SMTP)'.",
        ),
        modes=("FM24",),
    ),
    Signature(
        "thunderbird-starttls-failed",
        "Thunderbird asked for STARTTLS and the server does not offer it",
        "Connection security is STARTTLS, but the server's EHLO reply has no STARTTLS.",
        (r"unable to establish a secure link with outgoing server",),
        _causes(c.THUNDERBIRD_SECURITY, c.STARTTLS_NOT_OFFERED),
        (
            "An error occurred while sending mail: Unable to establish a secure link with "
            "Outgoing server (SMTP) smtp.example.com using STARTTLS since it doesn't "
            "advertise that feature. Switch off STARTTLS for that server or contact your "
            "service provider.",
        ),
        modes=("FM24",),
    ),
    Signature(
        "thunderbird-timeout",
        "Thunderbird's connection to the outgoing server timed out",
        "No answer came in time: STARTTLS on port 465 waits for a greeting that never "
        "comes, or the port is blocked.",
        (r"connection to outgoing server \(smtp\) \S+ timed out",),
        _causes(c.THUNDERBIRD_SECURITY, c.BLOCKED_PORT),
        (
            "The message could not be sent because the connection to Outgoing server (SMTP) "
            "smtp.example.com timed out. Try again.",
        ),
        modes=("FM24",),
    ),
    Signature(
        "thunderbird-connection-failed",
        "Thunderbird could not connect to the outgoing server",
        "The server refused the connection or is not reachable on that port.",
        (r"connecting to outgoing server \(smtp\) \S+ failed",),
        _causes(c.THUNDERBIRD_SECURITY, c.WRONG_PORT, c.WRONG_HOST, c.BLOCKED_PORT),
        (
            "The message could not be sent because connecting to Outgoing server (SMTP) "
            "smtp.example.com failed. The server may be unavailable or is refusing SMTP "
            "connections.",
        ),
        modes=("FM24",),
    ),
    Signature(
        "thunderbird-connection-lost",
        "Thunderbird lost the connection in the middle of sending",
        "The server closed the connection: SSL/TLS on a STARTTLS port is the usual reason.",
        (r"was lost in the middle of the transaction",),
        _causes(c.THUNDERBIRD_SECURITY, c.SENDER_NOT_OWNED),
        (
            "The message could not be sent because the connection to Outgoing server (SMTP) "
            "smtp.example.com was lost in the middle of the transaction. Try again.",
        ),
        modes=("FM24",),
    ),
    Signature(
        "thunderbird-unknown-server",
        "Thunderbird does not find the outgoing server",
        "The host name does not resolve.",
        (r"outgoing server \(smtp\) \S+ is unknown",),
        _causes(c.WRONG_HOST),
        (
            "An error occurred while sending mail: Outgoing server (SMTP) smtp.example.con is "
            "unknown. The server may be incorrectly configured.",
        ),
        modes=("FM24",),
    ),
)
