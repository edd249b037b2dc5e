"""Reference values for the homogeneity tests (fairness.stats.homogeneity).

Source: R's saved example output for ``chisq.test`` (tests/Examples/stats-Ex.Rout.save,
``nameEx("chisq.test")``; Agresti (2007) p. 39), see /work/notes/refs.md section 10.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fairness.stats import homogeneity_table_test

# M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477)))  (party identification by gender)
AGRESTI = np.array([[762, 327, 468], [484, 239, 477]])


def test_r_chisq_test_contingency_example():
    """R: X-squared = 30.07, df = 2, p-value = 2.954e-07.

    Tolerances: the statistic as printed (4 significant digits, 5e-3 absolute); the p-value to
    its printed 4 significant digits (relative 5e-4).
    """
    result = homogeneity_table_test(AGRESTI, n_simulations=0, groups=["F", "M"])
    assert result.statistic == pytest.approx(30.07, abs=5e-3)
    assert result.df == 2
    assert result.asymptotic_pvalue == pytest.approx(2.954e-07, rel=5e-4)
    assert result.pvalue == result.asymptotic_pvalue
    assert result.asymptotic_valid


def test_r_chisq_test_expected_and_standardized_residuals():
    """R: Xsq$expected and Xsq$stdres (printed to 7 significant digits; tolerance 1e-6).

    expected: F 703.6714 319.6453 533.6834 / M 542.3286 246.3547 411.3166
    stdres:   F 4.5020535 0.6994517 -5.3159455 / M -4.5020535 -0.6994517 5.3159455
    """
    result = homogeneity_table_test(AGRESTI, n_simulations=0, groups=["F", "M"])
    frame = result.table_frame(["Democrat", "Independent", "Republican"])
    np.testing.assert_allclose(
        frame["expected"], [703.6714, 319.6453, 533.6834, 542.3286, 246.3547, 411.3166], atol=1e-4
    )
    np.testing.assert_allclose(
        frame["residual"],
        [4.5020535, 0.6994517, -5.3159455, -4.5020535, -0.6994517, 5.3159455],
        atol=1e-6,
    )


def test_monte_carlo_pvalue_floor_as_r_simulate():
    """R's chisq.test(simulate.p.value = TRUE, B = 2000) reports (1 + #{X2* >= X2}) / (B + 1);
    for this table (X2 = 30.07 on 2 df) no simulated table comes close, so the p-value is its
    floor 1 / 2001. Checked exactly (seeded)."""
    result = homogeneity_table_test(AGRESTI, n_simulations=2000, seed=1)
    assert result.pvalue == pytest.approx(1 / 2001, rel=1e-12)
    assert result.n_simulations == 2000


def test_two_by_two_is_uncorrected_pearson():
    """R: chisq.test(matrix(c(12, 5, 7, 7), ncol = 2), correct = FALSE) is Pearson's X2 without
    Yates' correction (R's printed p-value 0.4233054 is the corrected one, which we do not
    use). Cross-check against scipy's uncorrected chi2_contingency; tolerance 1e-12."""
    table = np.array([[12, 7], [5, 7]])
    result = homogeneity_table_test(table, n_simulations=0)
    uncorrected = stats.chi2_contingency(table, correction=False)
    assert result.statistic == pytest.approx(uncorrected.statistic, rel=1e-12)
    assert result.asymptotic_pvalue == pytest.approx(uncorrected.pvalue, rel=1e-12)
