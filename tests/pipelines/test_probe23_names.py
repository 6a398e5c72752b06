"""Probe 23, M8b: `slipway data import-feedback` exported messages naming other people with
their full names ("agenda una reunión con Luis Mamani Huamán el jueves a las 4pm") into
data/intents/train.jsonl, a dataset that is versioned, pushed and trained on.

Now each person's name leaves as a stand-in from a fixed list (the sentence keeps its shape),
the same on every import; a capitalised word that may be a name the reader cannot place holds
the message back; courses, places, weekdays and months stay as they are."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.skills import slots
from pipelines.pseudonyms import FIRST_NAMES, GIVEN_NAMES, SURNAMES, Pseudonymizer
from tests.app.conftest import (  # noqa: F401  (the app's fixtures, for a real database)
    Api,
    app,
    app_settings,
    client,
    database_url,
    make_user,
    pg,
    pg_template,
    shared_database,
    sqlite_copy,
    sqlite_scratch,
    sqlite_template,
)
from tests.conftest import ROOT

PROBE = [
    ("agenda una reunión con Luis Mamani Huamán el jueves a las 4pm", "schedule_meeting"),
    ("recuérdame llamar a Rosa Quispe Condori mañana a las 9", "reminder"),
]
ENGLISH = [
    ("schedule a meeting with John Smith on Friday at 10am", "schedule_meeting"),
    ("remind me to call Mike tomorrow at 5pm", "reminder"),
]
NO_NAME = ("quiero aprender Power BI y Excel en Lima", "learning_path")
REAL = {"Luis", "Mamani", "Huamán", "Rosa", "Quispe", "Condori", "John", "Smith", "Mike"}


def _words(text: str) -> set[str]:
    return {slots.fold(w) for w in re.findall(r"[^\W\d_]+", text)}


# -- the reader ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("agenda una reunión con Luis Mamani Huamán el jueves a las 4pm", "Luis Mamani Huamán"),
        ("recuérdame llamar a Rosa Quispe Condori mañana a las 9", "Rosa Quispe Condori"),
        ("lunch with John Smith tomorrow at 1", "John Smith"),
        ("reunión con María José Pérez Quispe el lunes", "María José Pérez Quispe"),
        ("llamar a Rosa", "Rosa"),
        ("call Mike at 5", "Mike"),
        ("dile a Pedro que llego tarde", "Pedro"),
        ("quedé con la profesora Yupanqui el martes", "Yupanqui"),
    ],
)
def test_the_assistant_reads_who_a_message_names(text: str, who: str) -> None:
    assert who in [text[s.start : s.end] for s in slots.people(text)]


@pytest.mark.parametrize(
    "text",
    ["help me with Excel formulas", "practicar con Power BI", "voy a Lima", "tell me a joke"],
)
def test_no_person_is_read_where_there_is_none(text: str) -> None:
    assert [text[s.start : s.end] for s in slots.people(text) if s.value.lower() != "me"] == []


# -- the stand-ins -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "real"),
    [
        (*PROBE[0][:1], "es", "Luis Mamani Huamán"),
        (*PROBE[1][:1], "es", "Rosa Quispe Condori"),
        ("reunión con María José Pérez Quispe el lunes", "es", "María José Pérez Quispe"),
        (ENGLISH[0][0], "en", "John Smith"),
        (ENGLISH[1][0], "en", "Mike"),
        ("remind me to call rosa quispe tomorrow", "en", "rosa quispe"),
    ],
)
def test_a_name_becomes_a_stand_in_of_its_shape(
    names: Pseudonymizer, text: str, lang: str, real: str
) -> None:
    said = names(text, lang)
    assert not said.unsure
    assert said.names == 1
    start = text.index(real)
    stand_in = said.text[start : len(said.text) - (len(text) - start - len(real))]
    assert said.text.replace(stand_in, real) == text  # only the name changed
    assert len(stand_in.split()) == len(real.split())  # "Ana Torres Rojas" for three words
    assert not _words(stand_in) & _words(real)  # never the same name
    known = {slots.fold(n) for n in (*SURNAMES[lang], *GIVEN_NAMES[lang]["f"])}
    known |= {slots.fold(n) for n in GIVEN_NAMES[lang]["m"]}
    assert _words(stand_in) <= known  # from the fixed lists
    assert names(text, lang) == said  # the same line on every import


def test_a_stand_in_is_no_word_of_the_message_nor_of_its_author(names: Pseudonymizer) -> None:
    for text in ("reunión con Ana y Luis el lunes", "with Emma and John on Friday"):
        said = names(text, "es" if "reunión" in text else "en", avoid={"carmen.rojas"})
        assert said.names == 2
        new = _words(said.text) - _words(text)
        assert len(new) == 2  # two people, two stand-ins
        assert not new & {"carmen", "rojas"}


@pytest.mark.parametrize(
    "text",
    [
        "quiero aprender Power BI y Excel en Lima",
        "what time is it in Lima right now",
        "add my Excel class on Monday in March",
        "¿tengo algo el viernes 3 de Mayo?",
        "meeting on Friday in June about the Power BI report",
        "¿qué hora es en Buenos Aires?",
        "vivo en San Isidro",
        "set a timer for 10 minutes",
    ],
)
def test_courses_places_and_calendar_words_stay(names: Pseudonymizer, text: str) -> None:
    said = names(text, "es")
    assert (said.text, said.names, said.unsure) == (text, 0, False)


@pytest.mark.parametrize(
    "text",
    [
        "recuérdame mandar el informe a Mamani el jueves",  # a surname the reader cannot bound
        "Quispe Condori dijo que vendría",
        "whens my meeting w diego",  # a lowercase first name the reader cannot bound
    ],
)
def test_a_word_that_may_be_a_name_holds_the_message_back(names: Pseudonymizer, text: str) -> None:
    assert names(text, "es").unsure


# -- the export ----------------------------------------------------------------------------------
def _data(tmp_path: Path) -> Path:
    """A data/ with a few intent lines of no one's name and the course catalog."""
    data = tmp_path / "data"
    (data / "intents").mkdir(parents=True)
    lines = [
        {"text": "set a timer for 10 minutes", "intent": "timer", "lang": "en"},
        {"text": "pon una alarma a las 6", "intent": "alarm", "lang": "es"},
    ]
    (data / "intents" / "train.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8"
    )
    (data / "pathways").mkdir()
    for name in ("courses.csv", "demand.csv"):
        shutil.copy(ROOT / "data" / "pathways" / name, data / "pathways" / name)
    return data


def _rate(api: Api, text: str, intent: str) -> None:
    turn = api.chat(text)
    r = api.post(
        "/v1/feedback",
        json={"message_id": turn["message_id"], "rating": "down", "corrected_intent": intent},
    )
    assert r.status_code == 201, r.json


def test_the_probes_messages_leave_with_stand_ins_and_a_rerun_adds_nothing(
    app: Any,  # noqa: F811
    client: Any,  # noqa: F811
    database_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    from pipelines.feedback_export import export_feedback

    token, user_id = make_user(app, "dsprobe", "America/Lima")
    api = Api(client, token, user_id, "dsprobe")
    rated = [*PROBE, *ENGLISH, NO_NAME, ("what's the baggage allowance on JetSMART", "oos")]
    for text, intent in rated:
        _rate(api, text, intent)
    data = _data(tmp_path)
    before = (data / "intents" / "train.jsonl").read_text(encoding="utf-8")

    result = export_feedback(database_url, data)

    lines = [json.loads(line) for line in before.splitlines()]
    written = (data / "intents" / "train.jsonl").read_text(encoding="utf-8")
    exported = [json.loads(line) for line in written.splitlines()][len(lines) :]
    assert [(r["intent"], r["lang"]) for r in exported] == [
        ("schedule_meeting", "es"),
        ("reminder", "es"),
        ("schedule_meeting", "en"),
        ("reminder", "en"),
        ("learning_path", "es"),
    ]
    shapes = [
        r"agenda una reunión con \w+ \w+ \w+ el jueves a las 4pm",
        r"recuérdame llamar a \w+ \w+ \w+ mañana a las 9",
        r"schedule a meeting with \w+ \w+ on Friday at 10am",
        r"remind me to call \w+ tomorrow at 5pm",
    ]
    for row, shape in zip(exported, shapes, strict=False):
        assert re.fullmatch(shape, row["text"]), row["text"]
    assert exported[4]["text"] == NO_NAME[0]  # no name: unchanged
    # no part of a real name anywhere in data/
    everything = " ".join(p.read_text(encoding="utf-8") for p in data.rglob("*") if p.is_file())
    assert not _words(everything) & {slots.fold(w) for w in REAL}
    assert (result.pseudonymized, result.skipped_names) == (4, 1)  # "JetSMART" held back
    summary = result.summary()
    assert "1 with a word that may be a person's name" in summary
    assert "4 exported message(s) had people's names replaced by stand-ins" in summary
    assert not _words(summary) & {slots.fold(w) for w in REAL}

    again = export_feedback(database_url, data)

    assert again.examples == []
    assert again.skipped_known == 5
    assert again.disagreements == []
    assert (data / "intents" / "train.jsonl").read_text(encoding="utf-8") == written


def test_the_first_names_are_no_course_place_or_calendar_word() -> None:
    from pipelines.pseudonyms import catalog_words

    calendar = set(slots.WEEKDAYS) | set(slots._MONTHS)
    assert not FIRST_NAMES & (calendar | catalog_words(ROOT / "data"))


class _Session:
    """The rows `_chat_examples` reads: each message rated up, as the ``intent`` its reply had."""

    def __init__(self, rated: list[tuple[str, str]]) -> None:
        from types import SimpleNamespace as Ns

        self.rows = [
            (
                Ns(corrected_intent=None, rating="up"),
                Ns(intent=intent, conversation_id=1, id=2 * i + 2),
                Ns(name="dsprobe", locale="es"),
            )
            for i, (_, intent) in enumerate(rated)
        ]
        self.asked = iter(Ns(text=text) for text, _ in rated)

    def execute(self, query: Any) -> Any:
        return self.rows

    def scalar(self, query: Any) -> Any:
        return next(self.asked)

    def get(self, table: Any, key: Any) -> Any:
        from types import SimpleNamespace as Ns

        return Ns(state={"lang": "es"})


def test_data_is_compared_with_the_stand_ins(names: Pseudonymizer, params: Any) -> None:
    """A line already in data/ (as exported before, with its stand-ins) is known; rated with
    another label it is listed for review with its stand-ins, never the real name."""
    from pipelines.data import leak_key
    from pipelines.feedback_export import ExportResult, Known, _chat_examples

    text = PROBE[0][0]
    exported = names(text, "es", avoid={"dsprobe"}).text
    known = {leak_key(exported): Known("schedule_meeting", "data/intents/train.jsonl:7")}
    result = ExportResult()
    rated = [(text, "schedule_meeting"), (text, "calendar")]
    rows = list(_chat_examples(_Session(rated), None, known, set(params.intents), result, names))
    assert rows == []
    assert result.skipped_known == 1
    assert [(t, label) for t, label, _ in result.disagreements] == [(exported, "calendar")]
    assert "Mamani" not in result.summary()
    assert exported in result.summary()
