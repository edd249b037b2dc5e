"""Pure statistical functions over counts and arrays: no I/O, no printing.

Modules: ``fit`` (goodness of fit), ``outcomes`` (per-outcome tests and intervals), ``evalue``
(anytime-valid evidence), ``bayes`` (Dirichlet posterior), ``value`` (mean prize), ``power``
(planning), ``sequence`` / ``homogeneity`` / ``bias`` (dependence, personalisation, reporting).
"""

from __future__ import annotations

from fairness.stats.bayes import DirichletPosterior, ValuePosterior, dirichlet_posterior
from fairness.stats.evalue import EValueResult, evalue, evalue_path, null_fit
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
    "evalue",
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
