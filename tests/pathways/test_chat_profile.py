"""What a job seeker in Peru tells the assistant in chat, and what ends up in the learner
profile: found by an independent tester talking to /v1/chat in English and Spanish. The worst
outcome is a wrong value stored silently, so what a message leaves open is asked.

1. values the user contradicted or never said were stored (a budget of "free courses only" or
   "no tengo plata" left empty, a city not read as its region, "I speak English" stored as
   English A2, a topic such as "protección de datos" stored as the goal "data analyst");
2. follow-ups after a path ("ahora tengo 1000 soles de presupuesto", "y si me mudo a
   Trujillo?", "el primer curso ya lo hice") got the out-of-scope refusal;
3. pathway quality: a step whose needed skill an earlier step already teaches, a path for another
   region without a word, "0 %" reasons;
4. ``slipway chat`` printed role ids in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from models.ranker import Ranker
from tests.app.conftest import TUESDAY_AFTERNOON, Api, make_user
from tests.pathways.conftest import BOTH, SPANISH_TOO, feedback, profile_of, skills_of

ZERO_PERCENT = re.compile(r"(?<![\d.,])0\s?%")


def _set_profile(api: Api, **changes: Any) -> None:
    r = api.patch("/v1/users/me/profile", json=changes)
    assert r.status_code == 200, r.json


def _skill_turn(app: Any, api: Api, text: str, lang: str) -> Any:
    """The learning_path skill on one message (what the intent model sends it)."""
    from app import db
    from app.db.tables import Conversation, User
    from app.i18n import reply_locale
    from app.skills.base import Turn
    from app.skills.learning_path import LearningPath

    with app.test_request_context(), reply_locale(lang):
        session = db.session()
        user = session.get(User, api.user_id)
        assert user is not None
        conversation = Conversation(user_id=api.user_id, state={})
        session.add(conversation)
        session.flush()
        turn = Turn(
            text, "learning_path", 0.9, "learning_path", user, conversation, session,
            datetime.now(UTC), lang=lang,
        )  # fmt: skip
        reply = LearningPath().handle(turn)
        session.commit()
        return reply


# -- 1. only what is said is stored ----------------------------------------------------------
#: The question a skill said without a level gets, and the answer for "can work with it"
LEVEL_ASKED = {
    "en": "How well do you know Customer service?",
    "es": "¿Qué tan bien manejas Atención al cliente?",
}
CAN_WORK = {"en": "can work with it", "es": "puedo trabajar con ello"}


@pytest.mark.parametrize(
    ("lang", "text", "no_jobs_here"),
    [
        (
            "en",
            "I'm from Piura, I know some Excel and customer service, I want to be an admin "
            "assistant, free courses only, 5 hours a week",
            "There are no administrative assistant jobs in Piura",
        ),
        (
            "es",
            "Soy de Piura, sé algo de Excel y atención al cliente, quiero ser asistente "
            "administrativa, solo cursos gratuitos, 5 horas a la semana",
            "No hay empleos de asistente administrativo en Piura",
        ),
    ],
)
def test_free_courses_only_and_an_admin_assistant_goal_are_stored(
    speaker: Callable[[str], Api], lang: str, text: str, no_jobs_here: str
) -> None:
    roles = speaker(lang).get("/v1/pathways/catalog").json["roles"]
    assert "administrative assistant" in roles  # the catalog has the role
    api = speaker(lang)
    asked = api.chat(text)
    assert asked["skill"] == "learning_path", asked
    # customer service is said without a level: asked (never guessed), the rest stored
    assert asked["pending"] is True, asked["reply"]
    assert LEVEL_ASKED[lang] in asked["reply"], asked["reply"]
    turn = api.chat(CAN_WORK[lang], asked["conversation_id"])
    assert skills_of(api) == {"excel_basics": 1, "customer_service": 2}
    profile = profile_of(api)
    assert profile["budget_pen"] == 0.0
    assert profile["goal_role"] == "administrative assistant"
    assert profile["region"] == "Piura"
    assert profile["hours_per_week"] == 5.0
    assert no_jobs_here in turn["reply"], turn["reply"]  # the region switch is said
    assert all(s["cost_pen"] == 0 for s in turn["data"]["pathway"]["steps"])


@pytest.mark.parametrize(
    ("lang", "text", "asks", "answer", "goal"),
    [
        (
            "es",
            "hola soy de Huancayo, termine secundaria y se atender clientes, quiero trabajar "
            "en un call center, no tengo plata para pagar cursos",
            "¿Hacia cuál de estos puestos quieres avanzar: agente bilingüe de call center, "
            "agente de atención al cliente?",
            "el de atención al cliente",
            "customer service agent",
        ),
        (
            "en",
            "hi, I'm from Huancayo, I finished high school and I know customer service, I want "
            "to work in a call center, I don't have money to pay for courses",
            "Which of these jobs do you want to work towards: bilingual call center agent, "
            "customer service agent?",
            "bilingual call center agent",
            "bilingual call center agent",
        ),
    ],
)
def test_a_city_is_its_region_and_a_call_center_goal_is_asked(
    speaker: Callable[[str], Api], lang: str, text: str, asks: str, answer: str, goal: str
) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    level = api.chat(text)
    assert level["skill"] == "learning_path", level
    profile = profile_of(api)
    assert profile["region"] == "Junin"  # Huancayo is in Junín
    assert profile["budget_pen"] == 0.0
    # customer service said without a level: asked first, then the job
    assert LEVEL_ASKED[lang] in level["reply"], level["reply"]
    first = api.chat(CAN_WORK[lang], level["conversation_id"])
    assert skills_of(api) == {"customer_service": 2}
    # "call center" is two roles of the catalog (with English or without): asked, not guessed
    assert profile["goal_role"] is None
    assert first["pending"] is True
    assert asks in first["reply"], first["reply"]
    second = api.chat(answer, first["conversation_id"])
    assert second["skill"] == "learning_path", second
    assert second["pending"] is False
    assert profile_of(api)["goal_role"] == goal
    assert second["data"]["pathway"]["profile"]["region"] == "Junin"
    assert all(s["cost_pen"] == 0 for s in second["data"]["pathway"]["steps"])


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "quiero ser secretaria, no tengo plata"),
        ("en", "I want to be a secretary, which courses should I take? I have no money"),
    ],
)
def test_a_secretary_with_no_money_gets_free_courses_only(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    turn = api.chat(text)
    assert turn["skill"] == "learning_path", turn
    profile = profile_of(api)
    assert profile["budget_pen"] == 0.0
    assert profile["goal_role"] == "administrative assistant"
    assert [s for s in turn["data"]["pathway"]["steps"] if s["cost_pen"] > 0] == []


@pytest.mark.parametrize(
    ("lang", "text", "hint", "answer"),
    [
        (
            "en",
            "I live in Cusco, I speak English and Spanish, I have experience as a waiter and I "
            "want to work in tourism",
            "You mentioned English without a level, so I did not store one",
            "tour guide",
        ),
        (
            "es",
            "Vivo en Cusco, hablo inglés y español, tengo experiencia como mozo y quiero "
            "trabajar en turismo",
            "Mencionaste el inglés sin decir tu nivel, así que no guardé ninguno",
            "guía de turismo",
        ),
    ],
)
def test_english_without_a_level_is_a_language_and_tourism_is_asked(
    app: Any, speaker: Callable[[str], Api], lang: str, text: str, hint: str, answer: str
) -> None:
    api = speaker(lang)
    first = api.chat(text)
    assert first["skill"] == "learning_path", first
    profile = profile_of(api)
    assert profile["region"] == "Cusco"
    assert set(profile["languages"]) == {"es", "en"}
    assert skills_of(api) == {}  # no English level was said, none is stored
    assert hint in first["reply"], first["reply"]
    assert profile["goal_role"] is None  # tourism is a tour guide or a hotel receptionist: asked
    assert first["pending"] is True
    second = api.chat(answer, first["conversation_id"])
    assert second["skill"] == "learning_path", second
    assert profile_of(api)["goal_role"] == "tour guide"
    assert second["data"]["pathway"]["roles"][0]["role"] == "tour guide"
    # a level said is stored as that level
    _skill_turn(app, api, "my English is B1" if lang == "en" else "mi inglés es B1", lang)
    assert skills_of(api) == {"english_b1": 2}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "vivo en Trujillo, que cursos me recomiendas para analista de datos"),
        ("en", "I live in Trujillo, which courses do you recommend for data analyst"),
    ],
)
def test_trujillo_is_la_libertad(speaker: Callable[[str], Api], lang: str, text: str) -> None:
    api = speaker(lang)
    _set_profile(api, region="Arequipa")
    turn = api.chat(text)
    assert turn["skill"] == "learning_path", turn
    profile = profile_of(api)
    assert profile["region"] == "La Libertad"
    assert profile["goal_role"] == "data analyst"
    assert turn["data"]["pathway"]["roles"][0]["region"] == "La Libertad"


@pytest.mark.parametrize(
    ("city", "region"),
    [
        ("Huancayo", "Junin"),
        ("Trujillo", "La Libertad"),
        ("Chiclayo", "Lambayeque"),
        ("Cusco", "Cusco"),
        ("Arequipa", "Arequipa"),
        ("Piura", "Piura"),
        ("Lima", "Lima"),
    ],
)
def test_the_main_city_of_each_region(api: Api, ranker: Ranker, city: str, region: str) -> None:
    from app.pathways import read_message

    assert read_message(ranker.catalog, f"vivo en {city}")["region"] == region
    assert read_message(ranker.catalog, f"I'm from {city.upper()}")["region"] == region
    _set_profile(api, region=city)
    assert profile_of(api)["region"] == region


@pytest.mark.parametrize(
    ("lang", "text"),
    [("es", "protección de datos"), ("en", "data protection"), ("es", "quiero aprender datos")],
)
def test_a_topic_is_never_stored_as_the_goal(app: Any, api: Api, lang: str, text: str) -> None:
    _set_profile(api, goal_role="welder", region="Arequipa")
    reply = _skill_turn(app, api, text, lang)
    assert profile_of(api)["goal_role"] == "welder"
    assert "goal_role" not in reply.data["profile_update"]
    fresh = make_user(app, f"fresh.{lang}.{len(text)}", "America/Lima")
    other = Api(api.client, fresh[0], fresh[1], "fresh")
    _skill_turn(app, other, text, lang)
    assert profile_of(other)["goal_role"] is None


def test_a_topic_through_the_chat_stores_no_goal(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    api.chat("protección de datos")
    assert profile_of(api)["goal_role"] is None


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("quiero ser secretaria", "administrative assistant"),
        ("mi meta es ser guía de turismo", "tour guide"),
        ("my goal is to become a welder", "welder"),
        ("I'd like to work as a cook", "cook"),
        ("me gustaría trabajar como electricista", "electrician"),
        ("quiero trabajar con datos", "data analyst"),
        ("recommend me courses to get a job as a data analyst", "data analyst"),
        ("I used to work as a cook, now I want to be a tour guide", "tour guide"),
        ("soy cocinero y quiero ser pastelero", "pastry cook"),
    ],
)
def test_a_goal_is_what_the_learner_says_they_want(ranker: Ranker, text: str, role: str) -> None:
    from app.pathways import read_message

    assert read_message(ranker.catalog, text)["goal_role"] == role


@pytest.mark.parametrize(
    "text",
    [
        "protección de datos",
        "data protection",
        "I have experience as a waiter",
        "soy cocinero",
        "I used to work as a cook",
        "un curso para protección de datos",
        "¿qué cursos me recomiendas para empezar en análisis de datos?",
        "quiero aprender marketing",
    ],
)
def test_no_goal_where_no_job_is_wanted(ranker: Ranker, text: str) -> None:
    from app.pathways import read

    heard = read(ranker.catalog, text)
    assert "goal_role" not in heard.facts
    assert heard.roles == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "analista de datos"),
        pytest.param(
            "en",
            "electrician",
            marks=pytest.mark.xfail(strict=True, reason="the intent model reads it as oos"),
        ),
    ],
)
def test_a_job_named_alone_is_asked_about(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    asked = api.chat(text)
    assert asked["skill"] == "learning_path", asked["intent"]
    assert asked["pending"] is True
    assert profile_of(api)["goal_role"] is None
    yes = api.chat("sí" if lang == "es" else "yes", asked["conversation_id"])
    assert yes["skill"] == "learning_path", yes
    assert profile_of(api)["goal_role"] in {"data analyst", "electrician"}
    assert yes["data"]["pathway"]["steps"]


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("free courses only", 0.0),
        ("no tengo plata para pagar cursos", 0.0),
        ("no tengo plata", 0.0),
        ("sin plata", 0.0),
        ("I can't afford to pay", 0.0),
        ("ahora tengo 1000 soles de presupuesto", 1000.0),
        ("mi presupuesto es de 1000 soles, recomiendame una ruta", 1000.0),
        ("my budget is now 500", 500.0),
        ("quiero ganar 2000 soles al mes, tengo 300 soles para cursos", 300.0),
    ],
)
def test_budgets_people_say(ranker: Ranker, text: str, budget: float) -> None:
    from app.pathways import read_message

    assert read_message(ranker.catalog, text)["budget_pen"] == budget


@pytest.mark.parametrize(
    "text",
    ["quiero ganar 2000 soles al mes", "a job that pays S/ 1500 a month", "estudio 2 horas al día"],
)
def test_pay_and_hours_a_day_are_not_stored(ranker: Ranker, text: str) -> None:
    from app.pathways import read_message

    found = read_message(ranker.catalog, text)
    assert "budget_pen" not in found
    assert "hours_per_week" not in found


@pytest.mark.parametrize(
    ("text", "languages", "skills"),
    [
        ("I speak English and Spanish", ["es", "en"], {}),
        ("hablo inglés", ["es", "en"], {}),
        ("I don't speak English", ["es"], {}),
        ("no hablo inglés", ["es"], {}),
        ("my English is B1", ["es", "en"], {"english_b1": 2}),
        ("tengo inglés B2", ["es", "en"], {"english_b2": 2}),
    ],
)
def test_english_levels_only_when_said(
    ranker: Ranker, text: str, languages: list[str], skills: dict[str, int]
) -> None:
    from app.pathways import read_message

    found = read_message(ranker.catalog, text)
    assert found["languages"] == languages
    assert found.get("skills", {}) == skills


def test_two_regions_keep_the_one_said_as_home(ranker: Ranker) -> None:
    from app.pathways import read

    assert read(ranker.catalog, "soy de Huancayo pero vivo en Lima").facts["region"] == "Lima"
    heard = read(ranker.catalog, "Lima o Arequipa, no sé")
    assert "region" not in heard.facts
    assert heard.regions == ["Lima", "Arequipa"]


# -- 2. follow-ups right after a path ---------------------------------------------------------
def _first_path(api: Api, lang: str) -> dict[str, Any]:
    text = (
        "quiero ser analista de datos, vivo en Lima"
        if lang == "es"
        else "I want to be a data analyst, I live in Lima"
    )
    first = api.chat(text)
    assert first["skill"] == "learning_path", first
    assert first["data"]["pathway"]["steps"]
    return first


FOLLOW_UPS = {
    "es": (
        "ahora tengo 1000 soles de presupuesto",
        "mi presupuesto es de 1000 soles, recomiendame una ruta",
        "y si me mudo a Trujillo?",
        "el primer curso ya lo hice",
    ),
    "en": (
        "now I have 1000 soles of budget",
        "my budget is 1000 soles, recommend me a path",
        "what if I move to Trujillo?",
        "I already did the first course",
    ),
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_follow_ups_after_a_path(speaker: Callable[[str], Api], lang: str) -> None:
    budget_now, budget_said, moving, done = FOLLOW_UPS[lang]
    api = speaker(lang, reads=SPANISH_TOO[lang])
    first = _first_path(api, lang)
    cid = first["conversation_id"]

    turn = api.chat(budget_now, cid)
    assert turn["skill"] == "learning_path", turn
    assert profile_of(api)["budget_pen"] == 1000.0
    assert turn["data"]["pathway"]["total_cost_pen"] <= 1000

    _set_profile(api, budget_pen=None)
    turn = api.chat(budget_said, cid)
    assert turn["skill"] == "learning_path", turn
    assert profile_of(api)["budget_pen"] == 1000.0

    # a question about another situation: answered for it, the profile left as it is
    turn = api.chat(moving, cid)
    assert turn["skill"] == "learning_path", turn
    assert turn["data"]["pathway"]["profile"]["region"] == "La Libertad"
    assert turn["data"]["pathway"]["roles"][0]["region"] == "La Libertad"
    assert profile_of(api)["region"] == "Lima"
    assert ("Suponiendo" if lang == "es" else "Supposing") in turn["reply"]

    shown = turn["data"]["pathway"]["steps"]
    turn = api.chat(done, cid)
    assert turn["skill"] == "learning_path", turn
    first_course = shown[0]["course_id"]
    assert turn["data"]["course_feedback"] == {"course_id": first_course, "action": "completed"}
    assert shown[0]["title"] in turn["reply"]
    assert first_course not in [s["course_id"] for s in turn["data"]["pathway"]["steps"]]
    # what it taught counts as known: the next path goes on from there
    assert turn["data"]["pathway"]["steps"]


def test_after_a_path_other_requests_keep_their_skill(speaker: Callable[[str], Api]) -> None:
    api = speaker("en", reads=BOTH)
    cid = _first_path(api, "en")["conversation_id"]
    before = profile_of(api)
    with time_machine.travel(TUESDAY_AFTERNOON):  # not in the small hours: "tomorrow" is sure
        reminder = api.chat("remind me to study Excel tomorrow at 6pm", cid)
    assert reminder["skill"] == "scheduling", reminder
    other = api.chat("what's the weather like?", reminder["conversation_id"])
    assert other["skill"] == "out_of_scope", other
    assert profile_of(api)["skills"] == before["skills"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_follow_ups_reach_the_skill_through_the_real_routing(
    speaker: Callable[[str], Api], lang: str
) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    cid = _first_path(api, lang)["conversation_id"]
    turn = api.chat(FOLLOW_UPS[lang][0], cid)
    assert turn["skill"] == "learning_path", turn


@pytest.mark.parametrize(
    ("lang", "moving", "done"),
    [
        ("es", "y si me mudo a Trujillo?", "el primer curso ya lo hice"),
        ("en", "what if I move to Trujillo?", "I already did the first course"),
    ],
)
def test_the_skill_reads_what_if_and_done(
    app: Any, api: Api, lang: str, moving: str, done: str
) -> None:
    """Sent to the skill by the intent model (no routing hook needed)."""
    _set_profile(api, goal_role="data analyst", region="Lima", languages=["es"])
    supposed = _skill_turn(app, api, moving, lang)
    assert supposed.data["pathway"]["profile"]["region"] == "La Libertad"
    assert supposed.data["supposed"] == {"region": "La Libertad"}
    assert profile_of(api)["region"] == "Lima"
    # "the first course" is the first of the path just shown (the one for La Libertad)
    shown = supposed.data["pathway"]["steps"][0]
    reply = _skill_turn(app, api, done, lang)
    assert reply.data["course_feedback"] == {"course_id": shown["course_id"], "action": "completed"}
    assert shown["title"] in reply.text
    assert profile_of(api)["region"] == "Lima"


def test_a_completed_course_counts_its_skills(app: Any, api: Api) -> None:
    """Left out of the next paths, and what it taught is no longer a gap: the courses that
    require it stay reachable."""
    _set_profile(api, goal_role="data analyst", region="Lima", languages=["es"])
    rec = api.post("/v1/pathways/recommend", json={}).json
    first = rec["steps"][0]
    assert first["course_id"] == "C001"  # Computación Básica, what most of the path requires
    feedback(api, rec["recommendation_id"], "C001", "completed")
    after = api.post("/v1/pathways/recommend", json={}).json
    ids = [s["course_id"] for s in after["steps"]]
    assert "C001" not in ids
    assert {"C002", "C003"} <= set(ids)  # Excel still reachable without C001
    assert after["profile"]["skills"].get("digital_literacy") == 2


# -- 3. pathway quality --------------------------------------------------------------------------
def _serving(step: dict[str, Any], steps: list[dict[str, Any]], wanted: set[str]) -> bool:
    """A step teaches a wanted skill, or is a prerequisite of a step that does."""
    if set(step["skills_taught"]) & wanted:
        return True
    return any(
        set(step["skills_taught"]) & set(other["skills_required"])
        and _serving(other, steps, wanted)
        for other in steps
        if other is not step
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_rejected_course_leaves_no_unrelated_steps(api: Api, lang: str) -> None:
    _set_profile(
        api, goal_role="tour guide", region="Cusco", languages=["es", "en"], hours_per_week=12
    )
    rec = api.post(f"/v1/pathways/recommend?lang={lang}", json={}).json
    assert "C060" in [s["course_id"] for s in rec["steps"]]
    feedback(api, rec["recommendation_id"], "C060", "rejected")
    after = api.post(f"/v1/pathways/recommend?lang={lang}", json={}).json
    wanted = {"tour_guiding", "english_b2", "quechua_basics"}
    assert "C060" not in [s["course_id"] for s in after["steps"]]
    for step in after["steps"]:
        assert _serving(step, after["steps"], wanted), step
        assert not ZERO_PERCENT.search(step["reason"]), step["reason"]
        assert "do not list it" not in step["reason"]
        assert "no lo piden" not in step["reason"]
    assert not ZERO_PERCENT.search(after["explanation"])


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "There are no administrative assistant jobs in Lima in our data, so I used what "
         "employers in Lambayeque ask for"),
        ("es", "No hay empleos de asistente administrativo en Lima en nuestros datos, así que usé "
         "lo que piden los empleadores de Lambayeque"),
    ],
)  # fmt: skip
def test_a_path_for_another_region_says_so(api: Api, lang: str, says: str) -> None:
    _set_profile(api, goal_role="administrative assistant", region="Lima", languages=["es"])
    for budget in (0, None):
        body = api.post(f"/v1/pathways/recommend?lang={lang}", json={"budget_pen": budget}).json
        assert body["profile"]["region"] == "Lima"  # the learner's region is kept
        assert says in body["explanation"], body["explanation"]
        assert says in body["notes"]
        for step in body["steps"]:
            assert set(step["skills_taught"]) & {"office_admin", "excel_basics", "digital_literacy"}
    _set_profile(api, region="Lambayeque")  # where the role is in demand: nothing to explain
    body = api.post(f"/v1/pathways/recommend?lang={lang}", json={}).json
    assert [n for n in body["notes"] if "Lambayeque" in n] == []


@pytest.mark.parametrize(
    ("goal", "region"),
    [("welder", "La Libertad"), ("warehouse operator", "Lima"), ("forklift operator", "Lima")],
)
def test_no_step_for_a_skill_an_earlier_step_teaches(
    api: Api, ranker: Ranker, goal: str, region: str
) -> None:
    _set_profile(api, goal_role=goal, region=region, languages=["es"], budget_pen=None)
    body = api.post("/v1/pathways/recommend?lang=es", json={}).json
    wanted = {s for d in ranker.catalog.demand if d.role == goal for s in d.skills_required}
    taught: set[str] = set()
    for step in body["steps"]:
        new = set(step["skills_taught"]) - taught
        required_later = any(
            new & set(other["skills_required"]) for other in body["steps"] if other is not step
        )
        assert new & wanted or required_later, (step["title"], step["reason"])
        taught |= set(step["skills_taught"])
    # "Electricidad Básica … enseña Seguridad y salud en el trabajo" after the free course
    assert "C045" not in [s["course_id"] for s in body["steps"]]


def test_a_reason_names_what_the_step_adds(app: Any, ranker: Ranker) -> None:
    """A step's reason names a skill it adds, never only skills an earlier step taught."""
    from app.i18n import reply_locale
    from app.pathways import explain, skill_label
    from models.ranker import Profile, build_pathway

    for goal, region in (("welder", "La Libertad"), ("data analyst", "Lima")):
        profile = Profile(region=region, goal_role=goal, languages=["es", "en"])
        with app.app_context(), reply_locale("en"):
            path = build_pathway(ranker, profile, max_steps=5)
            explain(ranker.catalog, profile, path, 5)
            taught: set[str] = set()
            for step in path.steps:
                new = set(step.course.skills_taught) - taught
                if step.prerequisite_for is None:
                    assert any(skill_label(s) in step.reason for s in new), step.reason
                taught |= set(step.course.skills_taught)


# -- 4. slipway chat prints roles in the reply's language --------------------------------------
def test_show_pathway_prints_the_role_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from app import cli

    screen = Console(record=True, width=200)
    monkeypatch.setattr(cli, "out", screen)
    pathway = {
        "recommendation_id": 7,
        "steps": [
            {
                "course_id": "C048", "title": "Soldadura Básica SMAW", "language": "es",
                "hours": 80.0, "cost_pen": 650.0, "reason": "enseña Soldadura",
            }
        ],
        "roles": [{"role": "welder", "role_name": "soldador", "region": "Arequipa"}],
        "total_hours": 80.0, "weeks": 13.3, "total_cost_pen": 650.0,
    }  # fmt: skip
    cli.show_pathway(pathway)
    text = screen.export_text()
    assert "soldador (Arequipa)" in text
    assert "welder" not in text
