r"""Goodness of fit of observed outcome counts to the stated odds.

One entry point, :func:`goodness_of_fit`, with four ways to get the p-value of the null
hypothesis "the spins are a multinomial sample with the stated chances":

``"pearson"``      Pearson's X² with its chi-square approximation [1]_;
``"g"``            the likelihood-ratio G statistic [3]_, optionally with Williams' correction [2]_;
``"exact"``        the exact multinomial test: every table with the same total is enumerated
                   [5]_ [6]_;
``"monte_carlo"``  tables are simulated from the stated odds (seeded, vectorised, chunked) [4]_;
``"auto"``         Pearson when every expected count is at least 5 (Cochran's rule), else the
                   exact test when its estimated time is within a budget, else Monte Carlo.

The cost of the exact test
--------------------------
The enumeration visits all :math:`T = \binom{n + k - 1}{k - 1}` tables, built cell by cell in
vectorised frontiers, so its time is close to :math:`T \cdot c(k)` with a per-table cost
:math:`c(k) = a + b\,k` measured once (:data:`EXACT_SECONDS_PER_TABLE`,
:data:`EXACT_SECONDS_PER_CELL`; on the 2-core development machine Mendel's peas, 28,956,759
tables with :math:`k = 4`, take about 1.5 s; the model says 1.7 s). The exact test runs when
the estimate is within ``time_budget`` (:data:`EXACT_TIME_BUDGET`, 3 s); beyond it
``method="exact"`` raises a ``ValueError`` that names the tables and the estimate, and
``"auto"`` uses Monte Carlo and says why in ``FitResult.note``. A caller may instead cap the
number of tables (``max_tables``).

References
----------
.. [1] K. Pearson (1900). On the criterion that a given system of deviations from the probable
   in the case of a correlated system of variables is such that it can be reasonably supposed to
   have arisen from random sampling. *Philosophical Magazine* 50(302), 157-175.
.. [2] D. A. Williams (1976). Improved likelihood ratio tests for complete contingency tables.
   *Biometrika* 63(1), 33-37. As applied to goodness of fit in R. R. Sokal and F. J. Rohlf,
   *Biometry*, 3rd ed. (1995), section 17.2.
.. [3] T. R. C. Read and N. A. C. Cressie (1988). *Goodness-of-Fit Statistics for Discrete
   Multivariate Data*. Springer.
.. [4] A. C. Davison and D. V. Hinkley (1997). *Bootstrap Methods and their Application*.
   Cambridge University Press, section 4.2 (the Monte Carlo p-value (1 + r) / (B + 1)).
.. [5] U. Menzel (2013). EMT: Exact Multinomial Test: Goodness-of-Fit Test for Discrete
   Multivariate Data. R package, CRAN (``multinomial.test``).
.. [6] W. R. Engels (2015). XNomial: Exact Goodness-of-Fit Test for Multinomial Data with Fixed
   Probabilities. R package version 1.0.4, CRAN (``xmulti``, ``xmonte``).
.. [7] W. G. Cochran (1954). Some methods for strengthening the common chi-square tests.
   *Biometrics* 10(4), 417-451.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from fairness.stats._distributions import chi2_sf
from fairness.stats._montecarlo import CHUNK_ELEMENTS, RELATIVE_SLACK
from fairness.stats._result import Result

__all__ = ["EXACT_TIME_BUDGET", "METHODS", "ORDERINGS", "FitResult", "exact_cost",
           "goodness_of_fit"]

METHODS = ("auto", "pearson", "g", "exact", "monte_carlo")
ORDERINGS = ("probability", "g", "pearson")

# Relative slack when comparing a table with the observed one. Tables that tie with the observed
# table in exact arithmetic can differ in the last bits once computed in floating point; EMT and
# XNomial count P(t) <= P(obs) * (1 + 1e-7) as "at least as extreme", and we use the same slack
# for the G and X² orderings and for Monte Carlo (the shared value in _montecarlo).
_RELATIVE_SLACK = RELATIVE_SLACK
# Tolerance on sum(stated) before renormalising (operators' rounding is handled by the spec).
_STATED_SUM_TOLERANCE = 1e-6
# Memory bounds: tables enumerated at once by the exact test (it holds a few numbers per table,
# never the tables), and array elements (tables x cells) simulated at once by Monte Carlo.
_ENUMERATION_CHUNK = 1_000_000
_CHUNK_ELEMENTS = CHUNK_ELEMENTS
_STATISTIC_NAMES = {"pearson": "X2", "g": "G", "probability": "log P(table)"}
# The cost model of the exact test (module docstring): seconds per table = a + b * k, an upper
# envelope of the cost measured with numpy 2 on the development machine (2 x86-64 cores):
# 53, 50, 34, 38, 54 and 85 ns per table for k = 3, 4, 5, 7, 10 and 15 (12 to 52 million tables
# each; Mendel's peas, k = 4: 1.45 s).
EXACT_SECONDS_PER_TABLE = 4.5e-8
EXACT_SECONDS_PER_CELL = 3.0e-9
EXACT_TIME_BUDGET = 3.0


@dataclass(frozen=True)
class FitResult(Result):
    """Result of :func:`goodness_of_fit`.

    Attributes
    ----------
    statistic : float
        The test statistic of the observed table: Pearson's X² (``"X2"``), the likelihood-ratio
        G (``"G"``, or ``"G (Williams)"`` after Williams' correction), or the log-probability of
        the observed table under the stated odds (``"log P(table)"``, the probability ordering
        of the exact and Monte Carlo tests). ``inf`` when an outcome with stated chance 0 was seen.
    pvalue : float
        The p-value of the null hypothesis that the counts are a multinomial sample with the
        stated chances.
    df : int
        Degrees of freedom ``k - 1``, ``k`` the number of outcomes kept (outcomes with stated
        chance 0 that were never observed are dropped). Used by the chi-square approximation;
        reported for every method.
    method : str
        The method actually used: ``"pearson"``, ``"g"``, ``"exact"`` or ``"monte_carlo"``
        (``"auto"`` is resolved to one of these).
    n : int
        Total number of observations.
    observed, expected : numpy.ndarray
        The observed counts and ``n * stated`` (renormalised), aligned with the input outcomes,
        including any dropped ones.
    effect_size : float
        Cohen's w, ``sqrt(X² / n)`` with Pearson's X², whatever the method (0 when ``n == 0``).
    statistic_name : str
        What ``statistic`` is (see above).
    n_simulations : int or None
        Number of simulated tables (Monte Carlo only).
    n_tables : int or None
        Number of tables enumerated (exact test only).
    note : str
        Why the method was chosen when that is not obvious (e.g. the exact test was over its
        time budget, so ``"auto"`` used Monte Carlo); empty otherwise.
    """

    statistic: float
    pvalue: float
    df: int
    method: str
    n: int
    observed: np.ndarray = field(compare=False)
    expected: np.ndarray = field(compare=False)
    effect_size: float
    statistic_name: str
    n_simulations: int | None = None
    n_tables: int | None = None
    note: str = ""

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy table of the test: method, statistic, df, p-value, n, effect size."""
        return pd.DataFrame(
            {
                "method": [self.method],
                "statistic_name": [self.statistic_name],
                "statistic": [float(self.statistic)],
                "df": [int(self.df)],
                "pvalue": [float(self.pvalue)],
                "n": [int(self.n)],
                "effect_size": [float(self.effect_size)],
                "n_simulations": pd.array([self.n_simulations], dtype="Int64"),
                "n_tables": pd.array([self.n_tables], dtype="Int64"),
            }
        )


def goodness_of_fit(
    observed,
    stated,
    method: str = "auto",
    *,
    williams: bool = False,
    ordering: str | None = None,
    n_simulations: int = 100_000,
    seed=0,
    max_tables: int | None = None,
    time_budget: float = EXACT_TIME_BUDGET,
) -> FitResult:
    r"""Test whether observed outcome counts fit the stated chances.

    Parameters
    ----------
    observed : array_like of int
        Count of each outcome (non-negative integers), ``n = sum(observed)``.
    stated : array_like of float
        Stated chance of each outcome, same length as `observed`; non-negative and summing to 1
        within 1e-6 (renormalised).
    method : {"auto", "pearson", "g", "exact", "monte_carlo"}
        How the p-value is obtained (see Notes). ``"auto"``: ``"pearson"`` when every expected
        count is at least 5, else ``"exact"`` when its estimated time is within `time_budget`
        (or, when `max_tables` is given, when there are at most that many tables), else
        ``"monte_carlo"``.
    williams : bool
        Divide G by Williams' factor :math:`q` (method ``"g"`` only; it changes neither the
        exact nor the Monte Carlo p-value, since it does not change the ordering of tables).
    ordering : {"probability", "g", "pearson"}, optional
        What makes a table "at least as extreme" as the observed one for ``"exact"`` (default
        ``"probability"``) and ``"monte_carlo"`` (default ``"pearson"``). Must be None for
        ``"pearson"`` and ``"g"``; with ``"auto"`` it is used if an exact or Monte Carlo test
        is chosen.
    n_simulations : int
        Number of simulated tables :math:`B` for ``"monte_carlo"``.
    seed : int, numpy.random.Generator or None
        Seed of ``numpy.random.default_rng`` for ``"monte_carlo"``; the same seed gives the
        same p-value.
    max_tables : int, optional
        Largest number of tables the exact test may enumerate; more raises ``ValueError``
        (``"auto"`` then uses Monte Carlo). Given, it replaces the time budget.
    time_budget : float
        Seconds the exact test may take by the cost model (module docstring:
        :func:`exact_cost`); default :data:`EXACT_TIME_BUDGET`. Used when `max_tables` is None.

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError
        If `observed` is not a vector of non-negative integers, `stated` has negative entries,
        a different length or does not sum to 1, `method` or `ordering` is unknown, or the
        exact test would need more than `max_tables` tables or more than `time_budget` seconds.

    Notes
    -----
    With :math:`k` outcomes kept, :math:`O_i` observed and :math:`E_i = n \pi_i` expected counts:

    * Pearson [1]_: :math:`X^2 = \sum_i (O_i - E_i)^2 / E_i`, compared with
      :math:`\chi^2_{k-1}`.
    * Likelihood ratio [3]_: :math:`G = 2 \sum_i O_i \ln(O_i / E_i)` (terms with
      :math:`O_i = 0` are 0), compared with :math:`\chi^2_{k-1}`. Williams' correction [2]_
      divides by :math:`q = 1 + (k + 1) / (6 n)`, which brings the null distribution closer to
      :math:`\chi^2_{k-1}` in small samples.
    * The chi-square approximations are valid when the expected counts are not small. This
      function uses the conservative form of Cochran's rule [7]_, :math:`E_i \ge 5` for every
      outcome (Cochran allows up to 20% of outcomes below 5 if none is below 1); below that
      use ``"exact"`` or ``"monte_carlo"`` (``"auto"`` does).
    * Exact multinomial test [5]_ [6]_: all :math:`\binom{n + k - 1}{k - 1}` tables :math:`t`
      with total :math:`n` are enumerated with
      :math:`P(t) = n! \prod_i \pi_i^{t_i} / t_i!`. With the probability ordering
      :math:`p = \sum_{t: P(t) \le P(O)(1 + 10^{-7})} P(t)`; with the G or X² ordering
      :math:`p = \sum_{t: T(t) \ge T(O)(1 - 10^{-7})} P(t)`. The slack absorbs rounding of
      ties, as in EMT and XNomial.
    * Monte Carlo [4]_: :math:`B` tables are drawn from the stated multinomial and
      :math:`p = (1 + \#\{b: T_b \ge T(O)(1 - 10^{-7})\}) / (B + 1)`, the formula of R's
      ``chisq.test(simulate.p.value = TRUE)`` (R uses the slack ``1 - 64 * .Machine$double.eps``;
      we use the exact test's :math:`10^{-7}`). This p-value is valid (never
      anti-conservative) for any :math:`B`. For the probability ordering a table counts when
      :math:`P(t) \le P(O)(1 + 10^{-7})`.
    * An outcome with stated chance 0 that was observed gives statistic ``inf`` and p-value 0;
      outcomes with stated chance 0 that were not observed are dropped. ``n == 0`` or a single
      outcome kept gives statistic 0 and p-value 1.
    * The effect size is Cohen's :math:`w = \sqrt{X^2 / n}` in every case.

    Examples
    --------
    >>> result = goodness_of_fit([20, 15, 25], [1 / 3, 1 / 3, 1 / 3], method="pearson")
    >>> round(result.statistic, 4), round(result.pvalue, 4)
    (2.5, 0.2865)
    >>> goodness_of_fit([5, 2, 1], [0.25, 0.5, 0.25], method="exact").n_tables
    45
    """
    observed = _check_observed(observed)
    stated = _check_stated(stated, len(observed))
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}")
    if ordering is not None and ordering not in ORDERINGS:
        raise ValueError(
            f"ordering must be one of {', '.join(map(repr, ORDERINGS))} or None; got {ordering!r}"
        )
    if ordering is not None and method in ("pearson", "g"):
        raise ValueError(f"ordering applies to 'exact' and 'monte_carlo', not method {method!r}")
    n_simulations = _check_positive_int(n_simulations, "n_simulations")
    if max_tables is not None:
        max_tables = _check_positive_int(max_tables, "max_tables")
    if (isinstance(time_budget, bool) or not isinstance(time_budget, (int, float, np.floating))
            or not time_budget > 0):
        raise ValueError(f"time_budget must be a positive number of seconds; got {time_budget!r}")

    n = int(observed.sum())
    expected = n * stated
    observed.flags.writeable = False  # the result holds them; keep it immutable
    expected.flags.writeable = False
    keep = (stated > 0) | (observed > 0)
    obs_kept, stated_kept, exp_kept = observed[keep], stated[keep], expected[keep]
    k = int(keep.sum())
    df = k - 1
    limit = max_tables if max_tables is not None else max(
        1, int(time_budget / (EXACT_SECONDS_PER_TABLE + EXACT_SECONDS_PER_CELL * k)))
    n_tables_needed = _count_tables(n, k, limit)
    exact_allowed = n_tables_needed <= limit
    seconds = n_tables_needed * (EXACT_SECONDS_PER_TABLE + EXACT_SECONDS_PER_CELL * k)
    if math.isinf(n_tables_needed):
        log10 = (math.lgamma(n + k) - math.lgamma(k) - math.lgamma(n + 1)) / math.log(10)
        count = f"about 10^{log10:.1f}"
    else:
        count = f"{n_tables_needed:,}"
    why = (f"more than max_tables={max_tables:,}" if max_tables is not None else
           f"about {seconds:.3g} s by the cost model, over the time budget of {time_budget:g} s")
    note = ""

    if method == "auto":
        if n > 0 and np.all(exp_kept >= 5):
            method = "pearson"
        elif exact_allowed:
            method = "exact"
        else:
            method = "monte_carlo"
            note = f"exact test skipped: {count} tables, {why}; Monte Carlo instead"
    if ordering is None and method in ("exact", "monte_carlo"):
        ordering = "probability" if method == "exact" else "pearson"

    if method == "g":
        statistic_name = "G (Williams)" if williams else "G"
    else:
        statistic_name = _STATISTIC_NAMES["pearson" if method == "pearson" else ordering]

    def result(statistic, pvalue, effect_size, n_sim=None, n_tab=None) -> FitResult:
        return FitResult(
            statistic=float(statistic),
            pvalue=float(min(max(pvalue, 0.0), 1.0)),
            df=df,
            method=method,
            n=n,
            observed=observed,
            expected=expected,
            effect_size=float(effect_size),
            statistic_name=statistic_name,
            n_simulations=n_sim,
            n_tables=n_tab,
            note=note,
        )

    n_sim_degenerate = 0 if method == "monte_carlo" else None
    n_tab_degenerate = 1 if method == "exact" else None
    if np.any(obs_kept[stated_kept == 0] > 0):
        # An outcome the stated odds exclude was seen: no multinomial with these odds makes it.
        # Its log-probability is -inf; every other statistic is +inf.
        statistic = -np.inf if statistic_name == "log P(table)" else np.inf
        return result(statistic, 0.0, np.inf, n_sim_degenerate, None)
    if n == 0 or k <= 1:
        # Only one table is possible (probability 1, statistic 0): nothing to test.
        return result(0.0, 1.0, 0.0, n_sim_degenerate, n_tab_degenerate)

    pearson = float(np.sum((obs_kept - exp_kept) ** 2 / exp_kept))
    effect_size = math.sqrt(pearson / n)

    if method == "pearson":  # X² = sum (O - E)² / E against chi-square(k - 1)
        return result(pearson, chi2_sf(pearson, df), effect_size)
    if method == "g":
        # G = 2 sum O log(O / E) against chi-square(k - 1); G >= 0, but a table equal to the
        # expected one can round to -1e-15.
        g = max(2.0 * float(np.sum(special.xlogy(obs_kept, obs_kept / exp_kept))), 0.0)
        q = 1.0 + (k + 1) / (6.0 * n) if williams else 1.0
        return result(g / q, chi2_sf(g / q, df), effect_size)
    if method == "exact":
        if not exact_allowed:
            raise ValueError(
                f"the exact test needs {count} tables, {why}; use method='monte_carlo' or "
                + ("raise max_tables" if max_tables is not None else "raise time_budget")
            )
        statistic, pvalue, n_tables = _exact_pvalue(obs_kept, stated_kept, ordering)
        return result(statistic, pvalue, effect_size, n_tab=n_tables)
    statistic, pvalue = _monte_carlo_pvalue(obs_kept, stated_kept, ordering, n_simulations, seed)
    return result(statistic, pvalue, effect_size, n_sim=n_simulations)


# --------------------------------------------------------------------------------------------
# validation


def _check_observed(observed) -> np.ndarray:
    try:
        values = np.asarray(observed, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("observed must be a vector of non-negative integer counts") from None
    if values.ndim != 1 or values.size == 0:
        raise ValueError(
            f"observed must be a non-empty 1-D vector of counts; got shape {values.shape}"
        )
    bad = ~np.isfinite(values) | (values < 0) | (values != np.round(values))
    if bad.any():
        where = int(np.argmax(bad))
        raise ValueError(
            f"observed must hold non-negative integers; entry {where} is {values[where]!r}"
        )
    return values.astype(np.int64)


def _check_stated(stated, length: int) -> np.ndarray:
    try:
        values = np.asarray(stated, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("stated must be a vector of chances") from None
    if values.ndim != 1 or values.size != length:
        raise ValueError(
            f"stated must be a 1-D vector as long as observed ({length}); got shape {values.shape}"
        )
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        where = int(np.argmax(bad))
        raise ValueError(
            f"stated must hold non-negative finite chances; entry {where} is {values[where]!r}"
        )
    total = float(values.sum())
    if abs(total - 1.0) > _STATED_SUM_TOLERANCE:
        raise ValueError(f"stated must sum to 1; sums to {total!r}")
    return values / total


def exact_cost(n: int, k: int) -> tuple[float, float]:
    r"""Tables the exact test enumerates and its estimated time in seconds.

    :math:`T = \binom{n + k - 1}{k - 1}` tables of total ``n`` over ``k`` outcomes, and
    :math:`T (a + b k)` seconds with the measured per-table cost (module docstring).
    Mendel's peas (``n = 556``, ``k = 4``): 28,956,759 tables, about 1.7 s.
    """
    n, k = int(n), int(k)
    tables = float(_count_tables(n, k, 10**15))
    return tables, tables * (EXACT_SECONDS_PER_TABLE + EXACT_SECONDS_PER_CELL * k)


def _count_tables(n: int, k: int, limit: int) -> float:
    """C(n + k - 1, k - 1) exactly, or inf when it is far above `limit` (no huge integers)."""
    if k <= 1:
        return 1
    log_count = math.lgamma(n + k) - math.lgamma(k) - math.lgamma(n + 1)
    if log_count > math.log(limit) + 50.0:
        return math.inf
    return math.comb(n + k - 1, k - 1)


def _check_positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


# --------------------------------------------------------------------------------------------
# exact multinomial test
#
# Tables are built one cell at a time, all partial tables of a frontier at once with numpy,
# accumulating each table's log-probability and statistic. A partial table with nothing left
# to share is finished at once (its remaining cells are all 0), so sparse tables (many
# outcomes, few spins) cost no more than dense ones. The observed table is scored by the same
# steps in the same order, so a table equal to it gets a bit-identical score.


class _TableScorer:
    """Per-cell terms of log P(table) and of the ordering statistic."""

    def __init__(self, n: int, stated: np.ndarray, ordering: str):
        self.n = n
        self.stated = stated
        self.log_stated = np.log(stated)
        self.expected = n * stated
        self.ordering = ordering
        self.with_stat = ordering != "probability"
        self.log_n_factorial = float(special.gammaln(n + 1.0))
        # Statistic of cells i..k-1 all being 0: log P gets 0 from them; X² gets sum E_i.
        zero_terms = self.expected if ordering == "pearson" else np.zeros_like(self.expected)
        self.zero_suffix = np.append(np.cumsum(zero_terms[::-1])[::-1], 0.0)
        # Lookup tables of each cell's terms for counts 0..n: a gather is ~10x faster than
        # computing logs and log-gammas, so use them unless they would take over ~64 MB.
        self._tables = None
        if len(stated) * (n + 1) <= 4_000_000:
            counts = np.arange(n + 1, dtype=np.int64)
            self._tables = [self._terms(cell, counts) for cell in range(len(stated))]

    def _terms(self, cell: int, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        counts_f = counts.astype(float)
        log_p = counts_f * self.log_stated[cell] - special.gammaln(counts_f + 1.0)
        expected = self.expected[cell]
        if self.ordering == "pearson":
            return log_p, (counts_f - expected) ** 2 / expected
        if self.ordering == "g":
            return log_p, 2.0 * special.xlogy(counts_f, counts_f / expected)
        return log_p, None

    def add_cell(self, log_p, stat, cell: int, counts: np.ndarray):
        """Add cell `cell` holding `counts` to partial tables' log P and statistic."""
        if self._tables is not None:
            log_p_terms, stat_terms = self._tables[cell]
            log_p_terms = log_p_terms[counts]
            stat_terms = stat_terms[counts] if stat_terms is not None else None
        else:
            log_p_terms, stat_terms = self._terms(cell, counts)
        if stat_terms is not None:
            stat = stat + stat_terms
        return log_p + log_p_terms, stat

    def complete(self, log_p, stat, next_cell: int):
        """Finish tables whose cells from `next_cell` on are all 0."""
        if self.with_stat:
            stat = stat + self.zero_suffix[next_cell]
            if self.ordering == "g":
                stat = np.maximum(stat, 0.0)  # G >= 0; undo rounding below 0
        return log_p + self.log_n_factorial, stat

    def score(self, table: np.ndarray) -> tuple[float, float]:
        """log P(table) and statistic of one table, by the enumeration's own steps."""
        k = len(table)
        log_p, stat = np.zeros(1), np.zeros(1)
        remaining = int(table.sum())
        for cell in range(k - 1):
            count = np.array([table[cell]], dtype=np.int64)
            log_p, stat = self.add_cell(log_p, stat, cell, count)
            remaining -= int(count[0])
            if cell == k - 2:  # the last cell takes what is left
                log_p, stat = self.add_cell(log_p, stat, k - 1, np.array([remaining]))
                log_p, stat = self.complete(log_p, stat, k)
            elif remaining == 0:
                log_p, stat = self.complete(log_p, stat, cell + 1)
                break
        return float(log_p[0]), float(stat[0])


def _extreme_mask(log_p, stat, obs_log_p, obs_stat, ordering) -> np.ndarray:
    if ordering == "probability":
        return log_p <= obs_log_p + math.log1p(_RELATIVE_SLACK)
    return stat >= obs_stat * (1.0 - _RELATIVE_SLACK)


def _exact_pvalue(observed, stated, ordering) -> tuple[float, float, int]:
    scorer = _TableScorer(int(observed.sum()), stated, ordering)
    obs_log_p, obs_stat = scorer.score(observed)
    pvalue = 0.0
    n_tables = 0
    for log_p, stat in _enumerate_tables(scorer):
        mask = _extreme_mask(log_p, stat, obs_log_p, obs_stat, ordering)
        pvalue += float(np.exp(log_p[mask]).sum())
        n_tables += log_p.size
    statistic = obs_log_p if ordering == "probability" else obs_stat
    return statistic, pvalue, n_tables


def _enumerate_tables(scorer: _TableScorer) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (log P(t), statistic(t)) for every table t with total n, in chunks.

    Work items on a depth-first stack (k may exceed Python's recursion limit) are frontiers of
    partial tables ``(remaining, log_p, stat, cell)``, cells before ``cell`` filled and
    ``remaining > 0`` left; filling cell k - 2 also fills the last one with what is left. A
    frontier with more than ``_ENUMERATION_CHUNK`` children is split; one partial table with
    more children than that fills its next cell a block of values at a time (item
    ``("block", remaining, log_p, stat, cell, first_value)``).
    """
    n, k = scorer.n, len(scorer.stated)
    chunk = _ENUMERATION_CHUNK
    stack: list[tuple] = [(np.array([n], dtype=np.int64), np.zeros(1), np.zeros(1), 0)]
    while stack:
        item = stack.pop()
        if isinstance(item[0], str):
            _, left, log_p0, stat0, cell, first = item
            stop = min(left + 1, first + chunk)
            if stop <= left:
                stack.append(("block", left, log_p0, stat0, cell, stop))
            counts = np.arange(first, stop, dtype=np.int64)
            parents = np.zeros(counts.size, dtype=np.int64)
            remaining = np.full(1, left, dtype=np.int64)
            log_p, stat = np.full(1, log_p0), np.full(1, stat0)
        else:
            remaining, log_p, stat, cell = item
            children = remaining + 1
            if children.sum() > chunk:
                if remaining.size == 1:
                    stack.append(("block", int(remaining[0]), log_p[0], stat[0], cell, 0))
                    continue
                # Split into parts of about `chunk` children; halve if that does not split.
                part_of = np.cumsum(children) // chunk
                bounds = np.flatnonzero(np.diff(part_of)) + 1
                if bounds.size == 0:
                    bounds = np.array([remaining.size // 2])
                for part in reversed(np.split(np.arange(remaining.size), bounds)):
                    stack.append((remaining[part], log_p[part], stat[part], cell))
                continue
            # Each partial table with r left has children with 0..r in this cell.
            parents = np.repeat(np.arange(remaining.size), children)
            starts = np.cumsum(children) - children
            counts = np.arange(parents.size) - starts[parents]
        log_p, stat = scorer.add_cell(log_p[parents], stat[parents], cell, counts)
        remaining = remaining[parents] - counts
        if cell == k - 2:  # the last cell takes what is left
            log_p, stat = scorer.add_cell(log_p, stat, k - 1, remaining)
            yield scorer.complete(log_p, stat, k)
            continue
        done = remaining == 0
        if done.any():
            yield scorer.complete(log_p[done], stat[done], cell + 1)
        if not done.all():
            active = ~done
            stack.append((remaining[active], log_p[active], stat[active], cell + 1))


# --------------------------------------------------------------------------------------------
# Monte Carlo


def _table_statistic(tables: np.ndarray, stated, expected, ordering, n: int) -> np.ndarray:
    """Statistic of each row of `tables` (larger = more extreme)."""
    if ordering == "pearson":
        # (in place on one temporary: the same operations, in the same order, as
        # ((tables - expected) ** 2 / expected).sum(axis=1), with fewer 20,000-row copies)
        deviation = np.subtract(tables, expected, dtype=float)
        np.square(deviation, out=deviation)
        np.divide(deviation, expected, out=deviation)
        return deviation.sum(axis=1)
    counts = tables.astype(float)
    if ordering == "g":
        return np.maximum(2.0 * np.sum(special.xlogy(counts, counts / expected), axis=1), 0.0)
    # probability ordering: -log P(table), so that larger is more extreme
    log_p = counts @ np.log(stated) - special.gammaln(counts + 1.0).sum(axis=1)
    return -(log_p + special.gammaln(n + 1.0))


def _monte_carlo_pvalue(observed, stated, ordering, n_simulations, seed) -> tuple[float, float]:
    n = int(observed.sum())
    k = len(stated)
    expected = n * stated
    rng = np.random.default_rng(seed)
    obs_stat = float(_table_statistic(observed[None, :], stated, expected, ordering, n)[0])
    if ordering == "probability":
        # P(t) <= P(obs) (1 + slack)  <=>  -log P(t) >= -log P(obs) - log(1 + slack)
        threshold = obs_stat - math.log1p(_RELATIVE_SLACK)
    else:
        threshold = obs_stat * (1.0 - _RELATIVE_SLACK)
    chunk = max(_CHUNK_ELEMENTS // k, 1)
    at_least = 0
    done = 0
    while done < n_simulations:
        size = min(chunk, n_simulations - done)
        tables = rng.multinomial(n, stated, size=size)
        at_least += int(
            np.count_nonzero(_table_statistic(tables, stated, expected, ordering, n) >= threshold)
        )
        done += size
    statistic = -obs_stat if ordering == "probability" else obs_stat
    return statistic, (1.0 + at_least) / (n_simulations + 1.0)
