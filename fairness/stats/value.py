r"""Expected prize value: the observed mean prize against the one the stated odds imply.

A game can match its stated chances for most outcomes and still pay less than promised, when the
valuable outcomes come up too rarely. This module compares the observed mean prize per spin
with the mean implied by the stated odds, with a large-sample z-test and confidence interval.

References
----------
1. Lehmann, E. L. & Romano, J. P. (2005). *Testing Statistical Hypotheses*, 3rd ed., section
   11.3 (large-sample tests for a mean). Springer.
2. Wasserman, L. (2004). *All of Statistics*, section 10.1 (the Wald test). Springer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fairness.stats._distributions import norm_ppf, norm_sf
from fairness.stats._result import Result
from fairness.stats._validation import as_count_array, check_level

__all__ = ["ValueResult", "expected_value_test"]

_SUM_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ValueResult(Result):
    r"""Result of :func:`expected_value_test`.

    Attributes
    ----------
    observed_mean : float
        Mean prize per spin in the data, :math:`m` (NaN when ``n == 0``).
    stated_mean : float
        Mean prize per spin under the stated odds, :math:`\mu`.
    difference : float
        ``observed_mean - stated_mean``.
    ratio : float
        ``observed_mean / stated_mean`` (NaN when the stated mean is 0).
    statistic : float
        The z statistic.
    pvalue : float
        Two-sided p-value from the standard normal.
    n : int
        Number of spins.
    ci_low, ci_high : float
        Confidence interval for the true mean prize per spin.
    level : float
        Confidence level.
    """

    observed_mean: float
    stated_mean: float
    difference: float
    ratio: float
    statistic: float
    pvalue: float
    n: int
    ci_low: float
    ci_high: float
    level: float

    def to_frame(self) -> pd.DataFrame:
        """One row with every field."""
        return pd.DataFrame(
            [
                {
                    "observed_mean": self.observed_mean,
                    "stated_mean": self.stated_mean,
                    "difference": self.difference,
                    "ratio": self.ratio,
                    "statistic": self.statistic,
                    "pvalue": self.pvalue,
                    "n": self.n,
                    "ci_low": self.ci_low,
                    "ci_high": self.ci_high,
                    "level": self.level,
                }
            ]
        )


def expected_value_test(
    observed: Sequence[int] | np.ndarray,
    stated: Sequence[float] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    level: float = 0.95,
) -> ValueResult:
    r"""Test whether the mean prize per spin equals the one implied by the stated odds.

    With counts :math:`O_i` (:math:`n = \sum O_i`), stated chances :math:`p_i` and prize values
    :math:`v_i`:

    .. math::

        m = \frac{1}{n}\sum_i O_i v_i, \qquad \mu = \sum_i p_i v_i, \qquad
        \sigma_0^2 = \sum_i p_i v_i^2 - \mu^2, \qquad
        z = \frac{m - \mu}{\sqrt{\sigma_0^2 / n}},

    and the two-sided p-value is :math:`2\,\Phi(-|z|)` [1]_, [2]_. The null variance
    :math:`\sigma_0^2` is the prize variance under the stated odds (the score-test form), so the
    test needs nothing estimated under the null. The confidence interval is the Wald interval
    :math:`m \pm z_{(1+\text{level})/2} \sqrt{s^2 / n}` with :math:`s^2 = \sum_i (O_i/n)(v_i -
    m)^2`, the variance of the observed prize distribution (plug-in, divisor ``n``).

    When is it valid: the z-test relies on the central limit theorem for the mean of ``n``
    independent prizes. It needs ``n`` large relative to the skewness of the prize
    distribution: a rare, very large prize (a jackpot of 10,000 times the usual prize at a chance
    of 1 in 10,000) makes the distribution heavy-tailed, and then many spins (thousands to tens
    of thousands, several times ``1 / p`` of the rarest valuable prize) are needed before the
    normal approximation is trustworthy; with fewer the p-value can be far off and the
    per-outcome exact tests (:mod:`fairness.stats.outcomes`) should be read instead. The
    interval is also unreliable when the valuable prizes have not been seen at all (then
    :math:`s^2` underestimates the spread).

    Parameters
    ----------
    observed : array_like of int
        Counts of each outcome.
    stated : array_like of float
        Stated chances; must be non-negative and sum to 1 (within 1e-6; they are renormalised).
    values : array_like of float
        Prize value of each outcome, finite.
    level : float
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    ValueResult
        With ``n == 0``: observed mean, difference, ratio, statistic and interval NaN, ``pvalue``
        1. When every prize has the same value under the stated odds (:math:`\sigma_0^2 = 0`)
        the statistic is 0 with p-value 1 if :math:`m = \mu`, and :math:`\pm\infty` with p-value
        0 otherwise (only possible when an outcome with stated chance 0 was seen).

    References
    ----------
    .. [1] Lehmann & Romano (2005), Testing Statistical Hypotheses, 3rd ed., section 11.3.
    .. [2] Wasserman (2004), All of Statistics, section 10.1.
    """
    counts = as_count_array(observed, "observed")
    size = counts.size
    if size == 0:
        raise ValueError("observed must have at least one outcome")
    try:
        chances = np.asarray(stated, dtype=float)
        prize = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError("stated and values must be 1-D arrays of numbers") from exc
    if chances.shape != (size,):
        raise ValueError(f"stated must be 1-D of length {size}, got shape {chances.shape}")
    if prize.shape != (size,):
        raise ValueError(f"values must be 1-D of length {size}, got shape {prize.shape}")
    if not np.all(np.isfinite(chances)) or np.any(chances < 0.0):
        raise ValueError("stated must hold non-negative finite chances")
    total = float(chances.sum())
    if abs(total - 1.0) > _SUM_TOLERANCE:
        raise ValueError(f"stated must sum to 1, got {total:.10g}")
    chances = chances / total
    if not np.all(np.isfinite(prize)):
        raise ValueError("values must be finite for every outcome (a prize value is missing)")
    level = check_level(level)

    stated_mean = float(chances @ prize)
    # sum p (v - mu)^2 equals sum p v^2 - mu^2 but does not cancel catastrophically
    null_variance = float(chances @ (prize - stated_mean) ** 2)
    n = int(counts.sum())
    if n == 0:
        nan = math.nan
        return ValueResult(nan, stated_mean, nan, nan, nan, 1.0, 0, nan, nan, level)

    shares = counts / n
    observed_mean = float(shares @ prize)
    difference = observed_mean - stated_mean
    ratio = observed_mean / stated_mean if stated_mean != 0.0 else math.nan
    # prize values equal up to rounding noise count as equal (a constant prize has no variance)
    noise = 1e-12 * max(1.0, float(np.max(np.abs(prize))))
    if null_variance > noise**2:
        statistic = difference / math.sqrt(null_variance / n)
        pvalue = float(2.0 * norm_sf(abs(statistic)))
    elif abs(difference) <= noise:
        statistic, pvalue = 0.0, 1.0
    else:
        statistic, pvalue = math.copysign(math.inf, difference), 0.0
    sample_variance = float(shares @ (prize - observed_mean) ** 2)
    half_width = float(norm_ppf((1.0 + level) / 2.0)) * math.sqrt(sample_variance / n)
    return ValueResult(
        observed_mean=observed_mean,
        stated_mean=stated_mean,
        difference=difference,
        ratio=ratio,
        statistic=float(statistic),
        pvalue=min(1.0, pvalue),
        n=n,
        ci_low=observed_mean - half_width,
        ci_high=observed_mean + half_width,
        level=level,
    )
