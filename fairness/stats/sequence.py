"""Sequence tests: does the order of a reporter's spins carry information it should not?

An honest wheel draws every spin independently with the same chances, so within one reporter's
log the order of the outcomes is exchangeable. Each test here looks at one way a scripted or
adaptive wheel breaks that:

:func:`runs_test`             too few or too many runs of wins / losses in one series
                              (Wald-Wolfowitz [1]_ [2]_);
:func:`combined_runs_test`    the same over many reporters' short series (exact convolution of
                              the per-series null distributions, or its normal approximation);
:func:`longest_streak_test`   a losing streak longer (or, for a pity guarantee, shorter) than the
                              stated chance allows (exact, Markov-chain recursion [3]_ [4]_);
:func:`markov_dependence_test`  does the previous outcome change the next one (transition table,
                              Monte Carlo permutation p-value within each reporter [5]_);
:func:`pity_test`             the chance of the top prize as a function of the spins since the
                              last one (logistic regression [6]_, plus a guarantee check);
:func:`scripted_start_test`   are the first ``k`` spins of each reporter different from the rest.

All Monte Carlo p-values are ``(1 + r) / (B + 1)`` [5]_, seeded and vectorised, stopping early
(Besag and Clifford's sequential p-value [7]_) once 20 draws reach the observed statistic; they
condition on each reporter's own composition (outcomes are permuted within a reporter's
sequence only), so reporters who are treated differently (personalisation) do not create false
sequence findings.

Sequences are given as a list (or a mapping reporter -> sequence) of 1-D arrays of outcome codes
(``0 .. k_outcomes - 1``) in the order of the spins; :func:`reporter_sequences` builds them from
an :class:`~fairness.evidence.Evidence` spins table.

References
----------
.. [1] A. Wald and J. Wolfowitz (1940). On a test whether two samples are from the same
   population. *Annals of Mathematical Statistics* 11(2), 147-162.
.. [2] F. S. Swed and C. Eisenhart (1943). Tables for testing randomness of grouping in a
   sequence of alternatives. *Annals of Mathematical Statistics* 14(1), 66-87.
.. [3] M. F. Schilling (1990). The longest run of heads. *The College Mathematics Journal*
   21(3), 196-207.
.. [4] W. Feller (1968). *An Introduction to Probability Theory and Its Applications*, vol. 1,
   3rd ed., Wiley, chapter XIII.7 (runs of successes, recurrent events).
.. [5] A. C. Davison and D. V. Hinkley (1997). *Bootstrap Methods and their Application*.
   Cambridge University Press, section 4.3 (Monte Carlo permutation tests).
.. [6] D. W. Hosmer, S. Lemeshow and R. X. Sturdivant (2013). *Applied Logistic Regression*,
   3rd ed., Wiley (likelihood-ratio test of a slope).
.. [7] J. Besag and P. Clifford (1991). Sequential Monte Carlo p-values. *Biometrika* 78(2),
   301-304.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import special, stats

__all__ = [
    "LongestStreakResult",
    "MarkovResult",
    "PityResult",
    "RunsResult",
    "ScriptedStartResult",
    "Sequences",
    "WithinSequencePermutations",
    "combined_runs_test",
    "longest_run_probabilities",
    "longest_streak_test",
    "markov_dependence_test",
    "pity_test",
    "reporter_sequences",
    "runs_distribution",
    "runs_test",
    "scripted_start_test",
]

ALTERNATIVES = ("two-sided", "less", "greater")
# Relative slack when comparing simulated statistics with the observed one, so that tables that
# tie in exact arithmetic count as "at least as extreme" (as R's chisq.test does).
_RELATIVE_SLACK = 1e-7
# Largest number of array elements held at once by the vectorised simulations.
_CHUNK_ELEMENTS = 4_000_000
# The exact convolution of per-sequence runs distributions is used up to this total support.
_EXACT_SUPPORT_LIMIT = 20_000
# Sequential Monte Carlo (Besag-Clifford): stop once this many draws reach the observed value;
# the first batch of draws has this size, and each next one twice the last.
_SEQUENTIAL_HITS = 20
_FIRST_CHUNK = 50
# Default edges of the "spins since the last top prize" bins in the pity hazard table.
_PITY_BINS = (0, 5, 10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000)


# ---------------------------------------------------------------------------------------------
# shared helpers (also used by fairness.stats.homogeneity)


def _check_alternative(alternative: object) -> str:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}, not {alternative!r}")
    return str(alternative)


def _check_simulations(n_simulations: object, name: str = "n_simulations",
                       allow_zero: bool = True) -> int:
    if isinstance(n_simulations, bool) or not isinstance(n_simulations, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, not {type(n_simulations).__name__}")
    low = 0 if allow_zero else 1
    if n_simulations < low:
        raise ValueError(f"{name} must be >= {low}, not {n_simulations}")
    return int(n_simulations)


def _monte_carlo_pvalue(simulated: np.ndarray, observed: float) -> float:
    """``(1 + #{simulated >= observed}) / (B + 1)``, with a relative slack for ties."""
    simulated = np.asarray(simulated, dtype=float)
    if not np.isfinite(observed):
        return float("nan") if np.isnan(observed) else 1.0 / (simulated.size + 1)
    slack = _RELATIVE_SLACK * max(abs(observed), 1e-12)
    exceed = int(np.count_nonzero(simulated >= observed - slack))
    return (1 + exceed) / (simulated.size + 1)


def _chunk_size(elements_per_draw: int) -> int:
    return max(1, _CHUNK_ELEMENTS // max(1, int(elements_per_draw)))


def _growing_chunks(n_simulations: int, elements_per_draw: int):
    """Batch sizes 50, 100, 200, ... (capped by memory) adding up to ``n_simulations``: small
    first, so that a sequential p-value can stop after a few draws."""
    cap = _chunk_size(elements_per_draw)
    size, done = _FIRST_CHUNK, 0
    while done < n_simulations:
        b = min(size, cap, n_simulations - done)
        yield b
        done += b
        size *= 2


def _sequential_pvalue(simulated_batches, observed: float, n_simulations: int,
                       hits: int | None = None) -> tuple[float, int]:
    r"""Monte Carlo p-value that stops once ``hits`` simulated statistics reach the observed one.

    Besag and Clifford's sequential p-value [7]_: draw until :math:`h` simulated statistics are
    at least the observed one, or until :math:`B` draws. Stopping at draw :math:`L` gives
    :math:`p = h / L`; otherwise :math:`p = (1 + r) / (B + 1)` with :math:`r < h` exceedances.
    It is a valid p-value (exact level) like the fixed-:math:`B` one, and equals it wherever
    the decision is close (small p-values need all :math:`B` draws), but an unremarkable
    statistic costs a few dozen draws instead of :math:`B`.

    ``simulated_batches`` yields arrays of simulated statistics in draw order. Returns the
    p-value and the number of draws used. ``hits=None`` uses ``_SEQUENTIAL_HITS``; ``0`` turns
    stopping off (the plain fixed-:math:`B` p-value).
    """
    hits = _SEQUENTIAL_HITS if hits is None else int(hits)
    if np.isnan(observed):
        return float("nan"), 0
    slack = _RELATIVE_SLACK * max(abs(observed), 1e-12) if np.isfinite(observed) else 0.0
    exceed = done = 0
    for batch in simulated_batches:
        reached = np.asarray(batch, dtype=float) >= observed - slack
        if hits:
            total = exceed + np.cumsum(reached)
            stop = np.flatnonzero(total >= hits)
            if stop.size:
                used = done + int(stop[0]) + 1
                return hits / used, used
        exceed += int(np.count_nonzero(reached))
        done += reached.size
        if done >= n_simulations:
            break
    return (1 + exceed) / (done + 1), done


def _as_codes(values: object, name: str, k_outcomes: int | None = None, *,
              compact: bool = False) -> np.ndarray:
    """Checked outcome codes as int64 (``compact``: integer input keeps its dtype, e.g. the
    int8 codes of a categorical, for callers that only count and index with them)."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.dtype == bool:
        array = array.astype(np.int64)
    if np.issubdtype(array.dtype, np.integer):  # whole numbers already: check the range only
        low, high = int(array.min()), int(array.max())
        if low < 0:
            raise ValueError(f"{name} holds a negative outcome code ({low})")
        if k_outcomes is not None and high >= k_outcomes:
            raise ValueError(f"{name} holds outcome code {high}, but k_outcomes is {k_outcomes}")
        return array if compact else array.astype(np.int64, copy=False)
    if not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must hold integer outcome codes, not {array.dtype}")
    if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
        raise ValueError(f"{name} must hold whole-number outcome codes")
    codes = array.astype(np.int64)
    if codes.min() < 0:
        raise ValueError(f"{name} holds a negative outcome code ({codes.min()})")
    if k_outcomes is not None and codes.max() >= k_outcomes:
        raise ValueError(f"{name} holds outcome code {codes.max()}, but k_outcomes is {k_outcomes}")
    return codes


def _as_sequences(sequences: object, name: str = "sequences",
                  k_outcomes: int | None = None) -> Sequences:
    """:class:`Sequences` of integer codes from Sequences, a list or a mapping reporter -> codes."""
    if isinstance(sequences, Sequences):
        _as_codes(sequences.codes, f"{name} codes", k_outcomes)
        return sequences.with_codes(sequences.codes.astype(np.int64, copy=False))
    if isinstance(sequences, Mapping):
        keys = list(sequences.keys())
        items = list(sequences.values())
    elif isinstance(sequences, np.ndarray) and sequences.ndim == 1 and sequences.dtype != object:
        keys, items = [0], [sequences]  # one sequence given on its own
    elif isinstance(sequences, Iterable) and not isinstance(sequences, (str, bytes)):
        items = list(sequences)
        keys = list(range(len(items)))
    else:
        raise TypeError(f"{name} must be a list of sequences or a mapping reporter -> sequence")
    arrays = [_as_codes(item, f"{name}[{key!r}]", k_outcomes)
              for key, item in zip(keys, items, strict=True)]
    return Sequences.from_arrays(arrays, keys)


def _check_k(k_outcomes: object) -> int:
    if isinstance(k_outcomes, bool) or not isinstance(k_outcomes, (int, np.integer)):
        raise TypeError(f"k_outcomes must be an integer, not {type(k_outcomes).__name__}")
    if k_outcomes < 2:
        raise ValueError(f"k_outcomes must be >= 2, not {k_outcomes}")
    return int(k_outcomes)


def _pearson(table: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Pearson X² over the last two axes; cells with zero expectation are skipped."""
    safe = np.where(expected > 0, expected, 1.0)
    return np.where(expected > 0, (table - expected) ** 2 / safe, 0.0).sum(axis=(-2, -1))


def _g_statistic(table: np.ndarray, expected: np.ndarray) -> np.ndarray:
    safe = np.where(expected > 0, expected, 1.0)
    return 2.0 * special.xlogy(table, np.where(table > 0, table / safe, 1.0)).sum(axis=(-2, -1))


def _independence_expected(table: np.ndarray) -> np.ndarray:
    """Expected counts under independence of rows and columns (last two axes)."""
    rows = table.sum(axis=-1, keepdims=True)
    cols = table.sum(axis=-2, keepdims=True)
    total = table.sum(axis=(-2, -1), keepdims=True)
    return rows * cols / np.where(total > 0, total, 1.0)


_STATISTICS = {"pearson": (_pearson, "X2"), "g": (_g_statistic, "G")}


def _check_statistic(statistic: object) -> str:
    if statistic not in _STATISTICS:
        raise ValueError(f"statistic must be 'pearson' or 'g', not {statistic!r}")
    return str(statistic)


def _table_df(table: np.ndarray) -> int:
    rows = int(np.count_nonzero(table.sum(axis=1)))
    cols = int(np.count_nonzero(table.sum(axis=0)))
    return max(rows - 1, 0) * max(cols - 1, 0)


def _cramers_v(x2: float, table: np.ndarray) -> float:
    n = table.sum()
    rows = int(np.count_nonzero(table.sum(axis=1)))
    cols = int(np.count_nonzero(table.sum(axis=0)))
    m = min(rows, cols) - 1
    if n <= 0 or m <= 0:
        return 0.0
    return float(math.sqrt(x2 / (n * m)))


class WithinSequencePermutations:
    """Random reorderings of a set of sequences, each shuffled within itself only.

    This is the null of the order tests: an honest wheel makes each reporter's outcomes
    exchangeable. A permutation of the flat codes that keeps every element in its own sequence
    is ``argsort(sequence_id + uniform)``, so a whole batch is one vectorised ``argsort``.
    Made once, the draws can be shared by several tests on the same sequences
    (:func:`markov_dependence_test`, :func:`scripted_start_test`): each test's Monte Carlo
    p-value stays exact, the p-values become dependent (which Holm's correction allows), and
    the sorting - most of the cost of both tests on small data - is done once.

    Parameters
    ----------
    sequences : Sequences, list of array_like of int, or mapping reporter -> array_like
    n_simulations : int
    seed : int or numpy.random.Generator
    """

    def __init__(self, sequences, n_simulations: int, seed=0):
        seqs = _as_sequences(sequences)
        self.n_simulations = _check_simulations(n_simulations)
        self.size = int(seqs.codes.size)
        top = int(seqs.codes.max()) if self.size else 0
        self._codes = seqs.codes.astype(np.min_scalar_type(top))  # int8 for a wheel
        self._sequence_id = seqs.sequence_id.astype(np.float64)
        self._rng = np.random.default_rng(seed)
        self._sizes = _growing_chunks(self.n_simulations, self.size * 3)
        self._batches: list[np.ndarray] = []  # drawn so far, in order, for every test to read

    def batches(self, columns: np.ndarray | None = None):
        """Yield arrays (b, size) of permuted codes, in draw order, drawing more only when a
        test reads past those drawn so far; ``columns`` keeps some elements only."""
        i = 0
        while True:
            if i == len(self._batches):
                b = next(self._sizes, None)
                if b is None:
                    return
                keys = self._sequence_id + self._rng.random((b, self.size))
                self._batches.append(self._codes[np.argsort(keys, axis=1)])
            batch = self._batches[i]
            yield (batch if columns is None else batch[:, columns]).astype(np.int64)
            i += 1


def _permutations_for(seqs: Sequences, keep: np.ndarray, permutations, n_simulations: int,
                      seed) -> tuple[WithinSequencePermutations, np.ndarray | None]:
    """The draws for a test on ``seqs.select(keep)``: the shared ones, or new ones."""
    if permutations is None:
        return WithinSequencePermutations(seqs.select(keep), n_simulations, seed), None
    if permutations.size != seqs.codes.size:
        raise ValueError(f"permutations were drawn for {permutations.size} spins, "
                         f"the sequences have {seqs.codes.size}")
    return permutations, None if keep.all() else np.repeat(keep, seqs.lengths)


def _result_frame(summary: Mapping[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({key: [value] for key, value in summary.items()})


@dataclass(frozen=True, eq=False)
class Sequences:
    """Many reporters' spin sequences stored flat: all of sequence 0, then sequence 1, ...

    ``codes`` holds the outcome codes in spin order, ``lengths`` the size of each sequence and
    ``keys`` the reporter of each. One flat array lets every test count runs, gaps and
    transitions in a few vectorised passes instead of a Python loop over reporters (which cost
    minutes for 50,000 reporters). The tests also accept a list of arrays or a mapping
    reporter -> array; :meth:`from_arrays` is what they do with it.
    """

    codes: np.ndarray
    lengths: np.ndarray
    keys: Sequence[Any] = ()

    def __post_init__(self):
        codes = np.asarray(self.codes)
        lengths = np.asarray(self.lengths, dtype=np.int64).reshape(-1)
        if codes.ndim != 1:
            raise ValueError(f"codes must be one-dimensional, got shape {codes.shape}")
        if lengths.size and lengths.min() < 0:
            raise ValueError("sequence lengths must be >= 0")
        if int(lengths.sum()) != codes.size:
            raise ValueError(f"the lengths add up to {int(lengths.sum())}, not to the "
                             f"{codes.size} codes")
        # Keys stay as given (a pandas Index of 50,000 reporters is not copied into a tuple).
        keys = self.keys if len(self.keys) else tuple(range(lengths.size))
        if len(keys) != lengths.size:
            raise ValueError(f"{len(keys)} keys for {lengths.size} sequences")
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "lengths", lengths)
        object.__setattr__(self, "keys", keys)

    def __len__(self) -> int:
        return int(self.lengths.size)

    @cached_property
    def starts(self) -> np.ndarray:
        """Index in ``codes`` of the first element of each sequence."""
        return np.concatenate(([0], np.cumsum(self.lengths)[:-1])).astype(np.int64)

    @cached_property
    def sequence_id(self) -> np.ndarray:
        """Sequence number of every element of ``codes``."""
        return np.repeat(np.arange(self.lengths.size, dtype=np.int64), self.lengths)

    @cached_property
    def position(self) -> np.ndarray:
        """Position of every element within its own sequence (0, 1, ...)."""
        return np.arange(self.codes.size, dtype=np.int64) - np.repeat(self.starts, self.lengths)

    @cached_property
    def first(self) -> np.ndarray:
        """True at the first element of each (non-empty) sequence."""
        out = np.zeros(self.codes.size, dtype=bool)
        out[self.starts[self.lengths > 0]] = True
        return out

    def with_codes(self, codes: np.ndarray) -> Sequences:
        """The same sequences holding other values (e.g. 0/1 wins), one per element."""
        return Sequences(codes=codes, lengths=self.lengths, keys=self.keys)

    def select(self, keep: np.ndarray) -> Sequences:
        """Only the sequences where ``keep`` (one flag per sequence) is True."""
        keep = np.asarray(keep, dtype=bool)
        if keep.all():
            return self
        keys = (self.keys[keep] if isinstance(self.keys, pd.Index)
                else tuple(k for k, ok in zip(self.keys, keep, strict=True) if ok))
        return Sequences(codes=self.codes[np.repeat(keep, self.lengths)],
                         lengths=self.lengths[keep], keys=keys)

    def arrays(self) -> list[np.ndarray]:
        return np.split(self.codes, np.cumsum(self.lengths)[:-1]) if len(self) else []

    def to_dict(self) -> dict[Any, np.ndarray]:
        return dict(zip(self.keys, self.arrays(), strict=True))

    @classmethod
    def from_arrays(cls, arrays: Sequence[np.ndarray], keys: Sequence[Any] = ()) -> Sequences:
        lengths = np.array([len(a) for a in arrays], dtype=np.int64)
        codes = np.concatenate(arrays) if len(arrays) else np.zeros(0, dtype=np.int64)
        return cls(codes=codes, lengths=lengths, keys=tuple(keys))

    @classmethod
    def from_spins(cls, spins: pd.DataFrame, *, min_length: int = 1,
                   rows: np.ndarray | None = None) -> Sequences:
        """Each reporter's outcome codes in order, from an Evidence spins table.

        Parameters
        ----------
        spins : pandas.DataFrame
            With columns ``outcome`` (categorical over the game's labels), ``reporter`` and, if
            present, ``seq`` and ``reported_at``. Each reporter's spins are ordered by ``seq``,
            then ``reported_at``, then row (missing values last). Spins without a reporter are
            left out: they have no sequence.
        min_length : int
            Reporters with fewer spins are left out.
        rows : numpy.ndarray of bool, optional
            Use only these rows (e.g. the spins of a sample of reporters).
        """
        if not isinstance(spins, pd.DataFrame):
            raise TypeError("spins must be a pandas DataFrame")
        for column in ("outcome", "reporter"):
            if column not in spins:
                raise ValueError(f"spins has no '{column}' column")
        outcome = spins["outcome"]
        if not isinstance(outcome.dtype, pd.CategoricalDtype):
            raise TypeError("spins['outcome'] must be categorical over the game's labels")
        if rows is not None:  # take the rows first: a sample is a fraction of a big log
            needed = [c for c in ("outcome", "reporter", "seq", "reported_at") if c in spins]
            spins = spins[needed].iloc[np.flatnonzero(np.asarray(rows, dtype=bool))]
            outcome = spins["outcome"]
        codes = outcome.cat.codes.to_numpy()  # int8 for a few labels: cheap to move around
        reporter_codes, names = group_codes(spins["reporter"])
        keep = (reporter_codes >= 0) & (codes >= 0)
        rows = np.flatnonzero(keep)
        groups = reporter_codes[rows].astype(np.int64)
        counts = np.bincount(groups, minlength=len(names))
        ordered = np.empty(rows.size, dtype=codes.dtype)
        ordered[_places_within_groups(spins, rows, groups, counts)] = codes[rows]
        long = counts >= max(1, int(min_length))
        chosen = np.repeat(long, counts)
        return cls(codes=ordered[chosen].astype(np.int64), lengths=counts[long],
                   keys=pd.Index(names, dtype=object)[long])


def group_codes(values: pd.Series) -> tuple[np.ndarray, Sequence[Any]]:
    """Integer code of each row's group (-1 when missing) and the group names.

    The codes keep the smallest integer type that holds them (a categorical's own codes, no
    copy): cast before doing arithmetic with them.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    if values.dtype == object and values.isna().all():  # an absent column: no groups
        return np.full(len(values), -1, dtype=np.int8), pd.Index([], dtype=object)
    try:
        codes, names = pd.factorize(values, sort=True)
    except TypeError:  # labels of mixed types cannot be sorted: keep first-seen order
        codes, names = pd.factorize(values, sort=False)
    return codes.astype(np.int64), pd.Index(names, dtype=object)


def seq_numbers(values: pd.Series) -> np.ndarray:
    """A ``seq`` column as floats (NaN where missing or not a number)."""
    if pd.api.types.is_numeric_dtype(values.dtype):  # Evidence's Int64: no parsing needed
        return values.to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def seq_integers(values: pd.Series) -> np.ndarray | None:
    """A ``seq`` column as int64 when it is an integer column with no missing value (as
    Evidence's usually is), else None (then use :func:`seq_numbers`). Ten times cheaper than
    the floats for a big log."""
    if not pd.api.types.is_integer_dtype(values.dtype) or values.hasnans:
        return None
    return values.to_numpy(dtype=np.int64)


def _places_within_groups(spins: pd.DataFrame, rows: np.ndarray, groups: np.ndarray,
                          counts: np.ndarray) -> np.ndarray:
    """Where each of ``rows`` goes when sorted by group, then ``seq``, ``reported_at``, row."""
    seq = None
    if "seq" in spins:
        whole = seq_integers(spins["seq"])
        seq = whole[rows] if whole is not None else seq_numbers(spins["seq"])[rows]
    if seq is not None and (seq.dtype == np.int64 or (
            np.isfinite(seq).all() and np.all(seq == np.round(seq)))):
        # Numbered 1..m within each group (as Evidence numbers them): each row's place is
        # known without sorting, provided the numbers really are 1..m once each.
        offsets = np.cumsum(counts) - counts
        within = seq.astype(np.int64) - 1
        if within.size and within.min() >= 0 and np.all(within < counts[groups]):
            place = offsets[groups] + within
            if np.all(np.bincount(place, minlength=rows.size) == 1):
                return place
    keys: list[np.ndarray] = [np.arange(rows.size)]  # np.lexsort: last key is the primary one
    if "reported_at" in spins and spins["reported_at"].notna().any():
        times = spins["reported_at"].iloc[rows]
        missing = times.isna().to_numpy()
        if isinstance(times.dtype, pd.DatetimeTZDtype):
            times = times.dt.tz_convert(None)
        ints = times.to_numpy("datetime64[ns]").view(np.int64) if len(times) else np.zeros(0)
        keys += [np.where(missing, 0, ints), missing]
    if seq is not None:
        missing = ~np.isfinite(seq)
        keys += [np.where(missing, 0.0, seq), missing]
    keys.append(groups)
    place = np.empty(rows.size, dtype=np.int64)
    place[np.lexsort(keys)] = np.arange(rows.size)
    return place


def _longest_runs(flags: np.ndarray, seqs: Sequences) -> np.ndarray:
    """Longest run of True within each sequence (runs never cross from one to the next)."""
    out = np.zeros(len(seqs), dtype=np.int64)
    if not flags.any():
        return out
    previous = np.concatenate(([False], flags[:-1]))
    start = flags & (seqs.first | ~previous)
    run = np.cumsum(start) - 1
    np.maximum.at(out, seqs.sequence_id[start], np.bincount(run[flags]))
    return out


def reporter_sequences(spins: pd.DataFrame, *, min_length: int = 1) -> dict[Any, np.ndarray]:
    """reporter -> outcome codes in spin order (:meth:`Sequences.from_spins` as a dict)."""
    return Sequences.from_spins(spins, min_length=min_length).to_dict()


# ---------------------------------------------------------------------------------------------
# runs test


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


def _tail_pvalue(pmf: np.ndarray, observed: int, alternative: str) -> float:
    lower = float(pmf[: observed + 1].sum())
    upper = float(pmf[observed:].sum())
    if alternative == "less":
        return min(1.0, lower)
    if alternative == "greater":
        return min(1.0, upper)
    return min(1.0, 2.0 * min(lower, upper))


def _normal_pvalue(z: float, alternative: str) -> float:
    if not np.isfinite(z):
        return float("nan")
    if alternative == "less":
        return float(stats.norm.cdf(z))
    if alternative == "greater":
        return float(stats.norm.sf(z))
    return float(min(1.0, 2.0 * stats.norm.sf(abs(z))))


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
class RunsResult:
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

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy table of :meth:`summary`."""
        return _result_frame(self.summary())


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
    alternative = _check_alternative(alternative)
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
        pvalue = _tail_pvalue(runs_distribution(n1, n2), runs, alternative)
        method = "exact"
    else:
        pvalue = _normal_pvalue(z, alternative)
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
    alternative = _check_alternative(alternative)
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
        pvalue = _tail_pvalue(total, runs_total - 2 * n_informative, alternative)
        how = "exact (convolution of per-sequence distributions)"
    else:
        pvalue = _normal_pvalue(z, alternative)
        how = "normal (sum of per-sequence moments)"
    return RunsResult(statistic=float(z), pvalue=float(pvalue), runs=int(runs_total),
                      n1=n1_total, n2=n2_total, expected_runs=float(mean_total),
                      variance=float(var_total), alternative=alternative, method=how,
                      threshold=cut, dropped=dropped, n_sequences=n_informative)


# ---------------------------------------------------------------------------------------------
# longest run


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
    width = int(min(64, max(1, _CHUNK_ELEMENTS // (n_max + 2))))
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


def _prob_max_at_least(lengths: np.ndarray, run_prob: float, m_values) -> np.ndarray:
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


def _expected_max_longest(lengths: np.ndarray, run_prob: float) -> float:
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
            terms = _prob_max_at_least(lengths, run_prob, m_values)
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
class LongestStreakResult:
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
        probs = _prob_max_at_least(lengths, 1.0 - self.stated_win_prob, m_values)
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

    def to_frame(self) -> pd.DataFrame:
        return _result_frame(self.summary())


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
    seqs = _as_sequences(sequences)
    if win is None:
        bad = np.flatnonzero(seqs.codes > 1)
        if bad.size:
            key = seqs.keys[int(seqs.sequence_id[bad[0]])]
            raise ValueError(f"sequences[{key!r}] is not 0/1; pass win=... for outcome codes")
        wins = seqs.codes == 1
    else:
        wins = np.isin(seqs.codes, np.atleast_1d(np.asarray(win, dtype=np.int64)))
    lengths = seqs.lengths
    longest_each = _longest_runs(~wins, seqs)
    longest = int(longest_each.max()) if longest_each.size else 0
    where = seqs.keys[int(np.argmax(longest_each))] if longest_each.size else None
    q = 1.0 - p
    if alternative == "greater":
        pvalue = float(_prob_max_at_least(lengths, q, [longest])[0]) if longest > 0 else 1.0
    else:
        pvalue = float(1.0 - _prob_max_at_least(lengths, q, [longest + 1])[0])
    return LongestStreakResult(
        longest=int(longest), pvalue=min(1.0, max(0.0, pvalue)),
        expected_longest=_expected_max_longest(lengths, q), stated_win_prob=p,
        alternative=alternative, lengths=tuple(lengths.tolist()),
        longest_by_sequence=tuple(longest_each.tolist()), where=where)


# ---------------------------------------------------------------------------------------------
# first-order Markov dependence


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
class MarkovResult:
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
        expected = _independence_expected(table)
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

    def to_frame(self) -> pd.DataFrame:
        return _result_frame(self.summary())


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
    k = _check_k(k_outcomes)
    n_simulations = _check_simulations(n_simulations)
    statistic = _check_statistic(statistic)
    func, name = _STATISTICS[statistic]
    every = _as_sequences(sequences, k_outcomes=k)
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
    observed_stat = float(func(observed_table, _independence_expected(observed_table)))
    df = _table_df(observed_table)
    asymptotic = float(stats.chi2.sf(observed_stat, df)) if df > 0 else 1.0
    x2 = float(_pearson(observed_table, _independence_expected(observed_table)))
    effect = _cramers_v(x2, observed_table)
    if n_simulations > 0 and df > 0:
        draws, columns = _permutations_for(every, keep, permutations, n_simulations, seed)
        n_simulations = draws.n_simulations
        simulated = (func(tables, _independence_expected(tables)) for tables in
                     (_transition_counts(batch, inside, k) for batch in draws.batches(columns)))
        pvalue, n_simulations = _sequential_pvalue(simulated, observed_stat, n_simulations)
        method = "monte_carlo (permutation within each sequence, sequential)"
    else:
        pvalue = asymptotic
        method = "asymptotic chi-square"
        n_simulations = 0
    return MarkovResult(statistic=observed_stat, pvalue=float(pvalue), asymptotic_pvalue=asymptotic,
                        df=df, effect_size=effect, statistic_name=name,
                        transitions=observed_table.astype(np.int64), n_transitions=n_transitions,
                        n_sequences=len(seqs), n_simulations=n_simulations, method=method)


# ---------------------------------------------------------------------------------------------
# pity / anti-pity


def _spins_since_last_flat(hits: np.ndarray, seqs: Sequences) -> np.ndarray:
    """For each spin, the spins since the last hit before it in its own sequence (or since the
    sequence's start)."""
    index = np.arange(hits.size, dtype=np.int64)
    start = np.repeat(seqs.starts, seqs.lengths)
    # Each sequence's start - 1 acts as a hit just before it, so the running maximum of the
    # latest hit never reaches back into the previous sequence.
    latest = np.maximum.accumulate(np.where(hits, index, start - 1)) if hits.size else index
    before = np.concatenate(([-1], latest[:-1]))
    firsts = seqs.starts[seqs.lengths > 0]
    before[firsts] = firsts - 1
    return index - before - 1


@dataclass(frozen=True)
class PityResult:
    """Result of :func:`pity_test`.

    Attributes
    ----------
    pvalue : float
        Bonferroni combination ``min(1, 2 min(slope_pvalue, guarantee_pvalue))`` of the two
        checks (the slope p-value alone when there is no stated chance to check against).
    slope, slope_se : float
        Logistic-regression slope of the top-prize indicator on the covariate (``log1p`` or
        linear spins since the last top prize) and its standard error. Positive: pity (the
        chance grows during a drought); negative: anti-pity.
    slope_pvalue : float
        Two-sided likelihood-ratio test of slope = 0 (score test if the fit fails).
    direction : str
        "pity" (chance rises with the drought), "anti-pity" or "none": the sign of the slope,
        or of the score when the fit diverges (e.g. every hit right after a hit).
    odds_ratio : float
        ``exp(slope * ln 2)`` (odds multiplier per doubling of 1 + spins since) for the log
        covariate, ``exp(10 * slope)`` (per 10 spins) for the linear one.
    longest_gap : int
        Longest run of spins without the top prize in any sequence (censored ends included).
    expected_longest_gap : float
        Its expectation under the stated (or pooled observed) chance.
    guarantee_pvalue : float
        ``P(longest gap <= observed)``: small when gaps are cut short, as by a guarantee.
    hazard : pandas.DataFrame
        Empirical chance of the top prize by bins of spins since the last one.
    """

    pvalue: float
    slope: float
    slope_se: float
    slope_pvalue: float
    direction: str
    odds_ratio: float
    covariate: str
    n_hits: int
    n_spins: int
    n_sequences: int
    top_rate: float
    stated: float | None
    longest_gap: int
    expected_longest_gap: float
    guarantee_pvalue: float
    hazard: pd.DataFrame = field(repr=False, compare=False)
    method: str = ""

    @property
    def statistic(self) -> float:
        return self.slope

    def summary(self) -> dict[str, Any]:
        per = "per doubling of spins since" if self.covariate == "log" else "per 10 spins since"
        return {
            "test": "pity",
            "statistic_name": "logistic slope",
            "statistic": float(self.slope),
            "pvalue": float(self.pvalue),
            "effect_name": f"odds ratio {per}",
            "effect": float(self.odds_ratio),
            "direction": self.direction,
            "slope_se": float(self.slope_se),
            "slope_pvalue": float(self.slope_pvalue),
            "longest_gap": int(self.longest_gap),
            "expected_longest_gap": float(self.expected_longest_gap),
            "guarantee_pvalue": float(self.guarantee_pvalue),
            "n_hits": int(self.n_hits),
            "n_spins": int(self.n_spins),
            "n_sequences": int(self.n_sequences),
            "top_rate": float(self.top_rate),
            "stated": float(self.stated) if self.stated is not None else float("nan"),
            "method": self.method,
        }

    def to_frame(self) -> pd.DataFrame:
        return _result_frame(self.summary())


def _hazard_table(since: np.ndarray, hits: np.ndarray, bins, stated: float | None,
                  level: float) -> pd.DataFrame:
    from statsmodels.stats.proportion import proportion_confint

    edges = np.asarray(bins, dtype=float)
    top = float(since.max()) + 1 if since.size else 1.0
    edges = edges[edges < top]
    if edges.size == 0 or edges[0] > 0:
        edges = np.concatenate(([0.0], edges))
    edges = np.append(edges, top)  # the last bin ends at the longest drought seen
    which = np.searchsorted(edges, since, side="right") - 1
    spins = np.bincount(which, minlength=edges.size - 1)[: edges.size - 1]
    hit_counts = np.bincount(which, weights=hits.astype(float),
                             minlength=edges.size - 1)[: edges.size - 1]
    rate = np.divide(hit_counts, spins, out=np.full(spins.shape, np.nan), where=spins > 0)
    low, high = proportion_confint(hit_counts, np.maximum(spins, 1), alpha=1 - level,
                                   method="beta")
    low = np.where(spins > 0, low, np.nan)
    high = np.where(spins > 0, high, np.nan)
    labels = [f"{int(a)}" if b - a == 1 else f"{int(a)}-{int(b) - 1}"
              for a, b in itertools.pairwise(edges)]
    return pd.DataFrame({
        "spins_since": labels,
        "low": edges[:-1].astype(int),
        "high": (edges[1:] - 1).astype(int),
        "spins": spins.astype(int),
        "hits": hit_counts.astype(int),
        "rate": rate,
        "ci_low": low,
        "ci_high": high,
        "stated": np.nan if stated is None else float(stated),
    })


def pity_test(sequences, top_code, *, stated: float | None = None, covariate: str = "log",
              bins=_PITY_BINS, level: float = 0.95) -> PityResult:
    r"""Pity / anti-pity: does the chance of the top prize depend on the spins since the last one?

    For every spin, ``since`` = number of spins since the previous top prize in the same
    sequence, or since the start of the sequence (the reporter's history before the log is not
    known, so drought lengths are counted from the first logged spin: under the null this keeps
    the test valid, since any function of the past is independent of an honest spin; it only
    dilutes the power).

    Two checks:

    1. **Slope.** Logistic regression (statsmodels ``Logit``) of the top-prize indicator on
       :math:`\log(1 + \text{since})` (``covariate="log"``, default: a guarantee after a long
       drought is a steep rise at the end, which the log scale keeps from being dominated by
       the rare long droughts) or on ``since`` (``"linear"``). The slope's two-sided
       likelihood-ratio p-value [6]_ (better than the Wald p-value for rare events; the score
       test when the fit fails, e.g. separation).
    2. **Guarantee.** The longest run without the top prize in any sequence, against its exact
       distribution under the stated chance (:func:`longest_streak_test`, ``"less"``):
       :math:`P(\max_j L_j \le \text{observed})`. A "guaranteed by spin G" mechanic caps every
       gap below G; with an honest wheel long gaps are common.

    ``pvalue`` combines them by Bonferroni, ``min(1, 2 min(p_1, p_2))``; with ``stated=None``
    the guarantee check uses the pooled observed rate (approximate) and ``pvalue`` is the
    slope p-value alone.

    Parameters
    ----------
    sequences : list of array_like of int, or mapping reporter -> array_like
        Outcome codes in spin order.
    top_code : int or iterable of int
        Code(s) of the top prize.
    stated : float, optional
        Stated chance of the top prize (sum over ``top_code``).
    covariate : {"log", "linear"}
    bins : sequence of int
        Left edges of the ``since`` bins of the hazard table.
    level : float
        Confidence level of the hazard intervals (Clopper-Pearson).

    Returns
    -------
    PityResult
    """
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    if covariate not in ("log", "linear"):
        raise ValueError(f"covariate must be 'log' or 'linear', not {covariate!r}")
    if stated is not None and not 0.0 < float(stated) < 1.0:
        raise ValueError(f"stated must be in (0, 1), not {stated}")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be in (0, 1), not {level}")
    seqs = _as_sequences(sequences)
    seqs = seqs.select(seqs.lengths > 0)
    top = np.atleast_1d(np.asarray(top_code, dtype=np.int64))
    hits = np.isin(seqs.codes, top)
    since = _spins_since_last_flat(hits, seqs)
    n_spins = int(hits.size)
    n_hits = int(hits.sum())
    top_rate = n_hits / n_spins if n_spins else float("nan")
    hazard = _hazard_table(since, hits, bins, stated, float(level))

    # The covariate depends on `since` only, so the spins are grouped by it: the binomial
    # likelihood of the groups is the Bernoulli likelihood of the spins, and the fit costs the
    # same for ten million spins as for a thousand.
    trials = np.bincount(since).astype(float)
    values = np.flatnonzero(trials)
    trials = trials[values]
    successes = np.bincount(since, weights=hits.astype(float))[values]
    x = np.log1p(values) if covariate == "log" else values.astype(float)
    # Sign of the score U = sum (x - mean x) * hit: the direction of the trend even when the
    # logistic fit diverges (separation).
    mean_x = float((trials * x).sum() / n_spins) if n_spins else 0.0
    trend = float(((x - mean_x) * successes).sum()) if n_spins else 0.0
    slope = slope_se = float("nan")
    slope_pvalue = float("nan")
    how = ""
    if 0 < n_hits < n_spins and values.size > 1:
        design = np.column_stack([np.ones(values.size), x])
        fitted = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fitted = GLM(np.column_stack([successes, trials - successes]), design,
                             family=families.Binomial()).fit(maxiter=100)
            # Separation: the fit "converges" towards an infinite slope, some fitted chances
            # reach 0 or 1; the slope and its likelihood ratio are then not to be trusted.
            separated = np.any((fitted.mu < 1e-8) | (fitted.mu > 1.0 - 1e-8))
            if not fitted.converged or separated or not np.all(np.isfinite(fitted.bse)):
                fitted = None
        except Exception:  # statsmodels raises several kinds on separation
            fitted = None
        if fitted is not None:
            slope = float(fitted.params[1])
            slope_se = float(fitted.bse[1])
            mu = np.clip(fitted.mu, 1e-300, 1.0)
            loglik = float((special.xlogy(successes, mu)
                            + special.xlogy(trials - successes, 1.0 - mu)).sum())
            # The intercept-only log-likelihood in closed form (saves a second fit).
            null_loglik = (n_hits * math.log(top_rate)
                           + (n_spins - n_hits) * math.log(1.0 - top_rate))
            lr = max(2.0 * (loglik - null_loglik), 0.0)
            slope_pvalue = float(stats.chi2.sf(lr, 1))
            how = "logistic regression, likelihood-ratio test"
        else:
            # Score (Cochran-Armitage) test of slope = 0: needs only the null fit.
            rate = n_hits / n_spins
            var = rate * (1 - rate) * float((trials * (x - mean_x) ** 2).sum())
            z = trend / math.sqrt(var) if var > 0 else float("nan")
            slope_pvalue = _normal_pvalue(z, "two-sided")
            how = "score test (logistic fit did not converge)"
    else:
        how = "not applicable (no variation in hits or spins since)"
    unit = math.log(2.0) if covariate == "log" else 10.0
    odds_ratio = float(math.exp(slope * unit)) if np.isfinite(slope) else float("nan")

    # Guarantee check: gaps are runs of non-top spins.
    lengths = seqs.lengths
    gaps = _longest_runs(~hits, seqs)
    longest_gap = int(gaps.max()) if gaps.size else 0
    check_rate = float(stated) if stated is not None else top_rate
    if n_spins and 0.0 < check_rate < 1.0:
        q = 1.0 - check_rate
        guarantee_pvalue = float(1.0 - _prob_max_at_least(lengths, q, [longest_gap + 1])[0])
        expected_gap = _expected_max_longest(lengths, q)
    else:
        guarantee_pvalue, expected_gap = float("nan"), float("nan")
    if stated is not None and np.isfinite(guarantee_pvalue):
        candidates = [v for v in (slope_pvalue, guarantee_pvalue) if np.isfinite(v)]
        pvalue = min(1.0, len(candidates) * min(candidates)) if candidates else float("nan")
        how += "; guarantee: exact longest-gap test; combined by Bonferroni"
    else:
        pvalue = slope_pvalue
    reference = slope if np.isfinite(slope) else trend
    direction = "pity" if reference > 0 else ("anti-pity" if reference < 0 else "none")
    return PityResult(pvalue=float(pvalue), slope=slope, slope_se=slope_se, direction=direction,
                      slope_pvalue=slope_pvalue, odds_ratio=odds_ratio, covariate=covariate,
                      n_hits=n_hits, n_spins=n_spins, n_sequences=len(seqs), top_rate=top_rate,
                      stated=None if stated is None else float(stated), longest_gap=longest_gap,
                      expected_longest_gap=expected_gap, guarantee_pvalue=guarantee_pvalue,
                      hazard=hazard, method=how)


# ---------------------------------------------------------------------------------------------
# scripted starts


@dataclass(frozen=True)
class ScriptedStartResult:
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

    def to_frame(self) -> pd.DataFrame:
        return _result_frame(self.summary())


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
    n_simulations = _check_simulations(n_simulations)
    statistic = _check_statistic(statistic)
    func, name = _STATISTICS[statistic]
    every = _as_sequences(sequences, k_outcomes=k_outcomes)
    if k_outcomes is None:
        k_outcomes = max(2, int(every.codes.max()) + 1 if every.codes.size else 2)
    k_out = _check_k(k_outcomes)
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
    expected = _independence_expected(table)
    observed_stat = float(func(table, expected))
    df = _table_df(table)
    asymptotic = float(stats.chi2.sf(observed_stat, df)) if df > 0 else 1.0
    effect = _cramers_v(float(_pearson(table, expected)), table)
    if n_simulations > 0 and df > 0:
        draws, columns = _permutations_for(every, keep, permutations, n_simulations, seed)
        n_simulations = draws.n_simulations
        simulated = (func(tables_of(batch), expected) for batch in draws.batches(columns))
        pvalue, n_simulations = _sequential_pvalue(simulated, observed_stat, n_simulations)
        method = "monte_carlo (permutation within each sequence, sequential)"
    else:
        pvalue, method, n_simulations = asymptotic, "asymptotic chi-square", 0
    return ScriptedStartResult(statistic=observed_stat, pvalue=float(pvalue),
                               asymptotic_pvalue=asymptotic, df=df, effect_size=effect,
                               statistic_name=name, k=int(k), table=table.astype(np.int64),
                               n_sequences=len(seqs), n_simulations=n_simulations,
                               method=method)
