"""Agenda questions an independent tester found refused, misread or answered without the answer
(probe 13, finding 12 and the first LOW item of 15): "what's next?" / "¿qué sigue?" list what
comes next; "am I free at 3 tomorrow?" / "¿estoy libre el jueves a las 10:30?" say yes or no,
naming the meeting on then with its end; "does anything clash with a call on thursday at
10:30am?" / "¿tengo algo que choque con una llamada …?" answer what overlaps and book nothing; a
meeting that ends at midnight belongs to its own day only."""

from __future__ import annotations

import pytest
import time_machine

from tests.app.conftest import TUESDAY_AFTERNOON, Api, make_user, meetings_of, talk

# The clock: Tuesday 14 April 2026, 14:30 in Lima; Thursday is the 16th.


def _plan(api: Api) -> None:
    if api.name == "rosa":
        api.chat("agenda una reunión con Ana el jueves de 10 a 11 de la mañana")
        api.chat("agenda reunión con Bo mañana a las 3 de la tarde")
    else:
        api.chat("book a meeting with Ana on thursday from 10am to 11am")
        api.chat("book a meeting with Bo tomorrow at 3pm")
    assert [when[11:] for _title, when in meetings_of(api)] == ["15:00", "10:00"]


# -- what comes next ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    ["what's next?", "what's coming up?", "what's on next?", "so what's next?", "What’s up next?"],
)
def test_whats_next_lists_what_comes_next(en: Api, message: str) -> None:
    _plan(en)
    reply = en.chat(message)
    assert reply["skill"] == "scheduling"
    assert reply["reply"].splitlines() == [
        "You have 2 meetings coming up:",
        "1. Meeting with Bo — tomorrow at 3:00 PM–3:30 PM",
        "2. Meeting with Ana — Thu 16 Apr at 10:00 AM–11:00 AM",
    ]


@pytest.mark.parametrize(
    "message",
    ["¿qué sigue?", "¿qué tengo ahora?", "¿qué viene?", "y ahora, ¿qué sigue?", "que sigue"],
)
def test_que_sigue_lista_lo_que_viene(es: Api, message: str) -> None:
    _plan(es)
    reply = es.chat(message)
    assert reply["skill"] == "scheduling"
    assert reply["reply"].splitlines() == [
        "Tienes 2 reuniones próximas:",
        "1. Reunión con Bo — mañana a las 15:00–15:30",
        "2. Reunión con Ana — el jueves 16 de abril a las 10:00–11:00",
    ]


# -- am I free then? ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("am I free on thursday at 10:30am?", "No"),
        ("do I have anything on thursday at 10:30am?", "Yes"),  # "busy?": yes (stop 40)
        ("is thursday at 10:30am free?", "No"),
        ("am I busy on thursday at 10:30 in the morning?", "Yes"),
    ],
)
def test_busy_names_the_meeting_on_then_with_its_end(en: Api, message: str, answer: str) -> None:
    _plan(en)
    reply = en.chat(message)["reply"]
    assert reply.splitlines() == [
        f"{answer}: Thu 16 Apr at 10:30 AM you have 1 meeting:",
        "• Meeting with Ana — Thu 16 Apr at 10:00 AM–11:00 AM",
    ]
    assert len(meetings_of(en)) == 2  # a question books nothing


def test_free_at_a_moment_says_yes_and_what_comes_next_that_day(en: Api) -> None:
    _plan(en)
    assert en.chat("am I free at 3 tomorrow?")["reply"].startswith(
        "No: tomorrow at 3:00 PM you have 1 meeting:"
    )
    assert en.chat("am I free tomorrow at 2pm?")["reply"] == (
        "Yes, you're free tomorrow at 2:00 PM: no meetings then. Your next meeting that day: "
        "“Meeting with Bo”, tomorrow at 3:00 PM–3:30 PM."
    )
    # a meeting that ends at 11:00 leaves 11:00 free
    assert en.chat("am I free on thursday at 11am?")["reply"].startswith("Yes, you're free")


def test_a_part_of_the_day_is_its_hours(en: Api) -> None:
    _plan(en)
    assert en.chat("is my thursday afternoon free?")["reply"] == (
        "Yes, you're free on Thursday 16 April 2026 between 12:00 PM and 6:00 PM: no meetings then."
    )
    assert en.chat("am I free thursday morning?")["reply"].splitlines() == [
        "No: on Thursday 16 April 2026 between 6:00 AM and 12:00 PM you have 1 meeting:",
        "• Meeting with Ana — Thu 16 Apr at 10:00 AM–11:00 AM",
    ]
    assert en.chat("am I free on friday?")["reply"] == (
        "Yes, you're free on Friday 17 April 2026: no meetings then."
    )


def test_estoy_libre_en_espanol(es: Api) -> None:
    _plan(es)
    assert es.chat("¿estoy libre el jueves a las 10:30 de la mañana?")["reply"].splitlines() == [
        "No: el jueves 16 de abril a las 10:30 tienes 1 reunión:",
        "• Reunión con Ana — el jueves 16 de abril a las 10:00–11:00",
    ]
    assert es.chat("¿tengo la tarde del jueves libre?")["reply"] == (
        "Sí, estás libre el jueves 16 de abril de 2026 entre las 12:00 y las 18:00: no tienes "
        "reuniones."
    )
    assert es.chat("¿estoy ocupada el jueves por la mañana?")["reply"].startswith("Sí: el jueves")
    assert es.chat("¿estoy libre mañana a las 3 de la tarde?")["reply"].startswith(
        "No: mañana a las 15:00 tienes 1 reunión:"
    )
    assert len(meetings_of(es)) == 2


@pytest.mark.parametrize(
    ("message", "answer", "said"),
    [
        ("¿estoy libre el jueves a las 10:30?", "de la mañana", "No: el jueves 16 de abril"),
        ("¿tengo algo el jueves a las 10?", "de la mañana", "Sí: el jueves 16 de abril"),
        ("¿tengo algo el jueves a las 10?", "de la noche", "No, estás libre el jueves"),
    ],
)
def test_una_hora_sin_mitad_del_dia_se_pregunta(
    es: Api, message: str, answer: str, said: str
) -> None:
    _plan(es)
    asked, answered = talk(es, message, answer)
    assert asked["reply"].startswith("¿Quieres decir el jueves 16 de abril a las 10:")
    assert answered["reply"].startswith(said)
    assert len(meetings_of(es)) == 2


def test_free_is_read_in_the_users_timezone(app, client) -> None:  # type: ignore[no-untyped-def]
    token, user_id = make_user(app, "kenji", "Asia/Tokyo")
    tokyo = Api(client, token, user_id, "kenji")
    with time_machine.travel(TUESDAY_AFTERNOON, tick=True):  # Wednesday 04:30 in Tokyo
        tokyo.chat("book a meeting with Ana on thursday from 10am to 11am")
        busy = tokyo.chat("am I free on thursday at 10:30am?")["reply"]
        free = tokyo.chat("am I free on thursday at 11:30am?")["reply"]
    assert meetings_of(tokyo) == [("Meeting with Ana", "2026-04-16T10:00")]
    assert busy.splitlines() == [
        "No: tomorrow at 10:30 AM you have 1 meeting:",
        "• Meeting with Ana — tomorrow at 10:00 AM–11:00 AM",
    ]
    assert free.startswith("Yes, you're free tomorrow at 11:30 AM")


def test_asked_while_a_booking_waits_the_question_is_kept(en: Api) -> None:
    _plan(en)
    asked, aside, booked = talk(
        en, "book a meeting with Carla", "am I free at 3 tomorrow?", "tomorrow at 4pm"
    )
    assert asked["reply"] == "When should I book the meeting with Carla?"
    assert aside["reply"].startswith("No: tomorrow at 3:00 PM you have 1 meeting:")
    assert aside["reply"].endswith("When should I book the meeting with Carla?")
    assert booked["reply"].startswith("Booked “Meeting with Carla” tomorrow at 4:00 PM")


# -- does anything clash? ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "does anything clash with a call on thursday at 10:30am?",
        "would a meeting on thursday at 10:30am conflict with anything?",
        "would an hour-long call on thursday at 9:30am overlap with something?",
    ],
)
def test_a_clash_question_books_nothing(en: Api, message: str) -> None:
    _plan(en)
    reply = en.chat(message)
    assert reply["reply"].startswith("Yes: 1 meeting overlaps Thu 16 Apr at")
    assert "• Meeting with Ana — Thu 16 Apr at 10:00 AM–11:00 AM" in reply["reply"]
    assert reply["reply"].endswith("Nothing was booked.")
    assert not reply["pending"]
    assert len(meetings_of(en)) == 2


def test_nothing_clashes_right_after_a_meeting_ends(en: Api) -> None:
    _plan(en)
    reply = en.chat("does anything clash with a call on thursday at 11am?")["reply"]
    assert reply == (
        "Nothing clashes: you have no meetings Thu 16 Apr at 11:00 AM–11:30 AM. Nothing was booked."
    )
    assert len(meetings_of(en)) == 2


def test_choca_en_espanol(es: Api) -> None:
    _plan(es)
    asked, answered = talk(
        es, "¿tengo algo que choque con una llamada el jueves a las 10:30?", "de la mañana"
    )
    assert asked["reply"].startswith("¿Quieres decir el jueves 16 de abril a las 10:30")
    assert answered["reply"].splitlines() == [
        "Sí: el jueves 16 de abril a las 10:30–11:00 se cruza con 1 reunión:",
        "• Reunión con Ana — el jueves 16 de abril a las 10:00–11:00",
        "No agendé nada.",
    ]
    free = es.chat("¿una reunión el jueves a las 3 de la tarde se cruza con algo?")["reply"]
    assert free.startswith("No choca con nada: no tienes reuniones el jueves 16 de abril")
    assert len(meetings_of(es)) == 2


def test_a_booking_that_mentions_a_clash_still_books(en: Api) -> None:
    reply = en.chat("book a call with Ana on thursday at 10am if nothing clashes")["reply"]
    assert reply.startswith("Booked")


# -- a day's agenda ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("book", "tomorrow", "next_day"),
    [
        (
            "book a meeting with Ken tomorrow at 11:30pm",
            "what do I have tomorrow?",
            "what do I have on thursday?",
        ),
        (
            "agenda una reunión con Ken mañana a las 11:30 de la noche",
            "¿qué tengo mañana?",
            "¿qué tengo el jueves?",
        ),
    ],
)
def test_a_meeting_ending_at_midnight_is_its_own_days_only(
    request: pytest.FixtureRequest, book: str, tomorrow: str, next_day: str
) -> None:
    api: Api = request.getfixturevalue("es" if book.startswith("agenda") else "en")
    api.chat(book)
    assert "Ken" in api.chat(tomorrow)["reply"]
    assert "Ken" not in api.chat(next_day)["reply"]
