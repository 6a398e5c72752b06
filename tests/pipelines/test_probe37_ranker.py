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
