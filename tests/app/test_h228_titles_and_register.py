"""Probe 45's findings on the wording of scheduling replies and the titles stored (helper 228).

- P45-L2: "workshop with Priya" was stored «Meeting with Priya», "arvo tea with Mum" «Meeting with
  Mum» (the event named is the title's); "invite marcus" made «Meeting with Jenna and marcus»
  (a name typed in lowercase is written with its capitals, "de la" kept); "team standup",
  "taller de excel" were stored lowercase (a title's first letter is a capital, its words kept).
- P45-L3: a "vos" user ("agendá", "borrá", "recordame") was asked "¿Quieres decir…?", an "usted"
  one ("recuérdeme", "cancele") told "te recordaré": the replies that address the user follow
  the register of the user's message (or of the question it answers).
- P45-L4: "¿Quito lo 1 que tienes el martes…?": one item is said as one ("lo único que tienes").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tests.app.conftest import Api, meetings_of, talk, zoned_user

# Monday 7 December 2026, 17:30 UTC, as in probe 45 (14:30 in Buenos Aires, 12:30 in Bogotá)
_CLOCK = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)

_ZONES = {
    "ar": ("America/Argentina/Buenos_Aires", "es-AR"),
    "co": ("America/Bogota", "es-CO"),
    "pe": ("America/Lima", "es-PE"),
    "us": ("America/New_York", "en-US"),
    "au": ("Australia/Sydney", "en-AU"),
}


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with time_machine.travel(_CLOCK, tick=True):
        yield lambda where: zoned_user(app, client, *_ZONES[where], f"h228{where}")


def _titles(api: Api) -> list[str]:
    return [title for title, _start in meetings_of(api)]


# -- P45-L2: the event named is the title's ---------------------------------------------------

NAMED_EVENTS = [
    ("au", "book a workshop with Priya on thursday at 10am", "Workshop with Priya"),
    ("au", "arvo tea with Mum on saturday at 3pm", "Arvo tea with Mum"),
    ("us", "schedule a training with Raj on friday at 2pm", "Training with Raj"),
    ("us", "book a sync with Sam on friday at 10am", "Sync with Sam"),
    ("us", "schedule a workshop with Priya and Raj on friday at 10am",
     "Workshop with Priya and Raj"),
    ("pe", "agenda un taller con Priya el viernes a las 10 am", "Taller con Priya"),
    ("pe", "agéndame una clase con Pedro el jueves a las 4 pm", "Clase con Pedro"),
    ("co", "agende una capacitación con Ana el viernes a las 9 am", "Capacitación con Ana"),
    ("pe", "agenda una charla con Ana el viernes a las 3 pm", "Charla con Ana"),
    # no event named: the default title, as before
    ("pe", "agenda que quedé con Ana el viernes a las 3 pm", "Reunión con Ana"),
    ("pe", "agéndame para reunirme con Ana el viernes a las 3 pm", "Reunión con Ana"),
    ("us", "book a meeting with Jenna on friday at 2pm", "Meeting with Jenna"),
    ("us", "schedule time with Tom on friday at 3pm", "Meeting with Tom"),
    ("us", "book lunch with Tom on friday at 1pm", "Lunch with Tom"),
    ("pe", "agenda una reunión con Ana el viernes a las 3 pm", "Reunión con Ana"),
]  # fmt: skip


@pytest.mark.parametrize(("where", "message", "title"), NAMED_EVENTS)
def test_the_event_named_with_a_person_is_the_title(
    user: Callable[[str], Api], where: str, message: str, title: str
) -> None:
    api = user(where)
    reply = api.chat(message)["reply"]
    assert _titles(api) == [title], reply
    assert f"“{title}”" in reply


def test_the_event_named_keeps_its_topic(user: Callable[[str], Api]) -> None:
    api = user("au")
    reply = api.chat("book a workshop with Priya about the budget on friday at 10am")["reply"]
    assert _titles(api) == ["Workshop with Priya about the budget"], reply


# -- P45-L2: a name typed in lowercase has its capitals ---------------------------------------

INVITED = [
    ("us", "book a meeting with Jenna on friday at 2pm", "add marcus to the meeting with Jenna",
     "Meeting with Jenna and Marcus", "Added Marcus to"),
    ("us", "book a workshop with Priya on friday at 2pm", "add leo to my meeting with Priya",
     "Workshop with Priya and Leo", "Added Leo to"),
    ("pe", "agenda una reunión con María el viernes a las 3 pm",
     "agrega a juan del campo a la reunión con María",
     "Reunión con María y Juan del Campo", "Añadí a Juan del Campo a"),
]  # fmt: skip


@pytest.mark.parametrize(("where", "booked", "invite", "title", "said"), INVITED)
def test_a_person_added_in_lowercase_is_named_with_capitals(
    user: Callable[[str], Api], where: str, booked: str, invite: str, title: str, said: str
) -> None:
    api = user(where)
    replies = talk(api, booked, invite)
    assert _titles(api) == [title], replies[-1]["reply"]
    assert replies[-1]["reply"].startswith(said)


BOOKED_WITH = [
    ("pe", "agenda una reunión con maría de la cruz el viernes a las 3 pm",
     "Reunión con María de la Cruz"),
    ("us", "book a meeting with jenna smith on friday at 2pm", "Meeting with Jenna Smith"),
    # what is no person's name is kept as typed
    ("us", "book a meeting with the sales team on friday at 2pm", "Meeting with the sales team"),
    ("pe", "agenda una reunión con mi jefe el viernes a las 3 pm", "Reunión con mi jefe"),
    ("pe", "agenda una reunión con el equipo de ventas el viernes a las 3 pm",
     "Reunión con el equipo de ventas"),
]  # fmt: skip


@pytest.mark.parametrize(("where", "message", "title"), BOOKED_WITH)
def test_a_person_booked_in_lowercase_is_named_with_capitals(
    user: Callable[[str], Api], where: str, message: str, title: str
) -> None:
    api = user(where)
    reply = api.chat(message)["reply"]
    assert _titles(api) == [title], reply


# -- P45-L2: a title's first letter is a capital, its words as said ---------------------------

TITLES = [
    ("us", "schedule team standup tomorrow at 9am", "Team standup"),
    ("us", "book dentist appt on friday at 9am", "Dentist appt"),
    ("au", "schedule sprint planning on friday at 10am", "Sprint planning"),
    ("pe", "agenda taller de excel el jueves a las 4 pm", "Taller de excel"),
    ("pe", "agenda reunión de planificación el viernes a las 10 am", "Reunión de planificación"),
    ("co", "agende clase de inglés el viernes a las 6 pm", "Clase de inglés"),
]


@pytest.mark.parametrize(("where", "message", "title"), TITLES)
def test_a_title_is_stored_with_its_first_letter_a_capital(
    user: Callable[[str], Api], where: str, message: str, title: str
) -> None:
    api = user(where)
    reply = api.chat(message)["reply"]
    assert _titles(api) == [title], reply
    assert f"“{title}”" in reply  # the confirmation quotes the title stored


def test_a_title_is_otherwise_kept_as_said() -> None:
    from app.skills.scheduling import _as_title

    assert _as_title("team standup") == "Team standup"
    assert _as_title("reunión de planificación") == "Reunión de planificación"
    assert _as_title("Junta con el Ing. Ramírez") == "Junta con el Ing. Ramírez"
    assert _as_title("iPhone repair") == "iPhone repair"  # a capital inside: as said
    assert _as_title("1:1 with Sam") == "1:1 with Sam"
    assert _as_title("ñoquis con Ana") == "Ñoquis con Ana"


@pytest.mark.parametrize(
    ("where", "message", "text"),
    [
        ("us", "add buy milk to my to-do list", "buy milk"),
        ("pe", "anota comprar pan", "comprar pan"),
    ],
)
def test_a_to_do_is_stored_and_quoted_as_said(
    user: Callable[[str], Api], where: str, message: str, text: str
) -> None:
    api = user(where)
    reply = api.chat(message)["reply"]
    assert [t["text"] for t in api.get("/v1/todos").json["todos"]] == [text]
    assert f"“{text}”" in reply


# -- P45-L3: the user's register ----------------------------------------------------------------

REGISTER = [
    # the AM/PM question
    ("ar", ["recordame llamar a mamá mañana a las 8"], "¿Querés decir mañana a las 8:00"),
    ("ar", ["poné un recordatorio para pagar la luz mañana a las 7"], "¿Querés decir mañana"),
    ("co", ["recuérdeme pagar el arriendo mañana a las 8"], "¿Quiere decir mañana a las 8:00"),
    ("pe", ["recuérdame pagar el arriendo mañana a las 8"], "¿Quieres decir mañana a las 8:00"),
    # a reminder's confirmation
    ("co", ["recuérdeme llamar a Juan el jueves a las 10 am"], "Listo, le recordaré llamar a Juan"),
    ("co", ["por favor recuérdeme pagar la luz el viernes a las 9 am"],
     "Listo, le recordaré pagar"),
    ("ar", ["recordame llamar a Juan el jueves a las 10 am"], "Listo, te recordaré llamar a Juan"),
    # the answer to the AM/PM question keeps the register the question was asked in
    ("co", ["recuérdeme pagar el arriendo mañana a las 8", "de la mañana"],
     "Listo, le recordaré pagar el arriendo"),
    # a to-do's confirmation
    ("co", ["anote comprar pan"], "Agregué “comprar pan” a su lista de pendientes."),
    ("pe", ["anota comprar pan"], "Agregué “comprar pan” a tu lista de pendientes."),
    # what to remind
    ("ar", ["recordame mañana a las 8"], "¿Qué querés que te recuerde?"),
    ("co", ["recuérdeme mañana a las 8"], "¿Qué quiere que le recuerde?"),
    # the cancellation's confirmation
    ("ar", ["agendá una reunión con Sofi el jueves a las 5 pm", "borrá la reunión con Sofi"],
     "¿Cancelo “Reunión con Sofi” (el jueves 10 de diciembre a las 17:00)? Respondé sí o no."),
    ("co", ["agende reunión con Ana el jueves a las 3 pm", "cancele la reunión con Ana"],
     "¿Cancelo “Reunión con Ana” (el jueves 10 de diciembre a las 15:00)? Responda sí o no."),
    ("pe", ["agenda reunión con Ana el jueves a las 3 pm", "cancela la reunión con Ana"],
     "¿Cancelo “Reunión con Ana” (el jueves 10 de diciembre a las 15:00)? Responde sí o no."),
    ("co", ["recuérdeme pagar la luz el viernes a las 9 am", "borre todos mis recordatorios"],
     "¿Borro su único recordatorio? Responda sí o no."),
    ("ar", ["recordame pagar la luz el viernes a las 9 am", "borrá todos mis recordatorios"],
     "¿Borro tu único recordatorio? Respondé sí o no."),
    ("ar", ["recordame llamar a Juan el jueves a las 10 am", "borrá todo lo del jueves"],
     "¿Quito lo único que tenés el jueves 10 de diciembre de 2026? Decí sí o no."),
    ("co", ["recuérdeme llamar a Juan el jueves a las 10 am", "borre todo lo del jueves"],
     "¿Quito lo único que tiene el jueves 10 de diciembre de 2026? Diga sí o no."),
]  # fmt: skip


@pytest.mark.parametrize(("where", "messages", "said"), REGISTER)
def test_a_reply_addresses_the_user_in_the_users_register(
    user: Callable[[str], Api], where: str, messages: list[str], said: str
) -> None:
    api = user(where)
    reply = talk(api, *messages)[-1]["reply"]
    assert reply.startswith(said), reply


def test_the_register_is_read_from_the_message() -> None:
    from app.texting import register_of

    assert register_of("agendá una reunión con Sofi") == "vos"
    assert register_of("¿tenés algo el martes?") == "vos"
    assert register_of("recordame llamar a mamá") == "vos"
    assert register_of("recuérdeme pagar el arriendo") == "usted"
    assert register_of("mueva la reunión a las 4") == "usted"
    assert register_of("¿me puede decir qué tengo mañana?") == "usted"
    assert register_of("recuérdame llamar a Juan") is None
    assert register_of("recuérdame que Ana pase por mí") is None  # a subjunctive, not "usted"
    assert register_of("¿qué sabes?") is None


# -- P45-L4: one item is one --------------------------------------------------------------------

ONE_OR_MORE = [
    ("pe", ["recuérdame llamar a Juan el jueves a las 10 am", "borra todo lo del jueves"],
     "¿Quito lo único que tienes el jueves 10 de diciembre de 2026? Di sí o no."),
    ("pe", ["recuérdame llamar a Juan el jueves a las 10 am",
            "recuérdame llamar a Ana el jueves a las 11 am", "borra todo lo del jueves"],
     "¿Quito las 2 cosas que tienes el jueves 10 de diciembre de 2026? Di sí o no."),
    ("us", ["remind me to call Joe on thursday at 10am", "remove everything on thursday"],
     "Remove the only item you have on Thursday 10 December 2026? Say yes or no."),
    ("us", ["remind me to call Joe on thursday at 10am",
            "remind me to call Ann on thursday at 11am", "remove everything on thursday"],
     "Remove all 2 items you have on Thursday 10 December 2026? Say yes or no."),
    ("pe", ["recuérdame pagar la luz el viernes a las 9 am", "borra todos mis recordatorios"],
     "¿Borro tu único recordatorio? Responde sí o no."),
    ("us", ["remind me to pay rent on friday at 9am", "delete all my reminders"],
     "Delete your only reminder? Say yes or no."),
    ("pe", ["agenda reunión con Ana el jueves a las 3 pm", "borra todas mis reuniones"],
     "¿Borro tu única reunión? Responde sí o no."),
    ("us", ["book a meeting with Ana on thursday at 3pm", "cancel all my meetings"],
     "Delete your only meeting? Say yes or no."),
]  # fmt: skip


@pytest.mark.parametrize(("where", "messages", "said"), ONE_OR_MORE)
def test_one_item_is_said_as_one(
    user: Callable[[str], Api], where: str, messages: list[str], said: str
) -> None:
    api = user(where)
    reply = talk(api, *messages)[-1]["reply"]
    assert reply.startswith(said), reply
