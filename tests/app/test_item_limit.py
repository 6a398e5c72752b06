"""Review 176, S-L4's second half: nothing capped what one user stored (tens of thousands of rows
an hour). A user keeps at most SLIPWAY_ITEM_LIMIT to-dos, reminders and meetings, each kind
counted apart: one more is refused, 409 ``item_limit`` from the API and said in the chat, and
nothing is stored; deleting one makes room."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.app.conftest import TUESDAY_AFTERNOON, Api, built_app, lima_user

LIMIT = 3


@pytest.fixture
def small(app_settings: Any) -> Iterator[Any]:
    with built_app(app_settings.model_copy(update={"item_limit": LIMIT})) as application:
        yield application


@pytest.fixture
def ana(small: Any) -> Iterator[Api]:
    api = lima_user(small, small.test_client(), "ana", "en")
    with time_machine.travel(TUESDAY_AFTERNOON, tick=True):
        yield api


@pytest.fixture
def rosa(small: Any) -> Iterator[Api]:
    api = lima_user(small, small.test_client(), "rosa", "es-PE")
    with time_machine.travel(TUESDAY_AFTERNOON, tick=True):
        yield api


ROUTES = {
    "/v1/todos": lambda i: {"text": f"task {i}"},
    "/v1/reminders": lambda i: {"text": f"call {i}", "due_at": f"2026-04-20T0{i}:00:00"},
    "/v1/meetings": lambda i: {"title": f"sync {i}", "starts_at": f"2026-04-20T1{i}:00:00"},
}


@pytest.mark.parametrize("route", ROUTES)
def test_the_api_refuses_one_more_and_stores_nothing(ana: Api, route: str) -> None:
    made = [ana.post(route, json=ROUTES[route](i)) for i in range(LIMIT)]
    assert [r.status_code for r in made] == [201] * LIMIT
    refused = ana.post(route, json=ROUTES[route](LIMIT))
    assert refused.status_code == 409
    assert refused.json["code"] == "item_limit"
    assert "3" in refused.json["message"]
    assert "delete some" in refused.json["message"]
    key = route.rsplit("/", 1)[1]
    assert len(ana.get(route).json[key]) == LIMIT
    # a deleted one makes room
    assert ana.delete(f"{route}/{made[0].json['id']}").status_code == 204
    assert ana.post(route, json=ROUTES[route](LIMIT)).status_code == 201


def test_each_kind_and_each_user_counted_apart(ana: Api, rosa: Api) -> None:
    for i in range(LIMIT):
        assert ana.post("/v1/todos", json={"text": f"task {i}"}).status_code == 201
    assert ana.post("/v1/todos", json={"text": "one more"}).status_code == 409
    assert ana.post("/v1/reminders", json=ROUTES["/v1/reminders"](1)).status_code == 201
    assert rosa.post("/v1/todos", json={"text": "tarea"}).status_code == 201


def test_the_refusal_in_spanish(rosa: Api) -> None:
    for i in range(LIMIT):
        rosa.post("/v1/todos", json={"text": f"tarea {i}"})
    refused = rosa.post("/v1/todos", json={"text": "otra"})
    assert refused.status_code == 409
    assert "3 pendientes" in refused.json["message"]


@pytest.mark.parametrize(
    ("who", "message", "said"),
    [
        ("ana", "add buy milk to my to-do list", "You keep 3 to-dos"),
        ("ana", "remind me to call Rosa tomorrow at 5pm", "You keep 3 reminders"),
        ("ana", "set an alarm for 6am tomorrow", "You keep 3 reminders"),
        ("ana", "set a timer for 10 minutes", "You keep 3 reminders"),
        ("ana", "book a meeting with Tom tomorrow at 3pm", "You keep 3 meetings"),
        ("rosa", "añade comprar leche a mis pendientes", "Tienes 3 pendientes"),
        ("rosa", "recuérdame llamar a mamá mañana a las 5 de la tarde", "Tienes 3 recordatorios"),
        ("rosa", "agenda una reunión con Pepe mañana a las 3 de la tarde", "Tienes 3 reuniones"),
    ],
)
def test_the_chat_says_so_and_stores_nothing(
    request: pytest.FixtureRequest, who: str, message: str, said: str
) -> None:
    api: Api = request.getfixturevalue(who)
    kind = (
        "todos"
        if "to-do" in said or "pendientes" in said
        else ("meetings" if "meeting" in said or "reuniones" in said else "reminders")
    )
    for i in range(LIMIT):
        route = f"/v1/{kind}"
        assert api.post(route, json=ROUTES[route](i)).status_code == 201
    r = api.chat(message)
    assert said in r["reply"], r["reply"]
    assert len(api.get(f"/v1/{kind}").json[kind]) == LIMIT


def test_a_list_with_more_items_than_room_is_refused_whole(ana: Api) -> None:
    ana.post("/v1/todos", json={"text": "task 0"})
    r = ana.chat("add eggs, bread and coffee to my shopping list")
    assert "You keep 3 to-dos" in r["reply"]
    assert [t["text"] for t in ana.get("/v1/todos").json["todos"]] == ["task 0"]
