"""The serving image, rehearsed without a Docker engine.

The test reads the Dockerfile's runtime stage and does what it says on this machine: the build
stage's ``uv sync`` (app group only, from the lock, offline from uv's cache) into a fresh venv,
every ``COPY`` into a fresh folder standing in for the image's filesystem, its ``ENV`` (paths
mapped into the folder) and its ``ENTRYPOINT``/``CMD`` under gunicorn. So the image's Python
environment really serves the assistant: no pipeline, infra or dev package is needed at run time
and the app never imports ``pipelines/``. What this cannot show: the base image's OS packages and
the container runtime itself (CI builds the real image in ``release.yml``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, require
from tests.servers import gunicorn_server, process_tree, pss_bytes, quantity_bytes

pytestmark = pytest.mark.integration
DOCKERFILE = ROOT / "Dockerfile"


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    out = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _stage(text: str, name: str) -> list[tuple[str, str]]:
    stage: list[tuple[str, str]] = []
    current = None
    for word, rest in _instructions(text):
        if word == "FROM":
            current = rest.split()[-1]
            continue
        if current == name:
            stage.append((word, rest))
    return stage


def _env_pairs(rest: str) -> dict[str, str]:
    return dict(re.findall(r'(\w+)=("[^"]*"|\S+)', rest))


def _uv() -> list[str]:
    uv = shutil.which("uv")
    if uv:
        return [uv]
    return [str(ROOT / ".venv" / "bin" / "python"), "-m", "uv"]


def test_the_image_environment_serves_the_assistant(  # type: ignore[no-untyped-def]
    trained, pathways_release: Path, ranker_folder: Path, tmp_path: Path
) -> None:
    text = DOCKERFILE.read_text()
    build = _stage(text, "build")
    runtime = _stage(text, "runtime")
    [sync] = [rest for word, rest in build if word == "RUN" and "uv sync" in rest]
    args = sync[sync.index("uv sync") :].split()[2:]
    assert "--no-default-groups" in args
    assert "--group" in args

    # the build stage: the app group's dependencies into their own venv, from the lock only
    venv = tmp_path / "opt-venv"
    env = {
        **os.environ,
        "UV_PROJECT_ENVIRONMENT": str(venv),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_OFFLINE": "1",
        "VIRTUAL_ENV": "",
    }
    done = subprocess.run(
        [*_uv(), "sync", *args, "--python", str(ROOT / ".venv" / "bin" / "python")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    require(done.returncode == 0 or "offline" not in done.stderr, "uv cache lacks a wheel")
    assert done.returncode == 0, done.stderr
    installed = {
        p.name.split("-")[0].lower()
        for p in (venv / "lib").glob("python*/site-packages/*.dist-info")
    }
    assert {"flask", "gunicorn", "numpy"} <= installed
    for heavy in (
        "mlflow",
        "dvc",
        "great_expectations",
        "scikit_learn",
        "pulumi",
        "cdktf",
        "pytest",
    ):
        assert heavy not in installed, f"{heavy} would be in the app image"

    # the runtime stage: COPY into a folder standing in for the image's filesystem
    image = tmp_path / "image"
    workdir = image / "srv" / "slipway"
    arg_defaults = {
        k: v for word, rest in runtime if word == "ARG" for k, _, v in [rest.partition("=")]
    }
    _, _, model_folder = trained
    sources = {"${MODEL_DIR}/": model_folder, "${RANKER_DIR}/": ranker_folder}
    for word, rest in runtime:
        if word == "WORKDIR":
            workdir = image / rest.lstrip("/")
            workdir.mkdir(parents=True, exist_ok=True)
        if word != "COPY" or rest.startswith("--from"):
            continue
        src, dst = rest.split()
        source = sources.get(src, ROOT / src.rstrip("/"))
        target = (image / dst.lstrip("/")) if dst.startswith("/") else workdir / dst
        assert source.exists(), f"COPY {src}: missing in the build context"
        # as .dockerignore leaves out: no bytecode from this checkout reaches the image
        ignored = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=ignored)
    assert {"MODEL_DIR", "RANKER_DIR"} <= arg_defaults.keys()

    # its ENV, with absolute paths mapped into the folder; the pinned model is the one baked in
    image_env: dict[str, str | None] = {}
    for word, rest in runtime:
        if word == "ENV":
            for key, value in _env_pairs(rest).items():
                value = value.strip('"')
                if value.startswith("sqlite:////"):
                    value = f"sqlite:///{image}/{value.removeprefix('sqlite:////')}"
                elif value.startswith("/") and key != "PATH":
                    value = str(image / value.lstrip("/"))
                image_env[key] = value
    # the runtime stage's own Python steps, with the image's venv, in its WORKDIR, before its ENV
    python_steps = [
        rest for word, rest in runtime if word == "RUN" and rest.startswith("/opt/venv/bin/python")
    ]
    assert python_steps, "the runtime stage writes the time reader's compiled patterns"
    for step in python_steps:
        argv = [str(venv / "bin" / "python"), *step.split()[1:]]
        clean = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
        done = subprocess.run(
            argv, cwd=workdir, env=clean, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
    [patterns] = (workdir / "app" / "skills" / "__pycache__").glob("time_reader_patterns.*")
    assert patterns.stat().st_mode & 0o044 == 0o044  # readable by the image's user, not root's

    assert image_env["SLIPWAY_MODEL_PATH"] == str(image / "srv" / "model")
    assert image_env["SLIPWAY_RANKER_PATH"] == str(image / "srv" / "ranker")
    shutil.copyfile(pathways_release, image_env["SLIPWAY_RELEASE_FILE"])  # type: ignore[arg-type]
    (image / "var" / "lib" / "slipway").mkdir(parents=True)
    Path(image_env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True)  # type: ignore[arg-type]
    image_env.update(
        {
            "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
            "SLIPWAY_GIT_SHA": "rehearsal",
            "VIRTUAL_ENV": None,
            "PYTHONPATH": None,
            "SLIPWAY_REDIS_URL": None,
            "MLFLOW_TRACKING_URI": None,
        }
    )
    [entrypoint] = [json.loads(rest) for word, rest in runtime if word == "ENTRYPOINT"]
    assert entrypoint == ["gunicorn", "-c", "app/gunicorn.conf.py"]
    assert not (workdir / "pipelines").exists()

    with gunicorn_server(
        image_env, tmp_path / "gunicorn.log", bin_dir=venv / "bin", cwd=workdir
    ) as (url, master, full_env):
        assert requests.get(f"{url}/healthz", timeout=5).json() == {"status": "ok"}
        # a user, made with the image's own Python (the image has no `slipway` command)
        made = subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import sys\n"
                "from sqlalchemy import create_engine\n"
                "from sqlalchemy.orm import Session\n"
                "from app.auth import create_user\n"
                "from app.settings import AppSettings\n"
                "with Session(create_engine(AppSettings().database_url)) as s:\n"
                "    print(create_user(s, 'ana')[1])\n",
            ],
            cwd=workdir,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        auth = {"Authorization": f"Bearer {made.stdout.strip().splitlines()[-1]}"}
        info = requests.get(f"{url}/v1/info", headers=auth, timeout=5).json()
        assert info["git_sha"] == "rehearsal"
        assert info["model_version"] == "3"
        reply = requests.post(
            f"{url}/v1/chat", json={"message": "hello there"}, headers=auth, timeout=10
        )
        assert reply.status_code == 200, reply.text
        assert reply.json()["skill"] == "conversation"
        path = requests.post(
            f"{url}/v1/pathways/recommend",
            json={"goal_role": "data analyst", "region": "Lima", "languages": ["es"]},
            headers=auth,
            timeout=10,
        )
        assert path.status_code == 200, path.text  # the baked ranker serves pathways
        assert path.json()["steps"]
        metrics = requests.get(f"{url}/metrics", timeout=5).text
        assert "slipway_http_requests_total" in metrics

        # the pod's memory: the master and its workers (the settings' default count, as the
        # Deployment runs them), having answered a chat and a pathway, within the rendered limit
        # with room for a request's peak (measured: about 0.5 GiB of 1 GiB)
        from infra.k8s.render import deployment
        from infra.spec import load_spec

        (container,) = deployment(load_spec("prod"), "image", "hash")["spec"]["template"]["spec"][
            "containers"
        ]
        limit = quantity_bytes(container["resources"]["limits"]["memory"])
        used = sum(pss_bytes(pid) for pid in process_tree(master.pid))
        assert used < 0.8 * limit, f"{used / 2**20:.0f} MiB of {limit / 2**20:.0f} MiB"
