"""The pipeline after the thirty-first independent review (a platform team adding an intent):
A-L3 the promotion gates are aggregates only, so a new intent's F1 is neither shown nor gated;
A-L4 the GX unknown-label failure ends with advice that points at data/, not params.yaml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from models.intent import OOS_LABEL
from pipelines.data import Example
from pipelines.errors import ValidationFailed
from pipelines.intent.evaluate import Evaluation
from pipelines.intent.validate import validate
from pipelines.kinds import intent_gates
from pipelines.params import Params
from pipelines.release.promote import PRIMARY, Comparison, PinnedEvaluation
from pipelines.release.registry import VersionInfo


# -- A-L4: an unknown label's advice is params.yaml: intents ----------------------------------
def _relabel(data_dir: Path, root: Path, line: int, intent: str, *, empty: bool = False) -> Path:
    target = root / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    test = target / "intents" / "test.jsonl"
    lines = test.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[line - 1])
    row["intent"] = intent
    if empty:
        row["text"] = "   "
    lines[line - 1] = json.dumps(row, ensure_ascii=False)
    test.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.mark.slow  # runs the Great Expectations gate
def test_an_unknown_intent_is_added_to_params_not_fixed_in_data(  # type: ignore[no-untyped-def]
    data_dir: Path, params, tmp_path: Path
) -> None:
    target = _relabel(data_dir, tmp_path, 5, "account_balance")
    with pytest.raises(ValidationFailed) as err:
        validate(target, params, tmp_path / "reports")
    message = str(err.value)
    assert "unknown intent (not in params.yaml: intents): 'account_balance'" in message
    advice = message.splitlines()[-1]
    assert "add it to params.yaml: intents, or correct the label" in advice
    assert "Fix data/" not in advice
    assert "nothing was trained" in advice


def test_other_failures_beside_an_unknown_intent_still_point_at_data(  # type: ignore[no-untyped-def]
    data_dir: Path, params, tmp_path: Path
) -> None:
    target = _relabel(data_dir, tmp_path, 5, "account_balance", empty=True)
    with pytest.raises(ValidationFailed) as err:
        validate(target, params, tmp_path / "reports")
    advice = str(err.value).splitlines()[-1]
    assert advice.startswith("Fix data/")
    assert "add it to params.yaml: intents, or correct the label" in advice


# -- A-L3: a new intent's F1 is listed among the gates, with an optional floor -----------------
class _Lookup:
    """A model that answers from a table (the figures of a test are then known exactly)."""

    def __init__(self, labels: list[str], answers: dict[str, str]) -> None:
        self.labels = labels
        self.answers = answers

    def predict_many(self, texts):  # type: ignore[no-untyped-def]
        from models.intent import Prediction

        return [Prediction(self.answers.get(t, OOS_LABEL), 0.9, OOS_LABEL) for t in texts]


def _examples() -> list[Example]:
    rows = [
        ("hello there", "greeting", "en"),
        ("hi", "greeting", "en"),
        ("hola", "greeting", "es"),
        ("buenas", "greeting", "es"),
        ("check my balance", "account_balance", "en"),
        ("how much money do I have", "account_balance", "en"),
        ("consultar mi saldo", "account_balance", "es"),
        ("cuánto dinero tengo", "account_balance", "es"),
        ("weather in Lima", OOS_LABEL, "en"),
        ("el clima en Lima", OOS_LABEL, "es"),
    ]
    return [Example(text, intent, lang) for text, intent, lang in rows]


def _evaluations() -> tuple[Evaluation, Evaluation]:
    from pipelines.intent.evaluate import score

    examples = _examples()
    greetings = {e.text: e.intent for e in examples if e.intent == "greeting"}
    champion = _Lookup(["greeting", OOS_LABEL], greetings)
    # the candidate knows account_balance: every English line, one Spanish line of two
    answers = {**greetings, **{e.text: e.intent for e in examples if e.intent != "greeting"}}
    answers["cuánto dinero tengo"] = "greeting"
    candidate = _Lookup(["account_balance", "greeting", OOS_LABEL], answers)
    return score(candidate, examples), score(champion, examples)  # type: ignore[arg-type]


def _version(n: int) -> VersionInfo:
    return VersionInfo("slipway-intent", n, f"run{n}", {"git_sha": "a" * 40, "data_hash": "d"}, [])


def _gates(
    params: Params, floor: float | None, champ: object | None
) -> dict[str, tuple[bool, str]]:
    cand, _ = _evaluations()
    p = params.model_copy(
        update={"promote": params.promote.model_copy(update={"min_new_intent_f1": floor})}
    )
    evals = None if champ is None else {PRIMARY: champ}
    return {
        g.name: (g.passed, g.detail) for g in intent_gates(p, _version(2), {PRIMARY: cand}, evals)
    }


def test_the_evaluation_records_what_the_model_can_predict() -> None:
    cand, champ = _evaluations()
    assert cand.labels == ["account_balance", "greeting", OOS_LABEL]
    assert champ.labels == ["greeting", OOS_LABEL]


def test_a_new_intent_is_listed_with_its_f1_per_language(params: Params) -> None:
    gates = _gates(params, None, _evaluations()[1])
    passed, detail = gates[f"new intent account_balance [{PRIMARY}]"]
    assert passed
    assert detail == (
        "F1 overall 0.857, en 1.000, es 0.667 (no floor: promote.min_new_intent_f1 unset)"
    )
    assert not [name for name in gates if "greeting" in name]  # the champion knows it


def test_a_new_intent_under_the_floor_refuses_the_promotion(params: Params) -> None:
    passed, detail = _gates(params, 0.8, _evaluations()[1])[
        f"new intent account_balance [{PRIMARY}]"
    ]
    assert not passed
    assert detail == (
        "F1 overall 0.857, en 1.000, es 0.667: under the floor 0.8 (promote.min_new_intent_f1) "
        "es; add lines of it to data/, or lower the floor"
    )
    passed, detail = _gates(params, 0.6, _evaluations()[1])[
        f"new intent account_balance [{PRIMARY}]"
    ]
    assert passed
    assert detail.endswith("≥ 0.6 (promote.min_new_intent_f1)")


def test_no_new_intent_line_without_a_champion_and_a_note_against_a_pin(params: Params) -> None:
    assert not [name for name in _gates(params, 0.99, None) if name.startswith("new intent")]
    pinned = _gates(params, 0.99, PinnedEvaluation({"macro_f1": 0.9, "in_scope_accuracy": 0.9}))
    passed, detail = pinned[f"new intents [{PRIMARY}]"]
    assert passed
    assert "release pin, which records no intents" in detail


def test_the_report_lists_the_new_intent(params: Params) -> None:
    from pipelines.release.report import render

    cand, champ = _evaluations()
    p = params.model_copy(
        update={"promote": params.promote.model_copy(update={"min_new_intent_f1": 0.8})}
    )
    comparison = Comparison(_version(2), _version(1), {PRIMARY: cand}, {PRIMARY: champ})
    comparison.gates = intent_gates(p, _version(2), {PRIMARY: cand}, {PRIMARY: champ})
    markdown = render(comparison)
    assert (
        f"| new intent account_balance [{PRIMARY}] | **FAIL** | "
        "F1 overall 0.857, en 1.000, es 0.667" in markdown
    )
    assert (
        f"new intent account_balance [{PRIMARY}]"
        in markdown.split("**Verdict:**")[1].splitlines()[0]
    )
