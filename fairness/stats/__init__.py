"""Pure statistical functions over counts and arrays: no I/O, no printing.

Modules: ``fit`` (goodness of fit), ``outcomes`` (per-outcome tests and intervals), ``evalue``
(anytime-valid evidence), ``bayes`` (Dirichlet posterior), ``value`` (mean prize), ``power``
(planning), ``sequence`` / ``homogeneity`` / ``bias`` (dependence, personalisation, reporting).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Loaded on first use (PEP 562): the reading side needs only ``counting``, and scipy.stats
# takes a second to import, which a command can spend reading the data instead.
# ``fairness.stats.evalue`` is the module (its function is ``fairness.stats.evalue.evalue``):
# a lazy name cannot be both.
_LAZY = {
    "BinomialResult": "outcomes",
    "DirichletPosterior": "bayes",
    "EValueResult": "evalue",
    "FitResult": "fit",
    "Interval": "outcomes",
    "OutcomeTable": "outcomes",
    "Plan": "power",
    "ValuePosterior": "bayes",
    "ValueResult": "value",
    "ZeroHits": "outcomes",
    "adjust_pvalues": "outcomes",
    "binomial_test": "outcomes",
    "chisq_power": "power",
    "chisq_sample_size": "power",
    "dirichlet_posterior": "bayes",
    "evalue_path": "evalue",
    "expected_value_test": "value",
    "goodness_of_fit": "fit",
    "interval_pvalue": "outcomes",
    "null_fit": "evalue",
    "outcome_table": "outcomes",
    "simultaneous_intervals": "outcomes",
    "spins_needed": "power",
    "zero_hits": "outcomes",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'fairness.stats' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"fairness.stats.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # for type checkers and IDEs
    from fairness.stats.bayes import DirichletPosterior, ValuePosterior, dirichlet_posterior
    from fairness.stats.evalue import EValueResult, evalue_path, null_fit
    from fairness.stats.fit import FitResult, goodness_of_fit
    from fairness.stats.outcomes import (
        BinomialResult,
        Interval,
        OutcomeTable,
        ZeroHits,
        adjust_pvalues,
        binomial_test,
        interval_pvalue,
        outcome_table,
        simultaneous_intervals,
        zero_hits,
    )
    from fairness.stats.power import Plan, chisq_power, chisq_sample_size, spins_needed
    from fairness.stats.value import ValueResult, expected_value_test

__all__ = [
    "BinomialResult",
    "DirichletPosterior",
    "EValueResult",
    "FitResult",
    "Interval",
    "OutcomeTable",
    "Plan",
    "ValuePosterior",
    "ValueResult",
    "ZeroHits",
    "adjust_pvalues",
    "binomial_test",
    "chisq_power",
    "chisq_sample_size",
    "dirichlet_posterior",
    "evalue_path",
    "expected_value_test",
    "goodness_of_fit",
    "interval_pvalue",
    "null_fit",
    "outcome_table",
    "simultaneous_intervals",
    "spins_needed",
    "zero_hits",
]
