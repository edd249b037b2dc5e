"""Runs tests: too few or too many runs of wins and losses?

:func:`runs_test`           one series (Wald-Wolfowitz [1]_ [2]_), exact or normal;
:func:`combined_runs_test`  many reporters' short series (exact convolution of the per-series
                            null distributions, or its normal approximation);
:func:`runs_distribution`   the exact null distribution of the number of runs.

Sequences are given as :class:`~fairness.stats.sequences.Sequences`, a list, or a mapping
reporter -> sequence of 1-D arrays of outcome codes (``0 .. k_outcomes - 1``) in the order of
the spins; ``fairness.logs.sequences_from_spins`` builds them from an Evidence spins table.

References
----------
.. [1] A. Wald and J. Wolfowitz (1940). On a test whether two samples are from the same
   population. *Annals of Mathematical Statistics* 11(2), 147-162.
.. [2] F. S. Swed and C. Eisenhart (1943). Tables for testing randomness of grouping in a
   sequence of alternatives. *Annals of Mathematical Statistics* 14(1), 66-87.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import special

from fairness.stats._pvalues import normal_pvalue, tail_pvalue
from fairness.stats._result import Result
from fairness.stats._validation import check_alternative
from fairness.stats.sequences import Sequences

# The exact convolution of per-sequence runs distributions is used up to this total support.
_EXACT_SUPPORT_LIMIT = 20_000

__all__ = [
    "RunsResult",
    "combined_runs_test",
    "runs_distribution",
    "runs_test",
]


def runs_distribution(n1: int, n2: int) -> np.ndarray:
    r"""Exact null distribution of the number of runs given ``n1`` and ``n2``.

    Under random arrangement of ``n1`` symbols of one kind and ``n2`` of the other, with
    :math:`n = n_1 + n_2` [1]_ [2]_:

    .. math::

        P(R = 2s) = \frac{2\binom{n_1-1}{s-1}\binom{n_2-1}{s-1}}{\binom{n}{n_1}},\qquad
        P(R = 2s+1) = \frac{\binom{n_1-1}{s}\binom{n_2-1}{s-1} +
                            \binom{n_1-1}{s-1}\binom{n_2-1}{s}}{\binom{n}{n_1}}.

    Returns
    -------
    numpy.ndarray
        ``pmf[r]`` for ``r = 0 .. n`` (a point mass at 1 when one kind is absent, at 0 when
        ``n == 0``).
    """
    n1, n2 = int(n1), int(n2)
    if n1 < 0 or n2 < 0:
        raise ValueError("n1 and n2 must be >= 0")
    return _runs_pmf(n1, n2).copy()


@lru_cache(maxsize=4096)
def _runs_pmf(n1: int, n2: int) -> np.ndarray:
    """:func:`runs_distribution`, kept: a combined runs test over many reporters, and a batch
    of campaigns, meet the same few (n1, n2) again and again."""
    n = n1 + n2
    pmf = np.zeros(n + 1)
    if n == 0:
        pmf[0] = 1.0
        return pmf
    if n1 == 0 or n2 == 0:
        pmf[1] = 1.0
        return pmf

    def log_comb(a, b):
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
        valid = (b >= 0) & (b <= a) & (a >= 0)
        out = special.gammaln(a + 1) - special.gammaln(b + 1) - special.gammaln(a - b + 1)
        return np.where(valid, out, -np.inf)

    log_total = float(log_comb(n, n1))
    s = np.arange(1, min(n1, n2) + 1)
    even = np.log(2.0) + log_comb(n1 - 1, s - 1) + log_comb(n2 - 1, s - 1) - log_total
    pmf[2 * s] = np.exp(even)
    s_odd = np.arange(1, min(n1, n2) + 1)
    odd_r = 2 * s_odd + 1
    keep = odd_r <= n
    s_odd = s_odd[keep]
    first = log_comb(n1 - 1, s_odd) + log_comb(n2 - 1, s_odd - 1)
    second = log_comb(n1 - 1, s_odd - 1) + log_comb(n2 - 1, s_odd)
    pmf[2 * s_odd + 1] = np.exp(np.logaddexp(first, second) - log_total)
    pmf.flags.writeable = False
    return pmf


def _runs_moments(n1: int, n2: int) -> tuple[float, float]:
    n = n1 + n2
    if n1 == 0 or n2 == 0:
        return (1.0 if n else 0.0), 0.0
    mean = 1.0 + 2.0 * n1 * n2 / n
    var = 2.0 * n1 * n2 * (2.0 * n1 * n2 - n) / (n * n * (n - 1.0))
    return mean, var


def _count_runs(above: np.ndarray) -> int:
    if above.size == 0:
        return 0
    return int(1 + np.count_nonzero(above[1:] != above[:-1]))


def _dichotomise(values: object, threshold: float | None, name: str
                 ) -> tuple[np.ndarray, float, int, bool]:
    """Above/below indicator, the cut used, the number dropped (equal to the cut), binary flag."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.dtype == bool:
        array = array.astype(float)
    if array.size and not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must be numeric or boolean, not {array.dtype}")
    array = array.astype(float)
    array = array[~np.isnan(array)]
    binary = threshold is None and array.size > 0 and bool(np.all((array == 0) | (array == 1)))
    if binary:
        # A 0/1 series is already dichotomised: cutting it at its median would drop one kind.
        return array == 1, 0.5, 0, True
    if threshold is None:
        cut = float(np.median(array)) if array.size else float("nan")
    else:
        cut = float(threshold)
        if not np.isfinite(cut):
            raise ValueError("threshold must be a finite number")
    kept = array[array != cut]
    return kept > cut, cut, int(array.size - kept.size), False


@dataclass(frozen=True)
class RunsResult(Result):
    """Result of :func:`runs_test` and :func:`combined_runs_test`.

    Attributes
    ----------
    statistic : float
        ``z = (runs - expected_runs) / sqrt(variance)`` (NaN when one kind is absent).
    pvalue : float
        From the exact null distribution (``method`` starts with "exact") or the normal
        approximation. NaN when the test does not apply (one kind only).
    runs : int
        Observed number of runs (summed over sequences for the combined test).
    n1, n2 : int
        Number of values above the cut (or 1s) and below it (or 0s).
    expected_runs, variance : float
        Null mean and variance of ``runs`` given ``n1`` and ``n2`` (summed over sequences).
    alternative : str
        ``"two-sided"``, ``"less"`` (fewer runs than chance: clustering, streaks) or
        ``"greater"`` (more runs: alternation).
    method : str
        How the p-value was computed.
    threshold : float
        The cut (0.5 for a 0/1 series).
    dropped : int
        Values equal to the cut, left out (as R ``randtests::runs.test`` does).
    n_sequences : int
        Number of sequences that carry information (both kinds present).
    """

    statistic: float
    pvalue: float
    runs: int
    n1: int
    n2: int
    expected_runs: float
    variance: float
    alternative: str
    method: str
    threshold: float = 0.5
    dropped: int = 0
    n_sequences: int = 1

    def summary(self) -> dict[str, Any]:
        """Flat dict for findings: test, statistic, p-value and the effect (runs vs expected)."""
        ratio = self.runs / self.expected_runs if self.expected_runs > 0 else float("nan")
        return {
            "test": "runs",
            "statistic_name": "z",
            "statistic": float(self.statistic),
            "pvalue": float(self.pvalue),
            "effect_name": "runs / expected runs",
            "effect": float(ratio),
            "runs": int(self.runs),
            "expected_runs": float(self.expected_runs),
            "n1": int(self.n1),
            "n2": int(self.n2),
            "n_sequences": int(self.n_sequences),
            "alternative": self.alternative,
            "method": self.method,
        }


def _runs_not_applicable(runs, n1, n2, alternative, threshold, dropped, n_sequences):
    return RunsResult(statistic=float("nan"), pvalue=float("nan"), runs=runs, n1=n1, n2=n2,
                      expected_runs=float(runs), variance=0.0, alternative=alternative,
                      method="not applicable (only one kind present)", threshold=threshold,
                      dropped=dropped, n_sequences=n_sequences)


def runs_test(x, threshold: float | None = None, alternative: str = "two-sided",
              exact: bool | str = False) -> RunsResult:
    r"""Wald-Wolfowitz runs test for randomness of a two-valued series.

    A 0/1 (or boolean) series is used as it is. A numeric series is cut at ``threshold``, or at
    its median when ``threshold`` is None; values equal to the cut are dropped, as R's
    ``randtests::runs.test`` does (``tseries::runs.test`` takes a factor and statsmodels'
    ``runstest_1samp`` counts ties as "above" instead) [1]_ [2]_.

    With :math:`R` runs, :math:`n_1` values above and :math:`n_2` below, :math:`n=n_1+n_2`:

    .. math::

        E[R] = 1 + \frac{2 n_1 n_2}{n},\qquad
        \operatorname{Var}[R] = \frac{2 n_1 n_2 (2 n_1 n_2 - n)}{n^2 (n-1)},\qquad
        z = \frac{R - E[R]}{\sqrt{\operatorname{Var}[R]}}

    (no continuity correction, as in randtests and tseries).

    Parameters
    ----------
    x : array_like
        The series in order (NaN values are dropped).
    threshold : float, optional
        Cut point; default the median (0.5 for 0/1 data).
    alternative : {"two-sided", "less", "greater"}
        "less": fewer runs than chance (streaks, clustering); "greater": more runs (alternation).
    exact : bool or "auto"
        True: exact p-value from the conditional distribution of :math:`R` given
        :math:`n_1, n_2` (:func:`runs_distribution`; two-sided = twice the smaller tail, at most
        1). False: normal approximation (valid when both :math:`n_1, n_2` exceed about 20).
        "auto": exact when ``min(n1, n2) <= 20`` (the range of Swed and Eisenhart's tables).

    Returns
    -------
    RunsResult

    References
    ----------
    .. [1] A. Wald and J. Wolfowitz (1940), *Ann. Math. Statist.* 11, 147-162.
    .. [2] F. S. Swed and C. Eisenhart (1943), *Ann. Math. Statist.* 14, 66-87.
    """
    alternative = check_alternative(alternative)
    if exact not in (True, False, "auto"):
        raise ValueError(f"exact must be True, False or 'auto', not {exact!r}")
    above, cut, dropped, _ = _dichotomise(x, threshold, "x")
    n1 = int(np.count_nonzero(above))
    n2 = int(above.size - n1)
    runs = _count_runs(above)
    if n1 == 0 or n2 == 0:
        return _runs_not_applicable(runs, n1, n2, alternative, cut, dropped, 1)
    mean, var = _runs_moments(n1, n2)
    z = (runs - mean) / math.sqrt(var) if var > 0 else float("nan")
    use_exact = exact is True or (exact == "auto" and min(n1, n2) <= 20)
    if use_exact:
        pvalue = tail_pvalue(runs_distribution(n1, n2), runs, alternative)
        method = "exact"
    else:
        pvalue = normal_pvalue(z, alternative)
        method = "normal"
    return RunsResult(statistic=float(z), pvalue=float(pvalue), runs=runs, n1=n1, n2=n2,
                      expected_runs=float(mean), variance=float(var), alternative=alternative,
                      method=method, threshold=cut, dropped=dropped, n_sequences=1)


def combined_runs_test(sequences, threshold: float | None = None,
                       alternative: str = "two-sided", method: str = "auto") -> RunsResult:
    r"""Runs test over many reporters' short series, each conditioned on its own composition.

    Each sequence ``j`` is dichotomised (0/1 data as is; otherwise at ``threshold`` or, when it
    is None, at the pooled median of all values, with values equal to the cut dropped). The
    statistic is the total number of runs :math:`S = \sum_j R_j`. Under the null each
    :math:`R_j` follows the exact distribution of :func:`runs_distribution` given
    :math:`(n_{1j}, n_{2j})`, independently across reporters, so

    * ``method="exact"``: the null distribution of :math:`S` is the convolution of the
      per-sequence distributions (exact, no simulation; two-sided = twice the smaller tail);
    * ``method="normal"``: :math:`z = (S - \sum_j E R_j)/\sqrt{\sum_j \operatorname{Var} R_j}`;
    * ``method="auto"``: exact when the total support is at most 20,000 runs, else normal.

    We chose the exact convolution over a Monte Carlo permutation within each sequence because it
    gives the same conditional null without simulation error and is cheap for the usual sizes
    (60 reporters x 50 spins convolve in milliseconds). Sequences with one kind only carry no
    information and are left out.

    Parameters
    ----------
    sequences : list of array_like, or mapping reporter -> array_like
        Each reporter's 0/1 or numeric series in order.
    threshold : float, optional
    alternative : {"two-sided", "less", "greater"}
    method : {"auto", "exact", "normal"}

    Returns
    -------
    RunsResult
        ``n_sequences`` counts the informative sequences.
    """
    alternative = check_alternative(alternative)
    if method not in ("auto", "exact", "normal"):
        raise ValueError(f"method must be 'auto', 'exact' or 'normal', not {method!r}")
    if isinstance(sequences, Sequences):
        values = sequences.codes.astype(float)
        sid = sequences.sequence_id
    else:
        if isinstance(sequences, Mapping):
            items = list(sequences.values())
        elif isinstance(sequences, Iterable) and not isinstance(sequences, (str, bytes)):
            items = list(sequences)
        else:
            raise TypeError("sequences must be a list of series or a mapping reporter -> series")
        arrays = []
        for i, item in enumerate(items):
            array = np.asarray(item)
            if array.dtype == bool:
                array = array.astype(float)
            if array.ndim != 1 or (array.size and not np.issubdtype(array.dtype, np.number)):
                raise ValueError(f"sequences[{i}] must be a one-dimensional numeric series")
            arrays.append(array.astype(float))
        values = np.concatenate(arrays) if arrays else np.zeros(0)
        sid = np.repeat(np.arange(len(arrays)), [a.size for a in arrays])
    present = ~np.isnan(values)
    pooled, sid = values[present], sid[present]
    binary = threshold is None and pooled.size > 0 and bool(np.all((pooled == 0) | (pooled == 1)))
    if binary:
        cut = 0.5
    elif threshold is None:
        cut = float(np.median(pooled)) if pooled.size else float("nan")
    else:
        cut = float(threshold)
    kept = np.ones(pooled.size, dtype=bool) if binary else pooled != cut
    dropped = int(pooled.size - np.count_nonzero(kept))
    above, sid = pooled[kept] > cut, sid[kept]

    # Per sequence: n1 (above), n2 (below) and runs = 1 + changes inside the sequence.
    m = int(sid.max()) + 1 if sid.size else 0
    size = np.bincount(sid, minlength=m)
    n1 = np.bincount(sid, weights=above, minlength=m).astype(np.int64)
    n2 = size - n1
    change = (sid[1:] == sid[:-1]) & (above[1:] != above[:-1])
    runs_each = np.bincount(sid[1:][change], minlength=m) + (size > 0)
    n1_total, n2_total = int(n1.sum()), int(n2.sum())
    useful = (n1 > 0) & (n2 > 0)
    n_informative = int(np.count_nonzero(useful))
    if not n_informative:
        return _runs_not_applicable(0, n1_total, n2_total, alternative, cut, dropped, 0)
    a, b = n1[useful].astype(float), n2[useful].astype(float)
    total = a + b
    runs_total = int(runs_each[useful].sum())
    mean_total = float((1.0 + 2.0 * a * b / total).sum())
    var_total = float((2.0 * a * b * (2.0 * a * b - total) / (total * total * (total - 1.0))).sum())
    z = (runs_total - mean_total) / math.sqrt(var_total) if var_total > 0 else float("nan")
    support = int(2 * np.minimum(a, b).sum())
    use_exact = method == "exact" or (method == "auto" and support <= _EXACT_SUPPORT_LIMIT)
    if use_exact:
        # Convolve the distributions of R_j - 2 (R_j >= 2 when both kinds are present).
        total = np.ones(1)
        for j1, j2 in zip(n1[useful].tolist(), n2[useful].tolist(), strict=True):
            pmf = _runs_pmf(j1, j2)[2: 2 * min(j1, j2) + 2]
            total = np.convolve(total, pmf)
        pvalue = tail_pvalue(total, runs_total - 2 * n_informative, alternative)
        how = "exact (convolution of per-sequence distributions)"
    else:
        pvalue = normal_pvalue(z, alternative)
        how = "normal (sum of per-sequence moments)"
    return RunsResult(statistic=float(z), pvalue=float(pvalue), runs=int(runs_total),
                      n1=n1_total, n2=n2_total, expected_runs=float(mean_total),
                      variance=float(var_total), alternative=alternative, method=how,
                      threshold=cut, dropped=dropped, n_sequences=n_informative)
