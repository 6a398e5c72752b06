"""users.locale: the language the assistant speaks to a user (``en`` or ``es``, with an
optional region such as ``es-PE``), ``en`` by default also for rows written outside the ORM;
locales in a language the assistant does not speak become ``en``.

Revises: 0002_pathways
Create Date: 2026-12-02 05:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_locale"
down_revision = "0002_pathways"
branch_labels = None
depends_on = None

# The first three characters of a supported tag: "en", "es", "en-GB", "es-PE", "es_PE".
_SUPPORTED_PREFIXES = ("en", "es", "en-", "es-", "en_", "es_")


def upgrade() -> None:
    users = sa.table("users", sa.column("locale", sa.String(16)))
    prefix = sa.func.lower(sa.func.substr(users.c.locale, 1, 3))
    op.execute(users.update().where(prefix.not_in(_SUPPORTED_PREFIXES)).values(locale="en"))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "locale",
            existing_type=sa.String(length=16),
            existing_nullable=False,
            server_default="en",
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "locale",
            existing_type=sa.String(length=16),
            existing_nullable=False,
            server_default=None,
        )
