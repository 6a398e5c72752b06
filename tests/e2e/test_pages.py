"""The pages as people see them, in real headless Chromium at a desktop (1280 px) and a phone
(390 px) width, in English and Spanish, against gunicorn serving the intent model and the small
pathway ranker: the schedule's week, the pathway's timeline and its profile by skill names, the
chat's feedback buttons, the conversation restored on signing in again, the out-of-scope
refusal, and no page scrolling sideways on the phone."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_browser import chromium
from tests.servers import cli_user, gunicorn_server, site_env

pytestmark = pytest.mark.integration

WIDTHS = {"desktop": 1280, "phone": 390}
ZONES = {"en": "Asia/Tokyo", "es": "America/Lima"}
#: Texts that are internal ids, never to be shown: catalog skills (excel_basics), courses (C012).
INTERNAL_ID = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\bC\d{3}\b")


@dataclass
class Site:
    url: str
    env: dict[str, str]
    users: dict[tuple[str, str], str]  # (language, width) → token


def call(site: Site, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        site.url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def week_of(zone: str) -> tuple[date, date]:
    """Today in the zone and that week's Monday."""
    today = datetime.now(ZoneInfo(zone)).date()
    return today, today - timedelta(days=today.weekday())


@pytest.fixture(scope="module")
def site(
    trained: Any, pathways_release: Path, ranker_folder: Path, tmp_path_factory: Any
) -> Iterator[Site]:
    _, _, folder = trained
    tmp = tmp_path_factory.mktemp("pages")
    overrides = site_env(folder, pathways_release, tmp / "assistant.db", ranker_folder)
    with gunicorn_server(overrides, tmp / "gunicorn.log") as (url, _, env):
        site = Site(url, env, {})
        for lang, zone in ZONES.items():
            for width in WIDTHS:
                token = cli_user(env, f"{lang}-{width}", zone)
                call(site, token, "PATCH", "/v1/users/me", {"locale": lang})
                _today, monday = week_of(zone)
                # this week: a reminder on Monday morning, a meeting on Wednesday afternoon;
                # next week: a meeting on Tuesday (naive times are the user's local times)
                call(
                    site,
                    token,
                    "POST",
                    "/v1/reminders",
                    {"text": "call mom", "due_at": f"{monday}T09:30:00"},
                )
                # a to-do due at the end of a day: shown in words, never as an ISO time
                call(
                    site,
                    token,
                    "POST",
                    "/v1/todos",
                    {"text": "pay rent", "due_at": f"{monday + timedelta(days=9)}T23:59:00"},
                )
                for day, hour, title in (
                    (monday + timedelta(days=2), 15, "Planning with Rosa"),
                    (monday + timedelta(days=8), 10, "Budget review"),
                ):
                    call(
                        site,
                        token,
                        "POST",
                        "/v1/meetings",
                        {
                            "title": title,
                            "starts_at": f"{day}T{hour}:00:00",
                            "duration_minutes": 60,
                        },
                    )
                site.users[(lang, width)] = token
        yield site


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium() as chrome:
        yield chrome


@pytest.fixture(params=[(lang, width) for lang in ZONES for width in WIDTHS], ids="-".join)
def view(request: Any, driver: Any, site: Site) -> Iterator[tuple[Any, str, str, str]]:
    """The browser at the width, signed in as that language's user (a fresh tab state)."""
    lang, width = request.param
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": WIDTHS[width],
            "height": 900 if width == "desktop" else 844,
            "deviceScaleFactor": 1,
            "mobile": width == "phone",
        },
    )
    driver.delete_all_cookies()
    driver.get(site.url + "/favicon.ico")
    driver.execute_script("window.localStorage.clear()")
    yield driver, lang, width, site.users[(lang, width)]
    driver.execute_script("window.localStorage.clear()")


def sign_in(driver: Any, site: Site, token: str, path: str) -> None:
    driver.execute_script("window.localStorage.setItem('slipway.token', arguments[0])", token)
    driver.get(site.url + path)
    wait(driver).until(lambda d: d.find_element("id", "content").is_displayed())


def wait(driver: Any, seconds: float = 20) -> Any:
    """A wait that looks again when the page reloaded under it (it follows the user's language)."""
    from selenium.common.exceptions import (
        NoSuchElementException,
        StaleElementReferenceException,
        WebDriverException,
    )
    from selenium.webdriver.support.ui import WebDriverWait

    class ReloadAwareWait(WebDriverWait):  # type: ignore[misc]
        def until(self, method: Any, message: str = "") -> Any:
            def look(d: Any) -> Any:
                try:
                    return method(d)
                except WebDriverException as exc:
                    # an element found just before the reload, asked about just after: mostly a
                    # stale element, but chromedriver sometimes answers with an inspector error
                    if "does not belong to the document" in str(exc.msg):
                        return False
                    raise

            return super().until(look, message)

    ignored = (NoSuchElementException, StaleElementReferenceException)
    return ReloadAwareWait(driver, seconds, ignored_exceptions=ignored)


def spanish(msgid: str) -> str:
    from app.i18n import catalog

    return str(catalog("es").gettext(msgid))


def fits(driver: Any, width: str) -> None:
    """Nothing scrolls sideways: the document is no wider than the screen."""
    inner, scroll = driver.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]"
    )
    assert inner == WIDTHS[width]
    assert scroll <= WIDTHS[width], f"{scroll} px wide on a {WIDTHS[width]} px screen"


def no_errors(driver: Any) -> None:
    """The console shows no script error and no Content-Security-Policy refusal."""
    logs = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not [m for m in logs if "Refused to" in m or "Uncaught" in m], logs


def no_internal_ids(driver: Any) -> None:
    text = driver.find_element("tag name", "main").text
    assert not INTERNAL_ID.findall(text), INTERNAL_ID.findall(text)


# -- the schedule's week ----------------------------------------------------------------------
def test_schedule_is_a_week_with_items_at_their_local_times(
    view: tuple[Any, str, str, str], site: Site
) -> None:
    from selenium.webdriver.common.by import By

    driver, lang, width, token = view
    zone = ZONES[lang]
    today, monday = week_of(zone)
    sign_in(driver, site, token, "/schedule")
    wait(driver).until(lambda d: d.find_element(By.ID, "week").get_attribute("data-loaded"))
    assert driver.execute_script("return document.documentElement.lang") == lang
    assert driver.find_element(By.ID, "week").get_attribute("data-week") == str(monday)
    assert zone in driver.find_element(By.ID, "week-zone").text
    title = driver.find_element(By.ID, "week-title").text
    week_of_text = "Week of {start} – {end}"
    expected = (week_of_text if lang == "en" else spanish(week_of_text)).split("{start}")[0]
    assert title.startswith(expected), title
    todos = driver.find_element(By.ID, "todos").text
    end_of_day = "due {day}, end of day"
    assert (end_of_day if lang == "en" else spanish(end_of_day)).split("{day}")[0] in todos, todos
    assert "23:59" not in todos, todos
    wednesday = monday + timedelta(days=2)
    if width == "desktop":
        assert driver.find_element(By.ID, "week").is_displayed()
        assert not driver.find_element(By.ID, "agenda").is_displayed()
        heads = driver.find_elements(By.CSS_SELECTOR, "#week .day-head")
        assert [h.get_attribute("data-day") for h in heads] == [
            str(monday + timedelta(days=i)) for i in range(7)
        ]
        weekday = heads[2].find_element(By.CSS_SELECTOR, ".weekday").text.lower()
        assert weekday.startswith("wed" if lang == "en" else "mié"), weekday
        marked = driver.find_elements(By.CSS_SELECTOR, "#week .day-head[aria-current=date]")
        assert [m.get_attribute("data-day") for m in marked] == [str(today)]
        meeting = driver.find_element(
            By.CSS_SELECTOR, f"#week .day[data-day='{wednesday}'] .meeting"
        )
        assert meeting.get_attribute("title").startswith("15:00–16:00 Planning with Rosa")
        reminder = driver.find_element(
            By.CSS_SELECTOR, f"#week .day[data-day='{monday}'] .reminder"
        )
        assert reminder.get_attribute("title").startswith("09:30 call mom")
        # placed by time: the grid starts at 07:00, 44 px an hour
        assert meeting.value_of_css_property("top") == f"{(15 - 7) * 44}px"
        assert reminder.value_of_css_property("top") == f"{2.5 * 44:g}px"
        assert meeting.size["height"] >= 43  # an hour long
        assert meeting.location["y"] > reminder.location["y"]
    else:
        assert not driver.find_element(By.ID, "week").is_displayed()
        agenda = driver.find_element(By.ID, "agenda")
        assert agenda.is_displayed()
        days = agenda.find_elements(By.CSS_SELECTOR, ".agenda-day")
        shown = [d.get_attribute("data-day") for d in days]
        assert str(monday) in shown
        assert str(wednesday) in shown
        assert str(today) in shown
        wed = agenda.find_element(By.CSS_SELECTOR, f".agenda-day[data-day='{wednesday}']")
        assert "15:00–16:00 Planning with Rosa" in wed.text
        assert agenda.find_element(By.CSS_SELECTOR, ".agenda-day[aria-current=date]")
    fits(driver, width)
    # next week: the Tuesday meeting; the page remembers the week in its address
    driver.find_element(By.ID, "week-next").click()
    tuesday = monday + timedelta(days=8)
    wait(driver).until(
        lambda d: (
            d.find_element(By.ID, "week").get_attribute("data-week")
            == str(monday + timedelta(days=7))
        )
    )
    shown = "week" if width == "desktop" else "agenda"
    block = driver.find_element(By.CSS_SELECTOR, f"#{shown} [data-day='{tuesday}'] .meeting")
    assert (block.get_attribute("title") or block.text).startswith("10:00–11:00 Budget review")
    assert f"week={monday + timedelta(days=7)}" in driver.current_url
    assert not driver.find_elements(By.CSS_SELECTOR, "#week .day-head[aria-current=date]")
    driver.find_element(By.ID, "week-today").click()
    wait(driver).until(
        lambda d: d.find_element(By.ID, "week").get_attribute("data-week") == str(monday)
    )
    fits(driver, width)
    no_errors(driver)


@pytest.mark.parametrize(
    ("locale", "before"), [("en-GB", "day"), ("en-US", "month"), ("en", "month")]
)
def test_schedule_writes_dates_in_the_users_locale(
    driver: Any, site: Site, locale: str, before: str
) -> None:
    """Probe 40, U-L5: an en-GB user's week was headed "Week of Dec 7 – Dec 13, 2026" (US order)
    while the chat writes "Wed 9 Dec"."""
    from selenium.webdriver.common.by import By

    zone = "Europe/London"
    token = cli_user(site.env, f"dates-{locale}", zone)
    call(site, token, "PATCH", "/v1/users/me", {"locale": locale})
    _today, monday = week_of(zone)
    driver.delete_all_cookies()
    driver.get(site.url + "/favicon.ico")
    driver.execute_script("window.localStorage.clear()")
    sign_in(driver, site, token, "/schedule")
    wait(driver).until(lambda d: d.find_element(By.ID, "week").get_attribute("data-loaded"))
    title = driver.find_element(By.ID, "week-title").text
    day, month = str(monday.day), monday.strftime("%b")
    first = min((title.index(day), "day"), (title.index(month), "month"))[1]
    assert first == before, title
    no_errors(driver)
    driver.execute_script("window.localStorage.clear()")


#: Recorded before the page's own scripts: every fetch's address (window.__asked), and a fetch
#: whose address holds localStorage "test.refuse" answered 429 as the rate limit answers it
FETCH_SPY = """
(() => {
  const real = window.fetch.bind(window);
  window.__asked = [];
  window.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    window.__asked.push(url);
    const refuse = window.localStorage.getItem("test.refuse");
    if (refuse && url.includes(refuse)) {
      const body = {
        code: "rate_limited",
        message: "too many requests: the limit is 120 per 1 minute; retry later",
      };
      const headers = {"Content-Type": "application/json", "Retry-After": "30"};
      return Promise.resolve(new Response(JSON.stringify(body), {status: 429, headers}));
    }
    return real(input, init);
  };
})();
"""


def test_schedule_asks_for_its_week_and_a_page_of_todos_at_a_time(driver: Any, site: Site) -> None:
    """Probe 30, M-2: with 500 open to-dos a load asks /v1/todos once (200 shown, "Show more
    to-dos" for the next 200), and /v1/meetings and /v1/reminders for the shown week only; a
    429 leaves what was fetched on the page, with the limit's message."""
    from selenium.webdriver.common.by import By
    from sqlalchemy import create_engine, insert

    from app.db.tables import Todo

    zone = ZONES["en"]
    token = cli_user(site.env, "many-todos", zone)
    call(site, token, "PATCH", "/v1/users/me", {"locale": "en"})
    user_id = call(site, token, "GET", "/v1/users/me")["id"]
    _today, monday = week_of(zone)
    for day, title in (
        (monday + timedelta(days=1), "This week's"),
        (monday - timedelta(days=21), "Long ago"),
    ):
        call(site, token, "POST", "/v1/meetings", {"title": title, "starts_at": f"{day}T10:00:00"})
    call(
        site,
        token,
        "POST",
        "/v1/meetings",
        {"title": "Next week's", "starts_at": f"{monday + timedelta(days=9)}T10:00:00"},
    )
    engine = create_engine(site.env["SLIPWAY_DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(
            insert(Todo),
            [{"user_id": user_id, "text": f"to-do {i:03}", "done": i >= 500} for i in range(520)],
        )
    engine.dispose()
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    spy = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FETCH_SPY})
    try:
        driver.delete_all_cookies()
        driver.get(site.url + "/favicon.ico")
        driver.execute_script("window.localStorage.clear()")

        def asked(path: str) -> list[str]:
            urls: list[str] = driver.execute_script("return window.__asked")
            return [u for u in urls if path in u]

        def todos() -> list[str]:
            # one round trip for the list (a WebDriver call per item's text took 15 s of 19)
            texts: list[str] = driver.execute_script(
                "return [...document.querySelectorAll('#todos li:not(.empty)')]"
                ".map(li => li.innerText)"
            )
            return texts

        sign_in(driver, site, token, "/schedule")
        wait(driver).until(lambda d: d.find_element(By.ID, "week").get_attribute("data-loaded"))
        assert len(asked("/v1/todos")) == 1
        assert [t.split(" —")[0] for t in todos()] == [f"to-do {i:03}" for i in range(200)]
        for path in ("/v1/meetings", "/v1/reminders"):
            (url,) = asked(path)
            assert "since=" in url, url
            assert "until=" in url, url
        week = driver.find_element(By.ID, "week").text
        assert "This week's" in week
        more = driver.find_element(By.ID, "todos-more")
        assert more.is_displayed()
        assert more.text == "Show more to-dos"
        more.click()
        wait(driver).until(lambda d: len(todos()) == 400)
        more.click()
        wait(driver).until(lambda d: len(todos()) == 500)
        assert not more.is_displayed()
        assert len(asked("/v1/todos")) == 3
        assert todos()[-1].startswith("to-do 499")

        def to_next_week() -> None:
            driver.find_element(By.ID, "week-next").click()
            wait(driver).until(
                lambda d: (
                    d.find_element(By.ID, "week").get_attribute("data-week")
                    == str(monday + timedelta(days=7))
                )
            )
            assert "Next week's" in driver.find_element(By.ID, "week").text

        # the next week: its own meetings, and no to-do asked again
        to_next_week()
        assert len(asked("/v1/todos")) == 3
        assert len(asked("/v1/meetings")) == 2
        assert not driver.find_element(By.ID, "schedule-error").text

        # a 429 on the to-dos: the week is drawn all the same, with the limit's message
        driver.execute_script("window.localStorage.setItem('test.refuse', '/v1/todos')")
        driver.get(site.url + "/schedule")
        wait(driver).until(lambda d: d.find_element(By.ID, "week").get_attribute("data-loaded"))
        assert "This week's" in driver.find_element(By.ID, "week").text
        error = driver.find_element(By.ID, "schedule-error").text
        assert error.startswith("too many requests"), error
        assert driver.find_element(By.ID, "week").get_attribute("data-complete") == "false"
        assert not todos()
        # a 429 on the reminders: the meetings and the to-dos fetched are shown
        driver.execute_script("window.localStorage.setItem('test.refuse', '/v1/reminders')")
        to_next_week()
        assert len(todos()) == 200
        assert driver.find_element(By.ID, "schedule-error").text.startswith("too many requests")
        # a 429 on "show more": the 200 stay, the button too (to try again)
        driver.execute_script("window.localStorage.setItem('test.refuse', '/v1/todos')")
        driver.find_element(By.ID, "todos-more").click()
        wait(driver).until(lambda d: d.find_element(By.ID, "todos-more").is_enabled())
        assert len(todos()) == 200
        assert driver.find_element(By.ID, "todos-more").is_displayed()
        assert driver.find_element(By.ID, "schedule-error").text.startswith("too many requests")
        driver.execute_script("window.localStorage.removeItem('test.refuse')")
        driver.find_element(By.ID, "todos-more").click()
        wait(driver).until(lambda d: len(todos()) == 400)
        assert not driver.find_element(By.ID, "schedule-error").text
        no_errors(driver)
    finally:
        driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": spy["identifier"]}
        )
        driver.execute_script("window.localStorage.clear()")


# -- the pathway ------------------------------------------------------------------------------
def test_pathway_is_a_timeline_for_a_profile_of_skill_names(
    view: tuple[Any, str, str, str], site: Site
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    driver, lang, width, token = view
    goal = "data analyst" if lang == "en" else spanish("data analyst")
    sign_in(driver, site, token, "/pathways")
    wait(driver).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#profile-region option")) > 1
    )
    options = driver.find_elements(By.CSS_SELECTOR, "#skill-options option")
    names = {o.get_attribute("value") for o in options}
    assert {"Excel", "Python", "SQL"} <= names
    assert not [n for n in names if INTERNAL_ID.search(n)]
    # a name with the suggestions' level, then one typed in lower case and added with Enter
    box = driver.find_element(By.ID, "profile-skills")
    box.send_keys("Excel")
    Select(driver.find_element(By.ID, "profile-skill-level")).select_by_value("3")
    driver.find_element(By.ID, "add-skill").click()
    Select(driver.find_element(By.ID, "profile-skill-level")).select_by_value("1")
    box.send_keys("python", Keys.ENTER)
    chips = driver.find_elements(By.CSS_SELECTOR, "#skill-list .skill")
    assert [c.find_element(By.CSS_SELECTOR, ".skill-name").text for c in chips] == [
        "Excel",
        "Python",
    ]
    driver.find_element(By.ID, "profile-goal").send_keys("data analyst")
    Select(driver.find_element(By.ID, "profile-region")).select_by_visible_text("Lima")
    spanish_box = driver.find_element(By.ID, "profile-lang-es")
    if not spanish_box.is_selected():  # an English-locale learner who also reads Spanish
        spanish_box.click()
    hours = driver.find_element(By.ID, "profile-hours")
    hours.clear()
    hours.send_keys("10")
    driver.find_element(By.ID, "recommend-button").click()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#pathway-steps .step")) >= 2)
    profile = call(site, token, "GET", "/v1/users/me/profile")
    assert profile["skills"] == [
        {"skill": "excel_basics", "level": 3},
        {"skill": "python_basics", "level": 1},
    ]
    steps = driver.find_elements(By.CSS_SELECTOR, "#pathway-steps .step")
    for number, step in enumerate(steps, start=1):
        assert step.find_element(By.CSS_SELECTOR, ".marker").text == str(number)
        assert re.search(r"\d", step.find_element(By.CSS_SELECTOR, ".when").text)
        meta = step.find_element(By.CSS_SELECTOR, ".meta").text
        assert re.search(r"\d+(\.\d+)? h", meta)
        assert "S/" in meta or "gratis" in meta or "free" in meta
        assert step.find_element(By.CSS_SELECTOR, ".bar").size["width"] > 0
        # explained by the goal the learner chose, named in the page's language
        assert goal in step.find_element(By.CSS_SELECTOR, ".reason").text
    summary = driver.find_elements(By.CSS_SELECTOR, "#pathway-summary dd")
    assert len(summary) == 4
    assert all(s.text for s in summary)
    assert driver.find_element(By.ID, "pathway-total").text
    no_internal_ids(driver)
    fits(driver, width)
    # the saved profile comes back by name
    driver.refresh()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#pathway-steps .step")) >= 2)
    chips = driver.find_elements(By.CSS_SELECTOR, "#skill-list .skill-name")
    assert [c.text for c in chips] == ["Excel", "Python"]
    no_internal_ids(driver)
    fits(driver, width)
    no_errors(driver)


def test_a_refused_profile_says_why_in_the_pages_language(
    view: tuple[Any, str, str, str], site: Site
) -> None:
    """The API's error message the page shows is in the page's language (the user's locale)."""
    from selenium.webdriver.common.by import By

    driver, lang, width, token = view
    before = call(site, token, "GET", "/v1/users/me/profile")
    sign_in(driver, site, token, "/pathways")
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang)
    wait(driver).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#profile-region option")) > 1
    )
    goal = driver.find_element(By.ID, "profile-goal")
    goal.clear()
    goal.send_keys("astronaut")
    driver.find_element(By.ID, "recommend-button").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "pathway-error").text)
    says = "no role in the demand table matches %(goal)r: e.g. %(roles)s"
    start = (says if lang == "en" else spanish(says)).split("%(goal)r")[0] + "'astronaut'"
    # the field's label first ("Goal role: …"), then the API's reason
    assert start in driver.find_element(By.ID, "pathway-error").text
    assert call(site, token, "GET", "/v1/users/me/profile") == before  # nothing was stored
    fits(driver, width)
    no_errors(driver)


# -- the chat ---------------------------------------------------------------------------------
def test_chat_feedback_has_words_and_signing_in_again_restores_it(
    view: tuple[Any, str, str, str], site: Site
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    driver, lang, width, token = view
    driver.get(site.url + "/")
    wait(driver).until(ec.visibility_of_element_located((By.ID, "token-input")))
    driver.find_element(By.ID, "token-input").send_keys(token)
    driver.find_element(By.ID, "sign-in-button").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "content").is_displayed())
    fits(driver, width)

    def send(text: str) -> Any:
        count = len(driver.find_elements(By.CSS_SELECTOR, ".msg.assistant"))
        driver.find_element(By.ID, "message-input").send_keys(text)
        driver.find_element(By.ID, "send").click()
        wait(driver).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.assistant")) > count
        )
        wait(driver).until(lambda d: not d.find_element(By.ID, "typing").is_displayed())
        return driver.find_elements(By.CSS_SELECTOR, ".msg.assistant")[-1]

    reply = send("hello" if lang == "en" else "hola, buenos días")
    for button in reply.find_elements(By.CSS_SELECTOR, ".thumb"):
        assert re.search(r"[^\W\d_]{3,}", button.text), button.text  # words, not only an emoji
    helpful = "Helpful" if lang == "en" else spanish("Helpful")
    assert helpful in reply.find_element(By.CSS_SELECTOR, ".thumb-up").text
    # the out-of-scope refusal lists every capability, pathways included
    capabilities = (
        "book, move and cancel meetings and show your calendar; set reminders, alarms and timers; "
        "keep your to-do list; tell the time and date; answer questions about Ruta Academy "
        "(courses, fees, schedules, campuses, certificates and more); and suggest a learning "
        "pathway towards the job you want"
    )
    # the Spanish as a reader writes it (the sentence is put together from each skill's phrase)
    capacidades = (
        "agendar, mover y cancelar reuniones y mostrarte tu calendario; poner recordatorios, "
        "alarmas y temporizadores; llevar tu lista de pendientes; decirte la hora y la fecha; "
        "responder preguntas sobre Ruta Academy (cursos, precios, horarios, sedes, certificados y "
        "más); y sugerirte una ruta de aprendizaje hacia el trabajo que quieres"
    )
    expected = capabilities if lang == "en" else capacidades
    refusals = []
    for text in (
        ("tell me a joke about penguins", "who won the 1986 football world cup?")
        if lang == "en"
        else ("cuéntame un chiste de pingüinos", "¿quién ganó el mundial de fútbol de 1986?")
    ):
        answer = send(text)
        if (
            answer.find_element(By.CSS_SELECTOR, ".badge-skill").get_attribute("data-value")
            == "out_of_scope"
        ):
            refusals.append(answer.find_element(By.CSS_SELECTOR, ".text").text)
    assert refusals, "no out-of-scope refusal to check"
    assert all(expected in r for r in refusals), refusals
    shown = [m.text for m in driver.find_elements(By.CSS_SELECTOR, ".msg .text")]
    fits(driver, width)

    # sign out, sign in again: the last conversation is back
    driver.find_element(By.ID, "sign-out").click()
    wait(driver).until(ec.visibility_of_element_located((By.ID, "token-input")))
    driver.find_element(By.ID, "token-input").send_keys(token)
    assert not driver.find_elements(By.CSS_SELECTOR, ".msg")  # nothing left behind
    driver.find_element(By.ID, "sign-in-button").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "content").is_displayed())
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg .text")) == len(shown))
    assert [m.text for m in driver.find_elements(By.CSS_SELECTOR, ".msg .text")] == shown
    # a new conversation stays new after a reload
    driver.find_element(By.ID, "new-conversation").click()
    driver.refresh()
    wait(driver).until(lambda d: d.find_element(By.ID, "content").is_displayed())
    assert not driver.find_elements(By.CSS_SELECTOR, ".msg")
    fits(driver, width)
    no_errors(driver)


# -- the API behind the profile ---------------------------------------------------------------
def test_the_profile_takes_skill_names_and_ids(site: Site) -> None:
    token = site.users[("en", "desktop")]
    catalog = call(site, token, "GET", "/v1/pathways/catalog")
    assert catalog["skill_names"]["excel_basics"] == "Excel"
    assert catalog["skill_names"]["sql_advanced"] == "Advanced SQL"
    body = {
        "skills": [
            {"skill": "Advanced SQL", "level": 2},
            {"skill": "power bi", "level": 1},
            {"skill": "digital_literacy", "level": 3},
        ]
    }
    profile = call(site, token, "PATCH", "/v1/users/me/profile", body)
    assert profile["skills"] == [
        {"skill": "digital_literacy", "level": 3},
        {"skill": "power_bi", "level": 1},
        {"skill": "sql_advanced", "level": 2},
    ]
    spanish_names = call(site, site.users[("es", "desktop")], "GET", "/v1/pathways/catalog")
    assert spanish_names["skill_names"]["excel_advanced"] == spanish("Advanced Excel")
    assert spanish_names["role_names"]["data analyst"] == spanish("data analyst")
    # a goal by its Spanish name is stored as the role
    goal = {"goal_role": spanish("data analyst").upper()}
    assert call(site, token, "PATCH", "/v1/users/me/profile", goal)["goal_role"] == "data analyst"
