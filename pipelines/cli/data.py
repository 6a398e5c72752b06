"""``slipway data …``: change data/ (simulated pathway interactions, production feedback)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli.common import console, out, settings, step
from pipelines.errors import SlipwayError

app = typer.Typer(
    help="Change data/: simulate pathway interactions, import production feedback.",
    no_args_is_help=True,
)


@app.command("simulate-pathways")
def simulate_pathways(
    profiles: Annotated[
        int | None, typer.Option(help="Simulated learners (default: params.yaml).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: params.yaml).")] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record",
            help="Write a --seed or --profiles differing from params.yaml into params.yaml "
            "(pathways.simulate_seed, simulate_profiles), so the data can be made again.",
        ),
    ] = True,
) -> None:
    """(Re)write the simulated learner interactions in data/pathways (imported rows are kept).
    A --seed or --profiles other than params.yaml's is written there (--no-record: not)."""
    from pipelines.params import load_params, write_values
    from pipelines.pathways.simulate import write_simulation

    s = settings()
    p = load_params(s.params_file).pathways
    with step("simulating learners"):
        r = write_simulation(
            s.data_dir,
            profiles or p.simulate_profiles,
            p.simulate_slate_size,
            p.simulate_seed if seed is None else seed,
        )
    # the data is re-derived from params.yaml: a value given here and not there would be lost
    # (probe 37, DS-L9: `--seed 8` made data that params.yaml's seed 7 does not make again)
    given = {
        name: (value, kept)
        for name, value, kept in (
            ("simulate_seed", seed, p.simulate_seed),
            ("simulate_profiles", profiles, p.simulate_profiles),
        )
        if value is not None and value != kept
    }
    if given and record:
        write_values(s.params_file, "pathways", {name: v for name, (v, _) in given.items()})
        out.print(
            f"recorded in {s.params_file}: "
            + ", ".join(f"pathways.{name} {kept} → {v}" for name, (v, kept) in given.items())
            + ", so it makes this data again",
            markup=False,
        )
    commit = f"data.dvc and {s.params_file}" if given and record else "data.dvc"
    out.print(
        f"{r.profiles} profiles, {r.interactions} interactions ({r.positives} accepted or "
        "completed) in data/pathways; next: `slipway stage validate-pathways` (the gate), then "
        f"`dvc add data && dvc push`, and commit {commit}",
        markup=False,
    )
    if given and not record:
        console.print(
            "[yellow]warning:[/yellow] this data was made with "
            + ", ".join(
                f"pathways.{name}: {v} (params.yaml: {kept})" for name, (v, kept) in given.items()
            )
            + ", not recorded (--no-record): set the same in params.yaml and commit it, so the "
            "data can be made again",
            highlight=False,
        )


@app.command("import-feedback")
def import_feedback(
    since: Annotated[
        str | None,
        typer.Option(help="Only feedback given on or after this date (YYYY-MM-DD, UTC)."),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(help="The assistant's database (default: SLIPWAY_DATABASE_URL)."),
    ] = None,
    skip_validation: Annotated[
        bool, typer.Option("--skip-validation", help="Do not run the GX gates afterwards.")
    ] = False,
    dvc: Annotated[
        bool,
        typer.Option(
            "--dvc/--no-dvc", help="Run `dvc add data` and `dvc push` after a passing gate."
        ),
    ] = False,
    review: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the lines added, held back and deferred, for the person who "
            "reviews them (default: <reports dir>/feedback-review.md)."
        ),
    ] = None,
) -> None:
    """Export user feedback into a new version of data/ (no personal data, at most
    SLIPWAY_FEEDBACK_MAX_PER_USER new lines per user, conflicting labels held back), gate it,
    and list every added line in a review file: nothing added is reviewed until a person reads
    that file."""
    from pipelines.feedback_export import export_feedback, finish_version

    s = settings()
    start = _parse_date(since)
    url = database_url or _database_url()
    with step("exporting user feedback"):
        result = export_feedback(url, s.data_dir, since=start)
    out.print(result.summary(), markup=False, highlight=False)  # it quotes users' messages
    listing = review or s.reports_dir / "feedback-review.md"
    listing.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text(result.review(since=start), encoding="utf-8")
    out.print(
        f"review: every line added, held back or deferred is listed in {listing}", markup=False
    )
    for line in finish_version(s, result, validate=not skip_validation, run_dvc=dvc):
        out.print(line, markup=False)


def _parse_date(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise SlipwayError(f"--since {value!r} is not a date: use YYYY-MM-DD") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _database_url() -> str:
    from app.settings import AppSettings

    return AppSettings().database_url
