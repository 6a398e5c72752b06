"""What the thirty-eighth probe of Peruvian end users found in the job-seeker dialogue (High:
J-H1..J-H8): facts about another person ("mi esposo vive en Cusco", "my brother can study 30
hours") were stored as the learner's own; a budget said while "how many days a week?" waited
was read as the days; of two amounts in one budget statement the first was stored; a price per
course was stored as the whole budget; "también quiero ser X" replaced the goal; "no leo
español" stored English; "mi inglés es básico" kept English among the languages read; and
"todos los días menos el domingo" was read as seven days."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, profile_of, set_profile, skills_of

#: The learner's own profile before each message about someone else
OWN = {"region": "Arequipa", "budget_pen": 600, "hours_per_week": 5, "goal_role": "cook"}

SOMEONE_ELSE = (
    "I did not store anything: that is about someone else",
    "No guardé nada: eso es sobre otra persona",
)


def _says(reply: dict[str, Any], words: tuple[str, ...]) -> bool:
    return any(w in reply["reply"] for w in words)


def _own(api: Api) -> dict[str, Any]:
    profile = profile_of(api)
    return {k: profile[k] for k in OWN}


# -- J-H1: another person's facts are never the learner's ----------------------------------------
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # as reported
        ("es", "mi esposo vive en Cusco"),
        ("es", "mi hermana tiene 3000 soles"),
        ("es", "mi hermano estudia 20 horas a la semana"),
        ("es", "ella puede 8 horas a la semana y tiene S/ 1,200"),
        ("es", "la joven que acompaño sabe excel a nivel experto"),
        ("es", "Carmen, mi otra alumna, vive en Junin y su presupuesto es 250 soles"),
        (
            "es",
            "Ahora otro caso: Juana, de Cusco, quiere ser guia de turismo, habla quechua y su "
            "ingles es B1",
        ),
        (
            "es",
            "Buenos días. Soy consejera de empleabilidad en una ONG. Estoy ayudando a una "
            "usuaria, Milagros, de Piura, 22 años, secundaria completa. Su objetivo es trabajar "
            "como electricista. Ella puede estudiar 8 horas a la semana y tiene un presupuesto "
            "de S/ 1,200.",
        ),
        ("en", "my brother can study 30 hours a week"),
        ("en", "my husband lives in Arequipa"),
        ("en", "my sister has a budget of 2000 soles"),
        # variants of our own
        ("es", "mi mamá vive en Piura"),
        ("es", "mi amiga Rosa tiene 900 soles para cursos"),
        ("es", "mi hijo puede estudiar 10 horas a la semana"),
        ("es", "él tiene 2000 soles"),
        ("es", "mi novia quiere ser cocinera y vive en Trujillo"),
        ("es", "su presupuesto es de 400 soles"),
        ("en", "she can study 12 hours a week"),
        ("en", "my daughter lives in Cusco and has 700 soles"),
        ("en", "her budget is 300 soles"),
        ("en", "my friend who I help knows Excel very well"),
        ("en", "he lives in Piura"),
    ],
)
def test_facts_about_someone_else_store_nothing(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, **OWN)
    skills = skills_of(api)
    reply = Conversation(api)(text)
    assert _says(reply, SOMEONE_ELSE), reply["reply"]
    assert _own(api) == OWN, reply["reply"]
    assert skills_of(api) == skills
    assert profile_of(api)["languages"] == BOTH


@pytest.mark.parametrize(
    ("lang", "text", "field", "value"),
    [
        ("es", "vivo en Cusco", "region", "Cusco"),
        ("es", "vivo en Cusco con mi esposo", "region", "Cusco"),
        ("es", "mi presupuesto es 300 soles", "budget_pen", 300),
        ("es", "mi presupuesto es 500 soles, me ayuda mi hermana", "budget_pen", 500),
        ("es", "puedo estudiar 8 horas a la semana", "hours_per_week", 8),
        ("en", "my budget is 800 soles", "budget_pen", 800),
        ("en", "I live in Cusco with my brother", "region", "Cusco"),
        ("en", "I can study 9 hours a week", "hours_per_week", 9),
    ],
)
def test_first_person_statements_are_still_stored(
    speaker: Callable[..., Api], lang: str, text: str, field: str, value: Any
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, **OWN)
    reply = Conversation(api)(text)
    assert not _says(reply, SOMEONE_ELSE), reply["reply"]
    assert profile_of(api)[field] == value, reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "mi hijo quiere ser soldador, que cursos hay?"),
        ("es", "mi hermana quiere ser cocinera, ¿qué cursos tienen?"),
        ("en", "my son wants to be a welder, what courses are there?"),
    ],
)
def test_courses_for_someone_elses_job_set_no_goal(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, **OWN)
    reply = Conversation(api)(text)
    assert "¿Quieres trabajar como" not in reply["reply"], reply["reply"]
    assert "Do you want to work as" not in reply["reply"], reply["reply"]
    assert _own(api) == OWN, reply["reply"]


# -- J-H2: money said while the days are asked is the budget, never the days --------------------
DAYS_ASKED = ("how many days a week can you study?", "¿cuántos días a la semana puedes estudiar?")


@pytest.mark.parametrize(
    ("lang", "per_day", "text", "field", "value"),
    [
        # as reported
        ("es", "puedo 2 horas al dia", "tengo 1.500 soles", "budget_pen", 1500),
        ("es", "puedo 2 horas al dia", "tengo 3.000 soles", "budget_pen", 3000),
        ("es", "puedo 2 horas al dia", "mi presupuesto es S/ 5,000", "budget_pen", 5000),
        ("es", "puedo 2 horas al dia", "tengo 800 soles", "budget_pen", 800),
        ("es", "puedo 2 horas al dia", "vivo en Piura", "region", "Piura"),
        # variants of our own
        ("es", "puedo estudiar 3 horas diarias", "cuento con S/ 2.000", "budget_pen", 2000),
        ("es", "puedo 1 hora al día", "ahora tengo 4 mil soles", "budget_pen", 4000),
        ("en", "I can study 2 hours a day", "my budget is 1,500 soles", "budget_pen", 1500),
        ("en", "I can study 2 hours a day", "I have S/ 3,000", "budget_pen", 3000),
        ("en", "I can study 3 hours a day", "my budget is 800 soles", "budget_pen", 800),
        ("en", "I can study 2 hours a day", "I live in Cusco", "region", "Cusco"),
    ],
)
def test_a_budget_said_while_the_days_are_asked_is_stored_and_the_days_asked_again(
    speaker: Callable[..., Api], lang: str, per_day: str, text: str, field: str, value: Any
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, hours_per_week=6, budget_pen=100, region="Lima")
    say = Conversation(api)
    assert _says(say(per_day), DAYS_ASKED)
    again = say(text)
    assert _says(again, DAYS_ASKED), again["reply"]
    assert "pathway" not in again["data"], again["reply"]
    profile = profile_of(api)
    assert profile[field] == value, again["reply"]
    assert profile["hours_per_week"] == 6, again["reply"]  # never hours from an amount
    done = say("5")
    assert "pathway" in done["data"], done["reply"]
    hours = float(re.search(r"\d+", per_day).group(0))  # type: ignore[union-attr]
    assert profile_of(api)["hours_per_week"] == hours * 5
    assert profile_of(api)[field] == value


# -- J-H3, J-H4: several amounts, part of one, or a price per course: asked, never stored -------
NO_BUDGET = ("I did not store a budget", "No guardé un presupuesto")


@pytest.mark.parametrize(
    ("lang", "text", "answer", "budget"),
    [
        # as reported (J-H3)
        ("es", "tengo 1000 soles ahorrados pero para cursos solo 200", "200", 200),
        ("es", "tengo 1500 soles pero solo puedo gastar la mitad", "750", 750),
        # as reported (J-H4)
        ("es", "puedo pagar 50 soles por curso", "300 soles", 300),
        # variants of our own
        ("es", "tengo 2000 soles, pero para estudiar puedo usar 400", "el segundo", 400),
        ("es", "mi presupuesto es 900 soles, de eso 300 para cursos", "300", 300),
        ("es", "tengo 800 soles y puedo gastar un 25%", "200", 200),
        ("es", "puedo pagar hasta 100 soles por cada curso", "mi presupuesto es 500 soles", 500),
        ("en", "I have 2000 soles saved but only 300 for courses", "300", 300),
        ("en", "I have 1,200 soles but I can only spend half", "600", 600),
        ("en", "I can pay 80 soles per course", "400", 400),
        ("en", "my budget is S/ 60 for each course", "my budget is 240 soles", 240),
    ],
)
def test_an_amount_that_may_not_be_the_budget_is_asked(
    speaker: Callable[..., Api], lang: str, text: str, answer: str, budget: int
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, budget_pen=100, goal_role="cook")
    say = Conversation(api)
    asked = say(text)
    assert _says(asked, NO_BUDGET), asked["reply"]
    assert "pathway" not in asked["data"], asked["reply"]
    assert profile_of(api)["budget_pen"] == 100
    path = say(answer)
    assert profile_of(api)["budget_pen"] == budget, path["reply"]
    assert "pathway" in path["data"], path["reply"]


@pytest.mark.parametrize(
    ("lang", "text", "budget"),
    [
        ("es", "tengo 600 soles y 5 horas a la semana", 600),
        ("es", "vivo en Arequipa, tengo 25 años y 700 soles para cursos", 700),
        ("es", "mi presupuesto es 300 soles para el curso", 300),
        ("en", "I have 900 soles and 8 hours a week", 900),
        ("en", "my budget is 1,500 soles and my English is B1", 1500),
    ],
)
def test_one_amount_with_other_figures_is_still_stored(
    speaker: Callable[..., Api], lang: str, text: str, budget: int
) -> None:
    api = speaker(lang, BOTH)
    reply = Conversation(api)(text)
    assert not _says(reply, NO_BUDGET), reply["reply"]
    assert profile_of(api)["budget_pen"] == budget, reply["reply"]


# -- J-H5: "también quiero ser X" asks before the goal is replaced --------------------------------
CHANGE_GOAL = ("Do you want to change it to", "¿Quieres cambiarlo a")


@pytest.mark.parametrize(
    ("lang", "goal", "text", "new"),
    [
        # as reported
        ("es", "junior web developer", "tambien me gustaria ser electricista", "electrician"),
        ("es", "cook", "tambien quiero ser guia de turismo", "tour guide"),
        ("en", "hotel receptionist", "I would also like to be a tour guide", "tour guide"),
        # variants of our own
        ("es", "data analyst", "además quiero ser cocinero", "cook"),
        ("es", "cook", "También quisiera trabajar como electricista", "electrician"),
        ("en", "cook", "I also want to be an electrician", "electrician"),
        ("en", "electrician", "I'd like to be a cook too", "cook"),
    ],
)
@pytest.mark.parametrize("answer", ["yes", "no"])
def test_a_goal_said_as_one_more_is_asked_before_it_replaces_the_goal(
    speaker: Callable[..., Api], lang: str, goal: str, text: str, new: str, answer: str
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, goal_role=goal, region="Lima")
    say = Conversation(api)
    asked = say(text)
    assert _says(asked, CHANGE_GOAL), asked["reply"]
    assert profile_of(api)["goal_role"] == goal, asked["reply"]  # not replaced yet
    assert "pathway" in asked["data"], asked["reply"]  # the path towards it, shown
    reply = say({"yes": {"es": "sí", "en": "yes"}, "no": {"es": "no", "en": "no"}}[answer][lang])
    assert profile_of(api)["goal_role"] == (new if answer == "yes" else goal), reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text", "new"),
    [
        ("es", "tambien quiero ser cocinero", "cook"),
        ("en", "I also want to be a cook", "cook"),
    ],
)
def test_also_with_no_goal_stored_sets_it(
    speaker: Callable[..., Api], lang: str, text: str, new: str
) -> None:
    api = speaker(lang, BOTH)
    reply = Conversation(api)(text)
    assert profile_of(api)["goal_role"] == new, reply["reply"]


# -- J-H6: "no leo español" invents no language ---------------------------------------------------
NOT_IN_QUECHUA = ("No course here is taught in Quechua", "Ningún curso de aquí se dicta en Quechua")
KEPT = ("the languages you read as they were", "los idiomas que lees como estaban")


@pytest.mark.parametrize(
    ("lang", "text", "quechua"),
    [
        # as reported
        ("es", "no leo español", False),
        ("es", "no leo español, solo quechua", True),
        # variants of our own
        ("es", "no entiendo el castellano, hablo quechua nomás", True),
        ("es", "no leo castellano", False),
        ("en", "I don't read Spanish, only Quechua", True),
        ("en", "I can't read Spanish", False),
    ],
)
def test_not_reading_spanish_invents_no_language(
    speaker: Callable[..., Api], lang: str, text: str, quechua: bool
) -> None:
    api = speaker(lang, ["es"])
    reply = Conversation(api)(text)
    assert profile_of(api)["languages"] == ["es"], reply["reply"]  # never English
    assert _says(reply, KEPT), reply["reply"]
    if quechua:
        assert _says(reply, NOT_IN_QUECHUA), reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text", "languages"),
    [
        ("es", "no leo español", ["en"]),  # English said before: kept, Spanish dropped
        ("es", "no leo español, solo inglés", ["en"]),
        ("en", "I don't read Spanish", ["en"]),
        ("en", "only English", ["en"]),
    ],
)
def test_not_reading_spanish_with_english_read_keeps_english(
    speaker: Callable[..., Api], lang: str, text: str, languages: list[str]
) -> None:
    api = speaker(lang, BOTH)
    reply = Conversation(api)(text)
    assert profile_of(api)["languages"] == languages, reply["reply"]


# -- J-H7: basic English takes English out of the languages read ----------------------------------
@pytest.mark.parametrize(
    ("lang", "first", "then"),
    [
        # as reported
        ("es", "mi ingles es intermedio", "mi ingles es basico"),
        # variants of our own
        ("es", "leo inglés", "bueno, mi inglés es básico nomás"),
        ("es", "hablo inglés", "en realidad hablo un poco de inglés"),
        ("en", "I read English", "actually my English is basic"),
        ("en", "I speak English", "I speak a little English"),
    ],
)
def test_basic_english_after_english_was_added_takes_it_out(
    speaker: Callable[..., Api], lang: str, first: str, then: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = Conversation(api)
    say(first)
    assert profile_of(api)["languages"] == BOTH
    reply = say(then)
    assert profile_of(api)["languages"] == ["es"], reply["reply"]
    assert _says(reply, ("took English out", "Quité el inglés")), reply["reply"]


# -- J-H8: days left out of "every day" are counted ----------------------------------------------
@pytest.mark.parametrize(
    ("lang", "per_day", "days", "hours"),
    [
        # as reported
        ("es", "puedo 2 horas al dia", "todos los dias menos el domingo", 12),
        ("es", "puedo 2 horas al dia", "todos los días menos sábado y domingo", 10),
        # variants of our own
        ("es", "puedo 3 horas al día", "toda la semana excepto los domingos", 18),
        ("es", "puedo 2 horas al dia", "de lunes a viernes salvo el miércoles", 8),
        ("es", "puedo 1 hora diaria", "todos los dias menos los fines de semana", 5),
        ("en", "I can study 2 hours a day", "every day except Sunday", 12),
        ("en", "I can study 2 hours a day", "every day except Saturday and Sunday", 10),
        ("en", "I can study 3 hours a day", "every day except weekends", 15),
    ],
)
def test_days_left_out_of_every_day_are_not_counted(
    speaker: Callable[..., Api], lang: str, per_day: str, days: str, hours: int
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, hours_per_week=6)
    say = Conversation(api)
    assert _says(say(per_day), DAYS_ASKED)
    reply = say(days)
    assert profile_of(api)["hours_per_week"] == hours, reply["reply"]


# -- J-M4: a course turned down with a reason is recorded ----------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "position"),
    [
        # as reported
        ("es", "el segundo no, no tengo tiempo para eso", 2),
        # variants of our own
        ("es", "el primero no, está muy caro", 1),
        ("es", "el segundo no, no me alcanza la plata", 2),
        ("es", "el segundo curso está muy caro, no me alcanza", 2),
        ("en", "the first course is too expensive, I can't afford it", 1),
        ("en", "not the second one, no time for it", 2),
        ("en", "the first one no, I can't afford it", 1),
        ("en", "the second one no, I don't have time", 2),
    ],
)
def test_a_course_turned_down_with_a_reason_is_recorded(
    speaker: Callable[..., Api], lang: str, text: str, position: int
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=2000, hours_per_week=10)
    say = Conversation(api)
    shown = say({"es": "muéstrame mi ruta", "en": "show me my pathway"}[lang])
    steps = shown["data"]["pathway"]["steps"]
    assert len(steps) >= 2, shown["reply"]
    course = steps[position - 1]
    turned = say(text)
    assert turned["data"].get("course_feedback") == {
        "course_id": course["course_id"],
        "action": "rejected",
    }, turned["reply"]
    assert course["course_id"] not in [s["course_id"] for s in turned["data"]["pathway"]["steps"]]


@pytest.mark.parametrize(
    "text", ["el de pasteleria esta muy caro, no me alcanza", "el de pastelería está muy caro"]
)
def test_a_course_named_by_its_topic_turned_down_for_its_price(
    speaker: Callable[..., Api], text: str
) -> None:
    api = speaker("es")
    set_profile(api, goal_role="pastry cook", region="Lima", budget_pen=3000, hours_per_week=10)
    say = Conversation(api)
    shown = say("muéstrame mi ruta")
    ids = [s["course_id"] for s in shown["data"]["pathway"]["steps"]]
    assert "C056" in ids, shown["reply"]
    turned = say(text)
    assert turned["data"].get("course_feedback") == {
        "course_id": "C056",
        "action": "rejected",
    }, turned["reply"]
