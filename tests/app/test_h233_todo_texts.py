"""Probe 46's findings about the text stored for to-dos and reminders (helper 233). The tester's
clock was Monday 7 December 2026, about 19:22 UTC (19:22 in London, 20:22 in Madrid, 16:22 in
Santiago, 00:52 on Tuesday in Kolkata).

- P46-H6: "add to my to-do list: book MOT, post Christmas cards" stored "post cards" due on 25
  December: a holiday's name that qualifies a thing ("Christmas cards", "Easter eggs", "regalos
  de Navidad", "cena de Nochebuena") is part of the words and says no day; the holiday as a day
  ("by Christmas", "para Navidad", "on Christmas Eve") still is one, and so is a gathering
  named by it with a clock time ("Christmas dinner at 7pm", "fiesta de Halloween a las 9":
  the time table's named days). Another clock time beside such a name and no day ("wrap the
  Christmas presents at 7pm") asks which day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.app.conftest import PROBE46_EVENING, Api, probe_testers, talk


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with probe_testers(app, client, PROBE46_EVENING) as make:
        yield make


def todos_of(api: Api) -> list[tuple[str, str | None]]:
    return [(t["text"], t["due_at"]) for t in api.get("/v1/todos").json["todos"]]


def reminders_of(api: Api) -> list[tuple[str, str]]:
    return [(r["text"], r["due_at"][:16]) for r in api.get("/v1/reminders").json["reminders"]]


# -- P46-H6: a holiday that qualifies a thing -------------------------------------------------


def test_reported_christmas_cards_keep_their_words_and_no_date(user: Any) -> None:
    gb = user("gb")
    (reply,) = talk(gb, "add to my to-do list: book MOT, post Christmas cards")
    assert reply["pending"] is False, reply
    assert "Christmas" in reply["reply"], reply
    assert "25 Dec" not in reply["reply"], reply
    assert sorted(todos_of(gb)) == [("book MOT", None), ("post Christmas cards", None)]


@pytest.mark.parametrize(
    ("key", "message", "text"),
    [
        ("gb", "add buy a Christmas tree to my to-do list", "buy a Christmas tree"),
        ("gb", "add to my to-do list: buy Easter eggs", "buy Easter eggs"),
        ("gb", "add buy a Halloween costume to my to-do list", "buy a Halloween costume"),
        ("gb", "add to my list: send Valentine's cards", "send Valentine's cards"),
        ("gb", "add to my to-do list: plan the Thanksgiving dinner",
         "plan the Thanksgiving dinner"),
        ("gb", "add write my New Year's resolutions to my to-do list",
         "write my New Year's resolutions"),
        ("gb", "add to my to-do list: book the xmas party venue", "book the xmas party venue"),
        ("in", "add to my to-do list: buy a Mother's Day card", "buy a Mother's Day card"),
        ("es", "añade a mi lista de tareas comprar regalos de Navidad",
         "comprar regalos de Navidad"),
        ("es", "apunta en mis pendientes enviar tarjetas de navidad",
         "enviar tarjetas de navidad"),
        ("es", "añade a mis pendientes preparar la cena de Nochebuena",
         "preparar la cena de Nochebuena"),
        ("es", "apunta en mis pendientes comprar huevos de Pascua", "comprar huevos de Pascua"),
        ("mx", "agrega a mis pendientes comprar el disfraz de Halloween",
         "comprar el disfraz de Halloween"),
        ("cl", "anota en mis pendientes comprar la bandera de Fiestas Patrias",
         "comprar la bandera de Fiestas Patrias"),
        ("es", "apunta en mis pendientes reservar el hotel de Semana Santa",
         "reservar el hotel de Semana Santa"),
        ("mx", "agrega a mis pendientes comprar flores de San Valentín",
         "comprar flores de San Valentín"),
    ],
)  # fmt: skip
def test_a_holiday_that_qualifies_a_thing_is_no_due_date(
    user: Any, key: str, message: str, text: str
) -> None:
    api = user(key)
    (reply,) = talk(api, message)
    assert reply["pending"] is False, reply
    assert todos_of(api) == [(text, None)], reply


@pytest.mark.parametrize(
    ("key", "message", "text", "due"),
    [
        ("gb", "add post Christmas cards by Christmas to my to-do list", "post Christmas cards",
         "2026-12-25T23:59:00+00:00"),
        ("gb", "add to my to-do list: order the turkey for Christmas", "order the turkey",
         "2026-12-25T23:59:00+00:00"),
        ("gb", "add to my to-do list: buy a Christmas tree on Saturday", "buy a Christmas tree",
         "2026-12-12T23:59:00+00:00"),
        ("es", "apunta en mis pendientes comprar el pavo para Navidad", "comprar el pavo",
         "2026-12-25T23:59:00+01:00"),
        ("es", "apunta en mis pendientes comprar regalos de Navidad el viernes",
         "comprar regalos de Navidad", "2026-12-11T23:59:00+01:00"),
        ("es", "apunta en mis pendientes llamar a la abuela en Nochebuena", "llamar a la abuela",
         "2026-12-24T23:59:00+01:00"),
    ],
)  # fmt: skip
def test_a_holiday_said_as_a_day_still_is_one(
    user: Any, key: str, message: str, text: str, due: str
) -> None:
    api = user(key)
    (reply,) = talk(api, message)
    assert reply["pending"] is False, reply
    assert todos_of(api) == [(text, due)], reply


@pytest.mark.parametrize(
    ("key", "message", "text", "due"),
    [
        ("gb", "remind me to buy a Christmas tree on Saturday at 10am", "buy a Christmas tree",
         "2026-12-12T10:00"),
        ("gb", "remind me tomorrow at 6pm to wrap the Christmas presents",
         "wrap the Christmas presents", "2026-12-08T18:00"),
        ("es", "recuérdame mañana a las 18:00 comprar los turrones de Navidad",
         "comprar los turrones de Navidad", "2026-12-08T18:00"),
    ],
)  # fmt: skip
def test_a_reminder_keeps_the_holiday_that_qualifies_its_thing(
    user: Any, key: str, message: str, text: str, due: str
) -> None:
    api = user(key)
    (reply,) = talk(api, message)
    assert reply["pending"] is False, reply
    assert reminders_of(api) == [(text, due)], reply


# -- the reader -------------------------------------------------------------------------------

_LONDON, _MADRID = ZoneInfo("Europe/London"), ZoneInfo("Europe/Madrid")
_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "lang", "question"),
    [
        ("wrap the Christmas presents at 7pm", "en", "Which day at 7:00 PM?"),
        ("Christmas shopping at 3pm", "en", "Which day at 3:00 PM?"),
        ("comprar los regalos de Navidad a las 18:00", "es", "¿Qué día a las 18:00?"),
        ("envolver los regalos de Reyes a las 5 de la tarde", "es", "¿Qué día a las 17:00?"),
    ],
)
def test_a_clock_beside_a_holiday_thing_asks_the_day(text: str, lang: str, question: str) -> None:
    from app.skills.when import read_time

    reading = read_time(text, _LONDON if lang == "en" else _MADRID, _MORNING, lang)
    assert reading.at is None, reading
    assert reading.ask == "no_day", reading
    assert reading.question == question


@pytest.mark.parametrize(
    ("text", "lang", "day", "rest"),
    [
        ("dinner on Christmas Day at 7pm", "en", "2026-12-25", "dinner"),
        ("on Christmas Eve at 6pm call mum", "en", "2026-12-24", "call mum"),
        (
            "book Christmas dinner with the family at 7pm",
            "en",
            "2026-12-25",
            "book dinner with the family",
        ),
        ("Christmas party at the office at 8pm", "en", "2026-12-25", "party at the office"),
        ("cena de Nochebuena a las 9 de la noche", "es", "2026-12-24", "cena"),
        ("cena en Nochebuena a las 21:00", "es", "2026-12-24", "cena"),
        ("fiesta de Halloween el sábado a las 20:00", "es", "2026-12-12", "fiesta de Halloween"),
    ],
)
def test_a_holiday_as_a_day_or_another_day_is_read(
    text: str, lang: str, day: str, rest: str
) -> None:
    from app.skills.when import read_time

    zone = _LONDON if lang == "en" else _MADRID
    reading = read_time(text, zone, _MORNING, lang)
    assert reading.at is not None, reading
    assert reading.at.astimezone(zone).date().isoformat() == day
    assert reading.remainder == rest


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("post Christmas cards", ["Christmas"]),
        ("buy wine for Christmas dinner", ["Christmas"]),
        ("comprar regalos de Navidad", ["Navidad"]),
        ("regalo del Día de la Madre", ["Día de la Madre"]),
        ("by Christmas, please", []),
        ("on Christmas Eve call mum", []),
        ("Christmas morning", []),
        ("Christmas week", []),
        ("el día de Navidad", []),
        ("antes de Navidad", []),
        ("la noche de Halloween", []),
        ("para Fiestas Patrias", []),
    ],
)
def test_holiday_modifiers(text: str, names: list[str]) -> None:
    from app.skills.time_words import holiday_modifiers

    assert [text[a:b] for a, b in holiday_modifiers(text)] == names


# -- P46-M4: the "vosotros" forms (Spain) -----------------------------------------------------


@pytest.mark.parametrize(
    ("messages", "text", "due"),
    [
        (("recordadme el miércoles a las 8:30 llevar el coche al taller", "de la mañana"),
         "llevar el coche al taller", "2026-12-09T08:30"),
        (("recordadme sacar la basura mañana a las 21:00",), "sacar la basura",
         "2026-12-08T21:00"),
        (("Recordadme el jueves a las 19:00 regar las plantas",), "regar las plantas",
         "2026-12-10T19:00"),
        (("avisadme el jueves a las 18:00 de llamar a la gestoría",), "llamar a la gestoría",
         "2026-12-10T18:00"),
        (("por favor recordadme pasado mañana a las 19:00 pagar el alquiler",), "pagar el alquiler",
         "2026-12-09T19:00"),
    ],
)  # fmt: skip
def test_vosotros_reminders_store_only_their_words(
    user: Any, messages: tuple[str, ...], text: str, due: str
) -> None:
    es = user("es")
    replies = talk(es, *messages)
    assert replies[-1]["pending"] is False, replies
    assert reminders_of(es) == [(text, due)], replies


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("apuntad comprar pan", "comprar pan"),
        ("anotad en mis pendientes pagar el seguro", "pagar el seguro"),
        ("apuntadme en la lista llamar al fontanero", "llamar al fontanero"),
    ],
)
def test_vosotros_to_dos(user: Any, message: str, text: str) -> None:
    es = user("es")
    (reply,) = talk(es, message)
    assert reply["pending"] is False, reply
    assert todos_of(es) == [(text, None)], reply


def test_vosotros_book_and_cancel(user: Any) -> None:
    es = user("es")
    booked, asked, done = talk(
        es,
        "agendad una reunión con Álvaro el jueves a las 10:00",
        "cancelad la reunión con Álvaro",
        "sí",
    )
    assert "Álvaro" in booked["reply"], booked
    assert asked["pending"] is True, asked
    assert "Álvaro" in asked["reply"], asked
    assert done["pending"] is False, done
    assert es.get("/v1/meetings").json["meetings"] == []


def test_vosotros_remove_a_reminder_and_a_to_do_thing(user: Any) -> None:
    es = user("es")
    talk(
        es,
        "recuérdame mañana a las 21:00 sacar la basura",
        "añade a mis pendientes huevos, leche y pan",
    )
    talk(es, "borrad el recordatorio de la basura")
    assert reminders_of(es) == []
    talk(es, "quitad la leche")
    assert sorted(todos_of(es)) == [("huevos", None), ("pan", None)]


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("recordadme sacar la basura", "recuérdame sacar la basura"),
        ("avisadme mañana", "avísame mañana"),
        ("apuntadlo", "apúntalo"),
        ("recordádmelo mañana", "recuérdamelo mañana"),
        ("cancelad la cena con Lucía", "cancela la cena con Lucía"),
        ("vale, moved la cena al sábado", "vale, mueve la cena al sábado"),
        ("quitad la leche", "quita la leche"),
        ("¿tenéis clases online?", "¿tienen clases online?"),
        ("¿teneis becas?", "¿tienen becas?"),
        ("¿podéis recordarme pagar la luz?", "¿pueden recordarme pagar la luz?"),
        # not an imperative where no clause opens with it
        ("la reunión que moved ayer", "la reunión que moved ayer"),
    ],
)
def test_as_tu_writes_the_vosotros_forms(said: str, written: str) -> None:
    from app.texting import as_tu

    assert as_tu(said) == written


def test_vosotros_question_is_answered(user: Any) -> None:
    es = user("es")
    (reply,) = talk(es, "¿tenéis clases online?")
    assert reply["skill"] == "knowledge", reply
    assert reply["data"]["found"] is True, reply


# -- P46-L2: slang kept in a reminder's text --------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "recuerdame al tiro llamar a mi vieja",
        "recuérdame altiro sacar la ropa de la lavadora",
        "recuérdame al tirito regar las plantas",
    ],
)
def test_al_tiro_asks_when_and_is_no_text(user: Any, message: str) -> None:
    cl = user("cl")
    (asked,) = talk(cl, message)
    assert asked["pending"] is True, asked
    assert "tiro" not in asked["reply"], asked


def test_al_tiro_then_an_answer_stores_the_words_alone(user: Any) -> None:
    cl = user("cl")
    asked, done = talk(cl, "recuerdame al tiro llamar a mi vieja", "en 10 minutos")
    assert asked["pending"] is True, asked
    assert done["pending"] is False, done
    assert [text for text, _ in reminders_of(cl)] == ["llamar a mi vieja"]


@pytest.mark.parametrize(
    ("key", "message", "text"),
    [
        ("cl", "recuerdame mañana a las 19:00 sacar el pan del horno cachai",
         "sacar el pan del horno"),
        ("cl", "recuérdame el viernes a las 18:00 pagar la luz po", "pagar la luz"),
        ("cl", "recuérdame mañana a las 18:00 ir al banco weón?", "ir al banco"),
        ("cl", "recuérdame mañana a las 18:00 sacar la basura, ¿ya?", "sacar la basura"),
        ("mx", "recuérdame mañana a las 18:00 pasar por las tortillas güey",
         "pasar por las tortillas"),
        ("es", "recuérdame mañana a las 18:00 pagar el alquiler, ¿sabes?", "pagar el alquiler"),
        ("gb", "remind me tomorrow at 6pm to pick up the kids, innit", "pick up the kids"),
        ("gb", "remind me tomorrow at 6pm to ring the council, mate", "ring the council"),
        ("gb", "remind me tomorrow at 6pm to buy milk you know", "buy milk"),
        # the tag's word as the thing itself
        ("mx", "recuérdame mañana a las 18:00 llamar al güey", "llamar al güey"),
        ("gb", "remind me tomorrow at 6pm to call my mate", "call my mate"),
    ],
)  # fmt: skip
def test_conversational_tags_are_no_reminder_text(
    user: Any, key: str, message: str, text: str
) -> None:
    api = user(key)
    (reply,) = talk(api, message)
    assert reply["pending"] is False, reply
    assert [t for t, _ in reminders_of(api)] == [text], reply


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("anota en mis pendientes comprar el pan, cachai", "comprar el pan"),
        ("anota en mis pendientes pagar la cuenta de la luz po", "pagar la cuenta de la luz"),
        ("anota en mis pendientes comprar mate", "comprar mate"),
    ],
)
def test_conversational_tags_are_no_to_do_text(user: Any, message: str, text: str) -> None:
    cl = user("cl")
    (reply,) = talk(cl, message)
    assert reply["pending"] is False, reply
    assert todos_of(cl) == [(text, None)], reply


# -- P46-M11: a to-do said done in the present perfect ----------------------------------------


@pytest.mark.parametrize(
    ("key", "todo", "said"),
    [
        ("in", "add pay the electricity bill to my to-do list",
         "I have already paid the electricity bill"),
        ("in", "add submit the expense report to my to-do list",
         "I've submitted the expense report"),
        ("gb", "add write the cover letter to my to-do list",
         "I have just written the cover letter"),
        ("gb", "add do the laundry to my to-do list", "I've done the laundry"),
        ("es", "añade a mis pendientes comprar las croquetas", "ya he comprado las croquetas"),
        ("es", "añade a mis pendientes pagar el alquiler", "he pagado ya el alquiler"),
        ("mx", "agrega a mis pendientes enviar el reporte", "ya lo hemos enviado, el reporte"),
    ],
)  # fmt: skip
def test_present_perfect_marks_the_to_do_done(user: Any, key: str, todo: str, said: str) -> None:
    api = user(key)
    added, done = talk(api, todo, said)
    assert added["pending"] is False, added
    assert done["skill"] == "scheduling", done
    assert done["pending"] is False, done
    rows = api.get("/v1/todos").json["todos"]
    assert len(rows) == 1, rows
    assert rows[0]["done"] is True, (done, rows)
