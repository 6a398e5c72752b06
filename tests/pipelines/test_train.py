"""Training: reproducible with a fixed seed, calibrated, threshold chosen on val."""

from __future__ import annotations

import pytest

from models.intent import directory_digest
from pipelines.intent.train import build_model


@pytest.mark.slow  # trains a second model
def test_training_is_reproducible(splits, params, trained, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, _, folder = trained
    again, _ = build_model(splits, params.train)
    again.save(tmp_path)
    assert directory_digest(tmp_path) == directory_digest(folder)


def test_calibration_and_threshold_are_sane(trained, params) -> None:  # type: ignore[no-untyped-def]
    model, val_metrics, _ = trained
    assert 0.05 <= model.temperature <= 20
    assert params.train.threshold_grid_min <= model.threshold <= params.train.threshold_grid_max
    assert val_metrics["val_ece_calibrated"] <= val_metrics["val_ece_raw"] + 1e-9
    assert val_metrics["val_in_scope_accuracy"] > 0.8
    assert val_metrics["val_oos_recall"] > 0.6


@pytest.mark.slow  # trains a second model
def test_a_different_seed_param_changes_nothing_for_a_convex_model(
    splits, params, trained, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """lbfgs on a convex loss converges to the same weights: the seed is recorded, not luck."""
    model, _, _ = trained
    other, _ = build_model(splits, params.train.model_copy(update={"seed": 7}))
    assert other.labels == model.labels
    assert abs(other.threshold - model.threshold) < 0.02
