"""Block-wise counting (fairness.stats.counting) gives exactly numpy's counts."""

from __future__ import annotations

import numpy as np
import pytest

from fairness.stats import counting


@pytest.fixture
def small_blocks(monkeypatch):
    # Blocks of 1,000 so that a few thousand codes already take the block-wise path.
    monkeypatch.setattr(counting, "BLOCK", 1000)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int64])
def test_bincount_equals_numpy_across_blocks(small_blocks, dtype):
    rng = np.random.default_rng(1)
    for n in (0, 999, 1000, 1001, 5432):
        codes = rng.integers(0, 7, n).astype(dtype)
        for minlength in (0, 3, 12):
            expected = np.bincount(codes, minlength=minlength)
            got = counting.bincount(codes, minlength=minlength)
            np.testing.assert_array_equal(got, expected)
            assert got.dtype == np.int64


def test_pair_counts_equals_a_direct_table(small_blocks):
    rng = np.random.default_rng(2)
    groups = rng.integers(-1, 30, 4321).astype(np.int16)  # -1: no group, left out
    codes = rng.integers(0, 5, 4321).astype(np.int8)
    expected = np.zeros((30, 5), dtype=np.int64)
    for g, c in zip(groups, codes, strict=True):
        if g >= 0:
            expected[g, c] += 1
    np.testing.assert_array_equal(counting.pair_counts(groups, codes, 30, 5), expected)
    # int16 groups times k would overflow int16 (2,000 x 40 > 32,767): the table must not.
    big = np.full(10, 2000, dtype=np.int16)
    assert counting.pair_counts(big, np.full(10, 39, np.int8), 2001, 40)[2000, 39] == 10


@pytest.mark.parametrize("n, n_splits", [(50, 49), (100_000, 40), (100_000, 1)])
def test_counts_before_both_ways_equal_a_cumulative_sum(n, n_splits):
    # Short arrays use per-code positions, long ones count between splits: same numbers.
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 4, n).astype(np.int8)
    split = np.unique(rng.integers(0, n + 1, n_splits))
    cumulative = np.vstack([np.zeros(4, np.int64),
                            np.cumsum(np.eye(4, dtype=np.int64)[codes], axis=0)])
    np.testing.assert_array_equal(counting.counts_before(codes, split, 4), cumulative[split])
