"""fairness: does a prize draw behave like the lottery its operator claims?

The public API::

    game = fairness.load_game("wheel.toml")          # stated odds
    evidence = fairness.ingest("chat_export.json", game)  # or read_spins for a canonical CSV
    analysis = fairness.analyze(evidence, game)      # every test the data support
    answer = fairness.verdict(analysis)              # level, findings, next step (ru / en)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fairness import ingest  # a callable package: fairness.ingest(paths, game)
from fairness.analysis import Analysis, analyze
from fairness.errors import DataError, FairnessError, SpecError
from fairness.evidence import Evidence, read_spins
from fairness.ingest import Ingested
from fairness.spec import Game, Outcome, load_game, parse_chance
from fairness.verdict import LEVELS, Finding, Verdict, verdict

try:
    __version__ = version("fairness")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "LEVELS",
    "Analysis",
    "DataError",
    "Evidence",
    "FairnessError",
    "Finding",
    "Game",
    "Ingested",
    "Outcome",
    "SpecError",
    "Verdict",
    "__version__",
    "analyze",
    "ingest",
    "load_game",
    "parse_chance",
    "read_spins",
    "verdict",
]
