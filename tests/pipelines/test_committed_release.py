"""The committed pin follows the committed data: a fresh clone's `make pipeline` trains on the
data ``data.dvc`` names, and its first registration of each kind must be the model the pin names,
or `make pipeline` (and so `make run`) stops at the register stage. Probe 45, P45-S1: the pathways
catalogue changed (data.dvc, dvc.lock) while the pin kept the ranker trained on the old data."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT


def test_every_pinned_model_was_trained_on_the_committed_data() -> None:
    data = yaml.safe_load((ROOT / "data.dvc").read_text(encoding="utf-8"))["outs"][0]["md5"]
    pin = yaml.safe_load((ROOT / "models" / "release.yaml").read_text(encoding="utf-8"))
    pinned = {"intent": pin["data_hash"], "ranker": pin["ranker"]["data_hash"]}
    assert pinned == {"intent": data, "ranker": data}, (
        "models/release.yaml pins models of other data than data.dvc: run `make pipeline` in a "
        "fresh clone and commit its models/release.yaml, dvc.lock and metrics"
    )
