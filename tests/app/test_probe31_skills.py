"""Probe 31: a bank's platform team added the intent ``account_balance`` and no skill for it;
every message about balances was answered "Sorry, I can't help with that" at 0.99 confidence and
nothing said why (A-H2). Adding the skill meant five hand edits, and its label stayed the raw
``banking`` in both languages (A-M1). The skills are now declared once (app.skills.registry),
each with its label and capability, and the app warns at start about an intent no skill owns."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask_babel.speaklater import LazyString
from typer.testing import CliRunner

from tests.app.conftest import built_app, page_texts, settings_for
from tests.conftest import ROOT


def _banking() -> type[Any]:
    """A skill as the team wrote it: one module's worth, label and capability declared."""
    from app.i18n import _, lazy_gettext
    from app.skills.base import Reply, Skill, Turn

    class Banking(Skill):
        name = "banking"
        intents = frozenset({"account_balance"})
        label = lazy_gettext("banking")
        capability = lazy_gettext("tell you your account balance")

        def handle(self, turn: Turn) -> Reply:
            return Reply(_("Your balance is available."))

    return Banking


@pytest.fixture
def banking(monkeypatch: pytest.MonkeyPatch) -> type[Any]:
    """The skill added by one line in the registry, and its texts translated in the catalog."""
    from app.i18n import catalog
    from app.skills import registry

    skill = _banking()
    monkeypatch.setattr(registry, "SKILLS", (*registry.SKILLS, skill))
    spanish = catalog("es")._catalog  # type: ignore[attr-defined]
    monkeypatch.setitem(spanish, "banking", "banca")
    monkeypatch.setitem(spanish, "tell you your account balance", "decirte el saldo de tu cuenta")
    return skill


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def warnings_at_start() -> Iterator[list[str]]:
    """What the app's factory warns about while an app is built."""
    handler = _Records()
    logger = logging.getLogger("app.factory")
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


# -- A-H2: an intent no skill owns -------------------------------------------------------------
def test_every_intent_the_pinned_model_and_params_know_has_a_skill(trained: Any) -> None:
    from app.skills.registry import owners, unowned

    model, _, _ = trained
    assert unowned(model.labels) == []
    intents = yaml.safe_load((ROOT / "params.yaml").read_text())["intents"]
    assert unowned(intents) == []
    assert owners()["oos"] == "out_of_scope"  # what an unowned intent falls back to


def test_no_intent_is_owned_by_two_skills_nor_by_a_skill_and_the_dialogue_rules() -> None:
    from app.skills.registry import DIALOGUE_INTENTS, SKILLS

    seen: dict[str, str] = dict.fromkeys(DIALOGUE_INTENTS, "the dialogue rules")
    for skill in SKILLS:
        for intent in skill.intents:
            assert intent not in seen, f"{intent} is owned by {seen[intent]} and {skill.name}"
            seen[intent] = skill.name


def test_an_intent_no_skill_owns_is_warned_about_at_start_and_the_app_still_serves(
    trained: Any,
    release_file: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    warnings_at_start: list[str],
) -> None:
    """A model pinned before its skill was removed: learning_path is nobody's any more."""
    from app.skills import registry

    kept = tuple(s for s in registry.SKILLS if s.name != "learning_path")
    monkeypatch.setattr(registry, "SKILLS", kept)
    with built_app(settings_for(trained, release_file, database_url)) as app:
        assert app.test_client().get("/readyz").status_code == 200
    unowned = [line for line in warnings_at_start if "has no skill" in line]
    assert len(unowned) == 1, warnings_at_start
    assert "'learning_path'" in unowned[0]
    assert "answered as out of scope" in unowned[0]
    assert "docs/assistant.md#adding-a-skill" in unowned[0]


def test_a_model_every_intent_of_which_has_a_skill_starts_without_the_warning(
    trained: Any, release_file: Path, database_url: str, warnings_at_start: list[str]
) -> None:
    with built_app(settings_for(trained, release_file, database_url)):
        pass
    assert not [line for line in warnings_at_start if "has no skill" in line]


def test_a_skill_added_by_one_line_owns_its_intent_once_the_model_knows_it(
    trained: Any,
    release_file: Path,
    database_url: str,
    banking: type[Any],
    warnings_at_start: list[str],
) -> None:
    with built_app(settings_for(trained, release_file, database_url)) as app:
        assistant = app.extensions["slipway.assistant"]
    assert assistant.by_intent["account_balance"].name == "banking"
    assert isinstance(assistant.by_name["banking"], banking)


# -- A-M1: one place declares a skill, its label and what it can do --------------------------
def test_every_skill_has_a_label_and_the_catalog_translates_it() -> None:
    from app.i18n import catalog, reply_locale
    from app.skills.registry import SKILLS

    for skill in SKILLS:
        assert isinstance(skill.label, LazyString), f"{skill.name}: label = lazy_gettext(...)"
        with reply_locale("en"):
            english = str(skill.label)
        with reply_locale("es"):
            spanish = str(skill.label)
        assert english.strip(), f"{skill.name} has no label"
        assert spanish != english, f"{skill.name}: translate {english!r} in the catalog"
        assert catalog("es").gettext(english) == spanish
        if skill.capability is not None:
            assert isinstance(skill.capability, LazyString), skill.name


def test_a_new_skill_is_labelled_on_the_web_page_in_both_languages(
    app: Any, client: Any, banking: type[Any]
) -> None:
    english, spanish = page_texts(client, "en"), page_texts(client, "es")
    assert english["skill.banking"] == "banking"
    assert spanish["skill.banking"] == "banca"
    assert spanish["skill.learning_path"] == "ruta de aprendizaje"  # the others still there


class _Server:
    """The assistant's API as `slipway chat` calls it: the reply comes from the new skill."""

    def __call__(self, url: str, token: str, method: str, path: str, body: Any = None) -> Any:
        if path == "/v1/users/me":
            return {"name": "ana", "timezone": "America/Lima", "locale": "es-PE"}
        if path == "/v1/conversations":
            return {"conversations": []}
        return {
            "conversation_id": 3,
            "reply": "Tu saldo está disponible.",
            "skill": "banking",
            "path": "local",
            "intent": "account_balance",
            "confidence": 0.99,
            "data": {},
        }


def test_a_new_skill_is_labelled_by_slipway_chat_in_the_users_language(
    banking: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import cli
    from pipelines.cli import app

    monkeypatch.setattr(cli, "_call", _Server())
    monkeypatch.setenv("SLIPWAY_TOKEN", "slw_test")
    r = CliRunner().invoke(app, ["chat"], input="consultar mi saldo\n/quit\n")
    assert r.exit_code == 0, r.output
    assert "banca · local · account_balance" in r.output, r.output
    cli.use_locale("en")
    assert cli.skill_label("banking") == "banking"
    assert cli.skill_label("learning_path") == "learning path"
    assert cli.skill_label("not_a_skill") == "not_a_skill"  # a newer server's, as sent


def test_a_new_skill_is_in_what_the_help_and_the_refusal_say_it_can_do(
    banking: type[Any],
) -> None:
    from app.i18n import reply_locale
    from app.skills.base import capabilities

    with reply_locale("en"):
        english = capabilities()
    with reply_locale("es"):
        spanish = capabilities()
    assert english.startswith("book, move and cancel meetings")
    assert english.endswith(
        "suggest a learning pathway towards the job you want; and tell you your account balance"
    )
    assert spanish.endswith("decirte el saldo de tu cuenta")


def test_the_capabilities_read_as_before_the_registry() -> None:
    from app.i18n import reply_locale
    from app.skills.base import capabilities

    with reply_locale("en"):
        said = capabilities()
    assert said == (
        "book, move and cancel meetings and show your calendar; set reminders, alarms and timers; "
        "keep your to-do list; tell the time and date; answer questions about Ruta Academy "
        "(courses, fees, schedules, campuses, certificates and more); and suggest a learning "
        "pathway towards the job you want"
    )
