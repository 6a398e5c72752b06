"""Validate rendered objects: the Kubernetes OpenAPI schema of the cluster's version for core
kinds (``kubernetes-validate``, strict: unknown fields are errors), and minimal JSON schemas
shipped here for the custom resources (External Secrets, Prometheus Operator), which are not
in the core schema. The CRD schemas check the fields Slipway relies on, not the whole CRD.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import kubernetes_validate
import kubernetes_validate.utils

from infra.errors import InfraError

_META = {
    "type": "object",
    "required": ["name", "namespace"],
    "properties": {"name": {"type": "string", "pattern": r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"}},
}
_STR = {"type": "string", "minLength": 1}

CRD_SCHEMAS: dict[tuple[str, str], dict[str, Any]] = {
    ("external-secrets.io/v1", "SecretStore"): {
        "type": "object",
        "required": ["metadata", "spec"],
        "properties": {
            "metadata": _META,
            "spec": {
                "type": "object",
                "required": ["provider"],
                "properties": {
                    "provider": {
                        "type": "object",
                        "required": ["aws"],
                        "properties": {
                            "aws": {
                                "type": "object",
                                "required": ["service", "region", "auth"],
                                "additionalProperties": False,
                                "properties": {
                                    "service": {"enum": ["SecretsManager", "ParameterStore"]},
                                    "region": _STR,
                                    "auth": {
                                        "type": "object",
                                        "required": ["jwt"],
                                        "properties": {
                                            "jwt": {
                                                "type": "object",
                                                "required": ["serviceAccountRef"],
                                                "properties": {
                                                    "serviceAccountRef": {
                                                        "type": "object",
                                                        "required": ["name"],
                                                        "properties": {"name": _STR},
                                                    }
                                                },
                                            }
                                        },
                                    },
                                },
                            }
                        },
                    }
                },
            },
        },
    },
    ("external-secrets.io/v1", "ExternalSecret"): {
        "type": "object",
        "required": ["metadata", "spec"],
        "properties": {
            "metadata": _META,
            "spec": {
                "type": "object",
                "required": ["secretStoreRef", "target", "data"],
                "additionalProperties": False,
                "properties": {
                    "refreshInterval": {"type": "string", "pattern": r"^\d+[smh]$"},
                    "secretStoreRef": {
                        "type": "object",
                        "required": ["kind", "name"],
                        "properties": {
                            "kind": {"enum": ["SecretStore", "ClusterSecretStore"]},
                            "name": _STR,
                        },
                    },
                    "target": {
                        "type": "object",
                        "required": ["name"],
                        "additionalProperties": False,
                        "properties": {
                            "name": _STR,
                            "creationPolicy": {"enum": ["Owner", "Orphan", "Merge", "None"]},
                            "template": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "engineVersion": {"enum": ["v2"]},
                                    "type": _STR,
                                    "data": {
                                        "type": "object",
                                        "minProperties": 1,
                                        "additionalProperties": _STR,
                                    },
                                },
                            },
                        },
                    },
                    "dataFrom": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "find": {
                                    "type": "object",
                                    "minProperties": 1,
                                    "additionalProperties": False,
                                    "properties": {
                                        "tags": {
                                            "type": "object",
                                            "minProperties": 1,
                                            "additionalProperties": _STR,
                                        },
                                        "name": {
                                            "type": "object",
                                            "required": ["regexp"],
                                            "properties": {"regexp": _STR},
                                        },
                                        "path": _STR,
                                    },
                                },
                                "rewrite": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["regexp"],
                                        "properties": {
                                            "regexp": {
                                                "type": "object",
                                                "required": ["source", "target"],
                                                "properties": {"source": _STR, "target": _STR},
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                    "data": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["secretKey", "remoteRef"],
                            "properties": {
                                "secretKey": _STR,
                                "remoteRef": {
                                    "type": "object",
                                    "required": ["key"],
                                    "properties": {"key": _STR, "property": _STR},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    ("monitoring.coreos.com/v1", "ServiceMonitor"): {
        "type": "object",
        "required": ["metadata", "spec"],
        "properties": {
            "metadata": _META,
            "spec": {
                "type": "object",
                "required": ["selector", "endpoints"],
                "additionalProperties": False,
                "properties": {
                    "selector": {
                        "type": "object",
                        "required": ["matchLabels"],
                        "properties": {
                            "matchLabels": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "minProperties": 1,
                            }
                        },
                    },
                    "namespaceSelector": {
                        "type": "object",
                        "properties": {"matchNames": {"type": "array", "items": _STR}},
                    },
                    "endpoints": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["port", "path"],
                            "properties": {
                                "port": _STR,
                                "path": {"type": "string", "pattern": "^/"},
                                "interval": {"type": "string", "pattern": r"^\d+[smh]$"},
                            },
                        },
                    },
                },
            },
        },
    },
    ("monitoring.coreos.com/v1", "PrometheusRule"): {
        "type": "object",
        "required": ["metadata", "spec"],
        "properties": {
            "metadata": _META,
            "spec": {
                "type": "object",
                "required": ["groups"],
                "additionalProperties": False,
                "properties": {
                    "groups": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["name", "rules"],
                            "properties": {
                                "name": _STR,
                                "interval": {"type": "string", "pattern": r"^\d+[smh]$"},
                                "rules": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["expr"],
                                        "oneOf": [
                                            {"required": ["record"]},
                                            {"required": ["alert"]},
                                        ],
                                        "properties": {
                                            "record": _STR,
                                            "alert": _STR,
                                            "expr": _STR,
                                            "for": {"type": "string"},
                                            "labels": {"type": "object"},
                                            "annotations": {"type": "object"},
                                        },
                                        "additionalProperties": False,
                                    },
                                },
                            },
                        },
                    }
                },
            },
        },
    },
}


class ManifestError(InfraError):
    """A rendered object does not match its schema (the message names the object)."""


def schema_version(cluster_version: str) -> str:
    """The kubernetes-validate schema version for a cluster version like ``1.33``."""
    wanted = f"{cluster_version}.0"
    versions = kubernetes_validate.utils.all_versions()
    if wanted not in versions:
        raise ManifestError(f"kubernetes-validate has no schema for {wanted} (has {versions[-1]})")
    return wanted


def validate_object(obj: dict[str, Any], version: str) -> None:
    """Raise ManifestError if ``obj`` does not match the schema of its kind."""
    key = (obj.get("apiVersion", ""), obj.get("kind", ""))
    where = f"{key[1]} {obj.get('metadata', {}).get('name')}"
    crd = CRD_SCHEMAS.get(key)
    try:
        if crd is not None:
            jsonschema.validate(obj, crd)
        else:
            kubernetes_validate.validate(obj, version, strict=True)
    except (jsonschema.ValidationError, kubernetes_validate.ValidationError) as exc:
        path = ".".join(str(p) for p in exc.absolute_path) or "(top)"
        raise ManifestError(f"{where}: {path}: {exc.message}") from None
    except kubernetes_validate.SchemaNotFoundError as exc:
        raise ManifestError(f"{where}: {exc.message}") from None
