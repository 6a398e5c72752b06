"""mkdocs hook: the settings reference of ``docs/settings.md``, generated from the settings classes.

Every pydantic-settings class of the repository is listed in ``SETTINGS``; the page's
``<!-- settings:generated -->`` marker is replaced by one table per class (environment variable,
type, default, description), read from the classes themselves, so the reference cannot drift
from the code. ``NOTES`` adds what a one-line field description leaves out; a note that names a
variable no class reads fails the build.
"""

from __future__ import annotations

import importlib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- settings:generated -->"

# (class, who reads it): every BaseSettings subclass in app/, pipelines/, models/, infra/
# (tests/test_settings_documented.py fails when one is missing here).
SETTINGS: list[tuple[str, str]] = [
    ("app.settings:AppSettings", "the assistant (`app/settings.py`, read once in `create_app`)"),
    ("app.settings:ServerSettings", "gunicorn (`app/gunicorn.conf.py`)"),
    (
        "pipelines.settings:PipelineSettings",
        "the pipeline and the `slipway` command (`pipelines/settings.py`)",
    ),
    (
        "infra.settings:InfraSettings",
        "`slipway infra synth` and the Pulumi program (`infra/settings.py`)",
    ),
    (
        "infra.k8s.settings:K8sSettings",
        "`slipway k8s render`, `slipway deploy`, `rollback`, `status` (`infra/k8s/settings.py`)",
    ),
]

# What a variable's one-line description leaves out (examples, who else reads it, units).
NOTES: dict[str, str] = {
    "MLFLOW_TRACKING_URI": "MLflow's own variable, read by the app and the pipeline; point it at "
    "a server to share one registry",
    "SLIPWAY_HOME": "MLflow DB, artifacts, model cache of the embedded default",
    "SLIPWAY_ARTIFACTS_DIR": "model files, `train.json`",
    "SLIPWAY_REPORTS_DIR": "validation result, Data Docs, plots",
    "SLIPWAY_RELEASE_FILE": "read by the app and the pipeline",
    "SLIPWAY_MLFLOW_ARTIFACT_ROOT": "a path or `s3://...`",
    "SLIPWAY_GIT_SHA": "empty: read from `.git`",
    "SLIPWAY_LOG_JSON": "each line carries the request id",
    "SLIPWAY_DATABASE_URL": "SQLite (WAL) by default, `postgresql+psycopg://user:pw@host/db` in "
    "production; also read by `slipway users` and `slipway db`",
    "SLIPWAY_DB_UPGRADE_ON_START": "before any worker starts; `slipway db upgrade` does it by hand",
    "SLIPWAY_REDIS_URL": "shared by all replicas, e.g. `redis://host:6379/0`; in memory means "
    "per gunicorn worker",
    "SLIPWAY_RATE_LIMIT": "over it: 429 `rate_limited` with `Retry-After`",
    "SLIPWAY_CACHE_TTL": "key: normalized question + model version",
    "SLIPWAY_FAQ_RESCUE_SCORE": "an unsure out-of-scope message is then answered from the "
    "knowledge base",
    "SLIPWAY_DEFAULT_TIMEZONE": "used by `slipway users create`",
    "SLIPWAY_DEFAULT_LOCALE": "used by `slipway users create`",
    "SLIPWAY_ACTIVE_USER_WINDOW": "the gauge is `slipway_active_users`",
    "OPENAI_API_KEY": "a secret; set, the LLM path is on (see [LLM](llm.md))",
    "OPENAI_BASE_URL": "e.g. `http://vllm:8000/v1`",
    "SLIPWAY_LLM_MODEL": "part of the response-cache key",
    "SLIPWAY_LLM_TIMEOUT": "connect, or between streamed chunks",
    "SLIPWAY_LLM_MAX_RETRIES": "after 429, 5xx, a timeout or a connection error",
    "SLIPWAY_LLM_BACKOFF": "a `Retry-After` header wins",
    "SLIPWAY_LLM_DEADLINE": "retries and tool rounds included; then the local path answers",
    "SLIPWAY_LLM_BREAKER_FAILURES": "per worker process, and per user",
    "SLIPWAY_LLM_BREAKER_COOLDOWN": "then one trial call",
    "SLIPWAY_LLM_BREAKER_USERS": "one user's stalls never open it for the others (see "
    "[LLM](llm.md))",
    "SLIPWAY_LLM_FREE_FORM_WORDS": "scheduling requests of at least this many words",
    "SLIPWAY_LLM_HISTORY_TOKENS": "newest kept first",
    "SLIPWAY_LLM_PRICES": '`{"model": [prompt, completion]}` in USD per million tokens, for '
    "`slipway_llm_cost_usd_total`",
    "SLIPWAY_INFRA_OUT_DIR": "`<env>/cdk.tf.json` per environment",
    "SLIPWAY_KUBE_CONTEXT": "`--context` overrides it",
    "SLIPWAY_AWS_ACCOUNT_ID": "required by `slipway deploy`",
    "SLIPWAY_DEPLOY_ROLLOUT_TIMEOUT": "also bounds `slipway rollback`",
    "SLIPWAY_DEPLOY_SMOKE_TOKEN": "a secret, optional: overrides the smoke-test token that "
    "`slipway deploy` otherwise reads from the Secret `slipway-smoke` (the platform's, generated "
    "per environment); sent as `X-Slipway-Token`",
}


def _load(ref: str) -> Any:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


def env_names(cls: Any) -> dict[str, str]:
    """Field name → the environment variable that sets it (its first alias, or prefix + name)."""
    prefix = cls.model_config.get("env_prefix", "")
    names = {}
    for name, field in cls.model_fields.items():
        choices = getattr(field.validation_alias, "choices", None)
        names[name] = str(choices[0]) if choices else (prefix + name).upper()
    return names


def _type(annotation: Any) -> str:
    if isinstance(annotation, type) and not getattr(annotation, "__args__", None):
        return annotation.__name__
    text = str(annotation)
    for module in ("pathlib.", "pydantic.types.", "typing."):
        text = text.replace(module, "")
    return text


def _type_cell(annotation: Any) -> str:
    return " \\| ".join(f"`{part}`" for part in _type(annotation).split(" | "))


def _default(field: Any) -> str:
    value = field.default_factory() if field.default_factory is not None else field.default
    if value is None:
        return "*(unset)*"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Path):
        if value.is_absolute():
            value = value.relative_to(ROOT) if value.is_relative_to(ROOT) else value
        return f"`{value.as_posix()}`"
    if isinstance(value, dict):
        return f"`{json.dumps(value, separators=(',', ':'))}`"
    if value == "":
        return "*(empty)*"
    return f"`{value}`"


def _cell(text: str) -> str:
    """One table cell: one line, pipes escaped, ``<...>`` outside code spans shown as text."""
    parts = " ".join(text.split()).replace("|", "\\|").split("`")
    for i in range(0, len(parts), 2):  # even parts are outside code spans
        parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts)


def variables() -> dict[str, list[str]]:
    """Every variable a settings class reads → the classes that read it."""
    found: dict[str, list[str]] = {}
    for ref, _ in SETTINGS:
        for env in env_names(_load(ref)).values():
            found.setdefault(env, []).append(ref)
    return found


def render() -> str:
    """One table per settings class: variable, type, default, description (+ note)."""
    unknown = sorted(set(NOTES) - set(variables()))
    if unknown:
        raise ValueError(f"docs/hooks/settings.py NOTES name unknown variables: {unknown}")
    out: list[str] = []
    for ref, reader in SETTINGS:
        cls = _load(ref)
        name = ref.partition(":")[2]
        prefix = cls.model_config.get("env_prefix", "")
        out += [
            f"### `{name}`",
            "",
            f"Read by {reader}; prefix `{prefix}`.",
            "",
            "| variable | type | default | description |",
            "| --- | --- | --- | --- |",
        ]
        for field_name, env in env_names(cls).items():
            field = cls.model_fields[field_name]
            description = (field.description or "").strip()
            choices = getattr(field.validation_alias, "choices", None)
            if choices and len(choices) > 1:
                others = ", ".join(f"`{c}`" for c in choices[1:])
                description += f" (also read from {others})"
            if env in NOTES:
                description += f" — {NOTES[env]}."
            out.append(
                f"| `{env}` | {_type_cell(field.annotation)} | {_cell(_default(field))} | "
                f"{_cell(description)} |"
            )
        out.append("")
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """mkdocs event: fill the marker of the settings page."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render())
