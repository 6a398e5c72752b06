"""Review 168, D-M1: an older image's migration step on a database a newer release migrated.
It succeeds without changing anything when the newer image's recorded lineage proves that the
database descends from this image's head, and fails as before whenever that cannot be told (no
record, a branch beside the head, an explicit target)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.db import make_engine
from app.db import migrate as m

NEWER = '''"""A newer release's migration (an expand step: a new table)."""

revision = "0999_newer_release"
down_revision = "{head}"
branch_labels = None
depends_on = None

import sqlalchemy as sa
from alembic import op


def upgrade() -> None:
    op.create_table("newer_things", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("newer_things")
'''


def _newer_image(tmp_path: Path) -> Path:
    """This image's migrations plus one revision after its head."""
    folder = tmp_path / "newer-migrations"
    shutil.copytree(m.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "0999_newer_release.py").write_text(
        NEWER.format(head=m.head_revision()), encoding="utf-8"
    )
    return folder


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _set_version(url: str, revision: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        engine.dispose()


@pytest.mark.both_databases
def test_an_older_image_leaves_a_database_a_newer_release_migrated_alone(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older_head = m.head_revision()
    with monkeypatch.context() as newer:
        newer.setattr(m, "MIGRATIONS", _newer_image(tmp_path))
        assert m.upgrade(database_url) == "database migrated to head"
    assert m.current_revision(database_url) == "0999_newer_release"
    # the older image's migration Job (a rollback, a re-run of an older release's deploy)
    outcome = m.upgrade(database_url)
    assert outcome == (
        f"database at 0999_newer_release, ahead of this image's head {older_head} "
        "(a newer release migrated it): left unchanged"
    )
    assert m.current_revision(database_url) == "0999_newer_release"
    assert "newer_things" in _tables(database_url)
    with pytest.raises(m.MigrationError, match="cannot go to base"):
        m.upgrade(database_url, "base")  # only "head" is satisfied by a newer database


@pytest.mark.both_databases
def test_an_unrecorded_revision_still_fails(database_url: str) -> None:
    """A revision no image recorded (an older newer-image, a hand edit): it cannot be told
    apart from a broken database, so the step fails and changes nothing."""
    _set_version(database_url, "0999_nobody_recorded")
    with pytest.raises(m.MigrationError, match="no newer release recorded it"):
        m.upgrade(database_url)
    assert m.current_revision(database_url) == "0999_nobody_recorded"


@pytest.mark.both_databases
def test_a_branch_beside_this_images_head_still_fails(database_url: str) -> None:
    """Recorded, but descending from an older revision than this image's head (a branch this
    image's own latest migration is not under): not "ahead", so it fails."""
    head = m.head_revision()
    assert head is not None
    script = m.ScriptDirectory.from_config(m.alembic_config("sqlite://"))
    parent = script.get_revision(head).down_revision
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(m.LINEAGE.insert(), [{"revision": "0999_b", "down_revisions": parent}])
    finally:
        engine.dispose()
    _set_version(database_url, "0999_b")
    with pytest.raises(m.MigrationError, match="0999_b"):
        m.upgrade(database_url)


def test_every_upgrade_records_the_revisions_it_knows(database_url: str) -> None:
    script = m.ScriptDirectory.from_config(m.alembic_config("sqlite://"))
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            recorded = m._recorded_revisions(conn)
    finally:
        engine.dispose()
    assert recorded == {s.revision: m._parents(s.down_revision) for s in script.walk_revisions()}
