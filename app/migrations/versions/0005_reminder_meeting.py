"""reminders.meeting_id and reminders.meeting_by_day: the meeting a reminder was set relative
to ("3 hours before my meeting with Tom", "the night before it"), so the reminder follows that
meeting when it moves. Existing reminders follow none.

Revises: 0004_conversation_version
Create Date: 2026-12-05 10:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_reminder_meeting"
down_revision = "0004_conversation_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("meeting_by_day", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_reminders_meeting_id", ["meeting_id"])


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_meeting_id")
        batch_op.drop_column("meeting_by_day")
        batch_op.drop_column("meeting_id")
