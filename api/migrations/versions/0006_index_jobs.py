"""Re-index jobs as database rows (issue 15, item 2).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

index_job: one row per rebuild with its progress, shared by every gateway worker; the id of the newest
finished row is the index version the workers poll. The unique index on ``running`` (True while running,
NULL after) lets one job run at a time across workers. Created only when missing: an older gateway may
have made it with create_all from newer models.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("index_job"):
        return
    op.create_table(
        "index_job",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(200), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("running", sa.Boolean(), nullable=True),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("message", sa.String(200), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("worker", sa.String(128), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("running"),
    )
    op.create_index("ix_index_job_state", "index_job", ["state"])


def downgrade() -> None:
    op.drop_index("ix_index_job_state", table_name="index_job")
    op.drop_table("index_job")
