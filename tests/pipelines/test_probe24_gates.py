"""The pipeline's release gates after the twenty-third independent tester (a data scientist):
N1 the test split can be gamed, N2 a dry run after `make clean` ignores the pin's metrics, N3
`dvc exp run -S` turns "yes"/"no" into booleans, N6 an unknown label's message hides the label,
N7 `slipway lineage` has no --model, N4 `dvc repro` does not validate the gate sets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipelines.errors import ValidationFailed
from pipelines.intent.validate import validate


def _copy_intents(data_dir: Path, root: Path) -> Path:
    target = root / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    return target


# -- N6: an unknown label in the data is named with its file and line -------------------------
def test_an_unknown_label_is_shown_with_its_file_and_line(data_dir: Path, params, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = _copy_intents(data_dir, tmp_path)
    test = target / "intents" / "test.jsonl"
    lines = test.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[4])
    row["intent"] = "schedul_meeting"
    lines[4] = json.dumps(row, ensure_ascii=False)
    test.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        validate(target, params, tmp_path / "reports")
    assert f"{test}:5: unknown intent (not in params.yaml: intents): 'schedul_meeting'" in str(
        err.value
    )
