"""Rendering does not depend on where the checkout is: two copies of the repository's infra in
two folders render identical bytes, with no path of either in them, and the ConfigMap names paths
inside the image only."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from infra.k8s.rbac import access_objects
from infra.k8s.render import IMAGE_WORKDIR, config_data, render, to_yaml
from infra.platform.builder import build_platform
from infra.spec import ENVIRONMENTS, load_spec
from tests.conftest import ROOT
from tests.k8s.conftest import ACCOUNT, image

RENDER = r"""
import sys
import infra
from infra.k8s.rbac import access_objects
from infra.k8s.render import render, to_yaml
from infra.platform.builder import build_platform
from infra.spec import ENVIRONMENTS, load_spec
assert infra.__file__.startswith(sys.argv[1]), infra.__file__
for env in ENVIRONMENTS:
    spec = load_spec(env)
    objects = render(spec, build_platform(spec), sys.argv[2], sys.argv[3])
    sys.stdout.write("---\n" + to_yaml(objects) + "---\n" + to_yaml(access_objects(objects)))
"""


def rendered_here() -> str:
    text = ""
    for env in ENVIRONMENTS:
        spec = load_spec(env)
        objects = render(spec, build_platform(spec), image("v1"), ACCOUNT)
        text += "---\n" + to_yaml(objects) + "---\n" + to_yaml(access_objects(objects))
    return text


def render_in(checkout: Path) -> str:
    for package in ("infra", "models"):  # infra's settings use models.unknown_settings
        shutil.copytree(
            ROOT / package,
            checkout / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    done = subprocess.run(
        [sys.executable, "-c", RENDER, str(checkout), image("v1"), ACCOUNT],
        cwd=checkout,
        env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin", "HOME": str(checkout)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_two_checkouts_render_the_same_bytes(tmp_path: Path) -> None:
    first = render_in(tmp_path / "one" / "slipway")
    second = render_in(tmp_path / "elsewhere" / "deeper" / "slipway")
    assert first == second
    assert first == rendered_here()
    for text in (first, second):
        assert str(tmp_path) not in text
        assert str(ROOT) not in text
    hashes = {
        doc["spec"]["template"]["metadata"]["annotations"]["slipway.io/config-hash"]
        for doc in yaml.safe_load_all(first)
        if doc and doc["kind"] == "Deployment"
    }
    assert len(hashes) == 1  # one configuration, one hash, on any machine and for every env


def _dockerfile_workdir_and_copies() -> tuple[str, list[tuple[str, str]]]:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    final = max(i for i, line in enumerate(lines) if line.upper().startswith("FROM "))
    stage = lines[final:]
    workdirs = [line.split()[1] for line in stage if line.startswith("WORKDIR ")]
    copies = [
        (parts[-2], parts[-1])
        for line in stage
        if line.startswith("COPY ") and "--from" not in line
        for parts in [line.split()]
    ]
    return workdirs[-1], copies


def test_config_map_paths_are_the_image_s() -> None:
    workdir, copies = _dockerfile_workdir_and_copies()
    assert workdir == IMAGE_WORKDIR
    data: dict[str, Any] = config_data()
    prompts = PurePosixPath(data["SLIPWAY_LLM_PROMPT_DIR"])
    assert prompts == PurePosixPath(IMAGE_WORKDIR) / "models" / "prompts"
    # the image has it: `COPY models/ models/` into the workdir, and the repo has prompts there
    assert ("models/", "models/") in copies
    assert list((ROOT / "models" / "prompts").glob("system.*.md"))
    for key, value in data.items():
        if key.endswith(("_DIR", "_FILE", "_PATH")) and value:
            path = PurePosixPath(value)
            assert path.is_absolute(), (key, value)
            assert path.is_relative_to(IMAGE_WORKDIR) or path.is_relative_to("/tmp"), (key, value)
        assert not re.search(r"/(home|Users|work|root)/", value), (key, value)


def test_the_yaml_reads_back_as_rendered(rendered: dict[str, list[dict[str, Any]]]) -> None:
    """Multi-line strings are literal blocks for review, and read back unchanged."""
    for objects in rendered.values():
        text = to_yaml(objects)
        assert list(yaml.safe_load_all(text)) == objects
    program = to_yaml([{"command": ["sh", "-c", "set -e\necho one\n"]}])
    assert "- |\n" in program  # a multi-line string is a literal block
