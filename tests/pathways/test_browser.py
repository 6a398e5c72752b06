"""The pathways page in real headless Chromium against gunicorn serving the small ranker: sign in,
fill the profile, get a path with reasons, press Accept and Not for me; the server stored both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_browser import browser  # noqa: F401
from tests.servers import cli_user, gunicorn_server, site_env

pytestmark = pytest.mark.integration


def test_pathway_page_recommends_and_takes_feedback(
    browser: Any,  # noqa: F811
    trained: Any,
    pathways_release: Path,
    ranker_folder: Path,
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait
    from sqlalchemy import create_engine, text

    _, _, folder = trained
    db = tmp_path / "assistant.db"
    overrides = site_env(folder, pathways_release, db, ranker_folder)
    with gunicorn_server(overrides, tmp_path / "gunicorn.log") as (url, _, env):
        token = cli_user(env, "lucia", "America/Lima")
        wait = WebDriverWait(browser, 20)
        browser.get(url + "/pathways")
        wait.until(ec.visibility_of_element_located((By.ID, "token-input")))
        browser.find_element(By.ID, "token-input").send_keys(token)
        browser.find_element(By.ID, "sign-in-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "who"), "Signed in as lucia"))
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#profile-region option")) > 1)

        # a fresh profile reads the locale's language alone (lucia's is English): she ticks
        # Spanish, which she reads (stop 39: nothing else is assumed)
        assert browser.find_element(By.ID, "profile-lang-en").is_selected()
        assert not browser.find_element(By.ID, "profile-lang-es").is_selected()
        browser.find_element(By.ID, "profile-lang-es").click()
        browser.find_element(By.ID, "profile-skills").send_keys("digital_literacy:2")
        browser.find_element(By.ID, "profile-goal").send_keys("junior web developer")
        Select(browser.find_element(By.ID, "profile-region")).select_by_visible_text("Lima")
        hours = browser.find_element(By.ID, "profile-hours")
        hours.clear()
        hours.send_keys("10")
        browser.find_element(By.ID, "recommend-button").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#pathway-steps li")) >= 2)
        assert "junior web developer" in browser.find_element(By.ID, "pathway-title").text
        steps = browser.find_elements(By.CSS_SELECTOR, "#pathway-steps li")
        assert (
            steps[0]
            .find_element(By.CSS_SELECTOR, ".reason")
            .text.startswith(("teaches", "prerequisite for"))
        )
        first, second = steps[0].get_attribute("data-course"), steps[1].get_attribute("data-course")
        steps[0].find_element(By.CSS_SELECTOR, "button[data-action=accepted]").click()
        steps[1].find_element(By.CSS_SELECTOR, "button[data-action=rejected]").click()
        wait.until(lambda d: steps[1].get_attribute("data-state") == "rejected")
        wait.until(lambda d: steps[0].get_attribute("data-state") == "accepted")

        # visiting the page again: the rejected course is gone, the accepted one says so; a
        # further visit with nothing changed stores no new recommendation
        for _visit in range(2):
            browser.get(url + "/pathways")
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pathway-steps li"))
            shown = {
                li.get_attribute("data-course"): li.get_attribute("data-state")
                for li in browser.find_elements(By.CSS_SELECTOR, "#pathway-steps li")
            }
            assert second not in shown
            assert shown[first] == "accepted"

        engine = create_engine(f"sqlite:///{db}")
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT course_id, action FROM pathway_feedback")).all())
            profile = conn.execute(
                text("SELECT goal_role, hours_per_week, languages FROM learner_profiles")
            ).one()
            stored = conn.execute(text("SELECT count(*) FROM pathway_recommendations")).scalar()
        engine.dispose()
        assert rows == {first: "accepted", second: "rejected"}
        assert tuple(profile)[:2] == ("junior web developer", 10.0)
        assert sorted(json.loads(profile[2])) == ["en", "es"]
        assert stored == 2  # the first path, and the one without the rejected course
