"""Learning pathways: learner_profiles, pathway_recommendations, pathway_feedback; and
feedback.corrected_intent (a user's label for a misread message).

Revises: 0001
Create Date: 2026-11-25 14:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_pathways"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrected_intent", sa.String(length=64), nullable=True))

    op.create_table(
        "learner_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("budget_pen", sa.Float(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("goal_role", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("learner_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learner_profiles_user_id"), ["user_id"], unique=True)

    op.create_table(
        "pathway_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.String(length=32), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("course_ids", sa.JSON(), nullable=False),
        sa.Column("ranker_version", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("export_id"),
    )
    with op.batch_alter_table("pathway_recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pathway_recommendations_user_id"), ["user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pathway_recommendations_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "pathway_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["recommendation_id"], ["pathway_recommendations.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("recommendation_id", "course_id", name="uq_pathway_feedback_course"),
    )
    with op.batch_alter_table("pathway_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pathway_feedback_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pathway_feedback_recommendation_id"), ["recommendation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pathway_feedback_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pathway_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pathway_feedback_created_at"))
        batch_op.drop_index(batch_op.f("ix_pathway_feedback_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_pathway_feedback_user_id"))
    op.drop_table("pathway_feedback")
    with op.batch_alter_table("pathway_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pathway_recommendations_created_at"))
        batch_op.drop_index(batch_op.f("ix_pathway_recommendations_user_id"))
    op.drop_table("pathway_recommendations")
    with op.batch_alter_table("learner_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learner_profiles_user_id"))
    op.drop_table("learner_profiles")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_column("corrected_intent")
