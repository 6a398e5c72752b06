"""Dates and times at the edges, and reminder text lost (helper 199; probe 39, O-L9, and helper
196's leftovers). The clock: Tuesday 14 April 2026, 14:30 in Lima (the ``en``/``es`` fixtures).

- 5: "remind me to call my friend Rosa at five this afternoon about the weekend" stored the text
  "call my friend Rosa": a day said as what the item is about ("about the weekend", "sobre el
  sábado", "regarding Monday") was read as a second time and dropped from the text (or asked
  "Which day at 5:00 PM?"). With another time said, it stays in the text.
- 1 (O-L9): "what's on 9999-12-31?" listed the upcoming items: a date the reader cannot read (after
  2099, before 1900, "2027-13-01") is said so, never another list.
- 2 (O-L9): "¿qué tengo el 29 de febrero de 2027?" listed the upcoming items: a day its month lacks
  is said not to exist; a reminder, meeting or to-do on it is asked about (never 1 March).
- 3 (O-L9): "todo: renew passport by 9999-12-31" then "no date" stored "renew passport by
  9999-12-31": the date that cannot be is not the to-do's words; "due" is not either ("add todo
  buy milk due tomorrow" stored "buy milk due").
- 4 (O-L9): "what time is it in Etc/GMT+14?" answered the user's own time: a zone named by its IANA
  name is honoured ("Asia/Tokyo", "Etc/GMT-14", any case); one the zone database does not know
  (Etc/GMT offsets go -14..+12) is said so; a place in lower case ("narnia") too.
- 6 (helper 196): "remind me … in 90 seconds" was confirmed "at 3:19" (the clock to the minute, a
  moment 30 seconds off): a moment within the hour off the minute is said as how long until it
  and its clock to the second.
"""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from tests.app.conftest import PROBE40_MORNING, Api, talk, zoned_user

KIRITIMATI = "Pacific/Kiritimati"  # the tester's zone: Monday 7 December 2026, 22:15 there


def _kiritimati(app: Any, client: Any, lang: str) -> Api:
    return zoned_user(app, client, KIRITIMATI, "es-PE" if lang == "es" else "en", f"h199{lang}")


def _todos(api: Api) -> list[tuple[str, str | None]]:
    return [
        (t["text"], (t.get("due_at") or "")[:16] or None)
        for t in api.get("/v1/todos").json["todos"]
    ]


def _nothing_stored(api: Api) -> bool:
    return not (
        api.get("/v1/reminders").json["reminders"]
        or api.get("/v1/todos").json["todos"]
        or api.get("/v1/meetings").json["meetings"]
    )


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


# -- 1 and 2: the agenda of a day out of range, or of no such day -------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "answer"),
    [
        # as reported
        ("en", "what's on 9999-12-31?", "I can read dates up to the year 2099, not 9999."),
        (
            "en",
            "what do I have on 0001-01-01?",
            "I can read dates from the year 1900 on, not 0001.",
        ),
        (
            "es",
            "¿qué tengo el 29 de febrero de 2027?",
            "No existe el 29 de febrero de 2027: febrero de 2027 tiene 28 días.",
        ),
        # variants
        (
            "en",
            "what's on my calendar on 2250-06-01?",
            "I can read dates up to the year 2099, not 2250.",
        ),
        (
            "en",
            "what do I have on 5 March 1850?",
            "I can read dates from the year 1900 on, not 1850.",
        ),
        ("en", "what do I have on 2027-13-01?", "2027-13-01 is not a date."),
        (
            "en",
            "what do I have on 29 February 2027?",
            "There is no 29 February 2027: February 2027 has 28 days.",
        ),
        ("en", "what's on 2027-02-29?", "There is no 29 February 2027: February 2027 has 28 days."),
        (
            "en",
            "what have I got on April 31?",
            "There is no 31 April 2027: April 2027 has 30 days.",
        ),
        ("es", "¿qué tengo el 9999-12-31?", "Puedo leer fechas hasta el año 2099, no 9999."),
        ("es", "qué tengo el 1 de enero de 1850", "Puedo leer fechas desde el año 1900, no 1850."),
        (
            "es",
            "qué tengo el 30 de febrero",
            "No existe el 30 de febrero de 2027: febrero de 2027 tiene 28 días.",
        ),
        (
            "es",
            "¿qué hay el 31 de abril?",
            "No existe el 31 de abril de 2027: abril de 2027 tiene 30 días.",
        ),
        (
            "es",
            "qué tengo el 2027-04-31",
            "No existe el 31 de abril de 2027: abril de 2027 tiene 30 días.",
        ),
    ],
)
def test_the_agenda_of_a_day_that_cannot_be(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, answer: str
) -> None:
    api = _kiritimati(app, client, lang)
    api.post("/v1/todos", json={"text": "water the plants", "due_at": "2026-12-09T10:00:00+14:00"})
    reply = api.chat(said)
    assert reply["reply"] == answer
    assert reply["path"] == "local"


def test_a_leap_day_that_is_lists_that_day(app: Any, client: Any, probe_clock: None) -> None:
    api = _kiritimati(app, client, "en")
    reply = api.chat("what do I have on 2028-02-29?")
    assert reply["reply"].endswith("on Tuesday 29 February 2028.")
    assert "There is no" not in reply["reply"]


# -- 2: a reminder, meeting or to-do on no such day is asked about ------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "asked"),
    [
        ("en", "remind me to call mom on 2027-04-31 at 10am", "April 2027 has 30 days"),
        ("en", "remind me on 2027-02-29 at 5pm to call mom", "February 2027 has 28 days"),
        ("en", "schedule a meeting with Tom on 2027-02-29 at 3pm", "February 2027 has 28 days"),
        ("en", "todo: renew passport by 2027-04-31", "April 2027 has 30 days"),
        (
            "es",
            "recuérdame llamar a mamá el 2027-04-31 a las 5 de la tarde",
            "Abril de 2027 tiene 30 días",
        ),
        (
            "es",
            "agenda una reunión con Tom el 2027-02-30 a las 3 de la tarde",
            "Febrero de 2027 tiene 28 días",
        ),
    ],
)
def test_no_such_day_is_asked_never_stored(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, asked: str
) -> None:
    api = _kiritimati(app, client, lang)
    reply = api.chat(said)
    assert asked in reply["reply"]
    assert _nothing_stored(api)


# -- 3: a to-do's date out of range, or of no such day, never stays in its words -------------


@pytest.mark.parametrize(
    ("lang", "said", "answer", "stored"),
    [
        # as reported, then "no date"
        ("en", "todo: renew passport by 9999-12-31", "no date", ("renew passport", None)),
        ("en", "add todo buy milk due 12/31/9999", "no date", ("buy milk", None)),
        # variants
        (
            "es",
            "pendiente: renovar pasaporte para el 31/12/9999",
            "sin fecha",
            ("renovar pasaporte", None),
        ),
        (
            "es",
            "pendiente: renovar pasaporte para el 9999-12-31",
            "sin fecha",
            ("renovar pasaporte", None),
        ),
        ("en", "todo: renew passport by 2027-02-29", "no date", ("renew passport", None)),
        ("en", "todo: renew passport by 29 February 2027", "no date", ("renew passport", None)),
        (
            "en",
            "todo: renew passport by 0001-01-01",
            "december 20",
            ("renew passport", "2026-12-20T23:59"),
        ),
    ],
)
def test_a_date_that_cannot_be_is_no_todo_text(
    app: Any,
    client: Any,
    probe_clock: None,
    lang: str,
    said: str,
    answer: str,
    stored: tuple[str, str | None],
) -> None:
    api = _kiritimati(app, client, lang)
    first, _second = talk(api, said, answer)
    assert "no date" in first["reply"] or "sin fecha" in first["reply"]
    assert _todos(api) == [stored]


def test_a_reminder_on_a_far_date_keeps_no_date_words(
    app: Any, client: Any, probe_clock: None
) -> None:
    api = _kiritimati(app, client, "en")
    first, _second = talk(api, "remind me on 9999-12-31 at 5pm to call mom", "december 20 at 5pm")
    assert (
        first["reply"] == "I can read dates up to the year 2099, not 9999: which date did you mean?"
    )
    assert [(t, d) for t, d in _reminders(api)] == [("call mom", "2026-12-20T17:00")]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("add todo buy milk due tomorrow", ("buy milk", "2026-04-15T23:59")),
        ("todo: send the report due by friday", ("send the report", "2026-04-17T23:59")),
        ("todo: the rent is due on friday", ("the rent is due", "2026-04-17T23:59")),
    ],
)
def test_due_is_no_todo_text(en: Api, said: str, stored: tuple[str, str]) -> None:
    en.chat(said)
    assert _todos(en) == [stored]


# -- 4: the time in a zone named by its IANA name -----------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "answer"),
    [
        # as reported
        (
            "en",
            "what time is it in Etc/GMT+14?",
            "I don't know the timezone Etc/GMT+14. Here it's 10:15 PM (Pacific/Kiritimati).",
        ),
        (
            "en",
            "what time is it in Asia/Tokyo",
            "It's 5:15 PM in Asia/Tokyo, Monday 7 December 2026.",
        ),
        (
            "es",
            "qué hora es en America/Bogota",
            "Son las 03:15 en America/Bogota, lunes 7 de diciembre de 2026.",
        ),
        # variants
        (
            "en",
            "what time is it in Etc/GMT-14?",
            "It's 10:15 PM in Etc/GMT-14, Monday 7 December 2026.",
        ),
        (
            "en",
            "what's the time in europe/madrid right now?",
            "It's 9:15 AM in Europe/Madrid, Monday 7 December 2026.",
        ),
        (
            "es",
            "¿qué hora es en america/argentina/buenos_aires ahora?",
            "Son las 05:15 en America/Argentina/Buenos_Aires, lunes 7 de diciembre de 2026.",
        ),
        (
            "en",
            "what time is it in Mars/Olympus_Mons?",
            "I don't know the timezone Mars/Olympus_Mons. Here it's 10:15 PM (Pacific/Kiritimati).",
        ),
        (
            "es",
            "qué hora es en Etc/GMT+13",
            "No conozco la zona horaria Etc/GMT+13. Aquí son las 22:15 (Pacific/Kiritimati).",
        ),
        (
            "en",
            "what time is it in narnia?",
            "I don't know the time zone of narnia. Here it's 10:15 PM (Pacific/Kiritimati).",
        ),
        (
            "es",
            "qué hora es en narnia",
            "No conozco la zona horaria de narnia. Aquí son las 22:15 (Pacific/Kiritimati).",
        ),
        # what already held
        (
            "en",
            "what time is it in Narnia",
            "I don't know the time zone of Narnia. Here it's 10:15 PM (Pacific/Kiritimati).",
        ),
        ("en", "what time is it", "It's 10:15 PM (Pacific/Kiritimati)."),
        ("es", "qué hora es", "Son las 22:15 (Pacific/Kiritimati)."),
    ],
)
def test_the_time_in_a_zone_named(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, answer: str
) -> None:
    api = _kiritimati(app, client, lang)
    reply = api.chat(said)
    assert reply["reply"] == answer
    assert reply["path"] == "local"


# -- 6: a reminder in seconds is confirmed to the second ---------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "answer", "due"),
    [
        (
            "en",
            "remind me to check the oven in 90 seconds",
            "OK, I'll remind you to check the oven in 1 minute 30 seconds, at 3:16:30 AM.",
            "2026-12-07T03:16:30",
        ),
        (
            "en",
            "remind me in 2 minutes and 5 seconds to turn off the stove",
            "OK, I'll remind you to turn off the stove in 2 minutes 5 seconds, at 3:17:05 AM.",
            "2026-12-07T03:17:05",
        ),
        (
            "es",
            "recuérdame en 4 minutos y 30 segundos sacar el pan",
            "Listo, te recordaré sacar el pan en 4 minutos 30 segundos, a las 03:19:30.",
            "2026-12-07T03:19:30",
        ),
        # what already held: a moment on the minute
        (
            "en",
            "remind me to call mom in 20 minutes",
            "OK, I'll remind you to call mom today (Mon 7 Dec) at 3:35 AM.",
            "2026-12-07T03:35:00",
        ),
    ],
)
def test_a_reminder_in_seconds_is_said_to_the_second(
    app: Any, client: Any, lang: str, said: str, answer: str, due: str
) -> None:
    api = zoned_user(app, client, "America/Lima", "es-PE" if lang == "es" else "en", "h199s")
    with time_machine.travel(PROBE40_MORNING, tick=False):
        reply = api.chat(said)
    assert reply["reply"] == answer
    assert [(r["due_at"][:19]) for r in api.get("/v1/reminders").json["reminders"]] == [due]
