"""Review 168, D-L4: a push to main runs CI once, not twice.

`ci.yml` ran on every push to main, and `release.yml`, started by the same push, called it
again (two concurrency groups, so both ran: about 60-90 runner-minutes more per merge). Now
`ci.yml`'s push ignores exactly the paths that start the release (which tests in its own run),
except the specs, whose pushes start the release's CI only when they change the app's objects.
"""

from __future__ import annotations

import pytest

from tests.delivery.workflows import load_workflows

WORKFLOWS = load_workflows()
CI, RELEASE = WORKFLOWS["ci"], WORKFLOWS["release"]
SPECS = "infra/environments/**"


def test_the_push_filter_of_ci_is_the_release_filter_but_the_specs() -> None:
    released = list(RELEASE.on["push"]["paths"])
    assert SPECS in released
    assert list(CI.on["push"]["paths-ignore"]) == [p for p in released if p != SPECS]
    assert CI.on["push"]["branches"] == ["main"]
    assert "paths" not in CI.on["push"]  # paths-ignore alone: every other push is tested
    assert "workflow_call" in CI.on  # what the release runs


@pytest.mark.parametrize(
    ("changed", "ci_runs", "release_runs"),
    [
        (["app/api/chat.py"], False, True),  # tested inside the release
        (["models/release.yaml"], False, True),
        (["uv.lock"], False, True),
        (["README.md"], True, False),
        (["tests/app/test_api.py"], True, False),
        (["terraform/prod/cdk.tf.json"], True, False),
        (["docs/platform.md", "Dockerfile.runner"], True, False),
        # a spec: the release's CI runs only when the rendered objects change (D-L3)
        (["infra/environments/staging.yaml"], True, True),
    ],
)
def test_each_push_to_main_is_tested_once(
    changed: list[str], ci_runs: bool, release_runs: bool
) -> None:
    assert CI.triggered_by("push", changed) is ci_runs
    assert RELEASE.triggered_by("push", changed) is release_runs
    assert CI.triggered_by("pull_request", changed)  # every pull request, always


def test_a_push_mixing_both_kinds_of_paths_is_tested_by_each() -> None:
    """GitHub runs a paths-ignore workflow when any changed path is not ignored: a push that
    changes the app and a document is tested twice (as every push was before)."""
    mixed = ["app/api/chat.py", "README.md"]
    assert CI.triggered_by("push", mixed)
    assert RELEASE.triggered_by("push", mixed)
