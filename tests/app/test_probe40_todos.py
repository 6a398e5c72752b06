"""Probe 40's to-do findings (U-H5, U-H9, U-H13, U-M4, U-M1's to-do part). The tester's clock was
Monday 7 December 2026, about 08:10-08:27 UTC (03:15 in Bogotá and New York, 02:15 in Mexico
City, 08:15 in London, 09:15 in Madrid): the reported messages run there, as the users who sent
them; variants of them run there too or on Tuesday 14 April 2026 in Lima (the ``en``/``es``
fixtures).

- U-H5: a correction opened with "no espera, eso no", "wait no", "actually", "bueno" ("wait no,
  unmark the dog food one, I haven't bought it yet", "actually scratch the milk") was stored as a
  new to-do of those words: it is the change it asks (the to-do opened again, the thing removed),
  or, with no such to-do, nothing is added and that is said.
- U-H9: "add Sarah to it" right after a booking added a to-do "Sarah to it": Sarah joins the
  meeting just booked ("add Sarah to the meeting", "agrega a Lucía a esa reunión", "agrégale a
  Marco", "and Kim too" too); with no meeting shown, which one is asked.
- U-H13: Spain's "apunta en la lista de la compra huevos, leche y pan" made one to-do "de la
  compra huevos, leche y pan", and "quita la leche" then deleted all of it: the list named so is
  three to-dos, and removing one thing of a to-do that lists several takes out only that thing
  (marking it done asks whether all of it is done).
- U-M4: "el segundo ya lo hice" after a list was refused as out of scope, and "pásala para el
  lunes" / "cámbiala al lunes" right after a dated to-do answered "To-dos have no time to move"
  ("ponla para el lunes" was refused): that one of the list is done, and the to-do is due that
  day (which Monday is asked on a Monday, and the answer sets it).
- U-M1 (its to-do part): "no, mejor el jueves", "sorry I meant thursday" right after a dated
  to-do answered "nothing to decline" / out of scope: the to-do is due that day instead.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import PROBE40_MORNING, Api, meetings_of, talk, zoned_user

# the tester's clock: Monday 7 December 2026, 08:15 UTC
PROBE = PROBE40_MORNING
_user = zoned_user


@pytest.fixture
def camilo(app: Any, client: Any, probe_clock: None) -> Api:
    """Bogotá, usted (es-CO)."""
    return _user(app, client, "America/Bogota", "es-CO", "camilo")


@pytest.fixture
def tom(app: Any, client: Any, probe_clock: None) -> Api:
    """London (en-GB)."""
    return _user(app, client, "Europe/London", "en-GB", "tom")


@pytest.fixture
def javier(app: Any, client: Any, probe_clock: None) -> Api:
    """Madrid (es-ES)."""
    return _user(app, client, "Europe/Madrid", "es-ES", "javier")


@pytest.fixture
def mike(app: Any, client: Any, probe_clock: None) -> Api:
    """New York (en)."""
    return _user(app, client, "America/New_York", "en", "mike")


@pytest.fixture
def diego(app: Any, client: Any, probe_clock: None) -> Api:
    """Mexico City (es-MX)."""
    return _user(app, client, "America/Mexico_City", "es-MX", "diego")


def todos_of(api: Api) -> list[tuple[str, bool]]:
    """Every to-do of the user, done or not, as (text, done)."""
    return [(t["text"], t["done"]) for t in api.get("/v1/todos").json["todos"]]


def _add(api: Api, *texts: str) -> None:
    for text in texts:
        assert api.post("/v1/todos", json={"text": text}).status_code == 201


# -- U-H5: a correction's opening before a change to a to-do ---------------------------------


def test_u_h5_camilos_correction_opens_the_card_again(camilo: Api) -> None:
    """The reported conversation: the card paid, then "ya pague" asked which, then the
    correction (while that question waited)."""
    replies = talk(
        camilo,
        "anote: pagar la tarjeta de credito",
        "anote: pagar la luz el viernes",
        "anote: comprar pan",
        "ya pague la tarjeta",
        "mis pendientes",
        "ya pague",
        "no espera, eso no, desmarca lo de la tarjeta, todavia no la pago",
    )
    assert todos_of(camilo) == [
        ("pagar la tarjeta de credito", False),
        ("pagar la luz", False),
        ("comprar pan", False),
    ], replies[-1]["reply"]
    assert "pagar la tarjeta de credito" in replies[-1]["reply"]


def test_u_h5_toms_correction_opens_the_dog_food_again(tom: Api) -> None:
    replies = talk(
        tom,
        "add to my list: renew passport, buy dog food, email the landlord",
        "show my to-dos",
        "number 2 is done",
        "wait no, unmark the dog food one, I haven't bought it yet",
    )
    assert todos_of(tom) == [
        ("renew passport", False),
        ("buy dog food", False),
        ("email the landlord", False),
    ], replies[-1]["reply"]
    assert replies[-1]["reply"] == "“buy dog food” is open again."


def test_u_h5_olivias_scratch_with_no_such_todo_adds_nothing(tom: Api) -> None:
    """ "eggs, milk and bread" was refused, so there is no milk to scratch: nothing is added."""
    replies = talk(tom, "add salt and pepper to my shopping list", "actually scratch the milk")
    assert todos_of(tom) == [("salt", False), ("pepper", False)], replies[-1]["reply"]
    assert "scratch" not in replies[-1]["reply"]


def test_u_h5_olivias_list_after_the_shopping_list_and_the_milk_scratched(tom: Api) -> None:
    """ "eggs, milk and bread" right after a to-do was added: three more (it was refused)."""
    replies = talk(
        tom,
        "add salt and pepper to my shopping list",
        "eggs, milk and bread",
        "actually scratch the milk",
    )
    assert todos_of(tom) == [
        ("salt", False),
        ("pepper", False),
        ("eggs", False),
        ("bread", False),
    ], [r["reply"] for r in replies]


@pytest.mark.parametrize(
    ("lang", "first", "said", "added"),
    [
        (
            "es",
            "agrega arroz a la lista de compras",
            "huevos, leche y pan",
            ["huevos", "leche", "pan"],
        ),
        ("es", "mis pendientes", "tomates, cebolla, ajos", ["tomates", "cebolla", "ajos"]),
        ("en", "show my to-dos", "apples, pears and plums", ["apples", "pears", "plums"]),
    ],
)
def test_u_h5_a_bare_list_after_a_todo_is_more_todos(
    request: pytest.FixtureRequest, lang: str, first: str, said: str, added: list[str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    _add(api, "pagar la luz" if lang == "es" else "pay the rent")
    before = todos_of(api)
    replies = talk(api, first, said)
    assert todos_of(api)[-3:] == [(t, False) for t in added], replies[-1]["reply"]
    assert todos_of(api)[: len(before)] == before


@pytest.mark.parametrize(
    ("lang", "before", "said", "after"),
    [
        (
            "en",
            ["buy milk", "call the bank"],
            "actually scratch the milk",
            [("call the bank", False)],
        ),
        ("en", ["buy milk", "call the bank"], "oops, remove buy milk", [("call the bank", False)]),
        (
            "en",
            ["buy milk", "call the bank"],
            "no wait, delete the bank one",
            [("buy milk", False)],
        ),
        (
            "es",
            ["comprar leche", "llamar al banco"],
            "bueno, quita la leche",
            [("llamar al banco", False)],
        ),
        (
            "es",
            ["comprar leche", "llamar al banco"],
            "uy no, espera, borra lo del banco",
            [("comprar leche", False)],
        ),
        (
            "es",
            ["comprar leche", "llamar al banco"],
            "perdon, elimina comprar leche",
            [("llamar al banco", False)],
        ),
    ],
)
def test_u_h5_a_removal_after_a_correction_removes(
    request: pytest.FixtureRequest, lang: str, before: list[str], said: str, after: list[Any]
) -> None:
    api: Api = request.getfixturevalue(lang)
    _add(api, *before)
    reply = api.chat(said)
    assert todos_of(api) == after, reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "wait no, unmark buy milk"),
        ("en", "sorry, unmark the milk one, I didn't buy it yet"),
        ("en", "oops, mark buy milk as not done"),
        ("es", "espera, desmarca comprar leche"),
        ("es", "no, perdon, desmarca lo de la leche, aun no la compro"),
        ("es", "uy, marca comprar leche como pendiente"),
    ],
)
def test_u_h5_an_unmark_after_a_correction_opens_it_again(
    request: pytest.FixtureRequest, lang: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    _add(api, "comprar leche" if lang == "es" else "buy milk", "pay the rent")
    first = api.get("/v1/todos").json["todos"][0]
    assert api.patch(f"/v1/todos/{first['id']}", json={"done": True}).status_code == 200
    reply = api.chat(said)
    assert [done for _text, done in todos_of(api)] == [False, False], reply["reply"]
    assert len(todos_of(api)) == 2


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "wait no, unmark the dog food one"),
        ("en", "actually scratch the milk"),
        ("en", "sorry, cross off the eggs"),
        ("es", "no espera, desmarca lo de la tarjeta"),
        ("es", "bueno, quita la leche"),
        ("es", "uy no, tacha los huevos"),
    ],
)
def test_u_h5_a_correction_naming_no_todo_adds_nothing(
    request: pytest.FixtureRequest, lang: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    _add(api, "call the bank" if lang == "en" else "llamar al banco")
    reply = api.chat(said)
    assert len(todos_of(api)) == 1, reply["reply"]
    assert not any(word in reply["reply"] for word in ("scratch", "desmarca", "quita", "tacha"))


@pytest.mark.parametrize(
    ("lang", "said", "text"),
    [
        ("en", "todo: wait for the plumber", "wait for the plumber"),
        ("es", "pendiente: no olvidar el paraguas", "no olvidar el paraguas"),
        ("es", "pendiente: espera a la tecnica del cable", "espera a la tecnica del cable"),
    ],
)
def test_u_h5_a_todo_that_opens_with_such_a_word_is_still_added(
    request: pytest.FixtureRequest, lang: str, said: str, text: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert todos_of(api) == [(text, False)], reply["reply"]


# -- U-H9: someone added to the meeting just booked -------------------------------------------


def test_u_h9_mikes_add_sarah_to_it_joins_the_meeting(mike: Api) -> None:
    replies = talk(
        mike,
        "book a meeting with Tom on friday at 3pm",
        "book a 2 hour workshop with the interns on wednesday at 9am",
        "add Sarah to it",
        "and Kim too",
    )
    assert todos_of(mike) == [], replies[-2]["reply"]
    assert sorted(meetings_of(mike)) == [
        ("Meeting with Tom", "2026-12-11T15:00"),
        ("Meeting with the interns, Sarah, and Kim", "2026-12-09T09:00"),
    ], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "booking", "said", "title"),
    [
        (
            "en",
            "book a meeting with Ana on thursday at 10am",
            "add Sarah to the meeting",
            "Meeting with Ana and Sarah",
        ),
        (
            "en",
            "book a meeting with Ana on thursday at 10am",
            "invite Sarah to that one",
            "Meeting with Ana and Sarah",
        ),
        (
            "en",
            "book a call with Ana on thursday at 10am",
            "please add Sarah to it",
            "Call with Ana and Sarah",
        ),
        (
            "es",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "agrega a Lucía a esa reunión",
            "Reunión con Ana y Lucía",
        ),
        (
            "es",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "agrégale a Lucía",
            "Reunión con Ana y Lucía",
        ),
        (
            "es",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "añade a Lucía a esa",
            "Reunión con Ana y Lucía",
        ),
        (
            "es",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "súmale a Lucía también",
            "Reunión con Ana y Lucía",
        ),
    ],
)
def test_u_h9_someone_added_after_a_booking_joins_it(
    request: pytest.FixtureRequest, lang: str, booking: str, said: str, title: str
) -> None:
    """With another meeting on the calendar, the one just booked is meant."""
    api: Api = request.getfixturevalue(lang)
    other = (
        "book a meeting with Bo on friday at 4pm"
        if lang == "en"
        else ("agenda una reunión con Bo el viernes a las 4 de la tarde")
    )
    replies = talk(api, other, booking, said)
    assert todos_of(api) == [], replies[-1]["reply"]
    assert title in [t for t, _at in meetings_of(api)], replies[-1]["reply"]
    assert len(meetings_of(api)) == 2


def test_u_h9_add_someone_to_it_with_no_meeting_shown_asks(en: Api) -> None:
    reply = en.chat("add Sarah to it")
    assert todos_of(en) == []
    assert meetings_of(en) == []
    assert reply["reply"].startswith("Which meeting should I add Sarah to?")


@pytest.mark.parametrize(
    "said", ["add 30 minutes to it", "add the agenda to it", "add a note to it", "and Friday too"]
)
def test_u_h9_what_is_no_person_joins_no_meeting_and_is_no_todo(en: Api, said: str) -> None:
    """Right after a booking: no guest "30 minutes" or "Friday", no to-do "the agenda to it"."""
    talk(en, "book a meeting with Ana on thursday at 10am")
    booked = meetings_of(en)
    reply = en.chat(said)
    assert meetings_of(en) == booked, reply["reply"]
    assert todos_of(en) == [], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said", "text"),
    [
        ("en", "todo: get used to it", "get used to it"),
        ("en", "add get back to it to my list", "get back to it"),
    ],
)
def test_u_h9_a_todo_whose_verb_ends_in_it_is_added(
    request: pytest.FixtureRequest, lang: str, said: str, text: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert todos_of(api) == [(text, False)], reply["reply"]


def test_u_h9_diegos_lucia_joins_the_meeting_just_booked(diego: Api) -> None:
    replies = talk(
        diego,
        "agendame una junta con Pepe el jueves a las 4 de la tarde",
        "agendame una junta con Ana el miercoles a las 10 de la mañana",
        "agrega a Lucía a esa reunión",
    )
    assert sorted(meetings_of(diego)) == [
        ("Junta con Ana y Lucía", "2026-12-09T10:00"),
        ("Junta con Pepe", "2026-12-10T16:00"),
    ], replies[-1]["reply"]


# -- U-H13: Spain's shopping list, and one thing of a to-do removed ---------------------------


def test_u_h13_javiers_shopping_list(javier: Api) -> None:
    """The reported conversation: three to-dos; the milk removed; the bread crossed off."""
    replies = talk(
        javier,
        "apunta en la lista de la compra huevos, leche y pan",
        "bueno, quita la leche",
        "tacha el pan",
    )
    assert todos_of(javier) == [("huevos", False), ("pan", True)], [r["reply"] for r in replies]


@pytest.mark.parametrize(
    ("lang", "said", "items"),
    [
        ("es", "añade huevos, leche y pan a la lista de la compra", ["huevos", "leche", "pan"]),
        (
            "es",
            "apunta en la lista del super arroz, azucar y aceite",
            ["arroz", "azucar", "aceite"],
        ),
        ("es", "agrega a la lista de la compra atun, fideos y sal", ["atun", "fideos", "sal"]),
        ("es", "mete en la lista de la compra yogur", ["yogur"]),
        ("es", "añade yogur a la lista de las compras", ["yogur"]),
        ("en", "add to the grocery list rice, beans and oil", ["rice", "beans", "oil"]),
        ("en", "put on my shopping list: apples, pears and plums", ["apples", "pears", "plums"]),
    ],
)
def test_u_h13_a_list_named_so_adds_its_things(
    request: pytest.FixtureRequest, lang: str, said: str, items: list[str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert todos_of(api) == [(item, False) for item in items], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "todo", "said", "left"),
    [
        (
            "es",
            "de la compra huevos, leche y pan",
            "bueno, quita la leche",
            "de la compra huevos y pan",
        ),
        ("es", "huevos, leche y pan", "quita la leche", "huevos y pan"),
        ("es", "comprar huevos, leche y pan", "borra los huevos", "comprar leche y pan"),
        (
            "es",
            "comprar huevos, leche y pan",
            "elimina el pan de mi lista",
            "comprar huevos y leche",
        ),
        ("en", "buy eggs, milk and bread", "remove the milk", "buy eggs and bread"),
        ("en", "eggs, milk and bread", "actually scratch the milk", "eggs and bread"),
        ("en", "buy eggs, milk and bread", "delete the eggs", "buy milk and bread"),
    ],
)
def test_u_h13_one_thing_of_a_todo_is_removed_alone(
    request: pytest.FixtureRequest, lang: str, todo: str, said: str, left: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    _add(api, todo, "pagar la luz" if lang == "es" else "pay the rent")
    reply = api.chat(said)
    assert [t for t, _done in todos_of(api)] == [
        left,
        "pagar la luz" if lang == "es" else "pay the rent",
    ], reply["reply"]
    assert f"“{left}”" in reply["reply"]


@pytest.mark.parametrize(
    ("lang", "todo", "said"),
    [
        ("en", "salt and pepper", "delete salt and pepper"),
        ("en", "buy milk", "remove the milk"),
        ("es", "comprar pan", "quita el pan"),
    ],
)
def test_u_h13_a_todo_named_whole_is_removed(
    request: pytest.FixtureRequest, lang: str, todo: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    _add(api, todo)
    reply = api.chat(said)
    assert todos_of(api) == [], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "todo", "said"),
    [
        ("en", "pay rent and bills", "delete pay rent"),
        ("es", "pagar el alquiler y la luz", "borra pagar el alquiler"),
    ],
)
def test_u_h13_a_todo_named_by_its_start_is_removed_whole(
    request: pytest.FixtureRequest, lang: str, todo: str, said: str
) -> None:
    """The words of its first thing with its verb name the to-do, not one of its things."""
    api: Api = request.getfixturevalue(lang)
    _add(api, todo)
    reply = api.chat(said)
    assert todos_of(api) == [], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said", "yes"),
    [("es", "tacha el pan", "si"), ("en", "mark the bread as done", "yes")],
)
def test_u_h13_one_thing_of_a_todo_done_asks_about_all_of_it(
    request: pytest.FixtureRequest, lang: str, said: str, yes: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    todo = "huevos, leche y pan" if lang == "es" else "eggs, milk and bread"
    _add(api, todo)
    asked = api.chat(said)
    assert asked["pending"], asked["reply"]
    assert todos_of(api) == [(todo, False)]
    api.chat(yes, asked["conversation_id"])
    assert todos_of(api) == [(todo, True)]


# -- U-M4: a to-do done by its position, or given a day by a pronoun, in Spanish -------------


def dues_of(api: Api) -> list[tuple[str, str | None]]:
    """The user's to-dos as (text, local due time to the minute, or None)."""
    rows = api.get("/v1/todos").json["todos"]
    return [(t["text"], t["due_at"] and t["due_at"][:16]) for t in rows]


def test_u_m4_valens_second_one_done(app: Any, client: Any, probe_clock: None) -> None:
    valen = _user(app, client, "America/Bogota", "es", "valen")
    replies = talk(
        valen,
        "pendientes: comprar pañales, pagar el arriendo y llamar a la eps",
        "muestrame mis pendientes",
        "el segundo ya lo hice",
    )
    assert todos_of(valen) == [
        ("comprar pañales", False),
        ("pagar el arriendo", True),
        ("llamar a la eps", False),
    ], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "said", "done"),
    [
        ("es", "la tercera ya la termine", 2),
        ("es", "el primero ya lo pague", 0),
        ("es", "el 2 ya lo hice", 1),
        ("en", "the second one is finished", 1),
        ("en", "number 3 was completed", 2),
    ],
)
def test_u_m4_a_position_said_done(
    request: pytest.FixtureRequest, lang: str, said: str, done: int
) -> None:
    api: Api = request.getfixturevalue(lang)
    texts = ["comprar pan", "pagar la luz", "llamar a Ana"]
    _add(api, *texts)
    conversation = api.chat("mis pendientes" if lang == "es" else "show my to-dos")
    reply = api.chat(said, conversation["conversation_id"])
    assert todos_of(api) == [(t, i == done) for i, t in enumerate(texts)], reply["reply"]


def test_u_m4_diegos_invoice_moved_to_monday(diego: Api) -> None:
    """Said on Monday at 02:15: which Monday is asked, and the answer is its day."""
    replies = talk(
        diego,
        "pendiente: mandar la factura a contabilidad el viernes",
        "pasala para el lunes",
    )
    assert replies[-1]["pending"], replies[-1]["reply"]
    assert dues_of(diego) == [("mandar la factura a contabilidad", "2026-12-11T23:59")]
    diego.chat("el 14", replies[-1]["conversation_id"])
    assert dues_of(diego) == [("mandar la factura a contabilidad", "2026-12-14T23:59")]


@pytest.mark.parametrize(
    ("said", "due"),
    [
        ("cambiala al martes", "2026-12-08T23:59"),
        ("ponla para el martes", "2026-12-08T23:59"),
        ("muevela al jueves", "2026-12-10T23:59"),
    ],
)
def test_u_m4_diegos_invoice_given_another_day(diego: Api, said: str, due: str) -> None:
    replies = talk(diego, "pendiente: mandar la factura el viernes", said)
    assert dues_of(diego) == [("mandar la factura", due)], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "first", "said", "due"),
    [
        # from Tuesday 14 April 2026 in Lima
        ("es", "pendiente: pagar el cable el viernes", "pásala para el lunes", "2026-04-20T23:59"),
        ("es", "pendiente: pagar el cable el viernes", "muévela al jueves", "2026-04-16T23:59"),
        ("es", "pendiente: pagar el cable el viernes", "ponla para el lunes", "2026-04-20T23:59"),
        ("en", "todo: pay the cable bill by friday", "move it to monday", "2026-04-20T23:59"),
        ("en", "todo: pay the cable bill by friday", "push it to thursday", "2026-04-16T23:59"),
    ],
)
def test_u_m4_a_todo_just_added_moved_by_a_pronoun(
    request: pytest.FixtureRequest, lang: str, first: str, said: str, due: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, first, said)
    assert [d for _t, d in dues_of(api)] == [due], replies[-1]["reply"]


# -- U-M1: a to-do's day corrected right after it was added -----------------------------------


def test_u_m1_rosas_pension_corrected_to_thursday(app: Any, client: Any, probe_clock: None) -> None:
    rosa = _user(app, client, "America/Lima", "es", "rosa")
    replies = talk(
        rosa, "pendiente: pagar la pension del colegio el viernes", "no, mejor el jueves"
    )
    assert dues_of(rosa) == [("pagar la pension del colegio", "2026-12-10T23:59")], replies[-1][
        "reply"
    ]


def test_u_m1_toms_mot_corrected_to_thursday(tom: Api) -> None:
    replies = talk(tom, "todo: book the MOT by friday", "sorry I meant thursday")
    assert dues_of(tom) == [("book the MOT", "2026-12-10T23:59")], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "first", "said", "due"),
    [
        (
            "es",
            "pendiente: pagar el cable el viernes",
            "perdón, era para el lunes",
            "2026-04-20T23:59",
        ),
        ("es", "pendiente: pagar el cable el viernes", "uy no, el jueves", "2026-04-16T23:59"),
        ("en", "todo: pay the cable bill by friday", "no, I meant monday", "2026-04-20T23:59"),
        ("en", "todo: pay the cable bill by friday", "actually, thursday", "2026-04-16T23:59"),
        ("en", "todo: pay the cable bill by friday", "oops, it's due monday", "2026-04-20T23:59"),
    ],
)
def test_u_m1_a_todos_day_corrected(
    request: pytest.FixtureRequest, lang: str, first: str, said: str, due: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, first, said)
    assert [d for _t, d in dues_of(api)] == [due], replies[-1]["reply"]
    assert len(dues_of(api)) == 1


@pytest.mark.parametrize(
    ("lang", "first", "said"),
    [
        ("es", "pendiente: pagar el cable el viernes", "no"),
        ("en", "todo: pay the cable bill by friday", "no, I meant the phone bill"),
    ],
)
def test_u_m1_a_correction_without_a_day_leaves_the_day(
    request: pytest.FixtureRequest, lang: str, first: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    talk(api, first, said)
    assert [d for _t, d in dues_of(api)][:1] == ["2026-04-17T23:59"]
