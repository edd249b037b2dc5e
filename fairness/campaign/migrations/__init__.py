"""Alembic migrations of the campaign store, run by :func:`fairness.campaign.store.migrate`
(no alembic.ini: the configuration is made in code)."""
