"""Why a reply happens: the causes, each with the settings involved and the rules that catch it.

A cause names the failure modes of the project's catalogue it belongs to (FM01…FM24, see
docs/failure-modes.md) and the rule codes whose findings show it in a file; the rules' names
and summaries come from the rule registry when an answer is built.
"""

from __future__ import annotations

from smtplint.explain.parts import Part
from smtplint.records import record


@record
class Cause:
    id: str
    title: str
    explanation: str
    fix: str
    parts: tuple[Part, ...]
    rules: tuple[str, ...] = ()  # codes whose findings show this cause in a file
    modes: tuple[str, ...] = ()  # failure modes of the catalogue

    @property
    def visible_in_files(self) -> bool:
        return bool(self.rules)


_TLS = (Part.SECURITY, Part.PORT)
_LOGIN = (Part.USERNAME, Part.PASSWORD)

IMPLICIT_TLS_ON_STARTTLS_PORT = Cause(
    "implicit-tls-on-starttls-port",
    "Implicit TLS (SSL) is switched on for a port that starts in plaintext (587, 25, 2525)",
    "The client starts a TLS handshake at once, but the server on this port first sends a "
    "plaintext greeting; the TLS library reads that text as a broken record and gives up "
    "with 'wrong version number'.",
    "Use STARTTLS on that port (Django EMAIL_USE_TLS=True, Nodemailer SMTP_SECURE=false, "
    "Laravel MAIL_SCHEME=smtp), or keep implicit TLS and use port 465.",
    _TLS,
    ("SL101",),
    ("FM01",),
)
STARTTLS_ON_IMPLICIT_TLS_PORT = Cause(
    "starttls-on-implicit-tls-port",
    "STARTTLS or plaintext is used on port 465, which expects TLS from the first byte",
    "The client waits for a plaintext greeting while the server waits for a TLS handshake. "
    "Nothing happens until one side gives up: 'Connection unexpectedly closed', 'Greeting "
    "never received', or a timeout (or a hang, when no timeout is set).",
    "Switch implicit TLS on for port 465 (EMAIL_USE_SSL=True, MAIL_USE_SSL=True, "
    "SMTP_SECURE=true, MAIL_SCHEME=smtps, try_ssl=3), or keep STARTTLS and use port 587.",
    _TLS,
    ("SL102",),
    ("FM02",),
)
STRING_BOOLEAN = Cause(
    "string-boolean",
    "A TLS/SSL flag is a string read from the environment, so 'False' switches it on",
    "Environment values are strings, and every non-empty string is true in Python: "
    "EMAIL_USE_SSL = os.environ.get('EMAIL_USE_SSL', 'False') turns SSL on, so the client "
    "uses a TLS mode that was meant to be off.",
    "Convert the value explicitly: env.bool('EMAIL_USE_SSL') (django-environ), "
    "config('EMAIL_USE_SSL', cast=bool) (python-decouple), or compare "
    "value.lower() in ('1', 'true', 'yes').",
    (Part.SECURITY,),
    ("SL602",),
    ("FM08",),
)
BOTH_TLS_FLAGS = Cause(
    "both-tls-flags",
    "Both the STARTTLS flag and the implicit-TLS flag are switched on",
    "Django refuses the pair when the backend is created ('EMAIL_USE_TLS/EMAIL_USE_SSL are "
    "mutually exclusive'); Flask-Mail opens an SSL socket and then sends STARTTLS inside "
    "it, which the server does not offer there ('STARTTLS extension not supported by "
    "server.').",
    "Keep one flag: implicit TLS (..._USE_SSL) for port 465, STARTTLS (..._USE_TLS) for 587.",
    _TLS,
    ("SL103",),
    ("FM18",),
)
LARAVEL_SCHEME = Cause(
    "laravel-scheme",
    "Laravel takes the TLS mode from MAIL_SCHEME and the port, not from MAIL_ENCRYPTION",
    "laravel/framework 11.35 and later do not read MAIL_ENCRYPTION; with MAIL_SCHEME unset, "
    "implicit TLS is used only on port 465. MAIL_SCHEME=smtps on 587 (or Laravel 9.0, which "
    "turned MAIL_ENCRYPTION=tls into smtps on any port) gives 'wrong version number'; "
    'Laravel 11.34 with symfony/mailer 7.2 fails on a missing scheme with \'The "" scheme '
    "is not supported'.",
    "Remove MAIL_ENCRYPTION; set MAIL_SCHEME=smtps only with port 465, and MAIL_SCHEME=smtp "
    "(or nothing) with 587; on Laravel 11.34 set MAIL_SCHEME or update laravel/framework.",
    (*_TLS, Part.IGNORED),
    ("SL101", "SL604"),
    ("FM15",),
)
AMBIGUOUS_URL_SCHEME = Cause(
    "ambiguous-url-scheme",
    "An smtps:// URL means STARTTLS to one library and implicit TLS to another",
    "django-environ and dj-email-url read smtps:// as STARTTLS (EMAIL_USE_TLS); Nodemailer, "
    "Symfony and curl read it as implicit TLS. A URL copied from one stack to another "
    "flips the mode, and the port then gets the wrong one.",
    "Write the form your parser cannot misread: for django-environ smtp+ssl:// (implicit "
    "TLS, port 465) or smtp+tls:// (STARTTLS, port 587); for Nodemailer smtps:// with 465 "
    "and smtp:// with 587.",
    (Part.URL, Part.PORT),
    ("SL603",),
    ("FM23",),
)
IGNORED_KEY = Cause(
    "ignored-key",
    "A misspelled or retired key is ignored, so the library's default applies",
    "Libraries skip keys they do not read (Django EMAIL_USE_TSL, Flask-Mail MAIL_HOST, "
    "Nodemailer's legacy secureConnection, a misspelled port key): the default port, TLS "
    "mode or empty login is used instead, and the failure shows up as another error.",
    "Rename the key to the one the library reads; smtplint names it.",
    (Part.IGNORED,),
    ("SL604",),
    ("FM17",),
)
NO_TIMEOUT = Cause(
    "no-timeout",
    "No timeout is set, so a connection that never answers blocks the request or worker",
    "Django without EMAIL_TIMEOUT and Flask-Mail wait until the operating system gives up "
    "(minutes to hours), so a TLS/port mismatch or a blocked port shows up as a hang, a "
    "worker timeout, or an error long after the request.",
    "Set a timeout of a few seconds (EMAIL_TIMEOUT=10, MAIL_TIMEOUT=10, SMTP_TIMEOUT), then "
    "fix the connection problem the hang was hiding.",
    (Part.TIMEOUT,),
    ("SL601",),
    ("FM19",),
)
BLOCKED_PORT = Cause(
    "blocked-port",
    "The network blocks the outgoing port (port 25 on most clouds and home connections)",
    "Cloud providers (Google Compute Engine always) and many ISPs drop outgoing connections "
    "to port 25, and some networks also block 465 or 587; the connection attempt gets no "
    "answer and times out. Port 25 is for server-to-server relay, not for submitting mail.",
    "Submit on 587 with STARTTLS or 465 with implicit TLS, or on the provider's alternate "
    "port (2525, 2587, 8025) when those are blocked too.",
    (Part.PORT, Part.HOST),
    ("SL109", "SL105"),
    ("FM16",),
)
WRONG_PORT = Cause(
    "wrong-port",
    "The server does not listen on this port",
    "The port is a library default (Django and Flask use 25, Nodemailer 587) or one the "
    "provider does not offer, so the server refuses or ignores the connection.",
    "Set the port the provider documents for submission: 587 with STARTTLS or 465 with "
    "implicit TLS.",
    (Part.PORT, Part.HOST),
    ("SL106", "SL105"),
)
MISSING_HOST = Cause(
    "missing-host",
    "No host is set, so the client connects to this machine (localhost)",
    "Django's EMAIL_HOST and Flask's MAIL_SERVER default to localhost; a variable that is "
    "not set in the environment the app runs with leaves the default in place, and nothing "
    "listens for mail there.",
    "Set the provider's SMTP host where the app really reads it (its .env, the container's "
    "environment, the deployment's secrets).",
    (Part.HOST,),
    ("SL206",),
)
WRONG_HOST = Cause(
    "wrong-host",
    "The host name is wrong: misspelled, a placeholder, an incoming-mail host, or not a bare name",
    "A host such as smtp.gmial.com, imap.example.com, smtp.example.com:587 or "
    "https://smtp.example.com does not resolve to an SMTP server.",
    "Use the provider's SMTP host name alone; the port goes in its own setting.",
    (Part.HOST,),
    ("SL201", "SL203", "SL204"),
)
GMAIL_APP_PASSWORD = Cause(
    "gmail-app-password",
    "Google needs an app password (or OAuth2), not the account password",
    "Google refuses the normal account password over SMTP ('less secure app access' is "
    "gone); with 2-Step Verification on, only a 16-letter app password works. A typo or an "
    "address that is not a Google account gets the same answer.",
    "Create an app password (https://support.google.com/accounts/answer/185833; it needs "
    "2-Step Verification) and use it as the password, or log in with OAuth2 (XOAUTH2).",
    _LOGIN,
    ("SL306",),
    ("FM03",),
)
WRONG_CREDENTIALS = Cause(
    "wrong-credentials",
    "The username or password is not the one this server expects",
    "A typo, an expired or revoked password or API key, the login of another account or "
    "provider, or a password changed on its way into the app (cut at an unquoted '#', a "
    "'$' expanded by the env-file reader).",
    "Check the login against the provider's SMTP settings, quote the password in the env "
    "file, and create a new app password or API key if in doubt.",
    _LOGIN,
    ("SL302", "SL306", "SL205"),
)
PROVIDER_USERNAME = Cause(
    "provider-username",
    "The provider requires a fixed username (SendGrid: apikey)",
    "SendGrid's SMTP login is the literal username 'apikey' with the API key (SG....) as "
    "the password; the account name, its email or the key's ID is refused. Resend (resend) "
    "and Postmark (the server token as both) have fixed usernames too.",
    "Set the username to the value the provider documents and the API key as the password.",
    (Part.USERNAME, Part.PASSWORD, Part.HOST),
    ("SL302", "SL306"),
    ("FM14",),
)
SES_CREDENTIALS = Cause(
    "ses-credentials",
    "Amazon SES gets IAM access keys, or SMTP credentials made for another region",
    "SES takes SMTP credentials derived from an IAM key for one region (a 44-character "
    "password); the IAM secret access key itself (40 characters) is refused, and so are "
    "credentials created for another region than the one in the host name.",
    "Create SMTP credentials in the SES console for the region of your host "
    "(email-smtp.<region>.amazonaws.com).",
    (Part.HOST, Part.USERNAME, Part.PASSWORD),
    ("SL306", "SL302"),
    ("FM11",),
)
WRONG_REGION_HOST = Cause(
    "wrong-region-host",
    "The host is another region's or product's server for this account",
    "Zoho accounts live in one data centre (smtp.zoho.eu, smtp.zoho.in, smtp.zoho.com.au, "
    "...), SES credentials work only in their region, and Microsoft 365 and Outlook.com "
    "accounts use different hosts: the other server does not know the login.",
    "Use the host of the account's data centre or region, as the provider's settings page "
    "shows it.",
    (Part.HOST, Part.USERNAME),
    ("SL205",),
    ("FM21",),
)
MICROSOFT_BASIC_AUTH = Cause(
    "microsoft-basic-auth",
    "Microsoft refuses a password login here (Basic authentication)",
    "SMTP AUTH is disabled for the tenant (the default for new tenants) or the mailbox; "
    "Outlook.com and Hotmail personal accounts stopped taking passwords, app passwords "
    "included, on 16 September 2024, and Exchange Online is retiring password logins for "
    "client submission (smtplint rule SL303 has the dates).",
    "Log in with OAuth2 (XOAUTH2), send through Microsoft Graph or a sending service; while "
    "it is still allowed, an admin can enable SMTP AUTH for the one mailbox.",
    (Part.HOST, Part.USERNAME, Part.PASSWORD, Part.AUTH_METHOD),
    ("SL303",),
    ("FM09",),
)
SENDER_NOT_OWNED = Cause(
    "sender-not-owned",
    "The From address is not one the login may send as",
    "Exchange Online (SendAsDenied), Postfix and mailcow (reject_sender_login_mismatch), "
    "Yandex and Zoho refuse a sender that is neither the logged-in mailbox nor an alias or "
    "Send As address it has rights to.",
    "Send as the login's own address, or grant Send As rights / add the alias at the provider.",
    (Part.SENDER, Part.USERNAME),
    ("SL404",),
    ("FM04",),
)
SENDER_UNVERIFIED = Cause(
    "sender-unverified",
    "The sender is not verified at the sending service, or the account is in a sandbox",
    "SendGrid sends only from a verified Sender Identity; SES needs the address or domain "
    "verified in the region of the host (and, in the sandbox, the recipients too); a "
    "Mailgun sandbox domain delivers only to authorised recipients.",
    "Verify the sender address or domain at the service (in the region your host names), "
    "and send from your own domain rather than a sandbox one.",
    (Part.SENDER, Part.HOST),
    ("SL404", "SL403"),
    ("FM06",),
)
PLACEHOLDER_SENDER = Cause(
    "placeholder-sender",
    "The sender is a placeholder or the library's default (webmaster@localhost, hello@example.com)",
    "Django sends as webmaster@localhost when DEFAULT_FROM_EMAIL is not set, and Laravel's "
    "example file says hello@example.com; servers refuse such senders, and when the login "
    "is missing as well the refusal comes at MAIL FROM, naming that address.",
    "Set the sender to an address of your own, verified domain (DEFAULT_FROM_EMAIL, "
    "MAIL_DEFAULT_SENDER, MAIL_FROM_ADDRESS, SMTP_FROM).",
    (Part.SENDER,),
    ("SL401", "SL403"),
    ("FM20",),
)
INVALID_SENDER = Cause(
    "invalid-sender",
    "The sender is empty or not a valid address",
    "An unset sender variable, a bare name, or 'Name <address>' with a typo is rejected "
    "before anything is sent, or by the server at MAIL FROM.",
    "Set the sender to a plain address or 'Name <address>'.",
    (Part.SENDER,),
    ("SL401", "SL402"),
)
MISSING_CREDENTIALS = Cause(
    "missing-credentials",
    "No login is sent: the username or password is missing or empty",
    "An environment variable that is never set or an empty password makes the client skip "
    "AUTH; the server then refuses the mail at MAIL FROM ('Authentication Required', "
    "'5.7.57 Client not authenticated'), and Nodemailer stops with 'Missing credentials "
    'for "PLAIN"\'.',
    "Set both the username and the password in the environment the app really runs with.",
    _LOGIN,
    ("SL301",),
    ("FM05",),
)
CREDENTIALS_WRONG_KEY = Cause(
    "credentials-wrong-key",
    "The login is under a key the library does not read",
    "Nodemailer reads auth.pass, not auth.password; Django reads EMAIL_HOST_USER and "
    "EMAIL_HOST_PASSWORD, not EMAIL_USER or EMAIL_PASSWORD. The value is there, but the "
    "library sends no login.",
    "Rename the keys to the ones the library reads; smtplint names them.",
    (*_LOGIN, Part.IGNORED),
    ("SL604",),
    ("FM05", "FM17"),
)
URL_CREDENTIALS_ENCODING = Cause(
    "url-credentials-encoding",
    "Special characters in the username or password of an SMTP URL are not percent-encoded",
    "An '@', ':', '/', '?' or '#' in the credentials cuts the URL in the wrong place: part "
    "of the username becomes the host (getaddrinfo ENOTFOUND ...), the port is not a number "
    "(invalid literal for int()), or the URL does not parse (URI malformed, Invalid URL).",
    "Percent-encode the username and password in the URL (@ is %40, / is %2F, : is %3A), "
    "or use separate host, user and password settings.",
    (Part.URL, *_LOGIN),
    ("SL502",),
    ("FM07",),
)
STARTTLS_OFF = Cause(
    "starttls-off",
    "STARTTLS is switched off, and the server accepts nothing before it",
    "On port 587 with no TLS flag (or Nodemailer's ignoreTLS) the client stays in "
    "plaintext; Gmail and Postfix answer 'Must issue a STARTTLS command first', Exchange "
    "'STARTTLS is required to send mail', and servers that offer AUTH only after STARTTLS "
    "make the client report 'SMTP AUTH extension not supported by server'.",
    "Switch STARTTLS on: EMAIL_USE_TLS=True, MAIL_USE_TLS=True, SMTP_REQUIRE_TLS=true, "
    "Laravel MAIL_SCHEME=smtp (or unset), Thunderbird try_ssl=2.",
    _TLS,
    ("SL104", "SL304"),
    ("FM10",),
)
AUTH_NOT_OFFERED = Cause(
    "auth-not-offered",
    "A login is sent to a server that offers no SMTP AUTH there",
    "Port 25 of an MX or relay, an IP-authorised relay or a development mail catcher does "
    "not advertise AUTH; a client given credentials tries to log in anyway and stops.",
    "Log in on the submission port (587 with STARTTLS, 465 with implicit TLS), or remove "
    "the username and password for a relay that needs none.",
    (Part.HOST, Part.PORT, *_LOGIN),
    ("SL305", "SL109"),
    ("FM12",),
)
STARTTLS_NOT_OFFERED = Cause(
    "starttls-not-offered",
    "The client insists on STARTTLS, but this server does not offer it",
    "A local relay or mail catcher without TLS, port 25 of a server without STARTTLS, or a "
    "connection that is already TLS (implicit TLS on 465) where STARTTLS is not offered "
    "again.",
    "Connect to the provider's submission port with the matching TLS mode; for a local "
    "mail catcher, switch TLS off.",
    (*_TLS, Part.HOST),
)
CERTIFICATE_NAME_MISMATCH = Cause(
    "certificate-name-mismatch",
    "The host name you connect to is not in the server's certificate",
    "TLS checks the name in the host setting: an IP address, an alias (CNAME) such as "
    "mail.yourdomain.com, or the web server's name is not among the names the mail "
    "server's certificate lists.",
    "Connect to the name the certificate is issued for: the provider's own SMTP host name.",
    (Part.HOST,),
    ("SL207", "SL202"),
    ("FM13",),
)
CERTIFICATE_UNTRUSTED = Cause(
    "certificate-untrusted",
    "The certificate is not trusted: self-signed, expired, or replaced on the way",
    "A server with a self-signed or expired certificate, a missing CA bundle in the "
    "container, or an antivirus or company proxy that intercepts TLS and presents its own "
    "certificate.",
    "Use the server's public name and a publicly trusted certificate; for a private CA add "
    "it to the trust store (SSL_CERT_FILE, NODE_EXTRA_CA_CERTS) instead of switching checks "
    "off.",
    (Part.HOST, Part.VERIFY),
)
VERIFICATION_OFF_WORKAROUND = Cause(
    "verification-off-workaround",
    "Switching certificate verification off would hide this, not fix it",
    "rejectUnauthorized: false, verify_peer=0 or an unverified SSL context makes the error "
    "go away and lets anyone on the network path read the password.",
    "Keep verification on and fix the host name or the trust store instead.",
    (Part.VERIFY,),
    ("SL108",),
    ("FM22",),
)
THUNDERBIRD_AUTH_METHOD = Cause(
    "thunderbird-auth-method",
    "Thunderbird's authentication method does not match what the server accepts",
    "'Normal password' (authMethod 3) or 'Encrypted password' (4) to a server that takes "
    "only OAuth2 (Microsoft 365, Outlook.com) or only the other kind of password; 'No "
    "authentication' (1) where a login is required; 'Any' (9) may skip AUTH or pick the "
    "weakest mechanism.",
    "In Account Settings, Outgoing Server (SMTP), set the Authentication method the "
    "provider documents (OAuth2 for Microsoft and Google).",
    (Part.AUTH_METHOD, Part.USERNAME),
    ("SL303", "SL301", "SL307"),
    ("FM24",),
)
THUNDERBIRD_SECURITY = Cause(
    "thunderbird-security",
    "Thunderbird's Connection security and port are out of step",
    "try_ssl=3 (SSL/TLS) with port 587 gets no TLS handshake, try_ssl=2 (STARTTLS) with 465 "
    "waits for a greeting that never comes; port 0 means 465 with SSL/TLS and 587 "
    "otherwise; try_ssl=1 ('STARTTLS, if available') is retired.",
    "Pair SSL/TLS with port 465 and STARTTLS with port 587 in Account Settings, Outgoing "
    "Server (SMTP).",
    _TLS,
    ("SL101", "SL102", "SL110"),
    ("FM24",),
)
THUNDERBIRD_IDENTITY_SENDER = Cause(
    "thunderbird-identity-sender",
    "The identity's email address is not one the outgoing server's login may send as",
    "Thunderbird sends as the identity's address (mail.identity.<id>.useremail) through the "
    "outgoing server that identity uses; when that server's username is another mailbox, "
    "the server refuses the sender.",
    "In Account Settings, give the identity the outgoing server of its own account, or log "
    "in to that server as the identity's mailbox.",
    (Part.SENDER, Part.USERNAME),
    ("SL404",),
    ("FM24",),
)

ALL_CAUSES: tuple[Cause, ...] = tuple(
    value for value in globals().values() if isinstance(value, Cause)
)
