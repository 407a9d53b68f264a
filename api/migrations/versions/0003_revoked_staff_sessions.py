"""Logout ends a staff session on the server: revoked_staff_session lists logged-out cookies.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "revoked_staff_session"


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table(TABLE):  # made by create_all from newer models
        return
    op.create_table(
        TABLE,
        sa.Column("signature", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )
    op.create_index(f"ix_{TABLE}_expires_at", TABLE, ["expires_at"])


def downgrade() -> None:
    op.drop_index(f"ix_{TABLE}_expires_at", table_name=TABLE)
    op.drop_table(TABLE)
