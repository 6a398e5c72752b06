"""Review 168, D-L10: the images' `org.opencontainers.image.source` names the repository they
were built from, not the placeholder `https://example.invalid/slipway`.

A template cannot know its adopters' repository, so the label takes the build argument
SOURCE_URL, which `release.yml` sets from GitHub's own `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY`.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, run_scripts

RELEASE = load_workflows()["release"]
PASSED = '--build-arg SOURCE_URL="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY"'


@pytest.mark.parametrize("dockerfile", ["Dockerfile", "Dockerfile.mlflow"])
def test_the_source_label_is_the_build_argument(dockerfile: str) -> None:
    text = (ROOT / dockerfile).read_text()
    assert "example.invalid" not in text
    runtime = text[text.rindex("\nFROM ") :]  # the stage the image is
    assert re.search(r'^ARG SOURCE_URL=""$', runtime, re.MULTILINE)
    assert 'org.opencontainers.image.source="${SOURCE_URL}"' in runtime
    assert runtime.index("ARG SOURCE_URL") < runtime.index("org.opencontainers.image.source")


@pytest.mark.parametrize(
    ("job", "dockerfile"), [("staging", "Dockerfile"), ("mlflow-image", "Dockerfile.mlflow")]
)
def test_the_release_passes_the_repository_it_builds_from(job: str, dockerfile: str) -> None:
    script = run_scripts(RELEASE.jobs[job])
    build = script[script.index("docker build") :]
    build = build[: build.index(" .\n") + 2]
    assert PASSED in build, build
    assert ("--file Dockerfile.mlflow" in build) is (dockerfile == "Dockerfile.mlflow")
