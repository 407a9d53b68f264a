"""Staff-written 百问百答 entries with their history, and what the question log needs to show a gap.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

faq_entry / faq_revision hold the entries staff write, edit or retire in the console (their newest
revision id is the compendium version every worker polls). question_log gains the compendium entry
that answered (faq_id) and the nearest clauses (clause_ids, JSON), so a group of questions shows
what the assistant did and which clauses were closest. Tables and columns are created only when
missing: an older gateway may have made them with create_all from newer models.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOG = "question_log"
LOG_COLUMNS = (sa.Column("faq_id", sa.String(32), nullable=True), sa.Column("clause_ids", sa.Text(), nullable=True))


def _create_entries(inspector: sa.Inspector) -> None:
    if inspector.has_table("faq_entry"):
        return
    op.create_table(
        "faq_entry",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("regions_json", sa.Text(), nullable=False),
        sa.Column("audience_json", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("paraphrases_json", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("clause_ids_json", sa.Text(), nullable=False),
        sa.Column("silent", sa.Boolean(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_faq_entry_retired", "faq_entry", ["retired"])


def _create_revisions(inspector: sa.Inspector) -> None:
    if inspector.has_table("faq_revision"):
        return
    op.create_table(
        "faq_revision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entry_id", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("who", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("changes_json", sa.Text(), nullable=False),
    )
    op.create_index("ix_faq_revision_entry_id", "faq_revision", ["entry_id"])


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    _create_entries(inspector)
    _create_revisions(inspector)
    present = {c["name"] for c in inspector.get_columns(LOG)}
    for column in LOG_COLUMNS:
        if column.name not in present:
            op.add_column(LOG, column.copy())


def downgrade() -> None:
    with op.batch_alter_table(LOG) as batch:  # SQLite rebuilds the table; PostgreSQL drops the columns
        for column in LOG_COLUMNS:
            batch.drop_column(column.name)
    op.drop_index("ix_faq_revision_entry_id", table_name="faq_revision")
    op.drop_table("faq_revision")
    op.drop_index("ix_faq_entry_retired", table_name="faq_entry")
    op.drop_table("faq_entry")
