"""Review 168, D-L9: an older commit's release never lands on a newer one. Two pushes race;
the older run's deploy reaches the cluster last. Given ``--commit``, the deploy reads the commit
the running pod template records and refuses (exit 9), having applied nothing and run no
migration, unless that commit is in the new one's history. Real git history in a temporary
repository, the fake Kubernetes API driven by the official client."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from infra.k8s import rollout as d
from infra.k8s.names import APP_NAMESPACE
from tests.fakes.kube_api import FakeKubeApi
from tests.k8s.conftest import SMOKE_TOKEN, ScriptedApp, image
from tests.k8s.test_deploy import FAST, cli_env, deployed_image, target  # noqa: F401

pytestmark = pytest.mark.usefixtures("app_server")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, list[str]]:
    """A repository with main A → B → C and a side branch X off A: their commit ids."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    ids = []
    for name in ("A", "B", "C"):
        (repo / "f").write_text(name)
        _git(repo, "add", "f")
        _git(repo, "commit", "-q", "-m", name)
        ids.append(_git(repo, "rev-parse", "HEAD"))
    _git(repo, "checkout", "-q", "-b", "side", ids[0])
    (repo / "g").write_text("X")
    _git(repo, "add", "g")
    _git(repo, "commit", "-q", "-m", "X")
    ids.append(_git(repo, "rev-parse", "HEAD"))
    return repo, ids


def _commit(repo: Path, sha: str) -> d.Commit:
    def descends(older: str) -> bool:
        asked = subprocess.run(["git", "-C", str(repo), "merge-base", "--is-ancestor", older, sha])
        return asked.returncode == 0

    return d.Commit(sha, descends)


def _deploy(kubeconfig: Path, tag: str, commit: d.Commit | None) -> d.Outcome:
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    return d.deploy(cluster, target(tag), image(tag), SMOKE_TOKEN, FAST, commit=commit)


def _recorded(kube: FakeKubeApi) -> str | None:
    deployment = kube.get("apps/v1", "deployments", "slipway")
    assert deployment is not None
    annotations = deployment["spec"]["template"]["metadata"].get("annotations") or {}
    return annotations.get(d.COMMIT_ANNOTATION)


def _writes(kube: FakeKubeApi) -> list[tuple[str, str, str, str]]:
    """The requests that change something (an access review only asks)."""
    return [
        r
        for r in kube.requests
        if r[0] in {"PATCH", "POST", "PUT", "DELETE"} and "selfsubjectaccessreviews" not in r[1]
    ]


@pytest.fixture
def repo_root(history: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI asks git in the current directory: the temporary repository."""
    monkeypatch.chdir(history[0])


def test_a_newer_commit_follows_and_an_older_one_is_refused_with_nothing_changed(
    with_namespace: FakeKubeApi, kubeconfig: Path, history: tuple[Path, list[str]]
) -> None:
    repo, (a, b, c, _x) = history
    _deploy(kubeconfig, "v1", _commit(repo, a))
    assert _recorded(with_namespace) == a
    _deploy(kubeconfig, "v3", _commit(repo, c))  # C's run won the race
    assert _recorded(with_namespace) == c
    before = with_namespace.get("apps/v1", "deployments", "slipway")
    writes = len(_writes(with_namespace))
    with pytest.raises(d.OlderRelease) as refused:
        _deploy(kubeconfig, "v2", _commit(repo, b))  # B's run, late
    assert refused.value.exit_code == 9
    message = str(refused.value)
    assert c[:12] in message
    assert b[:12] in message
    assert "slipway rollback --env dev" in message
    assert _writes(with_namespace)[writes:] == []  # no apply, no migration Job
    assert with_namespace.get("apps/v1", "deployments", "slipway") == before
    assert deployed_image(with_namespace) == image("v3")


def test_an_unrelated_commit_is_refused_and_the_same_commit_deploys_again(
    with_namespace: FakeKubeApi, kubeconfig: Path, history: tuple[Path, list[str]]
) -> None:
    repo, (_a, b, _c, x) = history
    _deploy(kubeconfig, "v2", _commit(repo, b))
    with pytest.raises(d.OlderRelease):
        _deploy(kubeconfig, "vx", _commit(repo, x))  # a side branch's build
    _deploy(kubeconfig, "v2", _commit(repo, b))  # a re-run of the same release
    assert _recorded(with_namespace) == b


def test_without_a_recorded_commit_or_without_the_option_nothing_is_checked(
    with_namespace: FakeKubeApi, kubeconfig: Path, history: tuple[Path, list[str]]
) -> None:
    repo, (a, _b, c, _x) = history
    _deploy(kubeconfig, "v1", None)  # a release before this check
    assert _recorded(with_namespace) is None
    _deploy(kubeconfig, "v3", _commit(repo, c))
    _deploy(kubeconfig, "v1", None)  # an operator's deliberate deploy of an older image
    assert deployed_image(with_namespace) == image("v1")
    _deploy(kubeconfig, "v1", _commit(repo, a))  # its template records no commit: goes out
    assert _recorded(with_namespace) == a


def test_a_rollback_brings_back_the_older_commit_with_its_template(
    with_namespace: FakeKubeApi, kubeconfig: Path, history: tuple[Path, list[str]]
) -> None:
    """After `slipway rollback` from C to B, B's runs may go out again, and C's too."""
    repo, (_a, b, c, _x) = history
    _deploy(kubeconfig, "v2", _commit(repo, b))
    _deploy(kubeconfig, "v3", _commit(repo, c))
    d.undo(d.connect(kubeconfig, None, APP_NAMESPACE), "slipway", FAST)
    assert _recorded(with_namespace) == b
    _deploy(kubeconfig, "v2", _commit(repo, b))
    _deploy(kubeconfig, "v3", _commit(repo, c))
    assert _recorded(with_namespace) == c


def test_a_failed_release_rolls_back_to_the_template_and_commit_that_ran(
    with_namespace: FakeKubeApi,
    kubeconfig: Path,
    history: tuple[Path, list[str]],
    app_server: ScriptedApp,
) -> None:
    repo, (a, b, _c, _x) = history
    _deploy(kubeconfig, "v1", _commit(repo, a))
    app_server.chat_status = 500
    with pytest.raises(d.SmokeFailed):
        _deploy(kubeconfig, "v2", _commit(repo, b))
    assert _recorded(with_namespace) == a
    app_server.chat_status = 200
    _deploy(kubeconfig, "v2", _commit(repo, b))  # the fixed re-run
    assert _recorded(with_namespace) == b


@pytest.mark.usefixtures("repo_root")
def test_the_cli_exits_9_for_an_older_commit_and_2_for_an_unknown_one(
    with_namespace: FakeKubeApi,
    cli_env: dict[str, str],  # noqa: F811
    history: tuple[Path, list[str]],
) -> None:
    from pipelines.cli import app

    _repo, (a, _b, c, _x) = history

    def deploy(tag: str, commit: str) -> Result:
        args = ["deploy", "--env", "dev", "--image", image(tag), "--commit", commit]
        return CliRunner().invoke(app, args, env=cli_env)

    done = deploy("v3", c[:10])  # a short id is resolved to the full one
    assert done.exit_code == 0, done.output
    assert _recorded(with_namespace) == c
    done = deploy("v1", a)
    assert done.exit_code == 9, done.output
    assert "not in the history of" in done.output
    done = deploy("v1", "0" * 40)
    assert done.exit_code == 2, done.output
    assert "no such commit in this checkout" in done.output
    assert deployed_image(with_namespace) == image("v3")


def test_a_shallow_checkout_says_to_fetch_the_history(
    tmp_path: Path, history: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI's default checkout has one commit: the deploy cannot order it and says what to do."""
    from infra.k8s.cli import _commit as git_commit

    repo, (a, _b, c, _x) = history
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "main", f"file://{repo}", str(shallow)],
        check=True,
    )
    monkeypatch.chdir(shallow)
    commit = git_commit(c)
    with pytest.raises(d.ConfigError) as unknown:
        commit.descends(a)
    assert "fetch-depth: 0" in str(unknown.value)
