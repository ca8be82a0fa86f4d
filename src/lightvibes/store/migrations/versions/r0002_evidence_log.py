"""The evidence log: entries, stored Merkle nodes, the head (tree size) and checkpoints.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_entries",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_evidence_entries"),
    )
    op.create_table(
        "evidence_nodes",
        # (level << 56) | index: one integer key, so a batch of nodes is one indexed IN lookup.
        sa.Column("node", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("node", name="pk_evidence_nodes"),
    )
    head = op.create_table(
        "evidence_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        # The newest entry's time (microseconds since the epoch): entry times never go back.
        sa.Column("last_time", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_head"),
    )
    op.bulk_insert(head, [{"id": 1, "size": 0, "last_time": 0}])
    op.create_table(
        "evidence_checkpoints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tree_size", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        # Microseconds since 1970-01-01T00:00:00Z.
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_checkpoints"),
    )


def downgrade() -> None:
    op.drop_table("evidence_checkpoints")
    op.drop_table("evidence_head")
    op.drop_table("evidence_nodes")
    op.drop_table("evidence_entries")
