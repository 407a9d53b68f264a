"""Initial schema: requests, WeChat shared state, feedback and question log, training quizzes.

Revision ID: 0001
Revises:
Create Date: 2026-01-01

Until this revision the gateway made its tables with `create_all` at start-up, so a database may
already hold some or all of them (and an older wechat_message without `delivered_for`) but no
alembic_version. Such a database is completed instead of failing on "already exists": missing
tables are created, missing nullable columns and indexes added; then alembic records 0001.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = sa.MetaData()


def _request_columns() -> list[sa.Column]:
    """Columns every request kind shares (api.models.requests.RequestMixin), in create_all's order."""
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(32), nullable=False, unique=True, index=True),
        sa.Column("sender_id", sa.String(128), nullable=False, index=True),
        sa.Column("status", sa.String(8), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, index=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


sa.Table(
    "filing_requests", SCHEMA,
    sa.Column("team_name", sa.String(100), nullable=False),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("district", sa.String(50), nullable=False),
    sa.Column("street", sa.String(50), nullable=False, index=True),
    sa.Column("community", sa.String(100), nullable=False),
    sa.Column("member_count", sa.Integer(), nullable=False),
    sa.Column("leader_name", sa.String(50), nullable=False),
    sa.Column("leader_phone", sa.String(11), nullable=False),
    sa.Column("activity_place", sa.String(200), nullable=False),
    sa.Column("activities", sa.Text(), nullable=False),
    sa.Column("tier", sa.String(50), nullable=False),
    *_request_columns(),
)
sa.Table(
    "deregistration_requests", SCHEMA,
    sa.Column("org_kind", sa.String(50), nullable=False),
    sa.Column("org_name", sa.String(100), nullable=False),
    sa.Column("region", sa.String(100), nullable=False),
    sa.Column("district", sa.String(50), nullable=False),
    sa.Column("street", sa.String(50), nullable=False, index=True),
    sa.Column("reason", sa.String(200), nullable=False),
    sa.Column("contact", sa.String(11), nullable=False),
    sa.Column("path", sa.Text(), nullable=False),
    sa.Column("notes", sa.Text(), nullable=False),
    *_request_columns(),
)
sa.Table(
    "handoff_requests", SCHEMA,
    sa.Column("question", sa.Text(), nullable=False),
    sa.Column("context", sa.Text(), nullable=False),
    sa.Column("contact", sa.String(100), nullable=False),
    *_request_columns(),
)
sa.Table(
    "request_status_history", SCHEMA,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("reference", sa.String(32), nullable=False, index=True),
    sa.Column("from_status", sa.String(8), nullable=True),
    sa.Column("to_status", sa.String(8), nullable=False),
    sa.Column("who", sa.String(100), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
    sa.Column("at", sa.DateTime(), nullable=False),
)
sa.Table(
    "wechat_message", SCHEMA,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("openid", sa.String(100), nullable=False, index=True),
    sa.Column("attempts", sa.Integer(), nullable=False),
    sa.Column("first_at", sa.Float(), nullable=False),
    sa.Column("last_at", sa.Float(), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("parts", sa.Text(), nullable=True),
    sa.Column("delivered_by", sa.String(16), nullable=True),
    sa.Column("delivered_for", sa.Float(), nullable=True),
)
sa.Table(
    "wechat_user_state", SCHEMA,
    sa.Column("openid", sa.String(100), primary_key=True),
    sa.Column("pending", sa.Text(), nullable=False),
    sa.Column("buttons", sa.Text(), nullable=False),
    sa.Column("updated_at", sa.Float(), nullable=False),
)
sa.Table(
    "wechat_failed_delivery", SCHEMA,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("openid", sa.String(100), nullable=False, index=True),
    sa.Column("msg_key", sa.String(200), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("errcode", sa.Integer(), nullable=False),
    sa.Column("errmsg", sa.String(200), nullable=False),
    sa.Column("created_at", sa.Float(), nullable=False),
    sa.Column("delivered_at", sa.Float(), nullable=True),
)
sa.Table(
    "wechat_rate", SCHEMA,
    sa.Column("openid", sa.String(100), primary_key=True),
    sa.Column("window", sa.Integer(), primary_key=True),
    sa.Column("count", sa.Integer(), nullable=False),
)
sa.Table(
    "wechat_access_token", SCHEMA,
    sa.Column("appid", sa.String(64), primary_key=True),
    sa.Column("token", sa.String(600), nullable=False),
    sa.Column("expires_at", sa.Float(), nullable=False),
    sa.Column("lease_until", sa.Float(), nullable=False),
)
sa.Table(
    "feedback", SCHEMA,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("sender_id", sa.String(128), nullable=False, index=True),
    sa.Column("message_id", sa.String(128), nullable=True),
    sa.Column("question", sa.Text(), nullable=False),
    sa.Column("answer", sa.Text(), nullable=False),
    sa.Column("rating", sa.String(8), nullable=False, index=True),
    sa.Column("reason", sa.Text(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, index=True),
    sa.Column("handled", sa.Boolean(), nullable=False, index=True),
    sa.Column("handled_by", sa.String(64), nullable=True),
    sa.Column("handled_at", sa.DateTime(), nullable=True),
)
sa.Table(
    "question_log", SCHEMA,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("sender_id", sa.String(128), nullable=True, index=True),
    sa.Column("question", sa.Text(), nullable=False),
    sa.Column("answer", sa.Text(), nullable=False),
    sa.Column("confident", sa.Boolean(), nullable=False, index=True),
    sa.Column("source", sa.String(16), nullable=True),
    sa.Column("top_clause_id", sa.String(200), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, index=True),
    sa.Column("handled", sa.Boolean(), nullable=False, index=True),
    sa.Column("handled_by", sa.String(64), nullable=True),
    sa.Column("handled_at", sa.DateTime(), nullable=True),
)
sa.Table(
    "quiz_session", SCHEMA,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("sender_id", sa.String(128), nullable=False, index=True),
    sa.Column("topic", sa.String(64), nullable=True),
    sa.Column("region", sa.String(20), nullable=True),
    sa.Column("questions_json", sa.Text(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False, index=True),
    sa.Column("closed", sa.Boolean(), nullable=False),
)
sa.Table(
    "quiz_answer", SCHEMA,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("quiz_id", sa.String(32), sa.ForeignKey("quiz_session.id"), nullable=False, index=True),
    sa.Column("sender_id", sa.String(128), nullable=False, index=True),
    sa.Column("question_id", sa.String(16), nullable=False),
    sa.Column("entry_id", sa.String(32), nullable=False, index=True),
    sa.Column("choice", sa.Integer(), nullable=False),
    sa.Column("correct", sa.Boolean(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False, index=True),
    sa.UniqueConstraint("quiz_id", "question_id", name="uq_quiz_answer_once"),
)


def _complete(table: sa.Table, inspector: sa.Inspector) -> None:
    """Bring a table made by an older create_all up to this schema (only additive, nullable changes)."""
    present = {c["name"] for c in inspector.get_columns(table.name)}
    for column in table.columns:
        if column.name not in present and column.nullable:
            op.add_column(table.name, column._copy())
    indexes = {i["name"] for i in inspector.get_indexes(table.name)}
    for index in table.indexes:
        if index.name not in indexes:
            op.create_index(index.name, table.name, [c.name for c in index.columns], unique=index.unique)


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    existing = set(inspector.get_table_names())
    for table in SCHEMA.sorted_tables:
        if table.name in existing:
            _complete(table, inspector)
        else:
            table.create(bind)


def downgrade() -> None:
    SCHEMA.drop_all(op.get_bind())
