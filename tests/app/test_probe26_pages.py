"""Probe 26, finding 13: a page over the page limit (the 11th ``GET /`` in a minute) answered a
browser with the API's JSON error, shown raw. A browser now gets a page saying to wait, in its
language, with ``Retry-After``; the API's clients keep the JSON error."""

from __future__ import annotations

from typing import Any

from tests.app.conftest import built_app, settings_for

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _limited(trained: Any, release_file: Any, database_url: str) -> Any:
    settings = settings_for(trained, release_file, database_url)
    return settings.model_copy(update={"page_rate_limit": "2/minute"})


def test_a_page_over_its_limit_is_a_page(
    trained: Any, release_file: Any, database_url: str
) -> None:
    with built_app(_limited(trained, release_file, database_url)) as app:
        client = app.test_client()
        for _ in range(2):
            assert client.get("/", headers=HTML).status_code == 200
        page = client.get("/schedule", headers={**HTML, "Accept-Language": "es"})
        assert page.status_code == 429
        assert page.mimetype == "text/html"
        assert int(page.headers["Retry-After"]) > 0
        text = page.get_data(as_text=True)
        assert "Demasiadas solicitudes" in text
        assert "vuelve a cargar la página" in text
        assert '<html lang="es"' in text
        api = client.get("/", headers={"Accept": "application/json"})
        assert api.status_code == 429
        assert api.json["code"] == "rate_limited"
