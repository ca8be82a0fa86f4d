"""Sessions and their sealed key copies.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.String(128), nullable=False),
        sa.Column("peer_id", sa.String(256), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("key_bits", sa.Integer(), nullable=False),
        sa.Column("ttl_s", sa.Integer(), nullable=False),
        # Times: microseconds since 1970-01-01T00:00:00Z.
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("qber", sa.Double(), nullable=True),
        sa.Column("rate_bps", sa.Double(), nullable=False),
        sa.Column("seal_suite", sa.String(128), nullable=False),
        sa.Column("recipient_key_id", sa.String(256), nullable=False),
        sa.Column("closed_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("session_id", name="pk_sessions"),
        sa.CheckConstraint(
            "state IN ('open', 'delivered', 'expired', 'revoked')", name="ck_sessions_state"
        ),
    )
    op.create_table(
        "sealed_keys",
        sa.Column("key_ref", sa.String(128), nullable=False),
        sa.Column("session_id", sa.String(128), nullable=False),
        sa.Column("party", sa.String(32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("seal_suite", sa.String(128), nullable=False),
        sa.Column("recipient_key_id", sa.String(256), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key_ref", name="pk_sealed_keys"),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.session_id"],
            name="fk_sealed_keys_session_id_sessions",
        ),
        sa.UniqueConstraint("session_id", "party", name="uq_sealed_keys_session_id"),
    )
    op.create_index("ix_sealed_keys_expires_at", "sealed_keys", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_sealed_keys_expires_at", table_name="sealed_keys")
    op.drop_table("sealed_keys")
    op.drop_table("sessions")
