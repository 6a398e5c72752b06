"""Probe 38, J-M7: when someone can study is the pathway's business, not a booking. "puedo
estudiar de 7 a 9 de la noche de lunes a viernes" was read as a meeting to book: "¿Qué día y a
qué hora?", a question that then held the learner's next messages ("solo los sábados 4 horas",
a budget) until "olvídalo". A counsellor's introduction ("… ella puede estudiar 8 horas a la
semana …") was asked "¿Para cuándo?". Now such a message goes to the pathway skill whatever the
model read, and nothing waits; a reminder to study is still a reminder."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.app.conftest import Api, daytime, talk  # noqa: F401

AVAILABILITY = [
    ("es", "puedo estudiar de 7 a 9 de la noche de lunes a viernes"),
    ("es", "puedo estudiar los sábados de 9 a 1"),
    (
        "es",
        "Soy consejera. Milagros, de Piura, quiere ser electricista. Ella puede estudiar 8 "
        "horas a la semana y tiene un presupuesto de S/ 1,200.",
    ),
    ("en", "I can study from 7 to 9pm monday to friday"),
    ("en", "I could study on saturdays from 9 to 1"),
]


@pytest.mark.parametrize(("lang", "said"), AVAILABILITY)
def test_study_time_goes_to_the_pathway_and_nothing_waits(
    speaker: Callable[[str], Api], lang: str, said: str
) -> None:
    api = speaker(lang)
    reply = api.chat(said)
    assert reply["skill"] != "scheduling", reply["reply"]  # the pathway's, or answered aside
    assert api.get("/v1/meetings").json["meetings"] == []
    assert api.get("/v1/reminders").json["reminders"] == []


def test_the_next_message_is_not_held_by_a_booking_question(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    first, hours, budget = talk(
        api,
        "puedo estudiar de 7 a 9 de la noche de lunes a viernes",
        "2 horas al día",  # the pathway's own question: how many hours a day
        "tengo 1.500 soles",
    )
    assert first["skill"] == "learning_path", first["reply"]
    assert budget["skill"] == "learning_path", budget["reply"]
    profile = api.get("/v1/users/me/profile").json
    assert (profile["hours_per_week"], profile["budget_pen"]) == (10, 1500), hours["reply"]


@pytest.mark.usefixtures("daytime")  # "tomorrow" at Lima's small hours asks which day
@pytest.mark.parametrize(
    ("lang", "said", "kind"),
    [
        ("en", "remind me to study at 7pm tomorrow", "reminders"),
        ("es", "recuérdame estudiar mañana a las 7 de la noche", "reminders"),
        ("es", "agenda una sesión de estudio con Ana mañana a las 5", "meetings"),
    ],
)
def test_a_reminder_or_a_booking_to_study_is_still_one(
    speaker: Callable[[str], Api], lang: str, said: str, kind: str
) -> None:
    api = speaker(lang)
    reply = api.chat(said)
    assert reply["skill"] == "scheduling", reply["reply"]
    assert len(api.get(f"/v1/{kind}").json[kind]) == 1, reply["reply"]
