"""Pure statistical functions over counts and arrays: no I/O, no printing.

Modules: ``fit`` (goodness of fit), ``outcomes`` (per-outcome tests and intervals), ``evalue``
(anytime-valid evidence), ``bayes`` (Dirichlet posterior), ``value`` (mean prize), ``power``
(planning), ``sequence`` / ``homogeneity`` / ``bias`` (dependence, personalisation, reporting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairness._modules import lazy_names

# Loaded on first use (PEP 562): the reading side needs only ``counting``, and scipy.stats
# takes a second to import, which a command can spend reading the data instead.
# ``fairness.stats.evalue`` is the module (its function is ``fairness.stats.evalue.evalue``):
# a lazy name cannot be both.
_LAZY = {
    "BinomialResult": "fairness.stats.outcomes",
    "DirichletPosterior": "fairness.stats.bayes",
    "EValueResult": "fairness.stats.evalue",
    "FitResult": "fairness.stats.fit",
    "Interval": "fairness.stats.outcomes",
    "OutcomeTable": "fairness.stats.outcomes",
    "Plan": "fairness.stats.power",
    "ValuePosterior": "fairness.stats.bayes",
    "ValueResult": "fairness.stats.value",
    "ZeroHits": "fairness.stats.outcomes",
    "adjust_pvalues": "fairness.stats.outcomes",
    "binomial_test": "fairness.stats.outcomes",
    "chisq_power": "fairness.stats.power",
    "chisq_sample_size": "fairness.stats.power",
    "dirichlet_posterior": "fairness.stats.bayes",
    "evalue_path": "fairness.stats.evalue",
    "expected_value_test": "fairness.stats.value",
    "goodness_of_fit": "fairness.stats.fit",
    "interval_pvalue": "fairness.stats.outcomes",
    "null_fit": "fairness.stats.evalue",
    "outcome_table": "fairness.stats.outcomes",
    "simultaneous_intervals": "fairness.stats.outcomes",
    "spins_needed": "fairness.stats.power",
    "zero_hits": "fairness.stats.outcomes",
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY)


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
