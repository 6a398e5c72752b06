"""Probe 41, R-M5: "my alarms" and "mis alarmas" asked for a new alarm's time instead of listing
the alarms ("qué alarmas tengo" listed them)."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api


@pytest.mark.parametrize(
    ("who", "set_", "asked", "listed"),
    [
        ("en", "set an alarm for tomorrow at 6:45am", "my alarms", "6:45"),
        ("en", "set an alarm for tomorrow at 6:45am", "my alarms?", "6:45"),
        ("es", "pon una alarma mañana a las 6:45 de la mañana", "mis alarmas", "6:45"),
        ("es", "pon una alarma mañana a las 6:45 de la mañana", "y mis alarmas?", "6:45"),
    ],
)
def test_the_alarms_named_alone_are_listed(
    request: pytest.FixtureRequest, who: str, set_: str, asked: str, listed: str
) -> None:
    api: Api = request.getfixturevalue(who)
    first = api.chat(set_)
    assert not first["pending"], first["reply"]
    r = api.chat(asked, first["conversation_id"])
    assert not r["pending"], r["reply"]
    assert listed in r["reply"]
