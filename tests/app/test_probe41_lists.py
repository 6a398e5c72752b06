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


def test_a_name_that_is_also_a_possessive_is_said_back_as_a_name(es: Api) -> None:
    """Probe 40, U-L1 (and probe 41, R-L2): "recuérdeme el viernes a las 12:15 llamar a Mía" was
    echoed "te recordaré llamar a Tuya"."""
    r = es.chat("recuérdame el viernes a las 12:15 llamar a Mía")
    assert "llamar a Mía" in r["reply"], r["reply"]
    assert "Tuya" not in r["reply"]
    from app.skills.slots import swap_pronouns

    assert swap_pronouns("la casa es mía", "es") == "la casa es tuya"
