"""What the 24th independent tester found on the pathways page: an unknown skill was taken into
the list, then the whole save failed with a developer's message (finding 12); a skill already
listed silently took the level box's level (13); a refused field was named by its API name
("hours_per_week") and not marked (18); the step buttons did not name their course for a screen
reader (21); money was written two ways, "S/ 4,200" in replies and "S/ 1080" on the page (24).

The API side runs on the test client; the page in real headless Chromium against gunicorn
serving the small ranker (marked integration, so the fast lane deselects it)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import profile_of


# -- the API the page relies on --------------------------------------------------------------------
def test_the_catalog_lists_every_name_a_skill_is_taken_by(api: Api) -> None:
    from models.ranker import slug

    catalog = api.get("/v1/pathways/catalog?lang=es").json
    aliases = catalog["skill_aliases"]
    assert set(aliases) == set(catalog["skills"])
    assert "excel_basics" in aliases["excel_basics"]
    # the Spanish and the English name both (a Spanish page takes "Customer service" too)
    keys = {k: s for s, ks in aliases.items() for k in ks}
    for s, name in catalog["skill_names"].items():
        assert keys[slug(name)] == s
    english = api.get("/v1/pathways/catalog?lang=en").json["skill_names"]
    for s, name in english.items():
        assert keys[slug(name)] == s
    # and each key is one the API takes
    for s, ks in list(aliases.items())[:10]:
        for k in ks:
            r = api.patch("/v1/users/me/profile", json={"skills": [{"skill": k, "level": 2}]})
            assert r.status_code == 200, (k, r.json)
            assert profile_of(api)["skills"] == [{"skill": s, "level": 2}]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"goal_role": "astronauta"}, "goal_role"),
        ({"skills": [{"skill": "excel", "level": 1}, {"skill": "cocina peruana", "level": 2}]},
         "skills"),
        ({"region": "Narnia"}, "region"),
    ],
)  # fmt: skip
def test_a_refused_profile_field_is_named_for_the_form(
    api: Api, change: dict[str, Any], field: str
) -> None:
    before = profile_of(api)
    r = api.patch("/v1/users/me/profile?lang=es", json={"hours_per_week": 9, **change})
    assert r.status_code == 422, r.json
    assert list(r.json["detail"]["json"]) == [field]
    assert r.json["detail"]["json"][field] == [r.json["message"]]
    assert profile_of(api) == before  # nothing saved, the hours neither


def test_money_is_written_by_one_formatter(api: Api) -> None:
    from babel.numbers import format_decimal

    api.patch(
        "/v1/users/me/profile",
        json={"goal_role": "data analyst", "region": "Lima", "languages": ["es", "en"],
              "skills": [], "budget_pen": None},
    )  # fmt: skip
    for lang, locale in (("es", "es_PE"), ("en", "en")):  # Spanish as Peru writes it
        rec = api.post(f"/v1/pathways/recommend?lang={lang}", json={}).json
        paid = [s for s in rec["steps"] if s["cost_pen"] > 0]
        assert paid, rec
        for step in rec["steps"]:
            want = "S/ " + format_decimal(round(step["cost_pen"]), "#,##0", locale=locale)
            assert step["cost_text"] == want
            if step["cost_pen"] > 0:
                assert want in rec["explanation"]  # the reply writes it the same way
        total = "S/ " + format_decimal(round(rec["total_cost_pen"]), "#,##0", locale=locale)
        assert rec["total_cost_text"] == total
        if rec["total_cost_pen"] >= 1000:
            assert "," in total  # "S/ 1,080" in both languages
            assert "." not in total
        pay = [r["typical_pay_pen_month"] for r in rec["roles"]]
        assert any(
            format_decimal(round(p), "#,##0", locale=locale) in rec["explanation"] for p in pay
        )


# -- the page in a real browser --------------------------------------------------------------------
def call(url: str, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


@pytest.fixture(scope="module")
def site(
    trained: Any, pathways_release: Path, ranker_folder: Path, tmp_path_factory: Any
) -> Iterator[tuple[str, dict[str, str]]]:
    from tests.servers import cli_user, gunicorn_server, site_env

    _, _, folder = trained
    tmp = tmp_path_factory.mktemp("probe24-pages")
    overrides = site_env(folder, pathways_release, tmp / "assistant.db", ranker_folder)
    with gunicorn_server(overrides, tmp / "gunicorn.log") as (url, _, env):
        tokens = {}
        for name in ("skills", "fields", "steps"):
            token = cli_user(env, name, "America/Lima")
            call(url, token, "PATCH", "/v1/users/me", {"locale": "es"})
            call(
                url,
                token,
                "PATCH",
                "/v1/users/me/profile",
                {"skills": [{"skill": "excel_basics", "level": 1}], "goal_role": "data analyst",
                 "region": "Lima", "hours_per_week": 8, "budget_pen": None,
                 "languages": ["es", "en"]},
            )  # fmt: skip
            tokens[name] = token
        yield url, tokens


@pytest.fixture
def signed_in(site: tuple[str, dict[str, str]]) -> Iterator[Any]:
    """Chromium on /pathways, in Spanish: a function signing in as one of the users."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.e2e.test_browser import chromium

    url, tokens = site
    with chromium() as driver:

        def sign_in(name: str) -> Any:
            wait = WebDriverWait(driver, 20)
            driver.get(url + "/pathways?lang=es")
            wait.until(ec.visibility_of_element_located((By.ID, "token-input")))
            driver.find_element(By.ID, "token-input").send_keys(tokens[name])
            driver.find_element(By.ID, "sign-in-button").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#skill-list li"))
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pathway-steps li"))
            return driver

        yield sign_in


def _chips(driver: Any) -> dict[str, str]:
    from selenium.webdriver.common.by import By

    return {
        li.get_attribute("data-skill"): li.find_element(By.CSS_SELECTOR, "select").get_attribute(
            "value"
        )
        for li in driver.find_elements(By.CSS_SELECTOR, "#skill-list li")
    }


@pytest.mark.integration
def test_an_unknown_skill_is_refused_when_added_and_a_listed_one_keeps_its_level(
    signed_in: Any, site: tuple[str, dict[str, str]]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, tokens = site
    driver = signed_in("skills")
    box = driver.find_element(By.ID, "profile-skills")
    error = driver.find_element(By.ID, "pathway-error")

    # 12: "cocina peruana" is not taken in; it stays in the box, marked, with why
    box.send_keys("cocina peruana")
    driver.find_element(By.ID, "add-skill").click()
    WebDriverWait(driver, 5).until(lambda d: error.text)
    assert "cocina peruana" in error.text
    assert "habilidad desconocida" not in error.text
    assert "/v1/" not in error.text
    assert "GET" not in error.text
    assert _chips(driver) == {"excel_basics": "1"}
    assert box.get_attribute("value") == "cocina peruana"
    assert box.get_attribute("aria-invalid") == "true"
    assert box.get_attribute("aria-describedby") == "pathway-error"
    # saving with it still there sends nothing: the goal typed meanwhile is not stored
    goal = driver.find_element(By.ID, "profile-goal")
    goal.clear()
    goal.send_keys("cocinero")
    driver.find_element(By.ID, "recommend-button").click()
    assert "cocina peruana" in error.text
    assert call(url, tokens["skills"], "GET", "/v1/users/me/profile")["goal_role"] == "data analyst"

    # 13: "excel" (already listed at level 1) with the level box at its default (2)
    box.clear()
    box.send_keys("excel")
    driver.find_element(By.ID, "add-skill").click()
    WebDriverWait(driver, 5).until(lambda d: "Excel" in error.text)
    assert box.get_attribute("aria-invalid") != "true"
    assert _chips(driver) == {"excel_basics": "1"}  # unchanged
    # a name in the other language is a catalog skill too ("Customer service" on a Spanish page)
    box.send_keys("Customer service")
    driver.find_element(By.ID, "add-skill").click()
    WebDriverWait(driver, 5).until(lambda d: len(_chips(d)) == 2)
    goal.clear()
    goal.send_keys("analista de datos")
    driver.find_element(By.ID, "recommend-button").click()
    WebDriverWait(driver, 10).until(
        lambda d: len(call(url, tokens["skills"], "GET", "/v1/users/me/profile")["skills"]) == 2
    )
    stored = call(url, tokens["skills"], "GET", "/v1/users/me/profile")["skills"]
    assert {"skill": "excel_basics", "level": 1} in stored


@pytest.mark.integration
@pytest.mark.parametrize(
    ("box_id", "typed", "raw"),
    [("profile-hours", "ocho", "hours_per_week"), ("profile-goal", "astronauta", "goal_role")],
)
def test_a_refused_field_is_named_in_words_and_marked(
    signed_in: Any, box_id: str, typed: str, raw: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = signed_in("fields")
    box = driver.find_element(By.ID, box_id)
    label = driver.find_element(By.CSS_SELECTOR, f'label[for="{box_id}"]').text.strip()
    box.clear()
    box.send_keys(typed)
    driver.find_element(By.ID, "recommend-button").click()
    error = driver.find_element(By.ID, "pathway-error")
    WebDriverWait(driver, 10).until(lambda d: error.text)
    assert error.text.startswith(label + ":"), error.text
    assert raw not in error.text
    assert typed in error.text
    assert box.get_attribute("aria-invalid") == "true"
    assert box.get_attribute("aria-describedby") == "pathway-error"
    assert driver.switch_to.active_element.get_attribute("id") == box_id
    # the path still on screen is said to be the saved profile's
    assert "No se guardó nada" in error.text or "Nothing was saved" in error.text
    # fixed and saved again: the mark goes
    box.clear()
    box.send_keys("8" if raw == "hours_per_week" else "analista de datos")
    driver.find_element(By.ID, "recommend-button").click()
    WebDriverWait(driver, 10).until(lambda d: box.get_attribute("aria-invalid") is None)
    assert error.text == ""


@pytest.mark.integration
def test_step_buttons_name_their_course_and_say_which_was_pressed(
    signed_in: Any, site: tuple[str, dict[str, str]]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, tokens = site
    driver = signed_in("steps")
    rec = call(url, tokens["steps"], "POST", "/v1/pathways/recommend?lang=es", {})
    steps = driver.find_elements(By.CSS_SELECTOR, "#pathway-steps li")
    by_id = {s["course_id"]: s for s in rec["steps"]}
    for step in steps:
        course = by_id[step.get_attribute("data-course")]
        for button in step.find_elements(By.CSS_SELECTOR, "button"):
            name = button.get_attribute("aria-label")
            assert name.startswith(button.text), name
            assert course["title"] in name, name
            assert button.get_attribute("aria-pressed") == "false"
        # 24: the cost as the server writes it
        if course["cost_pen"] > 0:
            assert course["cost_text"] in step.find_element(By.CSS_SELECTOR, ".meta").text
    first = steps[0]
    first.find_element(By.CSS_SELECTOR, "button[data-action=accepted]").click()
    WebDriverWait(driver, 10).until(lambda d: first.get_attribute("data-state") == "accepted")
    pressed = {
        b.get_attribute("data-action"): b.get_attribute("aria-pressed")
        for b in first.find_elements(By.CSS_SELECTOR, "button")
    }
    assert pressed == {"accepted": "true", "completed": "false", "rejected": "false"}
    summary = driver.find_element(By.ID, "pathway-summary").text
    if rec["total_cost_pen"] > 0:
        assert rec["total_cost_text"] in summary
        assert rec["total_cost_text"] in driver.find_element(By.ID, "pathway-total").text
