"""The MLflow pyfunc wrapper around :class:`models.ranker.Ranker`.

Registered versions of ``slipway-ranker`` are this wrapper plus the ranker folder (weights and
catalog) as an artifact: ``mlflow.pyfunc.load_model`` answers with a pathway per profile, while
the app loads the artifact directly with NumPy only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import mlflow.pyfunc
from mlflow.types.type_hints import TypeFromExample

from models.kind import RANKER
from models.ranker import Profile, Ranker, build_pathway


class RankerPyfunc(mlflow.pyfunc.PythonModel):  # type: ignore[misc,name-defined]
    """Input: column ``profile`` (a JSON object per row); output: the ordered course ids."""

    ranker: Ranker

    def load_context(self, context: Any) -> None:
        self.ranker = Ranker.load(Path(context.artifacts[RANKER.artifact_dir]))

    def predict(self, context: Any, model_input: TypeFromExample, params: Any = None) -> Any:
        import pandas as pd

        # MLflow hands over a frame like the input example; called directly, a list of profiles
        given: Any = model_input
        raw = given["profile"].tolist() if isinstance(given, pd.DataFrame) else given
        out = []
        for item in raw:
            profile = Profile.from_dict(json.loads(item) if isinstance(item, str) else dict(item))
            path = build_pathway(self.ranker, profile)
            out.append(
                {
                    "courses": json.dumps([s.course.id for s in path.steps]),
                    "roles": json.dumps([r["role"] for r in path.roles]),
                }
            )
        return pd.DataFrame(out, columns=["courses", "roles"])
