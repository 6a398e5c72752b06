"""Optional hyper-parameter search (``slipway tune``): Optuna trials as nested MLflow runs.

The objective is the same one the out-of-scope rule is chosen with (``val_threshold_objective``:
with ``train.oos_recall_floor``, the worse language's in-scope accuracy on val while OOS recall
holds the floor in every language; without it, the mean of in-scope accuracy and OOS recall), so
tuning and the rule agree on what "better" means.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipelines.data import load_splits
from pipelines.params import Params


def tune(
    data_dir: Path,
    params: Params,
    trials: int,
    on_trial: Callable[[], None] | None = None,
) -> dict[str, Any]:
    import mlflow
    import optuna

    from pipelines.intent.train import build_model

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    splits = load_splits(data_dir)
    base = params.train

    def objective(trial: optuna.Trial) -> float:
        candidate = base.model_copy(
            update={
                "C": trial.suggest_float("C", params.tune.C_min, params.tune.C_max, log=True),
                "word_ngram_max": trial.suggest_int("word_ngram_max", 1, 2),
                "char_ngram_max": trial.suggest_int(
                    "char_ngram_max", max(base.char_ngram_min, 3), 6
                ),
            }
        )
        with mlflow.start_run(run_name=f"trial-{trial.number}", nested=True):
            _, metrics = build_model(splits, candidate)
            mlflow.log_params(trial.params)
            mlflow.log_metrics(metrics)
        if on_trial:
            on_trial()
        return float(metrics["val_threshold_objective"])

    study = optuna.create_study(
        direction="maximize", sampler=optuna.samplers.TPESampler(seed=base.seed)
    )
    with mlflow.start_run(run_name="tune"):
        study.optimize(objective, n_trials=trials)
        mlflow.log_params({f"best.{k}": v for k, v in study.best_params.items()})
        mlflow.log_metric("best_objective", study.best_value)
    return {"objective": study.best_value, "params": study.best_params}
