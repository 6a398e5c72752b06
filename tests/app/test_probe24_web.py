"""What the 24th independent tester found on the chat page and in `slipway chat`: a message sent
while offline was lost under the browser's English "Failed to fetch" (finding 11); the box cut a
long message at 1,000 characters without saying so (16); spaces only did nothing (17); focus fell
to <body> after signing in with the keyboard (20); /agenda in a browser showed the API's raw JSON
(22); the terminal client's line under each reply stayed English, and a narrow terminal split
words in the pathway table (23); money was written two ways (24, the client's side).

The page behaviour runs in real headless Chromium against gunicorn (marked integration, so the
fast lane deselects it); the rest on the test client and the client with a fake server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# -- 22: an unknown page in a browser --------------------------------------------------------------
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_an_unknown_page_in_a_browser_is_a_page_in_its_language(client: Any) -> None:
    r = client.get(
        "/agenda", headers={"Accept": BROWSER_ACCEPT, "Accept-Language": "es-PE,es;q=0.9"}
    )
    assert r.status_code == 404
    assert r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Página no encontrada" in page or "Page not found" in page  # until the lead's catalog
    assert 'href="/schedule"' in page
    assert 'href="/pathways"' in page
    assert "/agenda" in page
    assert '"code"' not in page


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/agenda", "*/*"),  # curl, scripts
        ("/agenda", "application/json"),
        ("/v1/agenda", BROWSER_ACCEPT),  # a path of the API, even from a browser
        ("/docs/assets/nothing.js", BROWSER_ACCEPT),
    ],
)
def test_the_api_and_its_clients_keep_the_json_error(client: Any, path: str, accept: str) -> None:
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 404
    assert r.is_json, r.get_data(as_text=True)[:200]
    assert r.json["code"] == "not_found"


def test_a_script_in_an_unknown_path_is_text(client: Any) -> None:
    r = client.get("/<script>alert(1)</script>", headers={"Accept": BROWSER_ACCEPT})
    assert r.status_code == 404
    assert "<script>alert(1)</script>" not in r.get_data(as_text=True)


# -- 16: the chat box counts instead of cutting ----------------------------------------------------
def test_the_chat_box_has_no_silent_cut_and_counts_to_the_servers_limit(
    client: Any, app: Any
) -> None:
    page = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    limit = app.extensions["slipway.settings"].max_text_chars
    assert "maxlength" not in page
    assert f'data-max="{limit}"' in page
    assert 'id="message-count"' in page
    from app.api.web import js_messages

    with app.test_request_context("/"):
        texts = js_messages()
    for key in ("unreachable", "not_sent", "empty_message", "chars_of", "too_long"):
        assert key in texts


# -- 23, 24: the terminal client -------------------------------------------------------------------
class FakeServer:
    """The assistant's API as `slipway chat` calls it, for a Spanish-speaking user."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, url: str, token: str, method: str, path: str, body: Any = None) -> Any:
        from app import cli

        if path == "/v1/users/me":
            return {"name": "rosa", "timezone": "America/Lima", "locale": "es-PE"}
        message = body["message"]
        if len(message) > 1000:
            raise cli.Refused(
                422,
                "422 validation_error: solicitud no válida: message: tiene más de 1000 caracteres",
                {"json": {"message": ["tiene más de 1000 caracteres"]}},
            )
        self.sent.append(message)
        return {
            "conversation_id": 3,
            "reply": "Listo",
            "skill": "scheduling",
            "path": "local",
            "intent": "time",
            "confidence": 1.0,
            "data": {},
        }


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    from app import cli

    fake = FakeServer()
    monkeypatch.setattr(cli, "_call", fake)
    monkeypatch.setenv("SLIPWAY_TOKEN", "slw_test")
    return fake


def run(*args: str, given: str | None = None) -> Any:
    from typer.testing import CliRunner

    from pipelines.cli import app

    return CliRunner().invoke(app, list(args), input=given)


def test_the_line_under_a_reply_is_in_the_users_language(server: FakeServer) -> None:
    r = run("chat", given="qué hora es\n/quit\n")
    assert r.exit_code == 0, r.output
    assert "agenda · local · time (1.00)" in r.output, r.output
    assert "scheduling" not in r.output


def test_a_message_over_the_limit_is_said_in_words(server: FakeServer) -> None:
    r = run("chat", given="a" * 1100 + "\n/quit\n")
    assert r.exit_code == 0, r.output
    assert "tiene más de 1000 caracteres" in r.output, r.output
    assert "validation_error" not in r.output
    assert "message:" not in r.output
    assert server.sent == []


PATHWAY: dict[str, Any] = {
    "recommendation_id": 7,
    "steps": [
        {
            "course_id": "C012", "title": "Business English for requirements", "language": "en",
            "hours": 40.0, "cost_pen": 1080.0, "cost_text": "S/ 1,080",
            "reason": "required for bilingual customer support",
        },
        {
            "course_id": "C020", "title": "Atención al Cliente", "language": "es",
            "hours": 16.0, "cost_pen": 0.0, "cost_text": "S/ 0", "reason": "enseña Atención",
        },
    ],
    "roles": [{"role": "data analyst", "role_name": "analista de datos", "region": "Lima"}],
    "total_hours": 56.0, "weeks": 7.0, "total_cost_pen": 1080.0, "total_cost_text": "S/ 1,080",
}  # fmt: skip


@pytest.mark.parametrize("width", [40, 60])
def test_a_narrow_terminal_keeps_words_whole(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    from rich.console import Console

    from app import cli

    screen = Console(record=True, width=width)
    monkeypatch.setattr(cli, "out", screen)
    cli.show_pathway(PATHWAY)
    text = screen.export_text()
    words = {w.strip(".,()·") for line in text.splitlines() for w in line.split()}
    for word in ("English", "requirements", "required", "bilingual", "customer", "support"):
        assert word in words, text
    assert "S/ 1,080" in text  # as the server wrote it


def test_the_client_writes_money_as_the_server_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from app import cli

    screen = Console(record=True, width=200)
    monkeypatch.setattr(cli, "out", screen)
    cli.show_pathway(PATHWAY)
    text = screen.export_text()
    assert "S/ 1,080" in text  # as Peru writes it (es_PE), in Spanish too
    assert "S/ 1.080" not in text
    assert "1080" not in text
    # from a server that sends no text, the client's own writing is the same
    older = {k: v for k, v in PATHWAY.items() if k != "total_cost_text"}
    older["steps"] = [{k: v for k, v in s.items() if k != "cost_text"} for s in PATHWAY["steps"]]
    screen = Console(record=True, width=200)
    monkeypatch.setattr(cli, "out", screen)
    cli.show_pathway(older)
    assert screen.export_text() == text


# -- 11, 16, 17, 20: the chat page in a real browser -----------------------------------------------
@pytest.fixture(scope="module")
def site(trained: Any, release_file: Path, tmp_path_factory: Any) -> Iterator[tuple[str, str]]:
    from tests.servers import cli_user, gunicorn_server, site_env

    _, _, folder = trained
    tmp = tmp_path_factory.mktemp("probe24-web")
    overrides = site_env(folder, release_file, tmp / "assistant.db")
    with gunicorn_server(overrides, tmp / "gunicorn.log") as (url, _, env):
        token = cli_user(env, "rosa", "America/Lima")
        import json
        import urllib.request

        request = urllib.request.Request(
            url + "/v1/users/me",
            method="PATCH",
            data=json.dumps({"locale": "es"}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        urllib.request.urlopen(request, timeout=30).close()
        yield url, token


@pytest.fixture
def page(site: tuple[str, str]) -> Iterator[Any]:
    """Chromium on the chat page, signed in with the keyboard as the Spanish-speaking user."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.e2e.test_browser import chromium

    url, token = site
    with chromium() as driver:
        wait = WebDriverWait(driver, 20)
        driver.get(url + "/")
        box = wait.until(ec.visibility_of_element_located((By.ID, "token-input")))
        box.send_keys(token + Keys.ENTER)  # the keyboard: Enter in the token box
        wait.until(ec.visibility_of_element_located((By.ID, "message-input")))
        wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "es")
        yield driver


@pytest.mark.integration
@pytest.mark.parametrize("path", ["/?lang=es", "/"], ids=["same-language", "reloaded"])
def test_signing_in_with_the_keyboard_leaves_focus_in_the_message_box(
    site: tuple[str, str], path: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.e2e.test_browser import chromium

    url, token = site
    with chromium() as driver:
        wait = WebDriverWait(driver, 20)
        # "/?lang=es": the page is in the user's language already; "/": in the browser's
        # (English), it reloads into the user's Spanish once signed in
        driver.get(url + path)
        box = wait.until(ec.visibility_of_element_located((By.ID, "token-input")))
        box.send_keys(token + Keys.ENTER)
        wait.until(ec.visibility_of_element_located((By.ID, "message-input")))
        wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "es")
        wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "message-input")


@pytest.mark.integration
def test_spaces_only_says_to_type_a_message(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page.find_element(By.ID, "message-input").send_keys("     \n")
    WebDriverWait(page, 5).until(lambda d: d.find_element(By.ID, "chat-error").text)
    assert page.find_element(By.ID, "chat-error").text == "Escribe un mensaje primero." or (
        page.find_element(By.ID, "chat-error").text == "Type a message first."  # catalog pending
    )
    assert not page.find_elements(By.CSS_SELECTOR, ".msg.user")


@pytest.mark.integration
def test_a_long_message_is_counted_never_cut(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    text = "x" * 1100
    box = page.find_element(By.ID, "message-input")
    # a paste: the whole text at once
    page.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        box,
        text,
    )
    assert len(box.get_attribute("value")) == 1100  # nothing cut
    count = page.find_element(By.ID, "message-count")
    assert count.is_displayed()
    assert "1100" in count.text
    assert "1000" in count.text
    assert box.get_attribute("aria-invalid") == "true"
    page.find_element(By.ID, "send").click()
    WebDriverWait(page, 5).until(lambda d: "1000" in d.find_element(By.ID, "chat-error").text)
    assert len(box.get_attribute("value")) == 1100  # still there to shorten
    assert not page.find_elements(By.CSS_SELECTOR, ".msg.user")


@pytest.mark.integration
def test_offline_the_message_stays_and_the_error_is_in_the_pages_language(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    message = "recuérdame regar las plantas el domingo a las 8 de la mañana"
    page.execute_cdp_cmd("Network.enable", {})
    page.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    try:
        page.find_element(By.ID, "message-input").send_keys(message + "\n")
        WebDriverWait(page, 10).until(lambda d: d.find_element(By.ID, "chat-error").text)
        error = page.find_element(By.ID, "chat-error").text
        assert "Failed to fetch" not in error
        assert error.startswith(("Tu mensaje no se envió", "Your message was not sent")), error
        assert page.find_element(By.ID, "message-input").get_attribute("value") == message
        assert not page.find_elements(By.CSS_SELECTOR, ".msg.user")  # not shown as sent
        assert page.find_element(By.ID, "send").is_enabled()
    finally:
        page.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
    # back online, Send sends the same text
    page.find_element(By.ID, "send").click()
    WebDriverWait(page, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.assistant"))
    assert page.find_element(By.CSS_SELECTOR, ".msg.user").text == message
    assert page.find_element(By.ID, "chat-error").text == ""


# -- 19: the schedule's grid -----------------------------------------------------------------------
@pytest.mark.integration
def test_a_meeting_past_midnight_is_drawn_on_both_days_and_short_labels_keep_one_line(
    site: tuple[str, str], page: Any
) -> None:
    import json
    import urllib.request
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, token = site
    today = datetime.now(ZoneInfo("America/Lima")).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)  # next week's
    wednesday, thursday = monday + timedelta(days=2), monday + timedelta(days=3)

    def book(title: str, starts: str, minutes: int) -> int:
        request = urllib.request.Request(
            url + "/v1/meetings",
            method="POST",
            data=json.dumps(
                {"title": title, "starts_at": starts, "duration_minutes": minutes}
            ).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(json.loads(response.read())["id"])

    late = book("Cierre con Lima", f"{wednesday}T23:00:00", 120)
    short = book("Reunión con Pedro", f"{monday}T09:00:00", 30)
    page.get(url + f"/schedule?lang=es&week={monday}")
    WebDriverWait(page, 20).until(
        lambda d: d.find_element(By.ID, "week").get_attribute("data-loaded") == "true"
    )
    for day in (wednesday, thursday):
        blocks = page.find_elements(
            By.CSS_SELECTOR, f'#week .day[data-day="{day}"] .event[data-id="{late}"]'
        )
        assert len(blocks) == 1, day
        assert "23:00–01:00" in blocks[0].get_attribute("title")
    block = page.find_element(By.CSS_SELECTOR, f'#week .event[data-id="{short}"]')
    assert "short" in block.get_attribute("class").split()
    assert block.value_of_css_property("white-space") == "nowrap"
    assert block.get_attribute("title") == "09:00–09:30 Reunión con Pedro"
