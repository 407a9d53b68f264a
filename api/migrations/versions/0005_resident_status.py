"""Residents follow their requests: the note staff make visible to them, and whether a change was shown.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

Each request table (filing_requests, deregistration_requests, handoff_requests) gains
`resident_note` (what the chat's status lookup shows; the history's note stays internal to staff)
and `status_seen` (False after a staff status change until the resident's next message carried
the notice, so it is shown once). Existing rows: no note, nothing unseen. Columns are added only
when missing: an older gateway may have made them with create_all from newer models.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("filing_requests", "deregistration_requests", "handoff_requests")


def _columns() -> tuple[sa.Column, ...]:
    """Fresh Column objects each time (a Column belongs to one table once added)."""
    return (sa.Column("resident_note", sa.Text(), nullable=False, server_default=""),
            sa.Column("status_seen", sa.Boolean(), nullable=False, server_default=sa.true()))


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table in TABLES:
        present = {c["name"] for c in inspector.get_columns(table)}
        for column in _columns():
            if column.name not in present:
                op.add_column(table, column)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:  # SQLite rebuilds the table; PostgreSQL drops the columns
            for column in _columns():
                batch.drop_column(column.name)
