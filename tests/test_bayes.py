"""Unit and property tests for fairness.stats.bayes (reference values: tests/reference)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from fairness.stats.bayes import DirichletPosterior, ValuePosterior, dirichlet_posterior


def test_posterior_is_prior_plus_counts():
    posterior = dirichlet_posterior([10, 0, 5])
    assert isinstance(posterior, DirichletPosterior)
    np.testing.assert_array_equal(posterior.prior, [0.5, 0.5, 0.5])
    np.testing.assert_array_equal(posterior.concentration, [10.5, 0.5, 5.5])
    np.testing.assert_allclose(posterior.mean(), np.array([10.5, 0.5, 5.5]) / 16.5)
    custom = dirichlet_posterior([10, 0, 5], prior=[1, 2, 3])
    np.testing.assert_array_equal(custom.concentration, [11, 2, 8])


def test_marginals_are_beta():
    posterior = dirichlet_posterior([30, 12, 8], prior=1.0)
    low, high = posterior.credible_interval(0.9)
    np.testing.assert_allclose(low, stats.beta.ppf(0.05, [31, 13, 9], [22, 40, 44]))
    np.testing.assert_allclose(high, stats.beta.ppf(0.95, [31, 13, 9], [22, 40, 44]))
    below = posterior.prob_below([0.5, 0.3, 0.2])
    np.testing.assert_allclose(below, stats.beta.cdf([0.5, 0.3, 0.2], [31, 13, 9], [22, 40, 44]))
    np.testing.assert_allclose(
        posterior.prob_below(0.25), stats.beta.cdf(0.25, [31, 13, 9], [22, 40, 44])
    )


def test_single_outcome_is_certain():
    posterior = dirichlet_posterior([7])
    low, high = posterior.credible_interval()
    assert low[0] == high[0] == 1.0
    assert posterior.prob_below([0.5])[0] == 0.0


def test_expected_value_mean_is_exact_and_draws_are_seeded():
    posterior = dirichlet_posterior([900, 90, 9, 1])
    values = np.array([1.0, 5.0, 10.0, 100.0])
    result = posterior.expected_value(values, stated_value=1.54)
    assert isinstance(result, ValuePosterior)
    assert result.mean == pytest.approx(posterior.concentration @ values / 1002.0, rel=1e-12)
    assert result.low < result.mean < result.high
    assert 0.0 <= result.prob_below_stated <= 1.0
    again = posterior.expected_value(values, stated_value=1.54)
    assert again == result  # same seed, same draws
    other = posterior.expected_value(values, stated_value=1.54, seed=1)
    assert other.low != result.low
    assert posterior.expected_value(values).prob_below_stated is None
    assert list(result.to_frame().columns) == [
        "mean",
        "low",
        "high",
        "level",
        "prob_below_stated",
        "stated_value",
    ]


def test_expected_value_interval_matches_monte_carlo_of_the_mean():
    # the sample mean of the draws is within a few Monte Carlo standard errors of the exact mean
    posterior = dirichlet_posterior([40, 10, 2], prior=1.0)
    values = np.array([0.0, 1.0, 10.0])
    draws = np.random.default_rng(0).dirichlet(posterior.concentration, 20_000) @ values
    result = posterior.expected_value(values, level=0.9)
    np.testing.assert_allclose([result.low, result.high], np.quantile(draws, [0.05, 0.95]))
    assert abs(draws.mean() - result.mean) < 4 * draws.std() / np.sqrt(draws.size)


def test_to_frame():
    posterior = dirichlet_posterior([3, 7])
    frame = posterior.to_frame(labels=["win", "lose"], stated=[0.4, 0.6], level=0.9)
    assert list(frame.columns) == [
        "label",
        "observed",
        "prior",
        "concentration",
        "mean",
        "cred_low",
        "cred_high",
        "level",
        "stated",
        "prob_below",
    ]
    assert list(frame["label"]) == ["win", "lose"]
    assert "stated" not in posterior.to_frame().columns


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"observed": [1, -1]}, ValueError, "observed"),
        ({"observed": []}, ValueError, "observed"),
        ({"observed": [1, 2], "prior": 0}, ValueError, "prior"),
        ({"observed": [1, 2], "prior": [1, 2, 3]}, ValueError, "prior"),
        ({"observed": [1, 2], "prior": "flat"}, TypeError, "prior"),
    ],
)
def test_dirichlet_posterior_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        dirichlet_posterior(**kwargs)


def test_methods_reject_bad_input():
    posterior = dirichlet_posterior([1, 2])
    with pytest.raises(ValueError, match="level"):
        posterior.credible_interval(1.5)
    with pytest.raises(ValueError, match="stated"):
        posterior.prob_below([0.5, 1.5])
    with pytest.raises(ValueError, match="values"):
        posterior.expected_value([1.0, np.nan])
    with pytest.raises(ValueError, match="values"):
        posterior.expected_value([1.0])
    with pytest.raises(ValueError, match="n_draws"):
        posterior.expected_value([1.0, 2.0], n_draws=10)
    with pytest.raises(ValueError, match="labels"):
        posterior.to_frame(labels=["a"])


counts_strategy = st.lists(st.integers(0, 500), min_size=2, max_size=8)


@settings(max_examples=100, deadline=None)
@given(counts_strategy, st.sampled_from([0.5, 1.0, 2.0]), st.floats(0.5, 0.99))
def test_credible_intervals_contain_posterior_mean(counts, prior, level):
    # holds for Beta(a, b) with a, b >= 1/2; far smaller priors can push the mean of a very
    # skewed Beta outside its equal-tailed interval
    posterior = dirichlet_posterior(counts, prior)
    low, high = posterior.credible_interval(level)
    mean = posterior.mean()
    assert np.all((0.0 <= low) & (low <= mean) & (mean <= high) & (high <= 1.0))


@settings(max_examples=100, deadline=None)
@given(counts_strategy, st.floats(0, 1))
def test_prob_below_is_a_probability_and_monotone(counts, stated):
    posterior = dirichlet_posterior(counts)
    below = posterior.prob_below(stated)
    assert np.all((0.0 <= below) & (below <= 1.0))
    assert np.all(posterior.prob_below(min(1.0, stated + 0.1)) >= below - 1e-12)


@settings(max_examples=30, deadline=None)
@given(counts_strategy, st.lists(st.floats(-100, 100), min_size=8, max_size=8))
def test_expected_value_interval_contains_exact_mean_for_moderate_data(counts, values):
    prize = np.asarray(values[: len(counts)])
    posterior = dirichlet_posterior(counts, prior=1.0)
    result = posterior.expected_value(prize, n_draws=2_000)
    scale = max(1.0, float(np.ptp(prize)))
    assert result.low - 1e-9 * scale <= result.mean <= result.high + 1e-9 * scale
