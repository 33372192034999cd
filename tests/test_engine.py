"""Rule selection, the way ruff selects: prefixes, the most specific one deciding."""

from __future__ import annotations

import pytest

from smtplint.engine import Selection


@pytest.mark.parametrize(
    ("select", "ignore", "code", "enabled"),
    [
        (("ALL",), (), "SL101", True),
        (("SL1",), (), "SL101", True),
        (("SL1",), (), "SL201", False),
        (("ALL",), ("SL1",), "SL101", False),
        (("ALL",), ("SL1",), "SL201", True),
        (("SL101",), ("SL1",), "SL101", True),
        (("SL1",), ("SL101",), "SL101", False),
        (("SL1",), ("SL101",), "SL102", True),
        (("sl1",), (), "SL101", True),
        ((), (), "SL101", False),
    ],
)
def test_selection(
    select: tuple[str, ...], ignore: tuple[str, ...], code: str, enabled: bool
) -> None:
    assert Selection(select, ignore).enabled(code) is enabled
