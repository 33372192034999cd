"""SL7xx: DNS checks, run only by ``check --network``.

These rules are registered like the others, so ``smtplint rules``, ``rule``, ``--select`` and
suppression comments know them, but they are file-level as far as the engine is concerned:
the offline engine never runs them. ``smtplint.network`` looks the names up and produces
their findings. Their examples describe, in a comment, the DNS answers they assume.
"""

from __future__ import annotations

from smtplint.model import Severity
from smtplint.rules._examples import edited
from smtplint.rules.base import Example, RuleDocs, no_reports, rule

# A Google Workspace mailbox of a custom domain, sending through Google.
WORKSPACE = (
    "# DNS: acme-widgets.com has MX aspmx.l.google.com, SPF include:_spf.google.com\n"
    '# and DMARC "v=DMARC1; p=none"\n'
    "SMTP_HOST=smtp.gmail.com\n"
    "SMTP_PORT=465\n"
    "SMTP_SECURE=true\n"
    "SMTP_USER=jane@acme-widgets.com\n"
    "SMTP_PASS=${GMAIL_APP_PASSWORD}\n"
    "SMTP_FROM=jane@acme-widgets.com\n"
)


def _assuming(dns: str, **values: str) -> str:
    """The Workspace example with its DNS comment replaced and some keys changed."""
    lines = edited(WORKSPACE, **values).splitlines(keepends=True)
    body = [line for line in lines if not line.startswith("#")]
    return "".join(f"# DNS: {line}\n" for line in dns.split("\n")) + "".join(body)


NETWORK_CODES = ("SL701", "SL702", "SL703", "SL704", "SL705", "SL706", "SL707")

rule(
    "SL701",
    "sender-domain-cannot-receive-mail",
    Severity.ERROR,
    "The sender's domain does not exist, or accepts no mail",
    RuleDocs(
        what=(
            "Looks up the MX records of the sender address's domain. Reports a domain that "
            "does not exist (NXDOMAIN), one that publishes a null MX ('0 .', RFC 7505: it "
            "accepts no mail), and one with neither an MX record nor an A/AAAA address to "
            "fall back on (RFC 5321 §5.1). Runs only with check --network."
        ),
        why=(
            "Receivers check that a sender can be replied to: Postfix's "
            "reject_unknown_sender_domain answers '450 4.1.8 <address>: Sender address "
            "rejected: Domain not found', and RFC 7505 tells servers to refuse a null-MX "
            "sender with '550 5.7.27 Sender address has null MX'. Bounces to such an address "
            "are lost."
        ),
        fix=(
            "Send from an address whose domain receives mail (it has MX records), or "
            "publish MX records for the domain."
        ),
        fails=Example(
            _assuming(
                "news.acme-widgets.com publishes a null MX (0 .)",
                SMTP_USER="alerts@news.acme-widgets.com",
                SMTP_FROM="alerts@news.acme-widgets.com",
            )
        ),
        passes=Example(WORKSPACE),
    ),
    file_level=True,
)(no_reports)

rule(
    "SL702",
    "spf-does-not-authorise-provider",
    Severity.WARNING,
    "The sender domain's SPF record does not authorise the provider that sends the mail",
    RuleDocs(
        what=(
            "Walks the SPF record of the sender's domain as receivers do (RFC 7208), "
            "following include: and redirect= within the limit of 10 DNS lookups. Reports a "
            "record that is a permanent error (more than 10 lookups, an include loop, an "
            "include of a domain without SPF, two SPF records), and, for a provider whose "
            "profile names its SPF include (Google Workspace _spf.google.com, Microsoft 365 "
            "spf.protection.outlook.com …), a domain that publishes no SPF record or one "
            "that never reaches that include. Runs only with check --network."
        ),
        why=(
            "Gmail requires SPF or DKIM of every sender and rejects unauthenticated mail "
            "with '550-5.7.26 This mail has been blocked because the sender is "
            "unauthenticated'; with a DMARC policy an SPF fail without DKIM becomes '550 "
            "5.7.26 Unauthenticated email from <domain> is not accepted due to domain's "
            "DMARC policy'. A permerror counts as no SPF at all."
        ),
        fix=(
            "Add the provider's include to the domain's one SPF record (v=spf1 "
            "include:_spf.google.com ~all), merge several SPF records into one, and flatten "
            "includes until evaluation needs at most 10 lookups."
        ),
        fails=Example(
            _assuming(
                "acme-gadgets.com has SPF v=spf1 include:mailgun.org ~all (no Google)",
                SMTP_USER="jane@acme-gadgets.com",
                SMTP_FROM="jane@acme-gadgets.com",
            )
        ),
        passes=Example(WORKSPACE),
    ),
    file_level=True,
)(no_reports)

rule(
    "SL703",
    "dmarc-missing-or-invalid",
    Severity.WARNING,
    "The sender's domain publishes no valid DMARC record",
    RuleDocs(
        what=(
            "Looks up the DMARC record at _dmarc.<sender domain> (then at its parent "
            "domains, as receivers fall back to the organizational domain) and checks its "
            "syntax: v=DMARC1 first, a p= policy of none, quarantine or reject, valid pct, "
            "adkim, aspf, fo and mailto: report addresses, and one record only. Runs only "
            "with check --network."
        ),
        why=(
            "Since February 2024 Gmail (support.google.com/a/answer/81126) and Yahoo "
            "(senders.yahooinc.com/best-practices) require a DMARC record of bulk senders "
            "(5,000 or more messages a day); Gmail's list of SMTP errors "
            "(support.google.com/a/answer/3726730) gives the temporary status 4.7.40 for "
            "mail from a domain without one. An invalid record is ignored, as if there were "
            "none."
        ),
        fix=(
            'Publish a TXT record at _dmarc.<domain>, at least "v=DMARC1; p=none; '
            'rua=mailto:dmarc@<domain>", and tighten the policy once reports show that '
            "all your mail passes."
        ),
        fails=Example(
            _assuming(
                "acme-tools.com has MX and SPF for Google but no _dmarc.acme-tools.com",
                SMTP_USER="jane@acme-tools.com",
                SMTP_FROM="jane@acme-tools.com",
            )
        ),
        passes=Example(WORKSPACE),
    ),
    file_level=True,
)(no_reports)

rule(
    "SL704",
    "host-does-not-resolve",
    Severity.ERROR,
    "The SMTP host name has no address in DNS",
    RuleDocs(
        what=(
            "Looks up the A and AAAA records of the SMTP host (following CNAMEs). Reports a "
            "name that does not exist (NXDOMAIN) or that has no address, including an alias "
            "whose target is gone. Local names, addresses and development relays are not "
            "looked up. Runs only with check --network."
        ),
        why=(
            'Every connection fails before SMTP starts: "getaddrinfo ENOTFOUND" in Node.js, '
            '"socket.gaierror: [Errno -2] Name or service not known" in Python.'
        ),
        fix="Correct the host name, or publish the record it should have.",
        fails=Example(
            _assuming(
                "smtp.acme-widgets.com does not exist (NXDOMAIN)",
                SMTP_HOST="smtp.acme-widgets.com",
            )
        ),
        passes=Example(WORKSPACE),
    ),
    file_level=True,
)(no_reports)

rule(
    "SL705",
    "dns-lookup-failed",
    Severity.WARNING,
    "A DNS check could not be made: the lookup failed or timed out",
    RuleDocs(
        what=(
            "Reports each name from the configuration whose lookups failed (no answer "
            "within the timeout, SERVFAIL, a refused query) and the checks that were "
            "therefore not made. A failure is never taken for a missing record. Runs only "
            "with check --network."
        ),
        why=(
            "The SL7 checks did not run for this name, so a sender domain that mail "
            "servers refuse ('450 4.1.8 Sender address rejected: Domain not found') or a "
            "host that does not resolve may go unreported; the same resolver failure in the "
            "application shows as 'getaddrinfo EAI_AGAIN' or 'Temporary failure in name "
            "resolution'."
        ),
        fix=(
            "Run again, give a working resolver with --nameserver HOST[:PORT] or a longer "
            "--dns-timeout, or fix the domain's nameservers if they are the ones failing."
        ),
        fails=Example(
            _assuming(
                "the nameservers of acme-widgets.net never answer",
                SMTP_USER="jane@acme-widgets.net",
                SMTP_FROM="jane@acme-widgets.net",
            )
        ),
        passes=Example(WORKSPACE),
    ),
    file_level=True,
)(no_reports)

rule(
    "SL706",
    "host-aliases-provider",
    Severity.WARNING,
    "The SMTP host is an alias (CNAME) of a provider's server",
    RuleDocs(
        what=(
            "Follows the CNAME chain of a custom SMTP host name (smtp.example.com). When it "
            "ends at a known provider's SMTP or MX host, reports it, names the provider's "
            "own host, and checks the configured port and security against that provider's "
            "profile. Runs only with check --network."
        ),
        why=(
            "The provider's certificate names its own host, not the alias, so a client "
            "that verifies TLS fails: 'ssl.SSLCertVerificationError: certificate verify "
            "failed: Hostname mismatch' (Python), 'ERR_TLS_CERT_ALTNAME_INVALID' (Node.js). "
            "A client that does not verify is open to interception."
        ),
        fix=(
            "Connect to the provider's host named in the message (an unsafe fix), on the "
            "port and security its profile lists."
        ),
        fails=Example(
            _assuming(
                "mail.acme-widgets.com is a CNAME of smtp.gmail.com",
                SMTP_HOST="mail.acme-widgets.com",
            )
        ),
        passes=Example(WORKSPACE),
    ),
    file_level=True,
    fixable=True,
)(no_reports)

rule(
    "SL707",
    "mailbox-hosted-elsewhere",
    Severity.WARNING,
    "The login's mailbox is hosted by another provider than the SMTP host's",
    RuleDocs(
        what=(
            "Infers the mailbox provider of the login's domain (or the sender's) from its "
            "MX records (aspmx.l.google.com → Google Workspace, *.mail.protection.outlook."
            "com → Microsoft 365, Zoho, Fastmail …). Reports a host that belongs to another "
            "mailbox provider; for a custom host that is not an alias of that provider, it "
            "adds an info finding naming the provider's submission server. Sending through "
            "an email service (SendGrid, SES …) or a relay is not reported. Runs only with "
            "check --network."
        ),
        why=(
            "A provider only knows its own mailboxes: the login fails with a 535 reply "
            "('535 5.7.3 Authentication unsuccessful' at Microsoft 365, '535-5.7.8 "
            "Username and Password not accepted' at Gmail)."
        ),
        fix=(
            "Submit to the mailbox provider's server named in the message (an unsafe fix), "
            "or log in with an account of the provider you connect to."
        ),
        fails=Example(
            _assuming(
                "acme-widgets.com has MX aspmx.l.google.com (Google Workspace)",
                SMTP_HOST="smtp.office365.com",
                SMTP_PORT="587",
                SMTP_SECURE="false",
            )
        ),
        passes=Example(WORKSPACE),
    ),
    file_level=True,
    fixable=True,
)(no_reports)
