"""One file per schema version (Alembic revisions)."""
