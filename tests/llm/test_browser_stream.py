"""The web page streams an LLM reply: gunicorn with the LLM path pointed at the fake server,
real headless Chromium; the text grows in a draft bubble before the stored reply replaces it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.fake_openai import FakeOpenAI, text
from tests.llm.conftest import llm_server_env
from tests.servers import cli_user, gunicorn_server

pytestmark = pytest.mark.integration


@pytest.fixture
def live_llm(
    trained: Any, release_file: Path, fake: FakeOpenAI, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    overrides = llm_server_env(trained, release_file, fake, tmp_path, SLIPWAY_LLM_DEADLINE="10")
    with gunicorn_server(overrides, tmp_path / "gunicorn.log") as (url, _, env):
        yield url, cli_user(env, "ana", "America/Lima")


def test_the_page_streams_an_llm_reply(
    live_llm: tuple[str, str], browser: Any, fake: FakeOpenAI
) -> None:
    # live_llm first: the browser is closed before gunicorn stops (no open stream to wait for)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    url, token = live_llm
    answer = "Your to-do list is empty right now, so there is nothing to do first."
    fake.script(text(answer, gap=0.15))
    wait = WebDriverWait(browser, 20)
    browser.get(url + "/")
    wait.until(ec.visibility_of_element_located((By.ID, "token-input"))).send_keys(token)
    browser.find_element(By.ID, "sign-in-form").submit()
    wait.until(ec.text_to_be_present_in_element((By.ID, "who"), "Signed in as ana"))
    browser.find_element(By.ID, "message-input").send_keys("what is on my to-do list\n")
    draft = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".msg.draft")))
    partial = draft.text
    assert partial
    assert answer.startswith(partial.strip())  # a prefix, shown as it streams
    assert len(partial.strip()) < len(answer)
    reply = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".msg.assistant")))
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".msg.draft"))
    assert reply.find_element(By.CSS_SELECTOR, ".text").text == answer
    badge = reply.find_element(By.CSS_SELECTOR, ".badge-path")
    assert badge.get_attribute("data-value") == "llm"  # the path; its label is translated
    assert badge.text == "LLM"
    assert fake.requests[-1]["stream"] is True
