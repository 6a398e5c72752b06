"""Probe 43, N-M5: common ways to book an appointment or fill a shopping list were refused as out
of scope ("Lo siento, no puedo ayudarte con eso"), nothing stored: "sácame turno con el peluquero
el sábado a las 11", "agéndame la peluquería el sábado a las 4 de la tarde", "ponle tortillas y
frijoles a mi lista de compras". They are booked and added now, whatever the model read."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api, meetings_of, talk


@pytest.mark.parametrize(
    ("messages", "booked"),
    [
        (
            ["agéndame la peluquería el sábado a las 4 de la tarde"],
            ("peluquería", "2026-04-18T16:00"),
        ),
        (
            ["sacame turno con el peluquero el sábado a las 11", "de la mañana"],
            ("peluquero", "2026-04-18T11:00"),
        ),
        (
            ["sácame hora con la dermatóloga el jueves a las 9 de la mañana"],
            ("dermatóloga", "2026-04-16T09:00"),
        ),
        (
            ["agéndame el dentista el lunes a las 10 de la mañana"],
            ("dentista", "2026-04-20T10:00"),
        ),
    ],
)
def test_an_appointment_of_a_kind_is_booked(
    es: Api, messages: list[str], booked: tuple[str, str]
) -> None:
    *_, last = talk(es, *messages)
    assert "no puedo ayudarte" not in last["reply"], last
    [(title, at)] = meetings_of(es)
    assert at == booked[1]
    assert booked[0] in title.lower(), title


@pytest.mark.parametrize(
    ("message", "todos"),
    [
        ("ponle tortillas y frijoles a mi lista de compras", ["tortillas", "frijoles"]),
        ("ponle leche a la lista de la compra", ["leche"]),
        ("métele pan a mi lista de compras", ["pan"]),
    ],
)
def test_a_shopping_list_said_with_ponle_is_filled(es: Api, message: str, todos: list[str]) -> None:
    reply = es.chat(message)
    assert "no puedo ayudarte" not in reply["reply"], reply
    assert [t["text"] for t in es.get("/v1/todos").json["todos"]] == todos


def test_a_reminder_of_an_appointment_is_still_a_reminder(es: Api) -> None:
    talk(es, "recuérdame sacar turno con el peluquero el sábado a las 11 de la mañana")
    assert meetings_of(es) == []
    assert es.get("/v1/reminders").json["reminders"][0]["text"].startswith("sacar turno")
