"""Published reference values for fairness.stats.fit.goodness_of_fit.

Each value names its source (see also /work/notes/refs.md, sections 1, 3, 4 and 7). The
tolerance is half a unit in the last printed digit unless stated otherwise: a value printed
to d significant digits is compared with ``abs = 0.5 * 10**(e - d + 1)``, ``e`` its exponent.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from fairness.stats.fit import goodness_of_fit


def printed(value: str) -> tuple[float, float]:
    """A printed number and its half-unit-in-the-last-digit tolerance, from its text."""
    mantissa = value.lower().split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    exponent = int(value.lower().split("e")[1]) if "e" in value.lower() else 0
    return float(value), 0.5 * 10.0 ** (exponent - decimals)


def assert_printed(actual: float, value: str) -> None:
    expected, tolerance = printed(value)
    # A hair over half a unit: the last printed digit was itself rounded from binary.
    assert actual == pytest.approx(expected, abs=tolerance * (1 + 1e-9)), (actual, value)


# ---------------------------------------------------------------------------------------------
# Pearson X² — R chisq.test help-page examples, printed in R's saved example output
# tests/Examples/stats-Ex.Rout.save, nameEx("chisq.test") (refs.md §1, source A), and
# rcompanion's R Companion to McDonald's Handbook of Biological Statistics (refs.md §1, B).

PEARSON_CASES = [
    # (observed, stated, X-squared, df, p-value) as printed by R
    # R: x <- c(A = 20, B = 15, C = 25); chisq.test(x)
    ([20, 15, 25], [1 / 3, 1 / 3, 1 / 3], "2.5", 2, "0.2865"),
    # R: x <- c(89,37,30,28,2); p <- c(40,20,20,15,5); chisq.test(x, p = p, rescale.p = TRUE)
    ([89, 37, 30, 28, 2], [0.40, 0.20, 0.20, 0.15, 0.05], "9.9901", 4, "0.04059"),
    # R: same x, p <- c(0.40,0.20,0.20,0.19,0.01); chisq.test(x, p = p)  (warns: E < 5)
    ([89, 37, 30, 28, 2], [0.40, 0.20, 0.20, 0.19, 0.01], "5.7947", 4, "0.215"),
    # rcompanion: chisq.test(c(1752,1895)) (McDonald's crossbill example)
    ([1752, 1895], [0.5, 0.5], "5.6071", 1, "0.01789"),
    # rcompanion: chisq.test(x=c(770,230), p=c(0.75,0.25))
    ([770, 230], [0.75, 0.25], "2.1333", 1, "0.1441"),
    # rcompanion: chisq.test(x=c(772,1611,737), p=c(0.25,0.50,0.25))
    ([772, 1611, 737], [0.25, 0.50, 0.25], "4.1199", 2, "0.1275"),
    # rcompanion: chisq.test(x=c(70,79,3,4), p=c(0.54,0.40,0.05,0.01))
    ([70, 79, 3, 4], [0.54, 0.40, 0.05, 0.01], "13.5934", 3, "0.0035"),
    # rcompanion: chisq.test(x=c(423,133), p=c(0.75,0.25))
    ([423, 133], [0.75, 0.25], "0.3453", 1, "0.5568"),
]


@pytest.mark.parametrize(("observed", "stated", "statistic", "df", "pvalue"), PEARSON_CASES)
def test_pearson_matches_r_chisq_test(observed, stated, statistic, df, pvalue):
    result = goodness_of_fit(observed, stated, "pearson")
    assert_printed(result.statistic, statistic)
    assert_printed(result.pvalue, pvalue)
    assert result.df == df
    assert result.statistic_name == "X2"


def test_pearson_matches_scipy_chisquare_docstring():
    # scipy 1.17 docstring of scipy.stats.chisquare: chisquare([16, 18, 16, 14, 12, 12],
    # f_exp=[16, 16, 16, 16, 16, 8]) -> statistic=3.5, pvalue=0.62338762774958223 (17 digits
    # printed; compared at 1e-12 relative, well above floating-point noise).
    result = goodness_of_fit([16, 18, 16, 14, 12, 12], np.array([16, 16, 16, 16, 16, 8]) / 88)
    assert result.method == "pearson"
    assert result.statistic == pytest.approx(3.5, rel=1e-12)
    assert result.pvalue == pytest.approx(0.62338762774958223, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# G test (likelihood ratio), without correction (refs.md §3)

G_CASES = [
    # (observed, stated, G, df, p-value) as printed
    # rcompanion, crossbills: G = 2*sum(o*log(o/e)) -> [1] 5.608512; pchisq -> [1] 0.01787343
    ([1752, 1895], [0.5, 0.5], "5.608512", 1, "0.01787343"),
    # rcompanion, rice: DescTools::GTest(..., correct="none") -> G = 4.1471, p-value = 0.1257
    ([772, 1611, 737], [0.25, 0.50, 0.25], "4.1471", 2, "0.1257"),
    # rcompanion, foraging: RVAideMemoire::G.test -> G = 13.1448, df = 3, p-value = 0.004334
    ([70, 79, 3, 4], [0.54, 0.40, 0.05, 0.01], "13.1448", 3, "0.004334"),
    # DescTools GTest.Rd example as printed for its port gTest: G = 2.5267, p-value = 0.2827
    ([20, 15, 25], [1 / 3, 1 / 3, 1 / 3], "2.5267", 2, "0.2827"),
    # same source: gTest(c(89,37,30,28,2), p = c(0.40,0.20,0.20,0.19,0.01))
    ([89, 37, 30, 28, 2], [0.40, 0.20, 0.20, 0.19, 0.01], "5.8414", 4, "0.2113"),
]


@pytest.mark.parametrize(("observed", "stated", "statistic", "df", "pvalue"), G_CASES)
def test_g_matches_published_g_tests(observed, stated, statistic, df, pvalue):
    result = goodness_of_fit(observed, stated, "g")
    assert_printed(result.statistic, statistic)
    assert_printed(result.pvalue, pvalue)
    assert result.df == df
    assert result.statistic_name == "G"


def test_g_matches_cressie_read_table_5():
    # Cressie & Read (1984), JRSS-B 46(3), Table 5, lambda = 0 (the G statistic) on Haberman's
    # (1978) life-stress data: 24.6 (3 significant digits), with the log-linear expected
    # counts exp(alpha + beta * i), beta = -0.083769, as in scipy's
    # test_power_divergence_against_cressie_read_data (refs.md §3).
    observed = np.array([15, 11, 14, 17, 5, 11, 10, 4, 8, 10, 7, 9, 11, 3, 6, 1, 1, 4])
    months = np.arange(1, 19)
    weights = np.exp(-0.083769 * months)
    result = goodness_of_fit(observed, weights / weights.sum(), "g")
    assert_printed(result.statistic, "24.6")
    # lambda = 1 is Pearson's X²: 22.7 in the same table
    assert_printed(goodness_of_fit(observed, weights / weights.sum(), "pearson").statistic, "22.7")


# ---------------------------------------------------------------------------------------------
# Exact multinomial test (refs.md §4)

EMT_CASES = [
    # EMT man/multinomial.test.Rd examples; values "rounded to four significant digits".
    # multinomial.test(c(5,2,1), c(0.25,0.5,0.25))                 # p.value = 0.0767
    ([5, 2, 1], [0.25, 0.5, 0.25], "probability", "0.0767", 45),
    # multinomial.test(c(5,2,1), c(0.25,0.5,0.25), useChisq = TRUE) # p.value = 0.0596
    ([5, 2, 1], [0.25, 0.5, 0.25], "pearson", "0.0596", 45),
    # multinomial.test(c(4,5,2,7,0,1), rep(1/6,6))                 # p.value = 0.0357
    ([4, 5, 2, 7, 0, 1], [1 / 6] * 6, "probability", "0.0357", 42504),
    # secondary printout: multinomial.test(c(A=5,B=2,C=2), rep(1/3,3)) -> Events 55, p.value 0.5306
    ([5, 2, 2], [1 / 3] * 3, "probability", "0.5306", 55),
]


@pytest.mark.parametrize(("observed", "stated", "ordering", "pvalue", "tables"), EMT_CASES)
def test_exact_matches_emt(observed, stated, ordering, pvalue, tables):
    result = goodness_of_fit(observed, stated, "exact", ordering=ordering)
    assert_printed(result.pvalue, pvalue)
    assert result.n_tables == tables  # EMT prints the number of tables as "Events"


XNOMIAL_CASES = [
    # rcompanion's R Companion, exact test of goodness of fit: XNomial::xmulti(obs, expected,
    # detail = 2), printed with 4 significant digits: P value (LLR), (Prob), (Chisq).
    # Handbook post-hoc example: xmulti(c(72,38,20,18), c(9,3,3,1))
    (
        [72, 38, 20, 18],
        [9, 3, 3, 1],
        {"g": "0.003404", "probability": "0.002255", "pearson": "0.001608"},
    ),
    # xmulti(c(428,152), c(3,1))
    ([428, 152], [3, 1], {"g": "0.5331", "probability": "0.5022", "pearson": "0.5331"}),
]


@pytest.mark.parametrize(("observed", "ratio", "pvalues"), XNOMIAL_CASES)
@pytest.mark.parametrize("ordering", ["g", "probability", "pearson"])
def test_exact_matches_xnomial(observed, ratio, pvalues, ordering):
    stated = np.array(ratio, dtype=float) / sum(ratio)
    result = goodness_of_fit(observed, stated, "exact", ordering=ordering)
    assert_printed(result.pvalue, pvalues[ordering])
    total = sum(observed)
    assert result.n_tables == math.comb(total + len(observed) - 1, len(observed) - 1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ordering", "pvalue"), [("g", "0.9261"), ("probability", "0.9382"), ("pearson", "0.9272")]
)
def test_exact_matches_xnomial_mendel_peas(ordering, pvalue):
    # Mendel's F2 peas, XNomial vignette (W. R. Engels, "XNomial - Exact Test for Multinomial",
    # Example 1: Mendel's data), as run in rcompanion's R Companion:
    # xmulti(c(315,108,101,32), c(9,3,3,1), detail = 2) -> P value (LLR) = 0.9261,
    # (Prob) = 0.9382, (Chisq) = 0.9272, printed to 4 digits: tolerance half a unit in the
    # last digit (assert_printed). 28,956,759 tables: the cost model (fit.exact_cost) puts
    # them within the default time budget, so no cap is raised.
    stated = np.array([9, 3, 3, 1]) / 16
    result = goodness_of_fit([315, 108, 101, 32], stated, "exact", ordering=ordering)
    assert_printed(result.pvalue, pvalue)
    assert result.n_tables == 28_956_759
    assert result.note == ""


def test_exact_cost_model_runs_mendel_and_refuses_far_larger_tables():
    from fairness.stats.fit import EXACT_TIME_BUDGET, exact_cost

    tables, seconds = exact_cost(556, 4)
    assert tables == 28_956_759 and seconds <= EXACT_TIME_BUDGET
    # Ten times Mendel's spins: about 2.9e10 tables, far over the budget.
    big = [3150, 1080, 1010, 320]
    with pytest.raises(ValueError, match=r"tables, about .* s by the cost model.*time_budget"):
        goodness_of_fit(big, np.array([9, 3, 3, 1]) / 16, "exact")
    # "auto" on sparse data over the budget: Monte Carlo, and the note says why.
    sparse = np.r_[[10] * 4, [1] * 5, [0] * 21]  # 45 spins over 30 outcomes: ~3e20 tables
    assert exact_cost(sparse.sum(), 30)[1] > EXACT_TIME_BUDGET
    result = goodness_of_fit(sparse, np.full(30, 1 / 30), n_simulations=999)
    assert result.method == "monte_carlo"
    assert result.note.startswith("exact test skipped:") and "Monte Carlo instead" in result.note


# ---------------------------------------------------------------------------------------------
# Effect size (refs.md §7)


def test_effect_size_matches_pwr_es_w1():
    # pwr vignette (Ford 2017), Cohen (1988) example 7.1: null <- rep(0.25, 4);
    # alt <- c(3/8, rep((5/8)/3, 3)); ES.w1(null, alt) -> [1] 0.2886751 (7 decimals).
    # Observed counts 24 * alt = (9, 5, 5, 5) have proportions exactly alt, so
    # sqrt(X² / n) is Cohen's w of alt against null.
    result = goodness_of_fit([9, 5, 5, 5], [0.25] * 4, "pearson")
    assert_printed(result.effect_size, "0.2886751")
