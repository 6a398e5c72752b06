"""The register stage of any model kind: a new registered version with its lineage.

The training run is logged here, from the train stage's record (params, validation metrics,
lineage tags, model files: :func:`pipelines.tracking.training_run`), and gets the evaluate
stage's test figures (``test_*`` metrics and the kind's evaluation report): the train and
evaluate stages only compute, so neither imports MLflow.

The version carries its lineage (git sha, ``data.dvc`` hash, GX result, params) as tags and gets
alias ``challenger``. A model whose files are those of a version already registered (the same
``model_digest``, the content hash of the model folder the train stage writes) is not registered
again, whatever data it came from: ``challenger`` moves to that version ("identical to v2").
Data that trains the very same model (line endings converted, a change in another folder of
``data/``: probe 37, DS-L6) is no new model, and the version keeps the lineage it was registered
with; the one of the same data is preferred when several hold the model. When the registry
has no ``champion`` yet, this first version is promoted and the kind's pin in
``models/release.yaml`` written, but only when the pin names no model of the kind or names this
very model (its digest): after the registry was wiped (``make clean``) the workspace's model
must not replace the committed pin without a gate. Later promotions go through ``slipway
promote``. What differs per kind (files, pyfunc, example, tags) is in its
:class:`pipelines.kinds.PipelineKind`.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.release import Release, ReleaseError, read_release
from pipelines import evaluated
from pipelines.data import workspace_differs
from pipelines.errors import DataError, RegistryError
from pipelines.release import data_lineage
from pipelines.release.data_diff import log_record
from pipelines.release.gate_sets import log_sets
from pipelines.release.gate_sets import tags as gate_set_tags
from pipelines.release.registry import (
    CHALLENGER,
    CHAMPION,
    VersionInfo,
    get_version,
    make_champion,
    version_by_alias,
)
from pipelines.settings import PipelineSettings
from pipelines.tracking import client as mlflow_client
from pipelines.tracking import training_run

if TYPE_CHECKING:
    from pipelines.kinds import PipelineKind

log = logging.getLogger(__name__)
CODE_DIR = Path(__file__).resolve().parents[2] / "models"  # shipped with every pyfunc
MODEL_CODE = CODE_DIR / "logged_model.py"  # what MLflow runs to rebuild it (models from code)
#: MLflow's check of a logged model's pip requirements against the installed packages.
REQUIREMENTS_CHECK = "warn_dependency_requirement_mismatches"
#: MLflow's switch for reading a uv project in the working directory when it logs a model.
UV_AUTO_DETECT = "MLFLOW_UV_AUTO_DETECT"


@dataclass
class RegisterResult:
    name: str
    version: int
    run_id: str
    aliases: list[str]
    promoted: bool
    identical: bool = False  # an existing version with the same model files: reused
    # the reused version's data (its data_hash, or its data folder's hash) when it is not the
    # data registered now: the data changed without changing the model
    identical_data: str = ""
    # the pin the first model did not replace: it names another model (version, digest)
    held_pin_version: int = 0
    held_pin_digest: str = ""
    # why the first model was not made champion though nothing else held it: its data is not in
    # the DVC remote (``data_lineage``'s refusal)
    held_data: str = ""


def requirements(dists: tuple[str, ...]) -> list[str]:
    """Pinned pip requirements of the pyfunc, at the versions installed here."""
    reqs = []
    for dist in dists:
        try:
            reqs.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            reqs.append(dist)
    return reqs


@contextmanager
def _requirements_not_rechecked() -> Iterator[None]:
    """MLflow checks each pip requirement of a logged model against the installed packages,
    mapping every installed distribution to its modules first (over a second of CPU with this
    environment), only to warn on a mismatch. :func:`requirements` pins the installed versions,
    so there is none: the check is skipped while the model is logged."""
    from mlflow.utils import environment

    check = getattr(environment, REQUIREMENTS_CHECK, None)
    if check is None:  # another MLflow: nothing to skip
        yield
        return
    setattr(environment, REQUIREMENTS_CHECK, lambda requirements: None)
    try:
        yield
    finally:
        setattr(environment, REQUIREMENTS_CHECK, check)


@contextmanager
def _no_uv_project() -> Iterator[None]:
    """MLflow finds this checkout's ``uv.lock`` and ``pyproject.toml`` in the working directory
    and copies both into every logged model (about 1 MB), and ``--env-manager uv`` would then
    build the whole project's environment (pipelines, infra, dev tools) to serve it. A model's
    environment is its own pinned requirements (:func:`requirements`): the detection is off
    while it is logged."""
    saved = os.environ.get(UV_AUTO_DETECT)
    os.environ[UV_AUTO_DETECT] = "false"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(UV_AUTO_DETECT, None)
        else:
            os.environ[UV_AUTO_DETECT] = saved


def log_pyfunc(kind: PipelineKind, model_dir: Path, code_dir: Path = CODE_DIR) -> Any:
    """Log the kind's pyfunc model (signature, input example) into the active run, as code:
    ``models/logged_model.py`` builds the kind's pyfunc class, named in the model's config."""
    import mlflow
    from mlflow.models import infer_signature

    from models.kind import PYFUNC_KEY

    example, output = kind.example(model_dir)
    with _requirements_not_rechecked(), _no_uv_project():
        return mlflow.pyfunc.log_model(
            name="model",
            python_model=MODEL_CODE,
            model_config={PYFUNC_KEY: kind.pyfunc},
            artifacts={kind.model.artifact_dir: str(model_dir)},
            code_paths=[str(code_dir)],
            signature=infer_signature(example, output),
            input_example=example,
            pip_requirements=requirements(kind.requirements),
        )


DATA_FOLDER_TAG = "data_folder_sha256"  # the kind's own data folder (the ranker: data/pathways)


def data_folder_hash(kind: PipelineKind, data_dir: Path) -> str:
    """A sha256 over the files of the data folder the kind trains on ("" if it takes all)."""
    from models.intent import directory_digest

    if kind.data_folder is None or not (data_dir / kind.data_folder).is_dir():
        return ""
    return f"{kind.data_folder}:{directory_digest(data_dir / kind.data_folder)}"


def identical_version(
    client: Any, name: str, model_digest: str, data_hash: str, folder_hash: str = ""
) -> VersionInfo | None:
    """The registered version of ``name`` with these model files: the newest of those trained
    on this data (the same data folder when the kind trains on one, ``folder_hash``, else the
    same data.dvc), else the newest of any data (the data changed, the model did not)."""
    from mlflow.exceptions import MlflowException

    try:
        versions = client.search_model_versions(f"name = '{name}'")
    except MlflowException:
        return None

    model = [mv for mv in versions if (mv.tags or {}).get("model_digest") == model_digest]
    data = [int(mv.version) for mv in model if _same_data(mv.tags or {}, data_hash, folder_hash)]
    same = data or [int(mv.version) for mv in model]
    return get_version(client, name, max(same)) if same else None


def _data_of(tags: Mapping[str, str], folder_hash: str) -> str:
    """What a version was trained from, as :func:`_same_data` compares it: its data folder's
    hash when the kind trains on one and the version records it, else its data.dvc hash."""
    if folder_hash and tags.get(DATA_FOLDER_TAG):
        return tags[DATA_FOLDER_TAG]
    return tags.get("data_hash", "")


def _same_data(tags: Mapping[str, str], data_hash: str, folder_hash: str) -> bool:
    """Whether a version (its tags) was trained on this data: the same data folder when the
    kind trains on one and the version records it, else the same data.dvc."""
    if folder_hash and tags.get(DATA_FOLDER_TAG):
        return _data_of(tags, folder_hash) == folder_hash
    return _data_of(tags, folder_hash) == data_hash


def _pinned(kind: PipelineKind, release_file: Path) -> Release | None:
    """The kind's pin in the release file, if it has one."""
    try:
        return read_release(kind.model, release_file)
    except ReleaseError:
        return None


def register(
    kind: PipelineKind,
    settings: PipelineSettings,
    lineage: dict[str, str],
    *,
    new_version: bool = False,
) -> RegisterResult:
    """Register the kind's trained model from its train run (or reuse the version that holds the
    same model and data, unless ``new_version``); promote it if there is no champion and the pin
    allows it (no pin of the kind, or a pin of this model)."""
    s = kind.settings(settings)
    train_file = s.artifacts_dir / kind.train_record
    if not train_file.is_file():
        raise RegistryError(
            f"{train_file} missing: run the {kind.train_stage} stage first (`dvc repro`)"
        )
    trained = json.loads(train_file.read_text())
    # its test figures, measured on this very model (not the previous one's metrics file)
    metrics = evaluated.read(kind.metrics_file(s), trained["model_digest"], kind.evaluate_command)
    # its data_hash names the data.dvc pin: data/ must be what the pin says (DVC's own status)
    if lineage.get("data_hash") and workspace_differs(s.data_dvc_file):
        raise DataError(data_lineage.WORKSPACE_DIFFERS)
    client = mlflow_client(s)
    name = kind.registered_name(s)
    folder = data_folder_hash(kind, s.data_dir)
    same = (
        None
        if new_version
        else identical_version(
            client, name, trained["model_digest"], lineage.get("data_hash", ""), folder
        )
    )
    identical_data = ""
    if same is not None:
        version, run_id, identical = same.version, same.run_id, True
        if not _same_data(same.tags, lineage.get("data_hash", ""), folder):
            identical_data = _data_of(same.tags, folder) or "none recorded"
    else:
        tags = {**lineage, **({DATA_FOLDER_TAG: folder} if folder else {})}
        version, run_id = _new_version(kind, s, client, name, trained, metrics, tags)
        identical = False
    client.set_registered_model_alias(name, CHALLENGER, str(version))
    promoted = False
    held: Release | None = None
    held_data = ""
    if version_by_alias(client, name, CHAMPION) is None:
        pin = _pinned(kind, s.release_file)
        if pin is None or not pin.model_digest or pin.model_digest == trained["model_digest"]:
            # the first champion is gated on nothing else, but not on data nobody can fetch
            refused = [
                row.detail
                for row in data_lineage.gate(s.data_dvc_file, lineage.get("data_hash", ""))
                if not row.passed
            ]
            if refused:
                held_data = refused[0]
            else:
                make_champion(kind, client, get_version(client, name, version), s.release_file)
                promoted = True
        else:
            held = pin
    champion = version_by_alias(client, name, CHAMPION)
    aliases = [CHALLENGER, *([CHAMPION] if champion and champion.version == version else [])]
    result = RegisterResult(
        name,
        version,
        run_id,
        aliases,
        promoted,
        identical=identical,
        identical_data=identical_data,
        held_pin_version=held.model_version if held else 0,
        held_pin_digest=held.model_digest if held else "",
        held_data=held_data,
    )
    s.reports_dir.mkdir(parents=True, exist_ok=True)
    (s.reports_dir / kind.register_report).write_text(
        json.dumps(asdict(result), indent=2, sort_keys=True) + "\n"
    )
    return result


def _validation(kind: PipelineKind, s: PipelineSettings) -> dict[str, Any]:
    """The kind's data gate result (reports/…), or a refusal naming the stage that writes it."""
    result = evaluated.stage_output(s.reports_dir / kind.validation_report, kind.validate_command)
    return result if isinstance(result, dict) else {}


def _new_version(
    kind: PipelineKind,
    s: PipelineSettings,
    client: Any,
    name: str,
    trained: dict[str, Any],
    metrics: dict[str, float],
    lineage: dict[str, str],
) -> tuple[int, str]:
    """Log the training run and register its model as a new version: (version, run id)."""
    import mlflow

    validation = _validation(kind, s)
    run_id = training_run(client, s.experiment, trained, Path(trained["model_dir"]))
    with mlflow.start_run(run_id=run_id):
        # the evaluate stage only scores (no MLflow import there): its figures join the run here
        mlflow.log_metrics({f"test_{k}": v for k, v in metrics.items()})
        if kind.evaluation_report is not None:
            report = kind.evaluation_report(s)
            if report.is_file():
                mlflow.log_dict(json.loads(report.read_text()), f"evaluation/{report.name}")
        info = log_pyfunc(kind, Path(trained["model_dir"]))
        sets = kind.gate_sets(s.data_dir) if kind.gate_sets is not None else {}
        log_sets(sets)  # what this version is gated on, to compare at its successor's promotion
        # and on the run, beside its test_* figures: runs compared in the UI show which test set
        # each was measured on (probe 37, DS-L11), as the version tags do
        mlflow.set_tags(
            {
                **gate_set_tags(sets),
                **(
                    {DATA_FOLDER_TAG: lineage[DATA_FOLDER_TAG]}
                    if lineage.get(DATA_FOLDER_TAG)
                    else {}
                ),
            }
        )
        if kind.gate_sets is not None and (s.data_dir / "intents").is_dir():
            log_record(s.data_dir / "intents")  # its data line by line, for the report's diff
    tags = {
        **lineage,
        "gx_success": str(bool(validation.get("success"))).lower(),
        "gx_checks": str(len(validation.get("checks", []))),
        "model_digest": trained["model_digest"],
        **kind.run_tags(trained),
        **{f"test_{k}": str(v) for k, v in metrics.items()},
        **gate_set_tags(sets),
    }
    try:
        client.get_registered_model(name)
    except Exception:
        client.create_registered_model(name, description=kind.registry_description)
    mv = client.create_model_version(
        name, info.model_uri, run_id=run_id, tags=tags, model_id=info.model_id
    )
    return int(mv.version), run_id
