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
- ``terraform``, ``kubectl``, ``gh``, ``aws``, ``git``, ``uv``, ``dvc`` and ``curl`` are
  stand-ins (:func:`shim`) that check their arguments against the rendered platform (the backend
  bucket and table exist before ``terraform init``, a ``-target`` and an ``output`` exist in
  ``terraform/<env>/cdk.tf.json``, a secret or cluster name is one the platform makes, a GitHub
  variable or secret is one a workflow reads, the chat's host is the spec's ``app.domain``, a
  ``kubectl exec`` targets the rendered Deployment and container once it exists) and act on the
  fakes where the next step depends on them (kubeconfig, access objects, the chat, the command
  run in a pod).

A command the walk does not know fails the test: a new step needs a stand-in or a real run.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

RUNBOOK = ROOT / "docs" / "day-one.md"
BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
#: Tools the runbook may call: the real command, and the stand-ins below.
SHIMMED = ("aws", "terraform", "kubectl", "gh", "git", "uv", "dvc", "curl")
BUILTINS = ("export",)
#: `slipway` commands the walk checks by their --help: each is run for real by another test.
CHECKED_ONLY = {
    ("infra", "synth"): "tests/infra/test_infra_cli.py (CDKTF synthesis, ~1 min)",
    ("repro",): "tests/pipelines (the DVC pipeline, with MLflow)",
    ("promote",): "tests/pipelines (promotion gates against a registry)",
}
STATE_ENV, LOG_ENV = "RUNBOOK_STATE", "RUNBOOK_LOG"


def blocks(text: str | None = None) -> list[str]:
    return BLOCK.findall(RUNBOOK.read_text() if text is None else text)


def commands(text: str | None = None) -> list[str]:
    """Every command line of the walked blocks (comments and blank lines dropped)."""
    lines = []
    for block in blocks(text):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def tool_of(line: str) -> str:
    """The program a command line runs (after any ``NAME=value`` assignments before it)."""
    words = line.split()
    while len(words) > 1 and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        words = words[1:]
    return words[0]


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


# -- the stand-ins -------------------------------------------------------------------------------
def _state() -> dict[str, Any]:
    return dict(json.loads(Path(os.environ[STATE_ENV]).read_text()))


def _log(tool: str, args: list[str]) -> None:
    with open(os.environ[LOG_ENV], "a") as f:
        f.write(json.dumps([tool, *args]) + "\n")


def _fail(message: str) -> None:
    print(f"walk: {message}", file=sys.stderr)
    raise SystemExit(1)


def _option(args: list[str], name: str) -> str | None:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _rendered(env: str) -> dict[str, Any]:
    path = Path("terraform") / env / "cdk.tf.json"
    if not path.is_file():
        _fail(f"no rendered platform at {path}")
    return dict(json.loads(path.read_text()))


def _names(kind: str) -> dict[str, str]:
    """Rendered ``name`` of every resource of ``kind``, over the environments: name -> env."""
    from infra.spec import available_environments

    found = {}
    for env in available_environments():
        for resource in _rendered(env)["resource"].get(kind, {}).values():
            found[str(resource.get("name"))] = env
    return found


def _session() -> Any:
    """The caller's AWS session (the AWS CLI and Terraform read AWS_REGION too)."""
    import boto3

    return boto3.Session(region_name=os.environ.get("AWS_REGION"))


def _aws(args: list[str]) -> None:
    service, action = [*args, "", ""][:2]
    if (service, action) == ("sso", "login"):
        return
    if (service, action) == ("configure", "set"):
        import configparser

        key, value = args[2], args[3]
        section, _, option = key.rpartition(".")
        path = Path.home() / ".aws" / "config"
        config = configparser.ConfigParser()
        config.read(path)
        name = section.replace("profile.", "profile ", 1)
        if not config.has_section(name):
            config.add_section(name)
        config.set(name, option, value)
        with path.open("w") as f:
            config.write(f)
        return
    if (service, action) == ("iam", "get-role"):
        role = _session().client("iam").get_role(RoleName=_option(args, "--role-name"))
        print(role["Role"]["Arn"])
        return
    if (service, action) == ("sts", "get-caller-identity"):
        identity = _session().client("sts").get_caller_identity()
        if _option(args, "--query") == "Account":
            print(identity["Account"])
        else:
            print(json.dumps({k: identity[k] for k in ("UserId", "Account", "Arn")}))
        return
    if (service, action) == ("secretsmanager", "put-secret-value"):
        secret = _option(args, "--secret-id") or ""
        if secret not in _names("aws_secretsmanager_secret"):
            _fail(f"no secret {secret!r} in the rendered platform")
        if not _option(args, "--secret-string"):
            _fail("put-secret-value without a value")
        return
    if (service, action) == ("eks", "update-kubeconfig"):
        name = _option(args, "--name") or ""
        clusters = _names("aws_eks_cluster")
        if name not in clusters:
            _fail(f"no EKS cluster {name!r} in the rendered platform ({sorted(clusters)})")
        region = _rendered(clusters[name])["provider"]["aws"][0]["region"]
        if _option(args, "--region") != region:
            _fail(f"cluster {name} is in {region}")
        target = Path(os.environ.get("KUBECONFIG") or Path.home() / ".kube" / "config")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Path(_state()["deploy_kubeconfig"]).read_text())
        return
    if (service, action) == ("ecr", "describe-images"):
        repository = _option(args, "--repository-name") or ""
        if repository not in _names("aws_ecr_repository"):
            _fail(f"no ECR repository {repository!r} in the rendered platform")
        print("sha256:" + "ab" * 32)
        return
    _fail(f"aws {service} {action}: no stand-in")


def _terraform(args: list[str]) -> None:
    chdir = next((a.split("=", 1)[1] for a in args if a.startswith("-chdir=")), ".")
    rest = [a for a in args if not a.startswith("-chdir=")]
    folder = Path(chdir)
    env = folder.name
    rendered = _rendered(env)
    state = Path(os.environ[LOG_ENV]).with_name(f"terraform-{env}.init")
    if rest[:1] == ["apply"]:  # the secrets the stack writes let only the apply role read them
        identity = _session().client("sts").get_caller_identity()["Arn"]
        expected = _apply_role(env)
        if f":assumed-role/{expected}/" not in identity:
            _fail(f"terraform apply in {folder} runs as {identity}, not as {expected}")
    match rest:
        case ["init"]:
            backend = rendered["terraform"]["backend"]["s3"]
            session = _session()
            try:
                session.client("s3").head_bucket(Bucket=backend["bucket"])
                table = backend.get("dynamodb_table")
                if table:
                    session.client("dynamodb", region_name=backend["region"]).describe_table(
                        TableName=table
                    )
            except Exception as exc:
                _fail(f"terraform init: the backend of {env} is missing ({exc})")
            state.touch()
        case ["apply", *options]:
            if not state.exists():
                _fail(f"terraform apply in {folder} before terraform init")
            targets = [o.split("=", 1)[1] for o in options if o.startswith("-target=")]
            for target in targets:
                kind, _, name = target.partition(".")
                if name not in rendered["resource"].get(kind, {}):
                    _fail(f"-target {kind}.{name} is not a resource of {env}")
            providers = rendered["resource"].get("aws_iam_openid_connect_provider", {})
            if not targets:  # the account's GitHub provider: what the next bootstrap looks for
                for provider in providers.values():
                    if "${" in provider["url"]:
                        continue  # the cluster's own, known only once it exists
                    _session().client("iam").create_open_id_connect_provider(
                        Url=provider["url"], ClientIDList=provider["client_id_list"]
                    )
        case ["output", "-raw", name]:
            if not state.exists():
                _fail(f"terraform output in {folder} before terraform init")
            if name not in rendered.get("output", {}):
                _fail(f"{env} has no output {name!r}")
            print(_output(env, name, rendered), end="")
        case _:
            _fail(f"terraform {' '.join(rest)}: no stand-in")


def _apply_role(env: str) -> str:
    """The role the platform expects to apply ``env``: its deployer."""
    from infra.platform import build_platform
    from infra.spec import load_spec

    return build_platform(load_spec(env)).account.deployer_arn.rsplit(":role/", 1)[1]


def _output(env: str, name: str, rendered: dict[str, Any]) -> str:
    from infra.spec import load_spec

    spec = load_spec(env)
    account = getattr(spec, "account_id", None) or "123456789012"
    if name == "registry_url":
        [repository] = rendered["resource"]["aws_ecr_repository"].values()
        return f"{account}.dkr.ecr.{spec.region}.amazonaws.com/{repository['name']}"
    if name.endswith("_role_arn"):
        return f"arn:aws:iam::{account}:role/{name}"
    return f"https://{name}.{env}.internal"


def _workflow_names() -> set[str]:
    text = "\n".join(p.read_text() for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    return set(re.findall(r"\b(?:vars|secrets)\.([A-Z][A-Z0-9_]*)", text))


def _gh(args: list[str]) -> None:
    from infra.spec import available_environments, load_spec

    specs = [load_spec(env) for env in available_environments()]
    environments = {s.github_environment for s in specs}
    match args[:2]:
        case ["api", *_]:
            path = next(a for a in args[1:] if a.startswith("repos/"))
            repos = {f"{s.github.org}/{s.github.repo}" for s in specs}
            _, owner, repo, kind, environment = path.split("/")
            if f"{owner}/{repo}" not in repos or kind != "environments":
                _fail(f"gh api {path}: not the repository of the specs ({sorted(repos)})")
            if environment not in environments:
                _fail(f"gh api {path}: no GitHub environment {environment!r} in the specs")
        case ["variable" | "secret", "set"]:
            name = args[2]
            if name not in _workflow_names():
                _fail(f"gh {args[0]} set {name}: no workflow reads it")
            scope = _option(args, "--env")
            if scope is not None and scope not in environments:
                _fail(f"gh {args[0]} set {name} --env {scope}: not an environment")
            if not _option(args, "--body"):
                _fail(f"gh {args[0]} set {name} without a value")
        case ["run", "watch"]:
            pass
        case _:
            _fail(f"gh {' '.join(args)}: no stand-in")


def _kubectl_exec(args: list[str]) -> None:
    """``kubectl -n NS exec deploy/NAME -c CONTAINER -- python -m app.cli ...``: the command as
    the rendered Deployment's container would run it (this checkout's app, the app's database),
    once the Deployment exists in the cluster."""
    import requests

    from infra.k8s.names import APP_NAMESPACE
    from infra.k8s.render import NAME
    from tests.fakes.kube_api import TOKEN

    split = args.index("--")
    options, command = args[:split], args[split + 1 :]
    namespace, container = _option(options, "-n"), _option(options, "-c")
    target = next((a for a in options if a.startswith("deploy/")), "")
    if namespace != APP_NAMESPACE or target != f"deploy/{NAME}":
        _fail(f"kubectl exec {target} in {namespace}: not the assistant's Deployment")
    url = f"{_state()['kube_url']}/apis/apps/v1/namespaces/{namespace}/deployments/{NAME}"
    answer = requests.get(url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    if answer.status_code != 200:
        _fail(f"kubectl exec: no Deployment {NAME} yet ({answer.status_code})")
    containers = [c["name"] for c in answer.json()["spec"]["template"]["spec"]["containers"]]
    if container not in containers:
        _fail(f"kubectl exec -c {container}: the pod has {containers}")
    if command[:3] != ["python", "-m", "app.cli"]:
        _fail(f"kubectl exec {' '.join(command)}: the image runs the app's commands only")
    os.environ["SLIPWAY_DATABASE_URL"] = _state()["database"]
    os.execv(sys.executable, [sys.executable, *command[1:]])


def _kubectl(args: list[str]) -> None:
    import requests

    from tests.fakes.kube_api import KINDS, TOKEN

    if "port-forward" in args:
        return
    if "exec" in args and "--" in args:
        _kubectl_exec([a for a in args if a != "exec"])
        return
    if args[:1] != ["apply"] or "--server-side" not in args:
        _fail(f"kubectl {' '.join(args)}: no stand-in")
    plurals = {kind: plural for plural, kind in KINDS.items()}
    url = _state()["kube_url"]
    path = Path(_option(args, "-f") or "")
    for obj in yaml.safe_load_all(path.read_text()):
        group_version, kind = obj["apiVersion"], obj["kind"]
        prefix = "api" if "/" not in group_version else "apis"
        plural, name = plurals[kind], obj["metadata"]["name"]
        namespace = obj["metadata"].get("namespace")
        where = f"namespaces/{namespace}/" if namespace and kind != "Namespace" else ""
        answer = requests.patch(
            f"{url}/{prefix}/{group_version}/{where}{plural}/{name}",
            params={"fieldManager": "kubectl"},
            data=yaml.safe_dump(obj),
            headers={
                "Authorization": f"Bearer {TOKEN}",
                "Content-Type": "application/apply-patch+yaml",
            },
            timeout=10,
        )
        if answer.status_code >= 300:
            _fail(f"kubectl apply {kind}/{name}: {answer.status_code} {answer.text}")
        print(f"{kind.lower()}/{name} serverside-applied")


def _curl(args: list[str]) -> None:
    from infra.spec import available_environments, load_spec

    domains = {load_spec(env).app.domain for env in available_environments()}
    rewritten = []
    for arg in args:
        match = re.match(r"^https://([^/]+)(/.*)?$", arg)
        if match:
            if match.group(1) not in domains:
                _fail(f"curl {arg}: not the app.domain of an environment ({sorted(domains)})")
            arg = _state()["app_url"] + (match.group(2) or "/")
        rewritten.append(arg)
    os.execv("/usr/bin/curl", ["curl", *rewritten])


def _slipway(args: list[str]) -> None:
    words = tuple(a for a in args if not a.startswith("-"))
    checked = next((key for key in CHECKED_ONLY if words[: len(key)] == key), None)
    command = [sys.executable, "-m", "pipelines.cli"]
    if checked is not None:
        command += [*checked, "--help"]
    else:
        command += args
    os.execv(sys.executable, command)


def shim() -> None:
    """The stand-ins' entry point: the tool is the script's name."""
    tool, args = Path(sys.argv[0]).name, sys.argv[1:]
    _log(tool, args)
    if tool == "slipway":
        _slipway(args)
    elif tool == "aws":
        _aws(args)
    elif tool == "terraform":
        _terraform(args)
    elif tool == "gh":
        _gh(args)
    elif tool == "kubectl":
        _kubectl(args)
    elif tool == "curl":
        _curl(args)
    elif tool == "git" and args[:1] == ["rev-parse"]:
        os.execv("/usr/bin/git", ["git", *args])
    elif tool in {"git", "uv", "dvc"}:
        if args[:1] not in (["add"], ["commit"], ["push"], ["sync"], ["pull"]):
            _fail(f"{tool} {' '.join(args)}: no stand-in")
    else:
        _fail(f"{tool}: no stand-in")


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
@pytest.fixture
def aws_admin() -> Iterator[tuple[str, dict[str, str]]]:
    """moto's server and an administrator's keys in the account the spec names."""
    import boto3

    from infra.spec import load_spec
    from tests.servers import s3_server

    account = getattr(load_spec("staging"), "account_id", None) or "123456789012"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")  # the apply roles' policy
        with s3_server() as url:
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

    # the walk's machine: a home, an AWS profile, the stand-ins first on PATH
    home, work, bin_dir = tmp_path / "home", tmp_path / "work", tmp_path / "bin"
    for folder in (home / ".aws", work, bin_dir):
        folder.mkdir(parents=True)
    for name in ("terraform", "infra"):
        (work / name).symlink_to(ROOT / name)
    (home / ".aws" / "config").write_text(f"[profile {profile.group(1)}]\nregion = eu-west-1\n")
    (home / ".aws" / "credentials").write_text(
        f"[{profile.group(1)}]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items())
    )
    entry = f"#!{sys.executable}\nfrom tests.test_runbook import shim\nshim()\n"
    for tool in ("slipway", *SHIMMED):
        script = bin_dir / tool
        script.write_text(entry)
        script.chmod(0o755)
    database = f"sqlite:///{tmp_path / 'assistant.db'}"
    app_env: dict[str, str | None] = {
        "SLIPWAY_WORKERS": "1",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(model_folder),
        "SLIPWAY_DATABASE_URL": database,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
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
            OPENAI_API_KEY="sk-walk-not-a-key",
            SLIPWAY_DEPLOY_POLL_INTERVAL="0.1",
            SLIPWAY_DEPLOY_ROLLOUT_TIMEOUT="60",
            SLIPWAY_DEPLOY_MIGRATION_TIMEOUT="60",
            SLIPWAY_DEPLOY_SMOKE_TIMEOUT="60",  # the real app's first chat on a busy machine
            **{STATE_ENV: str(tmp_path / "state.json"), LOG_ENV: str(log)},
        )
        script = tmp_path / "day-one.sh"
        script.write_text("set -euo pipefail\n" + "\n".join(blocks(text)))
        walk = subprocess.run(
            ["bash", "-x", str(script)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert walk.returncode == 0, walk.stderr[-6000:]

        # the cluster got the access objects from the admin and the release from the deployer
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
    # the first request: the real app answered the chat of a new user
    (answer,) = [
        json.loads(line)
        for line in walk.stdout.splitlines()
        if line.startswith("{") and '"reply"' in line
    ]
    assert answer["reply"]
    assert answer["path"]


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
