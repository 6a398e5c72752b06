"""Probe 47 (helper h238): P47-M8, a certificate question of a learner with a pathway ("¿me dan
certificado cuando termino el curso?") was read as a question about the path's course and
answered with how it is taught; P47-M9, a trailing "chamo" (and Venezuela's, Mexico's,
Colombia's other tags) made a known question "No lo sé", and "pago móvil" / "¿y zelle?" got "No lo
sé" or a refusal instead of the means of payment the knowledge base lists."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, en, es, make_user, talk  # noqa: F401


def _user(app: Any, name: str, locale: str) -> Api:
    token, user_id = make_user(app, name, "America/Lima")
    api = Api(app.test_client(), token, user_id, name)
    assert api.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    return api


_PROFILES = {
    "es-PE": (
        "Buenas tardes. Quisiera ser analista de datos. Vivo en Arequipa, mi presupuesto es "
        "S/ 400, tengo 5 horas por semana y sé Excel básico"
    ),
    "es-CL": (
        "quiero ser analista de datos, vivo en Lima, tengo 300 soles, 6 horas a la semana y sé "
        "Excel intermedio"
    ),
    "en": (
        "I want to be a data analyst. I live in Lima, my budget is S/ 400, I have 5 hours a "
        "week, I know basic Excel and I speak Spanish and English"
    ),
}
_CERTIFICATE_QUESTIONS = {
    "es-PE": [
        "¿me dan certificado cuando termino el curso?",
        "¿Me dan certificado al terminar el curso de Power BI?",
        "¿dan certificado?",
        "¿el curso tiene certificado?",
        "el certificado tiene costo?",
    ],
    "es-CL": [
        "¿me dan certificado cuando termino el curso?",
        "¿y al terminar el curso me dan un diploma?",
    ],
    "en": [
        "do I get a certificate when I finish?",
        "do I get a certificate when I finish the course?",
        "is there a certificate at the end of the course?",
        "does the certificate cost anything?",
    ],
}


@pytest.mark.parametrize("with_path", [True, False])
@pytest.mark.parametrize("locale", ["es-PE", "es-CL", "en"])
def test_a_certificate_question_is_the_certificates_answer(
    pathway_app: Any, locale: str, with_path: bool
) -> None:
    api = _user(pathway_app, f"learner{locale.replace('-', '')}{int(with_path)}", locale)
    if with_path:
        (shown,) = talk(api, _PROFILES[locale])
        assert shown["skill"] == "learning_path", shown["reply"]
        assert "1. " in shown["reply"], shown["reply"]  # a path with its courses
    for question in _CERTIFICATE_QUESTIONS[locale]:
        # in a new conversation, and right after the path (or the profile's first words)
        replies = [api.chat(question)]
        if with_path:
            replies.append(talk(api, "¿cuál es mi ruta?", question)[-1])
        for reply in replies:
            assert reply["skill"] == "knowledge", (question, reply["reply"])
            assert "certificates.md" in reply["reply"], (question, reply["reply"])
            for mode in ("híbrido", "presencial", "hybrid", "in person"):
                assert mode not in reply["reply"], (question, reply["reply"])


@pytest.mark.parametrize(
    ("locale", "question", "says"),
    [
        ("es-PE", "¿el curso de power bi es presencial o virtual?", "híbrido"),
        ("es-PE", "¿cuánto cuesta el primer curso?", "S/ 290"),
        ("en", "is the first course in person or online?", "is taught in person"),
    ],
)
def test_a_question_about_the_paths_course_is_still_the_paths(
    pathway_app: Any, locale: str, question: str, says: str
) -> None:
    api = _user(pathway_app, "pathlearner", locale)
    reply = talk(api, _PROFILES[locale], question)[-1]
    assert reply["skill"] == "learning_path", reply["reply"]
    assert says in reply["reply"], reply["reply"]


# -- P47-M9: tags at the end, "pago móvil", "¿y zelle?" -----------------------------------------


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("¿cuánto cuesta el curso de power bi chamo?", "S/ 290"),
        ("¿cuánto cuesta el curso de power bi chama?", "S/ 290"),
        ("cuanto cuesta el curso de excel pana", "S/ 220"),
        ("¿cuánto cuesta el curso de power bi, mi pana?", "S/ 290"),
        ("cuánto sale el bootcamp de data analytics parce", "S/ 2,400"),
        ("cuánto cuesta el bootcamp de desarrollo web parcero?", "S/ 2,600"),
        ("¿cuánto cuesta el curso de excel, vale?", "S/ 220"),
        ("cuánto cuesta el curso de excel güey", "S/ 220"),
        ("¿cuánto cuesta el curso de power bi hermano?", "S/ 290"),
        ("¿cuánto cuesta el curso de power bi, hermano?", "S/ 290"),
        ("¿cuánto cuesta el bootcamp de data analytics oye?", "S/ 2,400"),
        ("¿cuánto cuesta el curso de power bi marico?", "S/ 290"),
    ],
)
def test_a_venezuelan_or_colombian_tag_at_the_end_does_not_hurt(
    knowledge_skill: Any, question: str, says: str
) -> None:
    text, data = knowledge_skill.answer(question, "es")
    assert data.get("found") is True, text
    assert says in text, text


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("¿cuánto vale el curso de excel?", "vale"),
        ("¿el curso de excel cuánto vale?", "vale"),
        ("¿hay descuento para mi pana?", "pana"),
        ("¿puedo inscribir a mi hermano?", "hermano"),
    ],
)
def test_a_word_that_says_something_is_no_tag(question: str, kept: str) -> None:
    from app.skills.knowledge import plain_question

    assert kept in plain_question(question, "es")


@pytest.mark.parametrize(
    ("lang", "question", "means"),
    [
        ("es", "¿aceptan pago móvil?", "pago móvil"),
        ("es", "¿se puede pagar con pago movil?", "pago movil"),
        ("es", "¿puedo pagar por pago móvil, chamo?", "pago móvil"),
    ],
)
def test_pago_movil_is_said_unlisted_with_the_means_listed(
    knowledge_skill: Any, lang: str, question: str, means: str
) -> None:
    text, data = knowledge_skill.answer(question, lang)
    assert data.get("unlisted") == means, text
    assert "no menciona" in text, text
    for listed in ("Visa", "Yape", "Transferencia bancaria", "Efectivo"):
        assert listed in text, text


@pytest.mark.parametrize(
    ("locale", "first", "then", "means", "says"),
    [
        ("es-VE", "¿aceptan pago móvil?", "¿y zelle?", "zelle", "no menciona"),
        ("es-VE", "¿puedo pagar con tarjeta?", "¿y con zelle, chamo?", "zelle", "no menciona"),
        ("es-PE", "¿cómo puedo pagar?", "¿y paypal?", "paypal", "no menciona"),
        ("es-PE", "¿aceptan zelle?", "¿y pago móvil?", "pago móvil", "no menciona"),
        ("en", "do you take cards?", "and paypal?", "paypal", "does not list"),
        ("en", "can i pay with cash?", "what about zelle?", "zelle", "does not list"),
    ],
)
def test_a_follow_up_naming_another_means_is_answered_alike(
    request: pytest.FixtureRequest, locale: str, first: str, then: str, means: str, says: str
) -> None:
    api: Api = request.getfixturevalue("en" if locale == "en" else "es")
    assert api.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    one, two = talk(api, first, then)
    assert one["skill"] == "knowledge", one["reply"]
    assert two["skill"] == "knowledge", two["reply"]
    assert two["data"].get("unlisted", "").lower() == means, two["reply"]
    assert says in two["reply"], two["reply"]
    assert "Yape" in two["reply"], two["reply"]
    assert "Visa" in two["reply"], two["reply"]


def test_a_follow_up_of_another_topic_is_not_a_means(es: Api) -> None:  # noqa: F811
    _one, two = talk(es, "¿cuánto cuesta el curso de excel?", "¿y zelle?")
    assert two["data"].get("unlisted") is None, two["reply"]


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("¿cuánto cuesta el curso de power bi chamo?", "S/ 290"),
        ("cuanto cuesta el curso de excel parce", "S/ 220"),
    ],
)
def test_in_chat_the_tagged_question_is_answered(
    es: Api,  # noqa: F811
    question: str,
    says: str,
) -> None:
    assert es.patch("/v1/users/me", json={"locale": "es-VE"}).status_code == 200
    (reply,) = talk(es, question)
    assert reply["skill"] == "knowledge", reply
    assert says in reply["reply"], reply["reply"]
