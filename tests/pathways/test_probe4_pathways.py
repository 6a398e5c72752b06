"""Pathway findings of the fourth independent probe (/v1/chat in English and Spanish, the
profile API and ``slipway chat``). The worst outcome is a wrong value stored silently:

6. answering which job ("el de atención al cliente") stored a Customer service skill;
13. turning down a course in chat never worked ("el segundo no", "not the first one"), "show me
    my pathway" was refused, and "the first course" only worked right after the path;
14. job seekers' messages were refused ("quiero ser agente de atención al cliente en Lima"),
    hours a day were dropped without a word, "a bit of Quechua" was not read;
21. a note blamed the budget, hours, languages and steps when only the language kept a skill
    out;
22. notes in lower case, "lees Español", duplicate interests, and a ``slipway chat`` table headed
    by roles its steps do not serve.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, SPANISH_TOO, feedback, profile_of, skills_of


def _set_profile(api: Api, **changes: Any) -> dict[str, Any]:
    r = api.patch("/v1/users/me/profile", json=changes)
    assert r.status_code == 200, r.json
    return dict(r.json)


def _feedback_rows(app: Any, user_id: int) -> list[tuple[int, str, str]]:
    """(recommendation id, course id, action) of every pathway feedback row of a user."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.tables import PathwayFeedback

    with Session(engine_of(app)) as s:
        rows = s.execute(
            select(
                PathwayFeedback.recommendation_id, PathwayFeedback.course_id, PathwayFeedback.action
            )
            .where(PathwayFeedback.user_id == user_id)
            .order_by(PathwayFeedback.id)
        ).all()
    return [(int(r), str(c), str(a)) for r, c, a in rows]


DATA_ANALYST = {
    "es": "quiero ser analista de datos, vivo en Lima, 10 horas a la semana",
    "en": "I want to be a data analyst, I live in Lima, 10 hours a week",
}


def _path(api: Api, lang: str, text: str | None = None) -> dict[str, Any]:
    first = api.chat(text or DATA_ANALYST[lang])
    assert first["skill"] == "learning_path", first
    assert first["data"]["pathway"]["steps"], first["reply"]
    return first


# -- 6. a job's name is no skill ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "answer", "region"),
    [
        (
            "soy de Chiclayo pero vivo en Trujillo y quiero trabajar en call center, qué cursos "
            "me recomiendas?",
            "el de atención al cliente",
            "La Libertad",
        ),
        ("quiero trabajar en call center en Piura", "agente de atención al cliente", "Piura"),
        ("I want to work in a call center in Piura", "customer service agent", "Piura"),
    ],
)
def test_answering_which_job_stores_no_skill(
    speaker: Callable[[str], Api], first: str, answer: str, region: str
) -> None:
    api = speaker(*(("en", BOTH) if first.startswith("I ") else ("es", None)))
    asked = api.chat(first)
    assert asked["pending"] is True, asked["reply"]
    picked = api.chat(answer, asked["conversation_id"])
    assert picked["skill"] == "learning_path", picked
    profile = profile_of(api)
    assert profile["goal_role"] == "customer service agent"
    assert profile["region"] == region
    assert profile["skills"] == []  # before: customer_service at level 2, never claimed
    assert "customer_service" not in picked["data"]["profile_update"].get("skills", {})
    assert "nivel 2" not in picked["reply"]
    assert "level 2" not in picked["reply"]
    # the course that teaches it is not dropped as if it were known
    taught = {s for step in picked["data"]["pathway"]["steps"] for s in step["skills_taught"]}
    assert "customer_service" in taught, picked["reply"]


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("quiero ser agente de atención al cliente", {}),
        ("I want to be a customer service agent", {}),
        ("quiero ser cocinero, ¿cuánto cuesta el curso de cocina?", {}),
        ("I took an Excel course", {}),
        # a skill the learner says they have is still one
        ("sé atender clientes, quiero ser agente de call center", {"customer_service": 2}),
        ("tengo experiencia en ventas, quiero ser representante de ventas", {"sales": 2}),
    ],
)  # fmt: skip
def test_a_job_or_a_course_topic_is_no_skill_claim(
    ranker: Ranker, text: str, skills: dict[str, int]
) -> None:
    from app.pathways import read_message

    assert read_message(ranker.catalog, text).get("skills", {}) == skills


# -- 13. turning a course down in chat, showing the path -------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "position"),
    [
        ("es", "el segundo no", 2),
        ("es", "no quiero el segundo curso", 2),
        ("es", "el primero no me interesa", 1),
        ("es", "no quiero el primero", 1),
        ("en", "not the first one", 1),
        ("en", "I don't want the second course", 2),
        ("en", "the last one is not for me", -1),
    ],
)
def test_turning_a_course_down_right_after_the_path(
    app: Any, speaker: Callable[[str], Api], lang: str, text: str, position: int
) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    first = _path(api, lang)
    steps = first["data"]["pathway"]["steps"]
    course = steps[position - 1 if position > 0 else position]
    turn = api.chat(text, first["conversation_id"])
    assert turn["skill"] == "learning_path", turn
    assert turn["data"]["course_feedback"] == {
        "course_id": course["course_id"],
        "action": "rejected",
    }
    # the same row POST /v1/pathways/feedback stores
    rec_id = first["data"]["pathway"]["recommendation_id"]
    assert _feedback_rows(app, api.user_id) == [(rec_id, course["course_id"], "rejected")]
    said = "no es para ti; lo dejé fuera" if lang == "es" else "is not for you; I left it out"
    assert f"{course['title']} {said}" in turn["reply"], turn["reply"]
    assert course["course_id"] not in [s["course_id"] for s in turn["data"]["pathway"]["steps"]]


def test_chat_rejection_is_the_api_feedback(app: Any, speaker: Callable[[str], Api]) -> None:
    """The same profile answered by the API and by the chat ends in the same rows and paths."""
    by_chat, by_api = speaker("es"), speaker("es")
    first = _path(by_chat, "es")
    _path(by_api, "es")
    rec = by_api.post("/v1/pathways/recommend?lang=es", json={}).json
    assert [s["course_id"] for s in rec["steps"]] == [
        s["course_id"] for s in first["data"]["pathway"]["steps"]
    ]
    course = rec["steps"][1]["course_id"]
    feedback(by_api, rec["recommendation_id"], course, "rejected")
    turn = by_chat.chat("el segundo no", first["conversation_id"])
    after_api = by_api.post("/v1/pathways/recommend?lang=es", json={}).json
    assert [s["course_id"] for s in turn["data"]["pathway"]["steps"]] == [
        s["course_id"] for s in after_api["steps"]
    ]
    ((_, chat_course, chat_action),) = _feedback_rows(app, by_chat.user_id)
    ((_, api_course, api_action),) = _feedback_rows(app, by_api.user_id)
    assert (chat_course, chat_action) == (api_course, api_action) == (course, "rejected")


def test_a_course_named_by_a_word_of_it(app: Any, speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    first = _path(api, "es", "quiero ser guía de turismo en Cusco")
    quechua = [
        s for s in first["data"]["pathway"]["steps"] if "quechua_basics" in s["skills_taught"]
    ]
    assert quechua, first["reply"]
    turn = api.chat("ese curso de quechua no es para mí", first["conversation_id"])
    assert turn["skill"] == "learning_path", turn
    assert turn["data"]["course_feedback"] == {
        "course_id": quechua[0]["course_id"],
        "action": "rejected",
    }
    assert skills_of(api) == {}  # the course's topic is no skill the learner has


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "show me my pathway"),
        ("en", "my pathway"),
        ("es", "muéstrame mi ruta"),
        ("es", "muéstrame mi ruta de aprendizaje"),
        ("es", "mi ruta"),
        ("es", "Mi ruta, por favor"),
    ],
)
def test_show_my_pathway(speaker: Callable[[str], Api], lang: str, text: str) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    first = _path(api, lang)
    thanks = api.chat("gracias" if lang == "es" else "thanks", first["conversation_id"])
    for conversation in (thanks["conversation_id"], None):  # later on, or in a new conversation
        turn = api.chat(text, conversation)
        assert turn["skill"] == "learning_path", turn
        shown = turn["data"]["pathway"]
        assert shown["recommendation_id"] == first["data"]["pathway"]["recommendation_id"]
        assert turn["data"]["profile_update"] == {}
    # nothing stored: the profile is as it was
    assert profile_of(api)["goal_role"] == "data analyst"


def test_the_first_course_later_in_the_conversation(
    app: Any, speaker: Callable[[str], Api]
) -> None:
    api = speaker("en", reads=BOTH)
    first = _path(api, "en")
    shown = first["data"]["pathway"]["steps"][0]
    cid = first["conversation_id"]
    assert api.chat("what time is it?", cid)["skill"] == "scheduling"
    assert api.chat("thanks", cid)["skill"] == "conversation"
    turn = api.chat("I already did the first course", cid)
    assert turn["skill"] == "learning_path", turn
    assert turn["data"]["course_feedback"] == {
        "course_id": shown["course_id"],
        "action": "completed",
    }
    # and in another conversation: the latest path is the last one shown to the learner
    other = api.chat("ya no quiero el primer curso")
    assert other["skill"] == "learning_path", other
    now_first = turn["data"]["pathway"]["steps"][0]
    assert other["data"]["course_feedback"] == {
        "course_id": now_first["course_id"],
        "action": "rejected",
    }


def test_a_bare_position_after_a_time_reply_is_the_paths(speaker: Callable[[str], Api]) -> None:
    api = speaker("en", reads=BOTH)
    first = _path(api, "en")
    cid = first["conversation_id"]
    api.chat("what time is it?", cid)
    turn = api.chat("not the first one", cid)
    assert turn["skill"] == "learning_path", turn
    assert turn["data"]["course_feedback"]["action"] == "rejected"


def test_a_bare_position_after_a_list_is_the_lists(app: Any, speaker: Callable[[str], Api]) -> None:
    """After the to-do list was shown, "not the first one" is not about the path."""
    api = speaker("en", reads=BOTH)
    cid = _path(api, "en")["conversation_id"]
    api.chat("add buy milk to my todo list", cid)
    listed = api.chat("show my todo list", cid)
    assert listed["skill"] == "scheduling", listed
    turn = api.chat("not the first one", cid)
    assert turn["skill"] != "learning_path", turn
    assert _feedback_rows(app, api.user_id) == []


@pytest.mark.parametrize(
    "text",
    [
        "¿el primer curso es gratis o no?",  # a question records nothing
        "recuérdame el segundo curso no olvidarlo mañana a las 6pm",  # a reminder
        "no",
    ],
)
def test_what_is_not_a_course_answer(app: Any, speaker: Callable[[str], Api], text: str) -> None:
    api = speaker("es")
    first = _path(api, "es")
    api.chat(text, first["conversation_id"])
    assert _feedback_rows(app, api.user_id) == []


def test_a_course_named_without_which_is_asked(app: Any, speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    first = _path(api, "es")
    steps = first["data"]["pathway"]["steps"]
    excel = [i for i, s in enumerate(steps, start=1) if "Excel" in s["title"]]
    assert len(excel) == 2, [s["title"] for s in steps]
    asked = api.chat("ya hice el curso de excel", first["conversation_id"])
    assert asked["skill"] == "learning_path", asked
    assert asked["pending"] is True
    assert _feedback_rows(app, api.user_id) == []  # nothing recorded until it is answered
    for i in excel:
        assert f"{i}. {steps[i - 1]['title']}" in asked["reply"], asked["reply"]
    picked = api.chat(str(excel[0]), asked["conversation_id"])
    assert picked["skill"] == "learning_path", picked
    course = steps[excel[0] - 1]["course_id"]
    assert picked["data"]["course_feedback"] == {"course_id": course, "action": "completed"}


def test_course_answers_read_from_text(app: Any, api: Api, ranker: Ranker) -> None:
    from app import db
    from app.db.tables import User
    from app.pathways import course_answer

    _set_profile(api, goal_role="data analyst", region="Lima", languages=["es"])
    rec = api.post("/v1/pathways/recommend", json={}).json
    ids = [s["course_id"] for s in rec["steps"]]
    with app.test_request_context():
        session = db.session()
        user = session.get(User, api.user_id)
        assert user is not None

        def said(text: str) -> tuple[str | None, str, bool] | None:
            found = course_answer(session, user, ranker.catalog, text)
            if found is None:
                return None
            return (found.course.id if found.course else None, found.action, found.explicit)

        assert said("el segundo no") == (ids[1], "rejected", False)
        assert said("not the first one") == (ids[0], "rejected", False)
        assert said("no el tercero") == (ids[2], "rejected", False)
        assert said("I already did the first course") == (ids[0], "completed", True)
        assert said("el curso de Power BI no me sirve") == (
            next(c for c in ids if ranker.catalog.by_id[c].title.startswith("Power BI")),
            "rejected",
            True,
        )
        assert said("¿el segundo no es gratis?") is None
        assert said("the second reminder is not for me") is None
        assert said("no") is None
        assert said("quiero ser analista de datos, no") is None


# -- 14. job seekers' messages ---------------------------------------------------------------------
def test_a_documented_goal_form_is_a_pathway_request(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    turn = api.chat("quiero ser agente de atención al cliente en Lima")
    assert turn["skill"] == "learning_path", turn
    profile = profile_of(api)
    assert profile["goal_role"] == "customer service agent"
    assert profile["region"] == "Lima"
    assert profile["skills"] == []
    assert turn["data"]["pathway"]["steps"]


def test_a_waiters_long_message(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    turn = api.chat(
        "trabajé de mozo 3 años, soy de Chiclayo pero ahora vivo en Trujillo, quiero ganar 2000 "
        "soles al mes, me interesa trabajar en call center"
    )
    assert turn["skill"] == "learning_path", turn
    profile = profile_of(api)
    assert profile["region"] == "La Libertad"  # where they live now
    assert profile["budget_pen"] is None  # 2000 soles is pay, not a budget
    assert profile["goal_role"] is None  # call center: with English or without? asked
    assert profile["skills"] == []
    assert turn["pending"] is True
    assert "agente de atención al cliente" in turn["reply"]
    picked = api.chat("el de atención al cliente", turn["conversation_id"])
    assert picked["skill"] == "learning_path", picked
    assert profile_of(api)["goal_role"] == "customer service agent"
    assert profile_of(api)["skills"] == []


def test_hours_a_week_after_a_path(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    first = _path(api, "es")
    turn = api.chat("ahora solo tengo 4 horas a la semana", first["conversation_id"])
    assert turn["skill"] == "learning_path", turn
    assert profile_of(api)["hours_per_week"] == 4.0


@pytest.mark.parametrize(
    ("answer", "hours"),
    [
        ("5", 10.0),
        ("de lunes a viernes", 10.0),
        ("todos los días", 14.0),
        ("3 días", 6.0),
        ("ahora solo tengo 4 horas a la semana", 4.0),
    ],
)
def test_hours_a_day_ask_for_the_days(
    speaker: Callable[[str], Api], answer: str, hours: float
) -> None:
    api = speaker("es")
    first = _path(api, "es")
    asked = api.chat("mejor solo puedo 2 horas al día", first["conversation_id"])
    assert asked["skill"] == "learning_path", asked
    assert asked["pending"] is True
    assert "¿cuántos días a la semana puedes estudiar?" in asked["reply"], asked["reply"]
    assert "5 días son 10 horas a la semana" in asked["reply"]
    assert profile_of(api)["hours_per_week"] == 10.0  # nothing stored yet
    turn = api.chat(answer, asked["conversation_id"])
    assert turn["skill"] == "learning_path", turn
    assert turn["pending"] is False
    assert profile_of(api)["hours_per_week"] == hours
    assert turn["data"]["pathway"]["profile"]["hours_per_week"] == hours


def test_hours_a_day_in_a_first_message_and_after_another_question(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    asked = api.chat("quiero ser guía de turismo en Cusco, puedo estudiar 2 horas al día")
    assert asked["pending"] is True
    assert profile_of(api)["goal_role"] == "tour guide"  # what was said is stored
    assert profile_of(api)["hours_per_week"] == 6.0  # the default, untouched
    turn = api.chat("5 días", asked["conversation_id"])
    assert profile_of(api)["hours_per_week"] == 10.0
    assert turn["data"]["pathway"]["steps"]
    # "call center" is asked first; the days after it
    other = speaker("es")
    asked = other.chat("quiero trabajar en call center en Lima, 1 hora al día")
    assert "agente de atención al cliente" in asked["reply"]
    days = other.chat("agente de atención al cliente", asked["conversation_id"])
    assert days["pending"] is True
    assert "¿cuántos días" in days["reply"], days["reply"]
    assert profile_of(other)["goal_role"] == "customer service agent"
    other.chat("7", days["conversation_id"])
    assert profile_of(other)["hours_per_week"] == 7.0


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("5", 5),
        ("cinco días", 5),
        ("de lunes a viernes", 5),
        ("todos los días", 7),
        ("every day", 7),
        ("weekends", 2),
        ("los fines de semana", 2),
        ("3 days a week", 3),
        ("2 horas al día", None),
        ("no sé", None),
    ],
)
def test_days_a_week_answers(text: str, days: int | None) -> None:
    from app.pathways import answered_days

    assert answered_days(text) == days


def test_quechua_is_a_skill(speaker: Callable[[str], Api], ranker: Ranker) -> None:
    from app.pathways import read_message

    assert read_message(ranker.catalog, "I speak English and a bit of Quechua")["skills"] == {
        "quechua_basics": 1
    }
    assert read_message(ranker.catalog, "hablo quechua")["skills"] == {"quechua_basics": 2}
    api = speaker("en")
    turn = api.chat("I want to be a tour guide in Cusco, I speak English and a bit of Quechua")
    assert turn["skill"] == "learning_path", turn
    assert skills_of(api) == {"quechua_basics": 1}
    assert "Quechua (level 1)" in turn["reply"]


# -- 21. the real reason a skill has no step ----------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_note_says_the_real_reason(api: Api, lang: str) -> None:
    _set_profile(
        api,
        goal_role="data analyst",
        region="Lima",
        languages=["es"],
        budget_pen=None,
        hours_per_week=40,
    )
    body = api.post(f"/v1/pathways/recommend?lang={lang}", json={}).json
    note = next(n for n in body["notes"] if n.startswith(("Still", "Aún")))
    if lang == "en":
        assert "Advanced SQL (its course, or one it requires, is taught in English" in note, note
        assert "budget" not in note, note
        assert "hours a week" not in note, note
    else:
        assert "SQL avanzado (su curso, o uno que este exige, se dicta en inglés" in note, note
        assert "presupuesto" not in note, note
        assert "horas por semana" not in note, note


def test_each_reason_is_named_when_it_is_the_one(app: Any, ranker: Ranker) -> None:
    from app.i18n import reply_locale
    from app.pathways import explain
    from models.ranker import Profile, build_pathway

    def note(profile: Profile, **limits: Any) -> str:
        with app.app_context(), reply_locale("en"):
            path = build_pathway(ranker, profile, max_steps=limits.get("steps", 5))
            explain(
                ranker.catalog,
                profile,
                path,
                limits.get("steps", 5),
                26.0,
                limits.get("excluded", ()),
            )
        return " | ".join(path.notes)

    base = {"goal_role": "data analyst", "region": "Lima", "languages": ["es", "en"]}
    budget = note(Profile(**base, budget_pen=900, hours_per_week=40))
    assert "does not fit your budget of S/ 900" in budget, budget
    assert "taught in English" not in budget, budget
    steps = note(Profile(**base, hours_per_week=40), steps=2)
    assert "the path would be longer than 2 steps" in steps, steps
    assert "budget" not in steps, steps
    hours = note(Profile(**base, hours_per_week=1))
    assert "does not fit 1 hours a week for 26 weeks" in hours, hours


# -- 22. wording ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
def test_notes_start_with_a_capital(api: Api, lang: str) -> None:
    profiles = [
        {"goal_role": "data analyst", "region": "Lima", "languages": ["es"]},
        {"goal_role": "administrative assistant", "region": "Lima", "languages": ["es"]},
        {"goal_role": "data analyst", "region": "Lima", "languages": ["es", "en"], "budget_pen": 0},
        {"goal_role": "tour guide", "region": "Cusco", "languages": ["es"]},
    ]
    seen = 0
    for changes in profiles:
        _set_profile(api, **changes)
        body = api.post(f"/v1/pathways/recommend?lang={lang}", json={}).json
        for n in body["notes"]:
            assert n[:1].isupper(), n
            seen += 1
    assert seen >= 4


def test_spanish_language_names_are_lower_case_mid_sentence(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    turn = api.chat(
        "Vivo en Cusco, hablo inglés y español, tengo experiencia como mozo y quiero trabajar en "
        "turismo"
    )
    assert "lees español e inglés" in turn["reply"], turn["reply"]
    assert "Español" not in turn["reply"]


def test_interests_are_kept_once(api: Api) -> None:
    body = _set_profile(api, interests=["cocina", "cocina", " ", "Cocina", "turismo"])
    assert body["interests"] == ["cocina", "turismo"]
    assert profile_of(api)["interests"] == ["cocina", "turismo"]


def test_the_table_is_headed_by_the_roles_its_steps_serve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.console import Console

    from app import cli

    screen = Console(record=True, width=240)
    monkeypatch.setattr(cli, "out", screen)
    role = {"demand_index": 90.0, "typical_pay_pen_month": 1500.0, "region": "Lima"}
    pathway = {
        "recommendation_id": 9,
        "steps": [
            {"course_id": "C020", "title": "Atención al Cliente", "language": "es", "hours": 16.0,
             "cost_pen": 0.0, "reason": "enseña Atención al cliente",
             "skills_taught": ["customer_service"], "skills_required": []},
            {"course_id": "C052", "title": "Logística", "language": "es", "hours": 32.0,
             "cost_pen": 300.0, "reason": "requerido para operario de almacén",
             "skills_taught": ["logistics"], "skills_required": []},
        ],
        "roles": [
            {**role, "role": "customer service agent", "role_name": "agente de atención al cliente",
             "skills_required": ["customer_service", "crm_basics"]},
            {**role, "role": "bilingual call center agent",
             "role_name": "agente bilingüe de call center",
             "skills_required": ["call_center_english"]},
            {**role, "role": "warehouse operator", "role_name": "operario de almacén",
             "skills_required": ["logistics", "inventory_control"]},
        ],
        "total_hours": 48.0, "weeks": 8.0, "total_cost_pen": 300.0,
    }  # fmt: skip
    cli.show_pathway(pathway)
    text = screen.export_text()
    assert "agente de atención al cliente (Lima), operario de almacén (Lima)" in text, text
    assert "bilingüe" not in text


def test_the_reply_is_headed_by_the_roles_its_steps_serve(api: Api) -> None:
    _set_profile(api, goal_role=None, region="Lima", languages=["es"])
    body = api.post("/v1/pathways/recommend?lang=es", json={}).json
    head = body["explanation"].splitlines()[0]
    taught = {s for step in body["steps"] for s in step["skills_taught"]}
    for role in body["roles"]:
        serves = bool(taught & set(role["skills_required"]))
        assert (f"{role['role_name']} en {role['region']}" in head) == serves, (head, role)


def test_skill_turn_keeps_the_hours_a_day_unstored(app: Any, api: Api) -> None:
    """Without a conversation (the skill alone): the days are asked, nothing is stored."""
    from app import db
    from app.db.tables import Conversation, User
    from app.i18n import reply_locale
    from app.skills.base import Turn
    from app.skills.learning_path import LearningPath

    _set_profile(api, goal_role="welder", region="Arequipa", hours_per_week=8)
    with app.test_request_context(), reply_locale("en"):
        session = db.session()
        user = session.get(User, api.user_id)
        assert user is not None
        conversation = Conversation(user_id=api.user_id, state={})
        session.add(conversation)
        session.flush()
        turn = Turn(
            "I can study 3 hours a day", "learning_path", 0.9, "learning_path", user,
            conversation, session, datetime.now(UTC), lang="en",
        )  # fmt: skip
        reply = LearningPath().handle(turn)
        session.commit()
    assert reply.pending is not None
    assert reply.pending["awaiting"] == "days"
    assert "how many days a week can you study? For example, 5 days are 15 hours" in reply.text
    assert profile_of(api)["hours_per_week"] == 8.0
