"""``slipway deploy``/``rollback``/``status`` against the fake Kubernetes API server, driven by the
official client through a kubeconfig: success, failed probe, timeout, failed migration, failed
smoke test, API errors, unusable kubeconfigs, and the CLI's exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infra.k8s import rollout as d
from infra.k8s.names import APP_NAMESPACE
from infra.k8s.render import config_map_name, render
from infra.platform.builder import build_platform
from infra.spec import load_spec
from tests.conftest import free_port
from tests.fakes.kube_api import FakeKubeApi
from tests.k8s.conftest import ACCOUNT, SMOKE_TOKEN, ScriptedApp, image

FAST = d.Timeouts(migration=5, rollout=5, smoke=5, poll=0.05)


def target(tag: str, env: str = "dev") -> d.Target:
    spec = load_spec(env)
    return d.Target(env, APP_NAMESPACE, render(spec, build_platform(spec), image(tag), ACCOUNT))


def run(kubeconfig: Path, tag: str, timeouts: d.Timeouts = FAST) -> d.Outcome:
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    return d.deploy(cluster, target(tag), image(tag), SMOKE_TOKEN, timeouts)


def deployed_image(kube: FakeKubeApi) -> str:
    deployment = kube.get("apps/v1", "deployments", "slipway")
    assert deployment is not None
    return str(deployment["spec"]["template"]["spec"]["containers"][0]["image"])


def test_first_deploy_applies_everything_server_side(
    with_namespace: FakeKubeApi, kubeconfig: Path, app_server: ScriptedApp
) -> None:
    kube = with_namespace
    outcome = run(kubeconfig, "v1")
    assert (outcome.revision, outcome.previous_revision) == ("1", None)
    assert deployed_image(kube) == image("v1")
    for api_version, plural, name in [
        ("v1", "configmaps", config_map_name()),
        ("v1", "serviceaccounts", "slipway-assistant"),
        ("external-secrets.io/v1", "externalsecrets", "slipway-openai"),
        ("monitoring.coreos.com/v1", "servicemonitors", "slipway"),
        ("autoscaling/v2", "horizontalpodautoscalers", "slipway"),
        ("networking.k8s.io/v1", "networkpolicies", "slipway-default-deny"),
    ]:
        assert kube.get(api_version, plural, name) is not None, (plural, name)
    patches = [r for r in kube.requests if r[0] == "PATCH"]
    assert patches
    assert all(r[2] == "application/apply-patch+yaml" for r in patches)
    assert {r[3] for r in patches} == {d.FIELD_MANAGER, d.INITIAL_REPLICAS_MANAGER}
    jobs = kube.items("batch/v1", "jobs")
    assert [j["status"]["conditions"][0]["type"] for j in jobs] == ["Complete"]
    # the smoke chat went through the service proxy, without the API server's credentials
    assert app_server.seen_authorization == [None]


def test_second_deploy_keeps_the_autoscaled_replicas(
    with_namespace: FakeKubeApi, kubeconfig: Path
) -> None:
    kube = with_namespace
    run(kubeconfig, "v1")
    kube.scale("slipway", 3)  # the HPA scaled the Deployment out
    outcome = run(kubeconfig, "v2")
    assert (outcome.revision, outcome.previous_revision) == ("2", "1")
    deployment = kube.get("apps/v1", "deployments", "slipway")
    assert deployment is not None
    assert deployment["spec"]["replicas"] == 3
    assert deployed_image(kube) == image("v2")


def test_the_starting_size_survives_later_applies(
    with_namespace: FakeKubeApi, kubeconfig: Path
) -> None:
    """staging starts at 2 replicas; `slipway` never owns spec.replicas, so the next deploy
    (which leaves it out) does not release it back to the default of 1."""
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    for tag in ("v1", "v2"):
        d.deploy(cluster, target(tag, "staging"), image(tag), SMOKE_TOKEN, FAST)
        deployment = with_namespace.get("apps/v1", "deployments", "slipway")
        assert deployment is not None
        assert deployment["spec"]["replicas"] == 2, tag
    managers = {
        r[3] for r in with_namespace.requests if r[0] == "PATCH" and "/deployments/" in r[1]
    }
    assert managers == {d.FIELD_MANAGER, d.INITIAL_REPLICAS_MANAGER}


def test_failed_probe_rolls_back_to_the_previous_revision(
    with_namespace: FakeKubeApi, kubeconfig: Path
) -> None:
    kube = with_namespace
    run(kubeconfig, "v1")
    kube.rollout_outcomes.append("probe_failure")
    with pytest.raises(d.RolloutFailed) as failed:
        run(kubeconfig, "v2")
    message = str(failed.value)
    assert "ProgressDeadlineExceeded" in message
    assert "rolled back to revision 1" in message
    assert failed.value.exit_code == 5
    assert deployed_image(kube) == image("v1")
    deployment = kube.get("apps/v1", "deployments", "slipway")
    assert deployment is not None
    assert deployment["metadata"]["annotations"][d.REVISION] == "3"  # kubectl undo numbering


def test_rollout_timeout_rolls_back(with_namespace: FakeKubeApi, kubeconfig: Path) -> None:
    kube = with_namespace
    run(kubeconfig, "v1")
    kube.rollout_outcomes.append("hang")
    short = d.Timeouts(migration=5, rollout=1.2, smoke=5, poll=0.05)
    with pytest.raises(d.RolloutTimeout) as failed:
        run(kubeconfig, "v2", short)
    assert "did not finish in 1.2s" in str(failed.value)
    assert "rolled back to revision 1" in str(failed.value)
    assert failed.value.exit_code == 6
    assert deployed_image(kube) == image("v1")


def test_failed_migration_leaves_the_deployment_alone(
    with_namespace: FakeKubeApi, kubeconfig: Path
) -> None:
    kube = with_namespace
    run(kubeconfig, "v1")
    kube.job_outcomes.append("fail")
    with pytest.raises(d.MigrationFailed) as failed:
        run(kubeconfig, "v2")
    assert "BackoffLimitExceeded" in str(failed.value)
    assert "(last log line: OperationalError: scripted)" in str(failed.value)
    assert "kubectl -n slipway logs job/" in str(failed.value)
    assert failed.value.exit_code == 4
    assert deployed_image(kube) == image("v1")
    assert len(kube.items("apps/v1", "replicasets")) == 1
    # the next attempt with the same image replaces the failed Job and goes through
    outcome = run(kubeconfig, "v2")
    assert outcome.revision == "2"
    assert [j["status"]["conditions"][0]["type"] for j in kube.items("batch/v1", "jobs")] == [
        "Complete",
        "Complete",
    ]


def test_migration_timeout(
    with_namespace: FakeKubeApi, kubeconfig: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import infra.k8s.render as r

    monkeypatch.setattr(r, "MIGRATION_DEADLINE_SECONDS", 0)  # the wait is the setting alone
    monkeypatch.setattr(d, "JOB_DEADLINE_MARGIN", 0.0)
    with_namespace.job_outcomes.append("hang")
    short = d.Timeouts(migration=0.5, rollout=5, smoke=5, poll=0.05)
    with pytest.raises(d.MigrationFailed, match=r"did not finish in 0.5s"):
        run(kubeconfig, "v1", short)
    assert with_namespace.get("apps/v1", "deployments", "slipway") is None


@pytest.mark.parametrize(
    ("field", "code", "expected"),
    [
        ("chat_status", 500, "POST /v1/chat through the Service answered 500"),
        ("ready_status", 503, "GET /readyz through the Service answered 503"),
    ],
)
def test_failed_smoke_test_rolls_back(
    with_namespace: FakeKubeApi,
    kubeconfig: Path,
    app_server: ScriptedApp,
    field: str,
    code: int,
    expected: str,
) -> None:
    run(kubeconfig, "v1")
    setattr(app_server, field, code)
    with pytest.raises(d.SmokeFailed) as failed:
        run(kubeconfig, "v2")
    assert expected in str(failed.value)
    assert "rolled back to revision 1" in str(failed.value)
    assert failed.value.exit_code == 7
    assert deployed_image(with_namespace) == image("v1")


def test_unreachable_app_fails_the_smoke_test(
    with_namespace: FakeKubeApi, kubeconfig: Path
) -> None:
    run(kubeconfig, "v1")
    with_namespace.proxy_target = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(d.SmokeFailed, match=r"answered 503.*error trying to reach service"):
        run(kubeconfig, "v2")
    assert deployed_image(with_namespace) == image("v1")


def test_first_deploy_failure_has_nothing_to_roll_back(
    with_namespace: FakeKubeApi, kubeconfig: Path
) -> None:
    with_namespace.rollout_outcomes.append("probe_failure")
    with pytest.raises(d.RolloutFailed, match="no previous revision to roll back to"):
        run(kubeconfig, "v1")


def test_missing_namespace_is_created_when_allowed(kube: FakeKubeApi, kubeconfig: Path) -> None:
    run(kubeconfig, "v1")
    assert kube.get("v1", "namespaces", APP_NAMESPACE, None) is not None


@pytest.mark.parametrize(
    ("status", "path", "expected"),
    [
        (403, "/configmaps/", "may not do this in namespace slipway"),
        (500, "/horizontalpodautoscalers/", "the API server failed"),
        (409, "/deployments/", "run the command again"),
    ],
)
def test_api_errors_are_one_line_with_what_to_do(
    with_namespace: FakeKubeApi, kubeconfig: Path, status: int, path: str, expected: str
) -> None:
    with_namespace.fail("PATCH", path, status)
    with pytest.raises(d.ApiFailure) as failed:
        run(kubeconfig, "v1")
    message = str(failed.value)
    assert f"HTTP {status}" in message
    assert expected in message
    assert "\n" not in message
    assert failed.value.exit_code == 3


def test_unknown_resource_type_says_which_operator(
    with_namespace: FakeKubeApi, kubeconfig: Path
) -> None:
    with_namespace.fail("PATCH", "/externalsecrets/", 404, reason="NotFound")
    with pytest.raises(d.ApiFailure, match="install its operator"):
        run(kubeconfig, "v1")


@pytest.mark.fake_server  # the official client against a fake's address: the infra group's
def test_unreachable_api_server(tmp_path: Path) -> None:
    dead = FakeKubeApi()
    dead.url = f"http://127.0.0.1:{free_port()}"
    config = dead.write_kubeconfig(tmp_path / "kubeconfig")
    cluster = d.connect(config, None, APP_NAMESPACE)
    with pytest.raises(d.ApiFailure, match="cannot reach the Kubernetes API"):
        d.status(cluster, "slipway")


def test_kubeconfig_problems(tmp_path: Path, kubeconfig: Path) -> None:
    with pytest.raises(d.ConfigError, match=r"no kubeconfig at .*aws eks update-kubeconfig"):
        d.connect(tmp_path / "missing", None, APP_NAMESPACE)
    with pytest.raises(d.ConfigError, match=r"no context 'prod' in .* \(has: fake\)"):
        d.connect(kubeconfig, "prod", APP_NAMESPACE)
    broken = tmp_path / "broken"
    broken.write_text("apiVersion: v1\nkind: Config\ncontexts: []\n")
    with pytest.raises(d.ConfigError):
        d.connect(broken, None, APP_NAMESPACE)


def test_deploy_errors_are_infra_errors_with_documented_exit_codes() -> None:
    """The rollout raises infra's own errors (it imports no pipeline code); every exit code the
    command can end with is listed in EXIT_CODES, and each failure has its own."""
    from infra.errors import InfraError

    failures = [
        d.ConfigError,
        d.ApiFailure,
        d.MigrationFailed,
        d.RolloutFailed,
        d.RolloutTimeout,
        d.SmokeFailed,
        d.RollbackFailed,
        d.OlderRelease,
    ]
    assert all(issubclass(cls, d.DeployError) for cls in failures)
    assert issubclass(d.DeployError, InfraError)
    codes = [cls.exit_code for cls in failures]
    assert codes == [2, 3, 4, 5, 6, 7, 8, 9]
    assert set(d.EXIT_CODES) == {0, d.DeployError.exit_code, *codes}


def test_rollback_and_status(with_namespace: FakeKubeApi, kubeconfig: Path) -> None:
    run(kubeconfig, "v1")
    run(kubeconfig, "v2")
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    info = d.status(cluster, "slipway")
    assert (info["image"], info["revision"], info["rollout"]) == (image("v2"), 2, "complete")
    assert [h["revision"] for h in info["history"]] == [2, 1]
    assert d.undo(cluster, "slipway", FAST) == f"rolled back to revision 1 ({image('v1')})"
    assert deployed_image(with_namespace) == image("v1")
    info = d.status(cluster, "slipway")
    assert [h["revision"] for h in info["history"]] == [3, 2]
    assert info["history"][0]["image"] == image("v1")


def test_rollback_without_history(with_namespace: FakeKubeApi, kubeconfig: Path) -> None:
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    with pytest.raises(d.RollbackFailed, match="nothing to roll back"):
        d.undo(cluster, "slipway", FAST)
    run(kubeconfig, "v1")
    with pytest.raises(d.RollbackFailed, match="no revision before 1"):
        d.undo(cluster, "slipway", FAST)


# -- the commands ------------------------------------------------------------------------------
def _cli(args: list[str], env: dict[str, str]) -> Any:
    from pipelines.cli import app

    return CliRunner().invoke(app, args, env=env)


@pytest.fixture
def cli_env(kubeconfig: Path) -> dict[str, str]:
    return {
        "SLIPWAY_KUBECONFIG": str(kubeconfig),
        "SLIPWAY_AWS_ACCOUNT_ID": ACCOUNT,
        "SLIPWAY_DEPLOY_SMOKE_TOKEN": SMOKE_TOKEN,
        "SLIPWAY_DEPLOY_POLL_INTERVAL": "0.05",
        "SLIPWAY_DEPLOY_ROLLOUT_TIMEOUT": "5",
    }


def test_cli_deploy_status_rollback_and_exit_codes(
    with_namespace: FakeKubeApi, cli_env: dict[str, str]
) -> None:
    done = _cli(["deploy", "--env", "dev", "--image", image("v1")], cli_env)
    assert done.exit_code == 0, done.output
    assert "deployed" in done.stdout
    assert "revision 1" in done.stdout
    with_namespace.rollout_outcomes.append("probe_failure")
    done = _cli(["deploy", "--env", "dev", "--image", image("v2")], cli_env)
    assert done.exit_code == 5, done.output
    assert "rolled back to revision 1" in done.output
    done = _cli(["status", "--env", "dev", "--json"], cli_env)
    assert done.exit_code == 0, done.output
    info = json.loads(done.stdout)
    assert info["image"] == image("v1")
    done = _cli(["rollback", "--env", "dev"], cli_env)
    assert done.exit_code == 0, done.output
    assert deployed_image(with_namespace) == image("v2")  # the previous revision was v2's


@pytest.mark.parametrize(
    ("unset", "extra", "expected"),
    [
        ("SLIPWAY_AWS_ACCOUNT_ID", {}, "SLIPWAY_AWS_ACCOUNT_ID"),
        (None, {"SLIPWAY_KUBE_CONTEXT": "nope"}, "no context 'nope'"),
    ],
)
def test_cli_configuration_errors_exit_2(
    cli_env: dict[str, str], unset: str | None, extra: dict[str, str], expected: str
) -> None:
    env = {**cli_env, **extra}
    if unset:
        env[unset] = ""
    done = _cli(["deploy", "--env", "dev", "--image", image("v1")], env)
    assert done.exit_code == 2, done.output
    assert expected in done.output
    assert "Traceback" not in done.output


def test_without_a_token_the_deploy_reads_the_platforms_secret(
    with_namespace: FakeKubeApi, cli_env: dict[str, str]
) -> None:
    """No SLIPWAY_DEPLOY_SMOKE_TOKEN: the token External Secrets brought into slipway-smoke
    (the same the migration Job gave the smoke user); without that Secret the deploy stops after
    the migration, Deployment untouched, naming the ExternalSecret to look at."""
    import base64

    from infra.k8s.render import SMOKE_SECRET, SMOKE_SECRET_KEY

    env = {**cli_env, "SLIPWAY_DEPLOY_SMOKE_TOKEN": ""}
    done = _cli(["deploy", "--env", "dev", "--image", image("v1")], env)
    assert done.exit_code == 3, done.output
    output = " ".join(done.output.split())
    assert f"Secret {SMOKE_SECRET} does not exist in namespace slipway" in output
    assert f"describe externalsecret {SMOKE_SECRET}" in output
    assert with_namespace.get("apps/v1", "deployments", "slipway") is None
    with_namespace.put(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": SMOKE_SECRET, "namespace": "slipway"},
            "data": {SMOKE_SECRET_KEY: base64.b64encode(SMOKE_TOKEN.encode()).decode()},
        }
    )
    done = _cli(["deploy", "--env", "dev", "--image", image("v1")], env)
    assert done.exit_code == 0, done.output
    assert "smoke test passed" in done.output


def test_cli_invalid_setting_is_one_line(cli_env: dict[str, str]) -> None:
    env = {**cli_env, "SLIPWAY_AWS_ACCOUNT_ID": "12345"}
    done = _cli(["deploy", "--env", "dev", "--image", image("v1")], env)
    assert done.exit_code == 2, done.output
    assert "invalid setting: SLIPWAY_AWS_ACCOUNT_ID" in done.output
    assert len(done.output.strip().splitlines()) <= 2  # one line, soft-wrapped at most once


def test_cli_unknown_environment(cli_env: dict[str, str]) -> None:
    done = _cli(["status", "--env", "qa"], cli_env)
    assert done.exit_code == 1
    assert "no environment spec" in done.output
