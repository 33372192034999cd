"""The shipped provider profiles load, validate and index the way the rules rely on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smtplint.profiles import ProfileError, builtin_profiles_dir, load_index, load_profile
from smtplint.profiles.schema import Profile

BUILTIN_DIR = builtin_profiles_dir()
HAND_WRITTEN_FILES = sorted(BUILTIN_DIR.glob("*.toml"))
ISPDB_FILES = sorted((BUILTIN_DIR / "ispdb").glob("*.toml"))
BUILTIN_FILES = HAND_WRITTEN_FILES + ISPDB_FILES

REQUIRED_IDS = {
    "gmail", "google-smtp-relay", "outlook-com", "microsoft-365", "yahoo", "aol", "icloud",
    "fastmail", "zoho", "proton-bridge", "proton-smtp", "gmx", "web-de", "yandex", "mail-ru",
    "sendgrid", "mailgun", "amazon-ses", "postmark", "mailjet", "brevo", "sparkpost", "mailtrap",
    "resend", "smtp2go", "mandrill", "ovh", "ionos", "godaddy", "namecheap", "hostinger",
    "local-dev",
}  # fmt: skip

# Proton Mail Bridge listens on 127.0.0.1 like the local mail catchers; a host alone cannot
# tell them apart, and a catcher is the far more common case.
SHARED_HOSTS = {"127.0.0.1": "local-dev"}
# A host domain may also hold hosts of another product of the same provider: Google's
# Workspace relay lives under gmail.com, and an unknown host there is most likely Gmail's.
SAME_PROVIDER_HOST_DOMAINS = {("gmail", "gmail.com", "google-smtp-relay")}


def _hand_written() -> list[Profile]:
    return [load_profile(path) for path in HAND_WRITTEN_FILES]


def _host_pattern_suffix(name: str) -> str:
    return name.rsplit("*", 1)[-1].lstrip(".")


def _is_under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


# --- every shipped file ---------------------------------------------------------------------


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda path: path.name)
def test_builtin_profile_loads_and_validates(path: Path) -> None:
    profile = load_profile(path)

    assert profile.id == path.stem
    assert profile.origin == ("ispdb" if path.parent.name == "ispdb" else "hand-written")


def test_builtin_profile_ids_are_unique() -> None:
    ids = [load_profile(path).id for path in BUILTIN_FILES]

    assert sorted(ids) == sorted(set(ids))


def test_every_required_provider_has_a_hand_written_profile() -> None:
    ids = {profile.id for profile in _hand_written()}

    assert REQUIRED_IDS - ids == set()


# --- host look-up -----------------------------------------------------------------------------


def test_every_named_host_resolves_to_its_own_profile() -> None:
    index = load_index()
    wrong = []
    for profile in _hand_written():
        for host in profile.hosts:
            if host.is_pattern:
                continue
            match = index.match_host(host.name)
            expected = SHARED_HOSTS.get(host.name, profile.id)
            if match is None or match.kind != "exact" or match.profile.id != expected:
                wrong.append((profile.id, host.name, match and match.profile.id))

    assert wrong == []


def test_every_profile_names_a_current_host() -> None:
    missing = [p.id for p in _hand_written() if not any(h.status == "current" for h in p.hosts)]

    assert missing == []


def test_loopback_host_belongs_to_local_dev_although_bridge_also_listens_there() -> None:
    index = load_index()
    bridge = index.get("proton-bridge")

    match = index.match_host("127.0.0.1")

    assert match is not None and match.profile.id == "local-dev"
    assert bridge is not None and "127.0.0.1" in {host.name for host in bridge.hosts}


@pytest.mark.parametrize(
    ("host", "profile_id", "kind"),
    [
        ("email-smtp.eu-west-1.amazonaws.com", "amazon-ses", "exact"),
        ("email-smtp.ap-southeast-2.amazonaws.com", "amazon-ses", "pattern"),
        ("EMAIL-SMTP.sa-east-1.amazonaws.com.", "amazon-ses", "pattern"),
        ("contoso-com.mail.protection.outlook.com", "microsoft-365-direct-send", "pattern"),
    ],
)
def test_regional_host_resolves_to_its_provider(host: str, profile_id: str, kind: str) -> None:
    match = load_index().match_host(host)

    assert match is not None
    assert (match.profile.id, match.kind) == (profile_id, kind)


def test_explicit_regional_host_carries_its_region() -> None:
    match = load_index().match_host("email-smtp.eu-west-1.amazonaws.com")

    assert match is not None and match.host is not None
    assert match.host.region == "eu-west-1"


@pytest.mark.parametrize(
    "host",
    [
        "email.us-east-1.amazonaws.com",  # the SES HTTPS API, not SMTP
        "email-smtp.us-east-1.example.amazonaws.com",  # '*' stands for one label only
        "outlook.com",
        "smtp.example.com",
    ],
)
def test_host_outside_every_profile_resolves_to_nothing(host: str) -> None:
    assert load_index().match_host(host) is None


def test_unknown_host_under_a_provider_domain_matches_by_domain() -> None:
    index = load_index()

    match = index.match_host("smtp2.sendgrid.net")

    assert match is not None
    assert (match.profile.id, match.kind, match.host) == ("sendgrid", "domain", None)


def test_misspelled_host_suggests_the_real_one() -> None:
    nearest = load_index().nearest_host("smtp.sendgird.net")

    assert nearest is not None
    assert (nearest[0].id, nearest[1]) == ("sendgrid", "smtp.sendgrid.net")


def test_host_domains_cover_own_hosts_and_no_other_profiles_hosts() -> None:
    profiles = _hand_written()
    problems = []
    for profile in profiles:
        own = [_host_pattern_suffix(h.name) for h in profile.hosts]
        for domain in profile.host_domains:
            if not any(_is_under(host, domain) for host in own):
                problems.append((profile.id, domain, "covers none of its own hosts"))
            for other in profiles:
                if other.id == profile.id:
                    continue
                for host in other.hosts:
                    shared = (profile.id, domain, other.id) in SAME_PROVIDER_HOST_DOMAINS
                    if _is_under(_host_pattern_suffix(host.name), domain) and not shared:
                        problems.append((profile.id, domain, f"also covers {other.id}"))

    assert problems == []


def test_no_domain_is_claimed_by_two_hand_written_profiles() -> None:
    seen: dict[tuple[str, str], str] = {}
    clashes = []
    for profile in _hand_written():
        claims = [("mail", d) for d in profile.mail_domains]
        claims += [("host", d) for d in profile.host_domains]
        for claim in claims:
            if claim in seen:
                clashes.append((claim, seen[claim], profile.id))
            seen[claim] = profile.id

    assert clashes == []


def test_retired_hosts_name_a_current_host_of_the_same_profile() -> None:
    wrong = []
    for profile in _hand_written():
        current = {h.name for h in profile.hosts if h.status == "current"}
        for host in profile.hosts:
            if host.replacement is not None and host.replacement not in current:
                wrong.append((profile.id, host.name, host.replacement))

    assert wrong == []


def test_host_port_overrides_mark_a_recommended_port() -> None:
    wrong = [
        (profile.id, host.name)
        for profile in _hand_written()
        for host in profile.hosts
        if host.ports is not None and not any(port.recommended for port in host.ports)
    ]

    assert wrong == []


# --- address domains --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "profile_id"),
    [
        ("gmail.com", "gmail"),
        ("GoogleMail.com.", "gmail"),
        ("hotmail.com", "outlook-com"),
        ("outlook.de", "outlook-com"),
        ("ymail.com", "yahoo"),
        ("aol.com", "aol"),
        ("icloud.com", "icloud"),
        ("zohomail.eu", "zoho"),
        ("gmx.de", "gmx"),
        ("gmx.com", "gmx"),
        ("web.de", "web-de"),
        ("yandex.ru", "yandex"),
        ("bk.ru", "mail-ru"),
    ],
)
def test_mail_domain_resolves_to_its_provider(domain: str, profile_id: str) -> None:
    profile = load_index().profile_for_domain(domain)

    assert profile is not None and profile.id == profile_id


def test_unknown_mail_domain_resolves_to_nothing() -> None:
    assert load_index().profile_for_domain("example.com") is None


# --- auth, usernames and secret shapes --------------------------------------------------------


def test_accepts_logins_from_names_existing_profiles() -> None:
    index = load_index()
    dangling = [
        (profile.id, other)
        for profile in _hand_written()
        for other in profile.accepts_logins_from
        if index.get(other) is None
    ]

    assert dangling == []


def test_microsoft_365_host_takes_outlook_com_logins() -> None:
    match = load_index().match_host("smtp.office365.com")

    assert match is not None
    assert "outlook-com" in match.profile.accepts_logins_from


def test_auth_deadlines_agree_with_the_mechanisms() -> None:
    wrong = []
    for profile in _hand_written():
        auth = profile.auth
        if auth.oauth2_only_since is not None and auth.mechanisms != ("oauth2",):
            wrong.append((profile.id, "oauth2_only_since but not OAuth2 only"))
        if auth.basic_auth_sunset is not None and not auth.sunset_note:
            wrong.append((profile.id, "basic_auth_sunset without sunset_note"))
        if auth.required and auth.mechanisms == ("none",):
            wrong.append((profile.id, "auth required but no mechanism"))

    assert wrong == []


@pytest.mark.parametrize(
    ("profile_id", "username"),
    [
        ("sendgrid", "apikey"),
        ("sparkpost", "SMTP_Injection"),
        ("resend", "resend"),
        ("mailtrap", "api"),
    ],
)
def test_fixed_username(profile_id: str, username: str) -> None:
    profile = load_index().get(profile_id)

    assert profile is not None
    assert (profile.username.form, profile.username.value) == ("fixed", username)


SES_SMTP_PASSWORD = "B" + "x" * 43
IAM_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # AWS's documented example


@pytest.mark.parametrize(
    ("profile_id", "value", "fits"),
    [
        ("gmail", "abcdefghijklmnop", True),
        ("gmail", "abcd efgh ijkl mnop", True),
        ("gmail", "Summer2024!", False),
        ("sendgrid", "SG.abc123.def456", True),
        ("sendgrid", "abc123.def456", False),
        ("resend", "re_123abc", True),
        ("resend", "sk_123abc", False),
        ("amazon-ses", SES_SMTP_PASSWORD, True),
        ("amazon-ses", IAM_SECRET_KEY, False),
        ("brevo", "xsmtpsib-abc123", True),
        ("brevo", "xkeysib-abc123", False),
    ],
)
def test_password_shape(profile_id: str, value: str, fits: bool) -> None:
    profile = load_index().get(profile_id)

    assert profile is not None and profile.password is not None
    assert bool(re.fullmatch(profile.password.pattern, value)) is fits


@pytest.mark.parametrize(
    ("value", "fits"),
    [("AKIAIOSFODNN7EXAMPLE", True), ("ops@example.com", False), ("AKIA123", False)],
)
def test_ses_username_shape(value: str, fits: bool) -> None:
    profile = load_index().get("amazon-ses")

    assert profile is not None and profile.username.pattern is not None
    assert bool(re.fullmatch(profile.username.pattern, value)) is fits


def test_every_profile_cites_sources_by_url() -> None:
    bad = [
        (profile.id, url)
        for profile in _hand_written()
        for url in (profile.docs, *(source.url for source in profile.sources))
        if not url.startswith(("https://", "http://"))
    ]

    assert bad == []


# --- malformed profiles -----------------------------------------------------------------------

VALID = """\
id = "acme-relay"
name = "ACME relay"
kind = "relay"
docs = "https://intranet.acme.example/mail"
last_checked = 2026-11-28
mail_domains = ["acme.example"]

[[hosts]]
name = "smtp.acme.example"

[[ports]]
port = 587
security = "starttls"
recommended = true

[auth]
required = true
mechanisms = ["password"]

[username]
form = "address"

[sender]
policy = "verified-domain"

[[sources]]
url = "https://intranet.acme.example/mail"
"""


def _write(directory: Path, text: str, name: str = "acme-relay.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_profile_is_valid(tmp_path: Path) -> None:
    assert load_profile(_write(tmp_path, VALID)).id == "acme-relay"


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        pytest.param(
            VALID.replace('docs = "https://intranet.acme.example/mail"', 'docs = "https://'),
            ["not valid TOML", "line 4"],
            id="invalid-toml",
        ),
        pytest.param(
            VALID.replace('docs = "https://intranet.acme.example/mail"\n', ""),
            ["field docs", "required"],
            id="missing-field",
        ),
        pytest.param(
            VALID.replace("port = 587", 'port = "submission"'),
            ["field ports.0.port"],
            id="wrong-type",
        ),
        pytest.param(
            VALID.replace(
                "[[ports]]",
                '[[hosts]]\nname = "old.acme.example"\nstatus = "legacy"\n\n[[ports]]',
            ),
            ["field hosts.1", "old.acme.example", "replacement"],
            id="legacy-host-without-replacement",
        ),
        pytest.param(
            VALID.replace("recommended = true", "recommended = false"),
            ["ports", "recommended"],
            id="no-recommended-port",
        ),
        pytest.param(
            VALID.replace('form = "address"', 'form = "fixed"'),
            ["field username", "value"],
            id="fixed-username-without-value",
        ),
        pytest.param(
            VALID.replace('name = "smtp.acme.example"', 'name = "smtp_acme.example"'),
            ["field hosts.0.name", "smtp_acme.example"],
            id="bad-host-name",
        ),
        pytest.param(
            VALID.replace("[username]", 'colour = "blue"\n\n[username]'),
            ["field auth.colour: Extra inputs are not permitted"],
            id="unknown-field",
        ),
        pytest.param(
            VALID.replace('[sender]\npolicy = "verified-domain"\n', "").replace(
                "[[hosts]]", 'sender = "verified-domain"\n\n[[hosts]]', 1
            ),
            ["field sender: Input should be a valid dictionary or instance of SenderSpec"],
            id="table-expected",
        ),
        pytest.param(
            VALID.replace('mail_domains = ["acme.example"]', 'mx_suffixes = ["mx acme"]'),
            ["field mx_suffixes: Value error, not a DNS name: 'mx acme'"],
            id="bad-dns-name",
        ),
    ],
)
def test_malformed_profile_error_names_file_and_field(
    tmp_path: Path, broken: str, expected: list[str]
) -> None:
    path = _write(tmp_path, broken)

    with pytest.raises(ProfileError) as caught:
        load_profile(path)

    message = str(caught.value)
    assert caught.value.path == path
    assert message.startswith(str(path))
    for fragment in expected:
        assert fragment in message


# --- user profile folders ---------------------------------------------------------------------


def test_user_profile_wins_a_host_claimed_by_a_builtin_profile(tmp_path: Path) -> None:
    company = VALID.replace(
        'name = "smtp.acme.example"\n',
        'name = "smtp.acme.example"\n\n[[hosts]]\nname = "smtp-relay.gmail.com"\n',
    )
    _write(tmp_path, company)

    index = load_index(extra_dirs=[tmp_path])

    relay = index.match_host("smtp-relay.gmail.com")
    assert relay is not None and relay.profile.id == "acme-relay"
    own = index.match_host("smtp.acme.example")
    assert own is not None and own.profile.id == "acme-relay"
    domain = index.profile_for_domain("acme.example")
    assert domain is not None and domain.id == "acme-relay"
    untouched = index.match_host("smtp.gmail.com")
    assert untouched is not None and untouched.profile.id == "gmail"
    builtin_only = load_index().match_host("smtp-relay.gmail.com")
    assert builtin_only is not None and builtin_only.profile.id == "google-smtp-relay"


def test_user_profile_replaces_a_builtin_profile_with_the_same_id(tmp_path: Path) -> None:
    _write(tmp_path, VALID.replace('id = "acme-relay"', 'id = "sendgrid"'), "sendgrid.toml")

    index = load_index(extra_dirs=[tmp_path])

    profile = index.get("sendgrid")
    assert profile is not None and profile.name == "ACME relay"


def test_broken_user_profile_is_reported_with_its_path(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace("recommended = true", "recommended = false"))

    with pytest.raises(ProfileError) as caught:
        load_index(extra_dirs=[tmp_path])

    assert caught.value.path == path
