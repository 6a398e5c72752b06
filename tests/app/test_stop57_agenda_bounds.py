"""A period's agenda lists the undated to-dos after it (helper 227, P45-M12): its data keeps the
first ``KEPT`` of them and their count, as every list does, never all of them (every agenda turn
carried and stored each open to-do: the bench's workers grew 14-17 MiB in a minute of load)."""

from __future__ import annotations

from app.skills.scheduling import KEPT, LISTED
from tests.app.conftest import Api


def test_an_agenda_keeps_a_bounded_list_of_undated_todos(en: Api) -> None:
    for n in range(KEPT + 12):
        assert en.post("/v1/todos", json={"text": f"errand {n}"}).status_code == 201
    for question in ("what do I have tomorrow?", "what's on this week?"):
        reply = en.chat(question)
        assert reply["data"]["undated_total"] == KEPT + 12, reply
        assert len(reply["data"]["undated"]) == KEPT, reply
        assert sum(line.startswith("• errand") for line in reply["reply"].splitlines()) == LISTED
        assert "and 52 more" in reply["reply"], reply["reply"]
