"""First-order Markov dependence: does the previous outcome change the chances of the next one?

:func:`markov_dependence_test`  the pooled transition table against independence, with a Monte
                                Carlo permutation p-value within each reporter [5]_.

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
    "MarkovResult",
    "markov_dependence_test",
]


def _transition_counts(codes: np.ndarray, inside: np.ndarray, k: int) -> np.ndarray:
    """Transition tables (b, k, k) of a batch of flat code arrays (b, size); ``inside`` marks
    the pairs (i, i + 1) within one sequence (the others go to a spare bin and are dropped)."""
    b = codes.shape[0]
    width = k * k + 1
    pairs = codes[:, :-1] * k + codes[:, 1:]
    pairs = np.where(inside[None, :], pairs, k * k) + np.arange(b)[:, None] * width
    counts = np.bincount(pairs.ravel(), minlength=b * width).reshape(b, width)
    return counts[:, : k * k].reshape(b, k, k).astype(float)


@dataclass(frozen=True)
class MarkovResult(Result):
    """Result of :func:`markov_dependence_test`.

    Attributes
    ----------
    statistic : float
        X² or G of the pooled transition table against independence of previous and next.
    pvalue : float
        Monte Carlo p-value (outcomes permuted within each sequence), or the asymptotic one when
        ``n_simulations == 0``.
    asymptotic_pvalue : float
        Chi-square with ``df`` degrees of freedom (rough when expected counts are small).
    df : int
    effect_size : float
        Cramér's V of the transition table.
    transitions : numpy.ndarray
        Observed counts, ``transitions[a, b]`` = spins ``b`` right after ``a``.
    n_transitions : int
    n_sequences : int
        Sequences with at least two spins.
    """

    statistic: float
    pvalue: float
    asymptotic_pvalue: float
    df: int
    effect_size: float
    statistic_name: str
    transitions: np.ndarray = field(repr=False, compare=False)
    n_transitions: int
    n_sequences: int
    n_simulations: int
    method: str

    def transition_frame(self, labels: Sequence[str] | None = None) -> pd.DataFrame:
        """Tidy table: previous, next, count, expected (independence), rate of next given
        previous, overall rate of next and their ratio (``lift``)."""
        table = np.asarray(self.transitions, dtype=float)
        k = table.shape[0]
        names = list(labels) if labels is not None else list(range(k))
        if len(names) != k:
            raise ValueError(f"labels must have {k} entries")
        expected = independence_expected(table)
        rows = table.sum(axis=1, keepdims=True)
        total = table.sum()
        given = np.divide(table, rows, out=np.full_like(table, np.nan), where=rows > 0)
        overall = table.sum(axis=0) / total if total > 0 else np.full(k, np.nan)
        lift = np.divide(given, overall[None, :], out=np.full_like(table, np.nan),
                         where=overall[None, :] > 0)
        a, b = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
        return pd.DataFrame({
            "previous": [names[i] for i in a.ravel()],
            "next": [names[j] for j in b.ravel()],
            "count": table.ravel().astype(int),
            "expected": expected.ravel(),
            "rate_given_previous": given.ravel(),
            "rate_overall": np.tile(overall, k),
            "lift": lift.ravel(),
        })

    def summary(self) -> dict[str, Any]:
        return {
            "test": "markov_dependence",
            "statistic_name": self.statistic_name,
            "statistic": float(self.statistic),
            "pvalue": float(self.pvalue),
            "effect_name": "Cramér's V",
            "effect": float(self.effect_size),
            "asymptotic_pvalue": float(self.asymptotic_pvalue),
            "df": int(self.df),
            "n_transitions": int(self.n_transitions),
            "n_sequences": int(self.n_sequences),
            "n_simulations": int(self.n_simulations),
            "method": self.method,
        }



def markov_dependence_test(sequences, k_outcomes: int, n_simulations: int = 2000, seed=0, *,
                           statistic: str = "pearson",
                           permutations: WithinSequencePermutations | None = None
                           ) -> MarkovResult:
    r"""First-order dependence: does the previous outcome change the chances of the next one?

    Transitions ``previous -> next`` are counted within each sequence (never across reporters)
    and pooled into a ``k x k`` table :math:`T`. The statistic is Pearson's X² (or G) of
    :math:`T` against independence, :math:`E_{ab} = T_{a\cdot} T_{\cdot b} / T_{\cdot\cdot}`.

    The p-value is a Monte Carlo permutation p-value [5]_: each reporter's outcomes are
    shuffled within their own sequence (keeping each reporter's composition, so differences
    between reporters are not mistaken for dependence), the table and statistic are recomputed,
    and :math:`p = (1 + \#\{X^2_{sim} \ge X^2_{obs}\}) / (B + 1)`. It is valid for any sample
    size; the chi-square p-value with :math:`(k'-1)^2` degrees of freedom (:math:`k'` outcomes
    seen) is reported too but is rough for rare outcomes and ignores that the margins of
    :math:`T` move under the null.

    Parameters
    ----------
    sequences : list of array_like of int, or mapping reporter -> array_like
        Outcome codes ``0 .. k_outcomes - 1`` in spin order.
    k_outcomes : int
    n_simulations : int
        Permutations (0: asymptotic p-value only).
    seed : int or numpy.random.Generator
    statistic : {"pearson", "g"}
    permutations : WithinSequencePermutations, optional
        Draws to use (shared with another test on the same sequences); their number replaces
        ``n_simulations``.

    Returns
    -------
    MarkovResult
    """
    k = check_k(k_outcomes)
    n_simulations = check_simulations(n_simulations)
    statistic = check_statistic(statistic)
    func, name = STATISTICS[statistic]
    every = as_sequences(sequences, k_outcomes=k)
    keep = every.lengths >= 2
    seqs = every.select(keep)
    # Pairs (i, i + 1) that lie inside one sequence.
    sid = seqs.sequence_id
    inside = sid[1:] == sid[:-1]
    observed_table = _transition_counts(seqs.codes[None, :], inside, k)[0]
    n_transitions = int(observed_table.sum())
    if n_transitions == 0:
        return MarkovResult(statistic=float("nan"), pvalue=float("nan"),
                            asymptotic_pvalue=float("nan"), df=0, effect_size=0.0,
                            statistic_name=name, transitions=observed_table, n_transitions=0,
                            n_sequences=len(seqs), n_simulations=0,
                            method="not applicable (no transitions)")
    observed_stat = float(func(observed_table, independence_expected(observed_table)))
    df = table_df(observed_table)
    asymptotic = float(chi2_sf(observed_stat, df)) if df > 0 else 1.0
    x2 = float(pearson(observed_table, independence_expected(observed_table)))
    effect = cramers_v(x2, observed_table)
    if n_simulations > 0 and df > 0:
        draws, columns = permutations_for(every, keep, permutations, n_simulations, seed)
        n_simulations = draws.n_simulations
        simulated = (func(tables, independence_expected(tables)) for tables in
                     (_transition_counts(batch, inside, k) for batch in draws.batches(columns)))
        pvalue, n_simulations = sequential_pvalue(simulated, observed_stat, n_simulations)
        method = "monte_carlo (permutation within each sequence, sequential)"
    else:
        pvalue = asymptotic
        method = "asymptotic chi-square"
        n_simulations = 0
    return MarkovResult(statistic=observed_stat, pvalue=float(pvalue), asymptotic_pvalue=asymptotic,
                        df=df, effect_size=effect, statistic_name=name,
                        transitions=observed_table.astype(np.int64), n_transitions=n_transitions,
                        n_sequences=len(seqs), n_simulations=n_simulations, method=method)
