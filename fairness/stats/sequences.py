"""Many reporters' spin sequences, stored flat, and the within-sequence permutations of the
order tests.

:class:`Sequences`                   codes of every reporter's spins in order, one flat array
                                     plus the lengths (vectorised passes, no loop over reporters);
:class:`WithinSequencePermutations`  random reorderings within each sequence (the null of the
                                     order tests), drawn in batches and shareable by two tests;
:func:`as_sequences`                 what the tests do with a list or mapping of arrays;
:func:`longest_runs`                 longest run of True within each sequence.

Building sequences from an Evidence spins table belongs to the analysis layer
(``fairness.logs.sequences_from_spins``): this package takes arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from fairness.stats._montecarlo import growing_chunks
from fairness.stats._validation import as_codes, check_simulations

__all__ = [
    "Sequences",
    "WithinSequencePermutations",
    "as_sequences",
    "longest_runs",
]


def as_sequences(sequences: object, name: str = "sequences",
                 k_outcomes: int | None = None) -> Sequences:
    """:class:`Sequences` of integer codes from Sequences, a list or a mapping reporter -> codes."""
    if isinstance(sequences, Sequences):
        as_codes(sequences.codes, f"{name} codes", k_outcomes)
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
    arrays = [as_codes(item, f"{name}[{key!r}]", k_outcomes)
              for key, item in zip(keys, items, strict=True)]
    return Sequences.from_arrays(arrays, keys)


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
        seqs = as_sequences(sequences)
        self.n_simulations = check_simulations(n_simulations)
        self.size = int(seqs.codes.size)
        top = int(seqs.codes.max()) if self.size else 0
        self._codes = seqs.codes.astype(np.min_scalar_type(top))  # int8 for a wheel
        self._sequence_id = seqs.sequence_id.astype(np.float64)
        self._rng = np.random.default_rng(seed)
        self._sizes = growing_chunks(self.n_simulations, self.size * 3)
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


def permutations_for(seqs: Sequences, keep: np.ndarray, permutations, n_simulations: int,
                     seed) -> tuple[WithinSequencePermutations, np.ndarray | None]:
    """The draws for a test on ``seqs.select(keep)``: the shared ones, or new ones."""
    if permutations is None:
        return WithinSequencePermutations(seqs.select(keep), n_simulations, seed), None
    if permutations.size != seqs.codes.size:
        raise ValueError(f"permutations were drawn for {permutations.size} spins, "
                         f"the sequences have {seqs.codes.size}")
    return permutations, None if keep.all() else np.repeat(keep, seqs.lengths)


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



def longest_runs(flags: np.ndarray, seqs: Sequences) -> np.ndarray:
    """Longest run of True within each sequence (runs never cross from one to the next)."""
    out = np.zeros(len(seqs), dtype=np.int64)
    if not flags.any():
        return out
    previous = np.concatenate(([False], flags[:-1]))
    start = flags & (seqs.first | ~previous)
    run = np.cumsum(start) - 1
    np.maximum.at(out, seqs.sequence_id[start], np.bincount(run[flags]))
    return out
