"""The MLflow server image (``Dockerfile.mlflow``), read and rehearsed without a Docker engine.

The Dockerfile's facts are checked by reading it: a digest-pinned base, a hash-pinned install of
binary wheels only (no build tools in any stage), a non-root user whose HOME is the only place it
writes, ``mlflow server`` as the entrypoint. Its requirements file is checked against uv.lock
(the server runs the clients' MLflow; a lock bump without regenerating it fails here).

The rehearsal then does what the build stage says on this machine: the same requirements file,
the same installer flags, into a fresh venv (uv; from its cache when it holds the wheels), and
runs the image's entrypoint the way the cluster runs it: a Postgres backend store through
psycopg (``postgresql://``: SQLAlchemy 2.1's default driver), artifacts proxied to an S3 API server
through boto3, the ``basic-auth`` app with its user store on Postgres, and the Host-header check
configured for the in-cluster service name. What this cannot show: the base image's OS packages
and the container runtime (``release.yml`` builds, scans and signs the real image).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from tests.conftest import ROOT, assert_hadolint_clean, free_port, require
from tests.servers import cmdline, process_tree, pss_bytes, quantity_bytes

DOCKERFILE = ROOT / "Dockerfile.mlflow"
REQUIREMENTS = ROOT / "requirements-mlflow.txt"
REQUIREMENTS_IN = ROOT / "requirements-mlflow.in"
PINNED = re.compile(r"\A[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}\Z")
BUILD_TOOLS = ("gcc", "g++", "build-essential", "libpq-dev", "python3-dev", "make ", "apt-get")
SERVICE_HOST = "mlflow.mlflow.svc.cluster.local"  # the platform's MlflowServer.url host
TIMEOUT = 90  # seconds per request: a password check is a slow hash on a busy 2-core machine


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
            out.append((word.upper(), re.sub(r"\s+", " ", rest.strip())))
    return out


def _stages(text: str) -> dict[str, list[tuple[str, str]]]:
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for word, rest in _instructions(text):
        if word == "FROM":
            current = stages.setdefault(rest.split()[-1], [("FROM", rest)])
            continue
        current.append((word, rest))
    return stages


def _env(stage: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for word, rest in stage:
        if word == "ENV":
            out.update((k, v.strip('"')) for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', rest))
    return out


def _pins(text: str) -> dict[str, str]:
    return {
        name.lower().replace("_", "-"): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)
    }


def _locked() -> dict[str, set[str]]:
    """Each package of uv.lock → its locked versions (a fork by Python version may hold two)."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    out: dict[str, set[str]] = {}
    for package in lock["package"]:
        if "version" in package:
            out.setdefault(package["name"], set()).add(package["version"])
    return out


def _pip_install_args(build: list[tuple[str, str]]) -> list[str]:
    [install] = [rest for word, rest in build if word == "RUN" and "pip install" in rest]
    args = install[install.index("pip install") + len("pip install") :].split()
    return [a for a in args if a != "--no-cache-dir"]


# --- the Dockerfile, read ---------------------------------------------------------------------


def test_hadolint_is_clean() -> None:
    assert_hadolint_clean(DOCKERFILE)


def test_the_image_is_pinned_hashed_and_has_no_build_tools() -> None:
    text = DOCKERFILE.read_text()
    stages = _stages(text)
    assert list(stages) == ["build", "runtime"]
    bases = {stage[0][1].split()[0] for stage in stages.values()}
    assert len(bases) == 1
    (base,) = bases
    assert PINNED.match(base), base  # a tag may move; the digest names the bytes
    assert base.startswith("python:3.11-slim-bookworm@")
    # the install: every distribution checked against its hash, wheels only, nothing resolved
    args = _pip_install_args(stages["build"])
    assert {"--require-hashes", "--only-binary", ":all:", "--no-deps"} <= set(args)
    assert args[args.index("-r") + 1].endswith(REQUIREMENTS.name)
    for word, rest in _instructions(text):
        if word == "RUN":
            assert not any(tool in f"{rest} " for tool in BUILD_TOOLS), rest
    # the runtime stage installs nothing: it copies the venv and creates its user
    runtime = stages["runtime"]
    for word, rest in runtime:
        if word == "RUN":
            assert "install" not in rest, rest
    copies = [rest for word, rest in runtime if word == "COPY"]
    assert copies == ["--from=build /opt/venv /opt/venv"]


def test_the_server_runs_as_a_user_that_writes_only_to_its_home() -> None:
    runtime = _stages(DOCKERFILE.read_text())["runtime"]
    [user] = [rest for word, rest in runtime if word == "USER"]
    uid, _, gid = user.partition(":")
    assert uid.isdigit()  # numeric: the kubelet's runAsNonRoot can check it
    assert int(uid) >= 10000
    assert gid.isdigit()
    assert f"--uid {uid}" in next(rest for word, rest in runtime if "useradd" in rest)
    env = _env(runtime)
    assert env["HOME"] == "/tmp"  # the one writable mount under a read-only root filesystem
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"  # nothing written into the venv either
    assert env["PATH"].startswith("/opt/venv/bin:")
    [workdir] = [rest for word, rest in runtime if word == "WORKDIR"]
    assert workdir == env["HOME"]  # relative defaults (sqlite, basic_auth.db) land there
    assert json.loads(next(rest for word, rest in runtime if word == "ENTRYPOINT")) == [
        "mlflow",
        "server",
    ]
    cmd = json.loads(next(rest for word, rest in runtime if word == "CMD"))
    assert cmd[cmd.index("--port") + 1] == "5000"
    assert ("EXPOSE", "5000") in runtime
    assert "/health" in next(rest for word, rest in runtime if word == "HEALTHCHECK")


def test_the_build_context_holds_what_it_copies() -> None:
    ignore = (ROOT / ".dockerignore").read_text().splitlines()
    assert "*" in ignore
    assert f"!{REQUIREMENTS.name}" in ignore


# --- the requirements file: generated with uv, hash-pinned, the lock's versions --------------


def test_the_requirements_are_hash_pinned_and_follow_uv_lock() -> None:
    text = REQUIREMENTS.read_text()
    pins = _pins(text)
    assert {"mlflow", "psycopg", "psycopg-binary", "boto3"} <= set(pins)
    # every pin carries at least one hash (pip refuses the file otherwise under --require-hashes)
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", text, flags=re.M)[1:]
    assert len(blocks) == len(pins)
    for block in blocks:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), block.splitlines()[0]
    locked = _locked()
    # the server runs the clients' MLflow, and every package both have at the lock's version
    assert {pins["mlflow"]} == locked["mlflow"]
    assert f"mlflow[auth]=={pins['mlflow']}" in REQUIREMENTS_IN.read_text()
    assert "flask-wtf" in pins  # the basic-auth app's CSRF protection
    drift = {n: (v, locked[n]) for n, v in pins.items() if n in locked and v not in locked[n]}
    assert not drift, f"regenerate {REQUIREMENTS.name} (Dockerfile.mlflow's header): {drift}"
    # the command that generated it is the one the Dockerfile documents
    [command] = re.findall(r"^#\s+(uv pip compile .*)$", text, re.M)
    header = re.sub(r"\\\n#\s*", "", DOCKERFILE.read_text())
    documented = re.search(r"(uv pip compile [^\n]*)", header)
    assert documented is not None
    assert documented.group(1).split() == command.split()


# --- the rehearsal: the image's Python environment serves MLflow on Postgres and S3 ----------


def _uv() -> list[str]:
    uv = shutil.which("uv")
    if uv:
        return [uv]
    return [str(ROOT / ".venv" / "bin" / "python"), "-m", "uv"]


def _build_stage_venv(venv: Path) -> None:
    """The build stage's install, with uv: the same file and flags (offline when it can)."""
    build = _stages(DOCKERFILE.read_text())["build"]
    args = _pip_install_args(build)
    args[args.index("-r") + 1] = str(REQUIREMENTS)
    base = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": ""}
    made = subprocess.run(
        [*_uv(), "venv", "-q", "--python", str(ROOT / ".venv" / "bin" / "python"), str(venv)],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    command = [*_uv(), "pip", "install", "-q", "--python", str(venv / "bin" / "python"), *args]
    done = subprocess.run(
        command, env={**base, "UV_OFFLINE": "1"}, capture_output=True, text=True, timeout=600
    )
    # uv words a cache miss in several ways across versions ("wasn't found in the cache", "was not
    # found in the cache", "the network was disabled"): any of them means "fetch from the index"
    if done.returncode != 0 and re.search(
        r"(wasn't|was not) found in the cache|network was disabled", done.stderr
    ):
        # a wheel uv's cache lacks (the image's platform may differ from this one's): from the index
        done = subprocess.run(command, env=base, capture_output=True, text=True, timeout=600)
        require(done.returncode == 0 or "connect" not in done.stderr, "package index unreachable")
    assert done.returncode == 0, done.stderr


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.integration
@pytest.mark.postgres
@pytest.mark.slow  # measured 258 s on this 2-core machine under load 13 (the install: 1-5 s)
def test_the_image_environment_serves_mlflow_on_postgres_and_s3_behind_basic_auth(
    tmp_path: Path,
) -> None:
    from tests.servers import _stop, _wait_http, make_bucket, postgres_server, s3_server

    venv = tmp_path / "opt-venv"
    _build_stage_venv(venv)
    python = str(venv / "bin" / "python")
    imported = subprocess.run(
        [python, "-c", "import psycopg, boto3, mlflow; print(mlflow.__version__)"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert {imported.stdout.split()[-1]} == _locked()["mlflow"]
    helped = subprocess.run(
        [str(venv / "bin" / "mlflow"), "server", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert helped.returncode == 0, helped.stderr
    assert "--app-name [basic-auth]" in helped.stdout
    assert "--allowed-hosts" in helped.stdout
    venv_files = _files(venv)

    # the runtime stage's ENV and WORKDIR, HOME mapped to a fresh folder (the emptyDir)
    runtime = _stages(DOCKERFILE.read_text())["runtime"]
    image_env = _env(runtime)
    home = tmp_path / "home"
    home.mkdir()
    entrypoint = json.loads(next(rest for word, rest in runtime if word == "ENTRYPOINT"))
    port = free_port()
    container = _rendered_container()
    with postgres_server() as pg, s3_server() as s3:
        pg.create_database("mlflow")
        pg.create_database("mlflow_auth")
        make_bucket(s3, "mlflow-artifacts")
        auth_ini = home / "basic_auth.ini"  # in the cluster: a Secret volume from an ExternalSecret
        auth_ini.write_text(
            "[mlflow]\n"
            "default_permission = READ\n"
            f"database_uri = {pg.url('mlflow_auth', 'postgresql')}\n"
            "admin_username = admin\n"
            "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n"
            # a credential check is a deliberate slow hash: cache a success for a minute
            "auth_cache_ttl_seconds = 60\n"
        )
        # the Deployment's env as rendered; its paths mapped to this machine's folders, and this
        # test's own Host (it calls 127.0.0.1) added to the allowed ones
        rendered = {e["name"]: e["value"] for e in container["env"]}
        env = {
            **image_env,
            **rendered,
            "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "MLFLOW_SERVER_ALLOWED_HOSTS": f"{rendered['MLFLOW_SERVER_ALLOWED_HOSTS']},127.0.0.1:*",
            "MLFLOW_AUTH_CONFIG_PATH": str(auth_ini),
            # what the Deployment's envFrom Secrets hold
            "MLFLOW_BACKEND_STORE_URI": pg.url("mlflow", "postgresql"),
            "MLFLOW_AUTH_ADMIN_USERNAME": "admin",
            "MLFLOW_AUTH_ADMIN_PASSWORD": "rehearsal-admin-Passw0rd!",
            "MLFLOW_FLASK_SERVER_SECRET_KEY": "rehearsal-secret-key",
            # S3 through boto3: moto's server stands in for S3, keys for the pod's IRSA role
            "MLFLOW_S3_ENDPOINT_URL": s3,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
        # k8s `args` replace the image's CMD; the ENTRYPOINT stays. The rendered args, with this
        # machine's address, port and bucket
        args = _with_values(
            container["args"],
            {
                "--host": "127.0.0.1",
                "--port": str(port),
                "--artifacts-destination": "s3://mlflow-artifacts/artifacts",
            },
        )
        log = (tmp_path / "mlflow.log").open("w")
        proc = subprocess.Popen(
            [str(venv / "bin" / entrypoint[0]), *entrypoint[1:], *args],
            cwd=home,  # WORKDIR is HOME
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                _wait_http(f"{url}/health", proc, "mlflow server", 180)
            except RuntimeError:
                log.flush()
                raise AssertionError((tmp_path / "mlflow.log").read_text()[-4000:]) from None
            admin = ("admin", env["MLFLOW_AUTH_ADMIN_PASSWORD"])
            search = f"{url}/api/2.0/mlflow/experiments/search?max_results=5"
            # probes need no credentials; the API does
            assert requests.get(f"{url}/health", timeout=TIMEOUT).status_code == 200
            assert requests.get(search, timeout=TIMEOUT).status_code == 401
            assert requests.get(search, auth=("admin", "wrong"), timeout=TIMEOUT).status_code == 401
            assert requests.get(search, auth=admin, timeout=TIMEOUT).status_code == 200
            # the in-cluster service name is an allowed Host; another name is refused
            inside = {"Host": f"{SERVICE_HOST}:5000"}
            assert requests.get(search, auth=admin, headers=inside, timeout=TIMEOUT).ok
            other = {"Host": "mlflow.attacker.example:5000"}
            assert (
                requests.get(search, auth=admin, headers=other, timeout=TIMEOUT).status_code == 403
            )

            # a client run: metadata in Postgres, an artifact proxied to S3 through boto3
            client_env = {
                **os.environ,
                "MLFLOW_TRACKING_URI": url,
                "MLFLOW_TRACKING_USERNAME": admin[0],
                "MLFLOW_TRACKING_PASSWORD": admin[1],
                "MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR": "false",
            }
            logged = subprocess.run(
                [
                    str(ROOT / ".venv" / "bin" / "python"),
                    "-c",
                    "import mlflow\n"
                    "mlflow.set_experiment('rehearsal')\n"
                    "with mlflow.start_run() as run:\n"
                    "    mlflow.log_param('p', 1)\n"
                    "    mlflow.log_text('hello', 'note.txt')\n"
                    "print(run.info.run_id)\n",
                ],
                env=client_env,
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert logged.returncode == 0, logged.stderr[-3000:]
            run_id = logged.stdout.split()[-1]
            from tests.servers import s3_client

            keys = [
                o["Key"]
                for o in s3_client(s3).list_objects_v2(Bucket="mlflow-artifacts")["Contents"]
            ]
            assert any(k.endswith(f"{run_id}/artifacts/note.txt") for k in keys), keys
            import psycopg

            with psycopg.connect(pg.url("mlflow", "postgresql")) as conn:
                row = conn.execute("SELECT value FROM params WHERE run_uuid = %s", (run_id,))
                assert row.fetchone() == ("1",)
            with psycopg.connect(pg.url("mlflow_auth", "postgresql")) as conn:
                users = conn.execute("SELECT username FROM users").fetchall()
                assert ("admin",) in users  # the user store is Postgres, not a file in HOME

            # the pod's memory: every process the server started fits the rendered limit, with
            # room for a request's peak (MLflow's 4 workers and its job runner took 2.4 GiB)
            tree = process_tree(proc.pid)
            used = sum(pss_bytes(pid) for pid in tree)
            limit = quantity_bytes(container["resources"]["limits"]["memory"])
            assert used < 0.8 * limit, (
                f"the server's {len(tree)} processes use {used / 2**20:.0f} MiB of the "
                f"{limit / 2**20:.0f} MiB limit: {[cmdline(pid)[:80] for pid in tree]}"
            )
            assert not [pid for pid in tree if "huey" in cmdline(pid)]
        except Exception as error:
            log.flush()
            tail = (tmp_path / "mlflow.log").read_text()[-3000:]
            raise AssertionError(f"{error!r}\n--- mlflow server log ---\n{tail}") from error
        finally:
            _stop(proc, 20)
            log.close()
    # nothing was written into the image's venv (a read-only root filesystem would refuse it)
    assert _files(venv) == venv_files
    assert not (home / "basic_auth.db").exists()


def _rendered_container() -> dict[str, Any]:
    """The MLflow Deployment's container as prod's rendered Terraform JSON has it."""
    rendered = json.loads((ROOT / "terraform" / "prod" / "cdk.tf.json").read_text())
    deployment = rendered["resource"]["kubernetes_deployment_v1"]["mlflow-deployment"]
    (container,) = deployment["spec"]["template"]["spec"]["container"]
    return container  # type: ignore[no-any-return]


def _with_values(args: list[str], values: dict[str, str]) -> list[str]:
    """``args`` with the value after each flag of ``values`` replaced (each flag must be there)."""
    out = list(args)
    for flag, value in values.items():
        out[out.index(flag) + 1] = value
    return out


# --- the release path: built, scanned, signed like the app image; verified before it runs ------


def _release_jobs() -> dict[str, dict[str, Any]]:
    from tests.delivery.workflows import load_workflows

    return load_workflows()["release"].jobs


def _index(job: dict[str, Any], text: str) -> int:
    from tests.delivery.workflows import step_index

    return step_index(
        job, lambda s: text in str(s.get("run", "")) or str(s.get("uses", "")).startswith(text)
    )


def test_release_builds_scans_and_signs_the_mlflow_image_once_per_content() -> None:
    from tests.delivery.workflows import run_scripts, steps, uses

    jobs = _release_jobs()
    job = jobs["mlflow-image"]
    assert job["needs"] == "ci"
    assert "mlflow-image" in jobs["staging"]["needs"]  # no deploy unless this image passed too
    assert job["permissions"]["id-token"] == "write"  # the keyless signature
    script = run_scripts(job)
    assert "docker build --file Dockerfile.mlflow" in script
    # the tag is content-addressed and looked up first: a re-run reuses, never pushes again
    lookup = _index(job, "aws ecr describe-images")
    tag = steps(job)[lookup]["run"]
    assert "requirements-mlflow.txt" in tag
    assert "Dockerfile.mlflow" in tag
    build = _index(job, "docker build")
    assert lookup < build
    assert steps(job)[build]["if"] == "steps.mlflow.outputs.found != 'true'"
    assert steps(job)[_index(job, "docker pull")]["if"] == "steps.mlflow.outputs.found == 'true'"
    (sbom,) = uses(job, "anchore/sbom-action")
    (scan,) = uses(job, "aquasecurity/trivy-action")
    assert sbom["with"]["format"] == "spdx-json"
    assert scan["with"]["image-ref"] == sbom["with"]["image"]
    assert (scan["with"]["severity"], str(scan["with"]["exit-code"])) == ("CRITICAL", "1")
    push = _index(job, "docker push")
    assert _index(job, "aquasecurity/trivy-action") < push
    assert _index(job, "aquasecurity/trivy-action") < _index(job, "docker save")
    sign = _index(job, "cosign verify --certificate-identity")
    assert (
        'cosign sign --yes --new-bundle-format=false --use-signing-config=false "$IMAGE"'
        in steps(job)[sign]["run"]
    )
    verify = sign + 1
    assert "cosign sign" not in steps(job)[verify]["run"]
    assert '--certificate-identity "$SIGNER"' in steps(job)[verify]["run"]
    assert push < sign < verify
    assert "--key" not in script
    # prod receives the same bytes (loaded, not rebuilt), pushed once, signed and verified; on
    # its own (prod's MLflow is the registry a release needs) and only when the image changed
    prod = jobs["mlflow-image-prod"]
    assert prod["needs"] == ["changes", "mlflow-image"]
    assert prod["if"] == "needs.changes.outputs.mlflow == 'true'"
    assert prod["environment"] == "prod"
    assert "mlflow-image-prod" not in str(jobs["staging"]["needs"])
    prod_script = run_scripts(prod)
    assert "slipway-mlflow.tar.gz | docker load" in prod_script
    assert "docker build" not in prod_script
    push = _index(prod, "docker push")
    sign = _index(prod, "cosign verify --certificate-identity")
    assert (
        'cosign sign --yes --new-bundle-format=false --use-signing-config=false "$IMAGE"'
        in steps(prod)[sign]["run"]
    )
    verify = sign + 1
    assert "cosign sign" not in steps(prod)[verify]["run"]
    assert "cosign verify" in steps(prod)[verify]["run"]
    assert push < sign < verify
    changes = run_scripts(jobs["changes"])
    assert "Dockerfile.mlflow requirements-mlflow.txt" in changes
    assert "inputs.mlflow-image" in str(jobs["changes"]["steps"])


def test_infra_verifies_our_images_by_digest_before_applying() -> None:
    from tests.delivery.workflows import load_workflows, steps

    workflows = load_workflows()
    apply = workflows["infra"].jobs["apply-dev"]
    verify = _index(apply, "cosign verify")
    applied = _index(apply, "terraform apply")
    assert verify < applied
    script = steps(apply)[verify]["run"]
    assert "terraform show -json saved-plan/tfplan" in script  # exactly what will be applied
    assert "@sha256:[0-9a-f]{64}" in script
    assert "pin these images by digest" in script  # one of ours by tag is refused
    env = workflows["infra"].data["env"]
    assert env["SIGNER"] == workflows["release"].data["env"]["SIGNER"]
    assert env["OIDC_ISSUER"] == workflows["release"].data["env"]["OIDC_ISSUER"]
    release_paths = workflows["release"].on["push"]["paths"]
    assert {DOCKERFILE.name, REQUIREMENTS.name} <= set(release_paths)


def test_dependabot_reads_the_mlflow_dockerfile() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    folders = [u.get("directory") for u in config["updates"] if u["package-ecosystem"] == "docker"]
    assert "/" in folders
    assert DOCKERFILE.parent == ROOT
    assert "dockerfile" in DOCKERFILE.name.lower()  # Dependabot's docker updater reads these
