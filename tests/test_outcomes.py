"""Unit and property tests for fairness.stats.outcomes (reference values: tests/reference)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import multinomial_proportions_confint

from fairness.stats import (
    BinomialResult,
    Interval,
    OutcomeTable,
    ZeroHits,
    adjust_pvalues,
    binomial_test,
    interval_pvalue,
    outcome_table,
    simultaneous_intervals,
    zero_hits,
)

METHODS = ("clopper-pearson", "wilson", "jeffreys")


# ------------------------------------------------------------------------------ binomial_test


def test_binomial_test_returns_scipy_pvalue_and_rate():
    result = binomial_test(31, 3000, 0.05)
    assert isinstance(result, BinomialResult)
    assert result.statistic == pytest.approx(31 / 3000)
    assert result.pvalue == pytest.approx(stats.binomtest(31, 3000, 0.05).pvalue, rel=1e-12)
    frame = result.to_frame()
    assert list(frame.columns) == ["k", "n", "stated", "alternative", "statistic", "pvalue"]


@pytest.mark.parametrize("alternative", ["less", "greater"])
@pytest.mark.parametrize("method", ["clopper-pearson", "wilson"])
def test_one_sided_interval_matches_scipy(alternative, method):
    # scipy's binomtest.proportion_ci follows the alternative the same way
    scipy_method = {"clopper-pearson": "exact", "wilson": "wilson"}[method]
    expected = stats.binomtest(7, 40, 0.3, alternative=alternative).proportion_ci(0.9, scipy_method)
    got = binomial_test(7, 40, 0.3, alternative).confidence_interval(0.9, method)
    assert got.low == pytest.approx(expected.low, abs=1e-12)
    assert got.high == pytest.approx(expected.high, abs=1e-12)


def test_jeffreys_boundaries_follow_brown_cai_dasgupta():
    # BCD (2001) section 4.1.2: lower end 0 at k = 0, upper end 1 at k = n; else beta quantiles
    at_zero = binomial_test(0, 30, 0.1).confidence_interval(0.95, "jeffreys")
    assert at_zero.low == 0.0
    assert at_zero.high == pytest.approx(stats.beta.ppf(0.975, 0.5, 30.5), rel=1e-12)
    at_n = binomial_test(30, 30, 0.1).confidence_interval(0.95, "jeffreys")
    assert at_n.high == 1.0
    assert at_n.low == pytest.approx(stats.beta.ppf(0.025, 30.5, 0.5), rel=1e-12)


def test_no_spins_gives_no_evidence():
    result = binomial_test(0, 0, 0.3)
    assert result.pvalue == 1.0
    assert math.isnan(result.statistic)
    for method in METHODS:
        assert result.confidence_interval(method=method) == Interval(0.0, 1.0, 0.95, method)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((5, 4, 0.5), ValueError),
        ((-1, 4, 0.5), ValueError),
        ((1.5, 4, 0.5), ValueError),
        (("1", 4, 0.5), TypeError),
        ((True, 4, 0.5), TypeError),
        ((1, 4, 1.5), ValueError),
        ((1, 4, math.nan), ValueError),
    ],
)
def test_binomial_test_rejects_bad_input(args, error):
    with pytest.raises(error):
        binomial_test(*args)


def test_binomial_test_rejects_bad_options():
    with pytest.raises(ValueError, match="alternative"):
        binomial_test(1, 4, 0.5, "both")
    result = binomial_test(1, 4, 0.5)
    with pytest.raises(ValueError, match="method"):
        result.confidence_interval(method="wald")
    with pytest.raises(ValueError, match="level"):
        result.confidence_interval(level=1.0)
    with pytest.raises(ValueError, match="one-sided"):
        binomial_test(1, 4, 0.5, "less").confidence_interval(level=0.3)


def test_integral_floats_are_accepted_as_counts():
    assert binomial_test(3.0, 10.0, 0.5).pvalue == binomial_test(3, 10, 0.5).pvalue


# ------------------------------------------------------------------------------ interval_pvalue


def test_interval_pvalue_point_null_is_doubled_one_sided_test():
    k, n, p = 3, 40, 0.2
    lower_tail = stats.binom.cdf(k, n, p)
    upper_tail = stats.binom.sf(k - 1, n, p)
    assert interval_pvalue(k, n, p, p) == pytest.approx(2 * min(lower_tail, upper_tail))


def test_interval_pvalue_uses_the_nearer_end_of_the_interval():
    # 3 of 100 against "4.5% to 5.5%": only the lower end matters
    expected = 2 * stats.binom.cdf(3, 100, 0.045)
    assert interval_pvalue(3, 100, 0.045, 0.055) == pytest.approx(expected)
    # and a wider allowed interval can only weaken the evidence
    assert interval_pvalue(3, 100, 0.045, 0.055) >= interval_pvalue(3, 100, 0.05, 0.05)


def test_interval_pvalue_one_sided_claims():
    # "at least 30%" = [0.30, 1]: many hits are never evidence against it
    assert interval_pvalue(100, 100, 0.3, 1.0) == 1.0
    assert interval_pvalue(10, 100, 0.3, 1.0) == pytest.approx(2 * stats.binom.cdf(10, 100, 0.3))
    # "at most 1%" = [0, 0.01]: zero hits are never evidence against it
    assert interval_pvalue(0, 500, 0.0, 0.01) == 1.0
    assert interval_pvalue(12, 500, 0.0, 0.01) == pytest.approx(2 * stats.binom.sf(11, 500, 0.01))


def test_interval_pvalue_edge_cases():
    assert interval_pvalue(0, 0, 0.2, 0.3) == 1.0
    assert interval_pvalue(0, 50, 0.0, 0.0) == 1.0  # stated 0, never seen
    assert interval_pvalue(1, 50, 0.0, 0.0) == 0.0  # stated 0, seen once: impossible
    assert interval_pvalue(50, 50, 1.0, 1.0) == 1.0
    assert interval_pvalue(49, 50, 1.0, 1.0) == 0.0
    assert interval_pvalue(7, 20, 0.0, 1.0) == 1.0  # everything allowed
    with pytest.raises(ValueError, match="lower"):
        interval_pvalue(1, 10, 0.3, 0.2)
    with pytest.raises(ValueError, match="k must not exceed n"):
        interval_pvalue(11, 10, 0.1, 0.2)


# ------------------------------------------------------------------------------ adjust_pvalues


def test_adjust_pvalues_by_hand():
    # Holm: sorted 0.01, 0.03, 0.04 times 3, 2, 1 with running maximum -> 0.03, 0.06, 0.06
    pvalues = [0.04, 0.01, 0.03]
    np.testing.assert_allclose(adjust_pvalues(pvalues, "holm"), [0.06, 0.03, 0.06])
    # BH: p * m / rank with running minimum from the top -> 0.04, 0.03, 0.04
    np.testing.assert_allclose(adjust_pvalues(pvalues, "fdr_bh"), [0.04, 0.03, 0.04])


def test_adjust_pvalues_holm_equals_statsmodels():
    from statsmodels.stats.multitest import multipletests

    pvalues = np.random.default_rng(7).random(25) ** 3
    pvalues[[3, 9]] = pvalues[5]  # ties
    np.testing.assert_allclose(
        adjust_pvalues(pvalues, "holm"), multipletests(pvalues, method="holm")[1], atol=1e-15
    )


def test_subnormal_chance_does_not_crash():
    # scipy's binomtest overflows here; the fallback applies the same two-sided rule
    assert binomial_test(0, 4, 5e-324).pvalue == 1.0
    assert binomial_test(3, 4, 5e-324).pvalue == 0.0


def test_adjust_pvalues_keeps_nan_out_of_the_family():
    adjusted = adjust_pvalues([0.01, math.nan, 0.04, 0.03], "holm")
    assert math.isnan(adjusted[1])
    np.testing.assert_allclose(adjusted[[0, 2, 3]], [0.03, 0.06, 0.06])
    assert np.isnan(adjust_pvalues([math.nan, math.nan])).all()
    assert adjust_pvalues([]).shape == (0,)


def test_adjust_pvalues_rejects_bad_input():
    with pytest.raises(ValueError, match="method"):
        adjust_pvalues([0.1], "bonferroni")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        adjust_pvalues([0.1, 1.2])
    with pytest.raises(ValueError, match="1-D"):
        adjust_pvalues([[0.1, 0.2]])


# ------------------------------------------------------------------------------ zero_hits


def test_zero_hits_formulas():
    result = zero_hits(300, 0.01)
    assert isinstance(result, ZeroHits)
    assert result.chance_of_none == pytest.approx(0.99**300, rel=1e-12)
    assert result.upper_bound == pytest.approx(1 - 0.05 ** (1 / 300), rel=1e-12)
    assert result.rule_of_three == pytest.approx(0.01)
    # the exact bound is the one-sided Clopper-Pearson bound: Beta(1, n) quantile at level
    assert result.upper_bound == pytest.approx(stats.beta.ppf(0.95, 1, 300), rel=1e-10)
    assert len(result.to_frame()) == 1


def test_zero_hits_rule_of_three_approximates_exact_bound():
    # -ln(0.05) = 2.996, so 3/n is within about 1% of the exact 95% bound for large n
    result = zero_hits(10_000, 1e-4)
    assert result.rule_of_three == pytest.approx(result.upper_bound, rel=0.01)


def test_zero_hits_edge_cases():
    assert zero_hits(0, 0.5) == ZeroHits(0, 0.5, 1.0, 1.0, 1.0, 0.95)
    assert zero_hits(1, 0.5).rule_of_three == 1.0  # capped: it bounds a probability
    assert zero_hits(10, 1.0).chance_of_none == 0.0
    assert zero_hits(10, 0.0).chance_of_none == 1.0
    with pytest.raises(ValueError, match="level"):
        zero_hits(10, 0.1, level=0)


# ------------------------------------------------------------------------------ simultaneous


def test_sison_glaz_matches_statsmodels():
    # statsmodels scans c = 0, 1, 2, ...; keep n small so the reference stays quick
    rng = np.random.default_rng(20260101)
    for _ in range(12):
        size = int(rng.integers(3, 10))
        counts = rng.multinomial(int(rng.integers(20, 150)), rng.dirichlet(np.ones(size)))
        if np.count_nonzero(counts) < 3:
            continue
        low, high = simultaneous_intervals(counts, 0.95, "sison-glaz")
        table = outcome_table(counts, np.full(size, 1 / size))
        if table.sim_method != "sison-glaz":
            continue
        expected = multinomial_proportions_confint(counts, 0.05, method="sison-glaz")
        np.testing.assert_allclose(low, expected[:, 0], atol=1e-9)
        np.testing.assert_allclose(high, expected[:, 1], atol=1e-9)


def test_sison_glaz_is_fast_at_a_million_spins_and_sane():
    counts = np.array([500_000, 300_000, 150_000, 40_000, 9_000, 900, 100])
    low, high = simultaneous_intervals(counts)
    rate = counts / counts.sum()
    assert np.all(low <= rate) and np.all(rate <= high)
    assert np.all(high - low < 0.01)  # the common width is about 2 * 2.6 * sqrt(p q / n)


def test_goodman_matches_statsmodels():
    counts = np.array([30, 12, 7, 51])
    low, high = simultaneous_intervals(counts, 0.9, "goodman")
    expected = multinomial_proportions_confint(counts, 0.1, method="goodman")
    np.testing.assert_allclose(low, expected[:, 0], atol=1e-12)
    np.testing.assert_allclose(high, expected[:, 1], atol=1e-12)


@pytest.mark.parametrize(
    "counts",
    [[3, 0], [5], [0, 0, 5], [1, 0, 0], [0, 0, 0, 1000], [1_000_000, 1, 0], [500, 3, 0, 0, 1]],
)
def test_sison_glaz_falls_back_to_goodman_where_it_breaks_down(counts):
    low, high = simultaneous_intervals(counts, 0.95, "sison-glaz")
    expected = multinomial_proportions_confint(counts, 0.05, method="goodman")
    rate = np.asarray(counts) / sum(counts)
    np.testing.assert_allclose(low, np.clip(np.minimum(expected[:, 0], rate), 0, 1), atol=1e-12)
    np.testing.assert_allclose(high, np.clip(np.maximum(expected[:, 1], rate), 0, 1), atol=1e-12)
    table = outcome_table(counts, np.full(len(counts), 1 / len(counts)))
    assert table.sim_method == "goodman"


def test_simultaneous_with_no_spins_is_uninformative():
    low, high = simultaneous_intervals([0, 0, 0])
    np.testing.assert_array_equal(low, 0.0)
    np.testing.assert_array_equal(high, 1.0)


def test_simultaneous_rejects_bad_input():
    with pytest.raises(ValueError, match="method"):
        simultaneous_intervals([1, 2, 3], method="bonferroni")
    with pytest.raises(ValueError, match="observed"):
        simultaneous_intervals([1, -2, 3])
    with pytest.raises(ValueError, match="observed"):
        simultaneous_intervals([1, 2.5, 3])
    with pytest.raises(TypeError, match="observed"):
        simultaneous_intervals(["a", "b"])


# ------------------------------------------------------------------------------ outcome_table

COLUMNS = [
    "label",
    "stated",
    "lower",
    "upper",
    "observed",
    "n",
    "rate",
    "ratio",
    "ci_low",
    "ci_high",
    "sim_low",
    "sim_high",
    "pvalue",
    "p_holm",
    "p_bh",
]


def test_outcome_table_columns_and_values():
    table = outcome_table(
        [2700, 269, 31], [0.9, 0.05, 0.05], labels=["1%", "5%", "10%"], level=0.95
    )
    assert isinstance(table, OutcomeTable)
    frame = table.to_frame()
    assert list(frame.columns) == COLUMNS
    assert list(frame["label"]) == ["1%", "5%", "10%"]
    assert (frame["n"] == 3000).all()
    row = frame.iloc[2]
    assert row["rate"] == pytest.approx(31 / 3000)
    assert row["ratio"] == pytest.approx(31 / 3000 / 0.05)
    ci = binomial_test(31, 3000, 0.05).confidence_interval(0.95)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((ci.low, ci.high))
    assert row["pvalue"] == pytest.approx(interval_pvalue(31, 3000, 0.05, 0.05))
    np.testing.assert_allclose(frame["p_holm"], adjust_pvalues(frame["pvalue"], "holm"))
    np.testing.assert_allclose(frame["p_bh"], adjust_pvalues(frame["pvalue"], "fdr_bh"))
    assert row["p_holm"] < 1e-10  # 31 of 3000 against 5% is overwhelming


def test_outcome_table_uses_allowed_intervals():
    # "10%" written as a round figure: allowed 9.5%..10.5%; 95 of 1000 is inside
    table = outcome_table([905, 95], [0.9, 0.1], lower=[0.895, 0.095], upper=[0.905, 0.105])
    assert table.pvalue[1] == 1.0


def test_outcome_table_stated_zero():
    table = outcome_table([100, 0, 3], [0.9, 0.1, 0.0])
    assert math.isnan(table.ratio[2])
    assert table.pvalue[2] == 0.0  # an outcome the rules do not allow was seen


def test_outcome_table_no_spins():
    table = outcome_table([0, 0], [0.5, 0.5])
    assert np.isnan(table.rate).all()
    np.testing.assert_array_equal(table.pvalue, 1.0)
    np.testing.assert_array_equal(table.ci_low, 0.0)
    np.testing.assert_array_equal(table.ci_high, 1.0)


def test_outcome_table_is_frozen():
    table = outcome_table([5, 5], [0.5, 0.5])
    with pytest.raises(ValueError):
        table.pvalue[0] = 0.0
    with pytest.raises(AttributeError):
        table.n = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"stated": [0.5]}, "stated"),
        ({"stated": [0.5, 1.5]}, "stated"),
        ({"stated": [0.5, 0.5], "lower": [0.6, 0.5]}, "lower"),
        ({"stated": [0.5, 0.5], "labels": ["a"]}, "labels"),
        ({"stated": [0.5, 0.5], "level": 2}, "level"),
    ],
)
def test_outcome_table_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        outcome_table([3, 4], **kwargs)


# ------------------------------------------------------------------------------ properties

counts_strategy = st.lists(st.integers(0, 400), min_size=1, max_size=8)


@st.composite
def binomial_cases(draw):
    n = draw(st.integers(0, 2000))
    k = draw(st.integers(0, n))
    lower = draw(st.floats(0, 1))
    upper = draw(st.floats(lower, 1))
    return k, n, lower, upper


@settings(max_examples=150, deadline=None)
@given(binomial_cases())
def test_interval_pvalue_is_a_probability(case):
    k, n, lower, upper = case
    assert 0.0 <= interval_pvalue(k, n, lower, upper) <= 1.0


@settings(max_examples=150, deadline=None)
@given(binomial_cases(), st.sampled_from(["two-sided", "less", "greater"]))
def test_binomial_pvalue_is_a_probability(case, alternative):
    k, n, p, _ = case
    assert 0.0 <= binomial_test(k, n, p, alternative).pvalue <= 1.0


@settings(max_examples=150, deadline=None)
@given(
    binomial_cases(),
    st.sampled_from(METHODS),
    st.floats(0.5, 0.999),
    st.sampled_from(["two-sided", "less", "greater"]),
)
def test_intervals_contain_the_rate_and_lie_in_unit_interval(case, method, level, alternative):
    k, n, p, _ = case
    ci = binomial_test(k, n, p, alternative).confidence_interval(level, method)
    assert 0.0 <= ci.low <= ci.high <= 1.0
    if n > 0:
        assert ci.low <= k / n <= ci.high


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 3000), st.integers(0, 3000))
def test_observed_equal_to_integer_expectation_gives_pvalue_one(n, expected):
    # median = mean for a binomial with integer mean, so both tails are at least 1/2
    expected = expected % (n + 1)
    assert interval_pvalue(expected, n, expected / n, expected / n) == 1.0


@settings(max_examples=40, deadline=None)
@given(counts_strategy, st.randoms(use_true_random=False), st.floats(0.5, 0.99))
def test_outcome_table_invariant_to_outcome_order(counts, rng, level):
    size = len(counts)
    weights = np.arange(1, size + 1, dtype=float)
    stated = weights / weights.sum()
    labels = [f"o{i}" for i in range(size)]
    order = list(range(size))
    rng.shuffle(order)
    first = outcome_table(counts, stated, labels=labels, level=level).to_frame()
    second = outcome_table(
        [counts[i] for i in order], stated[order], labels=[labels[i] for i in order], level=level
    ).to_frame()
    second = second.set_index("label").loc[labels].reset_index()
    numeric = [c for c in COLUMNS if c != "label"]
    np.testing.assert_allclose(
        first[numeric].to_numpy(float), second[numeric].to_numpy(float), rtol=1e-9, atol=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(counts_strategy, st.floats(0.5, 0.99), st.sampled_from(["sison-glaz", "goodman"]))
def test_simultaneous_intervals_contain_rate(counts, level, method):
    low, high = simultaneous_intervals(counts, level, method)
    assert np.all((0.0 <= low) & (low <= high) & (high <= 1.0))
    total = sum(counts)
    if total:
        rate = np.asarray(counts) / total
        assert np.all((low <= rate) & (rate <= high))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 1), st.just(math.nan)), max_size=12))
def test_adjusted_pvalues_are_probabilities_not_below_raw(pvalues):
    raw = np.asarray(pvalues, dtype=float)
    for method in ("holm", "fdr_bh"):
        adjusted = adjust_pvalues(raw, method)
        assert np.array_equal(np.isnan(adjusted), np.isnan(raw))
        finite = ~np.isnan(raw)
        assert np.all((adjusted[finite] >= raw[finite] - 1e-15) & (adjusted[finite] <= 1.0))
