"""Per-outcome tests: exact binomial tests, multiplicity and the zero-hits case.

Every outcome of a game is a binomial experiment: of ``n`` spins, ``k`` gave the outcome whose
stated chance is ``p``. This module tests each chance on its own (exact binomial test, a test of
an *interval* of allowed chances for rounded or one-sided claims), corrects p-values for testing
several outcomes at once, describes what zero hits of a rare prize do and do not say, and puts
it all in one table per game (:func:`outcome_table`). Confidence intervals, one outcome at a
time or simultaneous, are :mod:`fairness.stats.intervals`.

References
----------
1. Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits illustrated in
   the case of the binomial. *Biometrika* 26(4), 404-413.
2. Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
   *JASA* 22(158), 209-212.
3. Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial proportion.
   *Statistical Science* 16(2), 101-133.
4. Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison
   of seven methods. *Statistics in Medicine* 17(8), 857-872.
5. Schuirmann, D. J. (1987). A comparison of the two one-sided tests procedure and the power
   approach for assessing the equivalence of average bioavailability. *J. Pharmacokinetics and
   Biopharmaceutics* 15(6), 657-680.
6. Berger, R. L. & Hsu, J. C. (1996). Bioequivalence trials, intersection-union tests and
   equivalence confidence sets. *Statistical Science* 11(4), 283-319.
7. Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
   Journal of Statistics* 6(2), 65-70.
8. Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
   powerful approach to multiple testing. *JRSS B* 57(1), 289-300.
9. Hanley, J. A. & Lippman-Hand, A. (1983). If nothing goes wrong, is everything all right?
   Interpreting zero numerators. *JAMA* 249(13), 1743-1745.
10. Goodman, L. A. (1965). On simultaneous confidence intervals for multinomial proportions.
    *Technometrics* 7(2), 247-254.
11. Sison, C. P. & Glaz, J. (1995). Simultaneous confidence intervals and sample size
    determination for multinomial proportions. *JASA* 90(429), 366-369.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fairness.stats._distributions import binom_cdf, binom_sf, binomial_pvalue
from fairness.stats._result import Result
from fairness.stats._validation import (
    as_count,
    as_count_array,
    as_probability,
    as_probability_array,
    check_level,
    readonly,
)
from fairness.stats.intervals import (
    CI_METHODS,
    Interval,
    binomial_interval,
    simultaneous,
)

__all__ = [
    "BinomialResult",
    "OutcomeTable",
    "ZeroHits",
    "adjust_pvalues",
    "binomial_test",
    "interval_pvalue",
    "never_seen_bound",
    "outcome_table",
    "spins_for_never_seen",
    "zero_hits",
]

_ALTERNATIVES = ("two-sided", "less", "greater")
_ADJUST_METHODS = ("holm", "fdr_bh")


# --------------------------------------------------------------------------------------------
# single outcome

@dataclass(frozen=True)
class BinomialResult(Result):
    """Result of :func:`binomial_test`.

    Attributes
    ----------
    k, n : int
        Spins with the outcome, and all spins.
    stated : float
        The chance under the null hypothesis.
    alternative : str
        ``"two-sided"``, ``"less"`` or ``"greater"``.
    statistic : float
        The observed rate ``k / n`` (NaN when ``n == 0``).
    pvalue : float
        Exact binomial p-value (1 when ``n == 0``).
    """

    k: int
    n: int
    stated: float
    alternative: str
    statistic: float
    pvalue: float

    def confidence_interval(self, level: float = 0.95, method: str = "clopper-pearson") -> Interval:
        r"""Confidence interval for the chance of the outcome.

        Parameters
        ----------
        level : float
            Confidence level in (0, 1).
        method : {"clopper-pearson", "wilson", "jeffreys"}
            - ``"clopper-pearson"``: exact interval [1]_ from Beta quantiles
              :math:`B(\alpha/2; k, n-k+1)`, :math:`B(1-\alpha/2; k+1, n-k)`; coverage is at
              least ``level`` for every chance, at the price of being conservative.
            - ``"wilson"``: score interval [2]_; coverage close to ``level`` on average,
              recommended by [3]_ and [4]_ for moderate ``n``.
            - ``"jeffreys"``: equal-tailed Beta(k + 1/2, n - k + 1/2) quantiles, with the lower
              end set to 0 when ``k == 0`` and the upper end to 1 when ``k == n``, as modified
              in [3]_ (section 4.1.2).

        Returns
        -------
        Interval
            Follows :attr:`alternative` like :meth:`scipy.stats.binomtest`: for ``"less"`` the
            interval is ``[0, upper bound]``, for ``"greater"`` ``[lower bound, 1]``, each one-sided
            at ``level``. With ``n == 0`` the interval is ``[0, 1]``.

        References
        ----------
        .. [1] Clopper & Pearson (1934), Biometrika 26, 404-413.
        .. [2] Wilson (1927), JASA 22, 209-212.
        .. [3] Brown, Cai & DasGupta (2001), Statistical Science 16, 101-133.
        .. [4] Newcombe (1998), Statistics in Medicine 17, 857-872.
        """
        level = check_level(level)
        if method not in CI_METHODS:
            raise ValueError(f"method must be one of {CI_METHODS}, got {method!r}")
        if self.alternative != "two-sided" and level < 0.5:
            raise ValueError(f"level must be at least 0.5 for a one-sided interval, got {level}")
        if self.n == 0:
            return Interval(0.0, 1.0, level, method)
        # All three intervals are equal-tailed, so a one-sided bound at `level` is the matching
        # end of the two-sided interval at 2 * level - 1.
        two_sided_level = level if self.alternative == "two-sided" else 2.0 * level - 1.0
        low, high = binomial_interval(self.k, self.n, two_sided_level, method)
        if self.alternative == "less":
            low = 0.0
        elif self.alternative == "greater":
            high = 1.0
        return Interval(low, high, level, method)

    def to_frame(self) -> pd.DataFrame:
        """One row with the inputs, ``statistic`` and ``pvalue``."""
        return pd.DataFrame(
            [
                {
                    "k": self.k,
                    "n": self.n,
                    "stated": self.stated,
                    "alternative": self.alternative,
                    "statistic": self.statistic,
                    "pvalue": self.pvalue,
                }
            ]
        )


def binomial_test(k: int, n: int, p: float, alternative: str = "two-sided") -> BinomialResult:
    r"""Exact binomial test of H0: the chance of the outcome is ``p``.

    The p-value is that of :func:`scipy.stats.binomtest`, identical to R's ``binom.test``: for the
    two-sided alternative it sums the probabilities of all counts no more likely than ``k``
    under Binomial(n, p) (with a small relative tolerance for ties).

    Parameters
    ----------
    k : int
        Spins with the outcome, ``0 <= k <= n``.
    n : int
        All spins.
    p : float
        The stated chance, in [0, 1].
    alternative : {"two-sided", "less", "greater"}
        ``"less"``: the true chance is below ``p``; ``"greater"``: above.

    Returns
    -------
    BinomialResult
        ``statistic`` is ``k / n``. With ``n == 0`` there is no evidence: ``pvalue`` 1,
        ``statistic`` NaN and the confidence interval [0, 1].

    Notes
    -----
    Exact for any ``n``; no large-sample condition. The spins must be independent with a common
    chance (the binomial model).
    """
    k = as_count(k, "k")
    n = as_count(n, "n")
    if k > n:
        raise ValueError(f"k must not exceed n, got k={k}, n={n}")
    p = as_probability(p, "p")
    if alternative not in _ALTERNATIVES:
        raise ValueError(f"alternative must be one of {_ALTERNATIVES}, got {alternative!r}")
    if n == 0:
        return BinomialResult(k, n, p, alternative, math.nan, 1.0)
    pvalue = binomial_pvalue(k, n, p, alternative)
    return BinomialResult(k, n, p, alternative, k / n, min(1.0, max(0.0, pvalue)))


def interval_pvalue(k: int, n: int, lower: float, upper: float) -> float:
    r"""Two-sided p-value for H0: the chance lies in ``[lower, upper]``.

    Operators round their stated chances ("5%" may be 4.5-5.5%) or make one-sided claims ("at
    least 30%"), so the null hypothesis is an interval of chances rather than a point. The test
    is the union of two one-sided exact binomial tests at the ends of the interval [5]_, [6]_:

    .. math::

        p = \min\{1,\; 2 \min[P_{\text{lower}}(X \le k),\; P_{\text{upper}}(X \ge k)]\},
        \qquad X \sim \text{Binomial}(n, \cdot).

    ``P_lower(X <= k)`` is the largest probability of a count this small over chances in the
    interval (the binomial CDF decreases in the chance), and likewise ``P_upper(X >= k)`` for a
    count this large, so the test has size at most its nominal level for every chance in
    ``[lower, upper]``. Doubling the smaller tail makes it a two-sided test; it is conservative
    (exact tails are discrete, and the doubling is a Bonferroni bound). When ``lower == upper``
    it reduces to the doubled one-sided ("central") exact binomial test, which is not the same
    as R's ``binom.test`` p-value (that one orders counts by probability).

    Edge cases: with ``lower == 0`` a count can never be "too small" (``P_0(X <= k) = 1``), so
    only the upper tail counts; with ``upper == 1`` only the lower tail counts; with ``n == 0``
    the p-value is 1.

    Parameters
    ----------
    k, n : int
        Spins with the outcome and all spins, ``0 <= k <= n``.
    lower, upper : float
        Ends of the allowed interval, ``0 <= lower <= upper <= 1``.

    Returns
    -------
    float
        The p-value in [0, 1].

    References
    ----------
    .. [5] Schuirmann (1987), J. Pharmacokinetics and Biopharmaceutics 15, 657-680.
    .. [6] Berger & Hsu (1996), Statistical Science 11, 283-319.
    """
    k = as_count(k, "k")
    n = as_count(n, "n")
    if k > n:
        raise ValueError(f"k must not exceed n, got k={k}, n={n}")
    lower = as_probability(lower, "lower")
    upper = as_probability(upper, "upper")
    if lower > upper:
        raise ValueError(f"lower must not exceed upper, got lower={lower}, upper={upper}")
    if n == 0:
        return 1.0
    # The binomial tails are exact at the ends too (cdf(k; n, 0) = 1, sf(k - 1; n, 1) = 1),
    # but spell them out so that the meaning of a one-sided claim does not hang on floating point.
    too_small = 1.0 if lower == 0.0 else float(binom_cdf(k, n, lower))
    too_large = 1.0 if (upper == 1.0 or k == 0) else float(binom_sf(k - 1, n, upper))
    return float(min(1.0, max(0.0, 2.0 * min(too_small, too_large))))


# --------------------------------------------------------------------------------------------
# several outcomes


def adjust_pvalues(pvalues: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjust p-values for testing several outcomes at once.

    Parameters
    ----------
    pvalues : array_like
        1-D p-values in [0, 1]. NaN entries (a test that could not be run) are kept as NaN and
        do not count towards the number of tests.
    method : {"holm", "fdr_bh"}
        ``"holm"``: Holm's step-down procedure [7]_, controls the family-wise error rate under any
        dependence; ``"fdr_bh"``: Benjamini-Hochberg [8]_, controls the false discovery rate
        for independent or positively dependent tests (use it across many campaigns). Both
        give the numbers of :func:`statsmodels.stats.multitest.multipletests`, computed here
        (a few array operations; statsmodels would cost its import and runs a full garbage
        collection on every call).

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, same shape.

    References
    ----------
    .. [7] Holm (1979), Scandinavian Journal of Statistics 6, 65-70.
    .. [8] Benjamini & Hochberg (1995), JRSS B 57, 289-300.
    """
    if method not in _ADJUST_METHODS:
        raise ValueError(f"method must be one of {_ADJUST_METHODS}, got {method!r}")
    try:
        values = np.asarray(pvalues, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError("pvalues must be a 1-D array of numbers") from exc
    if values.ndim != 1:
        raise ValueError(f"pvalues must be 1-D, got shape {values.shape}")
    finite = ~np.isnan(values)
    if np.any((values[finite] < 0.0) | (values[finite] > 1.0)):
        raise ValueError("pvalues must lie in [0, 1]")
    adjusted = np.full(values.shape, np.nan)
    if finite.any():
        adjust = _holm if method == "holm" else _benjamini_hochberg
        adjusted[finite] = adjust(values[finite])
    return np.clip(adjusted, 0.0, 1.0)


def _holm(pvalues: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values: max over j <= i of (m - j + 1) p_(j), capped at 1,
    for the p-values in increasing order p_(1) <= ... <= p_(m)."""
    order = np.argsort(pvalues, kind="stable")
    count = pvalues.size
    stepped = np.maximum.accumulate(pvalues[order] * np.arange(count, 0, -1))
    adjusted = np.empty(count)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


def _benjamini_hochberg(pvalues: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values: min over j >= i of m p_(j) / j, capped at 1, for
    the p-values in increasing order p_(1) <= ... <= p_(m)."""
    order = np.argsort(pvalues, kind="stable")
    count = pvalues.size
    scaled = pvalues[order] * count / np.arange(1, count + 1)
    stepped = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(count)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


@dataclass(frozen=True)
class ZeroHits(Result):
    r"""What ``n`` spins without a single hit of an outcome say about its chance.

    Attributes
    ----------
    n : int
        Spins, none of which gave the outcome.
    stated : float
        The stated chance.
    chance_of_none : float
        :math:`(1 - \mathrm{stated})^n`, the probability of seeing no hit at all if the stated
        chance is true: the exact one-sided p-value against "the chance is lower".
    upper_bound : float
        :math:`1 - (1 - \mathrm{level})^{1/n}`, the exact one-sided Clopper-Pearson upper
        confidence bound on the chance after zero hits (1 when ``n == 0``).
    rule_of_three : float
        ``3 / n``, the approximation of ``upper_bound`` for ``level = 0.95`` (capped at 1).
    level : float
        Confidence level of ``upper_bound``.
    """

    n: int
    stated: float
    chance_of_none: float
    upper_bound: float
    rule_of_three: float
    level: float

    def to_frame(self) -> pd.DataFrame:
        """One row with every field."""
        return pd.DataFrame(
            [
                {
                    "n": self.n,
                    "stated": self.stated,
                    "chance_of_none": self.chance_of_none,
                    "upper_bound": self.upper_bound,
                    "rule_of_three": self.rule_of_three,
                    "level": self.level,
                }
            ]
        )


def zero_hits(n: int, stated: float, level: float = 0.95) -> ZeroHits:
    r"""Describe ``n`` spins with zero hits of an outcome whose stated chance is ``stated``.

    .. math::

        P(\text{no hit}) = (1 - \text{stated})^n, \qquad
        \text{upper bound} = 1 - (1 - \text{level})^{1/n}.

    The upper bound is the exact one-sided Clopper-Pearson bound for 0 successes: the largest
    chance under which zero hits in ``n`` spins still has probability ``1 - level``. The "rule of
    three" [9]_, ``3 / n``, approximates it for ``level = 0.95`` (since ``-ln 0.05 = 3.0``) and
    is accurate for ``n`` above about 30; it is only meant for ``level = 0.95`` and is reported
    as ``min(1, 3 / n)``.

    Parameters
    ----------
    n : int
        Spins observed, all without the outcome.
    stated : float
        Stated chance, in [0, 1].
    level : float
        Confidence level of the upper bound, in (0, 1).

    Returns
    -------
    ZeroHits
        With ``n == 0``: ``chance_of_none`` 1, ``upper_bound`` 1, ``rule_of_three`` 1.

    References
    ----------
    .. [9] Hanley & Lippman-Hand (1983), JAMA 249, 1743-1745.
    """
    n = as_count(n, "n")
    stated = as_probability(stated, "stated")
    level = check_level(level)
    if n == 0:
        return ZeroHits(n, stated, 1.0, 1.0, 1.0, level)
    # expm1/log1p keep precision for the tiny chances of top prizes
    chance_of_none = math.exp(n * math.log1p(-stated)) if stated < 1.0 else 0.0
    upper_bound = -math.expm1(math.log1p(-level) / n)
    return ZeroHits(n, stated, chance_of_none, upper_bound, min(1.0, 3.0 / n), level)


def never_seen_bound(n: int, level: float = 0.95) -> float:
    r"""Upper confidence bound on the chance of an outcome seen 0 times in ``n`` spins.

    .. math:: 1 - (1 - \text{level})^{1/n}

    the exact one-sided Clopper-Pearson bound for zero successes (:func:`zero_hits`): if the
    chance were higher, seeing it ``0`` times would have probability below ``1 - level``.
    ``n = 30000`` gives ``9.985e-5``, "below 1 in 10,015" (the rule of three: ``3/n = 1e-4``).
    1 when ``n == 0``.
    """
    n = as_count(n, "n")
    level = check_level(level)
    return 1.0 if n == 0 else -math.expm1(math.log1p(-level) / n)


def spins_for_never_seen(below: float, level: float = 0.95) -> int:
    r"""Spins without a hit needed to bound an outcome's chance below ``below``.

    The smallest ``n`` with :func:`never_seen_bound` ``(n, level) < below``:
    ``n = floor(ln(1 - level) / ln(1 - below)) + 1``. For ``below = 1/1000`` and 95%:
    2,995 spins (the rule of three says 3,000); at ``level = 0.975`` (the upper end of the
    two-sided 95% interval, as the verdict uses it) 3,688.
    """
    below = as_probability(below, "below")
    level = check_level(level)
    if not 0 < below < 1:
        raise ValueError("below must be a chance strictly between 0 and 1")
    n = math.floor(math.log1p(-level) / math.log1p(-below)) + 1
    while n > 1 and never_seen_bound(n - 1, level) < below:  # floating point guard
        n -= 1
    while never_seen_bound(n, level) >= below:
        n += 1
    return n


@dataclass(frozen=True)
class OutcomeTable(Result):
    """Per-outcome results for a game (see :func:`outcome_table`).

    Arrays are aligned with ``labels``. ``sim_method`` says which method produced the
    simultaneous intervals (after the Sison-Glaz to Goodman fallback, if any).
    """

    labels: tuple[str, ...]
    stated: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    observed: np.ndarray
    n: int
    rate: np.ndarray
    ratio: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    sim_low: np.ndarray
    sim_high: np.ndarray
    pvalue: np.ndarray
    p_holm: np.ndarray
    p_bh: np.ndarray
    level: float
    sim_method: str = "sison-glaz"

    def to_frame(self) -> pd.DataFrame:
        """One row per outcome: label, stated, lower, upper, observed, n, rate, ratio, ci_low,
        ci_high, sim_low, sim_high, pvalue, p_holm, p_bh."""
        return pd.DataFrame(
            {
                "label": list(self.labels),
                "stated": self.stated,
                "lower": self.lower,
                "upper": self.upper,
                "observed": self.observed,
                "n": np.full(len(self.labels), self.n, dtype=np.int64),
                "rate": self.rate,
                "ratio": self.ratio,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "sim_low": self.sim_low,
                "sim_high": self.sim_high,
                "pvalue": self.pvalue,
                "p_holm": self.p_holm,
                "p_bh": self.p_bh,
            }
        )


def outcome_table(
    observed: Sequence[int] | np.ndarray,
    stated: Sequence[float] | np.ndarray,
    lower: Sequence[float] | np.ndarray | None = None,
    upper: Sequence[float] | np.ndarray | None = None,
    labels: Sequence[str] | None = None,
    level: float = 0.95,
) -> OutcomeTable:
    r"""Test every outcome of a game on its own, with intervals and multiplicity corrections.

    For outcome *i* with :math:`k_i` of :math:`n = \sum k` spins:

    - ``rate`` :math:`= k_i / n`; ``ratio`` = rate / stated (NaN when the stated chance is 0
      or unstated);
    - ``ci_low``, ``ci_high``: exact Clopper-Pearson interval at ``level``;
    - ``sim_low``, ``sim_high``: simultaneous intervals at ``level``
      (:func:`simultaneous_intervals`, Sison-Glaz with the Goodman fallback);
    - ``pvalue``: :func:`interval_pvalue` of H0: chance in ``[lower_i, upper_i]`` (both default to
      the stated chance, giving the doubled one-sided exact test);
    - ``p_holm``, ``p_bh``: the p-values adjusted across outcomes by Holm and
      Benjamini-Hochberg (:func:`adjust_pvalues`).

    The per-outcome tests are exact for any ``n``; the simultaneous intervals are large-sample
    approximations. Outcomes are tested marginally, each against its own binomial.

    Parameters
    ----------
    observed : array_like of int
        Counts of each outcome.
    stated : array_like of float
        Stated chances, each in [0, 1] (they are not renormalised); NaN for an outcome whose
        chance the operator does not state: it gets its rate and interval, no test (its
        ``pvalue`` is NaN and it does not count in the corrections).
    lower, upper : array_like of float, optional
        Allowed interval of each chance (from the rounding of the stated figure or a one-sided
        claim); default ``stated``. Need ``lower <= upper``.
    labels : sequence of str, optional
        Outcome names; default ``"0"``, ``"1"``, ...
    level : float
        Level of the confidence intervals.

    Returns
    -------
    OutcomeTable
    """
    counts = as_count_array(observed, "observed")
    size = counts.size
    try:
        stated_in = np.asarray(stated, dtype=float)
    except (TypeError, ValueError):
        stated_in = stated  # let the check below name the problem
    # NaN: the operator states no chance for that outcome (estimated, not tested).
    unstated = np.zeros(size, bool)
    if isinstance(stated_in, np.ndarray) and stated_in.shape == (size,):
        unstated = np.isnan(stated_in)
        stated_in = np.where(unstated, 0.0, stated_in)
    stated_arr = as_probability_array(stated_in, "stated", size)
    lower_arr = stated_arr.copy() if lower is None else as_probability_array(lower, "lower", size)
    upper_arr = stated_arr.copy() if upper is None else as_probability_array(upper, "upper", size)
    stated_arr = np.where(unstated, np.nan, stated_arr)
    if np.any(lower_arr > upper_arr):
        raise ValueError("lower must not exceed upper for any outcome")
    if labels is None:
        label_tuple = tuple(str(i) for i in range(size))
    else:
        label_tuple = tuple(str(label) for label in labels)
        if len(label_tuple) != size:
            raise ValueError(f"labels must have {size} entries, got {len(label_tuple)}")
    level = check_level(level)

    n = int(counts.sum())
    rate = counts / n if n > 0 else np.full(size, np.nan)
    ratio = np.full(size, np.nan)
    stated_positive = stated_arr > 0.0
    ratio[stated_positive] = rate[stated_positive] / stated_arr[stated_positive]
    ci_low = np.empty(size)
    ci_high = np.empty(size)
    pvalue = np.empty(size)
    for i, k in enumerate(counts.tolist()):
        if n == 0:
            ci_low[i], ci_high[i] = 0.0, 1.0
        else:
            ci_low[i], ci_high[i] = binomial_interval(k, n, level, "clopper-pearson")
        pvalue[i] = (np.nan if unstated[i] else
                     interval_pvalue(k, n, float(lower_arr[i]), float(upper_arr[i])))
    sim_low, sim_high, sim_method = simultaneous(counts, level, "sison-glaz")
    return OutcomeTable(
        labels=label_tuple,
        stated=readonly(stated_arr),
        lower=readonly(lower_arr),
        upper=readonly(upper_arr),
        observed=readonly(counts),
        n=n,
        rate=readonly(np.asarray(rate, dtype=float)),
        ratio=readonly(np.asarray(ratio, dtype=float)),
        ci_low=readonly(ci_low),
        ci_high=readonly(ci_high),
        sim_low=readonly(sim_low),
        sim_high=readonly(sim_high),
        pvalue=readonly(pvalue),
        p_holm=readonly(adjust_pvalues(pvalue, "holm")),
        p_bh=readonly(adjust_pvalues(pvalue, "fdr_bh")),
        level=level,
        sim_method=sim_method,
    )
