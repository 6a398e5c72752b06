"""Probe 42: short acknowledgements, course follow-ups and questions sent to the wrong skill.

- K-H1: "ta" (British "thanks") and "tá" (River Plate "ok") were saved as to-dos. A one-word
  message never becomes a to-do unless it says what to add; acknowledgements are acknowledged.
- K-L1: greetings and acknowledgements ("de una", "joya", "brb", "nice one") were refused or
  answered with a joke, and "ok"/"dale" with "¡Listo!", as if something was done.
- K-M1: "how long is it" after a course question told the time; "and the sql one?", "y el
  otro?", "y el de web cuanto dura?" lost the course just discussed.
- K-M5: "what do I have to do to enrol?" listed the to-do list; "brilliant, cheers. how do I
  enrol?" was refused.
- K-L3: "remind me when enrolment opens" asked "When should I remind you to when enrolment
  opens?"."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, reminders_of, talk, zoned_user

LONDON, NEW_YORK, LIMA = "Europe/London", "America/New_York", "America/Lima"
BUENOS_AIRES, MEXICO = "America/Argentina/Buenos_Aires", "America/Mexico_City"
REFUSALS = ("can't help with that", "no puedo ayudarte con eso")
OK_EN, OK_ES = (
    "Good! If you need anything else, I'm here.",
    "¡Bien! Si necesitas algo más, aquí estoy.",
)
WELCOME_EN, WELCOME_ES = "You're welcome!", "¡De nada!"


def _user(app: Any, client: Any, zone: str, locale: str) -> Api:
    return zoned_user(app, client, zone, locale, "p42")


def _todos(api: Api) -> list[str]:
    return [t["text"] for t in api.get("/v1/todos").json["todos"]]


def _stored_nothing(api: Api) -> bool:
    meetings = api.get("/v1/meetings").json["meetings"]
    return not _todos(api) and not reminders_of(api) and not meetings


# -- K-H1: a one-word acknowledgement stores nothing ------------------------------------------


@pytest.mark.parametrize(
    ("zone", "locale", "messages", "said"),
    [
        (LONDON, "en-GB", ["ta"], WELCOME_EN),
        (LONDON, "en-GB", ["ta."], WELCOME_EN),
        (LONDON, "en-GB", ["Ta!"], WELCOME_EN),
        (LONDON, "en-GB", ["gracias", "SQL course price pls", "ta"], WELCOME_EN),
        (LONDON, "en-GB", ["how much is the excel course", "taa"], WELCOME_EN),
        (BUENOS_AIRES, "es-AR", ["tá"], OK_ES),
        (BUENOS_AIRES, "es-AR", ["cuánto sale el curso de excel?", "tá"], OK_ES),
        (BUENOS_AIRES, "es-AR", ["tá, tá"], OK_ES),
        (LIMA, "es-PE", ["ta bien"], OK_ES),
    ],
)  # fmt: skip
def test_ta_is_thanks_or_ok_and_never_a_to_do(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, messages: list[str],
    said: str,
) -> None:  # fmt: skip
    api = _user(app, client, zone, locale)
    last = talk(api, *messages)[-1]
    assert last["reply"] == said, last
    assert last["skill"] == "conversation"
    assert _todos(api) == []


@pytest.mark.parametrize(
    "word",
    [
        "k", "kk", "kkk", "ta", "tah", "ty", "tysm", "cheers", "ok", "okie", "va", "sip", "sipi",
        "dale", "joya", "np", "nw", "cool", "listo", "vale", "sale", "chido", "simon", "órale",
        "ándale", "noted", "gotcha", "mint", "ace", "lush", "brill", "sorted", "piola", "bkn",
        "bacán", "chévere", "buenazo", "yapo", "grax", "porfa", "brb", "genial", "perfecto",
    ],
)  # fmt: skip
@pytest.mark.parametrize(("zone", "locale"), [(LONDON, "en-GB"), (BUENOS_AIRES, "es-AR")])
def test_a_one_word_acknowledgement_stores_nothing(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, word: str
) -> None:
    api = _user(app, client, zone, locale)
    r = api.chat(word)
    assert r["skill"] == "conversation", r
    assert not any(refused in r["reply"] for refused in REFUSALS), r
    assert "to-do" not in r["reply"], r
    assert "pendientes" not in r["reply"], r
    assert _stored_nothing(api)


@pytest.mark.parametrize(
    ("zone", "locale", "word", "asked"),
    [
        (LIMA, "es-PE", "anótalo", "¿Qué agrego a tu lista de pendientes?"),
        (LIMA, "es-PE", "apúntalo", "¿Qué agrego a tu lista de pendientes?"),
        (LONDON, "en-GB", "add", "What should I add to your to-do list?"),
    ],
)
def test_a_one_word_to_do_asks_what_to_add(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, word: str, asked: str
) -> None:
    api = _user(app, client, zone, locale)
    r = api.chat(word)
    assert (r["reply"], r["pending"]) == (asked, True)
    assert _todos(api) == []
    then = api.chat("comprar pan" if locale.startswith("es") else "buy bread", r["conversation_id"])
    assert _todos(api) == ["comprar pan" if locale.startswith("es") else "buy bread"], then


@pytest.mark.parametrize(
    ("zone", "locale", "first", "ack", "kept"),
    [
        (LONDON, "en-GB", "add", "ta", "What should I add to your to-do list?"),
        (LONDON, "en-GB", "add", "cheers mate", "What should I add to your to-do list?"),
        (LIMA, "es-PE", "agrega", "dale", "¿Qué agrego a tu lista de pendientes?"),
        (BUENOS_AIRES, "es-AR", "agregá", "tá", "¿Qué agrego a tu lista de pendientes?"),
        (BUENOS_AIRES, "es-AR", "agrega", "joya", "¿Qué agrego a tu lista de pendientes?"),
        (LONDON, "en-GB", "remind me to call mom", "ta", "When should I remind you to call mom?"),
        (LIMA, "es-PE", "recuérdame llamar a mamá", "chévere", "¿Cuándo te recuerdo"),
    ],
)  # fmt: skip
def test_an_acknowledgement_to_a_question_keeps_it_and_stores_nothing(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, first: str, ack: str,
    kept: str,
) -> None:  # fmt: skip
    api = _user(app, client, zone, locale)
    asked = api.chat(first)
    assert asked["pending"], asked
    r = api.chat(ack, asked["conversation_id"])
    assert r["pending"], r
    assert kept in r["reply"], r
    assert _stored_nothing(api)


@pytest.mark.parametrize(
    ("zone", "locale", "message", "todo"),
    [
        (LONDON, "en-GB", "add milk", "milk"),
        (LIMA, "es-PE", "anota comprar pan", "comprar pan"),
        (LONDON, "en-GB", "todo: call mom", "call mom"),
        (NEW_YORK, "en-US", "ok thanks, add milk", "milk"),
        (BUENOS_AIRES, "es-AR", "anotame comprar yerba", "comprar yerba"),
        (LIMA, "es-PE", "pendiente: revisar contrato", "revisar contrato"),
    ],
)
def test_real_to_do_requests_still_add_one(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, message: str, todo: str
) -> None:
    api = _user(app, client, zone, locale)
    r = api.chat(message)
    assert _todos(api) == [todo], r


# -- K-L1: greetings and acknowledgements get a short friendly reply ----------------------------


@pytest.mark.parametrize(
    ("zone", "locale", "message", "said"),
    [
        (BUENOS_AIRES, "es-AR", "holaaa como andas? jaja",
         "¡Muy bien, gracias por preguntar! ¿En qué te puedo ayudar?"),
        (LIMA, "es-PE", "hola, ¿cómo estás?",
         "¡Muy bien, gracias por preguntar! ¿En qué te puedo ayudar?"),
        (NEW_YORK, "en-US", "hey how are you?",
         "I'm doing well, thanks for asking! How can I help you?"),
        (LONDON, "en-GB", "nice one", OK_EN),
        (LONDON, "en-GB", "ta mate", WELCOME_EN),
        (LONDON, "en-GB", "ta very much", WELCOME_EN),
        (LONDON, "en-GB", "cheers mate, ta", WELCOME_EN),
        (LONDON, "en-GB", "brb", "No problem, I'll be here."),
        (LONDON, "en-GB", "one sec", "No problem, I'll be here."),
        (LONDON, "en-GB", "kk", OK_EN),
        (LONDON, "en-GB", "ace", OK_EN),
        (LONDON, "en-GB", "lovely, cheers", WELCOME_EN),
        (BUENOS_AIRES, "es-AR", "de una", OK_ES),
        (BUENOS_AIRES, "es-AR", "ya fue", OK_ES),
        (BUENOS_AIRES, "es-AR", "buenisimo", OK_ES),
        (BUENOS_AIRES, "es-AR", "joya", OK_ES),
        (BUENOS_AIRES, "es-AR", "joya, gracias!", WELCOME_ES),
        (BUENOS_AIRES, "es-AR", "ya vuelvo", "No hay problema, aquí estaré."),
        (MEXICO, "es-MX", "sale", OK_ES),
        (MEXICO, "es-MX", "chido", OK_ES),
        (MEXICO, "es-MX", "simon", OK_ES),
        (MEXICO, "es-MX", "porfa", "¡Claro! ¿En qué te puedo ayudar?"),
        (MEXICO, "es-MX", "órale, gracias", WELCOME_ES),
        (LIMA, "es-PE", "ok", OK_ES),
        (LIMA, "es-PE", "ya pe", OK_ES),
        (LIMA, "es-PE", "chevere", OK_ES),
        (BUENOS_AIRES, "es-AR", "dale", OK_ES),
        (NEW_YORK, "en-US", "ok", OK_EN),
        (NEW_YORK, "en-US", "cool cool", OK_EN),
    ],
)  # fmt: skip
def test_an_acknowledgement_gets_a_short_friendly_reply(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, message: str, said: str
) -> None:
    api = _user(app, client, zone, locale)
    r = api.chat(message)
    assert (r["skill"], r["reply"]) == ("conversation", said)
    assert "Listo" not in r["reply"]
    assert _stored_nothing(api)


def test_a_yes_with_nothing_waiting_still_says_there_is_nothing_to_confirm(
    app: Any, client: Any, probe_clock: None
) -> None:
    api = _user(app, client, NEW_YORK, "en-US")
    assert api.chat("yes")["reply"] == "There is nothing to confirm right now."


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ta", "thanks"), ("tá", "ok"), ("Ta very much!", "thanks"), ("cheers mate", "thanks"),
        ("ok thanks", "thanks"), ("dale gracias", "thanks"), ("kk", "ok"), ("de una", "ok"),
        ("ya fue", "ok"), ("ta bien", "ok"), ("okkkk", "ok"), ("brb", "brb"),
        ("porfa", "please"), ("holaaa como andas? jaja", "how_are_you"),
        ("add milk", None), ("ta-da", None), ("thanks for the help, how do I enrol?", None),
        ("dale, agenda una reunión", None), ("ok cancel it", None), ("yes", None), ("si", None),
        ("", None),
    ],
)  # fmt: skip
def test_what_an_acknowledgement_is(text: str, kind: str | None) -> None:
    from app.skills.conversation import acknowledgement

    assert acknowledgement(text) == kind


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("brilliant, cheers. how do I enrol?", "how do I enrol?"),
        ("ok, thanks. what time is it?", "what time is it?"),
        ("genial, gracias. como me inscribo?", "como me inscribo?"),
        ("thanks", None),
        ("thanks, bye", None),
        ("hello, how do I enrol?", None),
    ],
)
def test_what_follows_an_acknowledgement(text: str, rest: str | None) -> None:
    from app.skills.conversation import after_acknowledgement

    assert after_acknowledgement(text) == rest


# -- K-M1: short follow-ups about a course keep it --------------------------------------------


@pytest.mark.parametrize(
    ("zone", "locale", "messages", "wanted", "unwanted"),
    [
        (NEW_YORK, "en-US", ["how much is the web dev bootcamp", "how long is it"],
         ["Web Development Bootcamp (12 weeks)", "Bootcamps: 12 weeks, 240 hours"], []),
        (NEW_YORK, "en-US", ["hey how much is the web dev bootcamp rly", "how long is it"],
         ["Web Development Bootcamp (12 weeks)", "240 hours"], []),
        (NEW_YORK, "en-US", ["how long is the data analytics bootcamp", "how long is it"],
         ["Data Analytics Bootcamp (12 weeks)", "240 hours"], []),
        (NEW_YORK, "en-US", ["how much is the excel course", "how long is it"],
         ["Excel Intermedio (24 hours)", "Short courses: 20 to 40 hours"], []),
        (LONDON, "en-GB", ["how much is the power bi course?", "how many hours is it?"],
         ["Power BI Básico (24 hours)"], []),
        (NEW_YORK, "en-US", ["how much is the excel course", "and the sql one?"],
         ["Introducción a SQL (30 hours): S/ 260"], ["Excel Intermedio (24 hours): S/ 220”"]),
        (NEW_YORK, "en-US", ["how much is the excel course", "how long is it", "and the sql one?"],
         ["Introducción a SQL (30 hours)", "Short courses"], []),
        (LONDON, "en-GB",
         ["how much is the power bi course and is there a certificate", "and the excel one?"],
         ["Excel Intermedio (24 hours): S/ 220"], ["S/ 30", "S/ 60"]),
        (LONDON, "en-GB",
         ["how much is the power bi course and is there a certificate", "and the excel one?",
          "how many hours is it"],
         ["Excel Intermedio (24 hours)"], ["It's "]),
        (NEW_YORK, "en-US", ["how much is the data analytics bootcamp?", "and the other one?"],
         ["Web Development Bootcamp (12 weeks): S/ 2,600"], []),
        (NEW_YORK, "en-US", ["how long is the data analytics bootcamp", "how much is it"],
         ["Data Analytics Bootcamp (12 weeks): S/ 2,400"], []),
        (LIMA, "es-PE", ["hola, cuanto sale el bootcamp de data?", "y cuanto dura?"],
         ["Bootcamp de Data Analytics (12 semanas)", "Bootcamps: 12 semanas, 240 horas"],
         ["40 minutos"]),
        (MEXICO, "es-MX", ["cuanto cuesta el bootcamp de data analytics?", "y el otro?"],
         ["Bootcamp de Desarrollo Web (12 semanas): S/ 2,600"], ["chiste", "calendario"]),
        (MEXICO, "es-MX",
         ["cuanto cuesta el bootcamp de data analytics?", "y el otro?", "y el de web cuanto dura?"],
         ["Bootcamp de Desarrollo Web (12 semanas)", "240 horas"], REFUSALS),
        (LIMA, "es-CO",
         ["¿cuánto cuesta el curso de Atención al Cliente en Hotelería?", "¿y dura cuántas horas?"],
         ["Atención al Cliente en Hotelería (20 horas)", "Cursos cortos"], ["No lo sé"]),
        (BUENOS_AIRES, "es-AR", ["cuánto sale el curso de power bi?", "y el de sql?"],
         ["Introducción a SQL (30 horas): S/ 260"], []),
        (BUENOS_AIRES, "es-AR", ["cuánto sale el curso de excel?", "y cuántas semanas son?"],
         ["Excel Intermedio (24 horas)", "de 4 a 6 semanas"], []),
        (LIMA, "es-PE", ["cuanto cuesta el curso de excel?", "y el otro?"],
         ["Introducción a SQL (30 horas)", "Bootcamp de Desarrollo Web"], ["chiste"]),
    ],
)  # fmt: skip
def test_a_course_follow_up_keeps_the_course(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, messages: list[str],
    wanted: list[str], unwanted: list[str],
) -> None:  # fmt: skip
    api = _user(app, client, zone, locale)
    last = talk(api, *messages)[-1]
    assert last["skill"] == "knowledge", last
    for said in wanted:
        assert said in last["reply"], last["reply"]
    for said in unwanted:
        assert said not in last["reply"], last["reply"]


@pytest.mark.parametrize(
    ("zone", "locale", "messages", "skill", "wanted"),
    [
        # about something else than the course: not a course follow-up
        (NEW_YORK, "en-US", ["how much is the excel course", "how long is the placement test"],
         "knowledge", "40 minutes"),
        # no course before: the time, as before
        (NEW_YORK, "en-US", ["what time is it?", "how long is it"], "scheduling", "It's "),
        # campus follow-ups are kept
        (LIMA, "es-PE", ["a que hora abre la sede de lima los sabados?", "y en arequipa?"],
         "knowledge", "Arequipa"),
    ],
)  # fmt: skip
def test_what_is_no_course_follow_up(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, messages: list[str],
    skill: str, wanted: str,
) -> None:  # fmt: skip
    api = _user(app, client, zone, locale)
    last = talk(api, *messages)[-1]
    assert last["skill"] == skill, last
    assert wanted in last["reply"], last["reply"]


# -- K-M5: questions about the institute's steps go to the knowledge base ------------------------


@pytest.mark.parametrize(
    ("zone", "locale", "message", "wanted"),
    [
        (NEW_YORK, "en-US", "what do I have to do to enrol?", "Create an account on Ruta Campus"),
        (NEW_YORK, "en-US", "what do I need to do to enroll?", "Create an account on Ruta Campus"),
        (NEW_YORK, "en-US", "what do i need to do to get my certificate", "Getting a certificate"),
        (NEW_YORK, "en-US", "what do I have to bring on the first day?", "I don't know"),
        (LONDON, "en-GB", "brilliant, cheers. how do I enrol?", "Create an account on Ruta Campus"),
        (LONDON, "en-GB", "lovely, ta. how do I enrol?", "Create an account on Ruta Campus"),
        (LIMA, "es-PE", "qué tengo que hacer para matricularme?", "Crea una cuenta en Ruta Campus"),
        (LIMA, "es-PE", "qué necesito hacer para inscribirme?", "Crea una cuenta en Ruta Campus"),
        (LIMA, "es-PE", "qué tengo que hacer para obtener mi certificado?",
         "Cómo obtener un certificado"),
        (LIMA, "es-PE", "genial, gracias. ¿cómo me inscribo?", "Crea una cuenta en Ruta Campus"),
    ],
)  # fmt: skip
def test_a_question_about_enrolling_is_a_knowledge_question(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, message: str, wanted: str
) -> None:
    api = _user(app, client, zone, locale)
    r = api.chat(message)
    assert r["skill"] == "knowledge", r
    assert wanted in r["reply"], r["reply"]
    assert _stored_nothing(api)


@pytest.mark.parametrize(
    ("zone", "locale", "message"),
    [
        (NEW_YORK, "en-US", "what do I have to do today?"),
        (NEW_YORK, "en-US", "what's on my to-do list?"),
        (LIMA, "es-PE", "qué tengo pendiente para mañana"),
        (NEW_YORK, "en-US", "show my reminders about the scholarship"),
    ],
)
def test_the_agenda_is_still_the_agenda(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, message: str
) -> None:
    api = _user(app, client, zone, locale)
    assert api.chat(message)["skill"] == "scheduling"


# -- K-L3: a reminder "when" something happens -------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "locale", "message", "asked", "answer", "text"),
    [
        (NEW_YORK, "en-US", "remind me when enrolment opens",
         "I can't know when enrolment opens, so I can't remind you at that moment. On what date "
         "and at what time should I remind you?", "on december 14 at 9am", "enrolment opens"),
        (NEW_YORK, "en-US", "remind me when the bootcamp starts",
         "I can't know when the bootcamp starts", "on december 15 at 10am", "the bootcamp starts"),
        (LIMA, "es-PE", "recuérdame cuando abran las matrículas",
         "No puedo avisarte justo cuando abran las matrículas, porque no tengo forma de saber "
         "cuándo será. ¿Qué día y a qué hora te lo recuerdo?", "el 14 de diciembre a las 9am",
         "cuando abran las matrículas"),  # its "cuando" kept (probe 43, N-L4: helper 207)
    ],
)  # fmt: skip
def test_a_reminder_when_something_happens_asks_for_a_date(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, message: str, asked: str,
    answer: str, text: str,
) -> None:  # fmt: skip
    api = _user(app, client, zone, locale)
    r = api.chat(message)
    assert r["pending"], r
    assert r["reply"].startswith(asked), r["reply"]
    assert "remind you to when" not in r["reply"]
    assert "recuerdo cuando" not in r["reply"]
    assert reminders_of(api) == []
    api.chat(answer, r["conversation_id"])
    assert [said for said, _ in reminders_of(api)] == [text]
