"""Probe 26, finding 6: a date with a year from 2100 on ("remind me on 5 March 2301 at 9am") was
stored on this year's or next year's day (2027-03-05): the parser reads such a year as nothing.
Now the date is asked again, naming the limit; nothing is stored until a date is given."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api, reminders_of, talk


@pytest.mark.parametrize(
    ("lang", "said", "year"),
    [
        ("en", "remind me on 5 March 2301 at 9am to feed the cat", "2301"),
        ("en", "remind me on December 31 2150 at 11pm to water plants", "2150"),
        ("en", "remind me on 1/1/2200 at 7am to call Ana", "2200"),
        ("es", "recuérdame el 31 de diciembre de 2199 a las 11 de la noche pagar la luz", "2199"),
        ("es", "recuérdame el 5 de marzo del 2300 a las 9 de la mañana regar", "2300"),
    ],
)
def test_a_year_from_2100_on_is_asked_never_replaced(
    request: pytest.FixtureRequest, lang: str, said: str, year: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert reply["pending"], reply["reply"]
    assert "2099" in reply["reply"]
    assert year in reply["reply"]
    assert reminders_of(api) == []


def test_the_date_given_then_is_stored(en: Api) -> None:
    talk(en, "remind me on 5 March 2301 at 9am to feed the cat", "5 March 2027")
    assert reminders_of(en) == [("feed the cat", "2027-03-05T09:00")]


def test_a_meeting_on_a_far_day_is_asked(en: Api) -> None:
    reply = en.chat("book a meeting with Ana on February 29 2100 at 3pm")
    assert reply["pending"]
    assert reply["reply"].startswith("I can read dates up to the year 2099, not 2100")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "what do I have on 31 December 2199?"),
        ("es", "¿qué tengo el 31 de diciembre de 2150?"),
    ],
)
def test_an_agenda_question_about_a_far_day_lists_nothing_else(
    request: pytest.FixtureRequest, lang: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    api.chat("remind me tomorrow at 9am to feed the cat")
    answer = api.chat(said)
    reply = answer["reply"]
    assert "2099" in reply
    assert "feed the cat" not in reply
    assert not answer["pending"]
    assert "?" not in reply  # nothing waits for an answer (probe 27, N3)


def test_years_up_to_2099_are_read_as_before(en: Api) -> None:
    en.chat("remind me on 5 March 2099 at 9am to feed the cat")
    assert reminders_of(en) == [("feed the cat", "2099-03-05T09:00")]


# -- finding 15: "remind me in 9999999 years to check" asked "When should I remind you to in
# 9999999 years to check?", and the span stayed in the item's text --------------------------
@pytest.mark.parametrize(
    ("lang", "said", "answer", "text"),
    [
        ("en", "remind me in 9999999 years to check", "5 March 2027 at 9am", "check"),
        (
            "es",
            "recuérdame en 300 años revisar la cápsula",
            "el 5 de marzo de 2027 a las 9 de la mañana",
            "revisar la cápsula",
        ),
    ],
)
def test_a_span_past_2099_is_asked_and_left_out_of_the_text(
    request: pytest.FixtureRequest, lang: str, said: str, answer: str, text: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    asked, _ = talk(api, said, answer)
    assert asked["pending"]
    assert "2099" in asked["reply"]
    assert reminders_of(api) == [(text, "2027-03-05T09:00")]


def test_a_span_within_reach_is_read_as_before(en: Api) -> None:
    reply = en.chat("remind me in 30 days to check the tyres")["reply"]
    assert "2099" not in reply
    assert "Thu 14 May" in reply
