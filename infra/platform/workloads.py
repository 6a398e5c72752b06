"""Engine-neutral pieces of the Kubernetes workloads the platform runs (MLflow)."""

from __future__ import annotations

from infra.platform.model import MlflowServer


def mlflow_labels(server: MlflowServer) -> dict[str, str]:
    return {"app.kubernetes.io/name": server.name, "app.kubernetes.io/part-of": "slipway"}


def mlflow_args(server: MlflowServer, bucket: str) -> list[str]:
    """The flags of the image's ``mlflow server`` entrypoint (Dockerfile.mlflow); the backend
    store URI comes from MLFLOW_BACKEND_STORE_URI, the auth settings from MLFLOW_AUTH_*."""
    return [
        "--host",
        "0.0.0.0",
        "--port",
        str(server.port),
        "--workers",
        str(server.workers),
        "--artifacts-destination",
        f"s3://{bucket}/artifacts",
        "--serve-artifacts",
        "--app-name",
        "basic-auth",
    ]
