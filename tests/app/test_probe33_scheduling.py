"""Probe 33's Part 1: older scheduling-dialogue findings the tester found still not fixed
(P19-M19, M-N7, P19-M9, P20-M11, P20-M10, P19-M10). The tester's clock was Sun 6 Dec 2026;
these run on Tuesday 14 April 2026, 14:30 in Lima (the ``en``/``es`` fixtures), its days
translated."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api, meetings_of, reminders_of, talk


@pytest.mark.parametrize(
    ("lang", "booked", "said", "expected"),
    [
        # P19-M19: no comma between the meeting and its verb
        ("es", "este jueves tengo reunión con el jefe a las 5, agéndala",
         "la reunión con el jefe pásala a las 6", ("Reunión con el jefe", "2026-04-16T18:00")),
        ("es", "agenda una reunión con Pilar el jueves a las 4 de la tarde",
         "la reunión con Pilar muévela al viernes", ("Reunión con Pilar", "2026-04-17T16:00")),
        ("en", "book a meeting with Pilar on thursday at 4pm",
         "the meeting with Pilar move it to 5pm", ("Meeting with Pilar", "2026-04-16T17:00")),
        ("en", "book a meeting with Pilar on thursday at 4pm",
         "the meeting with Pilar, move it to 5pm", ("Meeting with Pilar", "2026-04-16T17:00")),
    ],
)  # fmt: skip
def test_p19_m19_a_meeting_named_then_moved(
    request: pytest.FixtureRequest, lang: str, booked: str, said: str, expected: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, booked, said)
    assert meetings_of(api) == [expected], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "booked", "said", "expected"),
    [
        ("es", "este jueves tengo reunión con el jefe a las 5, agéndala",
         "avísame 15 minutos antes de mi reunión del jueves", "2026-04-16T16:45"),
        ("en", "book a meeting with Pilar on thursday at 4pm",
         "remind me 15 minutes before my thursday meeting", "2026-04-16T15:45"),
        ("en", "book a meeting with Pilar on thursday at 4pm",
         "remind me half an hour before my meeting on thursday", "2026-04-16T15:30"),
        ("es", "agenda una reunión con Pilar mañana a las 10 de la mañana",
         "recuérdame una hora antes de la reunión de mañana", "2026-04-15T09:00"),
    ],
)  # fmt: skip
def test_m_n7_a_reminder_before_a_meeting_named_by_its_day(
    request: pytest.FixtureRequest, lang: str, booked: str, said: str, expected: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    api.chat(booked)
    reply = api.chat(said)  # a new conversation: no meeting shown, named by its day alone
    assert not reply["pending"], reply["reply"]
    assert [due for _t, due in reminders_of(api)] == [expected], reply["reply"]


def test_m_n7_of_two_meetings_that_day_one_is_picked(en: Api) -> None:
    talk(
        en,
        "book a meeting with Ana on thursday at 10am",
        "book a meeting with Bo on thursday at 4pm",
    )
    reply = en.chat("remind me 15 minutes before my thursday meeting")
    assert reply["pending"], reply["reply"]
    assert reminders_of(en) == []


def test_m_n7_no_meeting_that_day_is_said(es: Api) -> None:
    talk(es, "agenda una reunión con Pilar el jueves a las 4 de la tarde")
    reply = es.chat("avísame 15 minutos antes de mi reunión del viernes")
    assert "viernes" in reply["reply"]
    assert reminders_of(es) == []


@pytest.mark.parametrize(
    ("lang", "said", "expected"),
    [
        ("en", "book an interview on friday at 10am", ("Interview", "2026-04-17T10:00")),
        ("en", "I have a job interview on friday at 10am, book it",
         ("Job interview", "2026-04-17T10:00")),
        ("es", "el lunes tengo entrevista de trabajo a las 10 de la mañana en Miraflores, agéndala",
         ("Entrevista de trabajo en Miraflores", "2026-04-20T10:00")),
        ("es", "agenda una entrevista el viernes a las 10 de la mañana",
         ("Entrevista", "2026-04-17T10:00")),
    ],
)  # fmt: skip
def test_p19_m9_an_interview_names_itself(
    request: pytest.FixtureRequest, lang: str, said: str, expected: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert not reply["pending"], reply["reply"]
    assert meetings_of(api) == [expected]


@pytest.mark.parametrize(
    ("first", "said", "expected"),
    [
        # P20-M11: while "hoy a las 19:30 o mañana a las 7:30?" waits for the pill
        ("recuérdame tomar la pastilla a las 7:30",
         "vale, apúntame que el lunes por la tarde he quedado con Marta para tomar café a las "
         "cinco y cuarto", ("Reunión con Marta", "2026-04-20T17:15")),
        ("recuérdame tomar la pastilla a las 7:30",
         "apúntame que el lunes he quedado con Marta a las cinco",
         ("Reunión con Marta", "2026-04-20T17:00")),
        # with nothing waiting it was an endless loop between a to-do and a meeting
        ("¿qué hora es?", "apúntame que el lunes he quedado con Marta a las cinco",
         ("Reunión con Marta", "2026-04-20T17:00")),
    ],
)  # fmt: skip
def test_p20_m11_a_meeting_agreed_is_booked_never_the_awaited_time(
    es: Api, first: str, said: str, expected: tuple[str, str]
) -> None:
    replies = talk(es, first, said)
    assert meetings_of(es) == [expected], replies[-1]["reply"]
    assert reminders_of(es) == []  # the pill is not stored at Monday's 17:00


@pytest.mark.parametrize(
    ("lang", "stored", "said", "answer", "expected"),
    [
        ("es", "recuérdame mañana por la mañana llamar al fontanero", "el martes, pero a las diez",
         "el martes que viene", ("llamar al fontanero", "2026-04-21T10:00")),
        ("en", "remind me tomorrow morning to call the plumber", "on tuesday, but at ten",
         "next tuesday", ("call the plumber", "2026-04-21T10:00")),
    ],
)  # fmt: skip
def test_p20_m10_a_new_day_and_hour_after_a_reminder_moves_it(
    request: pytest.FixtureRequest,
    lang: str,
    stored: str,
    said: str,
    answer: str,
    expected: tuple[str, str],
) -> None:
    """Said on a Tuesday, "el martes a las diez" is tonight at 22:00 or next Tuesday at 10:00:
    asked, as the move it is (never a refusal), then moved."""
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, stored, said, answer)
    assert replies[1]["pending"], replies[1]["reply"]
    assert reminders_of(api) == [expected]


@pytest.mark.parametrize(
    ("lang", "stored", "said"),
    [
        ("es", "recuérdame mañana por la mañana llamar al fontanero", "mejor el jueves a las diez"),
        ("en", "remind me tomorrow morning to call the plumber", "thursday, but at ten"),
    ],
)
def test_p20_m10_an_hour_in_words_is_never_dropped(
    request: pytest.FixtureRequest, lang: str, stored: str, said: str
) -> None:
    """ "a las diez" is 10:00 or 22:00, never the reminder's own 9:00 on Thursday."""
    api: Api = request.getfixturevalue(lang)
    talk(api, stored, said)
    assert all(not due.startswith("2026-04-16T09") for _t, due in reminders_of(api))


@pytest.mark.parametrize(
    ("lang", "said", "answer", "expected"),
    [
        ("en", "school run is weekdays at 8:15, remind me monday", "8:15 am",
         ("school run", "2026-04-20T08:15")),
        ("en", "the dentist is at 4pm, remind me friday", None,
         ("the dentist", "2026-04-17T16:00")),
        ("es", "la salida del cole es entre semana a las 8:15 de la mañana, recuérdamelo el lunes",
         None, ("la salida del cole", "2026-04-20T08:15")),
    ],
)  # fmt: skip
def test_p19_m10_the_words_and_clock_before_the_cue_the_day_after(
    request: pytest.FixtureRequest,
    lang: str,
    said: str,
    answer: str | None,
    expected: tuple[str, str],
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, said, *([answer] if answer else []))
    assert reminders_of(api) == [expected], replies[-1]["reply"]
