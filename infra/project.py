"""``slipway init NAME``: turn the template into a new project in one step.

The project's name is what identifies it everywhere: the command and the Python distribution,
the ``SLIPWAY_`` settings prefix, the registry's model names (``slipway-intent``), the ECR
repository, bucket, cluster, role and secret prefixes (``slipway-<env>-…``), the Kubernetes
namespace, the metric and alert names, the docs titles, and the GitHub repository the OIDC roles
trust (``example-org/slipway``). All of them are spelled from one word, so the rename is one rule:

- a **name token** is the template's name :data:`OLD_NAME` in any letter case (``slipway``,
  ``Slipway``, ``SLIPWAY``: as a word or inside one, as in ``SlipwayError`` or
  ``SLIPWAY_DATABASE_URL``), in a file's text or its path; it becomes NAME in the same case;
- the GitHub organization :data:`OLD_ORG`, as a whole name, becomes ``--org`` when given.

NAME must not occur in the project already (in any case), so the new name can always be told
apart from unrelated words, and a later rename stays exact. Only text files the project tracks
are rewritten (``git ls-files`` in a checkout; outside git every file but the folders in
:data:`SKIPPED_DIRS`): ``data/`` is DVC's and is left alone. ``terraform/`` is generated, so it
is not rewritten but rendered again from the renamed specs (``infra synth`` in a fresh interpreter
over the new tree).
"""

from __future__ import annotations

import importlib.util
import keyword
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from infra.errors import InfraError

OLD_NAME = "slipway"
OLD_ORG = "example-org"
#: Lowercase letters and digits: every place the name appears accepts them as they are (S3 and
#: Kubernetes names, Python identifiers, Prometheus metric names, environment variables). At most
#: 20 characters: the longest derived name, `<name>-staging-mlflow-artifacts-<account id>`, must
#: stay within S3's 63.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]{1,19}$")
ORG_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")
#: Never walked when the tree is not a git checkout (tools' state, caches); nor are the folders
#: that ``*.dvc`` files track (``data/``), which are DVC's.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".venv",
        ".venv-checkov",
        ".dvc-remote",
        ".slipway",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "mlruns",
    }
)
_DVC_STATE = (".dvc/cache", ".dvc/tmp")
#: The local state of the embedded default (``SLIPWAY_HOME``: the MLflow registry, the model
#: cache, the assistant's database), which the template's ``.gitignore`` ignores by name.
STATE_DIR = f".{OLD_NAME}"
#: Output of a generator, made again from the renamed sources instead of being rewritten.
RENDERED = "terraform/"


class InitError(InfraError):
    """The project cannot be renamed as asked; nothing was changed."""

    exit_code = 2


@dataclass(frozen=True)
class Rename:
    """The rule: the old name in any case → NAME in the same case; the old org → ``org``."""

    name: str
    org: str | None = None

    def __post_init__(self) -> None:
        if not NAME_PATTERN.fullmatch(self.name):
            raise InitError(
                f"invalid project name {self.name!r}: 2-20 lowercase letters and digits, "
                "starting with a letter (it becomes bucket, namespace and Python names)"
            )
        if self.name == OLD_NAME or keyword.iskeyword(self.name):
            raise InitError(f"choose another project name than {self.name!r}")
        if self.org is not None and not ORG_PATTERN.fullmatch(self.org):
            raise InitError(f"invalid GitHub organization {self.org!r}")

    @property
    def pattern(self) -> re.Pattern[str]:
        """What a name token is (and the org, when it changes)."""
        alternatives = [re.escape(OLD_NAME)]
        if self.org and self.org != OLD_ORG:
            # the org as a whole GitHub name only: a longer name that starts with it is another
            alternatives.insert(0, rf"(?<![A-Za-z0-9-]){re.escape(OLD_ORG)}(?![A-Za-z0-9-])")
        return re.compile("|".join(alternatives), re.IGNORECASE)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if found.lower() == OLD_ORG:
            return self.org or found
        if found.isupper():
            return self.name.upper()
        if found[0].isupper():
            return self.name.capitalize()
        return self.name

    def apply(self, text: str) -> tuple[str, int]:
        """The text renamed, and how many tokens were replaced."""
        return self.pattern.subn(self._replace, text)


@dataclass
class Summary:
    """What ``init`` changed."""

    rewritten: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)
    tokens: int = 0


def project_files(root: Path) -> list[Path]:
    """The files of the project, relative to ``root``: tracked (and new, not ignored) files in
    a git checkout, else every file outside :data:`SKIPPED_DIRS` and what ``*.dvc`` tracks."""
    if (root / ".git").exists():
        done = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=True,
        )
        names = sorted({n for n in done.stdout.decode().split("\0") if n})
        return [Path(n) for n in names if (root / n).is_file() and not (root / n).is_symlink()]
    skipped = {*_DVC_STATE, *_dvc_outputs(root)}
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder).relative_to(root)
        dirs[:] = sorted(
            d for d in dirs if d not in SKIPPED_DIRS and (here / d).as_posix() not in skipped
        )
        for name in sorted(files):
            path = here / name
            if not (root / path).is_symlink():
                found.append(path)
    return found


def _dvc_outputs(root: Path) -> set[str]:
    """The paths (relative to ``root``) that the ``*.dvc`` files at the top level track."""
    import yaml

    outputs = set()
    for pin in (path for path in root.glob("*.dvc") if path.is_file()):
        document = yaml.safe_load(pin.read_text(encoding="utf-8")) or {}
        for out in document.get("outs", []):
            if isinstance(out, dict) and "path" in out:
                outputs.add(Path(str(out["path"])).as_posix())
    return outputs


def _text(path: Path) -> str | None:
    """The file's text, or None for a binary (non-UTF-8 or NUL-holding) file."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def leftovers(
    root: Path, pattern: re.Pattern[str], files: Iterable[Path] | None = None
) -> list[str]:
    """Every place ``pattern`` still matches: ``path`` (in the path) or ``path:line: text``."""
    found = []
    for rel in files if files is not None else project_files(root):
        if pattern.search(rel.as_posix()):
            found.append(rel.as_posix())
        text = _text(root / rel)
        if text is None:
            if pattern.search((root / rel).read_bytes().decode("latin-1")):
                found.append(f"{rel.as_posix()}: (binary)")
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if pattern.search(line):
                found.append(f"{rel.as_posix()}:{number}: {line.strip()[:120]}")
    return found


def check(root: Path, rename: Rename) -> list[Path]:
    """Refuse before touching anything: a tree without the old name, or one where the new name
    already occurs. Returns the project's files."""
    if not (root / "pyproject.toml").is_file():
        raise InitError(f"{root} is not the project's root (no pyproject.toml)")
    files = project_files(root)
    taken = re.compile(re.escape(rename.name), re.IGNORECASE)
    clash = leftovers(root, taken, files)
    if clash:
        raise InitError(
            f"{rename.name!r} already occurs in the project ({len(clash)} places, first: "
            f"{clash[0]}): choose a name that does not, so it cannot be confused with other words"
        )
    if not leftovers(root, re.compile(re.escape(OLD_NAME), re.IGNORECASE), files):
        raise InitError(f"no {OLD_NAME!r} left in {root}: the project was initialized already")
    return files


def named_state(root: Path) -> list[str]:
    """The paths (relative to ``root``, present) that are ignored only by a rule naming the
    project, as ``/.slipway/`` in ``.gitignore``: local state, not the project's files. The
    rename rewrites that rule, so they must be set apart before it. Outside git: :data:`STATE_DIR`
    when present (the walk skips it)."""
    if not (root / ".git").exists():
        return [STATE_DIR] if (root / STATE_DIR).is_dir() else []
    name = re.compile(re.escape(OLD_NAME), re.IGNORECASE)
    listed = subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "ls-files",
            "-z",
            "--others",
            "--ignored",
            "--exclude-standard",
            "--directory",
        ],
        capture_output=True,
        check=True,
    ).stdout.decode()
    candidates = [entry for entry in listed.split("\0") if entry and name.search(entry)]
    if not candidates:
        return []
    rules = (
        subprocess.run(
            ["git", "-C", str(root), "check-ignore", "-v", "-z", "--stdin"],
            input="\0".join(candidates).encode(),
            capture_output=True,
            check=False,  # 1: none ignored
        )
        .stdout.decode()
        .split("\0")
    )
    # -v -z: source, line, pattern, path, for each path
    found = {
        rules[i + 3].rstrip("/") for i in range(0, len(rules) - 3, 4) if name.search(rules[i + 2])
    }
    return sorted(found)


def _outside(files: Iterable[Path], state: Iterable[str]) -> list[Path]:
    """``files`` without those under the ``state`` paths."""
    prefixes = tuple(f"{path}/" for path in state)
    return (
        [
            rel
            for rel in files
            if rel.as_posix() not in state and not rel.as_posix().startswith(prefixes)
        ]
        if prefixes
        else list(files)
    )


def _keep_ignored(root: Path, state: list[str]) -> str | None:
    """Keep the old state ignored after ``.gitignore`` was renamed: one line each in this
    checkout's ``info/exclude`` (not committed). Returns that file, or None outside git."""
    if not state or not (root / ".git").exists():
        return None
    where = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--git-path", "info/exclude"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    exclude = root / where
    exclude.parent.mkdir(parents=True, exist_ok=True)
    present = exclude.read_text(encoding="utf-8") if exclude.is_file() else ""
    lines = [f"/{path}/" for path in state if f"/{path}/" not in present.splitlines()]
    if lines:
        head = "" if not present or present.endswith("\n") else "\n"
        exclude.write_text(
            present
            + head
            + "# local state from before `init` renamed the project\n"
            + "\n".join(lines)
            + "\n",
            encoding="utf-8",
        )
    return where


def rename_tree(
    root: Path, rename: Rename, report: Callable[[str], None] = lambda line: None
) -> Summary:
    """Rewrite every project file's text and move every path that holds a name token."""
    files = check(root, rename)
    summary = Summary()
    compiled: list[Path] = []
    files = [rel for rel in files if not rel.as_posix().startswith(RENDERED)]
    for rel in files:
        path = root / rel
        text = _text(path)
        if text is None:
            if path.suffix == ".mo" and path.with_suffix(".po").is_file():
                compiled.append(rel)  # made again from its (renamed) .po below
            continue
        new, count = rename.apply(text)
        if count:
            path.write_text(new, encoding="utf-8")
            summary.rewritten.append(rel.as_posix())
            summary.tokens += count
    for rel in compiled:
        if _compile_catalog(root / rel):
            summary.rewritten.append(rel.as_posix())
    for rel in files:
        target, count = rename.apply(rel.as_posix())
        if count:
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).rename(root / target)
            summary.moved.append((rel.as_posix(), target))
            _prune_empty(root, (root / rel).parent)
    report(
        f"renamed {summary.tokens} name tokens in {len(summary.rewritten)} files; "
        f"moved {len(summary.moved)} files"
    )
    for old, new in summary.moved:
        report(f"  {old} → {new}")
    return summary


def _compile_catalog(mo: Path) -> bool:
    """Compile a gettext catalog again from the ``.po`` beside it (``pybabel compile``), when the
    result differs; the locale is the catalog's folder (``<locale>/LC_MESSAGES/``)."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with mo.with_suffix(".po").open("rb") as f:
        catalog = read_po(f, locale=mo.parent.parent.name)
    out = io.BytesIO()
    write_mo(out, catalog)
    if out.getvalue() == mo.read_bytes():
        return False
    mo.write_bytes(out.getvalue())
    return True


def _prune_empty(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def synth(root: Path, report: Callable[[str], None] = lambda line: None) -> None:
    """Render terraform/ from the renamed tree, in a fresh interpreter that imports its code."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(f"{OLD_NAME.upper()}_")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "infra", "synth"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise InfraError(
            "the project was renamed, but rendering terraform/ failed"
            f"{': ' + detail[-1] if detail else ''}; install the infra group (`uv sync "
            "--all-groups`) and run `<name> infra synth` in the project"
        )
    for line in done.stdout.strip().splitlines():
        report(line)


def init_project(
    root: Path,
    name: str,
    org: str | None = None,
    render: bool = True,
    report: Callable[[str], None] = lambda line: None,
) -> Summary:
    """Rename the project at ``root`` to ``name`` (and ``org``), then render terraform/ again.

    terraform/ is not rewritten but rendered again (``render=False`` leaves it stale, naming
    the old project, until ``<name> infra synth``). Everything that can be refused is refused
    before the first change. The local state (``.slipway/``, see :func:`named_state`) is left
    as it is, kept ignored and reported. Afterwards no name token remains (checked, after the
    report of DVC's data).
    """
    rename = Rename(name, org)
    if render and importlib.util.find_spec("cdktf") is None:
        raise InitError(
            "rendering terraform/ again needs the infra group: `uv sync --all-groups` (or `make "
            "install-all`), or pass --no-synth and run the renamed `infra synth` later"
        )
    state = named_state(root)
    summary = rename_tree(root, rename, report)
    _keep_ignored(root, state)
    if render:
        synth(root, report)
    left = [
        place
        for place in leftovers(root, rename.pattern, _outside(project_files(root), state))
        if render or not place.startswith(RENDERED)
    ]
    if not render:
        report(f"terraform/ still names {OLD_NAME!r}: run `{name} infra synth` in the project")
    _report_data(root, rename, report)
    for path in state:
        _report_state(root, path, name, report)
    _report_env(root, name, report)
    if left:
        raise InfraError(
            f"the project was renamed, but {len(left)} name tokens remain, first: {left[0]}; "
            "change them by hand (`git diff` shows the rename), or undo it: `git checkout -- .` "
            "and remove the renamed files that `git status` lists as new"
        )
    return summary


def _report_state(root: Path, path: str, name: str, report: Callable[[str], None]) -> None:
    """The paragraph on the local state the rename left behind: what it holds, what to do."""
    new, held = f".{name}", sorted(entry.name for entry in (root / path).iterdir())
    shown = ", ".join(held[:5]) + (", …" if len(held) > 5 else "")
    kept = " (kept ignored in .git/info/exclude)" if (root / ".git").exists() else ""
    for line in (
        f"local state: {path}/ ({shown or 'empty'}) is left as it is{kept}.",
        f"  The defaults now use {new}/ ({name.upper()}_HOME, {name.upper()}_DATABASE_URL): the "
        "next start begins with an empty database and registry there.",
        f"  The registry's model names changed ({OLD_NAME}-intent → {name}-intent): train and "
        "register again (`make run`).",
        "  To keep the users, API tokens, conversations and feedback, before the next start: "
        f"`mkdir -p {new} && mv {path}/assistant.db* {new}/`; then delete {path}/.",
    ):
        report(line)


def _report_env(root: Path, name: str, report: Callable[[str], None]) -> None:
    """Say when the local ``.env`` (ignored, not renamed) still sets settings by the old prefix,
    which the renamed project no longer reads."""
    env = root / ".env"
    text = _text(env) if env.is_file() else None
    if not text:
        return
    prefix = f"{OLD_NAME.upper()}_"
    old = sorted(
        {
            line.split("=", 1)[0].strip().removeprefix("export ").strip()
            for line in text.splitlines()
            if line.strip().removeprefix("export ").strip().startswith(prefix) and "=" in line
        }
    )
    if old:
        report(
            f".env (yours, left as it is) still sets {len(old)} setting(s) the project no longer "
            f"reads: {', '.join(old)}; rename them to {name.upper()}_…"
        )


def sample_business(name: str) -> str:
    """What ``init`` says last about the business the assistant serves: still the template's
    sample, as the rename changes the project's name, not the organization's nor its data."""
    return (
        f"the assistant still serves the sample business: its replies name the organization "
        f"{name.upper()}_ORGANIZATION sets (default Ruta Academy, DEFAULT_ORGANIZATION in "
        "app/i18n.py), and data/ holds the sample's knowledge base (data/knowledge, "
        "data/knowledge/es), its evaluation (data/knowledge-eval), the pathways catalog and "
        "job-market data (data/pathways) and intents lines naming the product (data/intents): "
        "replace them, see docs/assistant.md#replace-the-sample-business"
    )


def _report_data(root: Path, rename: Rename, report: Callable[[str], None]) -> None:
    """Say where DVC's data still holds the old name: a new data version is the team's call."""
    for out in sorted(_dvc_outputs(root)):
        folder = root / out
        if not folder.is_dir():
            continue
        files = [p.relative_to(root) for p in sorted(folder.rglob("*")) if p.is_file()]
        found = leftovers(root, rename.pattern, files)
        if found:
            report(
                f"{out}/ (DVC's, left as it is) still holds {len(found)} name tokens, first: "
                f"{found[0]}; change them there if they name the project, then `dvc add {out}`"
            )


def copy_project(source: Path, dest: Path) -> int:
    """Copy the project's files (as :func:`project_files` lists them) into an empty ``dest``."""
    import shutil

    if dest.exists() and any(dest.iterdir()):
        raise InitError(f"{dest} is not empty: name a new folder for --dest")
    files = project_files(source)
    for rel in files:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, dest / rel)
    return len(files)
