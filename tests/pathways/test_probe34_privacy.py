"""Probe 34, D-H2: an e-mail typed as a pathway interest was stored slugged
(``lucia_r_example_com``), exported by ``slipway data import-feedback`` into
``data/pathways/profiles.csv``, and passed by the privacy check and the pathways gate.

Now the app refuses such an interest, and the export and the gate catch personal data in its
slugged forms too (e-mail, phone, DNI, URL) and the learner's own user name."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest

from models.privacy import personal_data
from pipelines.errors import ValidationFailed
from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, feedback, reads_languages


@pytest.mark.parametrize(
    "text",
    [
        "lucia_r_example_com",  # lucia.r@example.com
        "ana_unmsm_edu_pe",  # ana@unmsm.edu.pe
        "x_gmail_com",
        "987_654_321",  # a phone
        "51_987_654_321",
        "45678912",  # a DNI
        "https_example_com_x",  # https://example.com/x
        "www_example_com",
        "slw_abc_def",  # a token
        "excel_basics:2;lucia_r_example_com",  # within a profile's free text
    ],
)
def test_slugged_personal_data_is_found(text: str) -> None:
    assert personal_data(text)


@pytest.mark.parametrize(
    "text",
    ["data_science", "iso_9001_2015", "python_3_11", "http_apis", "english_b1", "peru_tax_sunat"],
)
def test_topics_are_not_personal_data(text: str) -> None:
    assert personal_data(text) is None


def test_the_pinned_profiles_hold_no_personal_data() -> None:
    from tests.conftest import ROOT

    path = ROOT / "data" / "pathways" / "profiles.csv"
    if not path.is_file():
        pytest.skip("data/ not materialized")
    with path.open(encoding="utf-8") as fh:
        found = [
            (n, r["interests"])
            for n, r in enumerate(csv.DictReader(fh), start=2)
            if personal_data(";".join((r["skills"], r["interests"], r["goal_role"])))
        ]
    assert found == []


@pytest.mark.parametrize(
    "interest", ["lucia.r@example.com", "987 654 321", "https://example.com/x", "45678912"]
)
def test_the_app_refuses_personal_data_as_an_interest(api: Api, interest: str) -> None:
    r = api.patch("/v1/users/me/profile", json={"interests": ["cocina", interest]})
    assert r.status_code == 422, r.json
    assert r.json["code"] == "validation_error"
    assert "personal data" in r.json["message"]
    profile = api.get("/v1/users/me/profile").json
    assert profile["interests"] == []  # nothing of the request was applied


def test_a_topic_interest_is_still_stored(api: Api) -> None:
    r = api.patch("/v1/users/me/profile", json={"interests": ["Análisis de datos", "ISO 9001"]})
    assert r.status_code == 200, r.json
    assert api.get("/v1/users/me/profile").json["interests"] == ["analisis_de_datos", "iso_9001"]


def test_the_export_leaves_out_slugged_personal_interests(
    app: Any, api: Api, database_url: str, small_data: Path, tmp_path: Path
) -> None:
    """A profile stored before the app refused them (or written by hand): the export drops the
    slugged e-mail, phone and URL and the learner's own name ("rosa.quispe")."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.tables import LearnerProfile
    from pipelines.feedback_export import export_feedback
    from tests.conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "intents", data / "intents")
    shutil.copytree(small_data / "pathways", data / "pathways")
    reads_languages(api, BOTH)
    api.patch(
        "/v1/users/me/profile",
        json={"goal_role": "welder", "region": "Arequipa", "interests": ["cocina"]},
    )
    stored = ["cocina", "lucia_r_example_com", "987_654_321", "https_example_com_x", "rosa_q"]
    stored.append("quispe_family")
    with Session(engine_of(app)) as session:
        session.execute(
            update(LearnerProfile)
            .where(LearnerProfile.user_id == api.user_id)
            .values(interests=stored)
        )
        session.commit()
    rec = api.post("/v1/pathways/recommend", json={}).json
    feedback(api, rec["recommendation_id"], rec["steps"][0]["course_id"], "accepted")

    result = export_feedback(database_url, data)

    assert [p["interests"] for p in result.profiles] == ["cocina"]
    written = (data / "pathways" / "profiles.csv").read_text(encoding="utf-8")
    for leak in ("example_com", "987_654_321", "quispe"):
        assert leak not in written


def test_the_pathways_gate_refuses_a_slugged_email(
    small_data: Path, params: Any, tmp_path: Path
) -> None:
    from pipelines.pathways.validate import validate_pathways

    data = tmp_path / "data"
    shutil.copytree(small_data / "pathways", data / "pathways")
    profiles = data / "pathways" / "profiles.csv"
    with profiles.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows[4]["interests"] = "cooking;lucia_r_example_com"
    rows[7]["interests"] = "987_654_321"
    with profiles.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ValidationFailed) as err:
        validate_pathways(data, params, tmp_path / "reports")
    message = str(err.value)
    assert "personal_data: 2 failing" in message
    assert f"profiles.csv/6/{rows[4]['profile_id']} 'lucia_r_example_com'" in message
    assert "'987_654_321'" in message
