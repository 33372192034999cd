"""SL1xx transport rules: port/TLS pairing, flags, no TLS, ports, verification."""

from __future__ import annotations

from typing import Any

import pytest

from smtplint.model import (
    Applicability,
    Change,
    Field,
    Security,
    Setting,
    Severity,
    SmtpConfig,
    ValueKind,
)
from smtplint.profiles import ProfileIndex, load_index
from tests.builders import GMAIL_APP_PASSWORD, config, default, gmail, lint, setting
from tests.rule_helpers import (
    ACCOUNT_PASSWORD,
    SECRET,
    TRANSPORT_HOST_PROFILES,
    Default,
    assert_no_leak,
    assert_quiet,
    docs_of,
    documented_failure,
    example_config,
    fix_of,
    only,
    reported,
)


@pytest.fixture(scope="module")
def profiles() -> ProfileIndex:
    return load_index([TRANSPORT_HOST_PROFILES])


def flag(key: str, mode: Security, line: int, raw: str = "True") -> Setting[object]:
    return setting(key, mode, line=line, raw=raw)


# --- a correct configuration passes every transport and host rule ---------------------------


@pytest.mark.parametrize(("port", "security"), [(465, "tls"), (587, "starttls")])
def test_correct_gmail_config_passes_all_transport_and_host_rules(
    profiles: ProfileIndex, port: int, security: str
) -> None:
    cfg = gmail(port=port, security=security)
    assert_quiet(cfg, "SL1", "SL2", profiles=profiles)
    assert_quiet(cfg, "SL1", "SL2")  # the shipped profiles agree


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "mailpit", "mailhog", "smtp-relay"])
def test_local_relays_get_no_tls_complaints(profiles: ProfileIndex, host: str) -> None:
    for security in ("none", "opportunistic"):
        cfg = config(host=host, port=1025, security=security, username="dev", password="dev")
        assert_quiet(cfg, "SL1", "SL2", profiles=profiles)


def test_rules_ignore_transports_that_do_not_use_smtp(profiles: ProfileIndex) -> None:
    cfg = config(host="smtp.gmail.com", port=587, security="tls")
    cfg = cfg.with_changes(sends_over_smtp=False)
    assert_quiet(cfg, "SL1", "SL2", profiles=profiles)


# --- SL101 implicit-tls-on-starttls-port ---------------------------------------------------


def test_sl101_implicit_tls_on_587_switches_to_starttls_safely(profiles: ProfileIndex) -> None:
    findings = lint(gmail(port=587, security="tls"), select=("SL101",), profiles=profiles)
    finding = only(findings, "SL101")
    assert finding.span.line == 3  # SMTP_SECURITY
    assert "SMTP_PORT=587" in finding.message and "SMTP_SECURITY" in finding.message
    assert "WRONG_VERSION_NUMBER" in finding.message
    fix = fix_of(finding, Applicability.SAFE, (Change(Field.SECURITY, Security.STARTTLS),))
    assert "465" in fix.description
    assert_no_leak(findings, GMAIL_APP_PASSWORD)


def test_sl101_offers_keeping_implicit_tls_on_the_providers_port(
    profiles: ProfileIndex,
) -> None:
    finding = reported(gmail(port=587, security="tls"), "SL101", profiles=profiles)
    assert finding.fix is not None
    assert finding.fix.alternatives == ((Change(Field.PORT, 465),),)


def test_sl101_offers_no_port_alternative_for_an_unknown_server(profiles: ProfileIndex) -> None:
    cfg = config(host="mail.mycompany.com", port=587, security="tls")
    finding = reported(cfg, "SL101", profiles=profiles)
    assert finding.fix is not None and finding.fix.alternatives == ()


def test_sl101_reference_security_makes_the_fix_unsafe(profiles: ProfileIndex) -> None:
    secure = setting("SMTP_SECURE", Security.TLS, line=3, kind=ValueKind.INTERPOLATED, raw="${TLS}")
    cfg = config(host="mail.mycompany.com", port=2525).with_changes(
        security=secure, security_flags=(secure,)
    )
    fix_of(reported(cfg, "SL101", profiles=profiles), Applicability.UNSAFE)


def test_sl101_on_a_default_port_sets_port_465(profiles: ProfileIndex) -> None:
    ssl = flag("EMAIL_USE_SSL", Security.TLS, line=2)
    cfg = config(host="smtp.gmail.com", family="django").with_changes(
        port=default("EMAIL_PORT", 25), security=ssl, security_flags=(ssl,)
    )
    finding = only(lint(cfg, select=("SL101", "SL106"), profiles=profiles), "SL101")
    assert finding.span.line == 2
    assert "EMAIL_PORT not set (default 25)" in finding.message and "Django" in finding.message
    fix_of(finding, Applicability.UNSAFE, (Change(Field.PORT, 465),))


def test_sl101_default_port_fix_follows_a_provider_without_implicit_tls(
    profiles: ProfileIndex,
) -> None:
    ssl = flag("EMAIL_USE_SSL", Security.TLS, line=2)
    cfg = config(host="smtp.office365.com", family="django").with_changes(
        port=default("EMAIL_PORT", 25), security=ssl, security_flags=(ssl,)
    )
    finding = only(lint(cfg, select=("SL1",), profiles=profiles), "SL101")
    fix_of(
        finding,
        changes=(Change(Field.PORT, 587), Change(Field.SECURITY, Security.STARTTLS)),
    )


def test_sl101_uses_the_profile_port_list(profiles: ProfileIndex) -> None:
    # Mailtrap's sandbox speaks STARTTLS on 465: implicit TLS there fails.
    cfg = config(host="sandbox.smtp.mailtrap.io", port=465, security="tls")
    finding = only(lint(cfg, select=("SL101", "SL102"), profiles=profiles), "SL101")
    assert "sandbox.smtp.mailtrap.io speaks STARTTLS on 465" in finding.message
    fix_of(finding, Applicability.SAFE)


@pytest.mark.parametrize(
    ("host", "port"),
    [("smtp.gmail.com", 465), ("mail.mycompany.com", 465), ("mail.mycompany.com", 4650),
     ("mailpit", 1025)],
)
def test_sl101_passes_tls_on_tls_or_unknown_ports(
    profiles: ProfileIndex, host: str, port: int
) -> None:
    assert_quiet(config(host=host, port=port, security="tls"), "SL101", profiles=profiles)


def test_sl101_documented_example_is_realistic(profiles: ProfileIndex) -> None:
    docs = docs_of("SL101")
    fields: dict[str, Any] = {
        "host": ("SMTP_HOST", "smtp.gmail.com"),
        "username": ("SMTP_USER", "jane.doe@gmail.com"),
        "password": ("SMTP_PASS", SECRET),
        "sender": ("SMTP_FROM", "jane.doe@gmail.com"),
    }
    failing = example_config(
        docs.fails, "nodemailer", port=("SMTP_PORT", 587),
        security=("SMTP_SECURE", Security.TLS), **fields,
    )
    passing = example_config(
        docs.passes, "nodemailer", port=("SMTP_PORT", 465),
        security=("SMTP_SECURE", Security.TLS), **fields,
    )
    reported(failing, "SL101", profiles=profiles)
    assert_quiet(passing, "SL1", "SL2", profiles=profiles)


# --- SL102 starttls-on-implicit-tls-port ---------------------------------------------------


@pytest.mark.parametrize("security", ["starttls", "opportunistic", "none"])
def test_sl102_plaintext_start_on_465(profiles: ProfileIndex, security: str) -> None:
    findings = lint(gmail(port=465, security=security), select=("SL1",), profiles=profiles)
    finding = only(findings, "SL102")
    assert finding.span.line == 3
    assert "SMTP_PORT=465" in finding.message and "SMTP_SECURITY" in finding.message
    assert "Greeting never received" in finding.message
    fix_of(finding, Applicability.SAFE, (Change(Field.SECURITY, Security.TLS),))
    assert_no_leak(findings, GMAIL_APP_PASSWORD)


@pytest.mark.parametrize(
    ("security", "alternatives"),
    [
        ("starttls", ((Change(Field.PORT, 587),),)),
        ("opportunistic", ((Change(Field.PORT, 587),),)),
        ("none", ()),  # plaintext is not worth keeping on another port
    ],
)
def test_sl102_offers_keeping_starttls_on_the_providers_port(
    profiles: ProfileIndex, security: str, alternatives: tuple[tuple[Change, ...], ...]
) -> None:
    finding = reported(gmail(port=465, security=security), "SL102", profiles=profiles)
    assert finding.fix is not None and finding.fix.alternatives == alternatives


def test_sl102_offers_no_port_alternative_for_a_placeholder_mode(profiles: ProfileIndex) -> None:
    secure = setting("SMTP_SECURE", Security.STARTTLS, line=3, kind=ValueKind.INTERPOLATED,
                     raw="${SMTP_SECURE}")
    cfg = gmail(port=465).with_changes(security=secure, security_flags=(secure,))
    finding = reported(cfg, "SL102", profiles=profiles)
    assert finding.fix is not None and finding.fix.alternatives == ()


def test_sl102_offers_no_port_alternative_for_an_unknown_server(profiles: ProfileIndex) -> None:
    cfg = config(host="mail.mycompany.com", port=465, security="starttls")
    finding = reported(cfg, "SL102", profiles=profiles)
    assert finding.fix is not None and finding.fix.alternatives == ()


def test_sl102_default_security_points_at_the_port(profiles: ProfileIndex) -> None:
    unset = default("EMAIL_USE_TLS", Security.NONE, "False")
    cfg = config(host="mail.mycompany.com", port=465, family="django").with_changes(security=unset)
    finding = reported(cfg, "SL102", profiles=profiles)
    assert finding.span.line == 2  # EMAIL_PORT: the unset flag has no place in the file
    assert "EMAIL_USE_TLS not set (default False)" in finding.message
    fix_of(finding, Applicability.UNSAFE)


def test_sl102_passes_starttls_on_a_provider_465_that_speaks_starttls(
    profiles: ProfileIndex,
) -> None:
    cfg = config(host="sandbox.smtp.mailtrap.io", port=465, security="starttls")
    assert_quiet(cfg, "SL1", profiles=profiles)


# --- SL103 conflicting-tls-flags -----------------------------------------------------------


def _django_both(port: int | Setting[object], *, literal: bool = True) -> SmtpConfig:
    kind = ValueKind.LITERAL if literal else ValueKind.REFERENCE
    tls = setting("EMAIL_USE_TLS", Security.STARTTLS, line=3, raw="True", kind=kind)
    ssl = setting("EMAIL_USE_SSL", Security.TLS, line=4, raw="True")
    cfg = config(host="smtp.gmail.com", family="django")
    port_setting = port if isinstance(port, Setting) else setting("EMAIL_PORT", port, line=2)
    return cfg.with_changes(port=port_setting, security=ssl, security_flags=(tls, ssl))


@pytest.mark.parametrize(("port", "keep"), [(587, Security.STARTTLS), (465, Security.TLS)])
def test_sl103_keeps_the_flag_matching_the_port(
    profiles: ProfileIndex, port: int, keep: Security
) -> None:
    findings = lint(_django_both(port), select=("SL1",), profiles=profiles)
    finding = only(findings, "SL103")
    assert finding.span.line == 4  # the second flag
    assert "EMAIL_USE_TLS=True" in finding.message and "EMAIL_USE_SSL=True" in finding.message
    assert "mutually exclusive" in finding.message
    fix_of(finding, Applicability.SAFE, (Change(Field.SECURITY, keep),))


def test_sl103_fix_is_display_only_on_a_non_standard_port(profiles: ProfileIndex) -> None:
    cfg = _django_both(4587).with_changes(host=setting("EMAIL_HOST", "mail.mycompany.com"))
    fix_of(reported(cfg, "SL103", profiles=profiles), Applicability.DISPLAY_ONLY, ())


def test_sl103_fix_is_unsafe_with_a_referenced_flag(profiles: ProfileIndex) -> None:
    finding = reported(_django_both(587, literal=False), "SL103", profiles=profiles)
    fix_of(finding, Applicability.UNSAFE)


def test_sl103_passes_one_flag_or_one_flag_switched_off(profiles: ProfileIndex) -> None:
    tls = flag("EMAIL_USE_TLS", Security.STARTTLS, 3)
    off = flag("EMAIL_USE_SSL", Security.NONE, 4, raw="False")
    cfg = config(host="smtp.gmail.com", port=587, family="django").with_changes(
        security=tls, security_flags=(tls, off)
    )
    assert_quiet(cfg, "SL1", profiles=profiles)


def test_sl103_documented_example_is_realistic(profiles: ProfileIndex) -> None:
    finding = documented_failure(
        "SL103", "django", profiles,
        host=("EMAIL_HOST", "smtp.gmail.com"), port=("EMAIL_PORT", 587),
        security=("EMAIL_USE_SSL", Security.TLS),
        flags=(("EMAIL_USE_TLS", Security.STARTTLS), ("EMAIL_USE_SSL", Security.TLS)),
    )
    assert finding.span.line == 4


# --- SL104 no-tls --------------------------------------------------------------------------


def test_sl104_no_tls_where_the_provider_requires_starttls(profiles: ProfileIndex) -> None:
    findings = lint(gmail(port=587, security="none"), select=("SL104",), profiles=profiles)
    finding = only(findings, "SL104")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == 3
    assert "SMTP_SECURITY" in finding.message and "SMTP_PORT=587" in finding.message
    assert "530 5.7.0 Must issue a STARTTLS command first" in finding.message
    fix_of(finding, Applicability.SAFE, (Change(Field.SECURITY, Security.STARTTLS),))
    assert_no_leak(findings, GMAIL_APP_PASSWORD)


def test_sl104_remote_host_without_credentials_is_a_warning(profiles: ProfileIndex) -> None:
    cfg = config(host="mail.mycompany.com", port=25, security="none")
    finding = reported(cfg, "SL104", profiles=profiles)
    assert finding.severity is Severity.WARNING
    assert "mail.mycompany.com" in finding.message
    # Nothing confirms that this relay offers STARTTLS on 25, so the fix needs a human.
    fix_of(finding, Applicability.UNSAFE)


@pytest.mark.parametrize(
    "cfg",
    [
        # credentials over cleartext are SL304's to report
        config(host="mail.mycompany.com", port=587, security="none", username="a", password="b"),
        config(host="10.1.2.3", port=25, security="none"),  # private network relay
        config(host="mailpit", port=1025, security="none"),
        config(host="smtp.gmail.com", port=465, security="none"),  # SL102's
        config(host="mail.mycompany.com", port=587, security="opportunistic"),
    ],
)
def test_sl104_passes(profiles: ProfileIndex, cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL104", profiles=profiles)


def test_sl104_documented_example_is_realistic(profiles: ProfileIndex) -> None:
    finding = documented_failure(
        "SL104", "django", profiles,
        host=("EMAIL_HOST", "smtp.gmail.com"), port=("EMAIL_PORT", 587),
        security=("EMAIL_USE_TLS", Security.NONE),
        username=("EMAIL_HOST_USER", "jane.doe@gmail.com"),
        password=("EMAIL_HOST_PASSWORD", SECRET),
    )
    fix_of(finding, Applicability.SAFE)


# --- SL105 port-not-offered ----------------------------------------------------------------


def test_sl105_port_the_provider_does_not_offer(profiles: ProfileIndex) -> None:
    findings = lint(gmail(port=2525, security="opportunistic"), select=("SL1",), profiles=profiles)
    finding = only(findings, "SL105")
    assert finding.span.line == 2
    assert "SMTP_PORT=2525" in finding.message
    assert "465 with implicit TLS, 587 with STARTTLS" in finding.message
    # STARTTLS is kept: only the port changes
    fix_of(finding, Applicability.UNSAFE, (Change(Field.PORT, 587),))
    assert_no_leak(findings, GMAIL_APP_PASSWORD)


def test_sl105_suggests_the_recommended_pairing_when_the_mode_is_not_offered(
    profiles: ProfileIndex,
) -> None:
    cfg = config(host="smtp.gmail.com", port=26, security="none")
    fix_of(
        reported(cfg, "SL105", profiles=profiles),
        changes=(Change(Field.PORT, 465), Change(Field.SECURITY, Security.TLS)),
    )


def test_sl105_port_25_mentions_blocking(profiles: ProfileIndex) -> None:
    finding = reported(gmail(port=25, security="starttls"), "SL105", profiles=profiles)
    assert "blocked" in finding.message


def test_sl105_is_a_warning_for_ispdb_profiles(profiles: ProfileIndex) -> None:
    cfg = config(host="smtp.strato.de", port=2525, security="starttls")
    assert reported(cfg, "SL105", profiles=profiles).severity is Severity.WARNING


@pytest.mark.parametrize(
    "cfg",
    [
        config(host="smtp.sendgrid.net", port=2525, security="starttls"),
        config(host="email-smtp.eu-west-1.amazonaws.com", port=2587, security="starttls"),
        config(host="127.0.0.1", port=2525, security="opportunistic"),  # Laravel's default relay
        config(host="smtp.mycompany.com", port=2525, security="starttls"),  # no profile
        config(host="smtp-legacy.office365.com", port=2525, security="starttls"),  # unverified
    ],
)
def test_sl105_passes(profiles: ProfileIndex, cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL105", profiles=profiles)


# --- SL106 default-port --------------------------------------------------------------------


def test_sl106_default_port_the_provider_does_not_offer(profiles: ProfileIndex) -> None:
    tls = flag("EMAIL_USE_TLS", Security.STARTTLS, 2)
    cfg = config(host="smtp.gmail.com", family="django").with_changes(
        port=default("EMAIL_PORT", 25), security=tls, security_flags=(tls,)
    )
    finding = only(lint(cfg, select=("SL1",), profiles=profiles), "SL106")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == 1  # the port has no line: the host it does not suit does
    assert finding.message.startswith("EMAIL_PORT not set: Django uses 25")
    fix_of(finding, Applicability.UNSAFE, (Change(Field.PORT, 587),))


def test_sl106_default_25_to_a_provider_that_lists_it_is_a_warning(
    profiles: ProfileIndex,
) -> None:
    cfg = config(host="smtp.sendgrid.net", security="starttls", family="django").with_changes(
        port=default("EMAIL_PORT", 25)
    )
    finding = only(lint(cfg, select=("SL1",), profiles=profiles), "SL106")
    assert finding.severity is Severity.WARNING
    fix_of(finding, changes=(Change(Field.PORT, 587),))


def test_sl106_default_25_with_credentials_to_an_unknown_host(profiles: ProfileIndex) -> None:
    cfg = config(
        host="mail.mycompany.com", security="none", username="me@mycompany.com", password="pw",
        family="django",
    ).with_changes(port=default("EMAIL_PORT", 25))
    finding = reported(cfg, "SL106", profiles=profiles)
    assert finding.severity is Severity.WARNING
    fix_of(finding, changes=(Change(Field.PORT, 587), Change(Field.SECURITY, Security.STARTTLS)))


@pytest.mark.parametrize(
    "cfg",
    [
        config(host="smtp.gmail.com", security="opportunistic").with_changes(
            port=default("SMTP_PORT", 587)  # Nodemailer's default suits Gmail
        ),
        config(host="mail.mycompany.com", security="none").with_changes(
            port=default("EMAIL_PORT", 25)
        ),
        config(host="mailpit", username="a", password="b").with_changes(
            port=default("EMAIL_PORT", 25)
        ),
        config(port=587, host="smtp.gmail.com", security="starttls"),  # written: SL105's
    ],
)
def test_sl106_passes(profiles: ProfileIndex, cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL106", profiles=profiles)


# --- SL107 invalid-port --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("port", "problem"),
    [
        (setting("SMTP_PORT", None, line=2, raw="465;"), "is not a number"),
        (setting("SMTP_PORT", 70000, line=2), "outside 1-65535"),
        (setting("SMTP_PORT", 0, line=2), "outside 1-65535"),
    ],
)
def test_sl107_invalid_port(profiles: ProfileIndex, port: Setting[object], problem: str) -> None:
    cfg = config(host="smtp.gmail.com", security="tls").with_changes(port=port)
    finding = reported(cfg, "SL107", profiles=profiles)
    assert finding.span.line == 2
    assert finding.message.startswith(f"SMTP_PORT={port.raw} ") and problem in finding.message
    fix = fix_of(finding, Applicability.DISPLAY_ONLY)
    assert "587" in fix.description and "465" in fix.description


@pytest.mark.parametrize(
    "port",
    [
        setting("SMTP_PORT", None, raw="${SMTP_PORT}", kind=ValueKind.REFERENCE),
        setting("SMTP_PORT", 587),
        default("SMTP_PORT", 25),
    ],
)
def test_sl107_passes(profiles: ProfileIndex, port: Setting[object]) -> None:
    cfg = config(host="smtp.gmail.com", security="starttls").with_changes(port=port)
    assert_quiet(cfg, "SL107", profiles=profiles)


def test_sl107_documented_example_is_realistic(profiles: ProfileIndex) -> None:
    failing = example_config(docs_of("SL107").fails, "nodemailer", port=("SMTP_PORT", None))
    assert failing.port is not None and failing.port.raw == "465;"
    reported(failing, "SL107", profiles=profiles)


# --- SL108 tls-verification-disabled -------------------------------------------------------


def test_sl108_verification_off_for_a_remote_host(profiles: ProfileIndex) -> None:
    verify = setting("SMTP_TLS_REJECT_UNAUTHORIZED", False, line=4, raw="false")
    cfg = config(host="mail.mycompany.com", port=587, security="starttls", verify_tls=verify)
    finding = only(lint(cfg, select=("SL1", "SL2"), profiles=profiles), "SL108")
    assert finding.span.line == 4
    assert finding.message.startswith("SMTP_TLS_REJECT_UNAUTHORIZED=false")
    fix_of(finding, Applicability.DISPLAY_ONLY)


@pytest.mark.parametrize(
    ("host", "value"),
    [("mailpit", False), ("127.0.0.1", False), ("mail.mycompany.com", True)],
)
def test_sl108_passes(profiles: ProfileIndex, host: str, value: bool) -> None:
    verify = setting("SMTP_TLS_REJECT_UNAUTHORIZED", value, line=4)
    cfg = config(host=host, port=587, security="starttls", verify_tls=verify)
    assert_quiet(cfg, "SL108", profiles=profiles)


def test_sl108_masks_a_password_in_a_url_shaped_value(profiles: ProfileIndex) -> None:
    dsn = f"smtp://billing%40acme-corp.io:{ACCOUNT_PASSWORD}@mail.acme-corp.io:587?verify_peer=0"
    verify = setting("MAILER_DSN", False, line=1, raw=dsn)
    cfg = config(host="mail.acme-corp.io", port=587, security="opportunistic",
                 verify_tls=verify)
    findings = lint(cfg, select=("SL108",), profiles=profiles)
    finding = only(findings, "SL108")
    assert "MAILER_DSN=smtp://billing%40acme-corp.io:****@mail.acme-corp.io" in finding.message
    assert_no_leak(findings, ACCOUNT_PASSWORD)


# --- SL109 port-25-submission --------------------------------------------------------------


def test_sl109_port_25_to_a_provider_that_lists_it(profiles: ProfileIndex) -> None:
    cfg = config(host="smtp.sendgrid.net", port=25, security="starttls", username="apikey",
                 password=ACCOUNT_PASSWORD)
    findings = lint(cfg, select=("SL1",), profiles=profiles)
    finding = only(findings, "SL109")
    assert finding.span.line == 2
    assert "SMTP_PORT=25" in finding.message and "blocked" in finding.message
    fix_of(finding, Applicability.UNSAFE, (Change(Field.PORT, 587),))
    assert_no_leak(findings, ACCOUNT_PASSWORD)


def test_sl109_passes_submission_ports_and_unknown_hosts(profiles: ProfileIndex) -> None:
    for cfg in (
        config(host="smtp.sendgrid.net", port=587, security="starttls"),
        config(host="mail.mycompany.com", port=25, security="starttls"),
    ):
        assert_quiet(cfg, "SL109", profiles=profiles)


# --- documented failing examples, as an env reader reads them ------------------------------
# Each is reported by its rule, and by no other rule of the selection.


@pytest.mark.parametrize(
    ("code", "family", "select", "fields"),
    [
        pytest.param(
            "SL102", "nodemailer", ("SL102",),
            {"host": ("SMTP_HOST", "smtp.gmail.com"), "port": ("SMTP_PORT", 465),
             "security": ("SMTP_SECURE", Security.OPPORTUNISTIC)},
            id="SL102",
        ),
        pytest.param(
            "SL105", "nodemailer", ("SL105",),
            {"host": ("SMTP_HOST", "smtp.gmail.com"), "port": ("SMTP_PORT", 2525),
             "security": ("SMTP_SECURE", Security.OPPORTUNISTIC)},
            id="SL105",
        ),
        pytest.param(
            "SL106", "django", ("SL106",),
            {"host": ("EMAIL_HOST", "smtp.gmail.com"), "port": Default("EMAIL_PORT", 25, "25"),
             "security": ("EMAIL_USE_TLS", Security.STARTTLS)},
            id="SL106",
        ),
        pytest.param(
            "SL108", "nodemailer", ("SL1", "SL2"),
            {"host": ("SMTP_HOST", "mail.acme-corp.io"), "port": ("SMTP_PORT", 587),
             "security": ("SMTP_SECURE", Security.OPPORTUNISTIC),
             "username": ("SMTP_USER", "billing@acme-corp.io"), "password": ("SMTP_PASS", SECRET),
             "verify_tls": ("SMTP_TLS_REJECT_UNAUTHORIZED", False)},
            id="SL108",
        ),
        pytest.param(
            "SL109", "nodemailer", ("SL1",),
            {"host": ("SMTP_HOST", "smtp.office365.com"), "port": ("SMTP_PORT", 25),
             "security": ("SMTP_SECURE", Security.OPPORTUNISTIC)},
            id="SL109",
        ),
    ],
)
def test_documented_example_is_realistic(
    profiles: ProfileIndex, code: str, family: str, select: tuple[str, ...], fields: Any
) -> None:
    documented_failure(code, family, profiles, select=select, **fields)
