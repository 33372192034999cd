"""SMTP URL parsing and the reading each library gives a URL."""

from __future__ import annotations

import pytest

from smtplint.model import Security
from smtplint.sources.smtp_url import (
    DJ_EMAIL_URL,
    DJANGO_ENVIRON,
    NODEMAILER,
    SmtpUrl,
    mask_password_in_text,
    masked_url,
    parse_smtp_url,
    read_dj_email_url,
    read_django_environ,
    read_nodemailer,
    read_symfony,
)


def parse(text: str) -> SmtpUrl:
    url = parse_smtp_url(text)
    assert url is not None
    return url


def component(text: str, url: SmtpUrl, name: str) -> str:
    part = getattr(url, f"{name}_part")
    assert part is not None
    return text[part.start : part.end]


# --- parsing ------------------------------------------------------------------------------


def test_splits_a_plain_url_and_records_where_each_part_is() -> None:
    text = "smtp://mailer%40example.com:s3cret@Smtp.Example.com:587/?timeout=10"
    url = parse(text)
    assert url.scheme == "smtp"
    assert url.host == "smtp.example.com"
    assert url.port == 587
    assert url.username == "mailer@example.com"
    assert url.password is not None and url.password.reveal() == "s3cret"
    assert url.query == (("timeout", "10"),)
    assert url.problems == ()
    assert component(text, url, "host") == "Smtp.Example.com"
    assert component(text, url, "port") == "587"
    assert component(text, url, "username") == "mailer%40example.com"
    assert component(text, url, "password") == "s3cret"


def test_scheme_is_lower_cased() -> None:
    assert parse("SMTPS://host").scheme == "smtps"


def test_text_without_scheme_and_slashes_is_not_a_url() -> None:
    assert parse_smtp_url("smtp.example.com:587") is None
    assert parse_smtp_url("smtp:relay") is None
    assert parse_smtp_url("${EMAIL_URL}") is None


def test_url_with_empty_authority_has_no_host() -> None:
    url = parse("consolemail://")
    assert url.host is None and url.port is None and url.username is None


def test_bracketed_ipv6_host() -> None:
    url = parse("smtps://[::1]:465")
    assert url.host == "::1"
    assert url.port == 465


def test_port_that_is_not_a_number_keeps_its_text() -> None:
    url = parse("smtp://host:abc")
    assert url.port is None
    assert url.port_text == "abc"


def test_port_out_of_range_is_not_a_port() -> None:
    url = parse("smtp://host:99999")
    assert url.port is None
    assert url.port_text == "99999"


def test_username_without_password() -> None:
    url = parse("smtp://user@host")
    assert url.username == "user"
    assert url.password is None


@pytest.mark.parametrize(
    ("password", "characters"),
    [
        ("p@ss", "@"),
        ("pa/ss", "/"),
        ("pa#ss", "#"),
        ("pa?ss", "?"),
        ("100%", "%"),
        ("a/b@c", "/@"),
    ],
)
def test_unencoded_reserved_characters_in_the_password_are_reported(
    password: str, characters: str
) -> None:
    text = f"smtp://user:{password}@smtp.example.com:587"
    url = parse(text)
    assert [(p.part, p.characters) for p in url.problems] == [("password", characters)]
    assert url.host == "smtp.example.com"
    assert url.port == 587
    assert url.password is not None and url.password.reveal() == password
    assert password not in repr(url.problems)


def test_unencoded_reserved_characters_in_the_username_are_reported() -> None:
    url = parse("smtp://me@example.com:pw@smtp.example.com")
    assert [(p.part, p.characters) for p in url.problems] == [("username", "@")]
    assert url.username == "me@example.com"
    assert url.host == "smtp.example.com"


def test_valid_percent_escapes_and_colons_in_the_password_are_fine() -> None:
    url = parse("smtp://user:p%40ss:word@host")
    assert url.problems == ()
    assert url.password is not None and url.password.reveal() == "p@ss:word"


def test_an_address_in_the_query_is_not_taken_for_credentials() -> None:
    url = parse("smtp://smtp.example.com:25/?_default_from_email=noreply@example.com")
    assert url.host == "smtp.example.com"
    assert url.username is None
    assert url.query_value("_default_from_email") == "noreply@example.com"


def test_query_after_credentials_with_an_address() -> None:
    url = parse("smtp://u:p@smtp.example.com:587/?from=x@example.com")
    assert url.host == "smtp.example.com"
    assert url.password is not None and url.password.reveal() == "p"


def test_the_parsed_url_never_shows_the_password() -> None:
    url = parse("smtp://user:hunter2-secret@host")
    assert "hunter2-secret" not in repr(url)


def test_masked_url_replaces_only_the_password() -> None:
    text = "smtps://user:hunter2@smtp.example.com:465"
    assert masked_url(text, parse(text)) == "smtps://user:****@smtp.example.com:465"
    assert masked_url("smtp://host:25", parse("smtp://host:25")) == "smtp://host:25"


def test_mask_password_in_text_that_is_not_a_url() -> None:
    assert mask_password_in_text("${SCHEME}://u:hunter2@h") == "${SCHEME}://u:****@h"
    assert mask_password_in_text("plain") == "plain"


# --- django-environ ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "security", "default_port"),
    [
        ("smtp", Security.NONE, 25),
        ("smtps", Security.STARTTLS, 25),
        ("smtp+tls", Security.STARTTLS, 25),
        ("smtp+ssl", Security.TLS, 465),
    ],
)
def test_django_environ_schemes(scheme: str, security: Security, default_port: int) -> None:
    reading = read_django_environ(parse(f"{scheme}://host"))
    assert reading.library == DJANGO_ENVIRON
    assert reading.security is security
    assert reading.default_port == default_port
    assert reading.sends_over_smtp


def test_django_environ_non_smtp_backends() -> None:
    assert not read_django_environ(parse("consolemail://")).sends_over_smtp


def test_django_environ_rejects_unknown_schemes() -> None:
    reading = read_django_environ(parse("submission://host"))
    assert not reading.known_scheme
    assert reading.security is None


def test_django_environ_query_flag_false_is_a_true_string() -> None:
    reading = read_django_environ(parse("smtp://host:587?email_use_tls=False"))
    assert reading.security is Security.STARTTLS
    assert reading.query_flags == (("email_use_tls", Security.STARTTLS),)


def test_django_environ_query_flag_zero_is_false() -> None:
    reading = read_django_environ(parse("smtp://host:587?EMAIL_USE_TLS=0"))
    assert reading.security is Security.NONE


# --- dj-email-url --------------------------------------------------------------------------


def test_dj_email_url_submission_defaults_to_587_with_starttls() -> None:
    reading = read_dj_email_url(parse("submission://host"))
    assert reading.library == DJ_EMAIL_URL
    assert (reading.security, reading.default_port) == (Security.STARTTLS, 587)


def test_dj_email_url_smtps_is_starttls_without_a_default_port() -> None:
    reading = read_dj_email_url(parse("smtps://host"))
    assert reading.security is Security.STARTTLS
    assert reading.default_port == 25  # EMAIL_PORT None ⇒ smtplib.SMTP default


def test_dj_email_url_ssl_query_on_smtp_scheme_keeps_port_25() -> None:
    reading = read_dj_email_url(parse("smtp://host/?ssl=True"))
    assert reading.security is Security.TLS
    assert reading.default_port == 25
    assert reading.default_host == "localhost"


def test_dj_email_url_ssl_wins_over_tls_and_reads_timeout() -> None:
    reading = read_dj_email_url(parse("smtp://host:465/?tls=true&ssl=yes&timeout=15"))
    assert reading.security is Security.TLS
    assert reading.query_flags == (("ssl", Security.TLS),)
    assert reading.timeout == 15.0


def test_dj_email_url_flags_are_case_sensitive() -> None:
    assert read_dj_email_url(parse("smtp://host/?tls=tRUE")).security is Security.NONE


# --- Nodemailer -------------------------------------------------------------------------------


def test_nodemailer_smtp_scheme_is_opportunistic_on_587() -> None:
    reading = read_nodemailer(parse("smtp://host"))
    assert reading.library == NODEMAILER
    assert (reading.security, reading.default_port) == (Security.OPPORTUNISTIC, 587)


def test_nodemailer_smtps_scheme_is_implicit_tls_on_465() -> None:
    reading = read_nodemailer(parse("smtps://host"))
    assert (reading.security, reading.default_port) == (Security.TLS, 465)


def test_nodemailer_smtp_scheme_on_465_stays_plaintext_first() -> None:
    assert read_nodemailer(parse("smtp://host:465")).security is Security.OPPORTUNISTIC


def test_nodemailer_query_options() -> None:
    assert read_nodemailer(parse("smtp://h?requireTLS=true")).security is Security.STARTTLS
    assert read_nodemailer(parse("smtp://h?ignoreTLS=true")).security is Security.NONE
    assert read_nodemailer(parse("smtp://h?tls.rejectUnauthorized=false")).verify_tls is False


def test_nodemailer_unknown_scheme() -> None:
    assert not read_nodemailer(parse("submission://h")).known_scheme


# --- Symfony / Laravel -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "security"),
    [
        ("smtp://host:587", Security.OPPORTUNISTIC),
        ("smtp://host:465", Security.TLS),
        ("smtps://host:587", Security.TLS),
        ("smtp://host:587?auto_tls=false", Security.NONE),
    ],
)
def test_symfony_dsn(text: str, security: Security) -> None:
    assert read_symfony(parse(text)).security is security


def test_symfony_uses_the_fallback_port_when_the_url_names_none() -> None:
    assert read_symfony(parse("smtp://host"), fallback_port=465).security is Security.TLS
    assert read_symfony(parse("smtp://host:587"), fallback_port=465).security is (
        Security.OPPORTUNISTIC
    )


def test_symfony_verify_peer_off() -> None:
    assert read_symfony(parse("smtp://host:587?verify_peer=0")).verify_tls is False


def test_symfony_api_transport_schemes_do_not_send_over_smtp() -> None:
    reading = read_symfony(parse("ses://key:secret@default"))
    assert not reading.sends_over_smtp
