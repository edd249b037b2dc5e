"""Confidence intervals for the chance of each outcome: one at a time or simultaneous.

:class:`Interval`                 an interval with its level and method;
:func:`binomial_interval`         Clopper-Pearson [1]_, Wilson [2]_ or Jeffreys [3]_ [4]_ for one
                                  outcome;
:func:`simultaneous_intervals`    Sison-Glaz [11]_ (Goodman's [10]_ as the fallback) for every
                                  outcome at once.

References
----------
.. [1] C. J. Clopper and E. S. Pearson (1934). The use of confidence or fiducial limits
   illustrated in the case of the binomial. *Biometrika* 26(4), 404-413.
.. [2] E. B. Wilson (1927). Probable inference, the law of succession, and statistical
   inference. *JASA* 22(158), 209-212.
.. [3] L. D. Brown, T. T. Cai and A. DasGupta (2001). Interval estimation for a binomial
   proportion. *Statistical Science* 16(2), 101-133.
.. [4] R. G. Newcombe (1998). Two-sided confidence intervals for the single proportion:
   comparison of seven methods. *Statistics in Medicine* 17(8), 857-872.
.. [10] L. A. Goodman (1965). On simultaneous confidence intervals for multinomial proportions.
   *Technometrics* 7(2), 247-254.
.. [11] C. P. Sison and J. Glaz (1995). Simultaneous confidence intervals and sample size
   determination for multinomial proportions. *JASA* 90(429), 366-369.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from fairness.stats._distributions import (
    beta_isf,
    beta_ppf,
    chi2_isf,
    norm_isf,
    norm_pdf,
    poisson_logpmf,
)
from fairness.stats._result import Result
from fairness.stats._validation import as_count_array, check_level

__all__ = ["Interval", "binomial_interval", "clopper_pearson", "simultaneous_intervals"]

CI_METHODS = ("clopper-pearson", "wilson", "jeffreys")
SIMULTANEOUS_METHODS = ("sison-glaz", "goodman")


@dataclass(frozen=True)
class Interval(Result):
    """A confidence interval ``[low, high]`` with its level and method."""

    low: float
    high: float
    level: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """One row: ``low``, ``high``, ``level``, ``method``."""
        return pd.DataFrame(
            [{"low": self.low, "high": self.high, "level": self.level, "method": self.method}]
        )


def clopper_pearson(k, n, level: float) -> tuple[np.ndarray, np.ndarray]:
    r"""Clopper-Pearson intervals [1]_ for ``k`` hits of ``n >= 1`` spins (arrays broadcast).

    :math:`[B^{-1}(\alpha/2;\, k, n - k + 1),\; B^{-1}(1 - \alpha/2;\, k + 1, n - k)]` with
    :math:`\alpha = 1 - \text{level}` and :math:`B^{-1}` the Beta quantile; the low end is 0 at
    ``k == 0`` and the high end 1 at ``k == n``. Exact: the coverage is at least ``level``
    for every chance. The same numbers as statsmodels' ``proportion_confint(method="beta")``.
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    half = (1.0 - float(level)) / 2.0
    low = np.where(k > 0, beta_ppf(half, np.where(k > 0, k, 1.0), n - k + 1.0), 0.0)
    high = np.where(k < n, beta_isf(half, k + 1.0, np.where(k < n, n - k, 1.0)), 1.0)
    return low, high


def binomial_interval(k: int, n: int, level: float, method: str) -> tuple[float, float]:
    r"""Two-sided equal-tailed interval for ``k`` of ``n >= 1`` spins at ``level``.

    ``"clopper-pearson"``: :func:`clopper_pearson`. ``"jeffreys"``: the equal-tailed interval of
    the Beta(k + 1/2, n - k + 1/2) posterior, with the ends set to 0 at ``k == 0`` and 1 at
    ``k == n`` as Brown, Cai & DasGupta [3]_ advise (else its coverage collapses at the edges).
    ``"wilson"``: the score interval [2]_,
    :math:`\frac{\hat p + z^2/2n \pm z \sqrt{\hat p (1 - \hat p)/n + z^2/4n^2}}{1 + z^2/n}`.
    """
    alpha = 1.0 - level
    if method == "clopper-pearson":
        low, high = clopper_pearson(k, n, level)
    elif method == "wilson":
        z = float(norm_isf(alpha / 2.0))
        rate = k / n
        shrink = 1.0 + z * z / n
        centre = (rate + z * z / (2.0 * n)) / shrink
        half_width = z * math.sqrt(rate * (1.0 - rate) / n + z * z / (4.0 * n * n)) / shrink
        low, high = centre - half_width, centre + half_width
    else:
        low = 0.0 if k == 0 else beta_ppf(alpha / 2.0, k + 0.5, n - k + 0.5)
        high = 1.0 if k == n else beta_isf(alpha / 2.0, k + 0.5, n - k + 0.5)
    low, high = float(low), float(high)
    rate = k / n
    # guard floating-point noise: the interval always contains the estimate and lies in [0, 1]
    return max(0.0, min(low, rate)), min(1.0, max(high, rate))


def _sison_glaz_coverage(counts: np.ndarray, half_width: int) -> float:
    """Sison & Glaz (1995) approximation, their eq. (1) with (7), of the probability that a
    multinomial with the observed shares falls in the box ``counts -/+ half_width``.

    Each cell is a Poisson(count_i) variable truncated to its side of the box; the multinomial
    is that product conditioned on the total ``n``, whose density at ``n`` is approximated by an
    Edgeworth expansion with the summed truncated moments.
    """
    total = float(counts.sum())
    rate = counts.astype(float)
    low = np.maximum(rate - half_width, 0.0)
    high = np.minimum(rate + half_width, total)

    def poisson_cdf(k: np.ndarray) -> np.ndarray:
        # scipy.special.pdtr is poisson.cdf without the distribution-object overhead, which
        # dominated here (this runs ~200 times per table); it gives NaN below 0 where the cdf is 0.
        return np.where(k < 0, 0.0, special.pdtr(np.maximum(k, 0.0), rate))

    def box_probability(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        return poisson_cdf(hi) - poisson_cdf(lo - 1.0)

    inside = box_probability(low, high)
    # factorial moments of a truncated Poisson: lambda^r P(lo - r <= Y <= hi - r) / P(box)
    factorial = [rate**r * box_probability(low - r, high - r) / inside for r in range(1, 5)]
    f1, f2, f3, f4 = factorial
    mean = f1
    var = f2 + mean - mean**2
    third = f3 + f2 * (3 - 3 * mean) + mean - 3 * mean**2 + 2 * mean**3
    fourth = (
        f4
        + f3 * (6 - 4 * mean)
        + f2 * (7 - 12 * mean + 6 * mean**2)
        + mean
        - 4 * mean**2
        + 6 * mean**3
        - 3 * mean**4
    )
    var_sum = var.sum()
    skew = third.sum() / var_sum**1.5
    kurt = (fourth.sum() - 3 * (var**2).sum()) / var_sum**2
    x = (total - mean.sum()) / math.sqrt(var_sum)
    hermite3 = x**3 - 3 * x
    hermite4 = x**4 - 6 * x**2 + 3
    hermite6 = x**6 - 15 * x**4 + 45 * x**2 - 15
    edgeworth = norm_pdf(x) * (
        1 + skew * hermite3 / 6 + kurt * hermite4 / 24 + skew**2 * hermite6 / 72
    )
    density = edgeworth / math.sqrt(var_sum)
    if not (math.isfinite(density) and density > 0.0):
        return math.nan  # the expansion went negative: outside its range
    log_coverage = np.log(inside).sum() + math.log(density) - poisson_logpmf(total, total)
    return float(math.exp(log_coverage))


def _sison_glaz(counts: np.ndarray, level: float) -> np.ndarray | None:
    """Sison-Glaz intervals as rows (low, high), or None when the approximation breaks down.

    Same rule as ``statsmodels.stats.proportion.multinomial_proportions_confint`` and R's
    MultinomialCI: find the integer ``c`` with nu(c) <= level < nu(c + 1) (nu(0) taken as 0,
    nu(c) = 1 once c >= n), then [p - c/n, p + (c + 2g)/n] with g = (level - nu(c)) /
    (nu(c + 1) - nu(c)). statsmodels scans c = 0, 1, 2, ... which takes seconds to minutes at
    10^5-10^6 spins; nu increases with c, so a bisection finds the same c in ~log2(n) steps.
    """
    total = int(counts.sum())

    def coverage(half_width: int) -> float:
        if half_width <= 0:
            return 0.0
        if half_width >= total:
            return 1.0
        try:
            return _sison_glaz_coverage(counts, half_width)
        except (ValueError, ZeroDivisionError, OverflowError):
            return math.nan

    # smallest c' in [1, n] with nu(c') > level; nu(n) = 1 > level, so it exists
    lo, hi = 1, total
    with np.errstate(all="ignore"):
        while lo < hi:
            mid = (lo + hi) // 2
            value = coverage(mid)
            if not math.isfinite(value):
                return None
            if value > level:
                hi = mid
            else:
                lo = mid + 1
        half_width = lo - 1
        below, above = coverage(half_width), coverage(half_width + 1)
        first, before = coverage(1), coverage(half_width - 1)
    # Far outside its range (one cell holding nearly every spin, very few spins) the Edgeworth
    # expansion gives "coverages" above 1, not increasing in c, or never reaching the level
    # before the box spans every possible count; such intervals would be meaningless.
    if not (
        0.0 <= before <= below <= level < above <= 1.01 and first <= 1.01 and half_width + 1 < total
    ):
        return None
    gamma = (level - below) / (above - below)
    rate = counts / total
    return np.column_stack(
        [
            np.maximum(rate - half_width / total, 0.0),
            np.minimum(rate + (half_width + 2 * gamma) / total, 1.0),
        ]
    )


def _goodman(counts: np.ndarray, level: float) -> np.ndarray:
    r"""Goodman's [10]_ simultaneous intervals as rows (low, high): each outcome's score
    interval at the Bonferroni level, with :math:`c = \chi^2_{1}` quantile at
    :math:`1 - (1 - \text{level}) / k`,

    .. math:: \frac{2 n \hat p + c \pm \sqrt{c^2 + 4 n c \hat p (1 - \hat p)}}{2 (n + c)}.

    The same numbers as statsmodels' ``multinomial_proportions_confint(method="goodman")``.
    """
    total = float(counts.sum())
    rate = counts / total
    c = float(chi2_isf((1.0 - level) / counts.size, 1))
    spread = np.sqrt(c * c + 4.0 * total * c * rate * (1.0 - rate))
    centre = 2.0 * total * rate + c
    return np.column_stack([centre - spread, centre + spread]) / (2.0 * (total + c))


def simultaneous(
    counts: np.ndarray, level: float, method: str
) -> tuple[np.ndarray, np.ndarray, str]:
    """Simultaneous intervals and the method that produced them (after any fallback)."""
    size = counts.size
    total = int(counts.sum())
    if size == 0:
        return np.empty(0), np.empty(0), method
    if total == 0:
        return np.zeros(size), np.ones(size), method
    region = None
    used = method
    if method == "sison-glaz" and size >= 3:
        region = _sison_glaz(counts, level)
    if region is None:
        used = "goodman"
        region = _goodman(counts, level)
    rate = counts / total
    # floating-point guard: each interval holds its estimate and lies in [0, 1]
    low = np.clip(np.minimum(region[:, 0], rate), 0.0, 1.0)
    high = np.clip(np.maximum(region[:, 1], rate), 0.0, 1.0)
    return low, high, used


def simultaneous_intervals(
    observed: Sequence[int] | np.ndarray, level: float = 0.95, method: str = "sison-glaz"
) -> tuple[np.ndarray, np.ndarray]:
    """Simultaneous confidence intervals for all chances of a multinomial.

    All intervals cover their chances at once with probability about ``level``, so they can be
    read side by side without a multiplicity correction.

    Parameters
    ----------
    observed : array_like of int
        Counts of each outcome.
    level : float
        Joint confidence level, in (0, 1).
    method : {"sison-glaz", "goodman"}
        ``"goodman"`` [10]_: Bonferroni-adjusted score intervals from a chi-square approximation;
        conservative, valid when every count is at least about 5. ``"sison-glaz"`` [11]_:
        intervals of common width ``[rate - c/n, rate + (c + 2g)/n]`` from an Edgeworth
        approximation of the multinomial; closer to the nominal level, designed for many
        categories (its authors use seven or more). Both give the numbers of
        :func:`statsmodels.stats.proportion.multinomial_proportions_confint`.

        Both are computed here from their formulas (Sison-Glaz: [11]_, eqs. 1 and 7), with the same
        rule for ``c`` as statsmodels and R's MultinomialCI but a bisection search, because
        statsmodels' linear search takes seconds to minutes at 10^5-10^6 spins; results agree
        with statsmodels to rounding. It falls back to Goodman when there are fewer than 3
        outcomes, or when its Edgeworth approximation breaks down, as happens with extreme
        counts (one outcome holding nearly every spin, very few spins): approximate coverages
        above 1, not increasing, negative, or never reaching ``level``. The function never
        raises for valid counts; :func:`outcome_table` records the method actually used
        (``OutcomeTable.sim_method``).

    Returns
    -------
    (low, high) : tuple of numpy.ndarray
        Bounds clipped to [0, 1], each containing the observed rate. With no spins at all every
        interval is [0, 1].

    References
    ----------
    .. [10] Goodman (1965), Technometrics 7, 247-254.
    .. [11] Sison & Glaz (1995), JASA 90, 366-369.
    """
    counts = as_count_array(observed, "observed")
    level = check_level(level)
    if method not in SIMULTANEOUS_METHODS:
        raise ValueError(f"method must be one of {SIMULTANEOUS_METHODS}, got {method!r}")
    low, high, _ = simultaneous(counts, level, method)
    return low, high
