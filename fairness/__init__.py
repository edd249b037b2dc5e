"""fairness: does a prize draw behave like the lottery its operator claims?

The public API::

    game = fairness.load_game("wheel.toml")          # stated odds
    evidence = fairness.ingest("chat_export.json", game)  # every kind of file, one reader
    analysis = fairness.analyze(evidence, game)      # every test the data support
    answer = fairness.verdict(analysis)              # level, findings, next step (ru / en)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairness._modules import lazy_names
from fairness.errors import DataError, FairnessError, SpecError
from fairness.spec import Game, Outcome, load_game, parse_chance

# The rest loads on first use (PEP 562): pandas, scipy.stats and statsmodels take a second or
# two to import, which ``fairness --help`` and the reading side need not pay. Every public name
# is an ordinary object of a module whose own name differs from it (``fairness.ingest`` is the
# function of ``fairness.reading``, ``fairness.verdict`` that of ``fairness.decision``).
_LAZY = {
    "__version__": "fairness._version",
    "datasets": "fairness.datasets",  # submodules, as in scipy: fairness.stats.evalue(...)
    "stats": "fairness.stats",
    "ingest": "fairness.reading",
    "Ingested": "fairness.reading",
    "Analysis": "fairness.analysis",
    "Campaign": "fairness.campaign",
    "analyze": "fairness.analysis",
    "Evidence": "fairness.evidence",
    "LEVELS": "fairness.decision",
    "Finding": "fairness.decision",
    "Verdict": "fairness.decision",
    "verdict": "fairness.decision",
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY)


if TYPE_CHECKING:  # for type checkers and IDEs
    from fairness import datasets, stats  # noqa: F401 - submodules named in _LAZY
    from fairness.analysis import Analysis, analyze
    from fairness.campaign import Campaign
    from fairness.decision import LEVELS, Finding, Verdict, verdict
    from fairness.evidence import Evidence
    from fairness.reading import Ingested, ingest

__all__ = [
    "LEVELS",
    "Analysis",
    "Campaign",
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
    "verdict",
]
