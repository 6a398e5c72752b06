"""Review S-M2, pathways: the ranker's feedback took the same unreviewed path as the chat
labels. One user asking for a path again and again and accepting a course each time wrote as
many learners into ``data/pathways/`` as they liked.

Now at most ``SLIPWAY_FEEDBACK_MAX_PER_USER`` new or changed learners come from one user per
export; the rest are counted and taken by a later export; the review file lists each one."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import Api, make_user
from tests.conftest import ROOT
from tests.pathways.conftest import BOTH, feedback, reads_languages


def _learners(data: Path) -> list[str]:
    with (data / "pathways" / "profiles.csv").open(encoding="utf-8") as fh:
        return [r["profile_id"] for r in csv.DictReader(fh) if r["source"] == "feedback"]


def test_one_user_gives_at_most_the_cap_of_learners_per_export(
    app: Any,
    api: Api,
    database_url: str,
    small_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipelines.feedback_export import export_feedback

    monkeypatch.setenv("SLIPWAY_FEEDBACK_MAX_PER_USER", "2")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "intents", data / "intents")
    shutil.copytree(small_data / "pathways", data / "pathways")
    reads_languages(api, BOTH)
    api.patch("/v1/users/me/profile", json={"goal_role": "welder", "region": "Arequipa"})
    for hours in range(4, 9):  # a changed profile: a new recommendation, a new learner
        set_hours = api.patch("/v1/users/me/profile", json={"hours_per_week": hours})
        assert set_hours.status_code == 200, set_hours.json
        rec = api.post("/v1/pathways/recommend", json={}).json
        assert rec["steps"], rec
        feedback(api, rec["recommendation_id"], rec["steps"][0]["course_id"], "accepted")
    token, user_id = make_user(app, "kusi", "America/Lima")
    other = Api(app.test_client(), token, user_id, "kusi")
    reads_languages(other, BOTH)
    rec = other.post("/v1/pathways/recommend", json={}).json
    feedback(other, rec["recommendation_id"], rec["steps"][0]["course_id"], "accepted")

    first = export_feedback(database_url, data)

    assert len(_learners(data)) == 3  # two of the first user's, one of the other's
    assert (first.new_profiles, sum(first.deferred_learners.values())) == (3, 3)
    assert "0 intent example(s) and 3 learner(s) from 1 user(s) over the cap of 2" in (
        first.summary()
    )
    review = first.review()
    listed = review.split("### New or changed learners (3)")[1].split("### Held back")[0]
    for pid in _learners(data):
        assert f'"profile_id": "{pid}"' in listed
    assert "rosa" not in review

    # the rest waits for the next exports; learners already in data/ as they are cost nothing
    second = export_feedback(database_url, data)
    assert (second.new_profiles, sum(second.deferred_learners.values())) == (2, 1)
    third = export_feedback(database_url, data)
    assert (third.new_profiles, sum(third.deferred_learners.values())) == (1, 0)
    assert len(_learners(data)) == 6
    fourth = export_feedback(database_url, data)
    assert (fourth.new_profiles, fourth.changed_files) == (0, [])
