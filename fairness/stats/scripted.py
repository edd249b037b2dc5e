"""Scripted starts: are the first ``k`` spins of each reporter different from the rest?

:func:`scripted_start_test`  the 2 x K table (first ``k`` spins vs the rest) with a Monte Carlo
                             permutation p-value within each sequence [5]_.

The Monte Carlo p-value is ``(1 + r) / (B + 1)`` [5]_, seeded and vectorised, stopping early
(Besag and Clifford's sequential p-value [7]_) once 20 draws reach the observed statistic; it
conditions on each reporter's own composition (outcomes are permuted within a reporter's
sequence only), so reporters who are treated differently (personalisation) do not create false
sequence findings.

Sequences are given as :class:`~fairness.stats.sequences.Sequences`, a list, or a mapping
reporter -> sequence of 1-D arrays of outcome codes (``0 .. k_outcomes - 1``) in the order of
the spins; ``fairness.logs.sequences_from_spins`` builds them from an Evidence spins table.

References
----------
.. [5] A. C. Davison and D. V. Hinkley (1997). *Bootstrap Methods and their Application*.
   Cambridge University Press, section 4.3 (Monte Carlo permutation tests).
.. [7] J. Besag and P. Clifford (1991). Sequential Monte Carlo p-values. *Biometrika* 78(2),
   301-304.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fairness.stats._contingency import (
    STATISTICS,
    check_statistic,
    cramers_v,
    independence_expected,
    pearson,
    table_df,
)
from fairness.stats._distributions import chi2_sf
from fairness.stats._montecarlo import sequential_pvalue
from fairness.stats._result import Result
from fairness.stats._validation import check_k, check_simulations
from fairness.stats.sequences import WithinSequencePermutations, as_sequences, permutations_for

__all__ = [
    "ScriptedStartResult",
    "scripted_start_test",
]


@dataclass(frozen=True)
class ScriptedStartResult(Result):
    """Result of :func:`scripted_start_test`.

    Attributes
    ----------
    statistic : float
        X² (or G) of the 2 x k table (first ``k`` spins of each reporter vs the rest).
    pvalue : float
        Monte Carlo permutation p-value (within each sequence), or asymptotic when
        ``n_simulations == 0``.
    table : numpy.ndarray
        Shape (2, k_outcomes): row 0 the first ``k`` spins, row 1 the rest.
    effect_size : float
        Cramér's V.
    """

    statistic: float
    pvalue: float
    asymptotic_pvalue: float
    df: int
    effect_size: float
    statistic_name: str
    k: int
    table: np.ndarray = field(repr=False, compare=False)
    n_sequences: int
    n_simulations: int
    method: str

    def rates_frame(self, labels: Sequence[str] | None = None) -> pd.DataFrame:
        """Tidy table per outcome: count and rate in the first ``k`` spins and in the rest,
        and their ratio."""
        table = np.asarray(self.table, dtype=float)
        k_out = table.shape[1]
        names = list(labels) if labels is not None else list(range(k_out))
        if len(names) != k_out:
            raise ValueError(f"labels must have {k_out} entries")
        totals = table.sum(axis=1)
        first = table[0] / totals[0] if totals[0] > 0 else np.full(k_out, np.nan)
        rest = table[1] / totals[1] if totals[1] > 0 else np.full(k_out, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(rest > 0, first / np.where(rest > 0, rest, 1.0), np.nan)
        return pd.DataFrame({"outcome": names, "first_count": table[0].astype(int),
                             "first_rate": first, "rest_count": table[1].astype(int),
                             "rest_rate": rest, "ratio": ratio})

    def summary(self) -> dict[str, Any]:
        return {
            "test": "scripted_start",
            "statistic_name": self.statistic_name,
            "statistic": float(self.statistic),
            "pvalue": float(self.pvalue),
            "effect_name": "Cramér's V",
            "effect": float(self.effect_size),
            "asymptotic_pvalue": float(self.asymptotic_pvalue),
            "df": int(self.df),
            "k": int(self.k),
            "first_spins": int(np.asarray(self.table)[0].sum()),
            "rest_spins": int(np.asarray(self.table)[1].sum()),
            "n_sequences": int(self.n_sequences),
            "n_simulations": int(self.n_simulations),
            "method": self.method,
        }



def scripted_start_test(sequences, k: int = 3, *, k_outcomes: int | None = None,
                        n_simulations: int = 2000, seed=0, statistic: str = "pearson",
                        permutations: WithinSequencePermutations | None = None
                        ) -> ScriptedStartResult:
    r"""Are the first ``k`` spins of each reporter distributed differently from the rest?

    The 2 x K table counts the outcomes of positions ``1..k`` of every sequence (row 0) and of
    the later positions (row 1). Under the null every reporter's outcomes are exchangeable, so
    the p-value permutes outcomes within each sequence [5]_; both margins of the table stay
    fixed, the expected counts are the usual :math:`r_i c_j / n`, and the Monte Carlo p-value
    is exact up to simulation error (the asymptotic chi-square one is also reported). Only
    sequences longer than ``k`` are used (shorter ones have no "rest").

    The first spin in the log is the reporter's first spin in the game only if the log is
    complete from the start; apply this to reporters with complete logs where possible.

    Parameters
    ----------
    sequences : list of array_like of int, or mapping reporter -> array_like
    k : int
        Number of first spins (>= 1).
    k_outcomes : int, optional
        Number of outcomes (default: the largest code + 1).
    n_simulations : int
    seed : int or numpy.random.Generator
    statistic : {"pearson", "g"}
    permutations : WithinSequencePermutations, optional
        Draws to use (shared with another test on the same sequences); their number replaces
        ``n_simulations``.

    Returns
    -------
    ScriptedStartResult
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, not {k!r}")
    n_simulations = check_simulations(n_simulations)
    statistic = check_statistic(statistic)
    func, name = STATISTICS[statistic]
    every = as_sequences(sequences, k_outcomes=k_outcomes)
    if k_outcomes is None:
        k_outcomes = max(2, int(every.codes.max()) + 1 if every.codes.size else 2)
    k_out = check_k(k_outcomes)
    keep = every.lengths > k
    seqs = every.select(keep)
    table = np.zeros((2, k_out))
    if not len(seqs):
        return ScriptedStartResult(statistic=float("nan"), pvalue=float("nan"),
                                   asymptotic_pvalue=float("nan"), df=0, effect_size=0.0,
                                   statistic_name=name, k=int(k), table=table.astype(np.int64),
                                   n_sequences=0, n_simulations=0,
                                   method="not applicable (no sequence longer than k)")
    row = (seqs.position >= k).astype(np.int64)

    def tables_of(codes: np.ndarray) -> np.ndarray:
        codes = np.atleast_2d(codes)
        b = codes.shape[0]
        flat = (np.arange(b)[:, None] * (2 * k_out) + row[None, :] * k_out + codes).ravel()
        return np.bincount(flat, minlength=b * 2 * k_out).reshape(b, 2, k_out).astype(float)

    table = tables_of(seqs.codes)[0]
    expected = independence_expected(table)
    observed_stat = float(func(table, expected))
    df = table_df(table)
    asymptotic = float(chi2_sf(observed_stat, df)) if df > 0 else 1.0
    effect = cramers_v(float(pearson(table, expected)), table)
    if n_simulations > 0 and df > 0:
        draws, columns = permutations_for(every, keep, permutations, n_simulations, seed)
        n_simulations = draws.n_simulations
        simulated = (func(tables_of(batch), expected) for batch in draws.batches(columns))
        pvalue, n_simulations = sequential_pvalue(simulated, observed_stat, n_simulations)
        method = "monte_carlo (permutation within each sequence, sequential)"
    else:
        pvalue, method, n_simulations = asymptotic, "asymptotic chi-square", 0
    return ScriptedStartResult(statistic=observed_stat, pvalue=float(pvalue),
                               asymptotic_pvalue=asymptotic, df=df, effect_size=effect,
                               statistic_name=name, k=int(k), table=table.astype(np.int64),
                               n_sequences=len(seqs), n_simulations=n_simulations,
                               method=method)
