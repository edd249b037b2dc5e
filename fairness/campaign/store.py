"""Where campaigns live: an SQLite file (the default) or a PostgreSQL database, by URL.

``STORE`` as people write it:

* a file path (``campaigns.sqlite``) or ``sqlite:///campaigns.sqlite``: an SQLite file, made
  when missing. It runs in WAL mode with a 30 s busy timeout, and a transaction that will write
  starts with ``BEGIN IMMEDIATE``, so writers queue instead of failing half-way, and readers
  (the app) keep reading while a batch is added;
* ``postgresql://user:pass@host/db`` (or ``postgres://``): PostgreSQL through psycopg 3 (the
  URL is mapped to ``postgresql+psycopg``). An ``add`` locks its campaign's row
  (``SELECT ... FOR UPDATE``), so two writers of one campaign queue and both commit.

The schema is made and upgraded by the Alembic migrations shipped in
``fairness/campaign/migrations`` when a store is opened (:func:`migrate`), with no alembic.ini.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from fairness.errors import DataError, Message

__all__ = ["MIGRATIONS", "Store", "migrate", "store_url"]

MIGRATIONS = Path(__file__).resolve().with_name("migrations")
BUSY_TIMEOUT_MS = 30_000

_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def store_url(store: str | Path | URL) -> URL:
    """The SQLAlchemy URL of ``store``: a path (SQLite) or a database URL as people write it."""
    if isinstance(store, URL):
        url = store
    else:
        text = str(store).strip()
        if not text:
            raise DataError(Message("error.no_store"))
        if "://" not in text:
            path = Path(text).expanduser()
            if path.is_dir():
                raise DataError(Message("error.store_is_folder"), source=text)
            if not path.parent.exists():
                raise DataError(Message("error.store_folder_missing"), source=text)
            return URL.create("sqlite", database=str(path.resolve()))
        try:
            url = make_url(text)
        except ArgumentError:
            raise DataError(Message("error.not_database_url"), source=_safe(text)) from None
    driver = _DRIVERS.get(url.drivername)
    if driver is not None:
        url = url.set(drivername=driver)
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DataError(Message("error.unsupported_database", backend=url.get_backend_name()),
                        source=url.render_as_string(hide_password=True))
    return url


def _safe(text: str) -> str:
    """A URL without its password, for messages."""
    try:
        return make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        return text.split("@")[-1]


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        # SQLAlchemy's recipe: let SQLAlchemy, not the driver, emit BEGIN (so writers can
        # start with BEGIN IMMEDIATE), and set the pragmas of every connection.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # 256 MB of page cache: the unique index of keys takes each new batch in random order
        cursor.execute("PRAGMA cache_size = -262144")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        write = connection.get_execution_options().get("fairness_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    """An open campaign store: the engine, migrated to the newest schema on opening.

    Parameters
    ----------
    store : str, Path or sqlalchemy URL
        A file path (SQLite) or a database URL (``postgresql://user:pass@host/db``).
    """

    def __init__(self, store: str | Path | URL):
        self.url = store_url(store)
        if self.url.get_backend_name() == "sqlite":
            self.engine = _sqlite_engine(self.url)
        else:
            self.engine = create_engine(self.url, pool_pre_ping=True)
        try:
            migrate(self.engine)
        except Exception as exc:  # a wrong password, a server that is down, a file that is not
            self.engine.dispose()  # a database: one line, not a traceback
            raise _user_error(exc, self) from exc

    @property
    def name(self) -> str:
        """The store as it may be shown (no password)."""
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction (SQLite: a snapshot that does not block writers)."""
        with self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction: everything in it is committed together or not at all."""
        with self.engine.connect() as connection:
            connection = connection.execution_options(fairness_write=True)
            with connection.begin():
                yield connection

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.name!r})"


def _user_error(exc: Exception, store: Store) -> Exception:
    from sqlalchemy.exc import DatabaseError, OperationalError

    if isinstance(exc, (OperationalError, DatabaseError)):
        # the driver's own words are English and may hold a server path: not shown
        return DataError(Message("error.store_unreadable"), source=store.name)
    return exc


_MIGRATE_LOCK = threading.Lock()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the store's schema to ``revision`` (the newest by default) with Alembic, in one
    transaction (SQLite: ``BEGIN IMMEDIATE``, so two processes opening a new file queue)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    with _MIGRATE_LOCK, engine.connect() as connection:
        connection = connection.execution_options(fairness_write=True)
        with connection.begin():
            current = MigrationContext.configure(connection).get_current_heads()
            if revision == "head" and set(current) == set(script.get_heads()):
                return
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
