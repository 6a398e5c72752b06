"""Probe 35, the knowledge base and the pathway planner.

- P-M4: the topic menu did not answer its own entries ("how do I enrol?", "who can enrol?",
  "¿cómo me matriculo?" got "About Enrolment … I can tell you about: Who can enrol; How to enrol;
  …" again); "¿qué requisitos piden para matricularme?" got "No lo sé"; "¿me dan certificado
  cuando termino el curso?" was answered from the job-placement document. A short message that
  says every word of a section's heading, its asking words too ("who can" beside "how to"), is
  that section; a question for what one needs ("requisitos", "what do I need") is the section
  of requirements or of who can of the document it names; a question whose frame names a
  document's title ("¿me dan certificado …?") is answered from that document when it holds a
  line nearly as good as another document's passing mention.
- P-M5: "y tarjeta?" after "aceptan yape?" was answered from the privacy policy: a follow-up
  that names another item of the section that answered ("tarjeta" beside "Yape" in the payment
  methods) asks about that item instead of the one named before.
- P-M1: "quiero saber qué cursos hay para ser contadora, por curiosidad" replaced the stored
  goal: a question about which courses there are, said as a wish to know or out of curiosity,
  shows the courses and stores nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, make_user, talk

# -- P-M4: the menu's entries, requirements, the certificate ----------------------------------


@pytest.mark.parametrize(
    ("question", "lang", "section"),
    [
        ("how do I enrol?", "en", "How to enrol"),
        ("tell me about how to enrol", "en", "How to enrol"),
        ("who can enrol?", "en", "Who can enrol"),
        ("Who can enrol", "en", "Who can enrol"),
        ("how do I apply for a scholarship?", "en", "How to apply"),
        ("¿cómo me matriculo?", "es", "Cómo matricularse"),
        ("Cómo matricularse", "es", "Cómo matricularse"),
        ("¿quién puede matricularse?", "es", "Quién puede matricularse"),
        ("¿cómo me inscribo?", "es", "Cómo matricularse"),
        ("¿cómo postulo a una beca?", "es", "Cómo postular"),
    ],
)
def test_a_menu_entry_said_is_that_section(
    knowledge_skill: Any, question: str, lang: str, section: str
) -> None:
    _, data = knowledge_skill.answer(question, lang)
    assert data["found"]
    assert data["section"] == section


@pytest.mark.parametrize(
    ("question", "lang", "doc", "section"),
    [
        ("what do i need to enrol", "en", "enrolment", "Who can enrol"),
        ("what are the requirements to enrol?", "en", "enrolment", "Who can enrol"),
        ("what do I need for the online platform?", "en", "online-platform", "Requirements"),
        ("¿qué requisitos piden para matricularme?", "es", "enrolment",
         "Quién puede matricularse"),
        ("q requisitos piden pa matricularme", "es", "enrolment", "Quién puede matricularse"),
        ("¿qué necesito para inscribirme?", "es", "enrolment", "Quién puede matricularse"),
        ("requisitos para las prácticas", "es", "internships", "Requisitos y postulación"),
    ],
)  # fmt: skip
def test_requirements_are_the_section_of_requirements_or_who_can(
    knowledge_skill: Any, question: str, lang: str, doc: str, section: str
) -> None:
    _, data = knowledge_skill.answer(question, lang)
    assert data["found"]
    assert (data["doc"], data["section"]) == (doc, section)


@pytest.mark.parametrize(
    ("question", "lang", "doc"),
    [
        ("contact", "en", "contact"),
        ("online platform", "en", "online-platform"),
        ("matrícula", "es", "enrolment"),
        ("contacto", "es", "contact"),
    ],
)
def test_a_title_is_its_own_document_not_a_heading_elsewhere(
    knowledge_skill: Any, question: str, lang: str, doc: str
) -> None:
    _, data = knowledge_skill.answer(question, lang)
    assert data["doc"] == doc


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("¿me dan certificado cuando termino el curso?", "es"),
        ("¿dan certificado cuando acabo el curso?", "es"),
        ("do I get a certificate when I finish the course?", "en"),
    ],
)
def test_a_certificate_asked_for_is_answered_from_the_certificates(
    knowledge_skill: Any, question: str, lang: str
) -> None:
    _, data = knowledge_skill.answer(question, lang)
    assert data["doc"] == "certificates"


def test_a_thing_of_another_document_keeps_its_document(knowledge_skill: Any) -> None:
    # "costo" is the fees' word, but the question is about Ruta Empleo's cost
    question = "ruta empleo tiene algun costo para los q ya terminamos?"
    _, data = knowledge_skill.answer(question, "es")
    assert data["doc"] == "job-placement"


# -- P-M5: a follow-up naming another item of the same section ---------------------------------


@pytest.mark.parametrize(
    ("lang", "first", "then", "line"),
    [
        ("es", "aceptan yape?", "y tarjeta?", "Visa o Mastercard"),
        ("es", "¿aceptan yape?", "¿y con tarjeta?", "Visa o Mastercard"),
        ("es", "¿puedo pagar en efectivo?", "¿y transferencia?", "Transferencia bancaria"),
        ("en", "do you accept yape?", "and card?", "Visa or Mastercard"),
        ("en", "can I pay by bank transfer?", "and cash?", "Cash, only at campus reception"),
    ],
)
def test_a_follow_up_naming_another_item_asks_about_it(
    knowledge_skill: Any, lang: str, first: str, then: str, line: str
) -> None:
    _, data = knowledge_skill.answer(first, lang)
    question = knowledge_skill.follow_up(then, knowledge_skill.remember(first, data), lang)
    assert question is not None
    _, found = knowledge_skill.answer(question, lang)
    assert found["doc"] == "fees-and-payment"
    assert line in str(found["sentence"])


def test_a_follow_up_about_the_same_item_keeps_it(knowledge_skill: Any) -> None:
    first = "do you have a Power BI course?"
    _, data = knowledge_skill.answer(first, "en")
    asked = knowledge_skill.remember(first, data)
    question = knowledge_skill.follow_up("and how much is it?", asked)
    assert question is not None
    assert "Power BI" in question


def test_the_reported_follow_up_through_chat(es: Api) -> None:
    replies = talk(es, "aceptan yape?", "y tarjeta?")
    assert replies[1]["data"].get("doc") == "fees-and-payment", replies[1]["reply"]
    assert "Mastercard" in replies[1]["reply"]
    assert "Privacidad" not in replies[1]["reply"]


# -- P-M1: a question about courses for a job never replaces the goal ---------------------------


def _learner(app: Any, name: str, locale: str) -> Api:
    token, user_id = make_user(app, name, "America/Lima")
    api = Api(app.test_client(), token, user_id, name)
    assert api.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    # reads both languages (an English profile starts with English alone, and the planner would
    # ask "Do you read Spanish?" first)
    profile = api.patch("/v1/users/me/profile", json={"languages": ["es", "en"]})
    assert profile.status_code == 200
    return api


@pytest.mark.parametrize(
    ("locale", "goal", "asked", "role"),
    [
        ("es-PE", "quiero ser analista de datos",
         "oye y quiero saber que cursos hay para ser contadora, por curiosidad nomas",
         "accounting assistant"),
        ("es-PE", "quiero ser analista de datos", "quiero saber que cursos hay para ser cocinero",
         "cook"),
        ("es-PE", "quiero ser analista de datos", "kiero saber q cursos hay para ser electricista",
         "electrician"),
        ("es-PE", "quiero ser analista de datos",
         "me gustaría saber qué cursos tienen para ser electricista", "electrician"),
        ("en", "I want to be a data analyst",
         "I'd like to know what courses you have for electricians, just curious", "electrician"),
        ("en", "I want to be a data analyst",
         "just curious, which courses are there to become a cook", "cook"),
    ],
)  # fmt: skip
def test_asking_which_courses_for_a_job_keeps_the_goal(
    pathway_app: Any, locale: str, goal: str, asked: str, role: str
) -> None:
    api = _learner(pathway_app, "lucia", locale)
    api.chat(goal)
    assert api.get("/v1/users/me/profile").json["goal_role"] == "data analyst"
    reply = api.chat(asked)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["data"].get("supposed") == {"goal_role": role}, reply["reply"]
    assert api.get("/v1/users/me/profile").json["goal_role"] == "data analyst"
    assert "Anotado" not in reply["reply"]
    assert "Noted" not in reply["reply"]


@pytest.mark.parametrize(
    ("locale", "said", "role"),
    [
        ("es-PE", "quiero ser electricista, dime qué cursos hay", "electrician"),
        ("en", "I want to become an electrician, tell me what courses there are", "electrician"),
    ],
)
def test_a_wish_said_with_it_still_sets_the_goal(
    pathway_app: Any, locale: str, said: str, role: str
) -> None:
    api = _learner(pathway_app, "jorge", locale)
    api.chat(said)
    assert api.get("/v1/users/me/profile").json["goal_role"] == role
