"""Spanish as a first-class language, through the API: a Spanish message gets a Spanish reply,
an English one an English reply, a short or unsure one the conversation's language or the user's
locale; the locale is kept on the user, set from the profile, from chat and validated; the pages
render in the user's language."""

from __future__ import annotations

from typing import Any

import pytest

from app.language import detect
from tests.app.conftest import Api, make_user, page_texts


def _spanish(text: str) -> bool:
    return detect(text) == "es"


def _english(text: str) -> bool:
    return detect(text) == "en"


@pytest.mark.parametrize(
    ("message", "intent", "expected"),
    [
        ("hola", "greeting", "¡Hola, ana!"),
        ("gracias", "thank_you", "¡De nada!"),
        ("¿qué puedes hacer?", "what_can_i_ask_you", "Puedo agendar"),
    ],
)
def test_spanish_messages_get_spanish_replies(
    api: Api, message: str, intent: str, expected: str
) -> None:
    r = api.chat(message)
    assert _spanish(r["reply"]), r
    assert r["lang"] == "es"
    assert r["intent"] == intent
    assert expected in r["reply"]


def test_a_spanish_refusal_lists_every_capability(api: Api) -> None:
    r = api.chat("reserva un vuelo a Madrid")
    assert r["skill"] == "out_of_scope", r
    assert r["reply"].startswith("Lo siento, no puedo ayudarte con eso.")
    for capability in ("reuniones", "recordatorios", "pendientes", "hora", "Ruta Academy"):
        assert capability in r["reply"]
    assert "ruta de aprendizaje" in r["reply"]


def test_english_stays_english(api: Api) -> None:
    for message in ("hello there", "what can I ask you?", "what's the best recipe for lasagna"):
        r = api.chat(message)
        assert _english(r["reply"]), r
        assert r["lang"] == "en"
    assert "learning pathway" in api.chat("what's the best recipe for lasagna")["reply"]


def test_short_messages_follow_the_conversation_then_the_locale(api: Api) -> None:
    first = api.chat("hola, buenos días")
    assert _spanish(first["reply"])
    ok = api.chat("ok", first["conversation_id"])  # unsure: the conversation's language
    assert not _english(ok["reply"]), ok
    fresh = api.chat("ok")  # a new conversation: the user's locale (en)
    assert not _spanish(fresh["reply"]), fresh
    assert api.patch("/v1/users/me", json={"locale": "es-PE"}).status_code == 200
    again = api.chat("ok")
    assert not _english(again["reply"]), again


def test_locale_set_from_chat_is_kept(api: Api) -> None:
    r = api.chat("háblame en español")
    assert r["skill"] == "conversation"
    assert r["reply"] == "De acuerdo, desde ahora te hablo en español."
    assert api.get("/v1/users/me").json["locale"] == "es"
    assert not _english(api.chat("4pm")["reply"])
    back = api.chat("switch to English please", r["conversation_id"])
    assert back["reply"] == "OK, I'll speak English from now on."
    assert api.get("/v1/users/me").json["locale"] == "en"


def test_locale_keeps_its_region_when_the_language_is_the_same(api: Api) -> None:
    api.patch("/v1/users/me", json={"locale": "es-PE"})
    api.chat("respóndeme en español")
    assert api.get("/v1/users/me").json["locale"] == "es-PE"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"locale": "fr"}, "unsupported_locale"),
        ({"locale": "de-DE"}, "unsupported_locale"),
        ({"locale": "english!"}, "validation_error"),
        ({"locale": ""}, "validation_error"),
        ({"locale": 3}, "validation_error"),
    ],
)
def test_locale_validation(api: Api, body: dict[str, Any], code: str) -> None:
    r = api.patch("/v1/users/me", json=body)
    assert r.status_code == 422, r.json
    assert r.json["code"] == code
    assert api.get("/v1/users/me").json["locale"] == "en"


@pytest.mark.parametrize("locale", ["en", "es", "es-PE", "en-GB"])
def test_supported_locales_are_stored(api: Api, locale: str) -> None:
    r = api.patch("/v1/users/me", json={"locale": locale})
    assert r.status_code == 200
    assert api.get("/v1/users/me").json["locale"] == locale


@pytest.mark.parametrize(
    ("path", "english", "spanish"),
    [
        ("/", "New conversation", "Nueva conversación"),
        ("/schedule", "Reminders, alarms and timers", "Recordatorios, alarmas y temporizadores"),
        ("/pathways", "Your learning pathway", "Tu ruta de aprendizaje"),
    ],
)
def test_pages_render_in_the_browser_or_the_users_language(
    client: Any, path: str, english: str, spanish: str
) -> None:
    page = client.get(path).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert english in page
    assert "Accept-Language" in client.get(path).headers["Vary"]
    spanish_browser = client.get(path, headers={"Accept-Language": "es-PE,es;q=0.9,en;q=0.5"})
    page = spanish_browser.get_data(as_text=True)
    assert '<html lang="es">' in page
    assert spanish_browser.headers["Content-Language"] == "es"
    assert spanish in page
    assert "Iniciar sesión" in page
    assert english not in page
    client.set_cookie("slipway_lang", "es")  # what the script sets to the user's locale
    assert spanish in client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.set_cookie("slipway_lang", "en")
    assert english in client.get(path, headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert spanish in client.get(path + "?lang=es").get_data(as_text=True)


def test_page_scripts_get_their_texts_in_the_page_language(client: Any) -> None:
    english, spanish = page_texts(client, "en"), page_texts(client, "es")
    assert english.keys() == spanish.keys()
    assert english["nothing_here"] == "Nothing here."
    assert spanish["nothing_here"] == "Nada por aquí."
    assert spanish["total"] == "En total {hours} horas (unas {weeks} semanas) y {cost}."
    assert english["skill.conversation"] == "conversation"  # the badges the browser test reads


def test_unsupported_locale_migrates_to_english(tmp_path: Any) -> None:
    import sqlalchemy as sa

    from app.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0002_pathways")
    engine = sa.create_engine(url)
    rows = ["en", "es-PE", "fr", "EN-gb", "de-DE", "es_PE", "eng"]
    with engine.begin() as conn:
        for i, locale in enumerate(rows):
            conn.execute(
                sa.text(
                    "INSERT INTO users (name, timezone, locale, created_at) "
                    "VALUES (:name, 'UTC', :locale, '2026-01-01')"
                ),
                {"name": f"u{i}", "locale": locale},
            )
    upgrade(url)
    with engine.begin() as conn:
        kept = conn.execute(sa.text("SELECT locale FROM users ORDER BY id")).scalars().all()
        conn.execute(
            sa.text("INSERT INTO users (name, timezone, created_at) VALUES ('raw', 'UTC', '2026')")
        )
        default = conn.execute(sa.text("SELECT locale FROM users WHERE name = 'raw'")).scalar()
    engine.dispose()
    assert kept == ["en", "es-PE", "en", "EN-gb", "en", "es_PE", "en"]
    assert default == "en"


def test_cli_chat_speaks_the_users_language() -> None:
    from app import cli

    try:
        cli.use_locale("es-PE")
        assert cli._("new conversation") == "nueva conversación"
        assert cli._("give a step number from 1 to %(last)d, e.g. /accept 1", last=3) == (
            "indica un número de paso del 1 al 3, p. ej. /accept 1"
        )
        cli.use_locale("en")
        assert cli._("new conversation") == "new conversation"
    finally:
        cli.use_locale("en")


def test_cli_users_create_refuses_an_unsupported_locale(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app as slipway

    monkeypatch.setenv("SLIPWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    refused = runner.invoke(slipway, ["users", "create", "ana", "--locale", "fr"])
    assert refused.exit_code == 1
    assert "unsupported locale 'fr'" in refused.output
    made = runner.invoke(slipway, ["users", "create", "lucia", "--locale", "es-PE"])
    assert made.exit_code == 0, made.output
    assert "es-PE" in runner.invoke(slipway, ["users", "list"]).stdout


@pytest.fixture
def pathways_app(app_settings: Any, pathways_release: Any, ranker_folder: Any) -> Any:
    """The app with the small pathway ranker pinned beside the intent model."""
    from app import create_app
    from app.db import engine_of

    settings = app_settings.model_copy(
        update={"release_file": pathways_release, "ranker_path": ranker_folder}
    )
    application = create_app(settings)
    yield application
    engine_of(application).dispose()


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "es",
            "sé Excel a nivel intermedio y un poco de Python, quiero ser analista de datos en "
            "Arequipa, 8 horas por semana",
            (
                "Anotado: sabes ",
                "Esta es una ruta hacia analista de datos en Arequipa",
                "En total ",
            ),
        ),
        (
            "en",
            "I know Excel at an intermediate level and a little Python, I want a data job in "
            "Arequipa, 8 hours a week",
            ("Noted: you know ", "Here is a pathway towards data analyst in Arequipa", "In total "),
        ),
    ],
)
def test_learning_path_replies_in_the_turns_language(
    pathways_app: Any, lang: str, text: str, expected: tuple[str, ...]
) -> None:
    from datetime import UTC, datetime

    from app import db
    from app.db.tables import Conversation, User
    from app.i18n import reply_locale
    from app.skills.base import Turn
    from app.skills.learning_path import LearningPath

    _, user_id = make_user(pathways_app, "lucia")
    with pathways_app.test_request_context():
        session = db.session()
        user = session.get(User, user_id)
        # a Peruvian learner (her profile starts with Spanish read, whichever language she
        # writes in: a profile starts with its locale's language alone)
        user.locale = "es-PE"
        conversation = Conversation(user_id=user_id, state={})
        session.add(conversation)
        session.flush()
        turn = Turn(text, "learning_path", 0.9, "learning_path", user, conversation, session,
                    datetime.now(UTC), lang=lang)  # fmt: skip
        with reply_locale(turn.lang):
            reply = LearningPath().handle(turn)
    assert reply.data["available"] is True
    for needle in expected:
        assert needle in reply.text, reply.text
    assert "excel_basics" not in reply.text  # skills by name, not by id
