"""``check --network``: the SL7 DNS checks against a real DNS server on loopback."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtplint.api import check_paths
from smtplint.model import Field, Finding
from smtplint.network import NetworkError, make_options, network_options, parse_nameserver
from smtplint.network.resolver import Lookup, Resolver
from smtplint.network.run import run_sync
from smtplint.rules import get_rule
from smtplint.rules.network import NETWORK_CODES, WORKSPACE
from tests.builders import TODAY
from tests.dns_server import DnsServer, txt

GOOGLE_MX = [("MX", "1 aspmx.l.google.com."), ("MX", "5 alt1.aspmx.l.google.com.")]
GOOGLE_SPF = ("TXT", txt("v=spf1 include:_spf.google.com ~all"))
DMARC_NONE = [("TXT", txt("v=DMARC1; p=none"))]


def google_domain(name: str, *, dmarc: bool = True) -> dict[str, list[tuple[str, str]]]:
    zone = {name: [*GOOGLE_MX, GOOGLE_SPF]}
    if dmarc:
        zone[f"_dmarc.{name}"] = DMARC_NONE
    return zone


OVER_LIMIT = " ".join(f"include:n{i}.limit-test.com" for i in range(11))

ZONE: dict[str, list[tuple[str, str]]] = {
    # providers
    "_spf.google.com": [("TXT", txt("v=spf1 include:_netblocks.google.com ~all"))],
    "_netblocks.google.com": [("TXT", txt("v=spf1 ip4:192.0.2.0/24 ~all"))],
    "spf.protection.outlook.com": [("TXT", txt("v=spf1 ip4:198.51.100.0/24 -all"))],
    "mailgun.org": [("TXT", txt("v=spf1 ip4:203.0.113.9 ~all"))],
    "smtp.gmail.com": [("A", "192.0.2.10")],
    "smtp.office365.com": [("A", "192.0.2.11")],
    "smtp.sendgrid.net": [("A", "192.0.2.12")],
    # the documentation examples
    **google_domain("acme-widgets.com"),
    "news.acme-widgets.com": [("MX", "0 ."), ("TXT", txt("v=spf1 -all"))],
    "acme-gadgets.com": [*GOOGLE_MX, ("TXT", txt("v=spf1 include:mailgun.org ~all"))],
    "_dmarc.acme-gadgets.com": DMARC_NONE,
    **google_domain("acme-tools.com", dmarc=False),
    "mail.acme-widgets.com": [("CNAME", "smtp.gmail.com.")],
    # SL701
    "implicit-mx-test.com": [("A", "192.0.2.20"), GOOGLE_SPF],
    "_dmarc.implicit-mx-test.com": DMARC_NONE,
    "no-mail-test.com": [("TXT", txt("v=spf1 -all"))],
    # SL702
    **google_domain("nested-test.com"),
    "nested-test.com": [*GOOGLE_MX, ("TXT", txt("v=spf1 include:_spf.nested-test.com -all"))],
    "_spf.nested-test.com": [
        ("TXT", txt("v=spf1 ip4:192.0.2.1 include:_inner.nested-test.com -all"))
    ],
    "_inner.nested-test.com": [("TXT", txt("v=spf1 include:_spf.google.com -all"))],
    **google_domain("redirect-test.com"),
    "redirect-test.com": [*GOOGLE_MX, ("TXT", txt("v=spf1 redirect=_spf.redirect-test.com"))],
    "_spf.redirect-test.com": [("TXT", txt("v=spf1 include:_spf.google.com ~all"))],
    **google_domain("loop-test.com"),
    "loop-test.com": [*GOOGLE_MX, ("TXT", txt("v=spf1 include:a.loop-test.com ~all"))],
    "a.loop-test.com": [("TXT", txt("v=spf1 include:b.loop-test.com ~all"))],
    "b.loop-test.com": [("TXT", txt("v=spf1 include:a.loop-test.com ~all"))],
    **google_domain("limit-test.com"),
    "limit-test.com": [
        *GOOGLE_MX,
        ("TXT", txt(f"v=spf1 {OVER_LIMIT} include:_spf.google.com ~all")),
    ],
    **{f"n{i}.limit-test.com": [("TXT", txt("v=spf1 ip4:192.0.2.1 ~all"))] for i in range(11)},
    **google_domain("twice-test.com"),
    "twice-test.com": [*GOOGLE_MX, GOOGLE_SPF, ("TXT", txt("v=spf1 include:mailgun.org ~all"))],
    **google_domain("dangling-test.com"),
    "dangling-test.com": [*GOOGLE_MX, ("TXT", txt("v=spf1 include:gone.dangling-test.com ~all"))],
    "nospf-test.com": GOOGLE_MX,
    "_dmarc.nospf-test.com": DMARC_NONE,
    **google_domain("long-test.com"),  # an SPF record too long for a 512-byte UDP answer
    "long-test.com": [
        *GOOGLE_MX,
        ("TXT", txt("v=spf1 " + " ".join(f"ip4:192.0.2.{i}" for i in range(40)) + " ~all")),
        ("TXT", txt("v=spf1 include:_spf.google.com ~all")),
    ],
    # SL703
    **google_domain("dmarc-bad-test.com"),
    "_dmarc.dmarc-bad-test.com": [("TXT", txt("v=DMARC1; p=maybe"))],
    **google_domain("dmarc-nosemi-test.com"),
    "_dmarc.dmarc-nosemi-test.com": [("TXT", txt("v=DMARC1 p=none"))],
    **google_domain("dmarc-twice-test.com"),
    "_dmarc.dmarc-twice-test.com": [*DMARC_NONE, ("TXT", txt("v=DMARC1; p=reject"))],
    **google_domain("parent-test.com"),
    "mail.parent-test.com": [*GOOGLE_MX, GOOGLE_SPF],
    # SL704 and SL706
    "chain.acme-test.com": [("CNAME", "hop.acme-test.com.")],
    "hop.acme-test.com": [("CNAME", "smtp.gmail.com.")],
    "stale.acme-test.com": [("CNAME", "gone.acme-test.com.")],
    "v6only.acme-test.com": [("AAAA", "2001:db8::25")],
    "relay.acme-test.com": [("A", "192.0.2.30")],
    # SL707
    "m365-test.com": [("MX", "0 m365-test.mail.protection.outlook.com."), GOOGLE_SPF],
    "_dmarc.m365-test.com": DMARC_NONE,
    "zoho-eu-test.com": [("MX", "10 mx.zoho.eu."), ("MX", "20 mx2.zoho.eu.")],
}
SILENT = {
    "acme-widgets.net",
    "_dmarc.acme-widgets.net",
    "silent-test.com",
    "_dmarc.silent-test.com",
    "dead.acme-test.com",
}
SERVFAIL = {"broken-test.com"}
DELAYED = {f"slow{i}-test.com": 0.4 for i in range(5)}
for _name in DELAYED:
    ZONE[_name] = [*GOOGLE_MX, GOOGLE_SPF]


@pytest.fixture(scope="module")
def dns() -> Iterator[DnsServer]:
    with DnsServer(ZONE, silent=SILENT, servfail=SERVFAIL, delays=DELAYED) as server:
        yield server


def env(**values: str) -> str:
    """The Workspace example, its DNS comment dropped, with keys changed."""
    from smtplint.rules._examples import edited

    text = edited(WORKSPACE, **values)
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


def sender(domain: str, **values: str) -> str:
    return env(**{"SMTP_USER": f"jane@{domain}", "SMTP_FROM": f"jane@{domain}", **values})


def check(
    server: DnsServer,
    folder: Path,
    text: str,
    *,
    timeout: float = 1.0,
    select: tuple[str, ...] = ("ALL",),
    name: str = ".env",
) -> list[Finding]:
    path = folder / name
    path.write_text(text)
    options = make_options(server.nameserver, timeout)
    return check_paths([path], select=select, today=TODAY, network=options).findings


def network(findings: list[Finding]) -> list[str]:
    return [f"{f.code} {f.message}" for f in findings if f.code in NETWORK_CODES]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


# -- the documented examples ---------------------------------------------------------------


@pytest.mark.parametrize("code", NETWORK_CODES)
def test_documented_failing_example_is_reported(code: str, dns: DnsServer, tmp_path: Path) -> None:
    rule = get_rule(code)
    assert rule is not None
    findings = check(dns, tmp_path, rule.docs.fails.text, timeout=0.5, select=(code,))
    assert code in codes(findings), rule.docs.fails.text


@pytest.mark.parametrize("code", NETWORK_CODES)
def test_documented_passing_example_is_clean_online(
    code: str, dns: DnsServer, tmp_path: Path
) -> None:
    rule = get_rule(code)
    assert rule is not None
    findings = check(dns, tmp_path, rule.docs.passes.text)
    assert [f"{f.code} {f.message}" for f in findings] == []


# -- SL701 ---------------------------------------------------------------------------------


def test_sender_domain_that_does_not_exist(dns: DnsServer, tmp_path: Path) -> None:
    findings = check(dns, tmp_path, sender("missing-test.com"), select=("SL7",))
    sl701 = [f for f in findings if f.code == "SL701"]
    assert len(sl701) == 1
    assert "missing-test.com does not exist (NXDOMAIN)" in sl701[0].message
    assert "450 4.1.8" in sl701[0].message
    assert sl701[0].span.line == 6  # SMTP_FROM
    # a domain that does not exist is not also reported for its SPF and DMARC records
    assert codes(findings) & {"SL702", "SL703"} == set()


def test_null_mx_sender(dns: DnsServer, tmp_path: Path) -> None:
    findings = check(dns, tmp_path, sender("news.acme-widgets.com"), select=("SL701",))
    assert network(findings) == [
        "SL701 SMTP_FROM=jane@news.acme-widgets.com: news.acme-widgets.com publishes a null MX "
        "(RFC 7505): it accepts no mail; receivers that check the sender's domain reject the "
        "message ('550 5.7.27 Sender address has null MX') and bounces cannot come back"
    ]


def test_address_record_is_the_implicit_mx(dns: DnsServer, tmp_path: Path) -> None:
    findings = check(dns, tmp_path, sender("implicit-mx-test.com"), select=("SL701",))
    assert network(findings) == []


def test_no_mx_and_no_address(dns: DnsServer, tmp_path: Path) -> None:
    findings = check(dns, tmp_path, sender("no-mail-test.com"), select=("SL701",))
    assert len(network(findings)) == 1
    assert "no-mail-test.com has no MX record and no A/AAAA address" in network(findings)[0]


# -- SL702 ---------------------------------------------------------------------------------


def spf_findings(dns: DnsServer, folder: Path, domain: str, **values: str) -> list[str]:
    return network(check(dns, folder, sender(domain, **values), select=("SL702", "SL705")))


def test_nested_includes_reach_the_provider(dns: DnsServer, tmp_path: Path) -> None:
    assert spf_findings(dns, tmp_path, "nested-test.com") == []
    assert dns.asked("_inner.nested-test.com", "TXT") >= 1


def test_redirect_is_followed(dns: DnsServer, tmp_path: Path) -> None:
    assert spf_findings(dns, tmp_path, "redirect-test.com") == []


def test_include_loop_is_a_permanent_error(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = spf_findings(dns, tmp_path, "loop-test.com")
    assert "permerror" in found
    assert "loop-test.com → a.loop-test.com → b.loop-test.com → a.loop-test.com" in found


def test_more_than_ten_lookups(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = spf_findings(dns, tmp_path, "limit-test.com")
    assert "more than 10 DNS lookups" in found


def test_two_spf_records(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = spf_findings(dns, tmp_path, "twice-test.com")
    assert "twice-test.com publishes 2 SPF records" in found


def test_include_of_a_domain_without_spf(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = spf_findings(dns, tmp_path, "dangling-test.com")
    assert "include:gone.dangling-test.com names a domain without an SPF record" in found


def test_spf_that_omits_the_provider(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = spf_findings(dns, tmp_path, "acme-gadgets.com")
    assert "does not authorise Gmail / Google Workspace" in found
    assert "add include:_spf.google.com" in found


def test_no_spf_record(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = spf_findings(dns, tmp_path, "nospf-test.com")
    assert "nospf-test.com publishes no SPF record" in found


def test_no_spf_record_is_not_judged_without_a_known_provider(
    dns: DnsServer, tmp_path: Path
) -> None:
    assert spf_findings(dns, tmp_path, "nospf-test.com", SMTP_HOST="relay.acme-test.com") == []


def test_spf_of_an_alias_host_is_judged_for_its_provider(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = spf_findings(dns, tmp_path, "acme-gadgets.com", SMTP_HOST="chain.acme-test.com")
    assert "does not authorise Gmail / Google Workspace" in found


def test_large_answer_is_fetched_over_tcp(dns: DnsServer, tmp_path: Path) -> None:
    assert spf_findings(dns, tmp_path, "long-test.com") != []  # two SPF records
    assert ("long-test.com", "TXT", "tcp") in dns.queries


# -- SL703 ---------------------------------------------------------------------------------


def dmarc_findings(dns: DnsServer, folder: Path, domain: str) -> list[str]:
    return network(check(dns, folder, sender(domain), select=("SL703",)))


def test_missing_dmarc(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = dmarc_findings(dns, tmp_path, "acme-tools.com")
    assert "acme-tools.com publishes no DMARC record (_dmarc.acme-tools.com)" in found
    assert "Gmail and Yahoo require one" in found


def test_invalid_policy(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = dmarc_findings(dns, tmp_path, "dmarc-bad-test.com")
    assert "p=maybe is not none, quarantine or reject" in found


def test_tags_without_separators(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = dmarc_findings(dns, tmp_path, "dmarc-nosemi-test.com")
    assert "must start with v=DMARC1" in found


def test_two_dmarc_records(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = dmarc_findings(dns, tmp_path, "dmarc-twice-test.com")
    assert "holds 2 DMARC records" in found


def test_subdomain_uses_the_organizational_record(dns: DnsServer, tmp_path: Path) -> None:
    assert dmarc_findings(dns, tmp_path, "mail.parent-test.com") == []


# -- SL704 ---------------------------------------------------------------------------------


def host_findings(dns: DnsServer, folder: Path, host: str) -> list[str]:
    return network(check(dns, folder, env(SMTP_HOST=host), select=("SL704", "SL705")))


def test_host_that_does_not_exist(dns: DnsServer, tmp_path: Path) -> None:
    assert host_findings(dns, tmp_path, "smtp.missing-test.com") == [
        "SL704 SMTP_HOST=smtp.missing-test.com: smtp.missing-test.com does not exist (NXDOMAIN); "
        'connecting fails with "getaddrinfo ENOTFOUND" (Python: "Name or service not known")'
    ]


def test_alias_whose_target_is_gone(dns: DnsServer, tmp_path: Path) -> None:
    (found,) = host_findings(dns, tmp_path, "stale.acme-test.com")
    assert (
        "stale.acme-test.com is an alias (CNAME) of gone.acme-test.com, which does not exist"
        in found
    )


def test_host_with_an_ipv6_address_only(dns: DnsServer, tmp_path: Path) -> None:
    assert host_findings(dns, tmp_path, "v6only.acme-test.com") == []


def test_local_hosts_are_not_looked_up(dns: DnsServer, tmp_path: Path) -> None:
    text = "SMTP_HOST=mailpit\nSMTP_PORT=1025\nSMTP_FROM=dev@mailpit.local\n"
    before = len(dns.queries)
    check(dns, tmp_path, text, select=("SL7",))
    assert len(dns.queries) == before


# -- SL705 ---------------------------------------------------------------------------------


def test_a_name_that_never_answers_is_not_a_missing_record(dns: DnsServer, tmp_path: Path) -> None:
    started = time.monotonic()
    findings = check(dns, tmp_path, env(SMTP_HOST="dead.acme-test.com"), timeout=0.5)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert "SL704" not in codes(findings)
    (found,) = [f.message for f in findings if f.code == "SL705"]
    assert found == (
        "SMTP_HOST=dead.acme-test.com: could not check dead.acme-test.com: no answer within 0.5 s "
        "(A dead.acme-test.com, AAAA dead.acme-test.com); SL704 not checked"
    )


def test_servfail_is_reported_as_not_checked(dns: DnsServer, tmp_path: Path) -> None:
    findings = check(dns, tmp_path, sender("broken-test.com"), select=("SL701", "SL705"))
    assert codes(findings) == {"SL705"}
    assert "the nameserver answered SERVFAIL (MX broken-test.com)" in findings[0].message


def test_silent_sender_domain(dns: DnsServer, tmp_path: Path) -> None:
    findings = check(dns, tmp_path, sender("silent-test.com"), timeout=0.5, select=("SL7",))
    assert codes(findings) == {"SL705"}
    assert any("SL701, SL702, SL703 not checked" in f.message for f in findings)


# -- SL706 ---------------------------------------------------------------------------------


def test_cname_chain_to_a_provider_host(dns: DnsServer, tmp_path: Path) -> None:
    text = env(SMTP_HOST="chain.acme-test.com", SMTP_PORT="587")
    (finding,) = [f for f in check(dns, tmp_path, text, select=("SL706",))]
    assert finding.message == (
        "SMTP_HOST=chain.acme-test.com: chain.acme-test.com is an alias (CNAME) of Gmail / Google "
        "Workspace's smtp.gmail.com: the server's certificate names smtp.gmail.com, not "
        'chain.acme-test.com, so a client that verifies TLS fails with "certificate verify '
        'failed: Hostname mismatch" (Node.js: ERR_TLS_CERT_ALTNAME_INVALID); set SMTP_HOST '
        "to smtp.gmail.com and use port 465 with implicit TLS (it offers 465 with implicit "
        "TLS, 587 with STARTTLS)"
    )
    assert finding.fix is not None
    assert [(c.field, c.value) for c in finding.fix.changes] == [
        (Field.HOST, "smtp.gmail.com"),
        (Field.PORT, 465),
    ]


def test_provider_hosts_are_not_reported_as_aliases(dns: DnsServer, tmp_path: Path) -> None:
    assert network(check(dns, tmp_path, env(), select=("SL706",))) == []


# -- SL707 ---------------------------------------------------------------------------------


def test_mailbox_at_microsoft_365_sent_through_gmail(dns: DnsServer, tmp_path: Path) -> None:
    findings = check(dns, tmp_path, sender("m365-test.com"), select=("SL707",))
    (finding,) = findings
    assert finding.message == (
        "SMTP_USER=jane@m365-test.com is a Microsoft 365 / Exchange Online mailbox (MX "
        "m365-test.mail.protection.outlook.com), but SMTP_HOST=smtp.gmail.com is Gmail / "
        "Google Workspace's server, which rejects that login with a 535 reply; submit to "
        "smtp.office365.com, port 587 with STARTTLS"
    )
    assert finding.span.line == 1  # at the host


def test_custom_relay_gets_a_hint(dns: DnsServer, tmp_path: Path) -> None:
    text = sender("m365-test.com", SMTP_HOST="relay.acme-test.com")
    (finding,) = check(dns, tmp_path, text, select=("SL707",))
    assert finding.severity.value == "info"
    assert (
        "unless relay.acme-test.com relays to it, submit to smtp.office365.com" in finding.message
    )


def test_email_services_are_not_reported(dns: DnsServer, tmp_path: Path) -> None:
    text = sender(
        "acme-widgets.com", SMTP_HOST="smtp.sendgrid.net", SMTP_USER="apikey", SMTP_PORT="465"
    )
    assert network(check(dns, tmp_path, text, select=("SL707",))) == []


def test_zoho_region_follows_the_mx(dns: DnsServer, tmp_path: Path) -> None:
    (finding,) = check(dns, tmp_path, sender("zoho-eu-test.com"), select=("SL707",))
    assert "submit to smtp.zoho.eu, port 465 with implicit TLS" in finding.message


# -- the run as a whole --------------------------------------------------------------------


def test_each_name_is_asked_once_per_run(dns: DnsServer, tmp_path: Path) -> None:
    for index in range(4):
        folder = tmp_path / f"app{index}"
        folder.mkdir()
        (folder / ".env").write_text(sender("slow0-test.com"))
    options = make_options(dns.nameserver, 1.0)
    check_paths([tmp_path], today=TODAY, network=options)
    assert dns.asked("slow0-test.com", "MX") == 1
    assert dns.asked("slow0-test.com", "TXT") == 1


def test_lookups_run_concurrently(dns: DnsServer, tmp_path: Path) -> None:
    for index in range(1, 5):
        (tmp_path / f"app{index}.env").write_text(sender(f"slow{index}-test.com"))
    options = make_options(dns.nameserver, 1.5)
    started = time.monotonic()
    result = check_paths([tmp_path], today=TODAY, network=options)
    assert time.monotonic() - started < 1.5  # four domains delayed 0.4 s each, side by side
    assert result.files_checked == 4


def test_many_lookups_in_flight_each_get_their_own_answer() -> None:
    names = [f"host{index}.many-test.com" for index in range(300)]
    zone = {name: [("TXT", txt(f"n={index}"))] for index, name in enumerate(names)}

    async def ask_all(nameserver: str) -> list[Lookup]:
        resolver = Resolver(make_options(nameserver, 5.0))
        return list(await asyncio.gather(*(resolver.lookup(name, "TXT") for name in names)))

    with DnsServer(zone, delays=dict.fromkeys(zone, 0.05)) as server:
        lookups = run_sync(ask_all(server.nameserver))
    assert [lookup.texts() for lookup in lookups] == [[f"n={i}"] for i in range(len(names))]


def test_select_limits_the_lookups(dns: DnsServer, tmp_path: Path) -> None:
    check(
        dns,
        tmp_path,
        sender("select-only-test.com", SMTP_HOST="smtp.select-test.com"),
        select=("SL704",),
    )
    assert dns.asked("smtp.select-test.com", "A") == 1
    assert dns.asked("select-only-test.com", "MX") == 0


def test_suppression_comment_covers_a_network_finding(dns: DnsServer, tmp_path: Path) -> None:
    text = sender("acme-tools.com").replace(
        "SMTP_FROM=", "# smtplint: ignore[SL703]\nSMTP_FROM=", 1
    )
    findings = check(dns, tmp_path, text)
    assert codes(findings) & {"SL703", "SL004"} == set()


def test_unused_network_suppression_is_reported_online(dns: DnsServer, tmp_path: Path) -> None:
    text = env().replace("SMTP_FROM=", "# smtplint: ignore[SL701]\nSMTP_FROM=", 1)
    findings = check(dns, tmp_path, text)
    assert [f.message for f in findings if f.code == "SL004"] == [
        "unused suppression: nothing is reported for SL701 on line 7; remove the comment"
    ]


# -- options -------------------------------------------------------------------------------


def test_nameserver_forms() -> None:
    assert str(parse_nameserver("127.0.0.1")) == "127.0.0.1:53"
    assert str(parse_nameserver("127.0.0.1:5353")) == "127.0.0.1:5353"
    assert str(parse_nameserver("[::1]:5353")) == "[::1]:5353"
    assert str(parse_nameserver("::1")) == "[::1]:53"


@pytest.mark.parametrize(
    ("network_on", "nameserver", "timeout", "problem"),
    [
        (False, "127.0.0.1", 3.0, "--nameserver needs --network"),
        (True, "127.0.0.1:99999", 3.0, "port must be a number from 1 to 65535"),
        (True, "127.0.0.1:x", 3.0, "port must be a number"),
        (True, None, 0.0, "above 0"),
    ],
)
def test_bad_network_options(
    network_on: bool, nameserver: str | None, timeout: float, problem: str
) -> None:
    with pytest.raises(NetworkError, match=problem):
        network_options(network_on, nameserver, timeout)


def test_network_off_gives_no_options() -> None:
    assert network_options(False, None, 3.0) is None


# -- offline stays offline -----------------------------------------------------------------


def test_plain_check_never_imports_dnspython(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(sender("acme-widgets.com"))
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "smtplint", "check", str(tmp_path / ".env")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "smtplint.rules.network" in imported  # the rules are registered …
    assert [name for name in imported if name == "dns" or name.startswith("dns.")] == []


# -- the command line ----------------------------------------------------------------------


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smtplint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize(
    ("domain", "code"),
    [
        ("missing-test.com", "SL701"),
        ("acme-gadgets.com", "SL702"),
        ("acme-tools.com", "SL703"),
        ("m365-test.com", "SL707"),
    ],
)
def test_cli_reports_sender_findings(
    domain: str, code: str, dns: DnsServer, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(sender(domain))
    result = run_cli("check", "--network", "--nameserver", dns.nameserver, ".env", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert f".env:6:1: {code} " in result.stdout or f".env:1:1: {code} " in result.stdout


def test_cli_host_findings_and_timeout(dns: DnsServer, tmp_path: Path) -> None:
    (tmp_path / "a.env").write_text(env(SMTP_HOST="smtp.missing-test.com"))
    (tmp_path / "b.env").write_text(env(SMTP_HOST="chain.acme-test.com"))
    (tmp_path / "c.env").write_text(env(SMTP_HOST="dead.acme-test.com"))
    result = run_cli(
        "check", "--network", "--nameserver", dns.nameserver, "--dns-timeout", "0.5",
        "--format", "json", ".", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert '"code": "SL704"' in result.stdout
    assert '"code": "SL706"' in result.stdout
    assert '"code": "SL705"' in result.stdout


def test_cli_without_network_stays_offline(dns: DnsServer, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(sender("cli-offline-test.com"))
    result = run_cli("check", ".env", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert dns.asked("cli-offline-test.com", "MX") == 0


def test_cli_rejects_a_bad_nameserver(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(env())
    result = run_cli("check", "--network", "--nameserver", "127.0.0.1:0", ".env", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("smtplint: --nameserver")
