"""Shared fixtures: paths of the bundled data and of the third-party data beside the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
SHARED = REPO.parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def realdata() -> Path:
    """``../shared/realdata``; in CI it must exist, elsewhere its absence skips the test."""
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the third-party data at {SHARED}")
        pytest.skip("../shared/realdata is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def cashback_game():
    import fairness

    return fairness.load_game(DATASETS / "games" / "cashback_wheel.toml")


# -- campaign stores (tests/test_campaign*.py) ------------------------------------------------
#: The PostgreSQL server the campaign tests use: `.ci/run` starts one with `.ci/postgres.sh`
#: and sets this; in CI its absence fails those tests, elsewhere it skips them.
POSTGRES_ENV = "FAIRNESS_TEST_POSTGRES_URL"


def _postgres_database(url: str, name: str, create: bool) -> str:
    from sqlalchemy import create_engine, text

    from fairness.campaign.store import store_url

    server = store_url(url)
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            if create:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            else:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False).replace(
        "postgresql+psycopg://", "postgresql://")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """An empty campaign store: an SQLite file, or a fresh PostgreSQL database (a plain
    postgresql:// URL, as people write it)."""
    if request.param == "sqlite":
        yield str(tmp_path / "campaigns.sqlite")
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs a PostgreSQL server: set {POSTGRES_ENV} (.ci/postgres.sh)")
        pytest.skip(f"no PostgreSQL server ({POSTGRES_ENV} is not set; see .ci/postgres.sh)")
    import uuid

    name = f"fairness_{uuid.uuid4().hex[:12]}"
    database = _postgres_database(url, name, create=True)
    yield database
    _postgres_database(url, name, create=False)
