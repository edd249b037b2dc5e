"""Planning: noncentral chi-square power against pwr, and the e-value's simulated plan."""

from __future__ import annotations

import numpy as np
import pytest

from fairness.stats.power import (
    alternative_chances,
    chisq_power,
    chisq_sample_size,
    default_target,
    evalue_power,
    nice_round_up,
    spins_needed,
)

# pwr vignette "Getting started with the pwr package" (Ford 2017), Cohen (1988) example 7.1:
# w = ES.w1(rep(0.25, 4), c(3/8, rep((5/8)/3, 3))) = 0.2886751.
W_71 = 0.2886751


def test_power_matches_pwr_vignette():
    # pwr.chisq.test(w=0.2886751, N=100, df=3, sig.level=0.05) -> power = 0.6739834 (7 digits)
    assert chisq_power(W_71, 100, 3, 0.05) == pytest.approx(0.6739834, abs=5e-7)
    # pwr.chisq.test(w=ES.w2(...)=0.2182179, N=100, df=1, sig.level=0.01) -> power = 0.3469206
    assert chisq_power(0.2182179, 100, 1, 0.01) == pytest.approx(0.3469206, abs=5e-7)


@pytest.mark.parametrize(
    ("w", "df", "alpha", "power", "n_published"),
    [
        (W_71, 3, 0.05, 0.8, 130.8308),  # pwr vignette, Cohen ex. 7.1
        (0.2182179, 1, 0.01, 0.9, 312.4671),  # pwr vignette, association example
        (0.1, 1, 0.01, 0.9, 1487.939),  # pwr vignette
    ],
)
def test_sample_size_matches_pwr_vignette(w, df, alpha, power, n_published):
    # printed to 7 significant digits; w itself is rounded to 7 digits in the first two rows
    assert chisq_sample_size(w, df, alpha, power) == pytest.approx(n_published, rel=2e-6)


def test_statsmodels_power_table_rows():
    # statsmodels stats/tests/results/results_power.py (values from R pwr.chisq.test)
    assert chisq_power(0.1, 5, 4, 0.05) == pytest.approx(0.05246644635810126, abs=1e-9)
    assert chisq_power(1.0, 5, 4, 0.05) == pytest.approx(0.396188517504065, abs=1e-9)
    assert chisq_power(0.1, 100, 4, 0.05) == pytest.approx(0.1054845044462312, abs=1e-9)


def test_alternative_keeps_a_distribution():
    stated = np.array([0.7, 0.2, 0.09, 0.01])
    alt = alternative_chances(stated, stated, stated, 3, 0.5)
    assert alt[3] == pytest.approx(0.005) and alt.sum() == pytest.approx(1)
    np.testing.assert_allclose(alt[:3] / alt[:3].sum(), stated[:3] / stated[:3].sum())
    # with a rounding interval the deviation is measured from its lower edge
    alt = alternative_chances(stated, stated * 0.9, stated * 1.1, 3, 0.5)
    assert alt[3] == pytest.approx(0.0045)


def test_default_target_is_the_rarest_valuable_prize():
    assert default_target([0.7, 0.2, 0.09, 0.01], [1, 3, 10, 100]) == 3
    # a rare consolation prize worth less than the common one is not the target
    assert default_target([0.7, 0.001, 0.299], [5, 1, 10]) == 2
    assert default_target([0.5, 0.3, 0.2]) == 2


def test_plan_reaches_its_power_and_not_much_less():
    stated = np.array([0.7, 0.2, 0.09, 0.01])
    plan = spins_needed(stated, values=[1, 2, 3, 10], n_sim=1000, seed=1)
    alt = alternative_chances(stated, stated, stated, 3, 0.5)
    at = evalue_power(plan.n_required, alt, stated, stated, stated, n_sim=2000, seed=99)
    below = evalue_power(int(plan.n_required * 0.7), alt, stated, stated, stated, n_sim=2000,
                         seed=99)
    assert at >= 0.75  # 0.8 asked; independent simulation error of 2,000 runs is ~0.01
    assert below < 0.8
    assert plan.more_needed == plan.n_required and not plan.enough


def test_plan_out_of_reach_says_so():
    stated = np.array([1 - 1e-7, 1e-7])
    plan = spins_needed(stated, max_spins=100_000, n_sim=200)
    assert plan.n_required is None and plan.more_needed is None


def test_nice_round_up():
    assert [nice_round_up(x) for x in (7, 1234, 17001, 999)] == [7, 1300, 18000, 1000]
