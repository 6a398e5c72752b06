"""Probe 33 (end users), E-M11's English half: "do you give certificates in the name of PUCP?"
was read as "what is your name?" and answered "I'm Slipway, Ruta Academy's assistant." So was
"what is the name of the Excel course?" (confidence 0.98). A name asked of something other than
the assistant is the knowledge base's question, or not ours to answer; never the assistant's
name."""

from __future__ import annotations

import json

import pytest

from app.skills.conversation import names_another
from tests.app.conftest import talk
from tests.conftest import ROOT


@pytest.mark.parametrize(
    "message",
    [
        "do you give certificates in the name of PUCP?",
        "are the certificates issued under the name of a university?",
    ],
)
def test_a_name_of_the_institutes_things_is_answered_from_the_knowledge_base(  # type: ignore[no-untyped-def]
    en, message
) -> None:
    (reply,) = talk(en, message)
    assert reply["skill"] == "knowledge", reply
    assert "certificates.md" in reply["reply"]
    assert "I'm Slipway" not in reply["reply"]


@pytest.mark.parametrize(
    "message", ["¿dan certificado a nombre de la PUCP?", "el certificado sale a nombre de la PUCP?"]
)
def test_the_same_in_spanish(es, message) -> None:  # type: ignore[no-untyped-def]
    (reply,) = talk(es, message)
    assert reply["skill"] == "knowledge", reply
    assert "certificates.md" in reply["reply"]


@pytest.mark.parametrize(
    ("api", "message"),
    [
        ("en", "what is the name of the Excel course?"),
        ("en", "what's the name of the tallest mountain in Peru?"),
        ("es", "¿cuál es el nombre del curso de Excel?"),
    ],
)
def test_a_name_of_anything_else_is_never_the_assistants(request, api, message) -> None:  # type: ignore[no-untyped-def]
    (reply,) = talk(request.getfixturevalue(api), message)
    assert reply["skill"] != "conversation", reply
    assert "Slipway" not in reply["reply"].split(".")[0], reply["reply"]


@pytest.mark.parametrize(
    ("api", "message"),
    [
        ("en", "what's your name?"),
        ("en", "what's the name of this helper"),
        ("en", "what is the name of the bot"),
        ("en", "whats the bots name"),
        ("es", "¿cómo te llamas?"),
        ("es", "¿cuál es tu nombre de verdad?"),
        ("es", "¿cuál es el nombre del asistente?"),
    ],
)
def test_the_assistants_own_name_is_still_its_own(request, api, message) -> None:  # type: ignore[no-untyped-def]
    (reply,) = talk(request.getfixturevalue(api), message)
    assert reply["skill"] == "conversation", reply
    assert "Slipway" in reply["reply"]


def test_no_line_labelled_what_is_your_name_reads_as_another_things_name() -> None:
    """The rule against the data someone else labelled: every what_is_your_name line of the
    three splits asks the assistant's name (218 lines), and lines that ask another name are
    labelled otherwise."""
    mine, others = [], []
    for split in ("train", "val", "test"):
        path = ROOT / "data" / "intents" / f"{split}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if names_another(row["text"]):
                (mine if row["intent"] == "what_is_your_name" else others).append(row["text"])
    assert mine == []
    assert others  # "what's the name of that song that goes contigo Perú" (oos), ...
