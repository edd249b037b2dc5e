"""The probability functions of fairness.stats._distributions against scipy.stats, statsmodels,
R and exact sums.

The checks use scipy.special directly (scipy.stats and statsmodels cost more to import than the
statistics of a check); these tests pin every such function to the library it stands in for,
over grids that reach the tails, and to exact references where the library itself is off
(scipy's binomial probabilities lose digits for n around 10^8-10^9 with small chances).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from fairness.stats import _distributions as dist
from fairness.stats.intervals import binomial_interval, clopper_pearson
from fairness.stats.outcomes import adjust_pvalues
from fairness.stats.pity import logistic_fit


def relative(a, b, floor=1e-300):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.max(np.abs(a - b) / np.maximum(np.abs(b), floor))


def test_normal_and_chi_square_match_scipy_stats():
    x = np.array([-40.0, -8.5, -1.96, -0.3, 0.0, 0.7, 2.5, 9.0, 37.0])
    assert relative(dist.norm_cdf(x), stats.norm.cdf(x)) < 1e-14
    assert relative(dist.norm_sf(x), stats.norm.sf(x)) < 1e-14
    assert relative(dist.norm_pdf(x), stats.norm.pdf(x)) < 1e-12  # exp(-684) at x = 37
    q = np.array([1e-300, 1e-12, 0.005, 0.3, 0.5, 0.9, 1 - 1e-9])
    assert relative(dist.norm_ppf(q), stats.norm.ppf(q)) < 1e-14
    assert relative(dist.norm_isf(q), stats.norm.isf(q)) < 1e-14
    for df in (1, 2, 4, 17, 300):
        x = np.array([0.0, 1e-6, 0.5, df, 3.0 * df + 40, 20.0 * df + 900])
        assert relative(dist.chi2_sf(x, df), stats.chi2.sf(x, df)) < 1e-12
        assert relative(dist.chi2_isf(q, df), stats.chi2.isf(q, df)) < 1e-12
    # Published: the 1% critical value of chi-square(1) is 6.634897 (any table of quantiles).
    assert float(dist.chi2_isf(0.01, 1)) == pytest.approx(6.634897, abs=1e-6)


def test_beta_quantiles_match_scipy_stats_and_invert_the_cdf():
    rng = np.random.default_rng(0)
    a = 10 ** rng.uniform(-0.5, 6, 400)
    b = 10 ** rng.uniform(-0.5, 6, 400)
    q = 10 ** rng.uniform(-12, -0.01, 400)
    assert relative(dist.beta_ppf(q, a, b), stats.beta.ppf(q, a, b)) < 1e-9
    assert relative(dist.beta_isf(q, a, b), stats.beta.isf(q, a, b)) < 1e-9
    x = dist.beta_ppf(q, a, b)
    assert relative(dist.beta_cdf(x, a, b), q) < 1e-9


def _random_binomial_cases(count: int, largest: float, seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(10 ** rng.uniform(0, largest))
        p = float(10 ** rng.uniform(-8, -1e-3))
        if rng.random() < 0.3:
            p = 1.0 - p
        if rng.random() < 0.5:
            k = int(rng.integers(0, n + 1))
        else:  # near the mode, where the two-sided test has work to do
            k = int(np.clip(round(n * p + rng.normal() * 3 * math.sqrt(n * p * (1 - p))), 0, n))
        yield k, n, p


def test_binomial_tails_match_scipy_stats():
    for k, n, p in _random_binomial_cases(1500, 7, seed=1):
        for got, want in ((dist.binom_cdf(k, n, p), stats.binom.cdf(k, n, p)),
                          (dist.binom_sf(k, n, p), stats.binom.sf(k, n, p))):
            if want > 1e-280:  # scipy underflows to 0 before we do
                assert abs(got - want) <= 1e-10 * want, (k, n, p, got, want)
    assert dist.binom_cdf(-1, 10, 0.3) == 0.0 and dist.binom_cdf(10, 10, 0.3) == 1.0
    assert dist.binom_sf(-1, 10, 0.3) == 1.0 and dist.binom_sf(10, 10, 0.3) == 0.0


def _exact_logpmf(k: int, n: int, p: float) -> float:
    """log C(n, k) as a sum of log((n - j) / (m - j)) over the m = min(k, n - k) factors:
    every term is exact to rounding, so the sum is too (math.fsum)."""
    m = min(k, n - k)
    return (math.fsum(math.log((n - j) / (m - j)) for j in range(m))
            + k * math.log(p) + (n - k) * math.log1p(-p))


def test_binomial_log_probability_is_exact_to_rounding_for_any_n():
    for k, n, p in _random_binomial_cases(1500, 6, seed=2):
        want = float(stats.binom.logpmf(k, n, p))
        if want > -700:
            assert dist.binom_logpmf(k, n, p) == pytest.approx(want, rel=1e-8, abs=1e-10)
    # Where scipy.stats loses ~1e-6 (n near 10^9, small chances), the exact sum decides.
    for k, n, p in [(11087, 967402104, 1.1343e-05), (27, 344436948, 8.04e-08),
                    (1425, 947337917, 1.51e-06), (3, 10**9, 2e-9)]:
        assert dist.binom_logpmf(k, n, p) == pytest.approx(_exact_logpmf(k, n, p), abs=1e-10)
    assert dist.binom_logpmf(0, 50, 0.0) == 0.0 and dist.binom_logpmf(1, 50, 0.0) == -math.inf
    assert dist.binom_logpmf(51, 50, 0.5) == -math.inf


def test_binomial_pvalue_matches_scipy_binomtest():
    for k, n, p in _random_binomial_cases(1500, 6, seed=3):
        for alternative in ("two-sided", "less", "greater"):
            want = stats.binomtest(k, n, p, alternative=alternative).pvalue
            got = dist.binomial_pvalue(k, n, p, alternative)
            if want > 1e-250:
                assert abs(got - want) <= 1e-9 * want, (k, n, p, alternative, got, want)


def test_binomial_pvalue_reference_values():
    # R: binom.test(c(682, 243), p = 3/4), its help page's example (Mendel's peas), prints
    # p-value = 0.3825; scipy.stats.binomtest(3, 15, 0.1, "greater") is 0.184 in its docs.
    assert dist.binomial_pvalue(682, 925, 0.75) == pytest.approx(0.3825, abs=5e-5)
    assert dist.binomial_pvalue(3, 15, 0.1, "greater") == pytest.approx(0.184, abs=5e-4)
    # A symmetric null: every count as unlikely as 3 of 10 is 0..3 and 7..10,
    # 2 * (1 + 10 + 45 + 120) / 1024 = 0.34375 exactly.
    assert dist.binomial_pvalue(3, 10, 0.5) == pytest.approx(0.34375, rel=1e-12)
    assert dist.binomial_pvalue(5, 10, 0.5) == 1.0
    # Tiny tails by exact enumeration, where scipy's cdf underflows to 0.
    k, n, p = 28, 2013, 0.31654520819304377
    logs = [_exact_logpmf(i, n, p) for i in range(1, n)]
    threshold = _exact_logpmf(k, n, p) + math.log1p(1e-7)
    want = math.fsum(math.exp(v) for v in logs if v <= threshold)
    assert dist.binomial_pvalue(k, n, p) == pytest.approx(want, rel=1e-9)
    # Degenerate chances: only the certain count is possible.
    assert dist.binomial_pvalue(0, 20, 0.0) == 1.0 and dist.binomial_pvalue(1, 20, 0.0) == 0.0
    assert dist.binomial_pvalue(20, 20, 1.0) == 1.0 and dist.binomial_pvalue(19, 20, 1.0) == 0.0


def test_poisson_log_probability_matches_scipy_stats():
    k = np.array([0, 1, 7, 150, 10_000, 2_000_000])
    for mu in (0.5, 7.0, 1.9e6):
        assert relative(dist.poisson_logpmf(k, mu), stats.poisson.logpmf(k, mu)) < 1e-12


@pytest.mark.parametrize("method, statsmodels_method", [("clopper-pearson", "beta"),
                                                        ("wilson", "wilson"),
                                                        ("jeffreys", "jeffreys")])
def test_binomial_intervals_match_statsmodels(method, statsmodels_method):
    for k, n in [(0, 1), (0, 30), (1, 30), (15, 30), (29, 30), (30, 30), (3, 100_000),
                 (682, 925), (4_999_000, 10_000_000)]:
        for level in (0.9, 0.95, 0.999):
            low, high = binomial_interval(k, n, level, method)
            want_low, want_high = proportion_confint(k, n, alpha=1 - level,
                                                     method=statsmodels_method)
            if method == "jeffreys":  # Brown, Cai & DasGupta's ends at k = 0 and k = n
                want_low = 0.0 if k == 0 else want_low
                want_high = 1.0 if k == n else want_high
            rate = k / n
            assert low == pytest.approx(min(max(want_low, 0.0), rate), rel=1e-9, abs=1e-15)
            assert high == pytest.approx(max(min(want_high, 1.0), rate), rel=1e-9, abs=1e-15)
    # R: binom.test(30, 1000)$conf.int = 0.02033 0.04255 (Clopper-Pearson)
    low, high = clopper_pearson(30, 1000, 0.95)
    assert (float(low), float(high)) == pytest.approx((0.02033, 0.04255), abs=5e-6)


def test_adjusted_pvalues_match_statsmodels():
    rng = np.random.default_rng(4)
    for size in (1, 2, 5, 40):
        values = rng.uniform(size=size) ** 3
        values[: size // 3] = values[0]  # ties
        for method in ("holm", "fdr_bh"):
            want = multipletests(values, method=method)[1]
            np.testing.assert_allclose(adjust_pvalues(values, method), want, rtol=1e-14)


def _statsmodels_fit(successes, trials, x):
    design = np.column_stack([np.ones(x.size), x])
    return GLM(np.column_stack([successes, trials - successes]), design,
               family=families.Binomial()).fit(maxiter=100)


def test_logistic_fit_matches_statsmodels_glm():
    rng = np.random.default_rng(5)
    for slope in (0.0, 0.4, -1.5):
        x = np.log1p(np.arange(60.0))
        trials = rng.integers(1, 400, size=x.size).astype(float)
        chance = 1 / (1 + np.exp(-(-3.0 + slope * x)))
        successes = rng.binomial(trials.astype(int), chance).astype(float)
        ours, theirs = logistic_fit(successes, trials, x), _statsmodels_fit(successes, trials, x)
        assert ours.converged and theirs.converged
        np.testing.assert_allclose(ours.params, theirs.params, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(ours.bse, theirs.bse, rtol=1e-6)
        np.testing.assert_allclose(ours.mu, theirs.mu, rtol=1e-6)


def test_logistic_fit_under_separation_runs_away_as_statsmodels_does():
    # Every hit at x >= 3: the slope grows without bound and the fitted chances reach 0 and 1,
    # which pity_test reads as "no trustworthy fit" (it then uses the score test).
    x = np.arange(6.0)
    trials = np.full(6, 50.0)
    successes = np.array([0, 0, 0, 50, 50, 50], dtype=float)
    fit = logistic_fit(successes, trials, x)
    assert np.any((fit.mu < 1e-8) | (fit.mu > 1 - 1e-8)) or not fit.converged
