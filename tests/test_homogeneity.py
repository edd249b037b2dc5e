"""Unit, property and calibration tests of fairness.stats.homogeneity and fairness.stats.drift."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from fairness.stats import (
    drift_test,
    homogeneity_table_test,
    homogeneity_test,
    overdispersion_test,
    time_windows,
)

HONEST = np.array([0.80, 0.15, 0.04, 0.01])
START = pd.Timestamp("2026-03-02", tz="UTC")


def false_alarm_limit(campaigns, alpha=0.05):
    """Largest number of rejections compatible with a true rate <= alpha (one-sided 0.999)."""
    return int(stats.binom.ppf(0.999, campaigns, alpha))


def spread_times(rng, n, days=42):
    return START + pd.to_timedelta(np.sort(rng.uniform(0, days, n)), unit="D")


# ---------------------------------------------------------------------------------------------
# homogeneity


def test_homogeneity_table_from_labels():
    groups = ["new", "old", "new", "old", "new", None]
    codes = [0, 1, 1, 1, 0, 0]
    result = homogeneity_test(groups, codes, 2, n_simulations=0)
    np.testing.assert_array_equal(result.table, [[2, 1], [0, 2]])
    assert result.groups == ("new", "old") and result.n == 5
    frame = result.table_frame(["lose", "win"])
    assert list(frame.columns[:4]) == ["group", "outcome", "count", "spins"]
    assert frame.loc[(frame.group == "old") & (frame.outcome == "win"), "rate"].item() == 1.0


def test_homogeneity_detects_segment_difference_and_reports_residuals():
    rng = np.random.default_rng(1)
    top_new = np.array([0.78, 0.15, 0.04, 0.03])
    top_old = np.array([0.805, 0.15, 0.04, 0.005])
    codes = np.concatenate([rng.choice(4, 3000, p=top_new), rng.choice(4, 3000, p=top_old)])
    groups = np.repeat(["new", "old"], 3000)
    result = homogeneity_test(groups, codes, 4, n_simulations=999, seed=2)
    assert result.pvalue == pytest.approx(1 / 1000)
    assert result.asymptotic_pvalue < 1e-6 and result.asymptotic_valid
    frame = result.table_frame()
    top = frame[frame.outcome == 3].set_index("group")
    assert top.loc["new", "residual"] > 4 and top.loc["old", "residual"] < -4
    assert top.loc["new", "rate"] > 3 * top.loc["old", "rate"]


def test_homogeneity_monte_carlo_is_seeded_and_close_to_asymptotic():
    rng = np.random.default_rng(3)
    codes = rng.choice(4, 2000, p=[0.4, 0.3, 0.2, 0.1])
    groups = rng.integers(0, 3, 2000)
    a = homogeneity_test(groups, codes, 4, n_simulations=4000, seed=5)
    b = homogeneity_test(groups, codes, 4, n_simulations=4000, seed=5)
    assert a.pvalue == b.pvalue
    # Large expected counts: Monte Carlo within simulation error of the chi-square p-value.
    se = math.sqrt(a.asymptotic_pvalue * (1 - a.asymptotic_pvalue) / 4000)
    assert abs(a.pvalue - a.asymptotic_pvalue) < 4 * se + 1e-3


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), min_size=2, max_size=60))
def test_homogeneity_properties(pairs):
    groups = [g for g, _ in pairs]
    codes = [c for _, c in pairs]
    result = homogeneity_test(groups, codes, 3, n_simulations=50, seed=0)
    if math.isnan(result.pvalue):
        assert result.df == 0
        return
    assert 0.0 < result.pvalue <= 1.0
    assert 0.0 <= result.effect_size <= 1.0 + 1e-12
    renamed = homogeneity_test([f"g{3 - g}" for g in groups], codes, 3, n_simulations=0)
    assert renamed.statistic == pytest.approx(result.statistic, rel=1e-10, abs=1e-12)


def test_homogeneity_equal_rates_give_no_evidence():
    codes = np.tile([0, 0, 1, 2], 50)
    groups = np.repeat([0, 1], 100)
    result = homogeneity_table_test([[50, 25, 25], [50, 25, 25]], n_simulations=200)
    assert result.statistic == 0.0 and result.pvalue == 1.0
    assert homogeneity_test(groups, codes, 3, n_simulations=0).statistic == 0.0


def test_homogeneity_input_checks():
    with pytest.raises(ValueError, match="same length"):
        homogeneity_test([0, 1], [0], 2)
    with pytest.raises(ValueError, match="k_outcomes"):
        homogeneity_test([0, 1], [0, 1], 1)
    with pytest.raises(ValueError, match="codes holds outcome code 4"):
        homogeneity_test([0, 1], [0, 4], 3)
    with pytest.raises(ValueError, match="table must hold whole-number"):
        homogeneity_table_test([[1, -1], [2, 2]])
    one_group = homogeneity_test([0, 0, 0], [0, 1, 1], 2)
    assert math.isnan(one_group.pvalue) and "not applicable" in one_group.method


# ---------------------------------------------------------------------------------------------
# overdispersion


def test_overdispersion_matches_tarone_for_two_outcomes():
    # Tarone (1979): Z = [sum (x_i - n_i p)^2 / (p q) - sum n_i] / sqrt(2 sum n_i (n_i - 1)).
    wins = np.array([3, 0, 7, 2, 5, 1, 9, 0])
    spins = np.array([20, 15, 25, 10, 30, 12, 28, 9])
    p = wins.sum() / spins.sum()
    tarone = (((wins - spins * p) ** 2).sum() / (p * (1 - p)) - spins.sum()) / math.sqrt(
        2 * (spins * (spins - 1)).sum()
    )
    result = overdispersion_test(np.column_stack([wins, spins - wins]), n_simulations=0)
    assert result.statistic == pytest.approx(tarone, rel=1e-12)
    assert result.pvalue == pytest.approx(stats.norm.sf(tarone), rel=1e-12)


def test_overdispersion_score_identity():
    # T = sum_i sum_j (x_ij - n_i p_j)^2 / p_j - (K - 1) N.
    rng = np.random.default_rng(4)
    table = rng.integers(0, 12, size=(15, 4))
    result = overdispersion_test(table, n_simulations=0)
    n_i = table.sum(axis=1, keepdims=True)
    p = table.sum(axis=0) / table.sum()
    score = ((table - n_i * p) ** 2 / p).sum() - 3 * table.sum()
    assert result.score == pytest.approx(score, rel=1e-10)


def test_overdispersion_detects_dirichlet_multinomial():
    rng = np.random.default_rng(5)
    chances = rng.dirichlet(HONEST * 20, size=60)  # every reporter has their own wheel
    table = np.array([rng.multinomial(50, c) for c in chances])
    result = overdispersion_test(table, n_simulations=499, seed=1)
    assert result.pvalue == pytest.approx(1 / 500)
    assert result.rho == pytest.approx(1 / 21, abs=0.04)


def test_overdispersion_not_applicable():
    assert math.isnan(overdispersion_test([[1, 0], [0, 1]]).pvalue)  # one spin each
    assert math.isnan(overdispersion_test([[3, 0], [5, 0]]).pvalue)  # one outcome


# ---------------------------------------------------------------------------------------------
# drift and windows


def test_time_windows_weekly_and_equal_count():
    times = START + pd.to_timedelta([0, 1, 6.9, 7, 13, 20.5], unit="D")
    labels, table = time_windows(times)
    np.testing.assert_array_equal(labels, [0, 0, 0, 1, 1, 2])
    assert table["start"].iloc[1] == START + pd.Timedelta(days=7)
    labels, table = time_windows(np.arange(10.0)[::-1], windows=5)
    np.testing.assert_array_equal(labels, [4, 4, 3, 3, 2, 2, 1, 1, 0, 0])
    with pytest.raises(ValueError, match="windows"):
        time_windows(times, windows=0)
    with pytest.raises(ValueError, match="missing"):
        time_windows(pd.Series([START, pd.NaT]))


def test_drift_finds_when_the_top_prize_vanished():
    rng = np.random.default_rng(6)
    times = spread_times(rng, 3000)
    before = rng.choice(4, 3000, p=[0.78, 0.15, 0.05, 0.02])
    after = rng.choice(4, 3000, p=[0.80, 0.15, 0.05, 0.0])
    cut = START + pd.Timedelta(days=14)
    codes = np.where(times < cut, before, after)
    stated = np.array([0.78, 0.15, 0.05, 0.02])
    result = drift_test(times, codes, 4, stated=stated, n_simulations=199, seed=1)
    assert result.pvalue == pytest.approx(1 / 200)
    assert abs(result.change_time - cut) < pd.Timedelta(days=2)
    rates = result.rates_frame(["1%", "3%", "10%", "100%"])
    assert rates.loc[3, "rate_after"] == 0.0 and rates.loc[3, "rate_before"] > 0.01
    windows = result.windows
    assert set(windows["window"]) == set(range(6))
    assert windows.groupby("window")["count"].sum().sum() == 3000
    top = windows[windows.outcome == 3]
    assert (top.loc[top.window >= 2, "count"] == 0).all()
    assert (windows["stated"].to_numpy()[3::4] == 0.02).all()
    focused = drift_test(times, codes, 4, outcome=3, n_simulations=199, seed=1)
    assert focused.pvalue == pytest.approx(1 / 200) and "vs the rest" in focused.method
    summary = result.to_frame()
    assert summary["effect_outcome"].item() == 3 and summary["effect"].item() == 0.0
    assert summary["rate_before"].item() > 0.01


def test_drift_numeric_times_and_no_change():
    rng = np.random.default_rng(7)
    codes = rng.choice(3, 400, p=[0.5, 0.3, 0.2])
    result = drift_test(np.arange(400), codes, 3, n_simulations=199, seed=2)
    assert result.pvalue > 0.05
    assert result.min_segment == 20 and 20 <= result.change_index <= 380
    assert result.windows["window"].nunique() == 10


def test_drift_input_checks_and_degenerate():
    with pytest.raises(ValueError, match="same length"):
        drift_test([1, 2, 3], [0, 1], 2)
    with pytest.raises(ValueError, match="stated must have 2"):
        drift_test([1, 2], [0, 1], 2, stated=[0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="missing"):
        drift_test(pd.Series([START, pd.NaT]), [0, 1], 2)
    constant = drift_test(np.arange(50), np.zeros(50, dtype=int), 2)
    assert math.isnan(constant.pvalue) and "not applicable" in constant.method


def test_drift_scan_statistic_equals_g_of_the_split_table():
    rng = np.random.default_rng(8)
    codes = rng.choice(3, 200, p=[0.6, 0.3, 0.1])
    result = drift_test(np.arange(200), codes, 3, n_simulations=0)
    tau = result.change_index
    table = np.array([np.bincount(codes[:tau], minlength=3), np.bincount(codes[tau:], minlength=3)])
    g = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    assert result.statistic == pytest.approx(g, rel=1e-9)


# ---------------------------------------------------------------------------------------------
# calibration on honest data (fast version; benchmarks/bench_dependence.py runs >= 1000)

CAMPAIGNS = 300


def test_calibration_homogeneity_across_reporters():
    rng = np.random.default_rng(9)
    rejections = 0
    for i in range(CAMPAIGNS):
        codes = rng.choice(4, size=600, p=HONEST)
        groups = np.repeat(np.arange(20), 30)
        rejections += homogeneity_test(groups, codes, 4, n_simulations=99, seed=i).pvalue <= 0.05
    assert rejections <= false_alarm_limit(CAMPAIGNS)


def test_calibration_overdispersion():
    rng = np.random.default_rng(10)
    rejections = 0
    for i in range(CAMPAIGNS):
        sizes = rng.integers(5, 60, size=20)  # unequal numbers of spins per reporter
        table = np.array([rng.multinomial(n, HONEST) for n in sizes])
        rejections += overdispersion_test(table, n_simulations=99, seed=i).pvalue <= 0.05
    assert rejections <= false_alarm_limit(CAMPAIGNS)


def test_calibration_drift():
    rng = np.random.default_rng(11)
    rejections = 0
    for i in range(CAMPAIGNS):
        codes = rng.choice(4, size=300, p=HONEST)
        rejections += (
            drift_test(np.arange(300), codes, 4, windows=5, n_simulations=99, seed=i).pvalue <= 0.05
        )
    assert rejections <= false_alarm_limit(CAMPAIGNS)


def test_calibration_overdispersion_normal_many_sparse_reporters():
    # The large-data reporter test (fairness.dependence): C(alpha) with its normal p-value, on
    # many reporters with a few spins each (where chi-square's Cochran rule fails).
    rng = np.random.default_rng(12)
    pvalues = []
    for _ in range(CAMPAIGNS):
        sizes = rng.poisson(20, size=1000) + 1
        pvalues.append(overdispersion_test(rng.multinomial(sizes, HONEST),
                                           n_simulations=0).pvalue)
    pvalues = np.array(pvalues)
    assert np.sum(pvalues <= 0.05) <= false_alarm_limit(CAMPAIGNS)
    assert np.sum(pvalues <= 0.01) <= false_alarm_limit(CAMPAIGNS, alpha=0.01)
    # ... and it is not conservative to the point of uselessness: p-values spread out.
    assert 0.3 < np.mean(pvalues) < 0.7


def test_drift_scan_matches_the_g_statistic_at_every_split_in_time_order():
    # The observed scan reads counts at the split points only; check it against the G
    # statistic of each before/after table, with times out of order and aware datetimes.
    rng = np.random.default_rng(13)
    n = 400
    codes = np.r_[rng.choice(3, 200, p=[0.6, 0.3, 0.1]), rng.choice(3, 200, p=[0.7, 0.3, 0.0])]
    times = pd.Series(pd.Timestamp("2026-03-01", tz="UTC")
                      + pd.to_timedelta(np.arange(n) * 3600, unit="s"))
    shuffle = rng.permutation(n)
    result = drift_test(times[shuffle].reset_index(drop=True), codes[shuffle], 3,
                        n_simulations=0, min_segment=20)
    best = 0.0
    for tau in range(20, n - 20 + 1):
        table = np.array([np.bincount(codes[:tau], minlength=3),
                          np.bincount(codes[tau:], minlength=3)])
        table = table[:, table.sum(axis=0) > 0]
        best = max(best, stats.chi2_contingency(table, correction=False,
                                                lambda_="log-likelihood")[0])
    assert result.statistic == pytest.approx(best, rel=1e-9)
    assert result.change_time == times[result.change_index]


@pytest.mark.parametrize("tz, unit", [("UTC", "ns"), ("UTC", "us"), ("Europe/Moscow", "s"),
                                      (None, "ms")])
def test_drift_windows_in_order_equal_the_per_spin_window_numbers(tz, unit):
    # drift_test counts width windows by binary search on the ordered times; the table must
    # equal the one from time_windows' per-spin window numbers, for any zone, unit and order
    # (windows start at the floor of the first day in the data's own zone).
    rng = np.random.default_rng(14)
    n = 3000
    seconds = np.sort(rng.integers(0, 40 * 86_400, n))
    times = pd.Series(pd.Timestamp("2026-03-01 17:30") + pd.to_timedelta(seconds, unit="s"))
    times = (times.dt.tz_localize(tz) if tz else times).astype(
        f"datetime64[{unit}{', ' + tz if tz else ''}]" if tz else f"datetime64[{unit}]")
    codes = rng.choice(3, n, p=[0.7, 0.2, 0.1])
    shuffle = rng.permutation(n)
    for t, c in ((times, codes), (times[shuffle], codes[shuffle])):
        for width in (None, "1D", pd.Timedelta(hours=36)):
            result = drift_test(t, c, 3, windows=width, n_simulations=0)
            labels, table = time_windows(t, width)
            counts = np.bincount(labels * 3 + c, minlength=len(table) * 3)
            np.testing.assert_array_equal(result.windows["count"].to_numpy(), counts)
            np.testing.assert_array_equal(result.windows["start"].to_numpy(),
                                          np.repeat(table["start"].to_numpy(), 3))
