"""The bundled datasets: game specs, campaigns with known ground truth, a Telegram chat export.

::

    from fairness import datasets

    datasets.list_datasets()                      # a table of everything bundled
    game = datasets.load_game("cashback_wheel")   # a Game
    evidence, game = datasets.load_campaign("demo_cashback")
    datasets.path("telegram_html")                # where a dataset lives

The files live in the repository's top-level ``datasets/`` folder, which the build installs as
the package ``fairness.bundled``; they are found with :mod:`importlib.resources`, so an installed
wheel has them wherever it is (or they are wherever ``FAIRNESS_DATASETS`` points). The campaigns
are listed in its manifest ``campaigns.csv`` (also read by ``fairness batch``), with the level
the verdict gives and the ground truth each was simulated from; ``datasets/README.md`` explains
them and ``datasets/generate.py`` makes them.
"""

from __future__ import annotations

import csv
import importlib.resources
import os
import sys
from pathlib import Path

import pandas as pd

from fairness.errors import DataError, Message
from fairness.evidence import Evidence
from fairness.spec import Game
from fairness.spec import load_game as _load_game_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["COLUMNS", "folder", "list_datasets", "load_campaign", "load_game", "path"]

#: Columns of :func:`list_datasets`.
COLUMNS = ("name", "kind", "path", "game", "description", "truth", "expected_level",
           "expected_findings")
#: Secret of the reporter pseudonyms of the bundled chat (stable pseudonyms between runs).
CHAT_SECRET = "fairness-datasets"


def folder() -> Path:
    """The datasets folder: ``$FAIRNESS_DATASETS``, else the installed ``fairness.bundled``.

    Run from a source checkout whose package is not the installed one (``streamlit run app.py``
    beside a normal install puts the checkout first on the path), the checkout's own
    ``datasets/`` folder is the same data.
    """
    override = os.environ.get("FAIRNESS_DATASETS")
    if override:
        return Path(override)
    try:
        # Wheels are installed unpacked, so the data are ordinary files (not inside a zip).
        return Path(str(importlib.resources.files("fairness.bundled")))
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parents[1] / "datasets"
        if (checkout / "campaigns.csv").is_file():
            return checkout
        raise DataError(Message("error.no_bundled_data"), source="fairness.bundled") from None


def _manifest(root: Path) -> list[dict[str, str]]:
    manifest = root / "campaigns.csv"
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(Message("error.no_campaigns_csv"), source=str(root)) from None
    return [{k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(text.splitlines())]


def _game_rows(root: Path) -> list[dict[str, str]]:
    rows = []
    for spec in sorted((root / "games").glob("*.toml")):
        try:
            data = tomllib.loads(spec.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            data = {}
        description = str(data.get("description") or data.get("name") or "")
        rows.append({"name": spec.stem, "kind": "game", "path": str(spec), "game": str(spec),
                     "description": description, "truth": "", "expected_level": "",
                     "expected_findings": ""})
    return rows


def list_datasets() -> pd.DataFrame:
    """Every bundled dataset, one row each.

    Columns: ``name`` (what to pass to :func:`path`, :func:`load_game`,
    :func:`load_campaign`), ``kind`` (``"game"``, ``"spins"`` or ``"telegram"``), ``path``,
    ``game`` (the spec a campaign is checked against), ``description``, ``truth`` (how the data
    were simulated), ``expected_level`` (the verdict the tool gives; empty for games) and
    ``expected_findings`` (finding codes the verdict must contain, ``;``-separated).
    """
    root = folder()
    rows = _game_rows(root)
    for entry in _manifest(root):
        rows.append({
            "name": entry["name"], "kind": entry.get("kind") or "spins",
            "path": str(root / entry["data"]), "game": str(root / entry["game"]),
            "description": entry.get("description", ""), "truth": entry.get("truth", ""),
            "expected_level": entry.get("expected_level", ""),
            "expected_findings": entry.get("expected_findings", ""),
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _row(name: str) -> pd.Series:
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    table = list_datasets()
    found = table[table["name"] == name]
    if found.empty:
        raise ValueError(f"name: no bundled dataset {name!r} (there are: "
                         f"{', '.join(table['name'])})")
    return found.iloc[0]


def path(name: str) -> Path:
    """Where the dataset ``name`` lives (a file, or the folder of an HTML export)."""
    return Path(_row(name)["path"])


def load_game(name: str) -> Game:
    """The game spec ``name`` (e.g. ``"cashback_wheel"``), or the game of campaign ``name``."""
    return _load_game_file(_row(name)["game"])


def load_campaign(name: str) -> tuple[Evidence, Game]:
    """The evidence of campaign ``name`` and the game it is checked against.

    Read with :func:`fairness.ingest`, with a fixed pseudonym secret, so reporters are the same
    in every run.
    """
    from fairness.reading import ingest

    row = _row(name)
    if row["kind"] == "game":
        raise ValueError(f"name: {name!r} is a game spec, not a campaign (use load_game)")
    game = _load_game_file(row["game"])
    evidence = ingest(row["path"], game, secret=CHAT_SECRET)
    # Sources named as in the datasets folder, not where this installation keeps it.
    return evidence.with_source_names({row["path"]: Path(row["path"]).name}), game
