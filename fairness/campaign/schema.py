"""The tables of the campaign store (SQLAlchemy Core), as migrations ``0001`` and ``0002``
create them.

Every table but ``campaigns`` carries ``campaign_id``; the keys that make "nothing twice" work
are unique per campaign (``spins.key``, ``tallies.key``). Times of spins are whole microseconds
since 1970-01-01 UTC in a 64-bit integer (the same on every database, and ten million of them
read back fast); times of batches, checks and moderation are timezone-aware ``DateTime``.

The schema changes only through a new file in ``migrations/versions`` (Alembic); a test compares
this module with the migrated database, so the two cannot drift apart.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["batches", "campaigns", "checks", "metadata", "moderation", "rejected", "rules",
           "spin_blocks", "spins", "tallies"]

metadata = MetaData()

#: A 64-bit row id that is also SQLite's rowid (SQLite autoincrements INTEGER PRIMARY KEY only).
RowId = BigInteger().with_variant(Integer(), "sqlite")

campaigns = Table(
    "campaigns", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # the key of the reporters' pseudonyms (HMAC-SHA256), drawn when the campaign is made
    Column("secret", LargeBinary(64), nullable=False),
    # the Telegram chat whose message ids the campaign holds (from a JSON export), if any
    Column("chat_id", String(40)),
)

rules = Table(
    "rules", metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("game_toml", Text, nullable=False),
    Column("valid_from", DateTime(timezone=True)),
    Column("added_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("campaign_id", "version", name="uq_rules_version"),
)

batches = Table(
    "batches", metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("source", String(500), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("added_by", String(40)),
    Column("rules_version", Integer, nullable=False),
    Column("read", BigInteger, nullable=False),
    Column("used", BigInteger, nullable=False),
    Column("rejected", BigInteger, nullable=False),
    Column("not_a_report", BigInteger, nullable=False),
    Column("spins", BigInteger, nullable=False),
    Column("tally_spins", BigInteger, nullable=False),
    Column("new_spins", BigInteger, nullable=False),
    Column("new_tally_spins", BigInteger, nullable=False),
    Column("already_stored", BigInteger, nullable=False),
    Column("summary", Text, nullable=False),
    Column("comment", Text),
    UniqueConstraint("campaign_id", "number", name="uq_batches_number"),
)

spins = Table(
    "spins", metadata,
    Column("id", RowId, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("key", String(80), nullable=False),
    Column("outcome", String(200), nullable=False),
    Column("reported_at", BigInteger),
    Column("reporter", String(40)),
    Column("segment", String(200)),
    Column("value", Float),
    Column("source", String(500)),
    Column("item", BigInteger),
    UniqueConstraint("campaign_id", "key", name="uq_spins_key"),
    Index("ix_spins_batch", "batch_id", "ordinal"),
)

#: The spins of a large batch again, by columns: Parquet files of up to BLOCK_ROWS spins
#: (``fairness.campaign.rows.spin_blocks``), which a check reads instead of the rows (migration
#: ``0002``). The rows stay the record: keys, provenance, what SQL sees.
spin_blocks = Table(
    "spin_blocks", metadata,
    Column("id", RowId, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
    Column("first_ordinal", Integer, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    UniqueConstraint("batch_id", "first_ordinal", name="uq_spin_blocks_part"),
    Index("ix_spin_blocks_campaign", "campaign_id", "batch_id"),
)

tallies = Table(
    "tallies", metadata,
    Column("id", RowId, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("key", String(120), nullable=False),
    Column("outcome", String(200), nullable=False),
    Column("count", BigInteger, nullable=False),
    Column("source", String(500)),
    Column("item", BigInteger),
    UniqueConstraint("campaign_id", "key", name="uq_tallies_key"),
    Index("ix_tallies_batch", "batch_id"),
)

rejected = Table(
    "rejected", metadata,
    Column("id", RowId, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
    Column("key", String(120), nullable=False),
    Column("source", String(500)),
    Column("item", BigInteger),
    Column("reason", Text, nullable=False),
    Column("excerpt", Text),
    UniqueConstraint("campaign_id", "key", name="uq_rejected_key"),
    Index("ix_rejected_batch", "batch_id"),
)

moderation = Table(
    "moderation", metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("kind", String(10), nullable=False),  # "batch" | "reporter"
    Column("target", String(40), nullable=False),  # batch number or pseudonym
    Column("reason", Text, nullable=False),
    Column("excluded_at", DateTime(timezone=True), nullable=False),
    Column("restored_at", DateTime(timezone=True)),
    Column("restore_reason", Text),
    Column("silent", Boolean, nullable=False),
    Index("ix_moderation_campaign", "campaign_id", "kind", "target"),
)

checks = Table(
    "checks", metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaigns.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("checked_at", DateTime(timezone=True), nullable=False),
    Column("rules_version", Integer, nullable=False),
    Column("last_batch", Integer, nullable=False),
    Column("n_spins", BigInteger, nullable=False),
    Column("n_excluded", BigInteger, nullable=False),
    Column("level", String(30), nullable=False),
    Column("evalue", Float, nullable=False),
    Column("log10_evalue", Float, nullable=False),
    Column("fit_p", Float),
    Column("alpha", Float, nullable=False),
    Column("excluded", Text, nullable=False),  # JSON: what was left out, with reasons
    UniqueConstraint("campaign_id", "number", name="uq_checks_number"),
)
