"""`slipway init NAME`: the rename rule on its own, then the whole command on a copy of the
repository (``git archive HEAD``, with a small ``.slipway/`` as `make run` leaves one): no name
token remains, the local state is left alone, `infra synth --check` fails until terraform/ is
rendered again and passes after, and a fast subset of the suite passes in the copy.

A name token is the template's name in any letter case (``slipway``, ``Slipway``, ``SLIPWAY``,
also inside words such as ``SlipwayError``), in a file's text or path, and the GitHub org
``example-org`` when ``--org`` is given (see ``infra/project.py``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infra import project as p
from pipelines.cli import app as slipway
from tests.conftest import ROOT

# Spelled in two pieces: init refuses a name that already occurs in the project, and this file is
# part of the copy it renames.
NAME, ORG = "keel" + "son", "acme-labs"
TITLE, UPPER = NAME.capitalize(), NAME.upper()
TOKENS = re.compile(r"slipway|(?<![A-Za-z0-9-])example-org(?![A-Za-z0-9-])", re.IGNORECASE)
#: The fast subset run in the renamed copy: the command's assembly and errors, the environment
#: specs, every setting documented under its new prefix, the app's settings contract read by the
#: Kubernetes renderer, the workflows against the platform and the command's names, the docs
#: (the site builds with --strict and every documented command exists). ~20-40 s, no data/.
FAST_SUBSET = (
    "tests/test_cli.py",
    "tests/infra/test_infra_spec.py",
    "tests/test_settings_documented.py",
    "tests/k8s/test_app_settings.py",
    "tests/delivery/test_workflows.py",
    "tests/test_docs.py",
)


# -- the rule ---------------------------------------------------------------------------------
def test_a_name_token_keeps_its_case() -> None:
    rename = p.Rename(NAME, ORG)
    text = (
        "Slipway: `slipway deploy`, SLIPWAY_DATABASE_URL, SlipwayError, slipway-intent, "
        "slipway_http_requests_total, repo:example-org/slipway, X-Slipway-Token"
    )
    renamed, count = rename.apply(text)
    assert renamed == (
        f"{TITLE}: `{NAME} deploy`, {UPPER}_DATABASE_URL, {TITLE}Error, {NAME}-intent, "
        f"{NAME}_http_requests_total, repo:acme-labs/{NAME}, X-{TITLE}-Token"
    )
    assert count == 9


def test_unrelated_words_stay() -> None:
    """Only the name and the org are tokens: the token prefix, example domains and the state
    bucket's account hint are not the project's name."""
    text = "slw_abc staging.example.com slipway-tfstate-example-staging example-organisation"
    renamed, _ = p.Rename(NAME, ORG).apply(text)
    assert renamed == (
        f"slw_abc staging.example.com {NAME}-tfstate-example-staging example-organisation"
    )
    without_org, _ = p.Rename(NAME).apply("example-org/slipway")
    assert without_org == f"example-org/{NAME}"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (TITLE, "lowercase"),
        ("k", "2-20"),
        ("keel-son", "lowercase letters and digits"),
        ("9lives", "starting with a letter"),
        ("a" * 21, "2-20"),
        ("slipway", "another project name"),
        ("class", "another project name"),
    ],
)
def test_bad_names_are_refused(name: str, reason: str) -> None:
    with pytest.raises(p.InitError, match=reason):
        p.Rename(name)


def test_a_name_already_in_the_project_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('name = "slipway"\n')
    (tmp_path / "app.py").write_text("# the application\n")
    with pytest.raises(p.InitError, match="already occurs"):
        p.rename_tree(tmp_path, p.Rename("application"))
    assert (tmp_path / "pyproject.toml").read_text() == 'name = "slipway"\n'  # untouched


def test_a_renamed_tree_is_not_renamed_again(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('name = "other"\n')
    with pytest.raises(p.InitError, match="initialized already"):
        p.rename_tree(tmp_path, p.Rename(NAME))


def test_files_and_paths_are_renamed_and_data_is_left_to_dvc(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "slipway"\n')
    (tmp_path / "data.dvc").write_text("outs:\n- path: data\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "corpus.txt").write_text("what is slipway\n")
    (tmp_path / "tests" / "data").mkdir(parents=True)
    (tmp_path / "tests" / "data" / "test_x.py").write_text("BUCKET = 'slipway-data'\n")
    rules = tmp_path / "rules" / "slipway.rules.yml"
    rules.parent.mkdir()
    rules.write_text("- alert: SlipwayNoTraffic\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\0\0 no name here")
    summary = p.rename_tree(tmp_path, p.Rename(NAME))
    renamed_rules = tmp_path / "rules" / f"{NAME}.rules.yml"
    assert renamed_rules.read_text() == f"- alert: {TITLE}NoTraffic\n"
    assert not rules.exists()
    assert (tmp_path / "tests" / "data" / "test_x.py").read_text() == f"BUCKET = '{NAME}-data'\n"
    assert (tmp_path / "data" / "corpus.txt").read_text() == "what is slipway\n"  # DVC's
    assert summary.moved == [("rules/slipway.rules.yml", f"rules/{NAME}.rules.yml")]
    assert p.leftovers(tmp_path, TOKENS) == []


def test_init_renders_terraform_again_in_the_new_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """init's last step: `python -m pipelines.cli infra synth` run over the renamed tree."""
    (tmp_path / "pyproject.toml").write_text('name = "slipway"\n')
    calls: list[tuple[list[str], Path, str]] = []

    def run(args: list[str], cwd: Path, env: dict[str, str], **_: object) -> object:
        calls.append((args, cwd, env["PYTHONPATH"]))
        return subprocess.CompletedProcess(args, 0, "synthesized 3 environment(s)\n", "")

    monkeypatch.setattr(subprocess, "run", run)
    lines: list[str] = []
    p.init_project(tmp_path, NAME, report=lines.append)
    [(args, cwd, path)] = calls
    assert args[1:] == ["-m", "pipelines.cli", "infra", "synth"]
    assert cwd == tmp_path
    assert path.split(os.pathsep)[0] == str(tmp_path)
    assert lines[-1] == "synthesized 3 environment(s)"


def test_the_command_refuses_a_bad_name_before_copying(tmp_path: Path) -> None:
    result = CliRunner().invoke(slipway, ["init", "Bad-Name", "--dest", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "invalid project name" in result.output
    assert not (tmp_path / "x").exists()


# -- the whole command on a copy of the repository ---------------------------------------------
#: A small stand-in for what `make run` leaves in ``.slipway/``: it names the project too.
STATE = {
    ".slipway/mlartifacts/1/artifacts/evaluation/per_intent.json": '{"model": "slipway-intent"}',
    ".slipway/mlflow.db": "registered_models: slipway-intent, slipway-ranker",
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed repository, exported the way a new project starts from the template."""
    root = tmp_path_factory.mktemp("template")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    # a new repository, as a project made from the template is (tools find their config by it)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".venv").symlink_to(ROOT / ".venv")  # the tools the tests call (actionlint, ...)
    # the local state of a checkout after `make run`, ignored by `/.slipway/` (probe 31)
    for rel, text in STATE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _in(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the copy's own code: its root first on the path, no CI rule (the copy has no data/)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLIPWAY_", "PYTEST_"))}
    env.update(PYTHONPATH=str(root), CI="")
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.slow
@pytest.mark.synth
def test_init_on_a_copy_leaves_no_old_name_and_the_tests_pass(copy: Path) -> None:
    assert p.leftovers(copy, TOKENS), "the template should name itself"
    init = _in(copy, "-m", "pipelines.cli", "init", NAME, "--org", ORG, "--no-synth")
    assert init.returncode == 0, init.stdout + init.stderr
    assert f"app/static/slipway.js → app/static/{NAME}.js" in init.stdout
    # the local state is left as it was, out of the check, and reported
    assert "local state: .slipway/ (mlartifacts, mlflow.db) is left as it is" in init.stdout
    assert {rel: (copy / rel).read_text() for rel in STATE} == STATE
    stale = p.leftovers(copy, TOKENS)
    assert stale
    assert all(place.startswith("terraform/") for place in stale), stale[:5]

    # the copy's code, not this checkout's
    where = _in(copy, "-c", "import infra, pipelines; print(infra.__file__)")
    assert where.stdout.strip() == str(copy / "infra" / "__init__.py")

    # terraform/ fails the drift check until rendered again, then passes it (one rendering,
    # compared, written, compared again: rendering the same bytes twice is test_infra_cdktf's)
    steps = _in(
        copy,
        "-c",
        "import json\n"
        "from pathlib import Path\n"
        "from infra.cdktf.app import drift, render, write\n"
        "from infra.settings import InfraSettings\n"
        "from infra.spec import ENVIRONMENTS\n"
        "rendered, out = render(ENVIRONMENTS, InfraSettings()), Path('terraform')\n"
        "result = {'before': sorted(drift(rendered, out))}\n"
        "write(rendered, out)\n"
        "result['after'] = drift(rendered, out) or 'clean'\n"
        "print(json.dumps(result))\n",
        timeout=900,
    )
    assert steps.returncode == 0, steps.stderr[-2000:]
    result = json.loads(steps.stdout.strip().splitlines()[-1])
    stacks = {f"terraform/{env}/cdk.tf.json" for env in ("dev", "prod", "staging")}
    assert stacks <= set(result["before"]), result  # each env's stack named the old project
    assert result["after"] == "clean"
    assert p.leftovers(copy, TOKENS) == []

    # the new identity, where each kind of name lives
    assert f'name = "{NAME}"' in (copy / "pyproject.toml").read_text()
    assert f'{NAME} = "pipelines.cli:main"' in (copy / "pyproject.toml").read_text()
    assert f'APP_NAMESPACE = "{NAME}"' in (copy / "infra/k8s/names.py").read_text()
    assert f'registered_name="{NAME}-intent"' in (copy / "models/kind.py").read_text()
    assert f"site_name: {TITLE}" in (copy / "mkdocs.yml").read_text()
    assert f"{UPPER}_DATABASE_URL" in (copy / ".env.example").read_text()
    staging = (copy / "terraform/staging/cdk.tf.json").read_text()
    assert f"repo:acme-labs/{NAME}:environment:staging" in staging
    assert f"{NAME}-tfstate-example-staging" in staging
    assert 'TOKEN_PREFIX = "slw_"' in (copy / "app/auth.py").read_text()  # not the name

    tests = _in(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", *FAST_SUBSET)
    summary = tests.stdout.strip().splitlines()[-1]
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert " passed" in summary
    assert "failed" not in summary
    assert "error" not in summary


def test_in_a_git_checkout_the_tracked_and_new_files_are_the_project(tmp_path: Path) -> None:
    source, dest = tmp_path / "source", tmp_path / "dest"
    source.mkdir()
    subprocess.run(["git", "init", "-q", str(source)], check=True)
    (source / ".gitignore").write_text("*.log\n")
    (source / "pyproject.toml").write_text('name = "slipway"\n')
    (source / "new.md").write_text("# Slipway\n")
    (source / "run.log").write_text("slipway ran\n")
    subprocess.run(["git", "-C", str(source), "add", "pyproject.toml", ".gitignore"], check=True)
    assert [f.as_posix() for f in p.project_files(source)] == [
        ".gitignore",
        "new.md",
        "pyproject.toml",
    ]
    assert p.copy_project(source, dest) == 3
    assert not (dest / "run.log").exists()
    with pytest.raises(p.InitError, match="not empty"):
        p.copy_project(source, dest)
    p.rename_tree(source, p.Rename(NAME))  # in place, in the checkout
    assert (source / "new.md").read_text() == f"# {TITLE}\n"
    assert (source / "run.log").read_text() == "slipway ran\n"  # ignored: not the project's


def test_init_says_where_dvcs_data_still_holds_the_name(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('name = "slipway"\n')
    (tmp_path / "data.dvc").write_text("outs:\n- path: data\n")
    (tmp_path / "data" / "intents").mkdir(parents=True)
    (tmp_path / "data" / "intents" / "train.jsonl").write_text('{"text": "is slipway up"}\n')
    lines: list[str] = []
    p.init_project(tmp_path, NAME, render=False, report=lines.append)
    assert lines[-1].startswith("data/ (DVC's, left as it is) still holds 1 name tokens, first: ")
    assert "data/intents/train.jsonl:1:" in lines[-1]
    assert "dvc add data" in lines[-1]
