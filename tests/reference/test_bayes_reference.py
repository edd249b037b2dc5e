"""Published reference values for fairness.stats.bayes.

Gelman, Carlin, Stern, Dunson, Vehtari & Rubin, *Bayesian Data Analysis*, 3rd ed. (2013),
section 2.4, placenta previa: 437 female births of 980. Values are printed to 3 decimals, so the
tolerance is 5e-4 (half a unit in the last digit).
"""

from __future__ import annotations

import numpy as np
import pytest

from fairness.stats.bayes import dirichlet_posterior

FEMALE, MALE = 437, 543
TOL = 5e-4


def test_bda3_placenta_previa_uniform_prior():
    # BDA3 p. 37: uniform prior -> Beta(438, 544); posterior mean 0.446, sd 0.016,
    # central 95% posterior interval [0.415, 0.477].
    posterior = dirichlet_posterior([FEMALE, MALE], prior=1.0)
    np.testing.assert_array_equal(posterior.concentration, [438, 544])
    a, total = posterior.concentration[0], posterior.concentration.sum()
    assert posterior.mean()[0] == pytest.approx(0.446, abs=TOL)
    sd = np.sqrt(a * (total - a) / (total**2 * (total + 1)))
    assert sd == pytest.approx(0.016, abs=TOL)
    low, high = posterior.credible_interval(0.95)
    assert (low[0], high[0]) == pytest.approx((0.415, 0.477), abs=TOL)


@pytest.mark.parametrize(
    ("prior_mean", "prior_size", "interval"),
    [
        # BDA3 Table 2.1: prior Beta(alpha, beta) with mean alpha / (alpha + beta) and
        # "prior sample size" alpha + beta; 95% posterior interval for theta.
        (0.500, 2, (0.415, 0.477)),
        (0.485, 2, (0.415, 0.477)),
        (0.485, 5, (0.415, 0.477)),
        (0.485, 10, (0.415, 0.477)),
        (0.485, 20, (0.416, 0.478)),
        (0.485, 100, (0.420, 0.479)),
        (0.485, 200, (0.424, 0.481)),
    ],
)
def test_bda3_table_2_1(prior_mean, prior_size, interval):
    prior = [prior_mean * prior_size, (1 - prior_mean) * prior_size]
    posterior = dirichlet_posterior([FEMALE, MALE], prior=prior)
    low, high = posterior.credible_interval(0.95)
    assert (low[0], high[0]) == pytest.approx(interval, abs=TOL)


def test_bda3_placenta_previa_expected_value_draws():
    # The expected "value" with values (1, 0) is theta itself; its Monte Carlo interval from
    # 20,000 seeded Dirichlet draws must match BDA3's [0.415, 0.477] within the printed
    # precision plus Monte Carlo error (about 3e-4 for these quantiles): tolerance 1.5e-3.
    posterior = dirichlet_posterior([FEMALE, MALE], prior=1.0)
    result = posterior.expected_value([1.0, 0.0], level=0.95, stated_value=0.485)
    assert result.mean == pytest.approx(0.446, abs=TOL)
    assert (result.low, result.high) == pytest.approx((0.415, 0.477), abs=1.5e-3)
    # BDA3 concludes the posterior lies almost entirely below 0.485 (the interval excludes it)
    assert result.prob_below_stated > 0.975
