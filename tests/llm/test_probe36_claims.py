"""Probe 36's O-H2 and the second half of O-L4.

O-H2: ``unverified_claim`` caught a claim of an action only when no tool was called. After a
read (list_todos, list_meetings, search_knowledge), or after one real action, "Done! I've added
…" / "¡Listo! Agendé tu reunión…" / "I added buy milk and booked your meeting" was served as
``path: llm``. A reply may now claim only the kinds of action a successful write call of the
turn performed; any other claim falls back (``unverified_claim``) and nothing half-done stays.

O-L4: a turn that fell back reported its undone calls as ``"ok": true`` with a success result in
``data.llm_tools``; they now carry ``"undone": true``.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.llm.claims import MEETING, REMINDER, TIMER, TODO, claims, unbacked
from bench.fake_openai import FakeOpenAI, Step, status, text, tool_call
from tests.app.conftest import Api
from tests.llm.test_faults import meetings, sse, tomorrow_at

MESSAGE = "add buy milk to my todo list and book a meeting with Rosa tomorrow at 3pm"
MILK = "probe36 milk"  # the LLM's own to-do text: the local path, answering after, never adds it


def _chat(api: Api, message: str, streamed: bool) -> dict[str, Any]:
    if not streamed:
        return api.chat(message)
    r = api.post("/v1/chat/stream", json={"message": message})
    assert r.status_code == 200
    events = sse(r.get_data(as_text=True))
    assert events[-1][0] == "done", events
    # what the client shows in the end is the reply: the model's text streamed before a
    # fallback was taken back (``reset``)
    kinds = [e for e, _ in events]
    last_reset = len(kinds) - 1 - kinds[::-1].index("reset") if "reset" in kinds else -1
    shown = "".join(d["text"] for e, d in events[last_reset + 1 :] if e == "delta")
    assert shown.strip() == events[-1][1]["reply"].strip(), events
    return dict(events[-1][1])


def _todos(api: Api) -> list[str]:
    return [t["text"] for t in api.get("/v1/todos").json["todos"]]


# -- the rule, on its own ------------------------------------------------------------------------

READ_TODOS = [("list_todos", True, {})]
READ_MEETINGS = [("list_meetings", True, {})]
SEARCHED = [("search_knowledge", True, {})]
ADDED = [("add_todo", True, {})]
BOOKED = [("book_meeting", True, {})]


@pytest.mark.parametrize(
    ("reply", "calls"),
    [
        # probe 36's four replies
        ("Done! I've added “buy milk” to your to-do list.", READ_TODOS),
        ("I've booked your meeting with Rosa for tomorrow at 3pm.", SEARCHED),
        ("¡Listo! Agendé tu reunión con Rosa mañana a las 3 pm.", READ_MEETINGS),
        ("Done! I added buy milk and booked your meeting with Rosa tomorrow at 3pm.", ADDED),
        # and their kin
        ("Your meeting with Rosa is booked for tomorrow at 3pm.", []),
        ("All set, your reminder to call mom is scheduled for 5pm.", []),
        ("Agregué «comprar leche» a tu lista y agendé la reunión con Rosa.", ADDED),
        ("He agendado tu reunión con Rosa para mañana.", READ_MEETINGS),
        ("Tu reunión con Rosa quedó agendada para mañana a las 3 pm.", ADDED),
        ("El recordatorio quedó guardado.", [("list_reminders", True, {})]),
        ("I've cancelled your meeting with Rosa.", BOOKED),
        ("I've moved your meeting with Rosa to 4pm.", BOOKED),
        ("I've set a reminder to call mom at 5pm.", ADDED),
        ("Your alarm has been set for 7am.", READ_TODOS),
        ("Booked “Budget” with Ana tomorrow at 3:00 PM.", READ_MEETINGS),
        ("I marked “buy milk” as done.", READ_TODOS),
        ("Your meeting is booked.", [("book_meeting", False, {})]),  # a refused call did nothing
        ("Done.", READ_TODOS),
        ("Se agendó tu reunión con Rosa para mañana.", READ_MEETINGS),
        ("Meeting booked for 3pm tomorrow.", READ_MEETINGS),
        ("Reminder set for 5pm.", ADDED),
    ],
)
def test_a_claim_no_write_of_its_kind_made_is_unbacked(
    reply: str, calls: list[tuple[str, bool, dict[str, Any]]]
) -> None:
    assert unbacked(reply, calls) is not None, claims(reply)


@pytest.mark.parametrize(
    ("reply", "calls"),
    [
        # describing what IS there claims nothing
        ("You have a meeting with Rosa at 3pm tomorrow.", READ_MEETINGS),
        ("Your meeting with Rosa is scheduled for tomorrow at 3pm.", READ_MEETINGS),
        ("Tienes una reunión con Rosa mañana a las 3 pm.", READ_MEETINGS),
        ("Tu reunión con Rosa está agendada para mañana a las 3 pm.", READ_MEETINGS),
        ("Your to-do list has 2 items: buy milk and call Rosa.", READ_TODOS),
        ("¡Listo! Aquí tienes tus pendientes: comprar leche.", READ_TODOS),
        ("Done! Here's your list: buy milk.", READ_TODOS),
        ("Your alarm is set for 7am.", [("list_reminders", True, {"kind": "alarm"})]),
        # saying what was not done, or asking
        ("Nothing was booked yet. Would you like me to book it for 3pm?", []),
        ("No he agendado nada todavía. ¿Quieres que la agende?", []),
        ("Should I add “buy milk” to your list?", READ_TODOS),
        # a claim each of whose kinds a write made
        ("Done! I added buy milk and booked your meeting with Rosa at 3pm.", ADDED + BOOKED),
        ("Added “call about the meeting” to your to-do list.", ADDED),
        ("¡Listo! Agregué «comprar leche» a tu lista de tareas.", ADDED),
        ("Booked “Budget” with Ana tomorrow at 3:00 PM.", BOOKED),
        ("Your meeting is now scheduled for 4pm.", [("move_meeting", True, {})]),
        ("I've set an alarm for 7am.", [("set_reminder", True, {"kind": "alarm"})]),
        ("Listo, te puse una alarma a las 7.", [("set_timer", True, {})]),
        ("Quedó guardado el recordatorio para llamar a mamá.", [("set_reminder", True, {})]),
        ("Cancelé tu reunión con Rosa.", [("cancel_meeting", True, {})]),
        ("I marked “buy milk” done and removed it from your list.", [("complete_todo", True, {})]),
        ("Done.", [("set_timer", True, {})]),
        ("Se agregó «comprar leche» a tu lista.", ADDED),
        ("Reminder set for 5pm.", [("set_reminder", True, {})]),
        ("¡Listo! Agendé todo para mañana con Rosa.", BOOKED),  # "todo": all, not a to-do
        ("I've added it to your todo list.", ADDED),
        # not an item the tools keep, or not done
        ("Your account was created without a name.", []),
        ("Tampoco guardé un presupuesto.", []),
    ],
)
def test_a_description_or_a_backed_claim_is_believed(
    reply: str, calls: list[tuple[str, bool, dict[str, Any]]]
) -> None:
    assert unbacked(reply, calls) is None, claims(reply)


def test_a_claim_names_its_kind() -> None:
    kinds = {c.kind for c in claims("I added milk to your to-do list and booked the meeting.")}
    assert kinds == {TODO, MEETING}
    kinds = {c.kind for c in claims("Programé un recordatorio y una alarma para las 7.")}
    assert kinds == {REMINDER}
    assert {c.kind for c in claims("I've started a timer for 10 minutes.")} == {TIMER}


# -- through the API: both endpoints, nothing half-done ---------------------------------------


def _badtools(*calls: Step, final: str) -> list[Step]:
    return [*calls, text(final)]


CASES = [
    (
        [tool_call("list_todos", {})],
        "Done! I've added “buy milk” to your to-do list.",
    ),
    (
        [tool_call("search_knowledge", {"question": "fees"})],
        "I've booked your meeting with Rosa for tomorrow at 3pm.",
    ),
    (
        [tool_call("list_meetings", {})],
        "¡Listo! Agendé tu reunión con Rosa mañana a las 3 pm.",
    ),
    (
        [tool_call("add_todo", {"text": MILK})],
        "Done! I added buy milk and booked your meeting with Rosa tomorrow at 3pm.",
    ),
]


@pytest.mark.parametrize("streamed", [False, True], ids=["chat", "stream"])
@pytest.mark.parametrize(("calls", "final"), CASES, ids=["todos", "search", "es", "half"])
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_false_claim_after_other_calls_falls_back(
    app: Any, api: Api, fake: FakeOpenAI, calls: list[Step], final: str, streamed: bool
) -> None:
    fake.script(*_badtools(*calls, final=final))
    reply = _chat(api, MESSAGE, streamed)
    assert reply["path"] == "fallback", reply
    assert reply["data"]["fallback_reason"] == "unverified_claim"
    assert final not in reply["reply"]
    assert MILK not in _todos(api)  # the real add_todo of the half-done turn was undone
    assert meetings(app, "Meeting with Rosa") == 0 or reply["skill"] == "scheduling"
    tried = reply["data"]["llm_tools"]
    assert [t["name"] for t in tried] == [c.tool_calls[0][0] for c in calls]


@pytest.mark.parametrize("streamed", [False, True], ids=["chat", "stream"])
@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_what_is_on_the_list_and_a_true_claim_are_served(
    app: Any, api: Api, fake: FakeOpenAI, streamed: bool
) -> None:
    api.post("/v1/meetings", json={"title": "Meeting with Rosa", "starts_at": tomorrow_at(15)})
    for said in (
        "You have a meeting with Rosa tomorrow at 3pm.",
        "Tu reunión con Rosa está agendada para mañana a las 3 pm.",
    ):
        fake.script(tool_call("list_meetings", {}), text(said))
        reply = _chat(api, "what meetings do I have tomorrow afternoon with Rosa?", streamed)
        assert (reply["path"], reply["reply"]) == ("llm", said)
    fake.script(
        tool_call("add_todo", {"text": MILK}),
        tool_call("book_meeting", {"title": "Budget", "starts_at": tomorrow_at(11)}),
        text("Done! I added buy milk and booked your meeting with Rosa tomorrow at 11am."),
    )
    reply = _chat(api, MESSAGE, streamed)
    assert reply["path"] == "llm", reply
    assert MILK in _todos(api)
    assert meetings(app, "Budget") == 1


# -- O-L4: llm_tools says which calls were undone ---------------------------------------------


@pytest.mark.parametrize("streamed", [False, True], ids=["chat", "stream"])
@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_the_calls_of_a_turn_that_fell_back_are_marked_undone(
    app: Any, api: Api, fake: FakeOpenAI, streamed: bool
) -> None:
    # a timeout after a write and a read: the write was undone, the read had nothing to undo
    fake.script(tool_call("add_todo", {"text": MILK}), tool_call("list_todos", {}))
    fake.default = status(500)
    try:
        reply = _chat(api, "please add buy milk to my list of things to do today", streamed)
    finally:
        fake.default = None
    assert reply["path"] == "fallback", reply
    assert reply["data"]["fallback_reason"] == "server_error"
    added, listed = reply["data"]["llm_tools"]
    assert (added["name"], added["ok"], added.get("undone")) == ("add_todo", True, True)
    assert (listed["name"], listed["ok"], "undone" in listed) == ("list_todos", True, False)
    assert MILK not in _todos(api)

    # a failed call after a successful one: the successful one is undone, the failed one is not
    fake.script(
        tool_call("add_todo", {"text": MILK}),
        tool_call("set_reminder", {"text": "call mom", "due_at": "2001-01-01T10:00:00Z"}),
        text("Done! Added and reminded."),
    )
    reply = _chat(api, "please add buy milk to my list and remind me to call mom", streamed)
    assert reply["data"]["fallback_reason"] == "tool_failed", reply
    added, refused = reply["data"]["llm_tools"]
    assert added["undone"] is True
    assert (refused["ok"], "undone" in refused) == (False, False)
    assert MILK not in _todos(api)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_served_turn_has_no_undone_call(app: Any, api: Api, fake: FakeOpenAI) -> None:
    fake.script(tool_call("add_todo", {"text": MILK}), text(f"Added “{MILK}” to your to-do list."))
    reply = api.chat("please add buy milk to my list of things to do today")
    assert reply["path"] == "llm", reply
    assert all("undone" not in t for t in reply["data"]["tools"])
    assert MILK in _todos(api)
