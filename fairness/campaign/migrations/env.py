"""Alembic environment: runs on the connection that :func:`fairness.campaign.store.migrate`
passes in ``config.attributes["connection"]`` (inside its transaction)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
