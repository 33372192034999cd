"""The example configurations the rule docs are written from."""

from __future__ import annotations

import pytest

from smtplint.rules._examples import GMAIL_IMPLICIT_TLS, edited


def test_edited_changes_values_in_place_removes_and_appends_keys() -> None:
    text = edited(GMAIL_IMPLICIT_TLS, SMTP_PORT="587", SMTP_FROM=None, SMTP_TIMEOUT="10")
    assert text.splitlines() == [
        "SMTP_HOST=smtp.gmail.com",
        "SMTP_PORT=587",
        "SMTP_SECURE=true",
        "SMTP_USER=jane.doe@gmail.com",
        "SMTP_PASS=${GMAIL_APP_PASSWORD}",
        "SMTP_TIMEOUT=10",
    ]
    assert text.endswith("\n")


def test_edited_without_changes_is_the_example() -> None:
    assert edited(GMAIL_IMPLICIT_TLS) == GMAIL_IMPLICIT_TLS


def test_edited_refuses_to_remove_a_key_the_example_lacks() -> None:
    with pytest.raises(ValueError, match="SMTP_TIMEOUT"):
        edited(GMAIL_IMPLICIT_TLS, SMTP_TIMEOUT=None)
