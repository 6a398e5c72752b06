"""Probe 40, U-M7: "what did I tell you earlier about grandma?", "¿qué te dije hace rato sobre
mi hijo?", "what was the first thing I asked you?" were refused as out of scope, or answered
with the agenda, while the history is kept. They are answered from the user's own messages."""

from __future__ import annotations

from typing import Any

import pytest

from app.skills.recall import recall_asked
from tests.app.conftest import Api


def _talk(api: Api, *messages: str) -> tuple[int, dict[str, Any]]:
    first = api.chat(messages[0])
    cid = first["conversation_id"]
    last = first
    for message in messages[1:]:
        last = api.chat(message, cid)
    return cid, last


def test_what_i_said_about_a_topic_in_english(en: Api) -> None:
    cid, _ = _talk(
        en,
        "remind me to call grandma tomorrow at 5pm",
        "what time is it",
        "my grandma's birthday is on friday, add a to-do to buy her flowers",
    )
    r = en.chat("what did I tell you earlier about grandma?", cid)
    assert r["skill"] == "conversation"
    assert r["lang"] == "en"
    assert r["reply"].startswith("What you told me about “grandma” in this conversation:")
    assert r["data"]["recalled"] == [
        "remind me to call grandma tomorrow at 5pm",
        "my grandma's birthday is on friday, add a to-do to buy her flowers",
    ]
    assert "what time is it" not in r["reply"]
    nothing = en.chat("what did I say about the dentist?", cid)
    assert nothing["reply"] == "I found nothing you said about “the dentist” in this conversation."


def test_what_i_said_about_a_topic_in_spanish(es: Api) -> None:
    cid, _ = _talk(
        es,
        "mi hijo tiene partido el sabado a las 10",
        "recuerdame comprar pan mañana a las 8 de la mañana",
    )
    r = es.chat("que te dije hace rato sobre mi hijo?", cid)
    assert r["skill"] == "conversation"
    assert r["lang"] == "es"
    assert r["reply"].startswith("Lo que me dijiste sobre “mi hijo” en esta conversación:")
    assert r["data"]["recalled"] == ["mi hijo tiene partido el sabado a las 10"]
    again = es.chat("¿te acuerdas de lo que te dije sobre el pan?", cid)
    assert again["data"]["recalled"] == ["recuerdame comprar pan mañana a las 8 de la mañana"]


def test_the_first_and_the_last_thing_said(en: Api, es: Api) -> None:
    cid, _ = _talk(en, "hi", "add milk to my list", "what's on my list")
    first = en.chat("what was the first thing I asked you?", cid)
    assert first["data"]["recalled"] == ["hi"]
    assert first["reply"].startswith("The first thing you told me in this conversation (")
    last = en.chat("what did I just say?", cid)
    assert last["data"]["recalled"] == ["what was the first thing I asked you?"]

    cid, _ = _talk(es, "hola", "anota comprar tóner")
    primero = es.chat("que fue lo primero que te pregunte?", cid)
    assert primero["data"]["recalled"] == ["hola"]
    assert primero["lang"] == "es"


def test_today_reads_every_conversation_of_the_day_and_only_the_users(en: Api, es: Api) -> None:
    en.chat("add call the plumber to my list")  # a conversation of its own
    es.chat("anota llamar al gasfitero")  # another user's: never shown
    r = en.chat("what did I ask you today?")
    assert r["data"]["recalled"] == ["add call the plumber to my list"]
    assert r["reply"].startswith("What you told me today (the latest):")
    fresh = en.chat("what was the first thing I asked you?")  # a new conversation: today's
    assert fresh["data"]["recalled"] == ["add call the plumber to my list"]


def test_nothing_said_yet(es: Api) -> None:
    r = es.chat("que te dije ayer?")
    assert (r["reply"], r["data"]["recalled"]) == ("Ayer no me dijiste nada.", [])
    r = es.chat("que te dije sobre el perro?")
    assert r["reply"] == "No encontré nada que me dijeras sobre “el perro” hoy."


@pytest.mark.parametrize(
    "text",
    [
        "what did I tell you to do?",  # a task, not the history
        "what did I book for friday?",
        "what's on my list",
        "remind me what time the meeting is",
        "que tengo mañana",
        "qué te parece el curso de excel",
    ],
)
def test_other_questions_are_not_recall(text: str) -> None:
    assert recall_asked(text) is None
