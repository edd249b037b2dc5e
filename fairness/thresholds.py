"""Every decision number of the analysis and the verdict, in one place.

:class:`Thresholds` holds the levels a finding must clear and the minimum data a test needs
before it is run. ``fairness.analysis`` (planning target), ``fairness.dependence`` (which tests
run, the family level) and ``fairness.decision`` (levels, words, the card) read them from here,
so the flow stays one way: thresholds -> analysis -> verdict. The verdict's ``alpha``
(``1/alpha`` for "inconsistent") is an argument of ``analyze()``, not a threshold here.

Numbers that only set the cost of a computation (Monte Carlo draws, sample sizes on large data)
are not decisions and stay beside the code they tune.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT", "Thresholds"]


@dataclass(frozen=True)
class Thresholds:
    """The thresholds of the verdict and the minima of the tests (defaults documented inline).

    Attributes
    ----------
    suspicious_evalue : float
        An e-value at or above this (but below ``1/alpha``) is moderate evidence: "suspicious".
        10 is Jeffreys' "strong" Bayes factor and the usual e-value rule of thumb.
    weak_evalue : float
        Below ``suspicious_evalue``, an e-value at or above this is called weak evidence in
        words (it changes no level); 3 is Jeffreys' "substantial" Bayes factor.
    zero_hits_strong : float
        An allowed prize never seen is a "suspicious" finding when the chance of seeing it
        zero times at its stated chance is below this.
    never_seen_level : float
        One-sided level of the upper bound on a shown prize never seen. 0.975 makes the bound
        the upper end of the two-sided 95% Clopper-Pearson interval that the outcome tables
        show, so the finding and the table give the same number (30,000 spins: below 1 in
        8,100).
    dependence_alpha : float
        Holm-adjusted level of the dependence family (sequence, personalisation, drift).
    forbidden_reporters : int
        A forbidden outcome seen from this many reporters (or this many times when reporters
        are unknown) violates the rules; fewer is "suspicious" (one report may be a typo).
    plan_ratio, plan_power : float
        "Enough data" means the e-value would reach ``1/alpha`` with probability
        ``plan_power`` if the rarest valuable prize came at ``plan_ratio`` times its chance.
    min_sequence : int
        Spins of one reporter, in order, for the sequence tests to use the reporter.
    min_reporters : int
        Reporters with ``min_sequence`` spins needed before the sequence tests run.
    min_segment_spins : int
        Spins a segment needs to enter the segment comparison (two such segments needed).
    min_timed_spins : int
        Spins with a time needed before the drift scans run.
    min_complete_log : int
        A reporter's log is complete when it holds at least this many spins numbered without
        gaps (see :func:`fairness.logs.complete_logs`).
    min_complete_spins : int
        Spins in complete logs needed before the fit on complete logs is reported.
    min_overdispersion_reporters : int
        Reporters needed before the C(alpha) test's normal approximation replaces a Monte
        Carlo contingency test on large sparse data.
    """

    suspicious_evalue: float = 10.0
    weak_evalue: float = 3.0
    zero_hits_strong: float = 0.01
    never_seen_level: float = 0.975
    dependence_alpha: float = 0.01
    forbidden_reporters: int = 2
    plan_ratio: float = 0.5
    plan_power: float = 0.8
    min_sequence: int = 5
    min_reporters: int = 10
    min_segment_spins: int = 20
    min_timed_spins: int = 200
    min_complete_log: int = 20
    min_complete_spins: int = 100
    min_overdispersion_reporters: int = 200

    def __post_init__(self):
        for name in ("suspicious_evalue", "weak_evalue"):
            if not getattr(self, name) > 1:
                raise ValueError(f"{name} must be > 1, not {getattr(self, name)}")
        if self.weak_evalue > self.suspicious_evalue:
            raise ValueError("weak_evalue must not exceed suspicious_evalue")
        for name in ("zero_hits_strong", "never_seen_level", "dependence_alpha", "plan_power"):
            if not 0 < getattr(self, name) < 1:
                raise ValueError(f"{name} must be in (0, 1), not {getattr(self, name)}")
        if not self.plan_ratio > 0 or self.plan_ratio == 1:
            raise ValueError(f"plan_ratio must be > 0 and not 1, not {self.plan_ratio}")
        for name in ("forbidden_reporters", "min_sequence", "min_reporters", "min_segment_spins",
                     "min_timed_spins", "min_complete_log", "min_complete_spins",
                     "min_overdispersion_reporters"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
            if value < 1:
                raise ValueError(f"{name} must be >= 1, not {value}")


DEFAULT = Thresholds()
