"""What the twenty-second independent tester found with English as the world speaks it, names
that are words and people correcting the assistant: "please prepone the meeting to 10am" booked
a meeting called "prepone"; "kindly book a meeting with Mark …" while Hope's meeting waited gave
Hope Mark's time; "actually no, I said 12 not 11" and "¿a qué hora era la entrevista?" became
attendees; "no, I said 5 not 6", "not Mark, Marc", "no era con Rosa, era con Rosario" changed
nothing; "¿a qué hora es lo de Pilar en Madrid?" gave the user's own clock."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api, meetings_of, reminders_of, talk


def test_prepone_brings_a_meeting_forward(en: Api) -> None:
    talk(en, "kindly schedule a meeting with Mr. Sharma on Thursday at 11am")
    talk(en, "book a meeting with Marc on Friday at 3pm")
    talk(en, "please prepone the meeting with Mr. Sharma to 10am")
    talk(en, "prepone the meeting with Marc by one hour")
    assert meetings_of(en) == [
        ("Meeting with Mr. Sharma", "2026-04-16T10:00"),
        ("Meeting with Marc", "2026-04-17T14:00"),
    ]


def test_a_booking_with_someone_else_while_a_time_is_asked_is_another_meeting(en: Api) -> None:
    replies = talk(
        en, "book a call with Hope on friday", "kindly book a meeting with Mark at 4pm on Thursday"
    )
    assert replies[0]["pending"]
    assert meetings_of(en) == [("Meeting with Mark", "2026-04-16T16:00")]


def test_call_a_name_is_a_call_with_them(en: Api) -> None:
    en.chat("call Will on Friday at 11am")
    assert meetings_of(en) == [("Call with Will", "2026-04-17T11:00")]


def test_a_time_corrected_while_the_person_is_asked(en: Api) -> None:
    replies = talk(
        en, "book a meeting on friday at 3pm", "actually no, I said 4 not 3", "with Paddy"
    )
    assert replies[1]["pending"]
    assert meetings_of(en) == [("Meeting with Paddy", "2026-04-17T16:00")]


def test_a_question_is_never_the_person(es: Api) -> None:
    # (an interview names itself since probe 33, P19-M9: a plain meeting asks who it is with)
    talk(
        es,
        "agenda una reunión el lunes a las 10 de la mañana",
        "¿a qué hora era la reunión?",
        "con la señora Ruiz",
    )
    assert meetings_of(es) == [("Reunión con la señora Ruiz", "2026-04-20T10:00")]


def test_an_interview_is_booked_and_its_time_said(es: Api) -> None:
    replies = talk(
        es,
        "el lunes tengo entrevista de trabajo a las 10 de la mañana, agéndala",
        "¿a qué hora era la entrevista?",
    )
    assert "10:00" in replies[1]["reply"], replies[1]["reply"]
    assert meetings_of(es) == [("Entrevista de trabajo", "2026-04-20T10:00")]


@pytest.mark.parametrize(
    ("lang", "booked", "said", "meeting"),
    [
        ("en", "book a meeting with Will on Thursday at 6pm", "no, I said 5 not 6",
         ("Meeting with Will", "2026-04-16T17:00")),
        ("en", "book a meeting with Mark on Thursday at 4pm", "that's wrong, it's Friday",
         ("Meeting with Mark", "2026-04-17T16:00")),
        ("en", "book a meeting with Mark on Thursday at 4pm", "not Mark, Marc",
         ("Meeting with Marc", "2026-04-16T16:00")),
        ("en", "book a meeting with Mark on Thursday at 4pm", "change the name to Maeve",
         ("Meeting with Maeve", "2026-04-16T16:00")),
        ("es", "agenda una reunión con Rosa el jueves a las 10 de la mañana",
         "no era con Rosa, era con Rosario", ("Reunión con Rosario", "2026-04-16T10:00")),
        ("es", "agenda una reunión con Rosa el jueves a las 10 de la mañana",
         "no, te equivocaste, era el viernes", ("Reunión con Rosa", "2026-04-17T10:00")),
        ("es", "agenda una reunión con Rosa el jueves a las 10 de la mañana",
         "eso no es lo que dije, era a las 11", ("Reunión con Rosa", "2026-04-16T11:00")),
        ("es", "agenda una reunión con Mercedes el jueves a las 10 de la mañana",
         "ay no, con Amparo, no con Mercedes", ("Reunión con Amparo", "2026-04-16T10:00")),
        ("es", "agenda una reunión con Amparo el jueves a las 10 de la mañana",
         "cámbiale el nombre a Amparito", ("Reunión con Amparito", "2026-04-16T10:00")),
    ],
)  # fmt: skip
def test_a_correction_right_after_a_booking(
    request: pytest.FixtureRequest, lang: str, booked: str, said: str, meeting: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    talk(api, booked, said)
    assert meetings_of(api) == [meeting]


def test_a_reminder_corrected_with_what_was_not_said(en: Api) -> None:
    talk(en, "remind me to call the bank on thursday at 9am", "no, I said Friday not Thursday")
    assert reminders_of(en) == [("call the bank", "2026-04-17T09:00")]


def test_a_meeting_renamed_by_who_it_is_with(en: Api) -> None:
    talk(en, "book a meeting with Rosa on thursday at 10am")
    en.chat("change the name of the meeting with Rosa to Rosario")
    assert meetings_of(en) == [("Meeting with Rosario", "2026-04-16T10:00")]


@pytest.mark.parametrize(
    ("lang", "booked", "asked", "answer"),
    [
        ("es", "agenda una reunión con Pilar el jueves a las 4 de la tarde",
         "¿a qué hora es lo de Pilar en Madrid?", "es el jueves 16 de abril a las 23:00 en Madrid"),
        ("en", "book a meeting with Pilar on thursday at 4pm",
         "what time is the meeting with Pilar in Madrid?", "is Thu 16 Apr at 11:00 PM in Madrid"),
    ],
)  # fmt: skip
def test_when_an_item_is_in_another_city(
    request: pytest.FixtureRequest, lang: str, booked: str, asked: str, answer: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    assert answer in talk(api, booked, asked)[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "booked", "said", "start"),
    [
        ("en", "book a meeting with Sunny on Monday at 5pm",
         "the Sunny meeting, change it to Friday same time", "2026-04-17T17:00"),
        ("es", "agenda una reunión con Pilar el jueves a las 4 de la tarde",
         "la reunión con Pilar, pásala a las 6", "2026-04-16T18:00"),
    ],
)  # fmt: skip
def test_a_meeting_named_then_what_to_do_with_it(
    request: pytest.FixtureRequest, lang: str, booked: str, said: str, start: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    talk(api, booked)
    api.chat(said)
    assert [at for _title, at in meetings_of(api)] == [start]


def test_a_booking_verb_someone_and_a_day_books_whatever_the_model_read(es: Api) -> None:
    es.chat("agenda almuerzo con Yupanqui el viernes a la 1")
    assert meetings_of(es) == [("Almuerzo con Yupanqui", "2026-04-17T13:00")]


def test_a_day_said_on_that_weekday_keeps_the_items_time(en: Api) -> None:
    replies = talk(
        en,
        "book a meeting with Sunny on Monday at 5pm",
        "the Sunny meeting, change it to Tuesday same time",
        "next tuesday",
    )
    assert replies[1]["reply"] == "Did you mean today at 5:00 PM or Tue 21 Apr at 5:00 PM?"
    assert meetings_of(en) == [("Meeting with Sunny", "2026-04-21T17:00")]


@pytest.mark.parametrize(
    ("lang", "said", "half", "due"),
    [
        ("en", "remind me to pay the bill on Thursday at 6", "am", "2026-04-16T06:00"),
        ("es", "recuérdame pagar la luz el jueves a las 6", "de la mañana", "2026-04-16T06:00"),
    ],
)
def test_the_half_said_after_a_bare_hour_was_stored(
    request: pytest.FixtureRequest, lang: str, said: str, half: str, due: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    talk(api, said, half)
    assert [at for _text, at in reminders_of(api)] == [due]


def test_a_barbie_with_two_people_named_like_months(en: Api) -> None:
    en.chat("book a barbie with May and June on Saturday at 1pm")
    assert meetings_of(en) == [("Barbie with May and June", "2026-04-18T13:00")]


def test_the_agenda_asked_while_a_question_waits_keeps_the_question(sat_es: Api) -> None:
    replies = talk(
        sat_es,
        "el sábado vamos al fut con los cuates a las 7 de la noche, apúntalo",
        "¿tengo algo el finde?",
        "el próximo sábado",
    )
    assert replies[0]["pending"]
    assert replies[1]["pending"]
    assert replies[1]["reply"].endswith(replies[0]["reply"])
    assert [at for _title, at in meetings_of(sat_es)] == ["2026-04-25T19:00"]


def test_the_meeting_named_by_its_day_and_hour_of_two_that_day(es: Api) -> None:
    talk(es, "agenda una reunión con Ana el jueves a las 11 de la mañana")
    talk(es, "agenda una reunión con Pilar el jueves a las 4 de la tarde")
    talk(es, "Ana canceló, borra la reunión del jueves a las 11", "sí")
    assert meetings_of(es) == [("Reunión con Pilar", "2026-04-16T16:00")]
