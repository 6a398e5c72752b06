"""The MLflow pyfunc wrapper around :class:`models.intent.IntentModel`.

Registered versions of ``slipway-intent`` are this wrapper plus the model files as an artifact,
so ``mlflow models serve`` and ``mlflow.pyfunc.load_model`` work, while the app can load the
artifact directly with NumPy only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mlflow.pyfunc
from mlflow.types.type_hints import TypeFromExample

from models.intent import IntentModel
from models.kind import INTENT


class IntentPyfunc(mlflow.pyfunc.PythonModel):  # type: ignore[misc,name-defined]
    """Input: a frame (or list) of texts in column ``text``; output: intent and confidence."""

    model: IntentModel

    def load_context(self, context: Any) -> None:
        self.model = IntentModel.load(Path(context.artifacts[INTENT.artifact_dir]))

    def predict(self, context: Any, model_input: TypeFromExample, params: Any = None) -> Any:
        import pandas as pd

        # MLflow hands over a frame like the input example; called directly, a dict or a list
        given: Any = model_input
        if isinstance(given, pd.DataFrame):
            texts = [str(t) for t in given["text"].tolist()]
        elif isinstance(given, dict):
            texts = [str(t) for t in given["text"]]
        else:
            texts = [str(t) for t in given]
        preds = self.model.predict_many(texts)
        return pd.DataFrame(
            {"intent": [p.intent for p in preds], "confidence": [p.confidence for p in preds]}
        )
