"""Probe 35's dialogue findings (P-H1, P-H3, P-H4, P-M2, P-M6, P-M7, P-M8, P-M9, P-M11): a
removal word that is the new reminder's text, an agenda question while a time question waits,
positions in the list the user saw, a meeting's length said without "long", usted forms, a new
request while a question waits. The tester's clock was Sun 6 / Mon 7 Dec 2026; most of these
run on Tuesday 14 April 2026, 14:30 in Lima (the ``en``/``es`` fixtures), its days translated;
the reported daylight-saving case runs in New York at the tester's clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tests.app.conftest import Api, make_user, reminders_of, talk


def todos_of(api: Api) -> list[tuple[str, bool]]:
    return [(t["text"], t["done"]) for t in api.get("/v1/todos").json["todos"]]


@pytest.fixture
def ny(app: Any, client: Any) -> Iterator[Api]:
    """An English-writing New York user at the tester's clock (Sun 6 Dec 2026, 21:52 there)."""
    token, user_id = make_user(app, "mike", "America/New_York")
    api = Api(client, token, user_id, "mike")
    with time_machine.travel(datetime(2026, 12, 7, 2, 52, tzinfo=UTC), tick=True):
        yield api


# -- P-H1: a removal word said before "remind me" is the new reminder's text -----------------


@pytest.mark.parametrize(
    ("lang", "first", "kept", "said", "new"),
    [
        (
            "en",
            "remind me to call mom on friday at 6pm",
            ("call mom", "2026-04-17T18:00"),
            "drop the laundry at the cleaners, remind me tomorrow at 4pm",
            ("drop the laundry at the cleaners", "2026-04-15T16:00"),
        ),
        (
            "en",
            "remind me to renew my passport on friday at 9am",
            ("renew my passport", "2026-04-17T09:00"),
            "cancel the gym membership, remind me tomorrow at 9am",
            ("cancel the gym membership", "2026-04-15T09:00"),
        ),
        (
            "en",
            "remind me to water the plants on saturday at 10am",
            ("water the plants", "2026-04-18T10:00"),
            "delete the old photos from my phone; remind me on thursday at 7pm",
            ("delete the old photos from my phone", "2026-04-16T19:00"),
        ),
        (
            "es",
            "recuérdame el viernes a las 8 de la mañana llevar el auto al taller",
            ("llevar el auto al taller", "2026-04-17T08:00"),
            "borra la pizarra y recuérdame mañana a las 4 de la tarde comprar plumones",
            ("comprar plumones", "2026-04-15T16:00"),
        ),
        (
            "es",
            "recuérdame el viernes a las 8 de la mañana llevar el auto al taller",
            ("llevar el auto al taller", "2026-04-17T08:00"),
            "quita las cortinas de la sala, recuérdame el jueves a las 6 de la tarde",
            ("quita las cortinas de la sala", "2026-04-16T18:00"),
        ),
    ],
)
def test_p_h1_a_removal_before_remind_me_is_the_new_reminder(
    request: pytest.FixtureRequest,
    lang: str,
    first: str,
    kept: tuple[str, str],
    said: str,
    new: tuple[str, str],
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, first, said)
    assert sorted(reminders_of(api)) == sorted([kept, new]), replies[-1]["reply"]


def test_p_h1_the_reported_vos_form_keeps_the_reminder(es: Api) -> None:
    """ "cancelá la suscripción de netflix, recordame mañana a las 9 de la mañana" (vale)."""
    talk(es, "recuérdame el viernes a las 8 de la mañana llevar el auto al taller")
    es.chat("cancelá la suscripción de netflix, recordame mañana a las 9 de la mañana")
    stored = reminders_of(es)
    assert ("llevar el auto al taller", "2026-04-17T08:00") in stored
    assert [t for t, due in stored if due == "2026-04-15T09:00" and "netflix" in t]


# -- P-H3 / P-M6: an agenda question while a time question waits -----------------------------


@pytest.mark.parametrize(
    ("lang", "first", "aside", "answer", "expected"),
    [
        (
            "en",
            "remind me to call Ana on friday",
            "what do I have tomorrow?",
            "9am",
            ("call Ana", "2026-04-17T09:00"),
        ),
        (
            "en",
            "remind me to call Ana on friday",
            "what have I got on monday?",
            "at 9am",
            ("call Ana", "2026-04-17T09:00"),
        ),
        (
            "en",
            "remind me to pay the rent on saturday",
            "what will i have tomorrow?",
            "10am",
            ("pay the rent", "2026-04-18T10:00"),
        ),
        (
            "es",
            "recuérdame llamar a Ana el viernes",
            "¿qué tendré el lunes?",
            "a las 9 de la mañana",
            ("llamar a Ana", "2026-04-17T09:00"),
        ),
        (
            "es",
            "recuérdame pagar la luz el sábado",
            "¿qué hay el lunes?",
            "a las 10 de la mañana",
            ("pagar la luz", "2026-04-18T10:00"),
        ),
    ],
)
def test_p_h3_an_agenda_asked_aside_keeps_the_waiting_day(
    request: pytest.FixtureRequest,
    lang: str,
    first: str,
    aside: str,
    answer: str,
    expected: tuple[str, str],
) -> None:
    api: Api = request.getfixturevalue(lang)
    asked, listed, answered = talk(api, first, aside, answer)
    assert asked["pending"], asked["reply"]
    assert listed["pending"], listed["reply"]
    assert listed["reply"].endswith(asked["reply"]), listed["reply"]
    assert listed["skill"] == "scheduling"
    assert reminders_of(api) == [expected], answered["reply"]


def test_p_h3_the_agenda_lists_what_is_on(en: Api) -> None:
    talk(en, "book a meeting with Rosa tomorrow at 11am")
    replies = talk(en, "remind me to call Ana on friday", "what do I have tomorrow?")
    assert "Meeting with Rosa" in replies[-1]["reply"], replies[-1]["reply"]
    assert replies[-1]["pending"]


def test_p_h3_the_reported_daylight_saving_question(ny: Api) -> None:
    """mike: "set a reminder for march 14 at 2:30am …" (a time the clocks skip) → "what do I
    have tomorrow?" → "What time tomorrow?", and the answer stored it on 7 Dec."""
    asked, listed = talk(
        ny,
        "set a reminder for march 14 at 2:30am to check the smoke alarm",
        "what do I have tomorrow?",
    )
    assert asked["pending"], asked["reply"]
    assert listed["pending"], listed["reply"]
    assert "What time tomorrow" not in listed["reply"]
    assert listed["reply"].endswith(asked["reply"])
    assert reminders_of(ny) == []


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "what is on tomorrow?"),
        ("en", "what is on friday"),
        ("es", "que hay para el viernes"),
    ],
)
def test_p_m6_what_is_on_a_day_is_the_agenda(
    request: pytest.FixtureRequest, lang: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    if lang == "en":
        talk(api, "book a meeting with Rosa tomorrow at 11am")
        talk(api, "book a meeting with Rosa on friday at 11am")
    else:
        talk(api, "agenda una reunión con Rosa mañana a las 11 de la mañana")
        talk(api, "agenda una reunión con Rosa el viernes a las 11 de la mañana")
    reply = api.chat(said)
    assert reply["skill"] == "scheduling", reply["reply"]
    assert "Rosa" in reply["reply"], reply["reply"]


# -- P-H4 / P-M11: positions are those of the list the user saw ------------------------------


def test_p_h4_the_reported_number_is_the_listed_one(es: Api) -> None:
    for item in ("llamar al banco", "enviar la cotización", "comprar tóner", "revisar contrato"):
        es.chat(f"pendiente: {item}")
    replies = talk(
        es,
        "tacha enviar la cotización",
        "muéstrame mis pendientes",
        "desmarca enviar la cotización",
        "elimina el pendiente 3",
    )
    assert "3. revisar contrato" in replies[1]["reply"]
    assert todos_of(es) == [
        ("llamar al banco", False),
        ("enviar la cotización", False),
        ("comprar tóner", False),
    ], replies[-1]["reply"]


@pytest.mark.parametrize("delete", ["delete to-do 3", "remove task #3", "delete the 3rd one"])
def test_p_h4_a_number_after_the_list_changed(en: Api, delete: str) -> None:
    for item in ("call the bank", "send the quote", "buy toner", "review the contract"):
        en.chat(f"todo: {item}")
    replies = talk(
        en,
        "mark send the quote as done",
        "show my to-dos",
        "mark send the quote as not done",
        delete,
    )
    if replies[-1]["pending"]:  # asked first: the answer removes the listed third
        replies = talk(en, "yes")
    assert todos_of(en) == [
        ("call the bank", False),
        ("send the quote", False),
        ("buy toner", False),
    ], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "done", "delete", "left"),
    [
        ("es", "tacha el primero", "elimina el 2", ["c", "d", "e"]),
        ("es", "marca el 1 como hecho", "borra el tercero", ["b", "d", "e"]),
        ("en", "mark the first as done", "delete the 2nd one", ["c", "d", "e"]),
    ],
)
def test_p_m11_a_position_after_one_item_was_changed_is_the_lists(
    request: pytest.FixtureRequest, lang: str, done: str, delete: str, left: list[str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    for item in "abcde":
        api.chat(f"todo: {item}" if lang == "en" else f"pendiente: {item}")
    replies = talk(api, "show my to-dos" if lang == "en" else "muéstrame mis pendientes", done)
    reply = api.chat(delete, replies[-1]["conversation_id"])
    assert "only 1" not in reply["reply"], reply["reply"]
    assert "solo 1" not in reply["reply"], reply["reply"]
    assert [t for t, finished in todos_of(api) if not finished] == left, reply["reply"]


def test_p_m11_a_position_turns_after_the_list_is_asked(es: Api) -> None:
    es.chat("pendiente: comprar regalos")
    es.chat("pendiente: llamar a la abuela")
    replies = talk(
        es,
        "muestrame mis pendientes",
        "tacha el primero",
        "pendiente: comprar pan",
        "quita la fecha de comprar pan",
        "el segundo ya está",
    )
    asked = replies[-1]
    assert asked["pending"], asked["reply"]
    assert "llamar a la abuela" in asked["reply"], asked["reply"]
    assert ("llamar a la abuela", False) in todos_of(es)
    es.chat("sí", asked["conversation_id"])
    assert ("llamar a la abuela", True) in todos_of(es)


@pytest.mark.parametrize(
    ("lang", "said"), [("es", "el segundo ya está"), ("en", "the second one is done")]
)
def test_p_m11_a_position_with_no_list_is_never_a_knowledge_answer(
    request: pytest.FixtureRequest, lang: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    if lang == "es":
        opening = ("pendiente: comprar pan", "pendiente: pagar el cable", "tacha comprar pan")
    else:
        opening = ("todo: buy bread", "todo: pay the cable bill", "mark buy bread as done")
    replies = talk(api, *opening, said)
    assert replies[-1]["skill"] == "scheduling", replies[-1]["reply"]
    assert [t for t, finished in todos_of(api) if finished] == [opening[0].split(": ")[1]]
