"""Probe 33's dialogue findings (E-H1, E-H2, E-M15, E-M16, E-L1, E-L3, E-L7): how a waiting
question treats a new message. The tester's clock was Sun 6 Dec 2026; these run on Tuesday 14
April 2026, 14:30 in Lima (the ``en``/``es`` fixtures), its days translated."""

from __future__ import annotations

import re

import pytest

from tests.app.conftest import Api, meetings_of, reminders_of, talk


@pytest.mark.parametrize(
    ("lang", "first", "then", "expected"),
    [
        (
            "en",
            "book an interview on friday at 10am",
            "tomorrow I have a meeting with my boss at 5pm, book it",
            ("Meeting with my boss", "2026-04-15T17:00"),
        ),
        (
            "es",
            "el lunes tengo entrevista de trabajo a las 10 de la mañana en Miraflores, agéndala",
            "este jueves tengo reunión con el jefe a las 5, agéndala",
            ("Reunión con el jefe", "2026-04-16T17:00"),
        ),
    ],
)
def test_e_h1_a_new_booking_is_not_the_awaited_name(
    request: pytest.FixtureRequest, lang: str, first: str, then: str, expected: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, first, then)
    assert expected in meetings_of(api), replies[-1]["reply"]
    assert all("book it" not in t and "agéndala" not in t for t, _ in meetings_of(api))


def test_e_h1_an_answer_that_says_with_whom_is_the_name(en: Api) -> None:
    """ "book it with Ana" to "Who is the meeting with?": Ana, never "book it with Ana"."""
    talk(en, "book a meeting on friday at 10am", "book it with Ana")
    assert meetings_of(en) == [("Meeting with Ana", "2026-04-17T10:00")]


@pytest.mark.parametrize(
    ("lang", "said", "expected"),
    [
        (
            "es",
            "mañana a las 9 de la mañana tengo que llamar a mi tia para su cumple recuerdame pe",
            ("llamar a mi tia para su cumple", "2026-04-15T09:00"),
        ),
        (
            "es",
            "mañana a las 5 de la tarde tengo que pagar la luz, recuérdame pues",
            ("pagar la luz", "2026-04-15T17:00"),
        ),
        (
            "en",
            "tomorrow at 5pm I have to call the bank, remind me pls",
            ("call the bank", "2026-04-15T17:00"),
        ),
    ],
)
def test_e_h2_a_chat_word_after_the_cue_is_no_reminder_text(
    request: pytest.FixtureRequest, lang: str, said: str, expected: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert not reply["pending"], reply["reply"]
    assert reminders_of(api) == [expected]


def test_e_h2_a_lone_chat_word_asks_what(es: Api) -> None:
    reply = es.chat("recuérdame pe")
    assert reply["pending"], reply["reply"]
    assert not re.search(r"\bpe\b", reply["reply"]), reply["reply"]


@pytest.mark.parametrize(
    ("lang", "first", "then", "expected"),
    [
        (
            "es",
            "recuérdame llamar a mamá",
            "mañana a las 9 de la mañana tengo que llamar a mi tia para su cumple, recuerdame",
            [("llamar a mi tia para su cumple", "2026-04-15T09:00")],
        ),
        (
            "en",
            "remind me to call mom",
            "tomorrow at 5pm I have to pay the rent, remind me",
            [("pay the rent", "2026-04-15T17:00")],
        ),
        # with no words of its own, the request said again answers the question
        (
            "en",
            "remind me to call mom",
            "tomorrow at 5pm, remind me",
            [("call mom", "2026-04-15T17:00")],
        ),
        (
            "es",
            "recuérdame llamar a mamá",
            "mañana a las 5 de la tarde, recuérdame porfa",
            [("llamar a mamá", "2026-04-15T17:00")],
        ),
    ],
)
def test_e_h2_a_new_reminder_said_before_its_cue_is_not_the_awaited_time(
    request: pytest.FixtureRequest,
    lang: str,
    first: str,
    then: str,
    expected: list[tuple[str, str]],
) -> None:
    api: Api = request.getfixturevalue(lang)
    talk(api, first, then)
    assert reminders_of(api) == expected


@pytest.mark.parametrize(
    ("lang", "book", "ask", "remind", "expected"),
    [
        (
            "es",
            "agendame una cita con la doctora Quispe el lunes a las 8 y media de la mañana",
            "what did I just book",
            "ok and remind me half an hour before",
            ("Cita con la doctora Quispe", "2026-04-20T08:00"),
        ),
        (
            "es",
            "agenda una reunión con Ana el lunes a las 9 de la mañana",
            "¿qué acabo de agendar?",
            "ya, avísame media hora antes",
            ("Reunión con Ana", "2026-04-20T08:30"),
        ),
        (
            "en",
            "book a meeting with Ana on monday at 9am",
            "what did I just book?",
            "remind me 15 minutes before",
            ("Meeting with Ana", "2026-04-20T08:45"),
        ),
    ],
)
def test_e_m16_a_reminder_before_the_meeting_just_booked_and_said_again(
    request: pytest.FixtureRequest,
    lang: str,
    book: str,
    ask: str,
    remind: str,
    expected: tuple[str, str],
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, book, ask, remind)
    assert not replies[-1]["pending"], replies[-1]["reply"]
    assert reminders_of(api) == [expected]


def test_e_m16_ok_opens_a_reminder_before_the_meeting(en: Api) -> None:
    talk(en, "book a meeting with Ana on monday at 9am", "ok remind me 15 minutes before")
    assert reminders_of(en) == [("Meeting with Ana", "2026-04-20T08:45")]


@pytest.mark.parametrize(
    ("lang", "said", "expected"),
    [
        (
            "es",
            "hola buenos dias disculpa la molestia es que estoy super ocupada esta semana con el "
            "trabajo y los chicos y la verdad me olvido de todo, mi mamá siempre me dice que tengo "
            "cabeza de pollo jaja, bueno el tema es que el miércoles a las 4 de la tarde tengo la "
            "reunión de padres en el colegio de mi hijo y no me puedo olvidar porque la profesora "
            "se molesta, me lo podrías recordar? gracias de antemano",
            ("tengo la reunión de padres en el colegio de mi hijo", "2026-04-15T16:00"),
        ),
        (
            "en",
            "hi sorry to bother you, I'm swamped this week with work and the kids and honestly I "
            "forget everything, my mom says I have a head like a sieve lol, anyway the thing is "
            "that on wednesday at 4pm I have the parents' meeting at my son's school and I can't "
            "forget it because the teacher gets upset, can you remind me? thanks in advance",
            ("I have the parents' meeting at my son's school", "2026-04-15T16:00"),
        ),
    ],
)
def test_e_m15_a_reminder_asked_at_the_end_of_a_long_message(
    request: pytest.FixtureRequest, lang: str, said: str, expected: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert reminders_of(api) == [expected], reply["reply"]
    assert ("that you have" if lang == "en" else "que tienes") in reply["reply"]


def test_e_l1_what_the_user_has_is_said_back_and_stored_once(es: Api) -> None:
    first, second = talk(
        es,
        "el miércoles a las 4 de la tarde tengo reunión de padres en el colegio, "
        "recuérdamelo porfa",
        "recuerdame el miercoles a las 4 de la tarde la reunion de padres en el colegio",
    )
    assert "te recordaré que tienes reunión de padres" in first["reply"]
    assert "Ya tienes ese recordatorio" in second["reply"]
    assert reminders_of(es) == [("tengo reunión de padres en el colegio", "2026-04-15T16:00")]


def test_e_l1_two_reminders_at_one_time_about_different_things_stay_two(en: Api) -> None:
    talk(en, "remind me tomorrow at 5pm to call mom", "remind me tomorrow at 5pm to call dad")
    assert len(reminders_of(en)) == 2
