"""turn_journal: an LLM turn's tool writes while the turn runs (its undo log, written with each
tool call's write and deleted when the turn ends), so that a turn whose process dies midway is
reversed later (``app.db.journal.recover``) instead of leaving its writes behind.

Revises: 0005_reminder_meeting
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_turn_journal"
down_revision = "0005_reminder_meeting"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "turn_journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("log", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_turn_journal_expires_at", "turn_journal", ["expires_at"])
    op.create_index("ix_turn_journal_user_expires", "turn_journal", ["user_id", "expires_at"])


def downgrade() -> None:
    op.drop_index("ix_turn_journal_user_expires", table_name="turn_journal")
    op.drop_index("ix_turn_journal_expires_at", table_name="turn_journal")
    op.drop_table("turn_journal")
