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
