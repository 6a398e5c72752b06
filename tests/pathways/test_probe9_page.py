"""What the ninth independent tester found on the /pathways page: a budget typed the Peruvian way
("10.000") was saved as S/ 10 and "1.000" was blocked with "The two nearest valid values are 0
and 10" (a number box reads a point as decimals and steps by 10), while the chat reads "1.500
soles" as 1500; and hours or a budget the chat or the API stored (10.5 h, 9.2 h, S/ 75, S/ 1200.5)
locked the form ("the two nearest valid values are 1 and 2"). The page now sends what was typed
and the API reads it as the chat reads an amount, or refuses it saying how to write it; the form
takes every value the API takes. Also the API and `slipway users create` store one locale form
(finding 17: "es-pe" is stored as es-PE by both)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.pathways import answered_budget
from tests.app.conftest import Api
from tests.conftest import ROOT
from tests.e2e.test_browser import browser  # noqa: F401
from tests.pathways.conftest import profile_of
from tests.servers import BIN, api_caller, gunicorn_server, site_env


# -- finding 2: the API reads a typed amount as the chat does -------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("10.000", 10000.0), ("1.000", 1000.0), ("2.500", 2500.0), ("1,500", 1500.0),
     ("10 000", 10000.0), ("S/ 1.500", 1500.0), ("S/.1.500,50", 1500.5), ("1500 soles", 1500.0),
     ("75", 75.0), ("1200,5", 1200.5), ("1,200.50", 1200.5), ("0", 0.0)],
)  # fmt: skip
def test_a_budget_typed_as_text_is_read_as_the_chat_reads_it(
    api: Api, typed: str, stored: float
) -> None:
    r = api.patch("/v1/users/me/profile", json={"budget_pen": typed})
    assert r.status_code == 200, r.json
    assert r.json["budget_pen"] == stored
    assert profile_of(api)["budget_pen"] == stored
    # the chat's answer to "how much can you spend?" reads the same text the same way
    assert answered_budget(typed) == stored


@pytest.mark.parametrize("typed", ["1.50.0", "1,5000", "1.500.5", "2k", "mil", "abc", "10 lucas"])
@pytest.mark.parametrize("lang", ["en", "es-PE"])
def test_a_budget_that_cannot_be_told_is_refused_saying_how_to_write_it(
    speaker: Callable[[str], Api], typed: str, lang: str
) -> None:
    api = speaker(lang)
    api.patch("/v1/users/me/profile", json={"budget_pen": 850})
    r = api.patch("/v1/users/me/profile", json={"budget_pen": typed})
    assert r.status_code == 422, r.json
    assert typed in r.json["message"]
    assert "1500" in r.json["message"]  # how to write one
    assert profile_of(api)["budget_pen"] == 850.0  # nothing stored


@pytest.mark.parametrize(
    ("typed", "stored"), [("1,5", 1.5), ("10.5", 10.5), ("7", 7.0), ("6 h", 6.0), ("2,25", 2.25)]
)
def test_hours_typed_as_text(api: Api, typed: str, stored: float) -> None:
    r = api.patch("/v1/users/me/profile", json={"hours_per_week": typed})
    assert r.status_code == 200, r.json
    assert r.json["hours_per_week"] == stored


@pytest.mark.parametrize("typed", ["1.000", "0,5", "seis", "1.5.5"])
def test_hours_out_of_range_or_unreadable_are_refused(api: Api, typed: str) -> None:
    """ "1.000" is a thousand (as a budget would be), over the 80 a week, never 1."""
    r = api.patch("/v1/users/me/profile", json={"hours_per_week": typed})
    assert r.status_code == 422, r.json
    assert profile_of(api)["hours_per_week"] == 6.0


def test_a_recommendation_override_reads_text_the_same_way(api: Api) -> None:
    r = api.post("/v1/pathways/recommend", json={"budget_pen": "1.500", "hours_per_week": "1,5"})
    assert r.status_code == 200, r.json
    assert api.post("/v1/pathways/recommend", json={"budget_pen": "1.50.0"}).status_code == 422


# -- finding 17: one locale rule for the API and the commands --------------------------------------
@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("es-pe", "es-PE"),
        ("es_PE", "es-PE"),
        ("ES", "es"),
        ("en-us", "en-US"),
        ("es-419", "es-419"),
    ],
)
def test_the_api_stores_a_locale_in_one_form(api: Api, sent: str, stored: str) -> None:
    r = api.patch("/v1/users/me", json={"locale": sent})
    assert r.status_code == 200, r.json
    assert r.json["locale"] == stored


def test_the_api_refuses_what_the_command_refuses(api: Api) -> None:
    from app.auth import locale_problem

    for sent, code in [("fr", "unsupported_locale"), ("español", "validation_error")]:
        r = api.patch("/v1/users/me", json={"locale": sent})
        assert r.status_code == 422, r.json
        assert r.json["code"] == code
        assert locale_problem(sent) is not None
    assert locale_problem("es-pe") is None


# -- findings 2 and 11 in the page itself (headless Chromium, a Peruvian user) ---------------
def _cli_user(env: dict[str, str], name: str, locale: str) -> str:
    import subprocess

    done = subprocess.run(
        [*(str(BIN / "slipway"), "users", "create", name), "--locale", locale],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.integration
def test_the_page_reads_amounts_as_the_chat_and_takes_what_the_api_stored(
    browser: Any,  # noqa: F811
    trained: Any,
    pathways_release: Path,
    ranker_folder: Path,
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    _, _, folder = trained
    overrides = site_env(folder, pathways_release, tmp_path / "assistant.db", ranker_folder)
    with gunicorn_server(overrides, tmp_path / "gunicorn.log") as (url, _, env):
        token = _cli_user(env, "sofia", "es-pe")
        call = api_caller(url, token)

        assert call("GET", "/v1/users/me")["locale"] == "es-PE"  # finding 17, by the command
        # what the chat stores ("1,5 horas diarias" every day, "1,200.50"): not a step of 1 or 10
        call("PATCH", "/v1/users/me/profile", {"hours_per_week": 10.5, "budget_pen": 1200.5})

        wait = WebDriverWait(browser, 20)
        browser.get(url + "/pathways")
        wait.until(ec.visibility_of_element_located((By.ID, "token-input")))
        browser.find_element(By.ID, "token-input").send_keys(token)
        browser.find_element(By.ID, "sign-in-button").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#profile-region option")) > 1)
        hours, budget = (
            browser.find_element(By.ID, i) for i in ("profile-hours", "profile-budget")
        )
        # in the page's Spanish as Peru writes numbers (es-PE), no thousands mark: read back so
        wait.until(lambda d: hours.get_attribute("value") == "10.5")
        assert budget.get_attribute("value") == "1200.5"

        def text_of(element: str) -> str:
            return str(browser.find_element(By.ID, element).get_attribute("textContent"))

        def save() -> str:
            """Press the button; once the path is drawn again or an error shown, the error."""
            browser.execute_script(
                "for (const id of ['pathway-title', 'pathway-error'])"
                " document.getElementById(id).textContent = '…';"
            )
            browser.find_element(By.ID, "recommend-button").click()
            wait.until(
                lambda d: text_of("pathway-title") != "…" or text_of("pathway-error") not in "…"
            )  # the path drawn again, or an error ("" is the button's start, "…" before it)
            return text_of("pathway-error")

        # untouched, the stored values are saved again as they are (the form never locks)
        assert save() == ""
        profile = call("GET", "/v1/users/me/profile")
        assert (profile["hours_per_week"], profile["budget_pen"]) == (10.5, 1200.5)

        for typed, stored, shown in [("10.000", 10000.0, "10000"), ("75", 75.0, "75")]:
            budget.clear()
            budget.send_keys(typed)
            assert save() == ""
            assert call("GET", "/v1/users/me/profile")["budget_pen"] == stored
            assert budget.get_attribute("value") == shown  # the box shows what was stored

        hours.clear()
        hours.send_keys("1,5")
        assert save() == ""
        assert call("GET", "/v1/users/me/profile")["hours_per_week"] == 1.5

        budget.clear()
        budget.send_keys("1.50.0")
        said = save()
        assert "1.50.0" in said, said  # refused, in the page,
        assert "1500" in said  # saying how to write an amount
        assert call("GET", "/v1/users/me/profile")["budget_pen"] == 75.0  # nothing stored

        budget.clear()  # empty: no limit
        assert save() == ""
        assert call("GET", "/v1/users/me/profile")["budget_pen"] is None
