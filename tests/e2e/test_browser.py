"""The web page in real headless Chromium against the live server: sign in with a token, chat,
book a meeting, rate a reply, and see the meeting on the schedule page's week."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import require
from tests.e2e.conftest import Live

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium driven by selenium, on a throwaway profile."""
    require(Path(CHROMIUM).exists(), "chromium not installed (apt chromium)")
    require(Path(CHROMEDRIVER).exists(), "chromedriver not installed (apt chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="slipway-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def test_sign_in_chat_book_and_see_the_schedule(browser: Any, live: Live) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.get(live.url + "/")
    wait.until(ec.visibility_of_element_located((By.ID, "token-input")))

    # a wrong token is refused with a message
    browser.find_element(By.ID, "token-input").send_keys("slw_not-a-token")
    browser.find_element(By.ID, "sign-in-button").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "sign-in-error"), "not accepted"))

    token_input = browser.find_element(By.ID, "token-input")
    token_input.clear()
    token_input.send_keys(live.token)
    browser.find_element(By.ID, "sign-in-button").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "who"), "Signed in as ana"))

    def send(text: str, count: int) -> Any:
        box = browser.find_element(By.ID, "message-input")
        box.send_keys(text)
        browser.find_element(By.ID, "send").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.assistant")) >= count)
        wait.until(lambda d: not d.find_element(By.ID, "typing").is_displayed())
        return browser.find_elements(By.CSS_SELECTOR, ".msg.assistant")[-1]

    reply = send("hello", 1)
    assert "Hello ana" in reply.find_element(By.CSS_SELECTOR, ".text").text
    assert reply.find_element(By.CSS_SELECTOR, ".badge-skill").text == "conversation"
    assert reply.find_element(By.CSS_SELECTOR, ".badge-path").text == "local"

    # a date three days on: "tomorrow" (and "the day after tomorrow") rightly ask which day
    # between 00:00 and 04:00 in Lima, and the test may run then
    day = datetime.now(ZoneInfo("America/Lima")).date() + timedelta(days=3)
    reply = send(f"book a meeting with Valeria Quispe on {day:%B} {day.day} at 4pm", 2)
    assert "Booked" in reply.find_element(By.CSS_SELECTOR, ".text").text
    assert reply.find_element(By.CSS_SELECTOR, ".badge-skill").text == "scheduling"

    thumb = reply.find_element(By.CSS_SELECTOR, ".thumb-up")
    thumb.click()
    wait.until(lambda d: thumb.get_attribute("aria-pressed") == "true")

    # history survives a reload
    browser.refresh()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.assistant")) == 2)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".msg.user")) == 2

    browser.find_element(By.ID, "nav-schedule").click()
    wait.until(lambda d: d.find_element(By.ID, "week").get_attribute("data-loaded") == "true")
    if "Valeria Quispe" not in browser.find_element(By.ID, "week").text:
        browser.find_element(By.ID, "week-next").click()  # the day is in next week
    wait.until(ec.text_to_be_present_in_element((By.ID, "week"), "Valeria Quispe"))
    meeting = browser.find_element(By.CSS_SELECTOR, "#week .event.meeting").get_attribute("title")
    assert "Meeting with Valeria Quispe" in meeting
    assert meeting.startswith("16:00")  # placed in the user's timezone
    assert "America/Lima" in browser.find_element(By.ID, "week-zone").text
    assert browser.find_element(By.ID, "todos").text == "Nothing here."


def test_a_token_revoked_mid_session_brings_back_the_sign_in(browser: Any, live: Live) -> None:
    """Found by an independent tester: after the token was revoked, the page stayed in the chat
    with the dead token in localStorage and showed the API's English error on every message;
    only a reload brought back the sign-in. Every page's API calls now go through slipway.js,
    which signs out on a 401."""
    import subprocess

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.e2e.conftest import BIN
    from tests.servers import cli_user

    token = cli_user(live.env, "revoked-rosa", "America/Lima")
    wait = WebDriverWait(browser, 20)
    for path, act in (("/", "chat"), ("/pathways", "pathway")):
        browser.get(live.url + path)
        wait.until(ec.visibility_of_element_located((By.ID, "token-input")))
        browser.find_element(By.ID, "token-input").send_keys(token)
        browser.find_element(By.ID, "sign-in-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "who"), "revoked-rosa"))
        done = subprocess.run(
            [str(BIN / "slipway"), "users", "token", "revoked-rosa", "--revoke-others"],
            env=live.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        token = done.stdout.strip().splitlines()[-1]  # the next round signs in with the new one
        if act == "chat":
            browser.find_element(By.ID, "message-input").send_keys("hello")
            browser.find_element(By.ID, "send").click()
        else:
            browser.find_element(By.ID, "recommend-button").click()
        wait.until(ec.visibility_of_element_located((By.ID, "token-input")))
        wait.until(ec.text_to_be_present_in_element((By.ID, "sign-in-error"), "not accepted"))
        assert browser.execute_script("return localStorage.getItem('slipway.token')") is None
