"""Phrasings from the fresh dialogues' writer, made general: a removal word inside a new
reminder's text ("remind me to drop off the kids"), a note-style opening ("recordatorio: ..."),
a range whose start has no minutes ("2-3:30pm", "from 10pm to 2:30am", "entre las 2 y las
3:30"), a day and month before a Spanish range ("el 27 de marzo de 11 de la noche a ..."), and
an answer to the assistant's time question that states a new time ("mejor a las 11 de la
noche"): it replaces the time asked about, on the day understood."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.skills.time_reader import read_time
from tests.app.conftest import Api, lima_user, reminders_of

LIMA = ZoneInfo("America/Lima")
MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")


def _local(moment: datetime | None, tz: ZoneInfo) -> str | None:
    return None if moment is None else moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


# -- the reader ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "start", "end"),
    [
        (
            "en",
            "meeting with Hector tmrw 2-3:30pm to go over my taxes",
            "05-07T14:00",
            "05-07T15:30",
        ),
        ("en", "tomorrow 10-11:30am", "05-07T10:00", "05-07T11:30"),
        ("en", "tomorrow 11-12:30pm", "05-07T11:00", "05-07T12:30"),
        ("en", "friday 2 - 3:30 pm", "05-08T14:00", "05-08T15:30"),
        ("en", "tomorrow from 2-3:30pm", "05-07T14:00", "05-07T15:30"),
        ("en", "tomorrow 2-3:30", "05-07T14:00", "05-07T15:30"),  # a bare 1–6: afternoon
        ("en", "tomorrow 14-15:30", "05-07T14:00", "05-07T15:30"),
        ("en", "tomorrow between 2 and 3:30pm", "05-07T14:00", "05-07T15:30"),  # was 3:30 pm
        ("en", "tomorrow from 10pm to 2:30am", "05-07T22:00", "05-08T02:30"),
        ("es", "mañana 2-3pm", "05-07T14:00", "05-07T15:00"),  # was 15:00 with no end
        ("es", "mañana 2-4 de la tarde", "05-07T14:00", "05-07T16:00"),  # was 16:00
        ("es", "el viernes 2-3:30 de la tarde", "05-08T14:00", "05-08T15:30"),
        ("es", "mañana 10-11:30 de la mañana", "05-07T10:00", "05-07T11:30"),
        ("es", "mañana entre las 2 y las 3:30 de la tarde", "05-07T14:00", "05-07T15:30"),
        ("es", "el viernes entre las 2 y las 3:30 de la tarde", "05-08T14:00", "05-08T15:30"),
        ("es", "el 27 de mayo de 11 de la noche a 4 de la mañana", "05-27T23:00", "05-28T04:00"),
        ("es", "el 27 de mayo de 3 a 5 de la tarde", "05-27T15:00", "05-27T17:00"),
    ],
)
def test_a_range_is_read_whatever_minutes_its_start_omits(
    lang: str, text: str, start: str, end: str
) -> None:
    reading = read_time(text, MADRID, datetime(2026, 5, 6, 12, 0, tzinfo=MADRID), lang)
    assert reading.ask is None, reading.question
    assert _local(reading.at, MADRID) == f"2026-{start}"
    assert _local(reading.end, MADRID) == f"2026-{end}"


def test_an_overnight_range_with_minutes_at_its_end_across_the_clock_change() -> None:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=NEW_YORK)
    reading = read_time("March 13 from 10pm to 2:30am", NEW_YORK, now, "en")
    assert (_local(reading.at, NEW_YORK), _local(reading.end, NEW_YORK)) == (
        "2026-03-13T22:00",
        "2026-03-14T02:30",
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "March 13 - 2:30pm"),  # a date, then a time: the 13 is not a start
        ("es", "el 27 de marzo de 2027 a las 3 de la tarde"),  # a year stays a year
    ],
)
def test_a_date_beside_a_time_is_not_a_range(lang: str, text: str) -> None:
    reading = read_time(text, NEW_YORK, datetime(2026, 3, 1, 9, 0, tzinfo=NEW_YORK), lang)
    assert reading.end is None
    assert reading.at is not None
    assert reading.at.astimezone(NEW_YORK).minute in (0, 30)


@pytest.mark.parametrize(
    ("lang", "text", "at"),
    [
        ("es", "mejor a las 11 de la noche", "2026-04-14T23:00"),
        ("es", "no, mejor a las 11 de la noche", "2026-04-14T23:00"),
        ("en", "actually, make it 11pm", "2026-04-14T23:00"),
    ],
)
def test_a_correction_word_opening_a_message_with_one_time_reads_that_time(
    lang: str, text: str, at: str
) -> None:
    reading = read_time(text, LIMA, datetime(2026, 4, 14, 18, 0, tzinfo=LIMA), lang)
    assert reading.ask is None, reading.question
    assert _local(reading.at, LIMA) == at


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "recuérdame a las 4, mejor a las 5"),
        ("es", "a las 3, no, mejor a las 4 la reunión con Diana"),
        ("en", "set a meeting with Yuki at 3, no wait, 4pm"),
        ("en", "no wait, 4pm tomorrow or friday"),
    ],
)
def test_a_correction_inside_one_message_still_asks(lang: str, text: str) -> None:
    reading = read_time(text, LIMA, datetime(2026, 4, 14, 9, 0, tzinfo=LIMA), lang)
    assert reading.at is None
    assert reading.ask == "correction"


# -- through the chat ---------------------------------------------------------------------------


@pytest.fixture
def en(app: Any, client: Any) -> Iterator[Api]:
    """A Lima user on Tuesday 14 April 2026 at 14:30."""
    api = lima_user(app, client, "ana")
    with time_machine.travel(datetime(2026, 4, 14, 14, 30, tzinfo=LIMA), tick=True):
        yield api


@pytest.fixture
def es(app: Any, client: Any) -> Iterator[Api]:
    """A Lima user writing Spanish on Tuesday 14 April 2026 at 18:00."""
    api = lima_user(app, client, "rosa", "es-PE")
    with time_machine.travel(datetime(2026, 4, 14, 18, 0, tzinfo=LIMA), tick=True):
        yield api


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("remind me to drop off the kids at school tomorrow at 9am", "drop off the kids"),
        ("remind me to cancel the dentist appointment tomorrow at 9am", "cancel the dentist"),
        ("remind me at 9am tomorrow to clear the gutters", "clear the gutters"),
        ("recuérdame cancelar la suscripción mañana a las 9 de la mañana", "cancelar la"),
        ("recuérdame quitar la ropa del cordel mañana a las 9 de la mañana", "quitar la ropa"),
        ("recuérdame borrar las fotos viejas mañana a las 9 de la mañana", "borrar las fotos"),
    ],
)
def test_a_removal_word_in_a_new_reminders_text_does_not_remove(
    en: Api, message: str, text: str
) -> None:
    reply = en.chat(message)
    assert [(t[: len(text)], due) for t, due in reminders_of(en)] == [(text, "2026-04-15T09:00")], (
        reply["reply"]
    )


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("cancel my reminder to call mom", "call mom"),
        ("delete the reminder about mom", "call mom"),
        ("please remove my reminder", "call mom"),
    ],
)
def test_removing_an_existing_reminder_still_removes(en: Api, message: str, answer: str) -> None:
    en.chat("remind me to call mom at 5pm")
    assert [t for t, _ in reminders_of(en)] == [answer]
    reply = en.chat(message)
    assert reminders_of(en) == [], reply["reply"]


def test_a_reminder_named_in_another_language_is_asked_then_removed(en: Api) -> None:
    """ "borra el recordatorio de llamar a mamá" for "call mom": its words cannot be matched
    across languages, so it is asked (it was removed on that guess; probe 47, M2), then a yes."""
    en.chat("remind me to call mom at 5pm")
    asked = en.chat("borra el recordatorio de llamar a mamá")
    assert asked["pending"] is True, asked
    assert [t for t, _ in reminders_of(en)] == ["call mom"], asked["reply"]
    done = en.chat("sí", asked["conversation_id"])
    assert reminders_of(en) == [], done["reply"]


@pytest.mark.parametrize(
    ("message", "text", "due"),
    [
        ("recordatorio: vuelo a Cusco mañana a las 6:40 de la mañana", "vuelo a Cusco", "06:40"),
        ("recordatorio para mañana a las 8 de la noche: pagar la luz", "pagar la luz", "20:00"),
        ("reminder: dentist tomorrow at 3pm", "dentist", "15:00"),
    ],
)
def test_a_note_style_opening_gives_the_reminders_text(
    en: Api, message: str, text: str, due: str
) -> None:
    reply = en.chat(message)
    assert reminders_of(en) == [(text, f"2026-04-15T{due}")], reply["reply"]
    if message.split()[0].endswith(":"):  # a note is echoed as what it says, not as an action
        assert f"“{text}”" in reply["reply"], reply["reply"]  # not "I'll remind you to dentist"


def test_a_removal_word_in_a_new_todo_or_meeting_does_not_remove(en: Api) -> None:
    en.chat("add cancel the gym membership to my to-do list")
    todos = en.get("/v1/todos").json["todos"]
    assert [t["text"] for t in todos] == ["cancel the gym membership"]
    reply = en.chat("book a meeting with Tom tomorrow at 3pm to cancel the lease")
    meetings = en.get("/v1/meetings").json["meetings"]
    assert [m["starts_at"][:16] for m in meetings] == ["2026-04-15T15:00"], reply["reply"]


@pytest.mark.parametrize(
    ("first", "answer", "due"),
    [
        # the question names only tomorrow's 0:00; the answer says another hour: today 23:00
        ("recuérdame tomar la pastilla a las 12 de la noche", "mejor a las 11 de la noche",
         "2026-04-14T23:00"),
        # a day was said: the new hour is on it
        ("recuérdame tomar la pastilla mañana a las 12 de la noche",
         "mejor a las 11 de la noche", "2026-04-15T23:00"),
        ("remind me to take my pills tomorrow at midnight", "actually make it 11pm",
         "2026-04-15T23:00"),
        # "8 AM or 8 PM?" answered with another hour: that hour, never 8 PM (its half of the day)
        ("remind me to call Ana tomorrow at 8", "at 9pm", "2026-04-15T21:00"),
        ("recuérdame llamar a Ana mañana a las 8", "mejor a las 9 de la noche",
         "2026-04-15T21:00"),
    ],
)  # fmt: skip
def test_an_answer_stating_a_new_time_replaces_the_one_asked_about(
    es: Api, first: str, answer: str, due: str
) -> None:
    asked = es.chat(first)
    assert asked.get("pending"), asked["reply"]
    reply = es.chat(answer, asked["conversation_id"])
    assert [d for _, d in reminders_of(es)] == [due], reply["reply"]


def test_an_unsure_new_hour_is_asked_on_the_day_understood(es: Api) -> None:
    asked = es.chat("recuérdame llamar a Ana mañana a las 8")
    reply = es.chat("mejor a las 9", asked["conversation_id"])
    assert reply.get("pending")
    assert reminders_of(es) == []
    assert "mañana a las 9:00" in reply["reply"]
    assert "mañana a las 21:00" in reply["reply"]
    done = es.chat("de la noche", asked["conversation_id"])
    assert [d for _, d in reminders_of(es)] == ["2026-04-15T21:00"], done["reply"]


def test_a_reminder_asked_not_to_be_given_removes_only_the_one_it_names(en: Api) -> None:
    """ "don't remind me to call mom" and "stop reminding me about ..." asked when to set a NEW
    reminder; now they remove the open reminder that shares a word with them, and nothing on a
    guess: with no such reminder nothing changes (a plain "cancel my reminder" with one
    reminder open still removes that one)."""
    en.chat("remind me to call mom tomorrow at 9am")
    en.chat("remind me to pay rent tomorrow at 10am")
    reply = en.chat("stop reminding me about the dentist")
    assert "nothing was changed" in reply["reply"]
    assert sorted(text for text, _ in reminders_of(en)) == ["call mom", "pay rent"]
    reply = en.chat("don't remind me to call mom")
    assert reply["reply"].startswith("Removed “call mom”"), reply["reply"]
    assert [text for text, _ in reminders_of(en)] == ["pay rent"]
    reply = en.chat("don’t remind me to pay the rent")  # a typographic apostrophe
    assert reminders_of(en) == [], reply["reply"]


def test_no_me_recuerdes_removes_the_spanish_reminder_it_names(es: Api) -> None:
    es.chat("recuérdame pagar la luz mañana a las 9 de la mañana")
    reply = es.chat("ya no me recuerdes lo de la tarea")
    assert "no cambié nada" in reply["reply"], reply["reply"]
    assert len(reminders_of(es)) == 1
    reply = es.chat("no me recuerdes pagar la luz")
    assert reminders_of(es) == [], reply["reply"]


def test_yes_to_an_either_or_question_asks_again(en: Api) -> None:
    """ "yes" to "8:00 AM or 8:00 PM?" took the first option: a guess stored as an answer (a
    meeting at a bare 10 is in the morning: helper 216, P44-M4)."""
    first = en.chat("schedule a meeting with Ana tomorrow at 8")
    assert " or " in first["reply"], first["reply"]
    cid = first["conversation_id"]
    again = en.chat("yes", cid)
    assert again["pending"], again["reply"]
    assert en.get("/v1/meetings").json["meetings"] == []
    en.chat("pm", cid)
    meetings = en.get("/v1/meetings").json["meetings"]
    assert [m["starts_at"][:16] for m in meetings] == ["2026-04-15T20:00"]
