"""What the 24th independent tester found in the dialogue and left for this stop (the others:
test_probe24_dialogue.py). Answers to "today … or Sat 25 Apr …?" said on a Saturday night: "this
Saturday", "the following one", bare "este" / "el próximo" (finding 14); the last change quoted
in the language it was made in, and a re-ask that opened in Spanish before an English question
(finding 4); "dentro de quince días" read as 15 days, not two weeks (finding 25); a bare "at 6"
said at night offered only as 6 PM (finding 15)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import Api, meetings_of, reminders_of, talk

LIMA = ZoneInfo("America/Lima")
# Saturday 18 April 2026 at 21:50 in Lima: "el sábado" is today or the 25th
SATURDAY_NIGHT = datetime(2026, 4, 18, 21, 50, tzinfo=LIMA)


# -- finding 14: "this" and "next" to "today or next Saturday?" ----------------------------------
@pytest.mark.parametrize(
    ("lang", "answer", "day"),
    [
        ("en", "this Saturday", "2026-04-18"),
        ("en", "this one", "2026-04-18"),
        ("en", "this", "2026-04-18"),
        ("en", "next Saturday", "2026-04-25"),
        ("en", "the next one", "2026-04-25"),
        ("en", "next", "2026-04-25"),
        ("en", "the following one", "2026-04-25"),
        ("en", "the following Saturday", "2026-04-25"),
        ("es", "este", "2026-04-18"),
        ("es", "este sábado", "2026-04-18"),
        ("es", "el próximo", "2026-04-25"),
        ("es", "el siguiente", "2026-04-25"),
        ("es", "el sábado que viene", "2026-04-25"),
    ],
)
def test_this_or_next_answers_today_or_next_saturday(
    request: pytest.FixtureRequest, lang: str, answer: str, day: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    said = {
        "en": "remind me to call Pepe on saturday at 11pm",
        "es": "recuérdame llamar a Pepe el sábado a las 11 de la noche",
    }[lang]
    with time_machine.travel(SATURDAY_NIGHT, tick=True):
        replies = talk(api, said, answer)
    assert replies[0]["pending"], replies[0]["reply"]
    assert not replies[1]["pending"], replies[1]["reply"]
    assert [due for _, due in reminders_of(api)] == [f"{day}T23:00"]


@pytest.mark.parametrize(
    ("lang", "said", "answer"),
    [
        ("en", "book a meeting with Lu on saturday at 11:30pm", "saturday"),
        ("en", "book a meeting with Lu on saturday at 11:30pm", "on Saturday"),
        ("es", "agenda una reunión con Lu el sábado a las 11 y media de la noche", "el sábado"),
        ("es", "agenda una reunión con Lu el sábado a las 11 y media de la noche", "sábado"),
    ],
)
def test_saturday_alone_fits_both_and_is_asked_again(
    request: pytest.FixtureRequest, lang: str, said: str, answer: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    with time_machine.travel(SATURDAY_NIGHT, tick=True):
        replies = talk(api, said, answer)
    assert replies[1]["pending"], replies[1]["reply"]
    assert meetings_of(api) == []


@pytest.mark.parametrize(
    ("lang", "said", "answer", "asked"),
    [
        ("en", "book a meeting with Lu on saturday", "this Saturday", "What time today?"),
        ("en", "book a meeting with Lu on saturday", "the following one",
         "What time on Sat 25 Apr?"),
        ("es", "agenda una reunión con Lu el sábado", "el próximo",
         "¿A qué hora el sábado 25 de abril?"),
        ("es", "agenda una reunión con Lu el sábado", "este", "¿A qué hora hoy?"),
    ],
)  # fmt: skip
def test_this_or_next_to_days_offered_without_a_time(
    request: pytest.FixtureRequest, lang: str, said: str, answer: str, asked: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    with time_machine.travel(SATURDAY_NIGHT, tick=True):
        replies = talk(api, said, answer)
    assert replies[1]["reply"] == asked


# -- finding 25: "quince días" is two weeks in an agenda question --------------------------------
@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("¿qué tengo dentro de quince días?", "el martes 28 de abril"),
        ("¿qué tengo en quince días?", "el martes 28 de abril"),
        ("¿qué tengo dentro de 15 días?", "el martes 28 de abril"),
        ("¿qué tengo de hoy en quince?", "el martes 28 de abril"),
        ("¿qué tengo en ocho días?", "el martes 21 de abril"),
        ("¿qué tengo de hoy en ocho?", "el martes 21 de abril"),
        # working days are counted Monday to Friday, never read as two weeks
        ("¿qué tengo dentro de 15 días hábiles?", "el martes 5 de mayo"),
    ],
)
def test_fifteen_days_in_an_agenda_question_is_two_weeks(es: Api, question: str, day: str) -> None:
    talk(
        es,
        "agenda una reunión con Ana el martes 21 a las 10 de la mañana",
        "agenda una reunión con Bea el martes 28 a las 10 de la mañana",
        "agenda una reunión con Eva el miércoles 29 a las 10 de la mañana",
        "agenda una reunión con Rui el martes 5 de mayo a las 10 de la mañana",
    )
    assert len(meetings_of(es)) == 4
    reply = es.chat(question)["reply"]
    assert day in reply, reply
    people = [name for name in ("Ana", "Bea", "Eva", "Rui") if f"con {name}" in reply]
    assert len(people) == 1, reply


# -- finding 15: a bare 1–6 said at night offers the morning and the afternoon --------------------
TUESDAY_NIGHT = datetime(2026, 4, 14, 21, 50, tzinfo=LIMA)


@pytest.mark.parametrize(
    ("lang", "said", "asked", "answer", "due"),
    [
        ("en", "remind me at 6 to call mum", "tomorrow at 6:00 AM or tomorrow at 6:00 PM?",
         "6am", "2026-04-15T06:00"),
        ("en", "remind me at 6 to call mum", "tomorrow at 6:00 AM or tomorrow at 6:00 PM?",
         "in the evening", "2026-04-15T18:00"),
        ("en", "remind me tomorrow at 6 to call dad",
         "tomorrow at 6:00 AM or tomorrow at 6:00 PM?", "am", "2026-04-15T06:00"),
        ("es", "recuérdame a las 6 llamar a mamá", "mañana a las 6:00 o mañana a las 18:00?",
         "de la mañana", "2026-04-15T06:00"),
        ("es", "recuérdame mañana a las 6 regar las plantas",
         "mañana a las 6:00 o mañana a las 18:00?", "de la tarde", "2026-04-15T18:00"),
    ],
)  # fmt: skip
def test_a_bare_early_hour_said_at_night_offers_both_halves(
    request: pytest.FixtureRequest, lang: str, said: str, asked: str, answer: str, due: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    with time_machine.travel(TUESDAY_NIGHT, tick=True):
        replies = talk(api, said, answer)
    assert replies[0]["pending"], replies[0]["reply"]
    assert asked in replies[0]["reply"], replies[0]["reply"]
    assert [d for _, d in reminders_of(api)] == [due], replies[1]["reply"]


@pytest.mark.parametrize(
    ("lang", "said", "due"),
    [
        ("en", "remind me tomorrow at 6pm to call dad", "2026-04-15T18:00"),  # said: no question
        ("es", "recuérdame mañana a las 6 de la mañana regar", "2026-04-15T06:00"),
    ],
)
def test_an_hour_with_its_half_said_at_night_is_not_asked(
    request: pytest.FixtureRequest, lang: str, said: str, due: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    with time_machine.travel(TUESDAY_NIGHT, tick=True):
        reply = api.chat(said)
    assert not reply["pending"], reply["reply"]
    assert [d for _, d in reminders_of(api)] == [due]


def test_a_bare_early_hour_in_the_afternoon_keeps_the_afternoon_rule(en: Api) -> None:
    en.chat("remind me tomorrow at 6 to call dad")  # 14:30: the 1–6 rule, no question
    assert [d for _, d in reminders_of(en)] == ["2026-04-15T18:00"]


# -- finding 4b: a question asked again is one language -------------------------------------------
@pytest.mark.parametrize(
    ("lang", "said", "answer", "again"),
    [
        ("en", "book a meeting with Lu on saturday at 11:30pm", "el sábado",
         "Sorry, I didn't catch that. Did you mean today at 11:30 PM or Sat 25 Apr at 11:30 PM?"),
        ("es", "agenda una reunión con Lu el sábado a las 11 y media de la noche", "saturday",
         "Perdón, no te entendí. ¿Quieres decir hoy a las 23:30 o el sábado 25 de abril a las "
         "23:30?"),
    ],
)  # fmt: skip
def test_a_question_asked_again_is_in_the_questions_language(
    request: pytest.FixtureRequest, lang: str, said: str, answer: str, again: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    with time_machine.travel(SATURDAY_NIGHT, tick=True):
        replies = talk(api, said, answer)
    assert replies[1]["reply"] == again


def test_asked_again_leads_in_the_questions_language() -> None:
    from types import SimpleNamespace
    from typing import Any

    from app.skills.base import asked_again

    def turn(asked_in: str | None, lang: str) -> Any:
        return SimpleNamespace(conversation=SimpleNamespace(state={"lang": asked_in}), lang=lang)

    assert asked_again("¿Cancelo “Meeting with Jessica”?", turn("es", "en"), yes_or_no=True) == (
        "Por favor, responde sí o no. ¿Cancelo “Meeting with Jessica”?"
    )
    # too short to tell: the language of the reply that asked it
    assert asked_again("Cancel “Reunión con Rosa”?", turn("en", "es")) == (
        "Sorry, I didn't catch that. Cancel “Reunión con Rosa”?"
    )
