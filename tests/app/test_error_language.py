"""API errors speak the request's language: the same error in English and in Spanish, with the
same status and code, ``message`` translated and ``Content-Language`` saying which. The language
is the request's (``?lang=``, the signed-in user's locale, the pages' cookie, Accept-Language)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.app.conftest import Api, built_app, make_user, settings_for

SPANISH_BROWSER = {"Accept-Language": "es-PE,es;q=0.9,en;q=0.5"}
ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}


def _same_error(english: Any, spanish: Any, status: int, code: str) -> tuple[str, str]:
    """Both answers are this error, one in each language; their messages."""
    for r, lang in ((english, "en"), (spanish, "es")):
        assert r.status_code == status, (lang, r.json)
        assert r.is_json
        assert r.json["code"] == code, (lang, r.json)
        assert r.headers["Content-Language"] == lang
        assert "Accept-Language" in r.headers["Vary"]
    assert english.json["message"] != spanish.json["message"]
    return english.json["message"], spanish.json["message"]


# -- without a token: the browser's language, or the pages' cookie ----------------------------
def test_a_missing_or_unknown_token_in_the_browsers_language(client: Any) -> None:
    en, es = _same_error(
        client.get("/v1/users/me", headers=ENGLISH_BROWSER),
        client.get("/v1/users/me", headers=SPANISH_BROWSER),
        401,
        "unauthorized",
    )
    assert en.startswith("send your API token as 'Authorization: Bearer <token>'")
    assert es == (
        "envía tu token de API como 'Authorization: Bearer <token>' "
        "(crea uno con `slipway users create NOMBRE`)"
    )
    wrong = {"Authorization": "Bearer slw_not-a-token"}
    en, es = _same_error(
        client.get("/v1/users/me", headers=wrong),
        client.get("/v1/users/me", headers={**wrong, **SPANISH_BROWSER}),
        401,
        "invalid_token",
    )
    assert en == "the API token is unknown or revoked"
    assert es == "el token de API no existe o fue revocado"


def test_the_pages_cookie_chooses_the_language_over_the_browsers(client: Any) -> None:
    english = client.get("/v1/chat/stream", headers=ENGLISH_BROWSER)  # GET: not this route's
    client.set_cookie("slipway_lang", "es")  # what the pages' script sets to the user's locale
    spanish = client.get("/v1/chat/stream", headers=ENGLISH_BROWSER)
    en, es = _same_error(english, spanish, 405, "method_not_allowed")
    assert en == "the GET method is not allowed here; the Allow header lists those that are"
    assert (
        es == "el método GET no está permitido aquí; la cabecera Allow indica los que sí lo están"
    )
    assert spanish.headers["Allow"] == english.headers["Allow"]
    wrong = {"Authorization": "Bearer slw_not-a-token", **ENGLISH_BROWSER}
    r = client.post("/v1/chat", json={"message": "hola"}, headers=wrong)
    assert (r.status_code, r.json["code"]) == (401, "invalid_token")
    assert r.json["message"] == "el token de API no existe o fue revocado"


def test_an_unknown_url(client: Any) -> None:
    en, es = _same_error(
        client.get("/v1/nothing-here"),
        client.get("/v1/nothing-here", headers=SPANISH_BROWSER),
        404,
        "not_found",
    )
    assert en == "nothing here: check the URL (the API's routes are listed at /docs)"
    assert es == "aquí no hay nada: revisa la URL (las rutas de la API están en /docs)"


# -- with a token: the user's locale, or ?lang= ----------------------------------------------
def _both(api: Api, method: str, url: str, **kwargs: Any) -> tuple[Any, Any]:
    """The request as the English user sent it, and with ?lang=es."""
    send: Callable[..., Any] = getattr(api, method)
    joiner = "&" if "?" in url else "?"
    return send(url, **kwargs), send(f"{url}{joiner}lang=es", **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "status", "code", "english", "spanish"),
    [
        (
            {"data": '{"text": "hi"', "content_type": "application/json"},
            400,
            "malformed_json",
            "the request body is not valid JSON",
            "el cuerpo de la solicitud no es un JSON válido",
        ),
        (
            {"json": ["hi"]},
            400,
            "malformed_json",
            "the request body must be a JSON object",
            "el cuerpo de la solicitud debe ser un objeto JSON",
        ),
        (
            {"data": "text=hi", "content_type": "text/plain"},
            415,
            "unsupported_media_type",
            "send the request body as JSON with Content-Type: application/json",
            "envía el cuerpo de la solicitud como JSON con Content-Type: application/json",
        ),
        (
            {"json": {"text": "hi\x00"}},
            422,
            "validation_error",
            "text contains a NUL character",
            "text contiene un carácter NUL",
        ),
        (
            {"json": {"text": 42}},
            422,
            "validation_error",
            "invalid request: text: Not a valid string.",
            "solicitud no válida: text: No es un texto válido.",
        ),
        (
            {"json": {"text": None}},
            422,
            "validation_error",
            "invalid request: text: Field may not be null.",
            "solicitud no válida: text: El campo no puede ser nulo.",
        ),
        (
            {"json": {}},
            422,
            "validation_error",
            "invalid request: text: Missing data for required field.",
            "solicitud no válida: text: Falta este campo obligatorio.",
        ),
        (
            {"json": {"text": "hi", "extra": 1}},
            422,
            "validation_error",
            "invalid request: extra: Unknown field.",
            "solicitud no válida: extra: Campo desconocido.",
        ),
        (
            {"json": {"text": "   "}},
            422,
            "validation_error",
            "invalid request: text: must not be blank",
            "solicitud no válida: text: no puede estar vacío",
        ),
    ],
    ids=[
        "malformed",
        "not an object",
        "content type",
        "NUL",
        "type",
        "null",
        "missing",
        "unknown",
        "blank",
    ],
)
def test_a_refused_body(
    api: Api, kwargs: dict[str, Any], status: int, code: str, english: str, spanish: str
) -> None:
    en, es = _same_error(*_both(api, "post", "/v1/intent", **kwargs), status, code)
    assert (en, es) == (english, spanish)


def test_validators_fill_their_values_in_after_translating(api: Api) -> None:
    en, es = _same_error(
        *_both(api, "post", "/v1/meetings", json={"title": "", "starts_at": "2031-03-04T15:00"}),
        422,
        "validation_error",
    )
    assert en == "invalid request: title: Length must be between 1 and 200."
    assert es == "solicitud no válida: title: La longitud debe estar entre 1 y 200."
    english, spanish = _both(
        api, "patch", "/v1/users/me/profile", json={"skills": [{"skill": "sql", "level": 9}]}
    )
    en, es = _same_error(english, spanish, 422, "validation_error")
    # a nested field by its path in the message, never as a Python dict
    assert en == (
        "invalid request: skills.0.level: "
        "Must be greater than or equal to 1 and less than or equal to 3."
    )
    assert es == (
        "solicitud no válida: skills.0.level: Debe ser mayor o igual que 1 y menor o igual que 3."
    )
    # the detail (field by field, as nested as the body) in the same language as the message
    assert english.json["detail"]["json"]["skills"]["0"]["level"] == [
        "Must be greater than or equal to 1 and less than or equal to 3."
    ]
    assert spanish.json["detail"]["json"]["skills"]["0"]["level"] == [
        "Debe ser mayor o igual que 1 y menor o igual que 3."
    ]
    en, es = _same_error(
        *_both(api, "post", "/v1/reminders", json={"text": "x", "due_at": "soon", "kind": "nap"}),
        422,
        "validation_error",
    )
    assert "due_at: Not a valid datetime." in en
    assert "kind: Must be one of: reminder, alarm, timer." in en
    assert "due_at: No es una fecha y hora válida." in es
    assert "kind: Debe ser uno de estos valores: reminder, alarm, timer." in es
    en, es = _same_error(
        *_both(api, "patch", "/v1/users/me", json={"locale": "español"}), 422, "validation_error"
    )
    assert en == "invalid request: locale: use a locale like en or es-PE"
    assert es == "solicitud no válida: locale: usa un código de idioma como en o es-PE"


def test_a_resource_that_is_not_there(api: Api) -> None:
    for url, english, spanish in (
        ("/v1/meetings/999", "no meeting with id 999", "no hay ninguna reunión con id 999"),
        ("/v1/reminders/999", "no reminder with id 999", "no hay ningún recordatorio con id 999"),
        ("/v1/todos/999", "no to-do with id 999", "no hay ningún pendiente con id 999"),
        (
            "/v1/conversations/999",
            "no conversation with id 999",
            "no hay ninguna conversación con id 999",
        ),
    ):
        assert _same_error(*_both(api, "get", url), 404, "not_found") == (english, spanish)


def test_pathway_errors(api: Api) -> None:
    body = {"recommendation_id": 999, "course_id": "C001", "action": "accepted"}
    en, es = _same_error(*_both(api, "post", "/v1/pathways/feedback", json=body), 404, "not_found")
    assert en == "no recommendation with id 999"
    assert es == "no hay ninguna recomendación con id 999"
    twice = {"skills": [{"skill": "sql", "level": 1}, {"skill": "SQL", "level": 2}]}
    en, es = _same_error(
        *_both(api, "patch", "/v1/users/me/profile", json=twice), 422, "duplicate_skill"
    )
    assert "is listed more than once" in en
    assert "aparece más de una vez" in es


def test_the_rate_limit(trained: Any, release_file: Any, database_url: str) -> None:
    settings = settings_for(trained, release_file, database_url, rate_limit="2/minute")
    with built_app(settings) as app:
        token, user_id = make_user(app, "ana")
        api = Api(app.test_client(), token, user_id, "ana")
        for _ in range(2):
            assert api.get("/v1/users/me").status_code == 200
        en, es = _same_error(*_both(api, "get", "/v1/users/me"), 429, "rate_limited")
    assert en == "too many requests: the limit is 2 per 1 minute; retry later"
    assert (
        es == "demasiadas solicitudes: el límite es 2 cada 1 minuto; vuelve a intentarlo más tarde"
    )


def test_a_spanish_users_errors_are_spanish_without_asking(es: Api) -> None:
    """The user's locale (es-PE), with no header, cookie or ?lang=: what the pages' scripts and
    an API client of a Spanish-speaking user get."""
    r = es.get("/v1/meetings/7")
    assert (r.status_code, r.json["code"]) == (404, "not_found")
    assert r.json["message"] == "no hay ninguna reunión con id 7"
    assert r.headers["Content-Language"] == "es"
    r = es.post(
        "/v1/meetings",
        json={"title": "x", "starts_at": "2031-03-04T15:00", "ends_at": "2031-03-04T14:00"},
    )
    assert (r.status_code, r.json["code"]) == (422, "validation_error")
    assert r.json["message"] == "ends_at debe ser posterior a starts_at"
    body = {"recommendation_id": 5, "course_id": "C001", "action": "accepted"}
    r = es.post("/v1/pathways/feedback", json=body)
    assert (r.status_code, r.json["code"]) == (404, "not_found")
    assert r.json["message"] == "no hay ninguna recomendación con id 5"
    # ?lang= still wins over the user's locale, and the browser's language does not
    r = es.get("/v1/meetings/7?lang=en", headers=SPANISH_BROWSER)
    assert r.json["message"] == "no meeting with id 7"
    assert r.headers["Content-Language"] == "en"
    assert es.get("/v1/meetings/7", headers=ENGLISH_BROWSER).json["message"] == (
        "no hay ninguna reunión con id 7"
    )


def test_a_local_time_that_does_not_exist(api: Api) -> None:
    assert api.patch("/v1/users/me", json={"timezone": "America/New_York"}).status_code == 200
    en, es = _same_error(
        *_both(api, "post", "/v1/reminders", json={"text": "x", "due_at": "2031-03-09T02:30"}),
        422,
        "nonexistent_local_time",
    )
    assert en.startswith("due_at: 2031-03-09T02:30 does not exist in America/New_York")
    assert es.startswith("due_at: 2031-03-09T02:30 no existe en America/New_York")
