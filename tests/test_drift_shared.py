"""drift_tests: several change-point scans from one counting pass equal each scan computed on
its own the straightforward way (full cumulative counts), and drift_test called alone."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import special

from fairness.stats.drift import drift_test, drift_tests

START = pd.Timestamp("2026-01-05 09:00", tz="UTC")


def _straightforward(times: pd.Series, codes: np.ndarray, k: int, outcome, min_segment: float,
                     max_splits: int):
    """Sort by time (stable), cumulate a one-hot table, scan every split of the grid."""
    order = np.argsort(times.to_numpy(), kind="stable")
    ordered = codes[order]
    if outcome is not None:
        ordered = np.isin(ordered, np.atleast_1d(outcome)).astype(np.int64)
        k = 2
    n = ordered.size
    cumulative = np.vstack([np.zeros(k, np.int64), np.cumsum(np.eye(k, dtype=np.int64)[ordered],
                                                             axis=0)])
    size = max(math.ceil(min_segment * n) if min_segment < 1 else int(min_segment), 1)
    if n - 2 * size + 1 > max_splits:
        split = np.unique(np.linspace(size, n - size, max_splits).round().astype(int))
    else:
        split = np.arange(size, n - size + 1)
    before = cumulative[split].astype(float)
    total = cumulative[-1].astype(float)
    after = total - before
    scan = 2.0 * (special.xlogy(before, before).sum(axis=1) - special.xlogy(split, split)
                  + special.xlogy(after, after).sum(axis=1) - special.xlogy(n - split, n - split)
                  - (special.xlogy(total, total).sum() - special.xlogy(n, n)))
    best = int(np.argmax(scan))
    tau = int(split[best])
    return scan[best], tau, codes[order][:tau], codes[order][tau:]


@pytest.mark.parametrize("max_splits", [1000, 37])
def test_scans_from_one_pass_equal_each_scan_alone(max_splits):
    rng = np.random.default_rng(21)
    n, k = 2500, 4
    # Shuffled times with ties: the scans must sort (stably) exactly as the reference does.
    minutes = rng.integers(0, 30 * 24 * 60, n) // 7 * 7
    times = pd.Series(START + pd.to_timedelta(minutes, unit="min"))
    codes = rng.choice(k, n, p=[0.6, 0.25, 0.1, 0.05])
    codes[times > START + pd.Timedelta(days=18)] = rng.choice(k, int((times > START + pd.Timedelta(
        days=18)).sum()), p=[0.6, 0.3, 0.1, 0.0])
    outcomes = [None, 3, [2, 3], [1, 9]]  # 9: no such outcome, never matched
    results = drift_tests(times, codes, k, outcomes, n_simulations=0, max_splits=max_splits)
    assert len(results) == len(outcomes)
    for outcome, result in zip(outcomes, results, strict=True):
        statistic, tau, first, rest = _straightforward(times, codes, k, outcome, 0.05, max_splits)
        assert result.statistic == pytest.approx(statistic, rel=1e-12, abs=1e-9)
        assert result.change_index == tau
        np.testing.assert_array_equal(result.rates_before, np.bincount(first, minlength=k) / tau)
        np.testing.assert_array_equal(result.rates_after,
                                      np.bincount(rest, minlength=k) / (n - tau))
        alone = drift_test(times, codes, k, outcome=outcome, n_simulations=0,
                           max_splits=max_splits)
        assert (alone.statistic, alone.change_index, alone.change_time, alone.method) == (
            result.statistic, result.change_index, result.change_time, result.method)
        pd.testing.assert_frame_equal(alone.windows, result.windows)
    assert results[0].windows is not results[1].windows  # each result owns its table


def test_each_scan_draws_from_its_own_seed():
    rng = np.random.default_rng(22)
    n = 300
    times = pd.Series(START + pd.to_timedelta(np.sort(rng.integers(0, 10**6, n)), unit="s"))
    codes = rng.choice(3, n, p=[0.6, 0.3, 0.1])
    results = drift_tests(times, codes, 3, [None, 2], n_simulations=99, seeds=[5, 8])
    for outcome, seed, result in zip([None, 2], [5, 8], results, strict=True):
        alone = drift_test(times, codes, 3, outcome=outcome, n_simulations=99, seed=seed)
        assert (alone.pvalue, alone.statistic, alone.n_simulations) == (
            result.pvalue, result.statistic, result.n_simulations)
    with pytest.raises(ValueError, match="seeds"):
        drift_tests(times, codes, 3, [None, 2], seeds=[1])
