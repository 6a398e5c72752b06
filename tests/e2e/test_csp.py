"""Every page still works under the Content-Security-Policy in real headless Chromium: no
violation reported in the console for any page, and Swagger UI (the one page allowed an inline
start-up script) drew the API."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.conftest import Live
from tests.e2e.test_browser import browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration


def test_pages_run_under_the_csp(browser: Any, live: Live) -> None:  # noqa: F811
    wait = WebDriverWait(browser, 20)
    for path in ("/", "/schedule", "/pathways"):
        browser.get(live.url + path)
        wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        wait.until(lambda d: d.execute_script("return !!document.querySelector('form')"))
    browser.get(live.url + "/docs")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock")))
    violations = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
    ]
    assert violations == []
