"""Alembic environment: runs on the connection that :func:`fairness.campaign.store.migrate`
passes in ``config.attributes["connection"]`` (inside its transaction)."""

from alembic import context


def run_migrations(config) -> None:
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=None,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


try:
    _config = context.config
except (NameError, AttributeError):  # imported outside a migration run (a walk over the package)
    _config = None
if _config is not None:
    run_migrations(_config)
