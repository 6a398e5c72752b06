"""Which model an evaluate stage's test figures are of, for every model kind.

The evaluate stages (``metrics.json``, ``ranker_metrics.json``) write their figures with the
digest of the model folder they scored, under :data:`MODEL_DIGEST`; the register stage tags a
version with them only when that digest is the one of the model it registers. A model trained by
hand (`slipway stage train`) and registered without its evaluate stage would otherwise carry the
previous model's figures in the registry.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MODEL_DIGEST = "model_digest"  # the key of the scored model's digest in a metrics file


def write(metrics: Mapping[str, float], path: Path, model_dir: Path) -> None:
    """The figures (rounded, sorted) and the digest of the model folder they were measured on."""
    from models.intent import directory_digest

    path.parent.mkdir(parents=True, exist_ok=True)
    record: dict[str, float | str] = {k: round(v, 6) for k, v in metrics.items()}
    record[MODEL_DIGEST] = directory_digest(model_dir)
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")


def _run_first(command: str) -> str:
    return f"run `{command}` first, the stage that writes it (or `dvc repro`)"


def stage_output(path: Path, command: str) -> Any:
    """The JSON a pipeline stage wrote at ``path``; missing or unreadable, a refusal naming
    ``command``, the stage that writes it (or ``dvc repro``)."""
    from pipelines.errors import RegistryError

    advice = _run_first(command)
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise RegistryError(f"{path} is missing: {advice}") from None
    except (OSError, ValueError) as exc:
        raise RegistryError(f"{path} cannot be read ({exc}): {advice}") from None


def read(path: Path, model_digest: str, evaluate_command: str) -> dict[str, float]:
    """The figures of ``path`` if they were measured on the model of ``model_digest``; else a
    refusal naming the command that measures them (missing, older, or of another model)."""
    from pipelines.errors import RegistryError

    advice = _run_first(evaluate_command)
    record = stage_output(path, evaluate_command)
    scored = record.pop(MODEL_DIGEST, "") if isinstance(record, dict) else ""
    if not scored or scored != model_digest:
        was = f"model {str(scored)[:12]}" if scored else "a model it does not name"
        raise RegistryError(
            f"{path} holds the test figures of {was}, not of the trained model "
            f"{model_digest[:12]}: {advice}"
        )
    return {k: float(v) for k, v in record.items() if isinstance(v, int | float)}
