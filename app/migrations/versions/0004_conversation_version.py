"""conversations.version: the turns that changed a conversation, checked when a turn stores its
state (SQLAlchemy's ``version_id_col``), so two messages answered at once cannot both use one
pending action. Existing rows start at 1.

Revises: 0003_locale
Create Date: 2026-12-04 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_conversation_version"
down_revision = "0003_locale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("version")
