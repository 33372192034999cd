"""The sender check's fast path accepts only addresses email-validator accepts too."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from smtplint.rules._addresses import _PLAINLY_VALID, address_problem


def _validator_accepts(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False, allow_display_name=False)
    except EmailNotValidError:
        return False
    return True


_ATOM_CHARS = "abcxyzABZ019!#$%&'*+/=?^_`{|}~-"
_atoms = st.text(_ATOM_CHARS, min_size=1, max_size=12)
_labels = st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9-]{0,8}[a-zA-Z0-9]|[a-z0-9]", fullmatch=True)
_tlds = st.from_regex(r"[a-zA-Z]{2,8}", fullmatch=True)


@st.composite
def _addresses(draw: st.DrawFn) -> str:
    local = ".".join(draw(st.lists(_atoms, min_size=1, max_size=4)))
    labels = draw(st.lists(_labels, min_size=1, max_size=4))
    return f"{local}@{'.'.join([*labels, draw(_tlds)])}"


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_addresses())
def test_every_address_the_fast_path_takes_is_valid_for_email_validator(address: str) -> None:
    if _PLAINLY_VALID.fullmatch(address) and len(address) <= 254:
        assert _validator_accepts(address), address


def test_fast_path_leaves_doubtful_addresses_to_email_validator() -> None:
    for address in [
        "x@foo.test",
        "x@mail.LOCAL",
        "x@xn--80ak6aa92e.com",
        "a..b@gmail.com",
        "a@-x.com",
        "a@x",
        '"quoted local"@example.org',
        "jöran@example.org",
        "a@x.c0m",
    ]:
        assert _PLAINLY_VALID.fullmatch(address) is None, address


def test_answers_are_the_same_with_and_without_the_fast_path() -> None:
    for address in ["jane.doe@gmail.com", "a..b@gmail.com", "a@x", "noreply@mail.example.com"]:
        expected = None if _validator_accepts(address.replace("example.com", "x.io")) else "bad"
        assert (address_problem(address) is None) == (expected is None), address
