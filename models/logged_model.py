"""The code MLflow runs to rebuild a registered model ("models from code": nothing is pickled).

The register stage logs every kind with this file as its ``python_model`` and the kind's pyfunc
class in the model's config (``pyfunc: "models.pyfunc:IntentPyfunc"``). MLflow copies the file
into the model's folder and the ``models`` package into its ``code/`` (``code_paths``). It runs
the file when the model is logged and each time it is loaded (``mlflow.pyfunc.load_model``,
``mlflow models serve``): the file hands MLflow a new instance of the named class, whose
``load_context`` then reads the kind's artifact folder. Only MLflow runs it; nothing imports it.

A pickled model (MLflow's default for a Python object) loads only with the same Python and
library versions, and runs whatever the pickle says when it is read; code is read as code.
"""

from mlflow.models import ModelConfig, set_model

from models.kind import PYFUNC_KEY, pyfunc_class

set_model(pyfunc_class(str(ModelConfig().get(PYFUNC_KEY)))())  # type: ignore[no-untyped-call]
