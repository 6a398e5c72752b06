"""What the twentieth independent tester found in how Spanish is really spoken to the assistant
("usted" and "vos"), in dictation and in asking back: "agende una reunión … a las 11" booked
01:00–11:00, "poné una alarma … a las 7 menos cuarto" set 18:45 without asking, "recuérdeme …"
said while a question waited saved the waiting reminder at the new time, "what did I just
book?" said the to-do list was empty."""

from __future__ import annotations

import pytest

from app.texting import written_out
from tests.app.conftest import Api, meetings_of, reminders_of, talk


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("agende una reunión con Ana", "agenda una reunión con Ana"),
        ("recuérdeme sacar la basura", "recuérdame sacar la basura"),
        ("ahorita a las 8 recuérdeme algo", "ahorita a las 8 recuérdame algo"),
        ("bórrelo", "bórralo"),
        ("agéndemela", "agéndamela"),
        ("póngamelo", "pónmelo"),
        ("por favor anote pagar el arriendo", "por favor anota pagar el arriendo"),
        ("poné una alarma", "pon una alarma"),
        ("mové la reunión con Facu", "mueve la reunión con Facu"),
        ("recordame llamar a la vieja", "recuérdame llamar a la vieja"),
        ("decime qué tengo mañana", "dime qué tengo mañana"),
        ("deshacé eso", "deshaz eso"),
        ("che, el de la verdulería pasalo al jueves", "el de la verdulería pasalo al jueves"),
        ("me regala la lista de pendientes", "dame la lista de pendientes"),
        ("me regala un recordatorio para mañana", "ponme un recordatorio para mañana"),
        # a bare "usted" form inside the text is a subjunctive, kept
        ("recuérdame que Ana pase por mí", "recuérdame que Ana pase por mí"),
        ("a las siete, digo a las ocho de la noche", "a las 8 de la noche"),
        ("a las 7 de la mañana, no espera, a las ocho", "a las 7 de la mañana, no espera, a las 8"),
    ],
)
def test_usted_and_vos_are_written_as_tu(said: str, written: str) -> None:
    assert written_out(said, "es") == written


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("on sunday at seven in the evening, I mean eight", "on sunday at 8 in the evening"),
        ("at 7pm, I mean 8", "at 8pm"),
        ("at seven in the evening no wait eight", "at seven in the evening, no wait, at 8"),
    ],
)
def test_a_clock_corrected_in_words(said: str, written: str) -> None:
    assert written_out(said, "en") == written


def test_agende_una_reunion_is_booked_at_the_hour_said(es: Api) -> None:
    reply = es.chat("agende una reunión con el contador el lunes a las 11 de la mañana")
    assert meetings_of(es) == [("Reunión con el contador", "2026-04-20T11:00")]
    assert "por 30 minutos" in reply["reply"]


def test_pone_una_alarma_asks_the_half_of_the_day(es: Api) -> None:
    reply = es.chat("poné una alarma para el lunes a las 7 menos cuarto")
    assert reply["pending"]
    assert "6:45 o" in reply["reply"]
    assert reminders_of(es) == []


def test_a_dictated_clock_taken_back_is_asked_never_stored_with_its_words(en: Api) -> None:
    reply = en.chat("remind me to water the plants on sunday at seven in the evening no wait eight")
    assert reply["pending"]
    assert reminders_of(en) == []
    talk(en, "remind me to water the plants on sunday at seven in the evening, I mean eight")
    assert reminders_of(en) == [("water the plants", "2026-04-19T20:00")]


def test_a_new_reminder_said_while_a_question_waits_is_the_new_one(es: Api) -> None:
    replies = talk(
        es,
        "me regala un recordatorio de llamar a mi abuela",
        "ahorita a las 8 de la noche recuérdeme sacar la basura",
    )
    assert replies[0]["pending"]
    assert reminders_of(es) == [("sacar la basura", "2026-04-14T20:00")]


def test_a_meeting_said_while_a_question_waits_is_booked(es: Api) -> None:
    talk(
        es,
        "recuérdame sacar al perro",
        "a las 9",
        "este jueves tengo reunión con el jefe a las 5 de la tarde, agéndala",
    )
    assert meetings_of(es) == [("Reunión con el jefe", "2026-04-16T17:00")]
    assert reminders_of(es) == []


def test_the_day_before_at_a_clock_said_in_usted(es: Api) -> None:
    talk(
        es,
        "agéndeme una cita médica el jueves a las 7 y media de la mañana con el doctor Ramírez",
        "recuérdeme el día anterior a las 8 de la noche llevar los exámenes",
    )
    assert reminders_of(es) == [("llevar los exámenes", "2026-04-15T20:00")]


def test_are_you_free_while_a_question_waits_books_nothing(en: Api) -> None:
    replies = talk(en, "remind me to call the bank", "r u free thursday at 9 am")
    assert replies[1]["reply"].startswith("Yes, you're free")
    assert replies[1]["pending"]
    assert reminders_of(en) == []


@pytest.mark.parametrize(
    ("first", "asked", "answer"),
    [
        (
            "book a meeting with Jessica on monday at 10am",
            "what did I just book?",
            "My last change in this conversation: Booked “Meeting with Jessica”",
        ),
        (
            "agenda una reunión con Tom el viernes a las 3 de la tarde",
            "¿qué acabo de agendar?",
            "Mi último cambio en esta conversación: Agendé “Reunión con Tom”",
        ),
    ],
)
@pytest.mark.usefixtures("daytime")  # a bare hour is asked about in Lima's small hours
def test_what_was_just_booked(api: Api, first: str, asked: str, answer: str) -> None:
    assert api.chat(asked)["reply"].startswith(("I haven't changed", "Todavía no"))
    assert talk(api, first, asked)[-1]["reply"].startswith(answer)


def test_the_one_at_a_clock_moved_to_another(es: Api) -> None:
    talk(es, "recuérdame ir al dentista el lunes a las 5 de la tarde")
    talk(es, "agenda una cita con la profesora el lunes a las 5 de la tarde")
    replies = talk(es, "¿qué tengo el lunes?", "el de las 5 pásalo a las 6", "el segundo")
    assert replies[1]["pending"]
    second = replies[1]["reply"].splitlines()[1]  # '2. “ir al dentista” (…)'
    assert second.startswith("2. “")
    moved = [what for what, at in reminders_of(es) + meetings_of(es) if at.endswith("T18:00")]
    assert moved == [second.split("“")[1].split("”")[0]]


@pytest.mark.parametrize(
    ("said", "text"),
    [
        ("me regala un recordatorio para el jueves a las 5 de la tarde de llamar a mi abuela",
         "llamar a mi abuela"),
        ("ponme un recordatorio de llamar a mi abuela el jueves a las 5 de la tarde",
         "llamar a mi abuela"),
    ],
)  # fmt: skip
def test_a_reminder_de_llamar_is_to_call(es: Api, said: str, text: str) -> None:
    reply = es.chat(said)
    assert reply["reply"].startswith(f"Listo, te recordaré {text.replace('mi ', 'tu ')}")
    assert reminders_of(es) == [(text, "2026-04-16T17:00")]


def test_me_regala_la_lista_lists_it(es: Api) -> None:
    es.chat("anota comprar pan")
    reply = es.chat("me regala la lista de pendientes")
    assert "comprar pan" in reply["reply"]
    assert [t["text"] for t in es.get("/v1/todos").json["todos"]] == ["comprar pan"]


@pytest.mark.parametrize(
    ("lang", "booked", "moved", "start"),
    [
        ("en", "book a meeting with Sarah on monday at 8:45am", "move my meeting with Sarah to 6",
         "2026-04-20T18:00"),
        ("en", "book a meeting with Facu on monday at 10am", "move the meeting with Facu to 11",
         "2026-04-20T11:00"),
        ("es", "agenda una reunión con Luis el lunes a las 9:30 de la mañana",
         "cambia la reunión con Luis a las 10:15", "2026-04-20T10:15"),
    ],
)  # fmt: skip
def test_a_meeting_moved_to_a_bare_hour_takes_the_half_in_working_hours(
    request: pytest.FixtureRequest, lang: str, booked: str, moved: str, start: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = talk(api, booked, moved)[-1]
    assert not reply["pending"]
    assert [at for _title, at in meetings_of(api)] == [start]


def test_a_meeting_moved_to_an_hour_likely_in_both_halves_is_asked(en: Api) -> None:
    reply = talk(en, "book a meeting with Bo on monday at 10am", "move it to 8")[-1]
    assert reply["reply"] == "Did you mean Mon 20 Apr at 8:00 AM or Mon 20 Apr at 8:00 PM?"


def test_the_weekend_after_next_is_named_so(sat_es: Api) -> None:
    talk(sat_es, "agenda una reunión con Nico el sábado 25 a las 13")
    reply = sat_es.chat("¿tengo algo el finde que viene?")
    assert reply["reply"].startswith("Tienes 1 reunión el próximo fin de semana:")


def test_undo_while_a_question_waits_drops_the_question_not_the_change_before(
    es: Api,
) -> None:
    replies = talk(es, "anotá comprar yerba", "recordame el lunes llamar a Facu", "deshacé eso")
    assert replies[1]["pending"]
    assert replies[2]["reply"] == "Listo, cancelado. No se cambió nada."
    assert [t["text"] for t in es.get("/v1/todos").json["todos"]] == ["comprar yerba"]
    assert reminders_of(es) == []


def test_another_reminder_said_with_and_while_a_time_is_asked(en: Api) -> None:
    replies = talk(en, "remind me to call mom", "and at 5pm to pick up the kids")
    assert replies[0]["pending"]
    assert [what for what, _at in reminders_of(en)] == ["pick up the kids"]


def test_another_reminder_said_with_and_takes_the_day_asked_about_and_keeps_the_question(
    es: Api,
) -> None:
    replies = talk(
        es,
        "recuérdame el jueves llevar a los chicos al colegio",
        "y a las 11 de la mañana llamar al mecánico",
        "a las 7 de la mañana",
    )
    assert replies[1]["pending"]
    assert replies[1]["reply"].endswith("¿A qué hora el jueves 16 de abril?")
    assert reminders_of(es) == [
        ("llevar a los chicos al colegio", "2026-04-16T07:00"),
        ("llamar al mecánico", "2026-04-16T11:00"),
    ]


@pytest.mark.parametrize(
    ("lang", "said", "meeting"),
    [
        ("es", "el sábado tengo asado en lo de Nico a las 13, agendalo",
         ("Asado con Nico", "2026-04-18T13:00")),
        ("en", "dinner with Sam friday at 8pm, book it", ("Dinner with Sam", "2026-04-17T20:00")),
    ],
)  # fmt: skip
def test_a_booking_asked_at_the_end_is_booked(
    request: pytest.FixtureRequest, lang: str, said: str, meeting: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    api.chat(said)
    assert meetings_of(api) == [meeting]


def test_mas_rato_is_a_vague_time_not_words_of_the_text(es: Api) -> None:
    replies = talk(es, "recuérdame más rato sacar al perro", "a las 9 de la noche")
    assert replies[0]["pending"]
    assert reminders_of(es) == [("sacar al perro", "2026-04-14T21:00")]


@pytest.mark.parametrize(
    ("lang", "said", "answer", "start"),
    [
        ("es", "agenda una reunión con Pilar el jueves a las 3 de la tarde hora de México",
         "hora de Ciudad de México", "2026-04-16T16:00"),
        ("es", "agenda una reunión con Pilar el jueves a las 3 de la tarde hora de México",
         "la de Ciudad de México", "2026-04-16T16:00"),
        ("en", "book a call with Pilar on thursday at 3pm Mexico time", "Mexico City",
         "2026-04-16T16:00"),
    ],
)  # fmt: skip
def test_the_city_answering_which_zone_reads_the_time_there(
    request: pytest.FixtureRequest, lang: str, said: str, answer: str, start: str
) -> None:
    # Lima and Mexico City: UTC-5 and UTC-6 in April
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, said, answer)
    assert replies[0]["pending"]
    assert [at for _title, at in meetings_of(api)] == [start]


def test_he_quedado_con_is_a_meeting(es: Api) -> None:
    es.chat(
        "vale, apúntame que el jueves por la tarde he quedado con Marta para tomar café a las "
        "cinco y cuarto"
    )
    assert meetings_of(es) == [("Reunión con Marta", "2026-04-16T17:15")]
    assert es.get("/v1/todos").json["todos"] == []
