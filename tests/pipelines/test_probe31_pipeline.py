"""The pipeline after the thirty-first independent review (a platform team adding an intent):
A-L3 the promotion gates are aggregates only, so a new intent's F1 is neither shown nor gated;
A-L4 the GX unknown-label failure ends with advice that points at data/, not params.yaml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from models.intent import OOS_LABEL
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
