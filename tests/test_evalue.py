"""The anytime-valid e-value: published Bayes factors, validity and the composite null."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from fairness.stats import evalue, log_evalues, null_fit


def test_binomial_bayes_factor_matches_multibridge():
    # multibridge tests/testthat/testthat-bayesfactors_equalities.R:
    # binom_bf_equality(x=3, n=12, a=1, b=1, p=0.5) -> BFe0 = 1.43216783216783.
    # Our joint term with one concentration c=2 and stated (0.5, 0.5) is that Beta(1,1) factor.
    log_e, _, _ = log_evalues([3, 9], [0.5, 0.5], concentrations=(2.0,), joint_weight=1.0)
    assert np.exp(log_e[0]) == pytest.approx(1.43216783216783, rel=1e-12)


def test_multinomial_bayes_factor_matches_multibridge():
    # multibridge: mult_bf_equality(x = lifestresses$stress.freq, a = rep(1, 18)) ->
    # LogBFe0 = 3.29976435023366 (Haberman 1978 life-stress counts, as in scipy's tests).
    counts = [15, 11, 14, 17, 5, 11, 10, 4, 8, 10, 7, 9, 11, 3, 6, 1, 1, 4]
    _, comps, weights = log_evalues(counts, np.full(18, 1 / 18), concentrations=(18.0,),
                                        joint_weight=1.0)
    assert comps[0, 0] == pytest.approx(3.29976435023366, abs=1e-10)
    assert weights[0] == 1.0


def test_null_fit_satisfies_the_optimality_conditions():
    """KKT certificate for max sum O_i log p_i over a box and the simplex: some lam has
    O_i/p_i == lam where p_i is strictly inside its interval, >= lam at the upper end and
    <= lam at the lower end. Cross-checked against a general optimiser's likelihood too."""
    rng = np.random.default_rng(3)
    for _ in range(25):
        stated = rng.dirichlet(np.ones(4))
        lower, upper = np.clip(stated - 0.04, 0, 1), np.clip(stated + 0.04, 0, 1)
        counts = rng.multinomial(200, rng.dirichlet(np.ones(4))) + 1
        ours = null_fit(counts, lower, upper)
        assert ours.sum() == pytest.approx(1, abs=1e-9)
        assert np.all(ours >= lower - 1e-12) and np.all(ours <= upper + 1e-12)
        grad = counts / ours
        at_low = np.isclose(ours, lower, rtol=0, atol=1e-9)
        at_high = np.isclose(ours, upper, rtol=0, atol=1e-9)
        inner = ~at_low & ~at_high
        lam = grad[inner].mean() if inner.any() else None
        if lam is not None:
            np.testing.assert_allclose(grad[inner], lam, rtol=1e-6)
            assert np.all(grad[at_high] >= lam * (1 - 1e-6))
            assert np.all(grad[at_low] <= lam * (1 + 1e-6))
        res = minimize(lambda p, c=counts: -(c * np.log(np.maximum(p, 1e-300))).sum(),
                       x0=(lower + upper) / 2, bounds=list(zip(lower, upper, strict=True)),
                       constraints={"type": "eq", "fun": lambda p: p.sum() - 1},
                       method="SLSQP", options={"ftol": 1e-14, "maxiter": 500})
        assert (counts * np.log(ours)).sum() == pytest.approx(-res.fun, abs=1e-4)


def test_null_fit_inside_the_box_is_the_observed_share():
    np.testing.assert_allclose(null_fit([50, 30, 20], [0.4, 0.2, 0.1], [0.6, 0.4, 0.3]),
                               [0.5, 0.3, 0.2])


def test_data_inside_the_tolerance_give_no_evidence():
    # 5% stated, rounding allows 4.5-5.5%; 51 of 1000 is inside
    ev = evalue([949, 51], [0.95, 0.05], [0.945, 0.045], [0.955, 0.055])
    assert ev.value < 1


def test_far_off_data_give_strong_evidence_and_name_the_outcome():
    stated = np.array([0.7, 0.2, 0.09, 0.01])
    ev = evalue([7100, 2000, 900, 0], stated, labels=["a", "b", "c", "top"])
    assert ev.value > 1e6
    singles = ev.components[ev.components["term"] != "joint"]
    assert singles.loc[singles["log10"].idxmax(), "term"] == "top"


def test_path_ends_at_the_final_value_and_counts_tallies_first():
    rng = np.random.default_rng(0)
    seq = rng.choice(3, size=500, p=[0.5, 0.3, 0.2])
    counts = np.bincount(seq, minlength=3) + np.array([10, 0, 0])  # 10 tallied spins
    ev = evalue(counts, [0.5, 0.3, 0.2], sequence=seq)
    assert ev.path["n"].iloc[0] == 11 and ev.path["n"].iloc[-1] == 510
    assert ev.path["log10"].iloc[-1] == pytest.approx(ev.log10)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=1), min_size=2, max_size=6),
       st.integers(min_value=1, max_value=500))
def test_expected_counts_give_no_evidence(weights, n):
    stated = np.array(weights) / np.sum(weights)
    counts = stated * n  # the exact expectation (real-valued counts are allowed here)
    log_e, _, _ = log_evalues(counts, stated)
    assert log_e[0] <= 1e-9  # a mixture never beats the true point at the expected counts


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(4)))
def test_order_of_outcomes_does_not_matter(order):
    counts = np.array([40, 30, 20, 10])
    stated = np.array([0.4, 0.35, 0.2, 0.05])
    base = log_evalues(counts, stated)[0][0]
    order = list(order)
    assert log_evalues(counts[order], stated[order])[0][0] == pytest.approx(base, rel=1e-8)


def test_validation():
    with pytest.raises(ValueError, match="stated"):
        evalue([1, 2], [0.5, 0.3, 0.2])
    with pytest.raises(ValueError, match="non-negative"):
        evalue([-1, 2], [0.5, 0.5])
    with pytest.raises(ValueError, match="positive"):
        evalue([1, 2], [1.0, 0.0])


def test_honest_wheels_rarely_cross_even_when_checked_after_every_batch():
    """Fast calibration: 300 honest campaigns, checked every 50 spins up to 3,000.
    Ville's inequality bounds the rate of ever reaching 100 by 1%; allow the binomial
    margin of 300 campaigns (P(Binomial(300, 0.01) >= 9) < 0.001)."""
    rng = np.random.default_rng(2026)
    stated = np.array([0.7, 0.2, 0.07, 0.025, 0.005])
    ever = 0
    for _ in range(300):
        seq = rng.choice(5, size=3000, p=stated)
        cum = np.stack([np.cumsum(seq == j) for j in range(5)], axis=1)[49::50]
        ever += bool((log_evalues(cum, stated)[0] >= np.log(100)).any())
    assert ever <= 8
