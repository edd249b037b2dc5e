"""Pure statistical functions over counts and arrays: no I/O, no spins tables, no words.

One module per test family; every test is also a name of this package
(``fairness.stats.runs_test(...)``), and every result object shares ``summary()`` (a flat dict,
one entry per quantity), ``to_frame()`` (a tidy DataFrame) and a notebook display
(:mod:`fairness.stats._result`).

=====================  ===================================================================
module                 tests
=====================  ===================================================================
``fit``                goodness of fit: Pearson, G (Williams), exact multinomial, Monte Carlo
``outcomes``           per outcome: exact binomial, interval null, Holm / BH, zero hits
``intervals``          Clopper-Pearson / Wilson / Jeffreys; Sison-Glaz simultaneous
``anytime``            anytime-valid e-value (``evalue``), its path, the null fit
``composite``          the null of every statement together (unstated chances, group claims)
``bayes``              Dirichlet posterior, posterior of the mean prize
``value``              observed vs stated mean prize
``power``              planning: spins needed, chi-square power
``runs``               runs test, combined runs test over reporters
``streaks``            exact longest losing streak
``markov``             first-order dependence (within-reporter permutations)
``pity``               pity / anti-pity (logistic slope and guarantee check)
``scripted``           first spins vs the rest
``homogeneity``        same odds for every group; C(alpha) overdispersion
``drift``              change-point scan over time, time windows
``bias``               reporting-propensity ratios
``sequences``          the flat ``Sequences`` container and within-sequence permutations
=====================  ===================================================================

Shared helpers: ``_validation`` (input checks), ``_montecarlo`` (sequential p-values, batch
sizes, random streams keyed by test name), ``_contingency``, ``_pvalues``, ``_result``;
``counting`` (block-wise counts used by the reading side).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fairness._modules import lazy_names

# Loaded on first use (PEP 562): the reading side needs only ``counting``, and scipy.stats
# takes a second to import, which a command can spend reading the data instead.
_LAZY = {
    "difference_plan": "fairness.stats.power",
    "difference_spins": "fairness.stats.power",
    "spins_for_never_seen": "fairness.stats.outcomes",
    "never_seen_bound": "fairness.stats.outcomes",
    "evalue_composite": "fairness.stats.anytime",
    "composite_log_evalues": "fairness.stats.composite",
    "likelihood_ratio_test": "fairness.stats.composite",
    "LikelihoodRatio": "fairness.stats.composite",
    "Polytope": "fairness.stats.composite",
    "BinomialResult": "fairness.stats.outcomes",
    "DirichletPosterior": "fairness.stats.bayes",
    "DriftResult": "fairness.stats.drift",
    "EValueResult": "fairness.stats.anytime",
    "FitResult": "fairness.stats.fit",
    "HomogeneityResult": "fairness.stats.homogeneity",
    "Interval": "fairness.stats.intervals",
    "LongestStreakResult": "fairness.stats.streaks",
    "MarkovResult": "fairness.stats.markov",
    "OutcomeTable": "fairness.stats.outcomes",
    "OverdispersionResult": "fairness.stats.homogeneity",
    "PityResult": "fairness.stats.pity",
    "Plan": "fairness.stats.power",
    "ReportingBias": "fairness.stats.bias",
    "RunsResult": "fairness.stats.runs",
    "ScriptedStartResult": "fairness.stats.scripted",
    "Sequences": "fairness.stats.sequences",
    "ValuePosterior": "fairness.stats.bayes",
    "ValueResult": "fairness.stats.value",
    "WithinSequencePermutations": "fairness.stats.sequences",
    "ZeroHits": "fairness.stats.outcomes",
    "adjust_pvalues": "fairness.stats.outcomes",
    "binomial_interval": "fairness.stats.intervals",
    "binomial_test": "fairness.stats.outcomes",
    "chisq_power": "fairness.stats.power",
    "chisq_sample_size": "fairness.stats.power",
    "combined_runs_test": "fairness.stats.runs",
    "dirichlet_posterior": "fairness.stats.bayes",
    "drift_test": "fairness.stats.drift",
    "evalue": "fairness.stats.anytime",
    "evalue_path": "fairness.stats.anytime",
    "expected_value_test": "fairness.stats.value",
    "goodness_of_fit": "fairness.stats.fit",
    "homogeneity_table_test": "fairness.stats.homogeneity",
    "homogeneity_test": "fairness.stats.homogeneity",
    "interval_pvalue": "fairness.stats.outcomes",
    "log_evalues": "fairness.stats.anytime",
    "longest_run_probabilities": "fairness.stats.streaks",
    "longest_streak_test": "fairness.stats.streaks",
    "markov_dependence_test": "fairness.stats.markov",
    "null_fit": "fairness.stats.anytime",
    "outcome_table": "fairness.stats.outcomes",
    "overdispersion_test": "fairness.stats.homogeneity",
    "pity_test": "fairness.stats.pity",
    "reporting_bias": "fairness.stats.bias",
    "runs_distribution": "fairness.stats.runs",
    "runs_test": "fairness.stats.runs",
    "scripted_start_test": "fairness.stats.scripted",
    "simultaneous_intervals": "fairness.stats.intervals",
    "spins_needed": "fairness.stats.power",
    "time_windows": "fairness.stats.drift",
    "zero_hits": "fairness.stats.outcomes",
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY)


if TYPE_CHECKING:
    # for type checkers and IDEs
    from fairness.stats.anytime import (
        EValueResult,
        evalue,
        evalue_composite,
        evalue_path,
        log_evalues,
        null_fit,
    )
    from fairness.stats.bayes import DirichletPosterior, ValuePosterior, dirichlet_posterior
    from fairness.stats.bias import ReportingBias, reporting_bias
    from fairness.stats.composite import (
        LikelihoodRatio,
        Polytope,
        composite_log_evalues,
        likelihood_ratio_test,
    )
    from fairness.stats.drift import DriftResult, drift_test, time_windows
    from fairness.stats.fit import FitResult, goodness_of_fit
    from fairness.stats.homogeneity import (
        HomogeneityResult,
        OverdispersionResult,
        homogeneity_table_test,
        homogeneity_test,
        overdispersion_test,
    )
    from fairness.stats.intervals import Interval, binomial_interval, simultaneous_intervals
    from fairness.stats.markov import MarkovResult, markov_dependence_test
    from fairness.stats.outcomes import (
        BinomialResult,
        OutcomeTable,
        ZeroHits,
        adjust_pvalues,
        binomial_test,
        interval_pvalue,
        never_seen_bound,
        outcome_table,
        spins_for_never_seen,
        zero_hits,
    )
    from fairness.stats.pity import PityResult, pity_test
    from fairness.stats.power import (
        Plan,
        chisq_power,
        chisq_sample_size,
        difference_plan,
        difference_spins,
        spins_needed,
    )
    from fairness.stats.runs import RunsResult, combined_runs_test, runs_distribution, runs_test
    from fairness.stats.scripted import ScriptedStartResult, scripted_start_test
    from fairness.stats.sequences import Sequences, WithinSequencePermutations
    from fairness.stats.streaks import (
        LongestStreakResult,
        longest_run_probabilities,
        longest_streak_test,
    )
    from fairness.stats.value import ValueResult, expected_value_test

__all__ = [
    "BinomialResult",
    "DirichletPosterior",
    "DriftResult",
    "EValueResult",
    "FitResult",
    "HomogeneityResult",
    "Interval",
    "LikelihoodRatio",
    "LongestStreakResult",
    "MarkovResult",
    "OutcomeTable",
    "OverdispersionResult",
    "PityResult",
    "Plan",
    "Polytope",
    "ReportingBias",
    "RunsResult",
    "ScriptedStartResult",
    "Sequences",
    "ValuePosterior",
    "ValueResult",
    "WithinSequencePermutations",
    "ZeroHits",
    "adjust_pvalues",
    "binomial_interval",
    "binomial_test",
    "chisq_power",
    "chisq_sample_size",
    "combined_runs_test",
    "composite_log_evalues",
    "difference_plan",
    "difference_spins",
    "dirichlet_posterior",
    "drift_test",
    "evalue",
    "evalue_composite",
    "evalue_path",
    "expected_value_test",
    "goodness_of_fit",
    "homogeneity_table_test",
    "homogeneity_test",
    "interval_pvalue",
    "likelihood_ratio_test",
    "log_evalues",
    "longest_run_probabilities",
    "longest_streak_test",
    "markov_dependence_test",
    "never_seen_bound",
    "null_fit",
    "outcome_table",
    "overdispersion_test",
    "pity_test",
    "reporting_bias",
    "runs_distribution",
    "runs_test",
    "scripted_start_test",
    "simultaneous_intervals",
    "spins_for_never_seen",
    "spins_needed",
    "time_windows",
    "zero_hits",
]
