"""The first schema of the campaign store: campaigns, rules, batches, spins, tallies, rejected
items, moderation and checks.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

RowId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("secret", sa.LargeBinary(64), nullable=False),
        sa.Column("chat_id", sa.String(40)),
    )
    op.create_table(
        "rules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("game_toml", sa.Text, nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True)),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("campaign_id", "version", name="uq_rules_version"),
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(40)),
        sa.Column("rules_version", sa.Integer, nullable=False),
        *(sa.Column(name, sa.BigInteger, nullable=False)
          for name in ("read", "used", "rejected", "not_a_report", "spins", "tally_spins",
                       "new_spins", "new_tally_spins", "already_stored")),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("comment", sa.Text),
        sa.UniqueConstraint("campaign_id", "number", name="uq_batches_number"),
    )
    op.create_table(
        "spins",
        sa.Column("id", RowId, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("outcome", sa.String(200), nullable=False),
        sa.Column("reported_at", sa.BigInteger),
        sa.Column("reporter", sa.String(40)),
        sa.Column("segment", sa.String(200)),
        sa.Column("value", sa.Float),
        sa.Column("source", sa.String(500)),
        sa.Column("item", sa.BigInteger),
        sa.UniqueConstraint("campaign_id", "key", name="uq_spins_key"),
    )
    op.create_index("ix_spins_batch", "spins", ["batch_id", "ordinal"])
    op.create_table(
        "tallies",
        sa.Column("id", RowId, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("outcome", sa.String(200), nullable=False),
        sa.Column("count", sa.BigInteger, nullable=False),
        sa.Column("source", sa.String(500)),
        sa.Column("item", sa.BigInteger),
        sa.UniqueConstraint("campaign_id", "key", name="uq_tallies_key"),
    )
    op.create_index("ix_tallies_batch", "tallies", ["batch_id"])
    op.create_table(
        "rejected",
        sa.Column("id", RowId, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("source", sa.String(500)),
        sa.Column("item", sa.BigInteger),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("excerpt", sa.Text),
        sa.UniqueConstraint("campaign_id", "key", name="uq_rejected_key"),
    )
    op.create_index("ix_rejected_batch", "rejected", ["batch_id"])
    op.create_table(
        "moderation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("target", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("excluded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restored_at", sa.DateTime(timezone=True)),
        sa.Column("restore_reason", sa.Text),
        sa.Column("silent", sa.Boolean, nullable=False),
    )
    op.create_index("ix_moderation_campaign", "moderation", ["campaign_id", "kind", "target"])
    op.create_table(
        "checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rules_version", sa.Integer, nullable=False),
        sa.Column("last_batch", sa.Integer, nullable=False),
        sa.Column("n_spins", sa.BigInteger, nullable=False),
        sa.Column("n_excluded", sa.BigInteger, nullable=False),
        sa.Column("level", sa.String(30), nullable=False),
        sa.Column("evalue", sa.Float, nullable=False),
        sa.Column("log10_evalue", sa.Float, nullable=False),
        sa.Column("fit_p", sa.Float),
        sa.Column("alpha", sa.Float, nullable=False),
        sa.Column("excluded", sa.Text, nullable=False),
        sa.UniqueConstraint("campaign_id", "number", name="uq_checks_number"),
    )


def downgrade() -> None:
    for table in ("checks", "moderation", "rejected", "tallies", "spins", "batches", "rules",
                  "campaigns"):
        op.drop_table(table)
