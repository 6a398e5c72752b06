"""The ranker's code (features, scorer, path builder, offline metrics, simulator) and data gate."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from models.ranker import FEATURES, Profile, Ranker, build_pathway, features
from pipelines.pathways.train import dcg, ranking_metrics


@pytest.fixture(scope="module")
def ranker(ranker_folder: Path) -> Ranker:
    return Ranker.load(ranker_folder)


def test_save_load_round_trip_scores_identically(ranker: Ranker, tmp_path: Path) -> None:
    ranker.save(tmp_path / "copy", Path(ranker_folder_of(ranker)))
    again = Ranker.load(tmp_path / "copy")
    p = Profile(skills={"excel_basics": 2}, goal_role="data analyst")
    assert np.array_equal(ranker.scores(p), again.scores(p))
    assert features(ranker.catalog, p, ranker.catalog.courses).shape == (
        len(ranker.catalog.courses),
        len(FEATURES),
    )


def ranker_folder_of(ranker: Ranker) -> Path:
    from tests.conftest import ROOT

    return ROOT / "data" / "pathways"


@pytest.mark.parametrize(
    ("profile", "check"),
    [
        (Profile(languages=["es"], goal_role="junior data scientist"), "spanish"),
        # a goal some free courses serve (with none, the path is empty: test_planner_quality)
        (Profile(budget_pen=0, goal_role="customer service agent", languages=["es", "en"]), "free"),
        (Profile(hours_per_week=2, goal_role="electrician"), "hours"),
        (Profile(skills={"digital_literacy": 2}, goal_role="junior web developer"), "prereqs"),
    ],
)
def test_the_path_fits_the_profile(ranker: Ranker, profile: Profile, check: str) -> None:
    path = build_pathway(ranker, profile, max_steps=5, horizon_weeks=26)
    steps = [s.course for s in path.steps]
    assert len(steps) <= 5
    if check == "spanish":
        assert steps
        assert all(c.language == "es" for c in steps)
        assert any("English-taught" in n for n in path.notes)
    if check == "free":
        assert steps
        assert all(c.cost_pen == 0 for c in steps)
    if check == "hours":
        assert sum(c.hours for c in steps) <= 2 * 26
    if check == "prereqs":
        known = {"digital_literacy"}
        for c in steps:
            assert set(c.skills_required) <= known, c.id
            known |= set(c.skills_taught)
    assert path.total_cost_pen == sum(c.cost_pen for c in steps)


def test_excluded_and_known_courses_are_left_out(ranker: Ranker) -> None:
    p = Profile(skills={"excel_basics": 3}, goal_role="data analyst", languages=["es", "en"])
    first = build_pathway(ranker, p)
    assert all(s.course.id != "C002" for s in first.steps)  # teaches only what is known
    gone = first.steps[0].course.id
    assert gone not in [s.course.id for s in build_pathway(ranker, p, exclude={gone}).steps]


def test_ranking_metrics_known_values() -> None:
    assert dcg([2.0, 0.0, 1.0], 3) == pytest.approx(3 + 1 / 2)
    perfect = ranking_metrics([(["a", "b", "c"], {"a": 2.0, "b": 1.0})], 2)
    assert perfect["ndcg_at_2"] == pytest.approx(1.0)
    assert perfect["hit_rate_at_2"] == 1.0
    miss = ranking_metrics([(["c", "d", "a"], {"a": 1.0})], 2)
    assert miss["ndcg_at_2"] == 0.0
    assert miss["hit_rate_at_2"] == 0.0
    assert miss["mrr"] == pytest.approx(1 / 3)
    assert ranking_metrics([(["a"], {"a": 0.0})], 1)["n_learners"] == 0  # no positive: skipped


def test_ranker_beats_popularity_on_held_out_learners(
    ranker: Ranker, small_data: Path, params: Any
) -> None:
    from pipelines.pathways.train import evaluate, load_dataset

    metrics = evaluate(ranker, load_dataset(small_data, params.ranker), "test", 3)
    assert metrics["n_learners"] >= 10
    assert metrics["ndcg_at_3"] > metrics["baseline_ndcg_at_3"]


def test_the_simulator_is_seeded(small_data: Path) -> None:
    from models.ranker import Catalog
    from pipelines.pathways.simulate import simulate

    catalog = Catalog.load(small_data / "pathways")
    assert simulate(catalog, 30, 8, 5) == simulate(catalog, 30, 8, 5)
    assert simulate(catalog, 30, 8, 5) != simulate(catalog, 30, 8, 6)


def test_read_message_finds_only_what_is_said(ranker: Ranker) -> None:
    from app.pathways import read_message

    c = ranker.catalog
    assert read_message(c, "hello there") == {}
    found = read_message(
        c, "Sé un poco de SQL y buen Excel, quiero ser electricista en Piura, S/ 300"
    )
    assert found["skills"] == {"sql": 1, "excel_basics": 3}
    assert found["goal_role"] == "electrician"
    assert found["region"] == "Piura"
    assert found["budget_pen"] == 300.0
    assert read_message(c, "only free courses please")["budget_pen"] == 0.0
    # "I want to learn python": python is the goal, not a skill the user has
    assert "skills" not in read_message(c, "I want to learn python")


@pytest.mark.slow  # runs the Great Expectations gate
def test_the_data_gate_names_each_broken_row(small_data: Path, params: Any, tmp_path: Path) -> None:
    from pipelines.errors import ValidationFailed
    from pipelines.pathways.validate import validate_pathways

    data = tmp_path / "data"
    shutil.copytree(small_data / "pathways", data / "pathways")
    courses = data / "pathways" / "courses.csv"
    with courses.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[1]["hours"] = "-3"
    rows[2]["id"] = rows[3]["id"]
    rows[4]["skills_required"] = "quantum_magic"
    rows[5]["cost_pen"] = "-10"
    with courses.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    profiles = data / "pathways" / "profiles.csv"
    text = profiles.read_text().splitlines()
    first = text[1].split(",")
    first[4] = "ana@example.com"  # interests
    text[1] = ",".join(first)
    profiles.write_text("\n".join(text) + "\n")
    with pytest.raises(ValidationFailed) as err:
        validate_pathways(data, params, tmp_path / "reports")
    message = str(err.value)
    for expected in (
        "expect_column_values_to_be_between on hours: 1 failing",
        "expect_column_values_to_be_unique on id: 2 failing",
        "expect_column_values_to_be_between on cost_pen: 1 failing",
        "expect_column_values_to_be_in_set on taught_somewhere: 1 failing",
        "expect_column_values_to_not_match_regex on free_text: 1 failing",
    ):
        assert expected in message, message
    assert "quantum_magic" in message
