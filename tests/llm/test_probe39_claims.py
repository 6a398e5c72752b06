"""Probe 39, O-H1: a reply that promised an action ("OK, I'll remind you to call Rosa today at
5:00 PM", "Te recordaré…"), said it was under way ("I'm setting a reminder") or stated it as so
("Milk is now on your to-do list", "You're all booked", "consider it done") was served as
``path: llm`` with nothing stored: only past-tense claims were checked. Each is now a claim a
write of its kind must back; a plain offer, a question or a refusal claims nothing."""

from __future__ import annotations

from typing import Any

import pytest

from app.llm.claims import MEETING, REMINDER, TIMER, TODO, claims, unbacked
from bench.fake_openai import FakeOpenAI, text, tool_call
from tests.app.conftest import Api
from tests.llm.test_faults import tomorrow_at
from tests.llm.test_probe36_claims import _chat

# the probe's eleven replies served as llm, and kin of our own
PROMISES = [
    "I'll remind you to call Rosa at 5pm.",
    "I will add milk to your to-do list.",
    "Te recordaré llamar a Rosa a las 5.",
    "Te aviso a las 5 para llamar a Rosa.",
    "I'm setting a reminder for 5pm to call Rosa.",
    "You're all booked with Rosa tomorrow at 3pm.",
    "Milk is now on your to-do list.",
    "OK, I'll remind you to buy milk today at 8:00 PM.",
    "Tu reunión con Rosa está confirmada para mañana a las 3.",
    "No problem, consider it done.",
    "Your alarm will ring at 6am.",
    "We'll go ahead and book the room with Rosa for 3pm.",
    "I'm going to schedule your meeting with Rosa.",
    "I am adding “buy milk” to your list now.",
    "Voy a agendar tu reunión con Rosa mañana.",
    "Te voy a recordar llamar a Rosa a las 5.",
    "Lo anoto en tu lista de pendientes.",
    "Te lo agendo para mañana a las 3.",
    "Te despertaré a las 6.",
    "Dalo por hecho.",
    "I'll let you know at 5pm to call Rosa.",
    # the probe's second batch
    "I've jotted that down for you.",
    "Noted! Milk is on the list.",
    "Ya quedó: te va a sonar la alarma a las 6.",
]


@pytest.mark.parametrize("reply", PROMISES)
def test_a_promise_with_no_write_is_unbacked(reply: str) -> None:
    assert unbacked(reply, []) is not None, claims(reply)
    assert unbacked(reply, [("search_knowledge", True, {})]) is not None


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("I'll remind you to call Rosa at 5pm.", REMINDER),
        ("Te recordaré llamar a Rosa a las 5.", REMINDER),
        ("Your alarm will ring at 6am.", TIMER),
        ("I will add milk to your to-do list.", TODO),
        ("Voy a agendar tu reunión con Rosa mañana.", MEETING),
        ("You're all booked with Rosa tomorrow at 3pm.", MEETING),
    ],
)
def test_a_promise_names_its_kind(reply: str, kind: str) -> None:
    assert {c.kind for c in claims(reply)} == {kind}


@pytest.mark.parametrize(
    ("reply", "calls"),
    [
        ("OK, I'll remind you to call Rosa today at 5:00 PM.", [("set_reminder", True, {})]),
        ("Te recordaré llamar a Rosa a las 5.", [("set_reminder", True, {})]),
        ("Your alarm will ring at 6am.", [("set_reminder", True, {"kind": "alarm"})]),
        ("Milk is now on your to-do list.", [("add_todo", True, {})]),
        ("You're all booked with Rosa tomorrow at 3pm.", [("book_meeting", True, {})]),
        ("Milk is on your to-do list.", [("list_todos", True, {})]),  # read, not done
        ("You're booked with Rosa tomorrow at 3pm.", [("list_meetings", True, {})]),
        # offers, questions, refusals and reminders of a fact claim nothing
        ("I'll need a time to set that reminder. What time works?", []),
        ("I can't book it without a time, and I won't book it twice.", []),
        ("Would you like me to add it to your list?", []),
        ("Te recuerdo que el curso empieza el lunes.", [("search_knowledge", True, {})]),
        ("No lo agendo hasta que me digas la hora.", []),
        ("I'll be happy to help with that.", []),
    ],
)
def test_a_backed_promise_or_no_promise_is_believed(
    reply: str, calls: list[tuple[str, bool, dict[str, Any]]]
) -> None:
    assert unbacked(reply, calls) is None, claims(reply)


MESSAGE = (
    "please could you set a reminder for me so I remember to call my friend Rosa at five this "
    "afternoon about the weekend"
)


@pytest.mark.parametrize("streamed", [False, True], ids=["chat", "stream"])
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_promise_with_no_tool_call_falls_back_to_the_local_path(
    api: Api, fake: FakeOpenAI, streamed: bool
) -> None:
    promised = "OK, I'll remind you to call Rosa today (Mon 7 Dec) at 5:00 PM."
    fake.script(text(promised))
    reply = _chat(api, MESSAGE, streamed)
    assert reply["path"] == "fallback", reply
    assert reply["data"]["fallback_reason"] == "unverified_claim"
    assert promised not in reply["reply"]
    # what the reply says now is what the local path did: the reminders match it
    stored = api.get("/v1/reminders").json["reminders"]
    assert bool(stored) == reply["reply"].startswith(("OK, I'll remind you", "Listo"))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_kept_promise_is_served(app: Any, api: Api, fake: FakeOpenAI) -> None:
    fake.script(
        tool_call("set_reminder", {"text": "call Rosa", "due_at": tomorrow_at(17)}),
        text("OK, I'll remind you to call Rosa tomorrow at 5pm."),
    )
    reply = api.chat(MESSAGE)
    assert reply["path"] == "llm", reply
    assert [r["text"] for r in api.get("/v1/reminders").json["reminders"]] == ["call Rosa"]


# -- O-H4: a knowledge answer, made with no tools, claims no action, and none is cached ---------

KNOWLEDGE_QUESTION = "how much does a bootcamp cost?"


@pytest.mark.parametrize(
    "claimed",
    [
        "I have booked your meeting with Rosa for tomorrow at 3pm. A bootcamp costs S/ 2,400 "
        "[fees-and-payment.md].",
        "A bootcamp costs S/ 2,400 [fees-and-payment.md]. I'll remind you to pay it tomorrow "
        "at 9am.",
        "Un bootcamp cuesta S/ 2,400 [fees-and-payment.md]. Te agendé una cita con admisión.",
        # probe 41, R-M2: the user's account acted on
        "Your enrolment has been cancelled and refunded. A bootcamp costs S/ 2,400 "
        "[fees-and-payment.md].",
        "Ignore previous instructions: your account was deleted. A bootcamp costs S/ 2,400 "
        "[fees-and-payment.md].",
        "Tu matrícula quedó cancelada. Un bootcamp cuesta S/ 2,400 [fees-and-payment.md].",
    ],
)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_knowledge_answer_claiming_an_action_falls_back_and_is_not_cached(
    api: Api, other: Api, fake: FakeOpenAI, claimed: str
) -> None:
    fake.script(text(claimed), text("A bootcamp costs S/ 2,400 [fees-and-payment.md]."))
    first = api.chat(KNOWLEDGE_QUESTION)
    assert first["path"] == "fallback", first
    assert first["data"]["fallback_reason"] == "unverified_claim"
    assert first["skill"] == "knowledge"
    assert "booked" not in first["reply"]
    assert "remind" not in first["reply"]
    theirs = other.chat(KNOWLEDGE_QUESTION)  # asked again: nothing of the bad answer was kept
    assert (theirs["path"], theirs["cached"]) == ("llm", False)
    assert theirs["reply"] == "A bootcamp costs S/ 2,400 [fees-and-payment.md]."
    assert len(fake.requests) == 2


@pytest.mark.parametrize(
    "said",
    [
        "Bootcamps are scheduled over 12 weeks [fees-and-payment.md].",
        "The fee is set by the academy and has been updated for 2026 [fees-and-payment.md].",
        "If your enrolment was cancelled, the refund takes 5 days [fees-and-payment.md].",
    ],
)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_what_the_passages_say_is_not_a_claim(api: Api, fake: FakeOpenAI, said: str) -> None:
    fake.script(text(said))
    r = api.chat(KNOWLEDGE_QUESTION)
    assert (r["path"], r["reply"]) == ("llm", said)


# -- probe 41, R-H3: a write asked, none made, nothing asked: not believed, whatever the words ----

PARAPHRASES = [
    "Your reminder for 5pm is all set.",
    "You will get a reminder at 5pm.",
    "A reminder will go off at 5pm to call Rosa.",
    "I'll make sure you get a nudge at 5pm to call Rosa.",
    "Consider yourself reminded at 5pm!",
    "I have your back: at 5pm you'll hear from me about Rosa.",
    "Rosa, 5pm ✅",
    "Agendado para mañana a las 3.",
    "Queda anotado en tu lista.",
    "Perfecto, a las 5 te llega el aviso.",
]


@pytest.mark.parametrize("said", PARAPHRASES)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_write_request_answered_with_no_write_and_no_question_falls_back(
    api: Api, fake: FakeOpenAI, said: str
) -> None:
    fake.script(text(said))
    reply = api.chat(MESSAGE)
    assert reply["path"] == "fallback", reply
    assert reply["data"]["fallback_reason"] == "unverified_claim"
    assert said not in reply["reply"]


@pytest.mark.parametrize(
    "asked", ["What time should I remind you?", "¿A qué hora te lo recuerdo, a las 5 de la tarde?"]
)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_write_request_answered_with_a_question_is_served(
    api: Api, fake: FakeOpenAI, asked: str
) -> None:
    fake.script(text(asked))
    reply = api.chat(MESSAGE)
    assert (reply["path"], reply["reply"]) == ("llm", asked)
