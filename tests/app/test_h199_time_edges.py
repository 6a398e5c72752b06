"""Dates and times at the edges, and reminder text lost (helper 199; probe 39, O-L9, and helper
196's leftovers). The clock: Tuesday 14 April 2026, 14:30 in Lima (the ``en``/``es`` fixtures).

- 5: "remind me to call my friend Rosa at five this afternoon about the weekend" stored the text
  "call my friend Rosa": a day said as what the item is about ("about the weekend", "sobre el
  sábado", "regarding Monday") was read as a second time and dropped from the text (or asked
  "Which day at 5:00 PM?"). With another time said, it stays in the text.
"""

from __future__ import annotations

import pytest

from tests.app.conftest import Api


def _reminders(api: Api) -> list[tuple[str, str]]:
    return [(r["text"], r["due_at"][:16]) for r in api.get("/v1/reminders").json["reminders"]]


# -- 5: words after the time that belong to the task -------------------------------------------


@pytest.mark.parametrize(
    ("said", "text", "due"),
    [
        # as reported (helper 196)
        (
            "remind me to call my friend Rosa at five this afternoon about the weekend",
            "call my friend Rosa about the weekend",
            "2026-04-14T17:00",
        ),
        (
            "remind me to call my friend Rosa at 5pm about the weekend",
            "call my friend Rosa about the weekend",
            "2026-04-14T17:00",
        ),
        (
            "remind me to call Rosa at 5pm to talk about the weekend",
            "call Rosa to talk about the weekend",
            "2026-04-14T17:00",
        ),
        (
            "remind me to email Tom at 4pm regarding Monday",
            "email Tom regarding Monday",
            "2026-04-14T16:00",
        ),
        (
            "remind me to ask Tom about tomorrow's meeting at 6pm",
            "ask Tom about tomorrow's meeting",
            "2026-04-14T18:00",
        ),
        (
            "remind me to talk to Ana about this weekend on Friday at 9am",
            "talk to Ana about this weekend",
            "2026-04-17T09:00",
        ),
        (
            "remind me to call Rosa at 5pm about next week",
            "call Rosa about next week",
            "2026-04-14T17:00",
        ),
        # what already held: a subject with no day in it, a time after "about"
        (
            "remind me to email Tom at 3pm regarding the invoice",
            "email Tom regarding the invoice",
            "2026-04-14T15:00",
        ),
        ("remind me to call Rosa tomorrow at about 5pm", "call Rosa", "2026-04-15T17:00"),
    ],
)
def test_a_day_as_the_subject_stays_in_the_text(en: Api, said: str, text: str, due: str) -> None:
    en.chat(said)
    assert _reminders(en) == [(text, due)]


@pytest.mark.parametrize(
    ("said", "text", "due"),
    [
        (
            "recuérdame llamar a Rosa a las 5 de la tarde sobre el fin de semana",
            "llamar a Rosa sobre el fin de semana",
            "2026-04-14T17:00",
        ),
        (
            "recuérdame llamar a Rosa a las 6 de la tarde respecto al sábado",
            "llamar a Rosa respecto al sábado",
            "2026-04-14T18:00",
        ),
        (
            "recuérdame llamar a Rosa a las 6 de la tarde sobre el sábado",
            "llamar a Rosa sobre el sábado",
            "2026-04-14T18:00",
        ),
        (
            "recuérdame escribir a Tom el viernes a las 3 de la tarde acerca del lunes",
            "escribir a Tom acerca del lunes",
            "2026-04-17T15:00",
        ),
        (
            "recuérdame hablar con Tom sobre el fin de semana el viernes a las 9 de la mañana",
            "hablar con Tom sobre el fin de semana",
            "2026-04-17T09:00",
        ),
        (
            "recuérdame llamar a Rosa mañana a las 5 de la tarde sobre la próxima semana",
            "llamar a Rosa sobre la próxima semana",
            "2026-04-15T17:00",
        ),
        # what already held
        (
            "recuérdame llamar a Rosa a las 5 de la tarde sobre el viaje",
            "llamar a Rosa sobre el viaje",
            "2026-04-14T17:00",
        ),
    ],
)
def test_a_day_as_the_subject_stays_in_the_text_es(es: Api, said: str, text: str, due: str) -> None:
    es.chat(said)
    assert _reminders(es) == [(text, due)]


@pytest.mark.parametrize(
    ("api", "said", "asked"),
    [
        ("en", "remind me to call Rosa about Friday", "What time on Fri 17 Apr?"),
        ("es", "recuérdame llamar a Rosa sobre el viernes", "¿A qué hora el viernes 17 de abril?"),
    ],
)
def test_a_day_alone_after_about_is_still_asked(
    request: pytest.FixtureRequest, api: str, said: str, asked: str
) -> None:
    """With no other time said, the day stays the reminder's day, and its time is asked."""
    user: Api = request.getfixturevalue(api)
    reply = user.chat(said)
    assert asked in reply["reply"]
    assert _reminders(user) == []
