"""Register, gate and promote the pathway ranker: the intent model's aliases and rules.

A new version of ``slipway-ranker`` carries its lineage (git sha, ``data.dvc`` hash, the pathways
GX result) as tags and gets alias ``challenger``; the first one becomes ``champion`` and writes
the ``ranker:`` section of ``models/release.yaml``. ``slipway promote --model pathways`` compares
a candidate with the champion on the held-out learners of the *current* data and gates it on
``params.yaml: ranker.promote``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from models.loader import ModelNotFound, fetch
from models.ranker import Ranker, ranker_dir
from models.release import RANKER_ARTIFACT_DIR, RANKER_SECTION
from pipelines.errors import RegistryError, SlipwayError
from pipelines.params import Params
from pipelines.release.promote import Comparison, Gate, release_gates
from pipelines.release.registry import (
    CHALLENGER,
    CHAMPION,
    VersionInfo,
    get_version,
    make_champion,
    release_for,
    restore_previous,
    version_by_alias,
    write_pin,
)
from pipelines.settings import PipelineSettings
from pipelines.tracking import client as mlflow_client

PRIMARY = "test"
RANKER_ALIASES = ("pathways", "ranker")


@dataclass
class RankerRegisterResult:
    name: str
    version: int
    run_id: str
    aliases: list[str]
    promoted: bool


def is_ranker(name: str | None, settings: PipelineSettings) -> bool:
    return name is not None and (name in RANKER_ALIASES or name == settings.ranker_model_name)


def _requirements() -> list[str]:
    reqs = []
    for dist in ("mlflow-skinny", "numpy", "pandas", "pyyaml"):
        try:
            reqs.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            reqs.append(dist)
    return reqs


def log_pyfunc(model_dir: Path, code_dir: Path) -> Any:
    import mlflow
    import pandas as pd
    from mlflow.models import infer_signature

    from models.ranker_pyfunc import RankerPyfunc

    example = pd.DataFrame(
        {"profile": [json.dumps({"skills": {"excel_basics": 2}, "goal_role": "data analyst"})]}
    )
    output = pd.DataFrame({"courses": ['["C005"]'], "roles": ['["data analyst"]']})
    return mlflow.pyfunc.log_model(
        name="model",
        python_model=RankerPyfunc(),
        artifacts={RANKER_ARTIFACT_DIR: str(model_dir)},
        code_paths=[str(code_dir)],
        signature=infer_signature(example, output),
        input_example=example,
        pip_requirements=_requirements(),
    )


def register(settings: PipelineSettings, lineage: dict[str, str]) -> RankerRegisterResult:
    """Register ``artifacts/ranker`` from its train run; promote it if there is no champion."""
    import mlflow

    s = settings.for_ranker()
    train_file = s.artifacts_dir / "ranker_train.json"
    if not train_file.is_file():
        raise RegistryError(f"{train_file} missing: run the train_ranker stage first (`dvc repro`)")
    trained = json.loads(train_file.read_text())
    validation = json.loads((s.reports_dir / "pathways_validation.json").read_text())
    metrics = json.loads((s.reports_dir / "ranker_metrics.json").read_text())
    client = mlflow_client(s)
    run_id = trained["run_id"]
    name = s.ranker_model_name
    code_dir = Path(__file__).resolve().parent.parent.parent / "models"
    with mlflow.start_run(run_id=run_id):
        info = log_pyfunc(Path(trained["model_dir"]), code_dir)
    tags = {
        **lineage,
        "gx_success": str(bool(validation.get("success"))).lower(),
        "gx_checks": str(len(validation.get("checks", []))),
        "model_digest": trained["model_digest"],
        "C": str(trained["C"]),
        **{f"test_{k}": str(v) for k, v in metrics.items()},
    }
    try:
        client.get_registered_model(name)
    except Exception:
        client.create_registered_model(
            name, description="Slipway pathway ranker: profile × course × demand scorer (pyfunc)."
        )
    mv = client.create_model_version(
        name, info.model_uri, run_id=run_id, tags=tags, model_id=info.model_id
    )
    version = int(mv.version)
    client.set_registered_model_alias(name, CHALLENGER, str(version))
    promoted = False
    if version_by_alias(client, name, CHAMPION) is None:
        make_champion(client, get_version(client, name, version), s.release_file, RANKER_SECTION)
        promoted = True
    result = RankerRegisterResult(
        name, version, run_id, [CHALLENGER, *([CHAMPION] if promoted else [])], promoted
    )
    s.reports_dir.mkdir(parents=True, exist_ok=True)
    (s.reports_dir / "ranker_register.json").write_text(
        json.dumps(asdict(result), indent=2, sort_keys=True) + "\n"
    )
    return result


# -- promotion ----------------------------------------------------------------------------------
@dataclass
class RankerEvaluation:
    """Same shape as the intent model's ``Evaluation`` where the CLI and report read it."""

    metrics: dict[str, float]
    per_intent: dict[str, dict[str, float]]


def load_version(settings: PipelineSettings, info: VersionInfo) -> Ranker:
    try:
        folder = fetch(
            f"models:/{info.name}/{info.version}",
            settings.home / "model-cache",
            settings.mlflow_tracking_uri,
            locate=ranker_dir,
        )
        return Ranker.load(folder)
    except (ModelNotFound, OSError, ValueError) as exc:
        raise RegistryError(f"cannot load {info.name} v{info.version}: {exc}") from exc


def _evaluate(settings: PipelineSettings, params: Params, ranker: Ranker) -> RankerEvaluation:
    from pipelines.pathways.train import evaluate, latency, load_dataset

    ds = load_dataset(settings.data_dir, params.ranker)
    metrics = evaluate(ranker, ds, PRIMARY, params.ranker.k)
    metrics.update(latency(ranker, ds, params.ranker.latency_repeats))
    metrics["n_examples"] = metrics["n_learners"]
    return RankerEvaluation(metrics, {})


def gates(
    params: Params,
    candidate: VersionInfo,
    cand: RankerEvaluation,
    champ: RankerEvaluation | None,
) -> list[Gate]:
    p = params.ranker.promote
    k = params.ranker.k
    m = cand.metrics
    out: list[Gate] = []
    for metric, tolerance in (
        (f"ndcg_at_{k}", p.tolerance_ndcg),
        (f"hit_rate_at_{k}", p.tolerance_hit_rate),
    ):
        new = m[metric]
        if champ is None:
            out.append(Gate(f"{metric} [test]", True, f"{new:.4f} (no champion yet)"))
            continue
        old = champ.metrics[metric]
        out.append(
            Gate(
                f"{metric} [test]",
                new >= old - tolerance,
                f"{new:.4f} vs champion {old:.4f} (tolerance {tolerance})",
            )
        )
    base = m[f"baseline_ndcg_at_{k}"]
    out.append(
        Gate(
            "beats popularity baseline",
            m[f"ndcg_at_{k}"] > base + p.min_lift_over_popularity,
            f"NDCG@{k} {m[f'ndcg_at_{k}']:.4f} vs popularity {base:.4f} "
            f"(lift must exceed {p.min_lift_over_popularity})",
        )
    )
    out.extend(
        release_gates(
            candidate,
            m.get("latency_p95_ms", float("inf")),
            p.max_latency_p95_ms,
            p.require_gx_success,
            p.required_lineage,
        )
    )
    return out


def compare(
    settings: PipelineSettings, params: Params, client: Any, candidate: VersionInfo
) -> Comparison:
    champion = version_by_alias(client, candidate.name, CHAMPION)
    cand = _evaluate(settings, params, load_version(settings, candidate))
    champ = (
        _evaluate(settings, params, load_version(settings, champion))
        if champion is not None and champion.version != candidate.version
        else None
    )
    # the CLI table and the report read only ``.metrics`` of these evaluations
    cand_evals: dict[str, Any] = {PRIMARY: cand}
    champ_evals: dict[str, Any] = {PRIMARY: champ} if champ else {}
    comparison = Comparison(candidate, champion, cand_evals, champ_evals)
    comparison.gates = gates(params, candidate, cand, champ)
    return comparison


def promote(
    settings: PipelineSettings,
    params: Params,
    client: Any,
    candidate: VersionInfo,
    *,
    dry_run: bool = False,
) -> tuple[Comparison, Any]:
    """Gate the candidate; unless refused or dry-run, make it champion and rewrite its pin."""
    if CHAMPION in candidate.aliases:
        raise SlipwayError(f"{candidate.name} v{candidate.version} is already the champion")
    comparison = compare(settings, params, client, candidate)
    if not comparison.passed or dry_run:
        return comparison, None
    release = make_champion(client, candidate, settings.release_file, RANKER_SECTION)
    client.set_model_version_tag(
        candidate.name, str(candidate.version), "promoted_at", release.promoted_at
    )
    return comparison, release


def rollback(settings: PipelineSettings, client: Any, name: str) -> tuple[int, Any]:
    """Restore ``previous`` as the ranker champion (registry and the ``ranker:`` pin)."""
    previous, current = restore_previous(client, name)
    release = release_for(client, previous, RANKER_SECTION)
    write_pin(release, settings.release_file, RANKER_SECTION)
    return (current.version if current else 0), release


def render(comparison: Comparison, k: int) -> str:
    """Markdown for a pull request: candidate vs champion vs the popularity baseline, gates."""
    cand = comparison.candidate
    champ = comparison.champion
    verdict = (
        "✅ all gates pass"
        if comparison.passed
        else ("❌ refused: " + ", ".join(g.name for g in comparison.failed))
    )
    new = comparison.candidate_evals[PRIMARY].metrics
    old_eval = comparison.champion_evals.get(PRIMARY)
    old = old_eval.metrics if old_eval else {}
    lines = [
        f"## Ranker report: `{cand.name}` v{cand.version} vs "
        + (f"champion v{champ.version}" if champ else "no champion yet"),
        "",
        f"**Verdict:** {verdict}",
        "",
        f"Candidate run `{cand.run_id}`, git `{cand.tags.get('git_sha', '?')[:12]}`, "
        f"data `{cand.tags.get('data_hash', '?')}`. Held-out learners: {int(new['n_learners'])}.",
        "",
        "| metric | popularity baseline | champion | candidate |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key in (f"ndcg_at_{k}", f"hit_rate_at_{k}", "mrr"):
        base = new.get(f"baseline_{key}")
        champ_v = old.get(key)
        lines.append(
            f"| {key} | {base:.4f} | "
            + (f"{champ_v:.4f}" if champ_v is not None else "—")
            + f" | {new[key]:.4f} |"
        )
    for key in ("latency_p50_ms", "latency_p95_ms"):
        if key in new:
            champ_v = old.get(key)
            lines.append(
                f"| {key} | — | "
                + (f"{champ_v:.3f}" if champ_v is not None else "—")
                + f" | {new[key]:.3f} |"
            )
    lines += ["", "### Gates", "", "| gate | result | detail |", "| --- | --- | --- |"]
    lines += [
        f"| {g.name} | {'pass' if g.passed else '**FAIL**'} | {g.detail} |"
        for g in comparison.gates
    ]
    return "\n".join(lines) + "\n"
