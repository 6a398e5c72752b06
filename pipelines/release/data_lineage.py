"""Whether anyone else can fetch the data a candidate was trained from.

A version trained from data that is only in this checkout (``dvc add`` without ``dvc push``), or
pinned by a ``data.dvc`` that is not committed, gets a pin that names a model nobody can rebuild:
a teammate's ``make data`` or CI's ``dvc pull`` fails on it, and if this laptop is lost the
lineage is too. The promotion says so in a row ``data lineage`` among its gates:

- the data is in the default DVC remote and ``data.dvc`` is committed: a pass that says so;
- files of it are not in the remote: **refused**, with ``dvc push`` as the way out (the remote
  answered; nothing is guessed);
- ``data.dvc`` pinning it differs from git HEAD's: a note (promote, then commit ``data.dvc``,
  ``dvc.lock`` and the pin together, is the documented order);
- no default remote, or a remote that cannot be reached from here (no credentials, no network):
  a note naming why, and ``dvc status -c`` to check by hand. Refusing there would stop every
  promotion on a laptop without the cloud's credentials.

Only the data of the candidate's own ``data_hash`` tag is checked, when ``data.dvc`` pins it
(when it does not, ``promote.not_in_repository`` warns already).
"""

from __future__ import annotations

from pathlib import Path

from pipelines.data import committed_data_hash, data_hash
from pipelines.release.promote import Gate

GATE = "data lineage"
#: DVC's words for a file the remote lacks: in this cache only, or nowhere
NOT_IN_REMOTE = frozenset({"new", "missing"})


def _remote_status(root: Path, dvc_file: Path) -> tuple[str, dict[str, str]] | str:
    """(the default remote's name, each file of ``dvc_file`` the remote lacks and why), or why
    the remote could not be asked."""
    try:
        from dvc.exceptions import DvcException
        from dvc.repo import Repo
    except ImportError:  # pragma: no cover - the pipelines group carries DVC
        return "DVC is not installed here"
    try:
        with Repo(str(root)) as repo:
            name = repo.config["core"].get("remote")
            if not name:
                return "no default DVC remote is configured (`dvc remote add -d NAME URL`)"
            status = repo.status(targets=[str(dvc_file)], cloud=True)
    except Exception as error:  # DVC's own, or a remote's client's (botocore, fsspec, OSError)
        first = (str(error).splitlines() or [""])[0][:200]
        kind = "DVC" if isinstance(error, DvcException) else type(error).__name__
        return f"{kind}: {first}" if first else kind
    missing = {path: why for path, why in status.items() if why in NOT_IN_REMOTE}
    return name, missing


WORKSPACE_DIFFERS = (
    "data/ differs from data.dvc: run `dvc repro` (it re-pins data/) or `dvc add data`"
)


def gate(dvc_file: Path, trained_on: str) -> list[Gate]:
    """The ``data lineage`` row for a candidate trained from the data of md5 ``trained_on`` (its
    ``data_hash`` tag); none when it has no such tag or ``dvc_file`` pins other data."""
    if not trained_on or not dvc_file.is_file() or data_hash(dvc_file) != trained_on:
        return []
    short = trained_on.removesuffix(".dir")[:12]
    notes: list[str] = []
    committed = committed_data_hash(dvc_file)
    if committed != trained_on:
        head = (
            f"git HEAD's pins {committed.removesuffix('.dir')[:12]}"
            if committed
            else "git HEAD has none"
        )
        notes.append(
            f"{dvc_file.name} pinning it is not committed ({head}): commit {dvc_file.name}, "
            "dvc.lock and the pin together"
        )
    found = _remote_status(dvc_file.resolve().parent, dvc_file)
    if isinstance(found, str):
        notes.append(
            f"its presence in the DVC remote was not checked: {found} (check with `dvc status -c`)"
        )
        return [Gate(GATE, True, f"data {short}: " + "; ".join(notes))]
    remote, missing = found
    if missing:
        listed = ", ".join(sorted(missing)[:3]) + (" …" if len(missing) > 3 else "")
        return [
            Gate(
                GATE,
                False,
                f"data {short}: {len(missing)} of its paths are not in the DVC remote "
                f"{remote!r} ({listed}): promoted, its pin would name a model whose data nobody "
                "else can fetch. Run `dvc push` (and commit .dvc-storage when that remote is "
                "the in-repository one), then promote" + ("; " + "; ".join(notes) if notes else ""),
            )
        ]
    where = f"in the DVC remote {remote!r}"
    if notes:
        return [Gate(GATE, True, f"data {short} {where}; " + "; ".join(notes))]
    return [Gate(GATE, True, f"data {short} {where} and committed (git HEAD's {dvc_file.name})")]
