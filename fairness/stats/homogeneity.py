"""Personalisation: are the odds the same for every reporter, segment and time window?

:func:`homogeneity_test`        one contingency table groups x outcomes; Pearson X² with a Monte
                                Carlo p-value conditional on both margins (random tables with
                                fixed margins, as R's ``chisq.test(simulate.p.value = TRUE)``)
                                [1]_ [2]_, the asymptotic p-value, Cramér's V and adjusted
                                residuals [7]_;
:func:`homogeneity_table_test`  the same on a ready count table;
:func:`overdispersion_test`     many reporters with a few spins each: the C(alpha) score test of
                                the multinomial against the Dirichlet-multinomial [3]_ [4]_ [5]_.

Change over time is :mod:`fairness.stats.drift`. Every Monte Carlo p-value here stops drawing
once 20 simulated statistics reach the observed one (Besag and Clifford's sequential p-value,
``fairness.stats._montecarlo.sequential_pvalue``): as valid as the fixed-``B`` p-value and the
same wherever the decision is close, at a fraction of the cost for unremarkable data.
``n_simulations`` in the results is the number drawn.

References
----------
.. [1] A. C. A. Hope (1968). A simplified Monte Carlo significance test procedure. *JRSS B*
   30(3), 582-598.
.. [2] W. M. Patefield (1981). Algorithm AS 159: An efficient method of generating random
   R x C tables with given row and column totals. *Applied Statistics* 30(1), 91-97.
.. [3] R. E. Tarone (1979). Testing the goodness of fit of the binomial distribution.
   *Biometrika* 66(3), 585-590.
.. [4] S. R. Paul, K. Y. Liang and S. G. Self (1989). On testing departure from the binomial and
   multinomial assumptions. *Biometrics* 45(1), 231-236.
.. [5] B. S. Kim and B. H. Margolin (1992). Testing goodness of fit of a multinomial model
   against overdispersed alternatives. *Biometrics* 48(3), 711-719.
.. [7] A. Agresti (2007). *An Introduction to Categorical Data Analysis*, 2nd ed., Wiley,
   section 2.4.5 (standardized residuals).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fairness.stats._contingency import (
    cramers_v,
    independence_expected,
    pearson,
    table_df,
)
from fairness.stats._distributions import chi2_sf, norm_sf
from fairness.stats._montecarlo import growing_chunks, sequential_pvalue
from fairness.stats._result import Result
from fairness.stats._validation import as_codes, as_count_table, check_k, check_simulations

__all__ = [
    "HomogeneityResult",
    "OverdispersionResult",
    "homogeneity_table_test",
    "homogeneity_test",
    "overdispersion_test",
]


def _random_tables(rows: np.ndarray, cols: np.ndarray, n_simulations: int,
                   rng: np.random.Generator):
    """Yield batches of random tables with the given margins (Patefield's algorithm)."""
    from scipy import stats  # Patefield's algorithm; only the Monte Carlo tests need scipy.stats

    distribution = stats.random_table(rows.astype(np.int64), cols.astype(np.int64))
    for b in growing_chunks(n_simulations, rows.size * cols.size):
        yield distribution.rvs(size=b, random_state=rng).astype(float)


# ---------------------------------------------------------------------------------------------
# homogeneity


@dataclass(frozen=True)
class HomogeneityResult(Result):
    """Result of :func:`homogeneity_test`.

    Attributes
    ----------
    statistic : float
        Pearson X² of the groups x outcomes table.
    pvalue : float
        Monte Carlo p-value (fixed margins) or, with ``n_simulations == 0``, asymptotic.
    asymptotic_pvalue : float
        Chi-square with ``df`` degrees of freedom.
    asymptotic_valid : bool
        Cochran's rule: every expected count >= 1 and at least 80 % of them >= 5.
    effect_size : float
        Cramér's V, ``sqrt(X² / (n (min(r, c) - 1)))``.
    groups : tuple
        Group names, aligned with the rows of ``table``.
    table : numpy.ndarray
        Observed counts (groups x outcomes; all outcomes kept, empty groups dropped).
    """

    statistic: float
    pvalue: float
    asymptotic_pvalue: float
    asymptotic_valid: bool
    df: int
    effect_size: float
    n: int
    groups: tuple = field(repr=False)
    table: np.ndarray = field(repr=False, compare=False)
    n_simulations: int
    method: str

    def expected(self) -> np.ndarray:
        return independence_expected(np.asarray(self.table, dtype=float))

    def table_frame(self, labels: Sequence[str] | None = None) -> pd.DataFrame:
        """Tidy table per group and outcome: count, expected, rate within the group, the
        pooled rate, their ratio and the adjusted (standardized) residual [7]_."""
        table = np.asarray(self.table, dtype=float)
        r, c = table.shape
        names = list(labels) if labels is not None else list(range(c))
        if len(names) != c:
            raise ValueError(f"labels must have {c} entries")
        expected = self.expected()
        rows = table.sum(axis=1, keepdims=True)
        cols = table.sum(axis=0, keepdims=True)
        n = table.sum()
        rate = np.divide(table, rows, out=np.full_like(table, np.nan), where=rows > 0)
        pooled = cols / n if n > 0 else np.full_like(cols, np.nan)
        ratio = np.divide(rate, pooled, out=np.full_like(table, np.nan), where=pooled > 0)
        var = expected * (1 - rows / n) * (1 - cols / n) if n > 0 else np.zeros_like(table)
        residual = np.divide(table - expected, np.sqrt(var), out=np.full_like(table, np.nan),
                             where=var > 0)
        return pd.DataFrame({
            "group": np.repeat(np.asarray(self.groups, dtype=object), c),
            "outcome": names * r,
            "count": table.ravel().astype(int),
            "spins": np.repeat(rows.ravel(), c).astype(int),
            "expected": expected.ravel(),
            "rate": rate.ravel(),
            "pooled_rate": np.tile(pooled.ravel(), r),
            "ratio": ratio.ravel(),
            "residual": residual.ravel(),
        })

    def summary(self) -> dict[str, Any]:
        return {
            "test": "homogeneity",
            "statistic_name": "X2",
            "statistic": float(self.statistic),
            "pvalue": float(self.pvalue),
            "effect_name": "Cramér's V",
            "effect": float(self.effect_size),
            "asymptotic_pvalue": float(self.asymptotic_pvalue),
            "asymptotic_valid": bool(self.asymptotic_valid),
            "df": int(self.df),
            "n": int(self.n),
            "n_groups": len(self.groups),
            "n_simulations": int(self.n_simulations),
            "method": self.method,
        }



def homogeneity_test(groups, codes, k_outcomes: int, n_simulations: int = 2000, seed=0
                     ) -> HomogeneityResult:
    r"""Are the outcome chances the same in every group (reporter, segment, time window)?

    The spins form an :math:`r \times c` table (groups x outcomes) and the statistic is
    Pearson's :math:`X^2 = \sum (O - E)^2 / E` with :math:`E_{ij} = r_i c_j / n`. Its p-value:

    * Monte Carlo (``n_simulations > 0``, default): ``B`` random tables with the observed row
      and column totals (``scipy.stats.random_table``, Patefield's algorithm [2]_, the same
      conditional null as R's ``chisq.test(simulate.p.value = TRUE)``, i.e. a permutation of
      the group labels), :math:`p = (1 + \#\{X^2_{sim} \ge X^2_{obs}\}) / (B + 1)` [1]_. Valid
      for any table, including many reporters with a few spins each.
    * asymptotic: :math:`\chi^2_{(r'-1)(c'-1)}` over the non-empty rows and columns; trust it
      only when ``asymptotic_valid`` (Cochran's rule).

    Effect size: Cramér's V. Spins whose group is missing (None/NaN) are left out.

    Parameters
    ----------
    groups : array_like
        Group of each spin (any hashable labels).
    codes : array_like of int
        Outcome code of each spin, ``0 .. k_outcomes - 1``.
    k_outcomes : int
    n_simulations : int
    seed : int or numpy.random.Generator

    Returns
    -------
    HomogeneityResult
    """
    k = check_k(k_outcomes)
    n_simulations = check_simulations(n_simulations)
    codes = as_codes(codes, "codes", k)
    group_values = pd.Series(np.asarray(groups, dtype=object).reshape(-1))
    if group_values.size != codes.size:
        raise ValueError(f"groups and codes must have the same length "
                         f"({group_values.size} != {codes.size})")
    keep = group_values.notna().to_numpy()
    try:
        group_codes, names = pd.factorize(group_values[keep], sort=True)
    except TypeError:  # labels of mixed types cannot be sorted: keep first-seen order
        group_codes, names = pd.factorize(group_values[keep], sort=False)
    table = np.zeros((len(names), k))
    np.add.at(table, (group_codes, codes[keep]), 1.0)
    return _homogeneity_from_table(table, tuple(names), n_simulations, seed)


def _homogeneity_from_table(table: np.ndarray, names: tuple, n_simulations: int, seed
                            ) -> HomogeneityResult:
    table = as_count_table(table, "table")
    n = int(table.sum())
    expected = independence_expected(table)
    x2 = float(pearson(table, expected))
    df = table_df(table)
    rows = table.sum(axis=1)
    cols = table.sum(axis=0)
    used_rows, used_cols = rows > 0, cols > 0
    inner = expected[np.ix_(used_rows, used_cols)]
    valid = bool(inner.size and inner.min() >= 1 and np.mean(inner >= 5) >= 0.8)
    asymptotic = float(chi2_sf(x2, df)) if df > 0 else float("nan")
    if df == 0:
        pvalue, method, n_simulations = float("nan"), "not applicable (one group or outcome)", 0
    elif n_simulations > 0:
        rng = np.random.default_rng(seed)
        small_expected = expected[np.ix_(used_rows, used_cols)]
        simulated = (pearson(batch, small_expected[None]) for batch in
                     _random_tables(rows[used_rows], cols[used_cols], n_simulations, rng))
        pvalue, n_simulations = sequential_pvalue(simulated, x2, n_simulations)
        method = "monte_carlo (random tables with fixed margins, sequential)"
    else:
        pvalue, method = asymptotic, "asymptotic chi-square"
    return HomogeneityResult(statistic=x2, pvalue=float(pvalue), asymptotic_pvalue=asymptotic,
                             asymptotic_valid=valid, df=df, effect_size=cramers_v(x2, table),
                             n=n, groups=tuple(names), table=table.astype(np.int64),
                             n_simulations=n_simulations, method=method)


def homogeneity_table_test(table, n_simulations: int = 2000, seed=0,
                           groups: Sequence | None = None) -> HomogeneityResult:
    """:func:`homogeneity_test` on a ready groups x outcomes count table."""
    n_simulations = check_simulations(n_simulations)
    table = as_count_table(table, "table")
    names = tuple(groups) if groups is not None else tuple(range(table.shape[0]))
    if len(names) != table.shape[0]:
        raise ValueError(f"groups must have {table.shape[0]} entries")
    keep = table.sum(axis=1) > 0
    return _homogeneity_from_table(table[keep], tuple(np.asarray(names, dtype=object)[keep]),
                                   n_simulations, seed)


# ---------------------------------------------------------------------------------------------
# overdispersion


def _c_alpha(tables: np.ndarray, pooled: np.ndarray) -> np.ndarray:
    """C(alpha) numerator ``sum_j sum_i x_ij (x_ij - 1) / p_j - sum_i n_i (n_i - 1)``."""
    n_i = tables.sum(axis=-1)
    pairs = (tables * (tables - 1) / pooled).sum(axis=(-2, -1))
    return pairs - (n_i * (n_i - 1)).sum(axis=-1)


@dataclass(frozen=True)
class OverdispersionResult(Result):
    """Result of :func:`overdispersion_test`.

    Attributes
    ----------
    statistic : float
        Standardised C(alpha) statistic ``z`` (large: more variation between reporters than
        one multinomial allows).
    pvalue : float
        One-sided (overdispersion only): Monte Carlo with fixed margins, or the normal
        approximation when ``n_simulations == 0``.
    normal_pvalue : float
        ``1 - Phi(z)``.
    rho : float
        Moment estimate of the intra-reporter correlation of the Dirichlet-multinomial
        (``Var = n p (1 - p) (1 + (n - 1) rho)``); 0 for a plain multinomial, may be negative
        by chance.
    n_reporters : int
        Reporters with at least one spin.
    """

    statistic: float
    pvalue: float
    normal_pvalue: float
    rho: float
    score: float
    n: int
    n_reporters: int
    k_outcomes: int
    n_simulations: int
    method: str

    def summary(self) -> dict[str, Any]:
        return {
            "test": "overdispersion",
            "statistic_name": "C(alpha) z",
            "statistic": float(self.statistic),
            "pvalue": float(self.pvalue),
            "effect_name": "intra-reporter correlation rho",
            "effect": float(self.rho),
            "normal_pvalue": float(self.normal_pvalue),
            "n": int(self.n),
            "n_reporters": int(self.n_reporters),
            "n_simulations": int(self.n_simulations),
            "method": self.method,
        }



def overdispersion_test(counts_per_reporter, n_simulations: int = 2000, seed=0
                        ) -> OverdispersionResult:
    r"""C(alpha) score test of the multinomial against the Dirichlet-multinomial.

    Rows are reporters (:math:`n_i` spins, counts :math:`x_{ij}`), columns outcomes with pooled
    shares :math:`\hat p_j = x_{\cdot j} / N`. The score statistic for extra-multinomial
    variation (Tarone [3]_ for two outcomes, Paul, Liang and Self [4]_ and Kim and Margolin [5]_
    for K) is

    .. math::

        T = \sum_j \frac{1}{\hat p_j} \sum_i x_{ij}(x_{ij}-1) - \sum_i n_i(n_i-1)
          = \sum_i \sum_j \frac{(x_{ij} - n_i \hat p_j)^2}{\hat p_j} - (K-1) N,\qquad
        z = \frac{T}{\sqrt{2 (K-1) \sum_i n_i (n_i - 1)}},

    asymptotically standard normal under the multinomial; one-sided (overdispersion). The
    normal approximation is poor with rare outcomes, so by default the p-value is a Monte
    Carlo one over random tables with the observed margins (the exact conditional null of
    "one multinomial for everyone") [1]_ [2]_. Compared with :func:`homogeneity_test` (equal
    weight per cell), the C(alpha) statistic weights reporters by their number of spins and is
    the locally most powerful test against a Dirichlet-multinomial spread of chances.

    ``rho = T / ((K-1) sum_i n_i (n_i - 1))`` is the moment estimate of the intra-reporter
    correlation (the Dirichlet-multinomial's :math:`1 / (\alpha_0 + 1)`).

    Parameters
    ----------
    counts_per_reporter : array_like, shape (reporters, outcomes)
    n_simulations : int
        0: normal approximation only.
    seed : int or numpy.random.Generator

    Returns
    -------
    OverdispersionResult
    """
    n_simulations = check_simulations(n_simulations)
    table = as_count_table(counts_per_reporter, "counts_per_reporter")
    table = table[table.sum(axis=1) > 0]
    table = table[:, table.sum(axis=0) > 0] if table.size else table
    n = int(table.sum())
    k = int(table.shape[1]) if table.ndim == 2 else 0
    n_i = table.sum(axis=1)
    pairs = float((n_i * (n_i - 1)).sum())
    if k < 2 or pairs <= 0:
        return OverdispersionResult(statistic=float("nan"), pvalue=float("nan"),
                                    normal_pvalue=float("nan"), rho=float("nan"),
                                    score=float("nan"), n=n, n_reporters=int(table.shape[0]),
                                    k_outcomes=k, n_simulations=0,
                                    method="not applicable (one outcome, or one spin each)")
    pooled = table.sum(axis=0) / n
    score = float(_c_alpha(table, pooled))
    scale = math.sqrt(2.0 * (k - 1) * pairs)
    z = score / scale
    normal_p = float(norm_sf(z))
    rho = score / ((k - 1) * pairs)
    if n_simulations > 0 and table.shape[0] > 1:
        rng = np.random.default_rng(seed)
        simulated = (_c_alpha(batch, pooled) for batch in
                     _random_tables(n_i, table.sum(axis=0), n_simulations, rng))
        pvalue, n_simulations = sequential_pvalue(simulated, score, n_simulations)
        method = "C(alpha) score test, monte_carlo (random tables with fixed margins, sequential)"
    else:
        pvalue, method, n_simulations = normal_p, "C(alpha) score test, normal approximation", 0
    return OverdispersionResult(statistic=float(z), pvalue=float(pvalue), normal_pvalue=normal_p,
                                rho=float(rho), score=score, n=n, n_reporters=int(table.shape[0]),
                                k_outcomes=k, n_simulations=n_simulations, method=method)
