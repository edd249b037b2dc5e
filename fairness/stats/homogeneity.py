"""Personalisation and drift: are the odds the same for every reporter, segment and week?

:func:`homogeneity_test`     one contingency table groups x outcomes; Pearson X² with a Monte
                             Carlo p-value conditional on both margins (random tables with fixed
                             margins, as R's ``chisq.test(simulate.p.value = TRUE)``) [1]_ [2]_,
                             the asymptotic p-value, Cramér's V and adjusted residuals;
:func:`overdispersion_test`  many reporters with a few spins each: the C(alpha) score test of
                             the multinomial against the Dirichlet-multinomial [3]_ [4]_ [5]_;
:func:`drift_test`           at most one change point in time: the maximum over split points
                             of the likelihood-ratio statistic for "different chances before and
                             after" [6]_, with a permutation p-value, plus a windowed table of
                             the rates over time;
:func:`time_windows`         window labels (weeks by default) for tables and homogeneity tests.

Every Monte Carlo p-value here stops drawing once 20 simulated statistics reach the observed
one (Besag and Clifford's sequential p-value, ``fairness.stats.sequence._sequential_pvalue``):
as valid as the fixed-``B`` p-value and the same wherever the decision is close, at a fraction
of the cost for unremarkable data. ``n_simulations`` in the results is the number drawn.

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
.. [6] L. Horváth and J. Serbinowska (1995). Testing for changes in multinomial observations:
   the Lindisfarne scribes problem. *Scandinavian Journal of Statistics* 22(3), 371-384.
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
from scipy import special, stats

from fairness.stats.counting import bincount, counts_before
from fairness.stats.sequence import (
    _as_codes,
    _check_k,
    _check_simulations,
    _cramers_v,
    _growing_chunks,
    _independence_expected,
    _pearson,
    _result_frame,
    _sequential_pvalue,
    _table_df,
)

__all__ = [
    "DriftResult",
    "HomogeneityResult",
    "OverdispersionResult",
    "drift_test",
    "homogeneity_table_test",
    "homogeneity_test",
    "overdispersion_test",
    "time_windows",
]


def _random_tables(rows: np.ndarray, cols: np.ndarray, n_simulations: int,
                   rng: np.random.Generator):
    """Yield batches of random tables with the given margins (Patefield's algorithm)."""
    distribution = stats.random_table(rows.astype(np.int64), cols.astype(np.int64))
    for b in _growing_chunks(n_simulations, rows.size * cols.size):
        yield distribution.rvs(size=b, random_state=rng).astype(float)


def _as_count_table(table: object, name: str) -> np.ndarray:
    array = np.asarray(table)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D table (groups x outcomes), got shape {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must hold counts, not {array.dtype}")
    array = array.astype(float)
    if np.any(~np.isfinite(array)) or np.any(array < 0) or np.any(array != np.round(array)):
        raise ValueError(f"{name} must hold whole-number counts >= 0")
    return array


# ---------------------------------------------------------------------------------------------
# homogeneity


@dataclass(frozen=True)
class HomogeneityResult:
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
        return _independence_expected(np.asarray(self.table, dtype=float))

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

    def to_frame(self) -> pd.DataFrame:
        return _result_frame(self.summary())


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
    k = _check_k(k_outcomes)
    n_simulations = _check_simulations(n_simulations)
    codes = _as_codes(codes, "codes", k)
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
    table = _as_count_table(table, "table")
    n = int(table.sum())
    expected = _independence_expected(table)
    x2 = float(_pearson(table, expected))
    df = _table_df(table)
    rows = table.sum(axis=1)
    cols = table.sum(axis=0)
    used_rows, used_cols = rows > 0, cols > 0
    inner = expected[np.ix_(used_rows, used_cols)]
    valid = bool(inner.size and inner.min() >= 1 and np.mean(inner >= 5) >= 0.8)
    asymptotic = float(stats.chi2.sf(x2, df)) if df > 0 else float("nan")
    if df == 0:
        pvalue, method, n_simulations = float("nan"), "not applicable (one group or outcome)", 0
    elif n_simulations > 0:
        rng = np.random.default_rng(seed)
        small_expected = expected[np.ix_(used_rows, used_cols)]
        simulated = (_pearson(batch, small_expected[None]) for batch in
                     _random_tables(rows[used_rows], cols[used_cols], n_simulations, rng))
        pvalue, n_simulations = _sequential_pvalue(simulated, x2, n_simulations)
        method = "monte_carlo (random tables with fixed margins, sequential)"
    else:
        pvalue, method = asymptotic, "asymptotic chi-square"
    return HomogeneityResult(statistic=x2, pvalue=float(pvalue), asymptotic_pvalue=asymptotic,
                             asymptotic_valid=valid, df=df, effect_size=_cramers_v(x2, table),
                             n=n, groups=tuple(names), table=table.astype(np.int64),
                             n_simulations=n_simulations, method=method)


def homogeneity_table_test(table, n_simulations: int = 2000, seed=0,
                           groups: Sequence | None = None) -> HomogeneityResult:
    """:func:`homogeneity_test` on a ready groups x outcomes count table."""
    n_simulations = _check_simulations(n_simulations)
    table = _as_count_table(table, "table")
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
class OverdispersionResult:
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

    def to_frame(self) -> pd.DataFrame:
        return _result_frame(self.summary())


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
    n_simulations = _check_simulations(n_simulations)
    table = _as_count_table(counts_per_reporter, "counts_per_reporter")
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
    normal_p = float(stats.norm.sf(z))
    rho = score / ((k - 1) * pairs)
    if n_simulations > 0 and table.shape[0] > 1:
        rng = np.random.default_rng(seed)
        simulated = (_c_alpha(batch, pooled) for batch in
                     _random_tables(n_i, table.sum(axis=0), n_simulations, rng))
        pvalue, n_simulations = _sequential_pvalue(simulated, score, n_simulations)
        method = "C(alpha) score test, monte_carlo (random tables with fixed margins, sequential)"
    else:
        pvalue, method, n_simulations = normal_p, "C(alpha) score test, normal approximation", 0
    return OverdispersionResult(statistic=float(z), pvalue=float(pvalue), normal_pvalue=normal_p,
                                rho=float(rho), score=score, n=n, n_reporters=int(table.shape[0]),
                                k_outcomes=k, n_simulations=n_simulations, method=method)


# ---------------------------------------------------------------------------------------------
# drift


def _as_nanoseconds(series: pd.Series) -> np.ndarray:
    """Datetimes (aware ones in UTC) as int64 nanoseconds; numbers as they are."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return series.to_numpy()


def time_windows(times, windows: object = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Window number of each spin and a table of the windows (``window``, ``start``, ``end``).

    Parameters
    ----------
    times : array_like
        Datetimes (timezone-aware or naive) or numbers; NaT/NaN are not allowed.
    windows : None, str, pandas.Timedelta or int
        A width (``"7D"``, ``"1D"``, ``pd.Timedelta(days=7)``) counted from the floor of the
        first day, or a number of windows with equal numbers of spins. Default: weeks for
        datetimes, 10 equal-count windows for numbers.

    Returns
    -------
    labels : numpy.ndarray of int
        Window of each spin, ``0 ..``.
    table : pandas.DataFrame
        ``window``, ``start``, ``end`` (``end`` exclusive for width windows, the last time for
        equal-count windows).
    """
    series = pd.Series(times)
    is_time = pd.api.types.is_datetime64_any_dtype(series)
    if not is_time and series.dtype == object and series.size:
        try:
            series = pd.to_datetime(series, utc=True)
            is_time = True
        except (ValueError, TypeError):
            pass
    if series.isna().any():
        raise ValueError("times must not contain missing values")
    if series.size == 0:
        return np.zeros(0, dtype=np.int64), pd.DataFrame({"window": [], "start": [], "end": []})
    if windows is None:
        windows = "7D" if is_time else 10
    if isinstance(windows, (int, np.integer)) and not isinstance(windows, bool):
        count = int(windows)
        if count < 1:
            raise ValueError(f"windows must be >= 1, not {windows}")
        order = np.argsort(series.to_numpy(), kind="stable")
        labels = np.empty(series.size, dtype=np.int64)
        labels[order] = np.minimum(np.arange(series.size) * count // series.size, count - 1)
        frame = pd.DataFrame({"window": labels, "time": series.to_numpy()})
        table = frame.groupby("window")["time"].agg(["min", "max"]).reset_index()
        table.columns = ["window", "start", "end"]
        return labels, table
    if not is_time:
        width = float(windows)
        start = float(series.min())
        labels = np.floor((series.to_numpy(dtype=float) - start) / width).astype(np.int64)
        count = int(labels.max()) + 1
        starts = start + width * np.arange(count)
        return labels, pd.DataFrame({"window": np.arange(count), "start": starts,
                                     "end": starts + width})
    start, width = _window_grid(series, windows)
    # Integer nanoseconds: the same floor division as on Timestamps, without boxing millions.
    labels = (_as_nanoseconds(series) - start.value) // width.value
    return labels, _width_table(start, width, int(labels.max()) + 1)


def _window_grid(series: pd.Series, windows: object) -> tuple[pd.Timestamp, pd.Timedelta]:
    """Start (the floor of the first day) and width of width windows over datetimes."""
    width = pd.Timedelta(windows)
    if width <= pd.Timedelta(0):
        raise ValueError(f"windows must be a positive width, not {windows!r}")
    return series.min().floor("D"), width


def _width_table(start: pd.Timestamp, width: pd.Timedelta, count: int) -> pd.DataFrame:
    starts = pd.DatetimeIndex([start + i * width for i in range(count)])
    return pd.DataFrame({"window": np.arange(count), "start": starts, "end": starts + width})


def _window_counts_in_order(keys: np.ndarray, codes: np.ndarray, k: int, start: pd.Timestamp,
                            width: pd.Timedelta) -> tuple[np.ndarray, pd.DataFrame]:
    """(windows x k counts, window table) of width windows for nanosecond ``keys`` in
    ascending order: each window is a slice found by binary search, so no per-spin window
    numbers are made (the same counts as :func:`time_windows`)."""
    count = int((int(keys[-1]) - start.value) // width.value) + 1
    edges = np.searchsorted(keys, start.value + width.value * np.arange(count + 1))
    edges[-1] = keys.size
    before = np.vstack([np.zeros((1, k), dtype=np.int64), counts_before(codes, edges[1:], k)])
    return np.diff(before, axis=0).astype(float), _width_table(start, width, count)


def _scan_statistics(cumulative: np.ndarray, split: np.ndarray, xlogx: np.ndarray) -> np.ndarray:
    """Likelihood-ratio statistic of a change after each split, for a batch of sequences.

    ``cumulative`` has shape (b, N + 1, K) (cumulative integer counts, row 0 = zeros) and
    ``xlogx[c] = c log c`` for ``c = 0 .. N``; returns (b, len(split)). With integer counts
    ``sum_j b_j log(b_j / tau) = sum_j b_j log b_j - tau log tau``, so the statistic is a few
    table look-ups per split.
    """
    n = cumulative.shape[1] - 1
    total = cumulative[:, -1, :]
    before = cumulative[:, split, :]
    after = total[:, None, :] - before
    loglik = (xlogx[before].sum(axis=-1) - xlogx[split][None, :]
              + xlogx[after].sum(axis=-1) - xlogx[n - split][None, :])
    whole = xlogx[total].sum(axis=-1) - xlogx[n]
    return 2.0 * (loglik - whole[:, None])


@dataclass(frozen=True)
class DriftResult:
    """Result of :func:`drift_test`.

    Attributes
    ----------
    statistic : float
        Largest likelihood-ratio (G) statistic over the allowed split points.
    pvalue : float
        Permutation p-value of that maximum (the order of the spins shuffled).
    change_index : int
        Number of spins (in time order) before the estimated change.
    change_time : object
        Time of the first spin after the change.
    rates_before, rates_after : numpy.ndarray
        Observed share of each outcome before and after.
    windows : pandas.DataFrame
        Tidy table per window and outcome (see :func:`drift_test`).
    """

    statistic: float
    pvalue: float
    change_index: int
    change_time: Any
    n_before: int
    n_after: int
    rates_before: np.ndarray = field(repr=False, compare=False)
    rates_after: np.ndarray = field(repr=False, compare=False)
    stated: np.ndarray | None = field(repr=False, compare=False)
    outcomes: tuple = field(repr=False)
    windows: pd.DataFrame = field(repr=False, compare=False)
    n: int = 0
    n_simulations: int = 0
    min_segment: int = 0
    method: str = ""

    def rates_frame(self, labels: Sequence[str] | None = None) -> pd.DataFrame:
        """Per outcome: rate before and after the change, their ratio, and the stated chance."""
        k = len(self.rates_before)
        names = list(labels) if labels is not None else list(self.outcomes)
        if len(names) != k:
            raise ValueError(f"labels must have {k} entries")
        before = np.asarray(self.rates_before, dtype=float)
        after = np.asarray(self.rates_after, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(before > 0, after / np.where(before > 0, before, 1.0), np.nan)
        stated = (np.full(k, np.nan) if self.stated is None
                  else np.asarray(self.stated, dtype=float))
        return pd.DataFrame({"outcome": names, "rate_before": before, "rate_after": after,
                             "ratio_after_before": ratio, "stated": stated,
                             "n_before": self.n_before, "n_after": self.n_after})

    def most_changed(self) -> int:
        """Index of the outcome whose rate changed most, by the two-proportion z statistic
        ``(after - before) / sqrt(p (1 - p) (1 / n_before + 1 / n_after))``."""
        before = np.asarray(self.rates_before, dtype=float)
        after = np.asarray(self.rates_after, dtype=float)
        if before.size == 0 or self.n_before == 0 or self.n_after == 0:
            return 0
        pooled = (before * self.n_before + after * self.n_after) / (self.n_before + self.n_after)
        se = np.sqrt(pooled * (1 - pooled) * (1 / self.n_before + 1 / self.n_after))
        z = np.divide(after - before, se, out=np.zeros_like(se), where=se > 0)
        return int(np.argmax(np.abs(z)))

    def summary(self) -> dict[str, Any]:
        before = np.asarray(self.rates_before, dtype=float)
        after = np.asarray(self.rates_after, dtype=float)
        i = self.most_changed()
        ratio = after[i] / before[i] if before.size and before[i] > 0 else float("nan")
        return {
            "test": "drift",
            "statistic_name": "max G over change points",
            "statistic": float(self.statistic),
            "pvalue": float(self.pvalue),
            "effect_name": "rate after / rate before, most changed outcome",
            "effect": float(ratio),
            "effect_outcome": self.outcomes[i] if before.size else None,
            "rate_before": float(before[i]) if before.size else float("nan"),
            "rate_after": float(after[i]) if before.size else float("nan"),
            "change_index": int(self.change_index),
            "change_time": self.change_time,
            "n_before": int(self.n_before),
            "n_after": int(self.n_after),
            "n": int(self.n),
            "n_simulations": int(self.n_simulations),
            "method": self.method,
        }

    def to_frame(self) -> pd.DataFrame:
        return _result_frame(self.summary())


def drift_test(times, codes, k_outcomes: int, stated=None, windows: object = None, *,
               outcome=None, n_simulations: int = 1000, seed=0, min_segment: float = 0.05,
               max_splits: int = 1000, level: float = 0.95) -> DriftResult:
    r"""Did the chances change over time, when, and by how much?

    Spins are put in time order (ties keep their input order) and, for every split
    :math:`\tau` (spins before the change), the likelihood-ratio statistic of "one set of
    chances before, another after" against "the same chances throughout" is

    .. math::

        G(\tau) = 2\Big[\sum_j b_j \log\frac{b_j}{\tau} + \sum_j a_j\log\frac{a_j}{N-\tau}
                  - \sum_j c_j \log\frac{c_j}{N}\Big],

    (:math:`b, a, c` the counts before, after and in total), i.e. the G statistic of the
    2 x K table before/after [6]_. The statistic is :math:`\max_\tau G(\tau)` over splits that
    leave at least ``min_segment`` of the spins (a fraction, or a count when >= 1) on each side,
    the estimated change point its argmax. Its null distribution is not chi-square (a maximum
    over many splits), so the p-value is a permutation one: under the null the time order of
    honest spins is exchangeable; ``B`` random orders give
    :math:`p = (1 + \#\{\max G_{sim} \ge \max G_{obs}\}) / (B + 1)`. One change point is
    estimated (at-most-one-change); for several, apply the test again to each side (binary
    segmentation).

    With ``outcome`` (a code or codes) the scan is on the binary indicator of those outcomes
    (more power for one prize, e.g. the top prize disappearing); otherwise on all outcomes.

    Pooling reporters: if reporters with different chances join at different times, a change
    of who reports looks like drift; check :func:`homogeneity_test` across reporters first.

    Parameters
    ----------
    times : array_like
        Time of each spin (datetimes or numbers).
    codes : array_like of int
        Outcome code of each spin.
    k_outcomes : int
    stated : array_like, optional
        Stated chances (length ``k_outcomes``), shown beside the rates; not used by the test.
    windows : None, str, pandas.Timedelta or int
        Windows of the table over time (see :func:`time_windows`; default weekly).
    outcome : int or iterable of int, optional
    n_simulations : int
    seed : int or numpy.random.Generator
    min_segment : float
    max_splits : int
        With more candidate splits than this, an evenly spaced grid of ``max_splits`` of them is
        scanned (the same grid for the data and the permutations, so the p-value stays exact;
        the change point is then located to within ``N / max_splits`` spins).
    level : float
        Confidence level of the windowed rates (Clopper-Pearson).

    Returns
    -------
    DriftResult
        ``windows`` holds, per window and outcome: ``window``, ``start``, ``end``, ``spins``,
        ``outcome``, ``count``, ``rate``, ``ci_low``, ``ci_high``, ``stated``.
    """
    from statsmodels.stats.proportion import proportion_confint

    k = _check_k(k_outcomes)
    n_simulations = _check_simulations(n_simulations)
    codes = _as_codes(codes, "codes", k, compact=True)
    time_series = pd.Series(times)
    if time_series.size != codes.size:
        raise ValueError(f"times and codes must have the same length "
                         f"({time_series.size} != {codes.size})")
    if time_series.isna().any():
        raise ValueError("times must not contain missing values (drop spins without a time)")
    if stated is not None:
        stated = np.asarray(stated, dtype=float).reshape(-1)
        if stated.size != k:
            raise ValueError(f"stated must have {k_outcomes} entries, not {stated.size}")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be in (0, 1), not {level}")
    whole = isinstance(max_splits, (int, np.integer)) and not isinstance(max_splits, bool)
    if not whole or max_splits < 1:
        raise ValueError(f"max_splits must be a whole number >= 1, not {max_splits!r}")
    keys = _as_nanoseconds(time_series)
    if keys.size < 2 or np.all(keys[1:] >= keys[:-1]):  # logs usually come in time order
        ordered_codes, ordered_times, ordered_keys = codes, time_series, keys
    else:
        order = np.argsort(keys, kind="stable")
        ordered_codes = codes[order]
        ordered_times = time_series.iloc[order].reset_index(drop=True)
        ordered_keys = keys[order]
    n = int(codes.size)

    # Windowed table (all outcomes), for charts.
    if (pd.api.types.is_datetime64_any_dtype(time_series) and n
            and not isinstance(windows, (int, np.integer, float))):
        start, width = _window_grid(time_series, "7D" if windows is None else windows)
        window_counts, window_table = _window_counts_in_order(
            ordered_keys, ordered_codes, k, start, width)
    else:
        labels, window_table = time_windows(time_series, windows)
        window_counts = np.bincount(labels * k + codes, minlength=len(window_table) * k
                                    ).reshape(len(window_table), k).astype(float)
    spins = window_counts.sum(axis=1)
    low, high = proportion_confint(window_counts, np.maximum(spins, 1)[:, None],
                                   alpha=1 - float(level), method="beta")
    rate = np.divide(window_counts, spins[:, None], out=np.full_like(window_counts, np.nan),
                     where=spins[:, None] > 0)
    windows_frame = pd.DataFrame({
        "window": np.repeat(window_table["window"].to_numpy(), k),
        "start": np.repeat(window_table["start"].to_numpy(), k),
        "end": np.repeat(window_table["end"].to_numpy(), k),
        "spins": np.repeat(spins, k).astype(int),
        "outcome": np.tile(np.arange(k), len(window_table)),
        "count": window_counts.ravel().astype(int),
        "rate": rate.ravel(),
        "ci_low": np.where(np.repeat(spins, k) > 0, np.asarray(low).ravel(), np.nan),
        "ci_high": np.where(np.repeat(spins, k) > 0, np.asarray(high).ravel(), np.nan),
        "stated": np.tile(stated, len(window_table)) if stated is not None else np.nan,
    })

    counts_all = bincount(ordered_codes, minlength=k).astype(float)
    if outcome is not None:
        focus = np.atleast_1d(np.asarray(outcome, dtype=np.int64))
        scan_codes = (ordered_codes == focus[0]) if focus.size == 1 else \
            np.isin(ordered_codes, focus)
        scan_codes = scan_codes.view(np.int8)
        scan_k = 2
        what = f"outcome(s) {', '.join(str(int(c)) for c in focus)} vs the rest"
        hits = counts_all[np.unique(focus[(focus >= 0) & (focus < k)])].sum()
        total_obs = np.array([n - hits, hits])
    else:
        scan_codes, scan_k, what = ordered_codes, k, "all outcomes"
        total_obs = counts_all
    size = math.ceil(min_segment * n) if min_segment < 1 else int(min_segment)
    size = max(size, 1)
    if n - 2 * size + 1 > max_splits:  # a grid, without listing every split first
        split = np.unique(np.linspace(size, n - size, int(max_splits)).round().astype(int))
    else:
        split = np.arange(size, n - size + 1)

    empty = np.zeros(k)
    if split.size == 0 or np.count_nonzero(total_obs) < 2:
        rates = counts_all / n if n else empty
        return DriftResult(statistic=float("nan"), pvalue=float("nan"), change_index=0,
                           change_time=None, n_before=0, n_after=n, rates_before=empty,
                           rates_after=rates, stated=stated, outcomes=tuple(range(k)),
                           windows=windows_frame, n=n, n_simulations=0, min_segment=size,
                           method="not applicable (too few spins or one outcome only)")

    # The observed scan needs the counts at the split points only (no N x K cumulative table,
    # which for ten million spins would take gigabytes).
    before_obs = counts_before(scan_codes, split, scan_k).astype(float)
    after_obs = total_obs[None, :] - before_obs
    scan = 2.0 * (special.xlogy(before_obs, before_obs).sum(axis=1) - special.xlogy(split, split)
                  + special.xlogy(after_obs, after_obs).sum(axis=1)
                  - special.xlogy(n - split, n - split)
                  - (special.xlogy(total_obs, total_obs).sum() - special.xlogy(n, n)))
    best = int(np.argmax(scan))
    observed_stat = float(scan[best])
    tau = int(split[best])
    xlogx = special.xlogy(np.arange(n + 1), np.arange(n + 1)) if n_simulations > 0 else None

    def cumulative(batch: np.ndarray) -> np.ndarray:
        batch = np.atleast_2d(batch)
        one_hot = np.zeros((batch.shape[0], batch.shape[1] + 1, scan_k), dtype=np.int32)
        rows = np.arange(batch.shape[0])[:, None]
        cols = np.arange(1, batch.shape[1] + 1)[None, :]
        one_hot[rows, cols, batch] = 1
        return np.cumsum(one_hot, axis=1, dtype=np.int32)

    if n_simulations > 0:
        rng = np.random.default_rng(seed)

        def scans():
            for b in _growing_chunks(n_simulations, (n + 1) * scan_k * 3):
                order_b = np.argsort(rng.random((b, n)), axis=1)
                yield _scan_statistics(cumulative(scan_codes[order_b]), split, xlogx).max(axis=1)

        pvalue, n_simulations = _sequential_pvalue(scans(), observed_stat, n_simulations)
        method = f"max likelihood-ratio scan ({what}), permutation p-value (sequential)"
    else:
        pvalue = float("nan")
        method = f"max likelihood-ratio scan ({what}), no p-value (n_simulations = 0)"
    counts_before_tau = bincount(ordered_codes[:tau], minlength=k)
    before = counts_before_tau / tau
    after = (counts_all - counts_before_tau) / (n - tau)
    return DriftResult(statistic=observed_stat, pvalue=float(pvalue), change_index=tau,
                       change_time=ordered_times.iloc[tau], n_before=tau, n_after=n - tau,
                       rates_before=before, rates_after=after, stated=stated,
                       outcomes=tuple(range(k)), windows=windows_frame, n=n,
                       n_simulations=n_simulations, min_segment=size, method=method)
