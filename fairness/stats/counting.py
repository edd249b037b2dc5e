"""Counting codes in long arrays.

``np.bincount`` first converts its input to the platform integer; for ten million int8 outcome
codes that is an 80 MB temporary, which on a small machine costs more (fresh memory) than the
counting. Counting a block at a time keeps the temporaries small and reused; the result is
exactly ``np.bincount``'s.
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["bincount", "counts_before", "pair_counts"]

#: Elements per block: large enough that the Python loop is negligible.
BLOCK = 1 << 16


def bincount(codes: np.ndarray, minlength: int = 0) -> np.ndarray:
    """``np.bincount(codes, minlength=minlength)`` (int64), a block at a time."""
    codes = np.asarray(codes)
    if codes.size <= BLOCK:
        return np.bincount(codes, minlength=minlength).astype(np.int64, copy=False)
    size = max(int(minlength), int(codes.max()) + 1)
    out = np.zeros(size, dtype=np.int64)
    wide = np.empty(BLOCK, dtype=np.intp)  # np.bincount's own type: no conversion inside
    for start in range(0, codes.size, BLOCK):
        block = codes[start: start + BLOCK]
        cell = wide[: block.size]
        np.copyto(cell, block, casting="unsafe")  # whole numbers, checked by the callers
        out += np.bincount(cell, minlength=size)
    return out


def pair_counts(groups: np.ndarray, codes: np.ndarray, n_groups: int, k: int) -> np.ndarray:
    """``(n_groups, k)`` table of how often each (group, code) pair occurs; rows with group
    -1 (missing) are left out. Codes must lie in ``0 .. k - 1``."""
    groups, codes = np.asarray(groups), np.asarray(codes)
    out = np.zeros(n_groups * k, dtype=np.int64)
    flat = np.empty(min(BLOCK, groups.size), dtype=np.int64)  # one buffer for every block
    for start in range(0, groups.size, BLOCK):
        g = groups[start: start + BLOCK]
        c = codes[start: start + BLOCK]
        if g.size and g.min() < 0:
            known = g >= 0
            g, c = g[known], c[known]
        cell = flat[: g.size]
        np.multiply(g, k, out=cell, dtype=np.int64)  # in int64: int16 codes times k overflow
        np.add(cell, c, out=cell)
        out += np.bincount(cell, minlength=n_groups * k)
    return out.reshape(n_groups, k)


def counts_before(codes: np.ndarray, split: np.ndarray, k: int) -> np.ndarray:
    """``(len(split), k)`` counts of each code among ``codes[:s]`` for every split ``s``
    (``split`` ascending)."""
    codes, split = np.asarray(codes), np.asarray(split, dtype=np.int64)
    if codes.size <= 64 * split.size:  # short: per-code positions, a few vector passes
        out = np.empty((split.size, k), dtype=np.int64)
        for code in range(k):
            out[:, code] = np.searchsorted(np.flatnonzero(codes == code), split)
        return out
    # Long: count the stretch between consecutive splits; no full-length temporaries, which
    # at millions of spins cost more in fresh memory than in arithmetic.
    edges = np.concatenate(([0], split))
    wide = np.empty(int(np.diff(edges).max()) if split.size else 0, dtype=np.intp)
    pieces = np.zeros((split.size, k), dtype=np.int64)
    for i, (a, b) in enumerate(itertools.pairwise(edges)):
        cell = wide[: b - a]  # one buffer for every stretch: np.bincount's own type
        np.copyto(cell, codes[a:b], casting="unsafe")
        pieces[i] = np.bincount(cell, minlength=k)
    return np.cumsum(pieces, axis=0)
