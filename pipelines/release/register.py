"""Stage 4 — register the trained model as a new version of ``slipway-intent``.

The version carries its lineage (git sha, ``data.dvc`` hash, GX result, params) as tags and gets
alias ``challenger``. When the registry has no ``champion`` yet, this first version is promoted
and ``models/release.yaml`` written; later promotions go through ``slipway promote``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from models.release import MODEL_ARTIFACT_DIR
from pipelines.errors import RegistryError
from pipelines.release.registry import CHALLENGER, CHAMPION, make_champion, version_by_alias
from pipelines.settings import PipelineSettings
from pipelines.tracking import client as mlflow_client

log = logging.getLogger(__name__)
INPUT_EXAMPLE = ["book a meeting with Rosa tomorrow at 10am", "what's the weather in Lima"]


@dataclass
class RegisterResult:
    name: str
    version: int
    run_id: str
    aliases: list[str]
    promoted: bool


def _requirements() -> list[str]:
    reqs = []
    for dist in ("mlflow-skinny", "numpy", "pandas", "pydantic", "pyyaml"):
        try:
            reqs.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            reqs.append(dist)
    return reqs


def log_pyfunc(model_dir: Path, code_dir: Path) -> Any:
    """Log the pyfunc model (signature, input example) into the active run."""
    import mlflow
    import pandas as pd
    from mlflow.models import infer_signature

    from models.intent import IntentModel
    from models.pyfunc import IntentPyfunc

    example = pd.DataFrame({"text": INPUT_EXAMPLE})
    preds = IntentModel.load(model_dir).predict_many(INPUT_EXAMPLE)
    output = pd.DataFrame(
        {"intent": [p.intent for p in preds], "confidence": [p.confidence for p in preds]}
    )
    return mlflow.pyfunc.log_model(
        name="model",
        python_model=IntentPyfunc(),
        artifacts={MODEL_ARTIFACT_DIR: str(model_dir)},
        code_paths=[str(code_dir)],
        signature=infer_signature(example, output),
        input_example=example,
        pip_requirements=_requirements(),
    )


def register(settings: PipelineSettings, lineage: dict[str, str]) -> RegisterResult:
    """Register ``artifacts/model`` from the train run; promote it if there is no champion."""
    import mlflow

    train_file = settings.artifacts_dir / "train.json"
    if not train_file.is_file():
        raise RegistryError(f"{train_file} missing: run the train stage first (`dvc repro`)")
    trained = json.loads(train_file.read_text())
    validation = json.loads((settings.reports_dir / "validation.json").read_text())
    metrics = json.loads(settings.metrics_file.read_text())
    client = mlflow_client(settings)
    run_id = trained["run_id"]
    code_dir = Path(__file__).resolve().parents[2] / "models"
    with mlflow.start_run(run_id=run_id):
        info = log_pyfunc(Path(trained["model_dir"]), code_dir)
    tags = {
        **lineage,
        "gx_success": str(bool(validation.get("success"))).lower(),
        "gx_checks": str(len(validation.get("checks", []))),
        "model_digest": trained["model_digest"],
        "oos_threshold": str(trained["threshold"]),
        "temperature": str(trained["temperature"]),
        **{f"test_{k}": str(v) for k, v in metrics.items()},
        **{f"param.{k}": str(v) for k, v in trained.get("params", {}).items()},
    }
    try:
        client.get_registered_model(settings.model_name)
    except Exception:
        client.create_registered_model(
            settings.model_name, description="Slipway intent classifier (pyfunc)."
        )
    mv = client.create_model_version(
        settings.model_name, info.model_uri, run_id=run_id, tags=tags, model_id=info.model_id
    )
    version = int(mv.version)
    client.set_registered_model_alias(settings.model_name, CHALLENGER, str(version))
    promoted = False
    if version_by_alias(client, settings.model_name, CHAMPION) is None:
        from pipelines.release.registry import get_version

        make_champion(
            client, get_version(client, settings.model_name, version), settings.release_file
        )
        promoted = True
    aliases = [CHALLENGER, *([CHAMPION] if promoted else [])]
    result = RegisterResult(settings.model_name, version, run_id, aliases, promoted)
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    (settings.reports_dir / "register.json").write_text(
        json.dumps(asdict(result), indent=2, sort_keys=True) + "\n"
    )
    return result
