"""The walk of docs/day-one.md: its command lines, and the stand-ins its tools run as.

Each stand-in is a small program (:func:`shim`, its name the tool's) that the walk's bash calls
some sixty times, so this module imports nothing heavy at the top: no pytest, no test fixtures.
What each stand-in checks is in tests/test_runbook.py's docstring.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parents[1]

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


# -- the stand-ins -------------------------------------------------------------------------------
def _state() -> dict[str, Any]:
    return dict(json.loads(Path(os.environ[STATE_ENV]).read_text()))


def _log(tool: str, args: list[str]) -> None:
    with open(os.environ[LOG_ENV], "a") as f:
        f.write(json.dumps([tool, *args]) + "\n")


def _fail(message: str) -> NoReturn:
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
        if secret not in _applied():
            _fail(f"put-secret-value {secret} before an apply created the secret")
        _remember("secrets-written", secret)
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
    if (service, action) == ("rds", "describe-db-instances"):
        from infra.spec import available_environments

        identifier = _option(args, "--db-instance-identifier") or ""
        instances = {
            str(db.get("identifier")): env
            for env in available_environments()
            for db in _rendered(env)["resource"].get("aws_db_instance", {}).values()
        }
        if identifier not in instances:
            _fail(f"no RDS instance {identifier!r} in the rendered platform ({sorted(instances)})")
        if "MasterUserSecret.SecretArn" not in (_option(args, "--query") or ""):
            _fail("describe-db-instances: only the master secret's ARN has a stand-in")
        account = _session().client("sts").get_caller_identity()["Account"]
        region = os.environ.get("AWS_REGION", "us-east-1")
        print(f"arn:aws:secretsmanager:{region}:{account}:secret:rds!db-{identifier}-AbCdEf")
        return
    _fail(f"aws {service} {action}: no stand-in")


def _remembered(kind: str) -> set[str]:
    path = Path(os.environ[LOG_ENV]).with_name(kind)
    return set(path.read_text().split()) if path.exists() else set()


def _remember(kind: str, *names: str) -> None:
    with Path(os.environ[LOG_ENV]).with_name(kind).open("a") as f:
        f.writelines(f"{n}\n" for n in names)


def _applied() -> set[str]:
    """Names of the secrets an apply so far created (targeted or full)."""
    return _remembered("secrets-applied")


def _producer_written(rendered: dict[str, Any]) -> dict[str, str]:
    """Secrets the stack makes empty (no version of its own) that its own workloads read at
    apply time (an ExternalSecret of a Helm release): resource name -> secret name. A full apply
    before their producer wrote them waits on workloads that cannot start (probe 25, H3)."""
    resources = rendered["resource"]
    versions = resources.get("aws_secretsmanager_secret_version", {}).values()
    written = {str(v["secret_id"]) for v in versions}
    releases = json.dumps(resources.get("helm_release", {}))
    return {
        name: str(secret["name"])
        for name, secret in resources.get("aws_secretsmanager_secret", {}).items()
        if f"${{aws_secretsmanager_secret.{name}.id}}" not in written
        and f"${{aws_secretsmanager_secret.{name}.arn}}" not in written
        and str(secret["name"]) in releases
    }


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
            secrets = rendered["resource"].get("aws_secretsmanager_secret", {})
            if targets:
                _remember(
                    "secrets-applied",
                    *(
                        str(secrets[t.partition(".")[2]]["name"])
                        for t in targets
                        if t.startswith("aws_secretsmanager_secret.")
                    ),
                )
            else:
                unwritten = set(_producer_written(rendered).values()) - _remembered(
                    "secrets-written"
                )
                if unwritten:
                    _fail(
                        f"terraform apply of {env} before its producers wrote "
                        f"{sorted(unwritten)}: the workloads reading them cannot start"
                    )
                _remember("secrets-applied", *(str(s["name"]) for s in secrets.values()))
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
        # the repository the output names (the platform has the MLflow image's one too)
        value = str(rendered["output"][name]["value"])
        resource = re.fullmatch(r"\$\{aws_ecr_repository\.([\w-]+)\.repository_url\}", value)
        if resource is None:
            _fail(f"output {name} is {value!r}, not an ECR repository's URL")
        repository = rendered["resource"]["aws_ecr_repository"][resource.group(1)]
        return f"{account}.dkr.ecr.{spec.region}.amazonaws.com/{repository['name']}"
    if name.endswith("_role_arn"):
        return f"arn:aws:iam::{account}:role/{name}"
    return f"https://{name}.{env}.internal"


def _workflow_names() -> set[str]:
    text = "\n".join(p.read_text() for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    # `vars[matrix.plan_role]` reads the variable a matrix leg names (infra.yml's plan roles)
    return set(re.findall(r"\b(?:vars|secrets)\.([A-Z][A-Z0-9_]*)", text)) | set(
        re.findall(r"\bplan_role: ([A-Z][A-Z0-9_]*)", text)
    )


def _gh(args: list[str]) -> None:
    from infra.spec import available_environments, load_spec

    specs = [load_spec(env) for env in available_environments()]
    environments = {s.github_environment for s in specs} | {
        s.github.pull_request_environment for s in specs if s.github.pull_request_environment
    }
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
    import yaml

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
    acting = {
        "slipway": _slipway,
        "aws": _aws,
        "terraform": _terraform,
        "gh": _gh,
        "kubectl": _kubectl,
        "curl": _curl,
    }
    if tool in acting:
        acting[tool](args)
    elif tool == "git" and args[:1] == ["rev-parse"]:
        os.execv("/usr/bin/git", ["git", *args])
    elif tool in {"git", "uv", "dvc"}:
        if args[:1] not in (["add"], ["commit"], ["push"], ["sync"], ["pull"]):
            _fail(f"{tool} {' '.join(args)}: no stand-in")
    else:
        _fail(f"{tool}: no stand-in")
