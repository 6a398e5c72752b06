"""Fullwidth letters and digits are read as the ASCII they stand for (probe 35, P-L9): "ｒｅｍｉｎｄ
ｍｅ …" asked what to remind. The history keeps the message as typed; Spanish's ordinal
indicators ("1º", "2ª"), which Unicode's compatibility form would turn into letters, are kept."""

from __future__ import annotations

from typing import Any

import pytest

from app.texting import plain_width
from tests.app.conftest import Api, talk


def test_plain_width_folds_fullwidth_forms_only() -> None:
    assert plain_width("ｒｅｍｉｎｄ　ｍｅ ａｔ ５ｐｍ！") == "remind me at 5pm!"
    assert plain_width("ＲＥＣＵÉＲＤＡＭＥ") == "RECUÉRDAME"
    for kept in ("el 1º de mayo", "la 2ª reunión", "café ½ hora", "ﬁle", "x²"):
        assert plain_width(kept) == kept


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("ｒｅｍｉｎｄ ｍｅ ｔｏ ｃａｌｌ ｍｏｍ ｔｏｍｏｒｒｏｗ ａｔ ５ｐｍ", "call mom"),
        (
            "ｒｅｃｕéｒｄａｍｅ　ｌｌａｍａｒ ａ ｍａｍá "
            "ｍａñａｎａ ａ ｌａｓ ５ ｄｅ ｌａ ｔａｒｄｅ",
            "llamar a mamá",
        ),
    ],
)
@pytest.mark.usefixtures("daytime")  # "tomorrow" is asked about in Lima's small hours
def test_a_fullwidth_request_is_understood_and_kept_as_typed(
    app: Any, api: Api, message: str, text: str
) -> None:
    (reply,) = talk(api, message)
    reminders = api.get("/v1/reminders").json["reminders"]
    assert [r["text"] for r in reminders] == [text], reply["reply"]
    assert reminders[0]["due_at"][11:16] == "17:00"
    history = api.get(f"/v1/conversations/{reply['conversation_id']}").json["messages"]
    assert history[0]["text"] == message  # the history keeps what was typed
