"""Published reference values for fairness.stats.outcomes.

Each value names its source and the tolerance used; the tolerance follows the printed precision
(half a unit in the last printed digit) unless stated otherwise. Sources were collected in
notes/refs.md (sections 2, 5 and 6).
"""

from __future__ import annotations

import numpy as np
import pytest

from fairness.stats import (
    adjust_pvalues,
    binomial_test,
    simultaneous_intervals,
    zero_hits,
)

# ----------------------------------------------------------------------- exact binomial test


def test_r_binom_test_help_example():
    # R: binom.test(c(682, 243), p = 3/4)  (stats-Ex.Rout.save, nameEx("binom.test"),
    # Conover 1971 p. 97f.): p-value = 0.3825, 95% CI 0.7076683 0.7654066.
    result = binomial_test(682, 925, 0.75)
    assert result.pvalue == pytest.approx(0.3825, abs=5e-5)
    ci = result.confidence_interval(0.95, "clopper-pearson")
    assert ci.low == pytest.approx(0.7076683, abs=5e-8)
    assert ci.high == pytest.approx(0.7654066, abs=5e-8)
    assert result.statistic == pytest.approx(0.7372973, abs=5e-8)


@pytest.mark.parametrize(
    ("k", "n", "p", "alternative", "printed"),
    [
        # R binom.test output printed in Mangiafico's R Companion to McDonald's Handbook of
        # Biological Statistics (refs.md section 2); 4 significant digits.
        (2, 10, 0.5, "less", 0.05469),
        (2, 10, 0.5, "two-sided", 0.1094),
        (7, 12, 0.75, "less", 0.1576),
        (7, 12, 0.75, "two-sided", 0.1893),
        (72, 148, 9 / 16, "two-sided", 0.06822),
        (18, 148, 1 / 16, "two-sided", 0.006057),
        (36, 43, 0.5, "two-sided", 8.963e-06),
        (428, 580, 0.75, "two-sided", 0.5022),
    ],
)
def test_r_binom_test_printed_pvalues(k, n, p, alternative, printed):
    assert binomial_test(k, n, p, alternative).pvalue == pytest.approx(printed, rel=5e-4)


def test_scipy_binomtest_docstring_one_sided_example():
    # scipy 1.17 docstring of scipy.stats.binomtest: binomtest(3, n=15, p=0.1,
    # alternative='greater') -> pvalue 0.18406106910639114, statistic 0.2,
    # proportion_ci(0.95) = (0.05684686759024681, 1.0). Tolerance 1e-12.
    result = binomial_test(3, 15, 0.1, "greater")
    assert result.pvalue == pytest.approx(0.18406106910639114, abs=1e-12)
    assert result.statistic == pytest.approx(0.2)
    ci = result.confidence_interval(0.95)
    assert ci.low == pytest.approx(0.05684686759024681, abs=1e-12)
    assert ci.high == 1.0


# ----------------------------------------------------------------------- binomial intervals


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe (1998), Stat Med 17:857-872, Table I, method 3 (Wilson score, no continuity
        # correction), 95%, 4 decimals; quoted identically in several test suites (refs.md 6).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_newcombe_table_1_wilson(k, n, low, high):
    ci = binomial_test(k, n, 0.5).confidence_interval(0.95, "wilson")
    assert (ci.low, ci.high) == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize(
    ("k", "n", "method", "low", "high"),
    [
        # R binom::binom.confint(x, n, tol = 1e-8), 95%, as stored in statsmodels'
        # stats/tests/results/results_proportion.py (res_binom); statsmodels compares at 6
        # decimals, so tolerance 1e-6. "exact" = Clopper-Pearson, "bayes" = equal-tailed
        # Beta(x + 1/2, n - x + 1/2) (Jeffreys) for interior x.
        (18, 20, "wilson", 0.6989663547715128, 0.972133518786232),
        (18, 20, "clopper-pearson", 0.6830172859809176, 0.9876514728297052),
        (18, 20, "jeffreys", 0.716146742695748, 0.97862751197755),
        (4, 20, "wilson", 0.0806576625797981, 0.4160174322518935),
        (4, 20, "clopper-pearson", 0.05733399705003284, 0.436614002996668),
        (4, 20, "jeffreys", 0.07152005247873425, 0.4082257625169254),
        (4, 200, "wilson", 0.00780442641634947, 0.05028708690582643),
        (4, 200, "clopper-pearson", 0.005475565879556443, 0.05041360908989634),
        (4, 200, "jeffreys", 0.00678759879519299, 0.0468465669668423),
        (190, 200, "wilson", 0.910421851861224, 0.972617354399236),
        (190, 200, "clopper-pearson", 0.9099724622986486, 0.975765834527891),
        (1, 30, "wilson", 5.908590e-03, 0.16670391),
        (1, 30, "clopper-pearson", 8.435709e-04, 0.17216946),
        (29, 30, "clopper-pearson", 0.8278305, 0.9991564),
    ],
)
def test_r_binom_confint(k, n, method, low, high):
    ci = binomial_test(k, n, 0.5).confidence_interval(0.95, method)
    assert (ci.low, ci.high) == pytest.approx((low, high), abs=1e-6)


def test_r_binom_confint_boundaries():
    # same source: 0/30 exact upper 0.11570331, wilson upper 0.11351339;
    # 30/30 exact lower 0.8842967, wilson lower 0.8864866 (tolerance 1e-6)
    zero = binomial_test(0, 30, 0.5)
    assert zero.confidence_interval(0.95, "clopper-pearson").high == pytest.approx(
        0.11570331, abs=1e-6
    )
    assert zero.confidence_interval(0.95, "wilson").high == pytest.approx(0.11351339, abs=1e-6)
    full = binomial_test(30, 30, 0.5)
    assert full.confidence_interval(0.95, "clopper-pearson").low == pytest.approx(
        0.8842967, abs=1e-6
    )
    assert full.confidence_interval(0.95, "wilson").low == pytest.approx(0.8864866, abs=1e-6)


def test_zero_hits_bound_is_r_exact_interval_end():
    # R binom::binom.confint(0, 30, method = "exact") upper end 0.11570331 (statsmodels
    # results_proportion.py) is the 97.5% one-sided bound (1 - 0.025^(1/30)); tolerance 1e-6.
    assert zero_hits(30, 0.01, level=0.975).upper_bound == pytest.approx(0.11570331, abs=1e-6)


# ----------------------------------------------------------------------- simultaneous intervals

# Sison & Glaz (1995), JASA 90:366-369, example data; the Sison-Glaz values are from R's
# MultinomialCI package and the Goodman values from the paper (3 decimals), as stored in
# statsmodels' stats/tests/results/results_multinomial_proportions.py (refs.md section 5).
EXAMPLE_1 = [56, 72, 73, 59, 62, 87, 58]
SISON_GLAZ_1 = [
    (0.07922912, 0.1643361),
    (0.11349036, 0.1985973),
    (0.11563169, 0.2007386),
    (0.08565310, 0.1707601),
    (0.09207709, 0.1771840),
    (0.14561028, 0.2307172),
    (0.08351178, 0.1686187),
]
GOODMAN_1 = [
    (0.085, 0.166),
    (0.115, 0.204),
    (0.116, 0.207),
    (0.091, 0.173),
    (0.096, 0.181),
    (0.143, 0.239),
    (0.089, 0.171),
]
EXAMPLE_3 = [1] * 10 + [12] * 10 + [5] * 10 + [3] * 10 + [4] * 10
SISON_GLAZ_3 = [(0, 0.04120118), (0.012, 0.08520118), (0, 0.05720118), (0, 0.04920118)]
SISON_GLAZ_3 += [(0, 0.05320118)]
GOODMAN_3 = [(0, 0.049), (0.019, 0.114), (0.005, 0.075), (0.002, 0.062), (0.004, 0.069)]


def test_sison_glaz_example_1():
    # R and statsmodels differ by up to 2e-5 in the upper ends (refs.md 5): tolerance 1e-4
    low, high = simultaneous_intervals(EXAMPLE_1, 0.95, "sison-glaz")
    expected = np.array(SISON_GLAZ_1)
    np.testing.assert_allclose(low, expected[:, 0], atol=1e-4)
    np.testing.assert_allclose(high, expected[:, 1], atol=1e-4)


def test_goodman_example_1():
    # paper prints 3 decimals: tolerance 5e-4
    low, high = simultaneous_intervals(EXAMPLE_1, 0.95, "goodman")
    expected = np.array(GOODMAN_1)
    np.testing.assert_allclose(low, expected[:, 0], atol=5e-4)
    np.testing.assert_allclose(high, expected[:, 1], atol=5e-4)


def test_example_2_fifty_equal_cells():
    # [5] * 50: Sison-Glaz (R) [0, 0.05304026] for every cell, Goodman (paper) [0.005, 0.075].
    # statsmodels' Sison-Glaz differs from R by 8.7e-5 here (refs.md 5): tolerance 2e-4.
    low, high = simultaneous_intervals([5] * 50, 0.95, "sison-glaz")
    np.testing.assert_allclose(low, 0.0, atol=2e-4)
    np.testing.assert_allclose(high, 0.05304026, atol=2e-4)
    low, high = simultaneous_intervals([5] * 50, 0.95, "goodman")
    np.testing.assert_allclose(low, 0.005, atol=5e-4)
    np.testing.assert_allclose(high, 0.075, atol=5e-4)


def test_example_3_fifty_unequal_cells():
    # R/statsmodels Sison-Glaz differ by 1.4e-4 here (refs.md 5): tolerance 2e-4
    low, high = simultaneous_intervals(EXAMPLE_3, 0.95, "sison-glaz")
    expected = np.repeat(np.array(SISON_GLAZ_3), 10, axis=0)
    np.testing.assert_allclose(low, expected[:, 0], atol=2e-4)
    np.testing.assert_allclose(high, expected[:, 1], atol=2e-4)
    low, high = simultaneous_intervals(EXAMPLE_3, 0.95, "goodman")
    expected = np.repeat(np.array(GOODMAN_3), 10, axis=0)
    np.testing.assert_allclose(low, expected[:, 0], atol=5e-4)
    np.testing.assert_allclose(high, expected[:, 1], atol=5e-4)


def test_sison_glaz_sparse_r_reference():
    # R MultinomialCI for counts [1, 1, 0, 0, 0, 0, 0] (statsmodels GH#9587 test):
    # (0.5, 1.0) twice, then (0, 0.9655815875) for each empty cell; tolerance 1e-6.
    low, high = simultaneous_intervals([1, 1, 0, 0, 0, 0, 0], 0.95, "sison-glaz")
    np.testing.assert_allclose(low, [0.5, 0.5, 0, 0, 0, 0, 0], atol=1e-6)
    np.testing.assert_allclose(high, [1, 1] + [0.9655815875] * 5, atol=1e-6)


# ----------------------------------------------------------------------- multiplicity

# Benjamini & Hochberg (1995), JRSS B 57:289-300, section 4 example: 15 p-values from a
# multicentre trial. At q = 0.05 their procedure rejects the four smallest; a Bonferroni-type
# procedure rejects only three (p <= 0.0019).
BH_1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459]
BH_1995 += [0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000]


def test_benjamini_hochberg_1995_example():
    adjusted = adjust_pvalues(BH_1995, "fdr_bh")
    assert int((adjusted <= 0.05).sum()) == 4
    assert np.all(adjusted[:4] <= 0.05)
    # by the BH definition, min over j >= i of p_(j) m / j: exact up to rounding (1e-12)
    assert adjusted[3] == pytest.approx(0.0095 * 15 / 4, abs=1e-12)
    assert adjusted[4] == pytest.approx(0.0201 * 15 / 5, abs=1e-12)


def test_holm_on_benjamini_hochberg_1995_example():
    # Holm (1979) compares p_(i) with 0.05 / (15 - i + 1): 0.0019 <= 0.05/13 but
    # 0.0095 > 0.05/12, so three rejections, as the paper reports for Bonferroni-type methods.
    adjusted = adjust_pvalues(BH_1995, "holm")
    assert int((adjusted <= 0.05).sum()) == 3
    assert adjusted[3] == pytest.approx(0.0095 * 12, abs=1e-12)
