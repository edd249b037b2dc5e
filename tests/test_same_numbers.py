"""Faster ways of computing the same numbers give the same numbers, bit for bit:
fairness.stats._logsumexp against scipy.special.logsumexp, the e-values of simulated campaigns
against each campaign's own, and the null fit's row sums against numpy's."""

import numpy as np
import pytest
from scipy.special import logsumexp as scipy_logsumexp

from fairness.stats._logsumexp import logsumexp


@pytest.mark.parametrize("shape, axis", [((7,), 0), ((50, 6), 1), ((50, 6), 0), ((50, 6), -1),
                                         ((40, 5, 6), 2), ((40, 5, 6), 1), ((3, 1), 1),
                                         ((30, 7), 1), ((30, 8), 1), ((30, 13), 1)])
def test_same_bits_as_scipy(shape, axis):
    rng = np.random.default_rng(1)
    for scale in (1e-3, 1.0, 30.0, 800.0):
        a = rng.normal(scale=scale, size=shape)
        assert np.array_equal(logsumexp(a, axis=axis), scipy_logsumexp(a, axis=axis))


def test_ties_and_edges_as_scipy():
    a = np.array([[1.0, 1.0, 0.5],             # a tied maximum
                  [-np.inf, -np.inf, -np.inf],  # nothing: -inf
                  [np.inf, 0.0, 1.0],           # inf
                  [np.nan, 0.0, 1.0],           # NaN
                  [-np.inf, 2.0, -np.inf],      # one finite entry
                  [-745.0, -746.0, -1e308]])    # underflow
    for rows, axis in ((a, 1), (a.T, 0), (np.tile(a, (1, 3)), 1)):  # short axis, long ones
        mine, theirs = logsumexp(rows, axis=axis), scipy_logsumexp(rows, axis=axis)
        assert np.array_equal(mine, theirs, equal_nan=True)
    assert np.array_equal(logsumexp(np.zeros((0, 3)), axis=1),
                          scipy_logsumexp(np.zeros((0, 3)), axis=1))
    assert logsumexp(np.array([0.0, 0.0]), axis=0) == scipy_logsumexp([0.0, 0.0])


def test_evalues_of_simulations_equal_row_by_row():
    """log_evalues computes the per-outcome terms of many simulated campaigns once per distinct
    (count, n) pair; the numbers are those of each campaign on its own (to the bit)."""
    from fairness.stats.anytime import log_evalues

    rng = np.random.default_rng(5)
    stated = np.array([0.7, 0.2, 0.07, 0.025, 0.005])
    counts = rng.multinomial(400, [0.7, 0.2, 0.0725, 0.025, 0.0025], size=500)
    for lower, upper in ((None, None), (stated * 0.9, np.minimum(stated * 1.2, 1.0))):
        together = log_evalues(counts, stated, lower, upper)
        log_e, components, weights = together
        for row in (0, 17, 499):
            one_e, one_components, one_weights = log_evalues(counts[row], stated, lower, upper)
            assert np.array_equal(components[row, 1:], one_components[0, 1:])  # per outcome
            assert np.array_equal(weights, one_weights)
            if lower is None:  # (with intervals the joint term's null fit is solved for all
                # rows at once, to a tolerance, as it always was)
                assert log_e[row] == one_e[0]
                assert components[row, 0] == one_components[0, 0]


@pytest.mark.parametrize("columns", range(1, 13))
def test_row_sums_as_numpy(columns):
    from fairness.stats.anytime import _row_sums

    rng = np.random.default_rng(columns)
    for rows in (1, 3, 1000):
        values = rng.random((rows, columns)) * 10.0 ** rng.integers(-12, 12, (rows, columns))
        values[rng.random((rows, columns)) < 0.3] = 0.0
        assert np.array_equal(_row_sums(values), values.sum(axis=1))


def test_text_categorical_as_pandas_makes_it():
    """fastcsv.categorical (a sort and a dictionary for text) gives what pd.Categorical gives
    for the rows' values: the same sorted categories, of the same dtype, and the same codes."""
    import pandas as pd

    from fairness.reading import fastcsv

    rng = np.random.default_rng(3)
    pool = ["r-0123456789abcdef", "Ёжик", "ёжик", "Zebra", "apple", " ", "é", "e\u0301", "日本",
            "10", "9"]
    for _ in range(200):
        entries = [str(v) if rng.random() > 0.2 else None
                   for v in rng.choice(pool, size=int(rng.integers(1, 12)))]
        entries = np.array([*entries, None], dtype=object)
        codes = rng.integers(0, len(entries), int(rng.integers(1, 50)))
        if all(e is None for e in entries[codes]):
            continue
        mine, theirs = fastcsv.categorical(codes, entries), pd.Categorical(entries[codes])
        assert mine.categories.equals(theirs.categories)
        assert mine.categories.dtype == theirs.categories.dtype
        assert np.array_equal(mine.codes, theirs.codes) and mine.codes.dtype == theirs.codes.dtype
