"""Longest losing streak: is a streak too long (a starved wheel) or are streaks too short (a pity
guarantee) for the stated chance of a win?

:func:`longest_streak_test`        exact test over many sequences (Markov-chain recursion
                                   [3]_ [4]_);
:func:`longest_run_probabilities`  ``P(L_n >= m)`` for a run of events of chance ``q``;
:func:`prob_max_at_least`, :func:`expected_max_longest`  the same over independent sequences
                                   (used by the pity test's guarantee check).

Sequences are given as :class:`~fairness.stats.sequences.Sequences`, a list, or a mapping
reporter -> sequence of 1-D arrays of outcome codes (``0 .. k_outcomes - 1``) in the order of
the spins; ``fairness.logs.sequences_from_spins`` builds them from an Evidence spins table.

References
----------
.. [3] M. F. Schilling (1990). The longest run of heads. *The College Mathematics Journal*
   21(3), 196-207.
.. [4] W. Feller (1968). *An Introduction to Probability Theory and Its Applications*, vol. 1,
   3rd ed., Wiley, chapter XIII.7 (runs of successes, recurrent events).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fairness.stats._montecarlo import CHUNK_ELEMENTS
from fairness.stats._result import Result
from fairness.stats.sequences import as_sequences, longest_runs

__all__ = [
    "LongestStreakResult",
    "expected_max_longest",
    "longest_run_probabilities",
    "longest_streak_test",
    "prob_max_at_least",
]


def longest_run_probabilities(lengths, run_prob: float, run_lengths) -> np.ndarray:
    r"""``P(L_n >= m)``: chance of a run of at least ``m`` events in ``n`` independent trials.

    Each trial is an "event" (e.g. a losing spin) with probability :math:`q` = ``run_prob``.
    With :math:`B_n(m) = P(L_n \ge m)` (:math:`L_n` the longest run in :math:`n` trials), a
    first run of length :math:`m` ends at trial :math:`n` exactly when trials
    :math:`n-m+1..n` are events, trial :math:`n-m` is not (or :math:`n = m`), and trials
    :math:`1..n-m-1` hold no such run [3]_ [4]_:

    .. math::

        B_n(m) = B_{n-1}(m) + (1-q)\,q^m\,(1 - B_{n-m-1}(m)),\quad n > m;\qquad
        B_m(m) = q^m;\qquad B_n(m) = 0,\ n < m.

    The recursion is exact (a Markov chain on the current run length), O(n) per ``m``; the
    terms of a block of ``m + 1`` consecutive ``n`` depend only on earlier blocks, so each block
    is one vectorised cumulative sum.

    Parameters
    ----------
    lengths : array_like of int
        Sequence lengths ``n``.
    run_prob : float
        Chance of the event in one trial, in [0, 1].
    run_lengths : array_like of int
        The ``m`` values (>= 1).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(lengths), len(run_lengths))``.
    """
    lengths = np.asarray(lengths, dtype=np.int64).reshape(-1)
    m_values = np.asarray(run_lengths, dtype=np.int64).reshape(-1)
    q = float(run_prob)
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"run_prob must be in [0, 1], not {run_prob}")
    if lengths.size and lengths.min() < 0:
        raise ValueError("lengths must be >= 0")
    if m_values.size and m_values.min() < 1:
        raise ValueError("run_lengths must be >= 1")
    out = np.zeros((lengths.size, m_values.size))
    if lengths.size == 0 or m_values.size == 0:
        return out
    if q >= 1.0:  # every trial is an event: the longest run is n
        return (lengths[:, None] >= m_values[None, :]).astype(float)
    if q <= 0.0:
        return out
    p = 1.0 - q
    n_max = int(lengths.max())
    # Only m <= n_max can happen; the rest stay 0. Work on blocks of m values in increasing order.
    reachable = np.flatnonzero(m_values <= n_max)
    reachable = reachable[np.argsort(m_values[reachable], kind="stable")]
    width = int(min(64, max(1, CHUNK_ELEMENTS // (n_max + 2))))
    for first in range(0, reachable.size, width):
        cols = reachable[first: first + width]
        ms = m_values[cols]
        step = p * q ** ms.astype(float)
        rows = np.arange(ms.size)[:, None]
        # history[:, c] holds B_{c-1}; column 0 is B_{-1} := 1 - 1/p, so that the n = m step
        # gives B_m = p q^m (1 - (1 - 1/p)) = q^m. For n in a block of min(m) + 1 consecutive
        # values the lagged terms B_{n-m-1} all lie before the block: one cumulative sum each.
        history = np.zeros((ms.size, n_max + 2))
        history[:, 0] = 1.0 - 1.0 / p
        block = int(ms[0]) + 1
        start = int(ms[0])
        while start <= n_max:
            stop = min(start + block, n_max + 1)
            lag = np.arange(start, stop)[None, :] - ms[:, None]  # column of B_{n-m-1}
            lagged = history[rows, np.maximum(lag, 0)]
            increment = np.where(lag >= 0, step[:, None] * (1.0 - lagged), 0.0)
            history[:, start + 1: stop + 1] = (history[:, start: start + 1]
                                               + np.cumsum(increment, axis=1))
            start = stop
        out[:, cols] = np.clip(history[:, lengths + 1].T, 0.0, 1.0)
    return out


def prob_max_at_least(lengths: np.ndarray, run_prob: float, m_values) -> np.ndarray:
    """``P(max_j L_j >= m)`` over independent sequences, for each m (stable near 0)."""
    m_values = np.asarray(m_values, dtype=np.int64).reshape(-1)
    out = np.zeros(m_values.size, dtype=float)
    positive = m_values >= 1
    out[~positive] = 1.0
    if positive.any():
        # Sequences of equal length share their probabilities: compute each length once.
        distinct, times = np.unique(np.asarray(lengths, dtype=np.int64), return_counts=True)
        each = longest_run_probabilities(distinct, run_prob, m_values[positive])
        with np.errstate(divide="ignore", invalid="ignore"):
            # a certain run gives log(0) = -inf, i.e. P = 1
            log_none = (times[:, None] * np.log1p(-np.minimum(each, 1.0))).sum(axis=0)
        out[positive] = -np.expm1(log_none)
    return out


# Above this sequence length the expected longest run uses the Poisson-clumping approximation
# (the exact sum needs every run length up to the far tail, O(n) work each).
_EXACT_EXPECTATION_LIMIT = 5_000


def expected_max_longest(lengths: np.ndarray, run_prob: float) -> float:
    r"""``E[max_j L_j] = sum_{m >= 1} P(max_j L_j >= m)``, summed until the terms vanish.

    Exact (recursion) when every sequence has at most 5,000 spins; otherwise the
    Poisson-clumping approximation :math:`P(\max_j L_j < m) \approx \exp(-\sum_j q^m
    (1 + (n_j - m)(1 - q)))` (the expected number of runs of length >= m) [3]_, whose error is
    well below the spread of the longest run at those lengths (within about 2 % of the
    exact value at n = 5,000, q = 0.99).
    """
    if lengths.size == 0 or lengths.max() == 0:
        return 0.0
    lengths = np.asarray(lengths, dtype=np.int64)
    n_max = int(lengths.max())
    total = 0.0
    step = 256
    exact = n_max <= _EXACT_EXPECTATION_LIMIT
    for start in range(1, n_max + 1, step):
        m_values = np.arange(start, min(start + step, n_max + 1))
        if exact:
            terms = prob_max_at_least(lengths, run_prob, m_values)
        else:
            starts = np.maximum(lengths[:, None] - m_values[None, :], -1)
            expected_runs = np.where(starts >= 0, run_prob ** m_values[None, :].astype(float)
                                     * (1 + starts * (1 - run_prob)), 0.0).sum(axis=0)
            terms = -np.expm1(-expected_runs)
        total += float(terms.sum())
        if terms[-1] < 1e-12:
            break
    return total


@dataclass(frozen=True)
class LongestStreakResult(Result):
    """Result of :func:`longest_streak_test`.

    Attributes
    ----------
    longest : int
        Longest losing streak observed in any sequence (also ``statistic``).
    pvalue : float
        ``"greater"``: chance of a streak at least this long in at least one sequence;
        ``"less"``: chance that every sequence's longest streak is at most this long.
    expected_longest : float
        Expected longest streak over all sequences, given the stated chance and the lengths.
    stated_win_prob : float
    alternative : str
    lengths : tuple of int
        Sequence lengths.
    longest_by_sequence : tuple of int
    where : object
        Key (reporter) of the sequence with the longest streak.
    """

    longest: int
    pvalue: float
    expected_longest: float
    stated_win_prob: float
    alternative: str
    lengths: tuple[int, ...] = field(repr=False)
    longest_by_sequence: tuple[int, ...] = field(repr=False)
    where: Any = None
    method: str = "exact (Markov chain recursion)"

    @property
    def statistic(self) -> int:
        return self.longest

    @property
    def n_spins(self) -> int:
        return int(sum(self.lengths))

    def distribution(self, max_length: int | None = None) -> pd.DataFrame:
        """Tidy table ``length``, ``prob_at_least`` = P(longest over all sequences >= length)."""
        lengths = np.asarray(self.lengths, dtype=np.int64)
        top = int(lengths.max()) if lengths.size else 0
        if max_length is not None:
            top = min(top, int(max_length))
        m_values = np.arange(1, top + 1)
        probs = prob_max_at_least(lengths, 1.0 - self.stated_win_prob, m_values)
        return pd.DataFrame({"length": m_values, "prob_at_least": probs})

    def summary(self) -> dict[str, Any]:
        return {
            "test": "longest_streak",
            "statistic_name": "longest losing streak",
            "statistic": int(self.longest),
            "pvalue": float(self.pvalue),
            "effect_name": "longest / expected longest",
            "effect": (float(self.longest / self.expected_longest)
                       if self.expected_longest > 0 else float("nan")),
            "expected_longest": float(self.expected_longest),
            "stated_win_prob": float(self.stated_win_prob),
            "n_sequences": len(self.lengths),
            "n_spins": self.n_spins,
            "alternative": self.alternative,
            "method": self.method,
        }



def longest_streak_test(sequences, stated_win_prob: float, *, win=None,
                        alternative: str = "greater") -> LongestStreakResult:
    r"""Exact test of the longest losing streak against the stated chance of a win.

    Spins are independent with win chance :math:`p` (the stated chance of the outcome(s) of
    interest); a losing spin is any other outcome. With :math:`L_j` the longest losing run in
    sequence :math:`j` of length :math:`n_j` and :math:`m` the longest observed over all
    sequences,

    .. math::

        p_{\text{greater}} = P(\max_j L_j \ge m) = 1 - \prod_j P(L_j < m),\qquad
        p_{\text{less}} = P(\max_j L_j \le m) = \prod_j P(L_j < m + 1),

    with :math:`P(L_n < m)` exact from :func:`longest_run_probabilities` [3]_ [4]_. "greater"
    asks whether a streak is too long for the stated odds (a starved wheel); "less" whether
    streaks are too short (a pity guarantee cuts them). The p-values are exact and
    conservative (discrete statistic).

    Power needs sequences much longer than the expected wait :math:`1/p`: when many sequences
    end without a single win, the longest streak is simply the longest sequence and "greater"
    cannot reject (on 60 reporters x 50 spins with :math:`p = 5\%` it never did in 1,000 honest
    campaigns). Choose the win set so that :math:`n_j p` is large (e.g. any prize above the
    base one), or use it on long logs.

    Parameters
    ----------
    sequences : list of array_like, or mapping reporter -> array_like
        0/1 (or boolean) series, 1 = win, in spin order. With ``win`` given: outcome codes.
    stated_win_prob : float
        Stated chance that one spin is a win, in (0, 1].
    win : int or iterable of int, optional
        Codes that count as a win; then ``sequences`` hold outcome codes.
    alternative : {"greater", "less"}

    Returns
    -------
    LongestStreakResult
    """
    if alternative not in ("greater", "less"):
        raise ValueError(f"alternative must be 'greater' or 'less', not {alternative!r}")
    p = float(stated_win_prob)
    if not 0.0 < p <= 1.0:
        raise ValueError(f"stated_win_prob must be in (0, 1], not {stated_win_prob}")
    seqs = as_sequences(sequences)
    if win is None:
        bad = np.flatnonzero(seqs.codes > 1)
        if bad.size:
            key = seqs.keys[int(seqs.sequence_id[bad[0]])]
            raise ValueError(f"sequences[{key!r}] is not 0/1; pass win=... for outcome codes")
        wins = seqs.codes == 1
    else:
        wins = np.isin(seqs.codes, np.atleast_1d(np.asarray(win, dtype=np.int64)))
    lengths = seqs.lengths
    longest_each = longest_runs(~wins, seqs)
    longest = int(longest_each.max()) if longest_each.size else 0
    where = seqs.keys[int(np.argmax(longest_each))] if longest_each.size else None
    q = 1.0 - p
    if alternative == "greater":
        pvalue = float(prob_max_at_least(lengths, q, [longest])[0]) if longest > 0 else 1.0
    else:
        pvalue = float(1.0 - prob_max_at_least(lengths, q, [longest + 1])[0])
    return LongestStreakResult(
        longest=int(longest), pvalue=min(1.0, max(0.0, pvalue)),
        expected_longest=expected_max_longest(lengths, q), stated_win_prob=p,
        alternative=alternative, lengths=tuple(lengths.tolist()),
        longest_by_sequence=tuple(longest_each.tolist()), where=where)
