"""WeChat 「原文」: the clauses the last answer cited, kept per user (wechat_user_state.sources).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

A database that an older gateway made with `create_all` from newer models may already hold the
column (0001 adopts such databases), so it is added only when missing. Nullable: rows written
before this revision simply have no stored answer yet.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "wechat_user_state"
COLUMN = "sources"


def _has_column() -> bool:
    return COLUMN in {c["name"] for c in sa.inspect(op.get_bind()).get_columns(TABLE)}


def upgrade() -> None:
    if not _has_column():
        op.add_column(TABLE, sa.Column(COLUMN, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:  # SQLite rebuilds the table; PostgreSQL drops the column
        batch.drop_column(COLUMN)
