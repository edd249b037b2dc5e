"""Tests for fairness.stats.value.expected_value_test (formulas checked by hand)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from fairness.stats.value import ValueResult, expected_value_test


def test_hand_computed_example():
    # stated: 90% give 1, 10% give 10 -> mu = 1.9, null variance = 0.9 + 10 - 3.61 = 7.29
    # observed 95 x 1 and 5 x 10 of 100 spins -> m = 1.45, plug-in variance = 3.8475
    result = expected_value_test([95, 5], [0.9, 0.1], [1.0, 10.0], level=0.95)
    assert isinstance(result, ValueResult)
    assert result.observed_mean == pytest.approx(1.45)
    assert result.stated_mean == pytest.approx(1.9)
    assert result.difference == pytest.approx(-0.45)
    assert result.ratio == pytest.approx(1.45 / 1.9)
    z = -0.45 / math.sqrt(7.29 / 100)  # = -1.6667
    assert result.statistic == pytest.approx(z)
    assert result.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)))
    half = stats.norm.ppf(0.975) * math.sqrt(0.95 * 0.45**2 + 0.05 * 8.55**2) / 10
    assert (result.ci_low, result.ci_high) == pytest.approx((1.45 - half, 1.45 + half))
    assert result.n == 100
    assert result.level == 0.95
    assert len(result.to_frame()) == 1


def test_observed_equal_to_stated_gives_no_evidence():
    result = expected_value_test([900, 90, 9, 1], [0.9, 0.09, 0.009, 0.001], [1, 5, 10, 100])
    assert result.statistic == pytest.approx(0.0, abs=1e-9)
    assert result.pvalue == pytest.approx(1.0)
    assert result.ratio == pytest.approx(1.0)


def test_no_spins():
    result = expected_value_test([0, 0], [0.5, 0.5], [1.0, 3.0])
    assert result.pvalue == 1.0
    assert result.stated_mean == 2.0
    for field in ("observed_mean", "difference", "ratio", "statistic", "ci_low", "ci_high"):
        assert math.isnan(getattr(result, field))


def test_constant_prize():
    same = expected_value_test([3, 4], [0.5, 0.5], [2.0, 2.0])
    assert (same.statistic, same.pvalue) == (0.0, 1.0)
    # an outcome with stated chance 0 and a different value was seen: impossible under H0
    impossible = expected_value_test([3, 4], [1.0, 0.0], [1.0, 2.0])
    assert impossible.statistic == math.inf
    assert impossible.pvalue == 0.0


def test_zero_stated_mean_gives_nan_ratio():
    result = expected_value_test([5, 5], [0.5, 0.5], [-1.0, 1.0])
    assert math.isnan(result.ratio)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([1, 2], [0.5, 0.6], [1, 2]), ValueError, "sum to 1"),
        (([1, 2], [1.5, -0.5], [1, 2]), ValueError, "stated"),
        (([1, 2], [0.5, 0.5], [1, np.nan]), ValueError, "values"),
        (([1, 2], [0.5, 0.5], [1]), ValueError, "values"),
        (([1, 2], [1.0], [1, 2]), ValueError, "stated"),
        (([1, -2], [0.5, 0.5], [1, 2]), ValueError, "observed"),
        (([], [], []), ValueError, "observed"),
    ],
)
def test_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        expected_value_test(*args)


def test_rejects_bad_level():
    with pytest.raises(ValueError, match="level"):
        expected_value_test([1, 2], [0.5, 0.5], [1, 2], level=0)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 1000), min_size=2, max_size=6),
    st.lists(st.floats(0.01, 1), min_size=6, max_size=6),
    st.lists(st.floats(-1000, 1000), min_size=6, max_size=6),
    st.floats(0.5, 0.99),
)
def test_properties(counts, weights, values, level):
    size = len(counts)
    stated = np.asarray(weights[:size]) / sum(weights[:size])
    result = expected_value_test(counts, stated, values[:size], level=level)
    assert 0.0 <= result.pvalue <= 1.0
    if result.n > 0:
        assert result.ci_low <= result.observed_mean <= result.ci_high
    # the order of the outcomes does not matter
    order = np.arange(size)[::-1]
    flipped = expected_value_test(
        np.asarray(counts)[order], stated[order], np.asarray(values[:size])[order], level=level
    )
    assert flipped.pvalue == pytest.approx(result.pvalue, rel=1e-9, abs=1e-12, nan_ok=True)
