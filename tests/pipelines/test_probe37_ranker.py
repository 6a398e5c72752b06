"""Probe 37 DS-H2: after a course was added and the interactions re-simulated, the champion ranker
was scored on held-out learners with its own catalog and stopped on the new course
(``KeyError: 'C067'``): no ranker of a larger catalog could be promoted or reported. The champion
now scores a course it never saw from the course's own fields, as any course, and the gates say
how many test items that was."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from models.ranker import Profile, Ranker
from pipelines.kinds import RANKER_KIND, UNSEEN_ITEMS, ranker_gates
from pipelines.release.promote import PRIMARY
from pipelines.release.registry import VersionInfo
from pipelines.settings import PipelineSettings

NEW_COURSE = (
    "C067,SQL Foundations for Analysts,CodeCommons,en,beginner,18,0,sql,digital_literacy,online\n"
)


def test_a_course_outside_the_catalog_is_scored_from_its_fields(ranker_folder: Path) -> None:
    ranker = Ranker.load(ranker_folder)
    known = ranker.catalog.courses[1]
    twin = dataclasses.replace(known, id="C999")  # the same course under an id it never saw
    profile = Profile(skills={"excel_basics": 1}, interests=[known.title], languages=["es", "en"])
    assert "C999" not in ranker.catalog.by_id
    [twin_score] = ranker.scores(profile, [twin])
    [known_score] = ranker.scores(profile, [known])
    assert twin_score == known_score


def test_the_champion_is_gated_on_a_catalog_with_a_new_course(
    small_data: Path, ranker_folder: Path, params: Any, tmp_path: Path
) -> None:
    from pipelines.pathways.simulate import write_simulation

    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    with (data / "pathways" / "courses.csv").open("a") as fh:
        fh.write(NEW_COURSE)
    write_simulation(data, 400, 10, 8)
    champion = Ranker.load(ranker_folder)  # trained before C067 existed
    assert "C067" not in champion.catalog.by_id
    s = PipelineSettings(data_dir=data)
    fast = params.model_copy(
        update={"ranker": params.ranker.model_copy(update={"latency_repeats": 1})}
    )

    champ = RANKER_KIND.evaluate(s, fast, champion)  # KeyError: 'C067' before
    unseen = int(champ[PRIMARY].metrics[UNSEEN_ITEMS])
    assert unseen > 0
    assert champ[PRIMARY].unseen == ["C067"]
    total = int(champ[PRIMARY].metrics["n_items"])

    candidate = VersionInfo("slipway-ranker", 2, "r", {}, [])
    gates = ranker_gates(fast, candidate, champ, champ)
    [line] = [g for g in gates if g.name == f"courses new to the champion [{PRIMARY}]"]
    assert line.passed
    assert f"the champion had never seen {unseen} of the {total} test items" in line.detail
    assert "C067" in line.detail
    # a champion that knows every course has no such line
    assert not [g for g in ranker_gates(fast, candidate, champ, None) if "new to" in g.name]


@pytest.mark.slow
def test_slipway_promote_and_report_gate_a_ranker_of_a_larger_catalog(
    small_data: Path, params: Any, tmp_path: Path
) -> None:
    """The probe's steps, on a registry of its own: champion v1, then a course added, the
    learners re-simulated, v2 trained, evaluated and registered; `slipway promote --model
    pathways --dry-run` and `slipway report --model pathways` gate v2 and name what the champion
    never saw (both stopped on `KeyError: 'C067'` before)."""
    import yaml
    from typer.testing import CliRunner

    from pipelines import evaluated
    from pipelines.cli import app
    from pipelines.params import load_params
    from pipelines.pathways.simulate import write_simulation
    from pipelines.pathways.train import evaluate_stage, train
    from pipelines.release.register import register
    from tests.conftest import ROOT
    from tests.servers import mlflow_store

    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    raw = yaml.safe_load((ROOT / "params.yaml").read_text())
    raw["ranker"].update(C_grid=[1.0], latency_repeats=1)
    raw["ranker"]["promote"]["max_latency_p95_ms"] = 500.0  # not what is tested here
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(raw, sort_keys=False))
    fast = load_params(tmp_path / "params.yaml")
    s = PipelineSettings(
        mlflow_tracking_uri=mlflow_store(tmp_path / "mlflow.db"),
        mlflow_artifact_root=str(tmp_path / "mlartifacts"),
        release_file=tmp_path / "release.yaml",
        home=tmp_path / "home",
        data_dir=data,
        artifacts_dir=tmp_path / "artifacts",
        reports_dir=tmp_path / "reports",
        metrics_file=tmp_path / "metrics.json",
        params_file=tmp_path / "params.yaml",
    )
    s.reports_dir.mkdir()
    (s.reports_dir / "pathways_validation.json").write_text('{"success": true, "checks": []}')
    lineage = {"git_sha": "0" * 40, "data_hash": "feedface.dir"}

    def build() -> int:  # the train, evaluate and register stages of the ranker
        model_dir = s.artifacts_dir / "ranker"
        train(data, fast, model_dir, s.reports_dir, lineage=lineage)
        metrics = evaluate_stage(data, fast, model_dir)
        evaluated.write(metrics, RANKER_KIND.metrics_file(s), model_dir)
        return register(RANKER_KIND, s, lineage).version

    assert build() == 1  # the first champion
    with (data / "pathways" / "courses.csv").open("a") as fh:
        fh.write(NEW_COURSE)
    write_simulation(data, 400, 10, 8)
    assert build() == 2
    env = {
        "MLFLOW_TRACKING_URI": s.mlflow_tracking_uri,
        "SLIPWAY_MLFLOW_ARTIFACT_ROOT": s.mlflow_artifact_root,
        "SLIPWAY_RELEASE_FILE": str(s.release_file),
        "SLIPWAY_HOME": str(s.home),
        "SLIPWAY_DATA_DIR": str(data),
        "SLIPWAY_REPORTS_DIR": str(s.reports_dir),
        "SLIPWAY_PARAMS_FILE": str(s.params_file),
    }
    dry = CliRunner().invoke(app, ["promote", "--model", "pathways", "--dry-run"], env=env)
    assert dry.exit_code in (0, 4), dry.output  # gated, whichever way
    assert "KeyError" not in dry.output
    assert "courses new to the champion [test]" in dry.output
    output = tmp_path / "report.md"
    report = CliRunner().invoke(
        app, ["report", "--model", "pathways", "--output", str(output)], env=env
    )
    assert report.exit_code == 0, report.output
    assert "the champion had never seen" in output.read_text()
