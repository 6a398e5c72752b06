"""The walk of docs/day-one.md: its command lines, and the stand-ins its tools run as.

Each stand-in is a small program (:func:`shim`, its name the tool's) that the walk's bash calls
over a hundred times, so this module imports nothing heavy at the top: no pytest, no test
fixtures. What the stand-ins read of the specs, the platform model, the workflows and the fakes
(:func:`facts`) is computed once, by the test or the first stand-in, and read back as JSON
(``facts.json`` beside the log) until the specs change: a stand-in imports neither ``infra`` nor
pydantic (about 0.3 s of CPU each). What each stand-in checks is in tests/test_runbook.py's
docstring.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parents[1]

RUNBOOK = ROOT / "docs" / "day-one.md"
BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
#: Tools the runbook may call: the real command, and the stand-ins below.
SHIMMED = ("aws", "terraform", "kubectl", "gh", "git", "uv", "dvc", "curl", "docker")
BUILTINS = ("export", "if")  # `if`: a guarded command, its own tool shimmed (aws)
#: `slipway` commands the walk checks by their --help: each is run for real by another test.
CHECKED_ONLY = {
    ("infra", "synth"): "tests/infra/test_infra_cli.py (CDKTF synthesis, ~1 min)",
    ("repro",): "tests/pipelines (the DVC pipeline, with MLflow)",
    ("promote",): "tests/pipelines (promotion gates against a registry)",
}
STATE_ENV, LOG_ENV = "RUNBOOK_STATE", "RUNBOOK_LOG"
#: The first line of a block prod's day one skips: dev's lines (dev lives in staging's account)
#: and what the repository needs once (probe 29, N-M6).
PROD_SKIPS = "with ENV=prod skip this block"
STEP = re.compile(r"^## (\d+)\. ", re.MULTILINE)
#: Set to a file's path, each stand-in appends its tool, arguments, wall and CPU seconds to it
#: (the ones that hand over to another program, ``slipway`` or ``curl``, report their own part).
TIMES_ENV = "RUNBOOK_TIMES"


def blocks(text: str | None = None) -> list[str]:
    return BLOCK.findall(RUNBOOK.read_text() if text is None else text)


def steps(text: str | None = None) -> list[tuple[int, str]]:
    """Every block with the number of the step (``## N.``) it belongs to."""
    text = RUNBOOK.read_text() if text is None else text
    found = []
    for match in BLOCK.finditer(text):
        heads = STEP.findall(text, 0, match.start())
        found.append((int(heads[-1]) if heads else 0, match.group(1)))
    return found


def prod_blocks(text: str | None = None) -> list[str]:
    """Prod's day one: steps 2-7 with ``ENV=prod``, without the blocks it skips."""
    return [b for n, b in steps(text) if 2 <= n <= 7 and PROD_SKIPS not in b.split("\n", 1)[0]]


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


# -- what the stand-ins know of the checkout: computed once, read as JSON --------------------------
def _facts_key() -> str:
    """What the facts depend on that the walk may change: the specs' folder (``slipway infra
    pin`` writes into it) and the infra settings of the environment."""
    folder = Path(
        os.environ.get("SLIPWAY_INFRA_ENVIRONMENTS_DIR") or ROOT / "infra" / "environments"
    )
    digest = hashlib.sha256(str(folder.resolve()).encode())
    for key in sorted(k for k in os.environ if k.startswith("SLIPWAY_INFRA_")):
        digest.update(f"\0{key}={os.environ[key]}".encode())
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _compute_facts() -> dict[str, Any]:
    """Each environment's spec fields the stand-ins check and the role that applies it (the
    platform model's deployer), the workflows' variables, secrets, environments and scale sets,
    and the fake cluster's names."""
    from infra.k8s.names import APP_NAMESPACE
    from infra.k8s.render import NAME
    from infra.spec import available_environments, load_spec
    from tests.fakes.kube_api import KINDS, TOKEN

    environments: dict[str, dict[str, Any]] = {}
    for env in available_environments():
        try:
            spec = load_spec(env)
        except Exception as exc:  # whoever reads this environment fails with it
            environments[env] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        try:
            apply_role: Any = _apply_role(env)
        except Exception as exc:
            apply_role = {"error": f"{type(exc).__name__}: {exc}"}
        environments[env] = {
            "name": env,
            "account_id": getattr(spec, "account_id", None),
            "region": spec.region,
            "github_environment": spec.github_environment,
            "github_apply_environment": spec.github_apply_environment,
            "github": {
                "org": spec.github.org,
                "repo": spec.github.repo,
                "pull_request_environment": spec.github.pull_request_environment,
            },
            "app": {"domain": spec.app.domain},
            "apply_role": apply_role,
        }
    return {
        "environments": environments,
        "workflow_names": sorted(_workflow_names()),
        "workflow_environments": sorted(_workflow_environments()),
        "scale_sets": {name: sorted(files) for name, files in scale_set_workflows().items()},
        "kube": {"namespace": APP_NAMESPACE, "deployment": NAME, "kinds": KINDS, "token": TOKEN},
    }


def facts() -> dict[str, Any]:
    """:func:`_compute_facts`, kept in ``facts.json`` beside the log under the key of what they
    depend on (:func:`_facts_key`): computed again only when that changed."""
    path = Path(os.environ[LOG_ENV]).with_name("facts.json")
    key = _facts_key()
    with contextlib.suppress(OSError, ValueError):
        known = json.loads(path.read_text())
        if known.get("key") == key:
            return dict(known)
    found = {"key": key, **_compute_facts()}
    partial = path.with_name(f"facts.json.{os.getpid()}")
    partial.write_text(json.dumps(found))
    partial.replace(path)  # whole or not at all: stand-ins run side by side (a pipe, a `&`)
    return found


def _environments() -> list[str]:
    return list(facts()["environments"])


def _spec(env: str) -> Any:
    """What the stand-ins read of ``<env>.yaml``, as attributes (``spec.github.org``)."""
    record = facts()["environments"].get(env)
    if record is None:
        _fail(f"no environment spec {env!r} (known environments: {_environments()})")
    if "error" in record:
        _fail(f"the spec of {env}: {record['error']}")
    return json.loads(json.dumps(record), object_hook=lambda d: SimpleNamespace(**d))


def _specs() -> list[Any]:
    return [_spec(env) for env in _environments()]


def _rendered(env: str) -> dict[str, Any]:
    path = Path("terraform") / env / "cdk.tf.json"
    if not path.is_file():
        _fail(f"no rendered platform at {path}")
    return dict(json.loads(path.read_text()))


def _names(kind: str) -> dict[str, str]:
    """Rendered ``name`` of every resource of ``kind``, over the environments: name -> env."""
    found = {}
    for env in _environments():
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
        profile = _option(args, "--profile")
        _identity(f"aws eks update-kubeconfig {name}", profile)
        target = Path(os.environ.get("KUBECONFIG") or Path.home() / ".kube" / "config")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Path(_state()["deploy_kubeconfig"]).read_text())
        # what the real command writes into the kubeconfig's exec: `aws eks get-token` for this
        # cluster, with AWS_PROFILE set only when --profile was given (else the caller's shell's)
        Path(os.environ[LOG_ENV]).with_name("kubeconfig.json").write_text(
            json.dumps({"cluster": name, "env": clusters[name], "profile": profile})
        )
        return
    if (service, action) == ("ecr", "describe-images"):
        repository = _option(args, "--repository-name") or ""
        if repository not in _names("aws_ecr_repository"):
            _fail(f"no ECR repository {repository!r} in the rendered platform")
        wanted = _option(args, "--image-ids") or ""
        if wanted.startswith("imageTag="):
            tag = wanted.removeprefix("imageTag=")
            if f"{repository}:{tag}" not in _remembered("images-pushed"):
                _fail(f"describe-images {repository}:{tag}: no such image was pushed")
        print("sha256:" + "ab" * 32)
        return
    if (service, action) == ("ecr", "get-login-password"):
        print("walk-ecr-password")
        return
    if (service, action) == ("rds", "describe-db-instances"):
        identifier = _option(args, "--db-instance-identifier") or ""
        instances = {
            str(db.get("identifier")): env
            for env in _environments()
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


def _identity(call: str, profile: str | None) -> str:
    """The ARN a call runs as (the named profile, else the shell's ``AWS_PROFILE``), recorded
    in ``identities.jsonl`` beside the log (probe 29, N-H2)."""
    import boto3

    profile = profile or os.environ.get("AWS_PROFILE")
    session = boto3.Session(profile_name=profile, region_name=os.environ.get("AWS_REGION"))
    arn = str(session.client("sts").get_caller_identity()["Arn"])
    with Path(os.environ[LOG_ENV]).with_name("identities.jsonl").open("a") as f:
        f.write(json.dumps({"call": call, "profile": profile, "arn": arn}) + "\n")
    return arn


def _cluster_identity(call: str) -> None:
    """``kubectl`` authenticates as the kubeconfig's exec does: ``aws eks get-token`` under the
    profile ``update-kubeconfig --profile`` wrote, else the shell's. The cluster authorizes by
    access entries alone (``authentication_mode: API``): the creator (the apply role), the deploy
    role and the plan role; an account administrator is not one of them (probe 29, N-H2)."""
    path = Path(os.environ[LOG_ENV]).with_name("kubeconfig.json")
    if not path.exists():
        _fail(f"{call}: no kubeconfig (aws eks update-kubeconfig first)")
    kubeconfig = json.loads(path.read_text())
    arn = _identity(call, kubeconfig["profile"])
    creator = _applies(kubeconfig["env"])
    if f":assumed-role/{creator}/" not in arn:
        _fail(
            f"{call}: cluster {kubeconfig['cluster']} answers Unauthorized to {arn}: its only "
            f"administrator access entry is its creator's, {creator}"
        )


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
        expected = _applies(env)
        if f":assumed-role/{expected}/" not in identity:
            _fail(f"terraform apply in {folder} runs as {identity}, not as {expected}")
    match rest:
        case ["init"]:
            backend = rendered["terraform"]["backend"]["s3"]
            # the lock is the backend's file beside the state, in the bucket bootstrap made
            if backend.get("use_lockfile") is not True or "dynamodb_table" in backend:
                _fail(f"terraform init: the backend of {env} does not lock with its file")
            try:
                _session().client("s3").head_bucket(Bucket=backend["bucket"])
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
            if not targets:
                _register_scale_sets(rendered)
            providers = rendered["resource"].get("aws_iam_openid_connect_provider", {})
            if not targets:  # the account's GitHub provider: what the next bootstrap looks for
                iam = _session().client("iam")
                # the AWS provider's default tags, which tell bootstrap the stack made it
                (aws,) = rendered["provider"]["aws"]
                tags = [
                    {"Key": key, "Value": value}
                    for block in aws.get("default_tags", [])
                    for key, value in block["tags"].items()
                ]
                for provider in providers.values():
                    if "${" in provider["url"]:
                        continue  # the cluster's own, known only once it exists
                    # a second full apply (the runners' image) finds it made
                    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
                        iam.create_open_id_connect_provider(
                            Url=provider["url"], ClientIDList=provider["client_id_list"], Tags=tags
                        )
        case ["output", "-raw", name]:
            if not state.exists():
                _fail(f"terraform output in {folder} before terraform init")
            if name not in rendered.get("output", {}):
                _fail(f"{env} has no output {name!r}")
            print(_output(env, name, rendered), end="")
        case _:
            _fail(f"terraform {' '.join(rest)}: no stand-in")


def _register_scale_sets(rendered: dict[str, Any]) -> None:
    """What GitHub answers the runner controller of each scale set a full apply installs: a
    ``runnerGroup`` is an organization's, so it is found only for a scale set registered with
    the organization (``githubConfigUrl: https://github.com/<org>``), and only once day one has
    created it; otherwise the listener never starts and every job on it waits (probe 29, N-H1).
    """
    orgs = {spec.github.org for spec in _specs()}
    for release in rendered["resource"].get("helm_release", {}).values():
        if release.get("chart") != "gha-runner-scale-set":
            continue
        values: dict[str, Any] = {}
        for document in release.get("values", []):  # Helm merges them in order
            values.update(json.loads(document))
        group, url = values.get("runnerGroup"), str(values.get("githubConfigUrl", ""))
        scope = re.fullmatch(r"https://github\.com/([^/]+)(/[^/]+)?/?", url)
        if scope is None or scope.group(1) not in orgs:
            _fail(f"scale set {release['name']}: githubConfigUrl {url!r} is not the specs' org")
        if not group:
            continue
        if scope.group(2):
            _fail(
                f"scale set {release['name']}: no runner group found with name {group!r} "
                f"({url} is a repository; runner groups are the organization's)"
            )
        if group not in _remembered("runner-groups"):
            _fail(f"scale set {release['name']} installed before its runner group {group} exists")


def _apply_role(env: str) -> str:
    """The role the platform expects to apply ``env``: its deployer."""
    from infra.platform import build_platform
    from infra.spec import load_spec

    return build_platform(load_spec(env)).account.deployer_arn.rsplit(":role/", 1)[1]


def _applies(env: str) -> str:
    """:func:`_apply_role`, from the facts."""
    role = _spec(env).apply_role
    if not isinstance(role, str):
        _fail(f"the platform model of {env}: {role.error}")
    return role


def _output(env: str, name: str, rendered: dict[str, Any]) -> str:
    spec = _spec(env)
    account = getattr(spec, "account_id", None) or "123456789012"
    if name.endswith("registry_url"):
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
    known = facts()
    specs = _specs()
    environments = {s.github_environment for s in specs} | {
        s.github.pull_request_environment for s in specs if s.github.pull_request_environment
    }
    # the infra applies' own (review 165, X-M1; infra.yml names them `${{ matrix.env }}-infra`)
    environments |= {s.github_apply_environment for s in specs}
    environments |= set(known["workflow_environments"])
    match args[:2]:
        case ["api", *_]:
            _gh_api(args[1:], specs, environments)
        case ["variable" | "secret", "set"]:
            name = args[2]
            if name not in known["workflow_names"]:
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


def _workflow_environments() -> set[str]:
    """The GitHub environments the workflows' jobs enter (``environment: <name>``)."""
    text = "\n".join(p.read_text() for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    return set(re.findall(r"^\s+environment: ([A-Za-z0-9._-]+)\s*$", text, re.MULTILINE))


def scale_set_workflows() -> dict[str, set[str]]:
    """Scale set (``slipway-<env>``) -> the workflow files with a job on it."""
    import yaml

    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for job in (yaml.safe_load(path.read_text()).get("jobs") or {}).values():
            runs_on = str(job.get("runs-on", ""))
            if not runs_on.startswith("slipway-"):
                continue
            if "matrix.env" in runs_on:
                envs = ((job.get("strategy") or {}).get("matrix") or {}).get("env")
                if not isinstance(envs, list):  # computed in the run: any environment
                    from infra.spec import available_environments

                    envs = available_environments()
                names = [f"slipway-{env}" for env in envs]
            else:
                names = [runs_on]
            for name in names:
                found.setdefault(name, set()).add(path.name)
    return found


def _fields(args: list[str]) -> list[tuple[str, str]]:
    """The ``-f``/``-F``/``--field``/``--raw-field`` pairs of a ``gh api`` call, in order."""
    out = []
    for i, arg in enumerate(args[:-1]):
        if arg in ("-f", "-F", "--field", "--raw-field"):
            key, _, value = args[i + 1].partition("=")
            out.append((key, value))
    return out


def _gh_api(args: list[str], specs: list[Any], environments: set[str]) -> None:
    """``gh api``: the repository's environments (created with their deployment branch policy,
    then the branch ``main``), the org's runner groups (restricted to the workflows of main that
    run on the group's scale set), and the ids those calls need (probe 28, M-2 and M-3)."""
    path = next(a for a in args if re.match(r"^(repos|orgs)/", a))
    method = (_option(args, "--method") or _option(args, "-X") or "GET").upper()
    fields = _fields(args)
    values = dict(fields)
    repos = {f"{s.github.org}/{s.github.repo}" for s in specs}
    orgs = {s.github.org for s in specs}
    parts = path.split("/")
    if parts[0] == "orgs":
        if parts[1] not in orgs:
            _fail(f"gh api {path}: not the organization of the specs ({sorted(orgs)})")
        if parts[2:3] == ["teams"] and method == "GET":
            print(4242)  # the team's id (--jq .id)
            return
        if parts[2:] == ["actions", "runner-groups"] and method == "POST":
            name = values.get("name", "")
            wanted = facts()["scale_sets"]
            if name not in wanted:
                _fail(f"runner group {name!r}: no workflow job runs on that scale set")
            if values.get("visibility") != "selected" or not values.get(
                "selected_repository_ids[]"
            ):
                _fail(f"runner group {name}: not restricted to the repository")
            if values.get("restricted_to_workflows") != "true":
                _fail(f"runner group {name}: admits any workflow (restricted_to_workflows)")
            selected = {v for k, v in fields if k == "selected_workflows[]"}
            expected = {
                f"{repo}/.github/workflows/{w}@refs/heads/main"
                for repo in repos
                for w in wanted[name]
            }
            if selected != expected:
                _fail(
                    f"runner group {name}: selected_workflows {sorted(selected)}, "
                    f"expected {sorted(expected)}"
                )
            _remember("runner-groups", name)
            return
        _fail(f"gh api {method} {path}: no stand-in")
    if "/".join(parts[1:3]) not in repos:
        _fail(f"gh api {path}: not the repository of the specs ({sorted(repos)})")
    if len(parts) == 3 and method == "GET":
        print(123456)  # the repository's id (--jq .id)
        return
    if len(parts) < 5 or parts[3] != "environments":
        _fail(f"gh api {method} {path}: no stand-in")
    environment = parts[4]
    if environment not in environments:
        _fail(f"gh api {path}: no GitHub environment {environment!r} in the specs or workflows")
    open_to_any_branch = {
        s.github.pull_request_environment for s in specs if s.github.pull_request_environment
    }
    if len(parts) == 5 and method == "PUT":
        if environment not in open_to_any_branch and (
            values.get("deployment_branch_policy[protected_branches]") != "false"
            or values.get("deployment_branch_policy[custom_branch_policies]") != "true"
        ):
            _fail(f"environment {environment} created open to every branch")
        reviewers = [v for k, v in fields if k == "reviewers[][id]"]
        if any(not r for r in reviewers):
            _fail(f"environment {environment}: a reviewer without an id")
        if reviewers and values.get("prevent_self_review") != "true":
            _fail(f"environment {environment}: its reviewers may approve their own runs")
        _remember("environments-created", environment)
        if reviewers:
            _remember("environments-reviewed", environment)
        return
    if parts[5:] == ["deployment-branch-policies"] and method == "POST":
        if environment not in _remembered("environments-created"):
            _fail(f"branch policy of {environment} before the environment has a custom policy")
        if values.get("name") != "main":
            _fail(f"environment {environment}: branch policy {values.get('name')!r}, not main")
        _remember("environments-main-only", environment)
        return
    _fail(f"gh api {method} {path}: no stand-in")


def _docker(args: list[str]) -> None:
    """``docker login|build|tag|push``: an image is pushed only to a rendered ECR repository of
    the caller's account, and only after it was built (or tagged) here."""
    match args[:1]:
        case ["login"]:
            host = args[-1]
            if "--password-stdin" not in args or not sys.stdin.read().strip():
                _fail("docker login without the password on stdin")
            account = _session().client("sts").get_caller_identity()["Account"]
            if not re.fullmatch(rf"{account}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com", host):
                _fail(f"docker login {host}: not this account's ECR")
            _remember("docker-logins", host)
        case ["build"]:
            dockerfile, tag = _option(args, "--file"), _option(args, "--tag")
            if not dockerfile or not Path(dockerfile).is_file() or not tag:
                _fail(f"docker build {' '.join(args)}: no such Dockerfile, or no tag")
            _remember("images-built", tag)
        case ["tag"]:
            if args[1] not in _remembered("images-built"):
                _fail(f"docker tag {args[1]}: not built here")
            _remember("images-built", args[2])
        case ["push"]:
            ref = args[1]
            host, _, rest = ref.partition("/")
            repository, _, tag = rest.rpartition(":")
            if ref not in _remembered("images-built"):
                _fail(f"docker push {ref}: not built here")
            if host not in _remembered("docker-logins"):
                _fail(f"docker push {ref}: not logged in to {host}")
            if repository not in _names("aws_ecr_repository"):
                _fail(f"docker push {ref}: no ECR repository {repository!r} in the platform")
            _remember("images-pushed", f"{repository}:{tag}")
        case _:
            _fail(f"docker {' '.join(args)}: no stand-in")


def _kubectl_exec(args: list[str]) -> None:
    """``kubectl -n NS exec deploy/NAME -c CONTAINER -- python -m app.cli ...``: the command as
    the rendered Deployment's container would run it (this checkout's app, the app's database),
    once the Deployment exists in the cluster."""
    import requests

    kube = facts()["kube"]
    deployment, token = kube["deployment"], kube["token"]
    split = args.index("--")
    options, command = args[:split], args[split + 1 :]
    namespace, container = _option(options, "-n"), _option(options, "-c")
    target = next((a for a in options if a.startswith("deploy/")), "")
    if namespace != kube["namespace"] or target != f"deploy/{deployment}":
        _fail(f"kubectl exec {target} in {namespace}: not the assistant's Deployment")
    url = f"{_state()['kube_url']}/apis/apps/v1/namespaces/{namespace}/deployments/{deployment}"
    answer = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    if answer.status_code != 200:
        _fail(f"kubectl exec: no Deployment {deployment} yet ({answer.status_code})")
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

    kube = facts()["kube"]
    verb = next((a for a in args if a in ("port-forward", "exec", "apply")), "")
    if not verb:
        _fail(f"kubectl {' '.join(args)}: no stand-in")
    _cluster_identity(f"kubectl {verb}")
    if verb == "port-forward":
        return
    if verb == "exec" and "--" in args:
        _kubectl_exec([a for a in args if a != "exec"])
        return
    if args[:1] != ["apply"] or "--server-side" not in args:
        _fail(f"kubectl {' '.join(args)}: no stand-in")
    plurals = {kind: plural for plural, kind in kube["kinds"].items()}
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
                "Authorization": f"Bearer {kube['token']}",
                "Content-Type": "application/apply-patch+yaml",
            },
            timeout=10,
        )
        if answer.status_code >= 300:
            _fail(f"kubectl apply {kind}/{name}: {answer.status_code} {answer.text}")
        print(f"{kind.lower()}/{name} serverside-applied")


def _curl(args: list[str]) -> None:
    domains = {spec.app.domain for spec in _specs()}
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


def _time(tool: str, args: list[str], started: float) -> None:
    cpu = sum(os.times()[:2])
    with open(os.environ[TIMES_ENV], "a") as f:
        f.write(json.dumps([tool, *args[:4], round(time.perf_counter() - started, 3), cpu]) + "\n")


def shim() -> None:
    """The stand-ins' entry point: the tool is the script's name."""
    tool, args = Path(sys.argv[0]).name, sys.argv[1:]
    _log(tool, args)
    if os.environ.get(TIMES_ENV):
        import atexit

        started = time.perf_counter()
        atexit.register(_time, tool, args, started)
    acting = {
        "slipway": _slipway,
        "aws": _aws,
        "terraform": _terraform,
        "gh": _gh,
        "kubectl": _kubectl,
        "curl": _curl,
        "docker": _docker,
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
