"""docs/day-one.md, walked: its ``bash`` blocks run in order, in bash, against fakes.

- ``slipway`` is the real command (this checkout's code), except the few commands other tests
  cover that are too slow or need a real cluster's data here (:data:`CHECKED_ONLY`: their
  ``--help`` proves the command and its options exist);
- AWS is moto's server (``slipway infra bootstrap`` and the ``aws`` calls), with credentials of
  an administrator of the account the spec names;
- the cluster is the fake Kubernetes API server, enforcing RBAC for the deploy identity; its
  service proxy reaches the real app (gunicorn, the trained model, SQLite) for the smoke test;
  beside it, what the cluster's controllers do (:class:`WalkCluster`): External Secrets fills the
  Secret of an ExternalSecret (a fresh random value, as the stack's generated secret), and a
  Job's pod runs its container's command (this checkout's app, on the app's database) with the
  Job's environment, so the smoke user is made by the rendered migration Job itself;
- ``terraform``, ``kubectl``, ``gh``, ``aws``, ``git``, ``uv``, ``dvc`` and ``curl`` are stand-ins
  (:func:`tests.runbook_walk.shim`) that check their arguments against the rendered platform (the
  backend bucket and table exist before ``terraform init``, a ``-target`` and an ``output`` exist
  in ``terraform/<env>/cdk.tf.json``, a secret or cluster name is one the platform makes, a GitHub
  variable or secret is one a workflow reads, the chat's host is the spec's ``app.domain``, a
  ``kubectl exec`` targets the rendered Deployment and container once it exists) and act on the
  fakes where the next step depends on them (kubeconfig, access objects, the chat, the command
  run in a pod).

A command the walk does not know fails the test: a new step needs a stand-in or a real run.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.runbook_walk import (
    BUILTINS,
    LOG_ENV,
    RUNBOOK,
    SHIMMED,
    STATE_ENV,
    blocks,
    commands,
    facts,
    prod_blocks,
    steps,
    tool_of,
)


def test_every_command_of_the_runbook_is_walked() -> None:
    tools = {tool_of(line) for line in commands()}
    assert tools <= {"slipway", *SHIMMED, *BUILTINS}, tools
    assert len(blocks()) >= 8
    walked = "\n".join(commands())
    for step in (
        "slipway infra bootstrap",
        "terraform -chdir",
        "kubectl apply",
        "slipway deploy",
        "python -m app.cli users create",
        "/v1/chat",
        "Private API endpoint",
    ):
        assert step in walked, step
    # the smoke-test user is the platform's: no one creates it, and no one hands its token over
    assert "users create smoke" not in walked
    assert "SLIPWAY_DEPLOY_SMOKE_TOKEN" not in walked


def test_the_stand_ins_facts_follow_the_specs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stand-ins read the specs from ``facts.json``, kept under a key of the specs' folder:
    a spec the walk changes (``slipway infra pin``) is read again, not the first day's copy."""
    from infra.spec import load_spec

    specs = tmp_path / "environments"
    shutil.copytree(ROOT / "infra" / "environments", specs)
    monkeypatch.setenv("SLIPWAY_INFRA_ENVIRONMENTS_DIR", str(specs))
    monkeypatch.setenv(LOG_ENV, str(tmp_path / "calls.jsonl"))
    staging = load_spec("staging")
    first = facts()["environments"]["staging"]
    assert first["github"]["org"] == staging.github.org
    assert first["app"]["domain"] == staging.app.domain
    assert first["apply_role"] == "slipway-staging-terraform"
    assert (tmp_path / "facts.json").is_file()
    path = specs / "staging.yaml"
    path.write_text(path.read_text().replace(staging.app.domain, "chat.slipway.example.com"))
    assert facts()["environments"]["staging"]["app"]["domain"] == "chat.slipway.example.com"
    (specs / "qa.yaml").write_text((specs / "dev.yaml").read_text())  # not a valid spec: name
    assert "error" in facts()["environments"]["qa"]


# -- the cluster's controllers -------------------------------------------------------------------
def _walk_cluster() -> type:
    from tests.fakes.kube_api import FakeKubeApi

    @dataclass
    class WalkCluster(FakeKubeApi):
        """The fake API server plus two controllers of a real cluster the walk relies on:
        External Secrets (an ExternalSecret without a template gets its Secret, each key a fresh
        random value, as the stack's generated secret would be) and the kubelet of a Job's pod
        (its container's ``python -m ...`` command runs in this checkout with the Job's
        environment, ``secretKeyRef`` read from the stored Secrets, plus ``pod_env``)."""

        pod_env: dict[str, str] = field(default_factory=dict)
        _runs: dict[Any, threading.Thread] = field(default_factory=dict)
        _exit: dict[Any, int] = field(default_factory=dict)

        def _store(self, key: Any, obj: dict[str, Any], bump_generation: bool = False) -> Any:
            stored = super()._store(key, obj, bump_generation)
            if key[1] == "externalsecrets":
                target = obj["spec"]["target"]
                secret_key = ("v1", "secrets", key[2], target["name"])
                if "template" not in target and secret_key not in self._objects:
                    data = {
                        item["secretKey"]: base64.b64encode(
                            secrets.token_urlsafe(36).encode()
                        ).decode()
                        for item in obj["spec"].get("data", [])
                    }
                    secret = {"apiVersion": "v1", "kind": "Secret", "data": data}
                    secret["metadata"] = {"name": target["name"], "namespace": key[2]}
                    super()._store(secret_key, secret)
            return stored

        def _reconcile_job(self, key: Any, outcome: str, started: float) -> None:
            if key not in self._objects:
                super()._reconcile_job(key, outcome, started)
                return
            run = self._runs.get(key)
            if run is None:
                run = threading.Thread(target=self._run_pod, args=(key,), daemon=True)
                self._runs[key] = run
                run.start()
            if run.is_alive():
                self._set_status(key, {"active": 1})
                return
            done = "complete" if self._exit.get(key) == 0 else "fail"
            super()._reconcile_job(key, done, float("-inf"))

        def _run_pod(self, key: Any) -> None:
            with self._lock:
                pod = self._objects[key]["spec"]["template"]["spec"]
                [container] = pod["containers"]
                env = dict(self.pod_env)
                for item in container.get("env", []):
                    ref = item.get("valueFrom", {}).get("secretKeyRef")
                    if ref is None:
                        env[item["name"]] = item["value"]
                        continue
                    secret = self._objects.get(("v1", "secrets", key[2], ref["name"]))
                    value = (secret or {}).get("data", {}).get(ref["key"])
                    if value is None:  # the kubelet's CreateContainerConfigError
                        self._exit[key] = 1
                        return
                    env[item["name"]] = base64.b64decode(value).decode()
            command = container["command"]
            assert command[0] == "python", command
            done = subprocess.run(
                [sys.executable, *command[1:]],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            self.job_log = done.stdout + done.stderr
            self._exit[key] = done.returncode

    return WalkCluster


# -- the walk -----------------------------------------------------------------------------------
@contextlib.contextmanager
def _aws_admin(env: str) -> Iterator[tuple[str, dict[str, str]]]:
    """moto's server and an administrator's keys in the account ``env``'s spec names."""
    import boto3

    from infra.spec import load_spec
    from tests.servers import s3_server

    account = getattr(load_spec(env), "account_id", None) or "123456789012"
    with s3_server(aws_managed_policies=True) as url:  # the apply roles' policy
        sts = boto3.client(
            "sts",
            endpoint_url=url,
            region_name="eu-west-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        creds = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/admin", RoleSessionName="day-one"
        )["Credentials"]
        yield (
            url,
            {
                "aws_access_key_id": creds["AccessKeyId"],
                "aws_secret_access_key": creds["SecretAccessKey"],
                "aws_session_token": creds["SessionToken"],
            },
        )


@pytest.fixture
def aws_admin() -> Iterator[tuple[str, dict[str, str]]]:
    with _aws_admin("staging") as admin:
        yield admin


def _machine(
    tmp_path: Path, moto: str, profile: str, keys: dict[str, str]
) -> tuple[Path, Path, Path, dict[str, str]]:
    """The walk's machine: a home with the administrator's AWS profile, the stand-ins first on
    PATH, a copy of the specs (day one writes the runner image into them): (work folder, the
    specs' copy, the calls' log, the walk's environment)."""
    home, work, bin_dir = tmp_path / "home", tmp_path / "work", tmp_path / "bin"
    for folder in (home / ".aws", work, bin_dir):
        folder.mkdir(parents=True)
    for name in ("terraform", "infra", "Dockerfile.runner"):
        (work / name).symlink_to(ROOT / name)
    specs = tmp_path / "environments"
    shutil.copytree(ROOT / "infra" / "environments", specs)
    (home / ".aws" / "config").write_text(f"[profile {profile}]\nregion = eu-west-1\n")
    (home / ".aws" / "credentials").write_text(
        f"[{profile}]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items())
    )
    entry = f"#!{sys.executable}\nfrom tests.runbook_walk import shim\nshim()\n"
    for tool in ("slipway", *SHIMMED):
        script = bin_dir / tool
        script.write_text(entry)
        script.chmod(0o755)
    log = tmp_path / "calls.jsonl"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLIPWAY_", "AWS_", "MLFLOW_", "KUBECONFIG", "PYTEST_"))
    }
    env.update(
        HOME=str(home),
        PATH=f"{bin_dir}{os.pathsep}{env['PATH']}",
        PYTHONPATH=str(ROOT),
        AWS_ENDPOINT_URL=moto,
        AWS_EC2_METADATA_DISABLED="true",
        SLIPWAY_INFRA_ENVIRONMENTS_DIR=str(specs),
        OPENAI_API_KEY="sk-walk-not-a-key",
        **{STATE_ENV: str(tmp_path / "state.json"), LOG_ENV: str(log)},
    )
    # what the stand-ins read of the specs and the platform, computed here once, as the walk's
    # own infra settings give it, rather than by the first stand-in (~1.5 s of imports)
    with pytest.MonkeyPatch.context() as patch:
        for name in [k for k in os.environ if k.startswith("SLIPWAY_INFRA_")]:
            patch.delenv(name)
        for name in [k for k in env if k.startswith("SLIPWAY_INFRA_")] + [LOG_ENV]:
            patch.setenv(name, env[name])
        facts()
    return work, specs, log, env


def _cluster_calls_ran_as(log: Path, env: str) -> list[dict[str, str]]:
    """Every kubectl and ``aws eks`` call's identity: the apply role of ``env``, the cluster's
    creator, the one identity with an administrator access entry (probe 29, N-H2)."""
    from tests.runbook_walk import _apply_role

    identities = [
        json.loads(line) for line in log.with_name("identities.jsonl").read_text().splitlines()
    ]
    creator = _apply_role(env)
    for identity in identities:
        assert f":assumed-role/{creator}/" in identity["arn"], identity
    return identities


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.fake_server
def test_the_runbook_walks_from_an_empty_account_to_the_first_answer(  # type: ignore[no-untyped-def]
    aws_admin, trained, release_file: Path, tmp_path: Path
) -> None:
    from app.auth import hash_token
    from infra.k8s.names import APP_NAMESPACE, DEPLOY_GROUP
    from infra.k8s.rbac import DEPLOY_ROLE
    from infra.k8s.render import NAME, SMOKE_SECRET, SMOKE_SECRET_KEY, SMOKE_USER
    from tests.fakes.kube_api import DEPLOY_TOKEN
    from tests.servers import gunicorn_server

    moto, keys = aws_admin
    _, _, model_folder = trained
    text = RUNBOOK.read_text()
    profile = re.search(r"export AWS_PROFILE=(\S+)", text)
    assert profile, "the runbook names the profile it signs in with"

    work, specs, log, env = _machine(tmp_path, moto, profile.group(1), keys)
    database = f"sqlite:///{tmp_path / 'assistant.db'}"
    app_env: dict[str, str | None] = {
        "SLIPWAY_WORKERS": "1",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(model_folder),
        "SLIPWAY_DATABASE_URL": database,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
    }
    pod_env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "SLIPWAY_DATABASE_URL": database,
    }
    cluster = _walk_cluster()
    with (
        gunicorn_server(app_env, tmp_path / "gunicorn.log") as (app_url, _, _),
        cluster(
            proxy_target=app_url, rbac=True, deploy_groups=(DEPLOY_GROUP,), pod_env=pod_env
        ) as kube,
    ):
        state = {
            "kube_url": kube.url,
            "deploy_kubeconfig": str(
                kube.write_kubeconfig(tmp_path / "deploy.kubeconfig", token=DEPLOY_TOKEN)
            ),
            "app_url": app_url,
            "database": database,
        }
        (tmp_path / "state.json").write_text(json.dumps(state))
        env.update(
            SLIPWAY_DEPLOY_POLL_INTERVAL="0.1",
            SLIPWAY_DEPLOY_ROLLOUT_TIMEOUT="60",
            SLIPWAY_DEPLOY_MIGRATION_TIMEOUT="60",
            SLIPWAY_DEPLOY_SMOKE_TIMEOUT="60",  # the real app's first chat on a busy machine
        )
        walk = _walk(
            tmp_path / "day-one.sh", "set -euo pipefail\n" + "\n".join(blocks(text)), work, env
        )

        # the cluster got the access objects from its creator and the release from the deployer
        deployment = kube.get("apps/v1", "deployments", NAME, APP_NAMESPACE)
        assert deployment is not None
        image = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
        assert image.endswith("@sha256:" + "ab" * 32)
        role = kube.get("rbac.authorization.k8s.io/v1", "roles", DEPLOY_ROLE, APP_NAMESPACE)
        assert role is not None
        # the smoke user answers to the token External Secrets brought in, and to it alone
        smoke = kube.get("v1", "secrets", SMOKE_SECRET, APP_NAMESPACE)
        assert smoke is not None
        token = base64.b64decode(smoke["data"][SMOKE_SECRET_KEY]).decode()
        active = _active_tokens(database)
        assert active[SMOKE_USER] == [hash_token(token)]
        assert len(active["first-user"]) == 1  # made in a pod by step 9
    assert "smoke test passed" in walk.stderr

    calls = [json.loads(line) for line in log.read_text().splitlines()]
    tools = [call[0] for call in calls]
    assert tools.count("terraform") >= 6
    assert ["slipway", "infra", "bootstrap", "--env", "dev"] in calls
    # every bootstrapped environment's apply job gets the roles it assumes: dev, first in
    # infra.yml's apply matrix, had none, and its failure cancelled the others (probe 28, H-4)
    bootstrapped = {c[4] for c in calls if c[:4] == ["slipway", "infra", "bootstrap", "--env"]}
    for env in bootstrapped:
        # the apply role's ARN in the applies' own environment, and only there (review 165, X-M1)
        for name, scope in (
            ("AWS_TERRAFORM_ROLE_ARN", f"{env}-infra"),
            ("AWS_PUSH_ROLE_ARN", env),
            ("AWS_DEPLOY_ROLE_ARN", env),
        ):
            assert any(c[:6] == ["gh", "variable", "set", name, "--env", scope] for c in calls), (
                name,
                scope,
            )
        assert not any(
            c[:6] == ["gh", "variable", "set", "AWS_TERRAFORM_ROLE_ARN", "--env", env]
            for c in calls
        ), env
    # the runners' image: built, pushed to each environment's runner repository and pinned in
    # its spec (the copy; the checkout's stay as committed), which validate then accepts
    # without --first-apply (probe 28, H-3)
    from infra.spec import PLACEHOLDER_DIGEST

    pinned = {}
    for env in sorted(bootstrapped):
        spec_text = (specs / f"{env}.yaml").read_text()
        (image,) = re.findall(r"^  image: \"(.+)\"$", spec_text, re.MULTILINE)
        assert f"/slipway-{env}/runner:runner-" in image
        assert PLACEHOLDER_DIGEST not in image
        pinned[env] = image
    assert any(
        c[:3] == ["slipway", "infra", "validate"] and "--first-apply" not in c for c in calls
    )
    assert next(c for c in calls if c[:2] == ["docker", "build"])[:4] == [
        "docker",
        "build",
        "--file",
        "Dockerfile.runner",
    ]
    # every environment a workflow's main-only job enters has the branch policy main (M-2); the
    # deploying one and promotion have reviewers; pull requests' runners are refused (M-3)
    created = (log.with_name("environments-main-only")).read_text().split()
    assert {"dev", "staging", "dev-infra", "staging-infra", "training", "promotion"} <= set(
        created
    ), created
    reviewed = (log.with_name("environments-reviewed")).read_text().split()
    assert {"staging", "staging-infra", "promotion"} <= set(reviewed), reviewed
    groups = (log.with_name("runner-groups")).read_text().split()
    assert {"slipway-dev", "slipway-staging", "slipway-prod"} <= set(groups), groups
    # the access objects, the port-forward and the exec ran as the cluster's creator (N-H2)
    ran = {
        i["call"].split()[0] + " " + i["call"].split()[1]
        for i in _cluster_calls_ran_as(log, "staging")
    }
    assert {"kubectl apply", "kubectl port-forward", "kubectl exec"} <= ran, ran
    # the first request: the real app answered the chat of a new user
    (answer,) = [
        json.loads(line)
        for line in walk.stdout.splitlines()
        if line.startswith("{") and '"reply"' in line
    ]
    assert answer["reply"]
    assert answer["path"]


def _prod_script(text: str) -> str:
    """Prod's day one as the runbook tells it: step 1's values for prod (its own account's
    administrator, its domain), then steps 2-7 without the blocks prod skips."""
    from infra.spec import load_spec

    ((_, values),) = [(n, b) for n, b in steps(text) if n == 1]
    values = re.sub(r"^export ENV=\S+", "export ENV=prod", values, flags=re.MULTILINE)
    values = re.sub(
        r"^export AWS_PROFILE=\S+", "export AWS_PROFILE=slipway-prod-admin", values, flags=re.M
    )
    values = re.sub(
        r"^export APP_DOMAIN=\S+",
        f"export APP_DOMAIN={load_spec('prod').app.domain}",
        values,
        flags=re.MULTILINE,
    )
    assert "export ENV=prod" in values
    assert "export AWS_PROFILE=slipway-prod-admin" in values
    return "set -euo pipefail\n" + values + "\n" + "\n".join(prod_blocks(text))


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.fake_server
def test_prods_day_one_runs_steps_2_to_7_in_its_own_account_only(tmp_path: Path) -> None:
    """Probe 29, N-M6: "steps 2-7 with ENV=prod" ran dev's lines with prod's administrator
    (dev's profile re-pointed at prod's account, dev's outputs read from the other account)."""
    from infra.k8s.names import APP_NAMESPACE, DEPLOY_GROUP
    from infra.k8s.rbac import DEPLOY_ROLE
    from tests.fakes.kube_api import DEPLOY_TOKEN, FakeKubeApi

    with (
        _aws_admin("prod") as (moto, keys),
        FakeKubeApi(rbac=True, deploy_groups=(DEPLOY_GROUP,)) as kube,
    ):
        work, specs, log, env = _machine(tmp_path, moto, "slipway-prod-admin", keys)
        # the repository's first day (staging's) made the org's runner groups, all three
        log.with_name("runner-groups").write_text("slipway-dev\nslipway-staging\nslipway-prod\n")
        state = {
            "kube_url": kube.url,
            "deploy_kubeconfig": str(
                kube.write_kubeconfig(tmp_path / "deploy.kubeconfig", token=DEPLOY_TOKEN)
            ),
        }
        (tmp_path / "state.json").write_text(json.dumps(state))
        _walk(tmp_path / "day-one-prod.sh", _prod_script(RUNBOOK.read_text()), work, env)
        # prod's access objects, applied by prod's cluster creator
        assert kube.get("rbac.authorization.k8s.io/v1", "roles", DEPLOY_ROLE, APP_NAMESPACE)

    calls = [json.loads(line) for line in log.read_text().splitlines()]
    # nothing of dev's ran in prod's account: no profile, apply, output, secret or variable
    for call in calls:
        assert not any(re.search(r"\bdev\b|slipway-dev|_DEV\b", arg) for arg in call), call
    aws_config = (tmp_path / "home" / ".aws" / "config").read_text()
    assert "slipway-dev-terraform" not in aws_config
    assert "slipway-prod-terraform" in aws_config
    assert ["slipway", "infra", "bootstrap", "--env", "prod"] in calls
    applies = [c for c in calls if c[:2] == ["terraform", "-chdir=terraform/prod"] and "apply" in c]
    assert len(applies) >= 4, applies
    assert any(
        c[:4] == ["gh", "variable", "set", "AWS_TERRAFORM_PLAN_ROLE_ARN_PROD"] for c in calls
    )
    for name, scope in (
        ("AWS_TERRAFORM_ROLE_ARN", "prod-infra"),
        ("AWS_PUSH_ROLE_ARN", "prod"),
        ("AWS_DEPLOY_ROLE_ARN", "prod"),
    ):
        assert any(c[:6] == ["gh", "variable", "set", name, "--env", scope] for c in calls), name
    reviewed = log.with_name("environments-reviewed").read_text().split()
    assert {"prod", "prod-infra"} <= set(reviewed), reviewed
    assert "prod-infra" in log.with_name("environments-main-only").read_text().split()
    # prod's runner image pinned in its spec, and the scale set found its group (made earlier)
    assert "/slipway-prod/runner:runner-" in (specs / "prod.yaml").read_text()
    ran = {" ".join(i["call"].split()[:2]) for i in _cluster_calls_ran_as(log, "prod")}
    assert {"kubectl apply", "kubectl port-forward"} <= ran, ran


def _active_tokens(url: str) -> dict[str, list[str]]:
    """User name -> hashes of their active tokens."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import make_engine
    from app.db.tables import Token, User

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            found: dict[str, list[str]] = {}
            for name, digest in session.execute(
                select(User.name, Token.token_hash)
                .join(Token, Token.user_id == User.id)
                .where(Token.revoked_at.is_(None))
            ):
                found.setdefault(name, []).append(digest)
            return found
    finally:
        engine.dispose()


def _walk(
    script: Path, text: str, work: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``text`` run as a bash script (traced) in ``work`` with ``env``; it must succeed, and no
    stand-in may have refused or broken inside a "$(…)", which does not stop the script."""
    script.write_text(text)
    walk = subprocess.run(
        ["bash", "-x", str(script)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert walk.returncode == 0, walk.stderr[-6000:]
    assert "walk: " not in walk.stderr, walk.stderr[-6000:]
    assert "Traceback" not in walk.stderr, walk.stderr[-6000:]
    return walk
