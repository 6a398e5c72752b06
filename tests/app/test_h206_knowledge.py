"""Probe 43's wrong-fact knowledge answers (helper 206).

- K-H2: a question that names a bootcamp and asks something else of it is answered by the line
  that says that: its schedule ("horario": not the women's scholarship, whose "las postulaciones
  están abiertas" the synonyms read as "horario"), its days (a line that names days), its class
  times (the shifts); whether it is only for women / open to men is who can enrol, never the
  women's scholarship line; its price and scholarships asked together get both.
- K-H4: a course's price and whether there is a certificate, asked together, get both; the price
  of "the certificate" is not a printed copy's: said not to be known, the printed copy's price
  quoted as what it is.
- N-M1: a campus's Wi-Fi is the facilities' line that holds for every campus, not its address."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api


def _chat(request: pytest.FixtureRequest, lang: str, said: str) -> dict[str, Any]:
    api: Api = request.getfixturevalue(lang)
    return api.chat(said)


_WOMEN = ("For women", "Para mujeres", "women", "mujeres")


# -- K-H2: a bootcamp's schedule, days and class times ------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "horario del bootcamp de desarrollo web"),
        ("es", "en que horario es el bootcamp de desarrollo web?"),
        ("es", "¿cuál es el horario del bootcamp de data analytics?"),
        ("es", "que horarios tiene el bootcamp de data analytics"),
        ("en", "what days is the data analytics bootcamp?"),
        ("en", "which days is the web development bootcamp on?"),
        ("es", "que dias es el bootcamp de desarrollo web?"),
        ("en", "what's the schedule of the web development bootcamp?"),
    ],
)
def test_a_bootcamps_schedule_or_days_are_the_bootcamps_line(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "schedules-and-class-format", text
    assert "240" in data["sentence"], text
    assert not any(women in text for women in _WOMEN), text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "what time are the classes of the web development bootcamp?"),
        ("en", "what time are the data analytics bootcamp classes?"),
        ("es", "a qué hora son las clases del bootcamp de data analytics?"),
        ("es", "a que hora son las clases del bootcamp de desarrollo web"),
    ],
)
def test_a_bootcamps_class_times_are_the_shifts(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "schedules-and-class-format", text
    assert data["section"] in ("Shifts", "Turnos"), text
    assert "9:00" in data["sentence"], text
    assert "S/" not in text, text


# -- K-H2: only for women? ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "is the web development bootcamp only for women?"),
        ("en", "are the bootcamps only for women?"),
        ("en", "is the data analytics bootcamp just for girls?"),
        ("en", "can guys apply to the web development bootcamp?"),
        ("en", "can men join the data analytics bootcamp?"),
        ("es", "los hombres pueden entrar al bootcamp de desarrollo web?"),
        ("es", "el bootcamp de data analytics es solo para mujeres?"),
        ("es", "pueden inscribirse varones en el bootcamp de desarrollo web?"),
        ("es", "¿el bootcamp de desarrollo web es sólo para chicas?"),
    ],
)
def test_only_for_women_is_who_can_enrol(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "enrolment", text
    assert data["section"] in ("Who can enrol", "Quién puede matricularse"), text
    assert not any(women in text for women in _WOMEN), text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "is there a scholarship for women?"),
        ("es", "hay becas para mujeres?"),
        ("en", "scholarship for women in the data analytics bootcamp"),
    ],
)
def test_the_womens_scholarship_is_still_for_women(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "scholarships", text
    assert data["section"] in ("Mujeres en Tecnología scholarship", "Beca Mujeres en Tecnología")


def test_only_for_women_through_the_app(request: pytest.FixtureRequest) -> None:
    reply = _chat(request, "es", "los hombres pueden entrar al bootcamp de desarrollo web?")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "Quién puede matricularse" in reply["reply"], reply["reply"]
    assert "Para mujeres" not in reply["reply"], reply["reply"]


# -- K-H2 / K-H4: a price and another thing asked together ---------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "price", "other"),
    [
        (
            "es",
            "quisiera saber cuanto cuesta el bootcamp de data analytics y si tienen becas",
            "S/ 2,400",
            "Beca Ruta",
        ),
        ("es", "cuanto cuesta el bootcamp de desarrollo web y si hay becas?", "S/ 2,600", "Beca"),
        ("en", "how much is the power bi course and is there a certificate", "S/ 290", "Certif"),
        ("en", "how much is the sql course and do I get a certificate?", "S/ 260", "Certif"),
        ("es", "cuanto cuesta el curso de power bi y dan certificado?", "S/ 290", "Certificad"),
        ("es", "cuánto cuesta el curso de excel y me dan certificado?", "S/ 220", "Certificad"),
    ],
)
def test_a_price_and_another_question_get_both(
    skill, lang: str, said: str, price: str, other: str
) -> None:  # type: ignore[no-untyped-def]
    text, _data = skill.answer(said, lang)
    assert price in text, text
    assert other in text, text
    assert "S/ 25" not in text, text  # a printed copy's price is no answer here
    assert "“Free Ruta Abierta" not in text, text  # nor is the free courses' badge
    assert "“Los cursos gratuitos de Ruta Abierta" not in text, text


def test_a_price_and_a_certificate_through_the_app(request: pytest.FixtureRequest) -> None:
    reply = _chat(request, "en", "how much is the power bi course and is there a certificate")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "S/ 290" in reply["reply"], reply["reply"]
    assert "Certificates" in reply["reply"], reply["reply"]
    assert "S/ 25" not in reply["reply"], reply["reply"]


# -- K-H4: the certificate's price ----------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "how much does the certificate cost?",
        "how much is the certificate?",
        "what's the price of a certificate",
    ],
)
def test_the_certificates_price_is_not_a_printed_copys(skill, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, "en")
    assert data["found"] is False, text
    assert text.startswith("I don't know that price"), text
    # the printed copy's price is quoted as a printed copy's, never as the answer
    assert "A printed copy costs S/ 25" in text, text
    assert not text.startswith("From"), text


@pytest.mark.parametrize(
    ("lang", "said"),
    [("es", "cuanto cuesta el certificado?"), ("es", "¿cuál es el precio del certificado?")],
)
def test_the_certificates_price_is_not_known_in_spanish(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is False, text
    assert text.startswith("No lo sé"), text
    assert not text.startswith("Según"), text


@pytest.mark.parametrize(
    ("lang", "said", "price"),
    [
        ("en", "how much is a printed certificate?", "S/ 25"),
        ("en", "how much does a printed copy of the certificate cost?", "S/ 25"),
        ("es", "cuanto cuesta la copia impresa del certificado?", "S/ 25"),
        ("en", "how much is the registration fee?", "S/ 50"),
        ("en", "how much is the late fee?", "S/ 20"),
    ],
)
def test_a_things_own_price_is_still_the_answer(skill, lang: str, said: str, price: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert price in data["sentence"], text


def test_the_certificates_price_through_the_app(request: pytest.FixtureRequest) -> None:
    reply = _chat(request, "en", "how much does the certificate cost?")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert reply["reply"].startswith("I don't know that price"), reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "do I get a certificate?"), ("es", "me dan certificado?")],
)
def test_a_certificate_question_is_not_the_free_courses_badge(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    hit = skill.best(said, lang)
    assert hit is None or "Ruta Abierta" not in hit.sentence, hit


# -- N-M1: a campus's Wi-Fi -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "la sede de trujillo tiene wifi?"),
        ("es", "hay wifi en la sede de arequipa?"),
        ("es", "¿en la sede de Cusco hay wi-fi?"),
        ("en", "is there wifi at the cusco campus?"),
        ("en", "does the Trujillo campus have wifi?"),
        ("en", "what is the wifi password at the lima campus?"),
    ],
)
def test_a_campuss_wifi_is_the_facilities_line(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert "Ruta-Aprende" in data["sentence"], text


@pytest.mark.parametrize(
    ("lang", "said", "token"),
    [
        ("es", "la sede de arequipa tiene laboratorio de computo?", "laboratorio"),
        ("en", "what is the address of the cusco campus?", "Av. El Sol"),
        ("es", "donde queda la sede de cusco?", "Av. El Sol"),
        ("es", "a que hora abre la sede de trujillo?", "9:00"),
    ],
)
def test_a_campuss_own_line_is_still_the_answer(skill, lang: str, said: str, token: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert token in data["sentence"], text


def test_a_campuss_wifi_through_the_app(request: pytest.FixtureRequest) -> None:
    reply = _chat(request, "es", "la sede de trujillo tiene wifi?")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "Ruta-Aprende" in reply["reply"], reply["reply"]


# -- K-H2: "y tienen alguna beca?" after a bootcamp's price ----------------------------------------


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("cuanto cuesta el bootcamp de data analytics?", "y tienen alguna beca?"),
        ("cuánto cuesta el bootcamp de desarrollo web?", "¿y hay becas?"),
    ],
)
def test_a_scholarship_follow_up_to_a_price_gets_every_scholarship(
    request: pytest.FixtureRequest, first: str, then: str
) -> None:
    api: Api = request.getfixturevalue("es")
    asked = api.chat(first)
    reply = api.chat(then, asked["conversation_id"])
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "Beca Ruta" in reply["reply"], reply["reply"]
    assert not reply["reply"].startswith("Según Becas › Beca Mujeres"), reply["reply"]


def test_a_follow_up_in_the_same_document_still_follows(request: pytest.FixtureRequest) -> None:
    api: Api = request.getfixturevalue("es")
    asked = api.chat("¿aceptan yape?")
    reply = api.chat("y tarjeta?", asked["conversation_id"])
    assert "Visa" in reply["reply"], reply["reply"]
