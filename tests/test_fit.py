"""Properties, edge cases and input checks of fairness.stats.fit.goodness_of_fit.

Published reference values are in tests/reference/test_fit_reference.py.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from fairness.stats import fit
from fairness.stats.fit import FitResult, goodness_of_fit

ASYMPTOTIC = ("pearson", "g")
ALL_METHODS = ("pearson", "g", "exact", "monte_carlo")


# ---------------------------------------------------------------------------------------------
# brute-force exact test (a cross-check of the vectorised enumeration, not a reference)


def brute_force_exact(observed, stated, ordering):
    """Sum P(t) over all tables t with the same total that are at least as extreme."""
    n, k = sum(observed), len(observed)
    expected = [n * p for p in stated]

    def log_prob(table):
        return math.lgamma(n + 1) + sum(
            x * math.log(p) - math.lgamma(x + 1) for x, p in zip(table, stated, strict=True)
        )

    def statistic(table):
        if ordering == "pearson":
            return sum((x - e) ** 2 / e for x, e in zip(table, expected, strict=True))
        return 2 * sum(x * math.log(x / e) for x, e in zip(table, expected, strict=True) if x > 0)

    tables = [
        (*head, n - sum(head))
        for head in itertools.product(range(n + 1), repeat=k - 1)
        if sum(head) <= n
    ]
    if ordering == "probability":
        limit = log_prob(observed) + math.log1p(1e-7)
        extreme = [t for t in tables if log_prob(t) <= limit]
    else:
        limit = statistic(observed) * (1 - 1e-7)
        extreme = [t for t in tables if statistic(t) >= limit]
    return sum(math.exp(log_prob(t)) for t in extreme), len(tables)


SMALL_CASES = [
    ([3, 0, 1, 2], [0.1, 0.2, 0.3, 0.4]),
    ([5, 2, 1], [0.25, 0.5, 0.25]),
    ([7, 1, 1, 1], [0.25, 0.25, 0.25, 0.25]),
    ([0, 9], [0.3, 0.7]),
    ([2, 2, 2, 2, 1], [0.05, 0.15, 0.2, 0.25, 0.35]),
]


@pytest.mark.parametrize("ordering", fit.ORDERINGS)
@pytest.mark.parametrize(("observed", "stated"), SMALL_CASES)
def test_exact_matches_brute_force_enumeration(observed, stated, ordering):
    expected_p, expected_tables = brute_force_exact(observed, stated, ordering)
    result = goodness_of_fit(observed, stated, "exact", ordering=ordering)
    assert result.pvalue == pytest.approx(expected_p, rel=1e-10, abs=1e-15)
    assert (
        result.n_tables
        == expected_tables
        == math.comb(sum(observed) + len(observed) - 1, len(observed) - 1)
    )
    assert result.method == "exact"


@pytest.mark.parametrize("successes", [0, 3, 7, 12, 20])
def test_exact_two_outcomes_is_the_binomial_test(successes):
    # With two outcomes the exact multinomial test (probability ordering) is the two-sided
    # binomial test; scipy.stats.binomtest uses the same 1 + 1e-7 relative slack.
    result = goodness_of_fit([successes, 20 - successes], [0.3, 0.7], "exact")
    assert result.pvalue == pytest.approx(stats.binomtest(successes, 20, 0.3).pvalue, rel=1e-10)


@pytest.mark.parametrize("ordering", fit.ORDERINGS)
def test_exact_chunking_does_not_change_the_answer(monkeypatch, ordering):
    # A tiny chunk forces every branch of the enumeration (group splits, halving, one partial
    # table filled a block of values at a time).
    observed, stated = [5, 2, 1, 0, 3], [0.1, 0.2, 0.3, 0.15, 0.25]
    whole = goodness_of_fit(observed, stated, "exact", ordering=ordering)
    for chunk in (1, 7, 60):
        monkeypatch.setattr(fit, "_ENUMERATION_CHUNK", chunk)
        part = goodness_of_fit(observed, stated, "exact", ordering=ordering)
        assert part.n_tables == whole.n_tables == 1365
        assert part.pvalue == pytest.approx(whole.pvalue, rel=1e-12)


@pytest.mark.parametrize("ordering", fit.ORDERINGS)
def test_exact_sparse_tables_with_many_outcomes(ordering):
    # k = 1000 equally likely outcomes, n = 2, both spins on the same outcome. Tables are
    # "same outcome twice" (P = 1/k^2 each, k of them) or "two different" (P = 2/k^2); the
    # first are the more extreme by X² and G, and exactly as likely as the observed table,
    # so p = k * (1/k^2) = 1/k for every ordering.
    k = 1000
    observed = np.zeros(k, dtype=int)
    observed[17] = 2
    result = goodness_of_fit(observed, np.full(k, 1 / k), "exact", ordering=ordering)
    assert result.n_tables == math.comb(k + 1, 2)
    assert result.pvalue == pytest.approx(1 / k, rel=1e-9)


def test_exact_too_many_tables_raises_naming_max_tables():
    with pytest.raises(ValueError, match="496 tables.*max_tables=100"):
        goodness_of_fit([10, 10, 10], [1 / 3] * 3, "exact", max_tables=100)
    # an astronomically large count is estimated, not computed as an exact integer
    with pytest.raises(ValueError, match=r"about 10\^"):
        goodness_of_fit([1] * 10_000, [1e-4] * 10_000, "exact")


# ---------------------------------------------------------------------------------------------
# Monte Carlo


@pytest.mark.parametrize("ordering", fit.ORDERINGS)
def test_monte_carlo_agrees_with_exact(ordering):
    observed, stated = [5, 2, 1, 0, 3], [0.1, 0.2, 0.3, 0.15, 0.25]
    exact = goodness_of_fit(observed, stated, "exact", ordering=ordering).pvalue
    simulations = 200_000
    mc = goodness_of_fit(
        observed, stated, "monte_carlo", ordering=ordering, n_simulations=simulations, seed=1
    )
    # The MC p-value is a binomial proportion around the exact one: allow 5 standard errors
    # (plus the 1/(B+1) bias of the (1 + r)/(B + 1) estimator).
    standard_error = math.sqrt(exact * (1 - exact) / simulations)
    assert abs(mc.pvalue - exact) <= 5 * standard_error + 1 / (simulations + 1)
    assert mc.n_simulations == simulations
    assert mc.method == "monte_carlo"
    assert mc.statistic_name == fit._STATISTIC_NAMES[ordering]


def test_monte_carlo_same_seed_same_pvalue():
    observed, stated = [12, 3, 9, 1], [0.4, 0.1, 0.4, 0.1]
    first = goodness_of_fit(observed, stated, "monte_carlo", n_simulations=5_000, seed=42)
    second = goodness_of_fit(observed, stated, "monte_carlo", n_simulations=5_000, seed=42)
    other = goodness_of_fit(observed, stated, "monte_carlo", n_simulations=5_000, seed=7)
    assert first.pvalue == second.pvalue
    assert first.pvalue != other.pvalue  # fixed seeds: deterministic, not flaky


def test_monte_carlo_chunking_does_not_change_the_answer(monkeypatch):
    observed, stated = [12, 3, 9, 1], [0.4, 0.1, 0.4, 0.1]
    whole = goodness_of_fit(observed, stated, "monte_carlo", n_simulations=3_001, seed=5)
    monkeypatch.setattr(fit, "_CHUNK_ELEMENTS", 4 * 250)  # 250 tables per chunk
    chunked = goodness_of_fit(observed, stated, "monte_carlo", n_simulations=3_001, seed=5)
    assert chunked.pvalue == whole.pvalue


def test_monte_carlo_pvalue_formula_bounds():
    # (1 + r) / (B + 1): never below 1 / (B + 1), and exactly 1 when the observed table is the
    # least extreme one possible.
    far = goodness_of_fit([40, 0, 0], [1 / 3] * 3, "monte_carlo", n_simulations=999)
    assert far.pvalue == pytest.approx(1 / 1000)
    centre = goodness_of_fit([10, 10, 10], [1 / 3] * 3, "monte_carlo", n_simulations=999)
    assert centre.statistic == 0.0
    assert centre.pvalue == 1.0


# ---------------------------------------------------------------------------------------------
# G test and Williams' correction


def test_williams_correction_divides_g_by_q():
    # Cross-check of the formula q = 1 + (k + 1) / (6 n) (Sokal & Rohlf 1995, as coded in
    # DescTools::GTest); no published corrected value was found (see /work/notes/refs.md §3).
    observed, stated = np.array([772, 1611, 737]), np.array([0.25, 0.5, 0.25])
    plain = goodness_of_fit(observed, stated, "g")
    corrected = goodness_of_fit(observed, stated, "g", williams=True)
    q = 1 + (3 + 1) / (6 * observed.sum())
    assert corrected.statistic == pytest.approx(plain.statistic / q, rel=1e-12)
    assert corrected.pvalue == pytest.approx(stats.chi2.sf(plain.statistic / q, 2), rel=1e-12)
    assert corrected.statistic_name == "G (Williams)"
    assert plain.statistic_name == "G"
    assert corrected.pvalue > plain.pvalue


# ---------------------------------------------------------------------------------------------
# method "auto"


def test_auto_uses_pearson_when_all_expected_at_least_5():
    result = goodness_of_fit([20, 15, 25], [1 / 3] * 3)
    assert result.method == "pearson"
    assert result.statistic_name == "X2"


def test_auto_uses_exact_when_expected_small():
    result = goodness_of_fit([5, 2, 1], [0.25, 0.5, 0.25])
    assert result.method == "exact"
    assert result.n_tables == 45
    assert result.statistic_name == "log P(table)"


def test_auto_falls_back_to_monte_carlo_beyond_max_tables():
    result = goodness_of_fit([5, 2, 1], [0.25, 0.5, 0.25], max_tables=44, n_simulations=2_000)
    assert result.method == "monte_carlo"
    assert result.n_simulations == 2_000
    assert result.n_tables is None


def test_auto_passes_ordering_to_the_exact_test():
    result = goodness_of_fit([5, 2, 1], [0.25, 0.5, 0.25], ordering="pearson")
    assert result.method == "exact"
    assert result.statistic_name == "X2"


# ---------------------------------------------------------------------------------------------
# degenerate inputs


@pytest.mark.parametrize("method", ALL_METHODS)
def test_no_observations_gives_pvalue_one(method):
    result = goodness_of_fit([0, 0, 0], [0.2, 0.3, 0.5], method)
    assert result.n == 0
    assert result.statistic == 0.0
    assert result.pvalue == 1.0
    assert result.effect_size == 0.0
    assert result.df == 2


@pytest.mark.parametrize("method", ALL_METHODS)
def test_single_outcome_gives_pvalue_one(method):
    result = goodness_of_fit([17], [1.0], method)
    assert (result.statistic, result.pvalue, result.df) == (0.0, 1.0, 0)


@pytest.mark.parametrize("method", ALL_METHODS)
def test_unobserved_outcomes_with_stated_zero_are_dropped(method):
    kwargs = {"n_simulations": 2_000, "seed": 3} if method == "monte_carlo" else {}
    full = goodness_of_fit([4, 0, 6, 0], [0.3, 0.0, 0.7, 0.0], method, **kwargs)
    short = goodness_of_fit([4, 6], [0.3, 0.7], method, **kwargs)
    assert full.df == short.df == 1
    assert full.statistic == pytest.approx(short.statistic, rel=1e-12)
    assert full.pvalue == pytest.approx(short.pvalue, rel=1e-12)
    assert full.observed.tolist() == [4, 0, 6, 0]  # inputs are repeated in full
    assert full.expected.tolist() == pytest.approx([3.0, 0.0, 7.0, 0.0])


@pytest.mark.parametrize("method", ALL_METHODS)
def test_observed_outcome_with_stated_zero_is_impossible(method):
    # max_tables=1: no enumeration is needed to know the answer
    result = goodness_of_fit([4, 1, 6], [0.3, 0.0, 0.7], method, max_tables=1)
    assert result.pvalue == 0.0
    assert math.isinf(result.statistic)
    assert math.isinf(result.effect_size)
    assert result.df == 2


def test_stated_is_renormalised_within_tolerance():
    exact_sum = goodness_of_fit([20, 15, 25], [0.2, 0.3, 0.5], "pearson")
    rounded = goodness_of_fit([20, 15, 25], [0.2, 0.3, 0.5 + 5e-7], "pearson")
    assert rounded.pvalue == pytest.approx(exact_sum.pvalue, rel=1e-5)
    assert rounded.expected.sum() == pytest.approx(60, rel=1e-15)


# ---------------------------------------------------------------------------------------------
# input checks


@pytest.mark.parametrize(
    "observed",
    [[1, -1, 3], [1.5, 2, 3], [np.nan, 1, 2], [np.inf, 1, 2], ["a", "b", "c"], [], [[1, 2, 3]]],
)
def test_bad_observed_raises_naming_it(observed):
    with pytest.raises(ValueError, match="observed"):
        goodness_of_fit(observed, [0.2, 0.3, 0.5])


def test_integral_floats_are_accepted_as_counts():
    result = goodness_of_fit(np.array([20.0, 15.0, 25.0]), [1 / 3] * 3, "pearson")
    assert result.observed.dtype.kind == "i"
    assert result.statistic == pytest.approx(2.5)


@pytest.mark.parametrize(
    "stated", [[0.5, 0.5], [0.6, -0.1, 0.5], [0.2, 0.3, 0.4], [0.5, 0.5, 0.5], [0.5, np.nan, 0.5]]
)
def test_bad_stated_raises_naming_it(stated):
    with pytest.raises(ValueError, match="stated"):
        goodness_of_fit([1, 2, 3], stated)


def test_unknown_method_lists_the_methods():
    with pytest.raises(ValueError, match=r"'pearson'.*'g'.*'exact'.*'monte_carlo'"):
        goodness_of_fit([1, 2, 3], [0.2, 0.3, 0.5], "fisher")


def test_unknown_ordering_raises():
    with pytest.raises(ValueError, match="ordering"):
        goodness_of_fit([1, 2, 3], [0.2, 0.3, 0.5], "exact", ordering="likelihood")


@pytest.mark.parametrize("method", ASYMPTOTIC)
def test_ordering_with_asymptotic_method_raises(method):
    with pytest.raises(ValueError, match="ordering"):
        goodness_of_fit([1, 2, 3], [0.2, 0.3, 0.5], method, ordering="g")


@pytest.mark.parametrize(("name", "value"), [("n_simulations", 0), ("max_tables", -1)])
def test_non_positive_sizes_raise(name, value):
    with pytest.raises(ValueError, match=name):
        goodness_of_fit([1, 2, 3], [0.2, 0.3, 0.5], "monte_carlo", **{name: value})


# ---------------------------------------------------------------------------------------------
# result object


def test_to_frame_is_one_tidy_row():
    result = goodness_of_fit([5, 2, 1], [0.25, 0.5, 0.25], "exact")
    frame = result.to_frame()
    assert list(frame.columns) == [
        "method",
        "statistic_name",
        "statistic",
        "df",
        "pvalue",
        "n",
        "effect_size",
        "n_simulations",
        "n_tables",
    ]
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["method"] == "exact"
    assert row["n_tables"] == 45
    assert pd.isna(row["n_simulations"])
    assert row["pvalue"] == result.pvalue


def test_result_is_frozen():
    result = goodness_of_fit([20, 15, 25], [1 / 3] * 3, "pearson")
    assert isinstance(result, FitResult)
    with pytest.raises(AttributeError):
        result.pvalue = 0.5  # type: ignore[misc]
    with pytest.raises(ValueError):
        result.observed[0] = 3


@pytest.mark.parametrize("method", ALL_METHODS)
def test_effect_size_is_cohens_w_whatever_the_method(method):
    observed, stated = np.array([9, 5, 5, 5]), np.full(4, 0.25)
    x2 = stats.chisquare(observed, observed.sum() * stated).statistic
    result = goodness_of_fit(observed, stated, method, n_simulations=1_000)
    assert result.effect_size == pytest.approx(math.sqrt(x2 / observed.sum()), rel=1e-12)


# ---------------------------------------------------------------------------------------------
# properties (hypothesis)


@st.composite
def tables(draw, max_cells=5, max_total=25):
    """Small observed tables with stated chances bounded away from 0."""
    cells = draw(st.integers(2, max_cells))
    observed = draw(st.lists(st.integers(0, max_total // cells), min_size=cells, max_size=cells))
    weights = draw(st.lists(st.integers(1, 20), min_size=cells, max_size=cells))
    stated = np.array(weights, dtype=float) / sum(weights)
    return np.array(observed), stated


@settings(max_examples=60, deadline=None)
@given(tables(), st.sampled_from(ALL_METHODS))
def test_pvalue_is_a_probability(table, method):
    observed, stated = table
    result = goodness_of_fit(observed, stated, method, n_simulations=500)
    assert 0.0 <= result.pvalue <= 1.0
    assert result.effect_size >= 0.0


@settings(max_examples=40, deadline=None)
@given(tables(), st.sampled_from(fit.ORDERINGS))
def test_exact_pvalue_is_positive(table, ordering):
    # The observed table itself always counts, so p >= P(observed) > 0.
    observed, stated = table
    result = goodness_of_fit(observed, stated, "exact", ordering=ordering)
    assert 0.0 < result.pvalue <= 1.0 + 1e-12


@settings(max_examples=40, deadline=None)
@given(tables(), st.sampled_from(("pearson", "g", "exact")), st.randoms(use_true_random=False))
def test_order_of_outcomes_does_not_matter(table, method, random):
    observed, stated = table
    order = list(range(len(observed)))
    random.shuffle(order)
    before = goodness_of_fit(observed, stated, method)
    after = goodness_of_fit(observed[order], stated[order], method)
    assert after.statistic == pytest.approx(before.statistic, rel=1e-9, abs=1e-12)
    assert after.pvalue == pytest.approx(before.pvalue, rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(1, 6), min_size=2, max_size=5),
    st.integers(1, 4),
    st.sampled_from(("pearson", "g", "exact", "monte_carlo")),
)
def test_observed_equal_to_expected_gives_no_evidence(weights, multiple, method):
    stated = np.array(weights, dtype=float) / sum(weights)
    observed = np.array(weights) * multiple
    result = goodness_of_fit(
        observed,
        stated,
        method,
        ordering="pearson" if method == "exact" else None,
        n_simulations=200,
    )
    assert result.statistic == pytest.approx(0.0, abs=1e-9)
    assert result.pvalue == pytest.approx(1.0, abs=1e-9)
    assert result.effect_size == pytest.approx(0.0, abs=1e-6)
    if method == "exact":
        # The expected table is a mode of the multinomial, so every table counts.
        by_probability = goodness_of_fit(observed, stated, "exact", ordering="probability")
        assert by_probability.pvalue == pytest.approx(1.0, abs=1e-9)
