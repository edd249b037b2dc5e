"""Reference values for the sequence tests (fairness.stats.runs and fairness.stats.streaks).

Sources are named on each test (see /work/notes/refs.md, section 9). Where the published test
is not the one implemented here, only the quantity both share is checked:

* NIST SP 800-22 §2.3 ("Runs") counts runs exactly as Wald-Wolfowitz does, but its p-value is
  an unconditional large-sample formula in the share of ones, not the conditional runs test; we
  do not implement that formula, so only the run count V_n(obs) is checked against NIST.
* NIST SP 800-22 §2.4 ("Longest run of ones in a block") bins block-wise longest runs into
  classes with probabilities pi_i. Those class probabilities are values of the exact
  longest-run distribution, which we do implement (``longest_run_probabilities``); the worked
  example's chi-square is recomputed from our per-block longest runs and our pi_i.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from fairness.stats import (
    longest_run_probabilities,
    longest_streak_test,
    runs_distribution,
    runs_test,
)

# ---------------------------------------------------------------------------------------------
# Wald-Wolfowitz runs test


def test_randtests_runs_test_earthden():
    """R randtests::runs.test(earthden) (Brownlee 1965, p. 223; the Rd example).

    Output as recorded in Boost.Math's runs-test unit test ("agreement with r randtests"):
    statistic -1.74772579501060576, p-value 0.0805115199405023046. The median 5.46 is dropped.
    Tolerance: 1e-12 relative (same formula, double precision).
    """
    earthden = [
        5.36,
        5.29,
        5.58,
        5.65,
        5.57,
        5.53,
        5.62,
        5.29,
        5.44,
        5.34,
        5.79,
        5.10,
        5.27,
        5.39,
        5.42,
        5.47,
        5.63,
        5.34,
        5.46,
        5.30,
        5.75,
        5.68,
        5.85,
    ]
    result = runs_test(earthden)
    assert result.statistic == pytest.approx(-1.74772579501060576, rel=1e-12)
    assert result.pvalue == pytest.approx(0.0805115199405023046, rel=1e-12)
    assert (result.n1, result.n2, result.runs, result.dropped) == (11, 11, 8, 1)
    assert result.threshold == 5.46


def test_tseries_runs_test():
    """R tseries::runs.test on x = factor(c(1,1,1,0,0,1,0,1,0,1,1,1,0,1,0,1)).

    Values from statsmodels' test_nonparametric.py::test_runstest ("comparison numbers from R,
    tseries, runs.test"): Standard Normal = 1.386750, p-value = 0.1655179 (checked there to 6
    decimals; same tolerance here).
    """
    x = [1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1]
    result = runs_test(x)
    assert result.statistic == pytest.approx(1.386750, abs=1e-6)
    assert result.pvalue == pytest.approx(0.1655179, abs=1e-6)


@pytest.mark.parametrize(
    ("bits", "runs"),
    [
        # NIST SP 800-22 Rev 1a §2.3.4 worked example: V_n(obs) = 7.
        ("1001101011", 7),
        # NIST SP 800-22 Rev 1a §2.3.8 example (n = 100): V_n(obs) = 52.
        (
            "1100100100001111110110101010001000100001011010001100001000110100110001001100011001"
            "100010100010111000",
            52,
        ),
    ],
)
def test_nist_runs_count(bits, runs):
    """Only the run count is shared with NIST's runs test (see the module docstring). Exact."""
    result = runs_test([int(b) for b in bits])
    assert result.runs == runs
    assert result.n1 == bits.count("1")


def test_runs_normal_approximation_matches_statsmodels_without_ties():
    """Cross-check (not a published value): statsmodels' runstest_1samp with
    correction=False is the same statistic when no value equals the cut. Tolerance 1e-12."""
    from statsmodels.sandbox.stats.runs import runstest_1samp

    rng = np.random.default_rng(0)
    x = rng.normal(size=51)  # odd length: the median is one of the values; drop it first
    median = np.median(x)
    kept = x[x != median]
    z, p = runstest_1samp(kept, cutoff=median, correction=False)
    result = runs_test(x)
    assert result.statistic == pytest.approx(z, rel=1e-12)
    assert result.pvalue == pytest.approx(p, rel=1e-12)


@pytest.mark.parametrize(("n1", "n2"), [(1, 1), (2, 5), (4, 4), (6, 3), (7, 8)])
def test_exact_runs_distribution_matches_enumeration(n1, n2):
    """Cross-check: the closed form of Swed and Eisenhart (1943) against counting the runs of
    every arrangement of n1 ones and n2 zeros. Tolerance 1e-12."""
    n = n1 + n2
    counts = np.zeros(n + 1)
    for ones in itertools.combinations(range(n), n1):
        bits = np.zeros(n, dtype=int)
        bits[list(ones)] = 1
        counts[1 + np.count_nonzero(bits[1:] != bits[:-1])] += 1
    np.testing.assert_allclose(runs_distribution(n1, n2), counts / math.comb(n, n1), atol=1e-12)


# ---------------------------------------------------------------------------------------------
# longest run


def _class_probabilities(block, lower, upper):
    """P(longest <= lower), P(= lower + 1), ..., P(>= upper) for runs of ones, p = 1/2."""
    m_values = np.arange(lower + 1, upper + 1)
    at_least = longest_run_probabilities([block], 0.5, m_values)[0]
    below = 1.0 - at_least  # P(L < m) for m = lower + 1 .. upper
    return np.concatenate(([below[0]], np.diff(below), [at_least[-1]]))


def test_nist_longest_run_class_probabilities_m8():
    """NIST SP 800-22 Rev 1a §3.4 (and §2.4.4) for M = 8, classes <=1, 2, 3, >=4:
    pi = 0.2148, 0.3672, 0.2305, 0.1875 (printed to 4 decimals; tolerance 5e-5)."""
    computed = _class_probabilities(8, 1, 4)
    np.testing.assert_allclose(computed, [0.2148, 0.3672, 0.2305, 0.1875], atol=5e-5)
    # The exact values are 55/256, 94/256, 59/256, 48/256.
    np.testing.assert_allclose(computed * 256, [55, 94, 59, 48], atol=1e-9)


def test_nist_longest_run_class_probabilities_m128():
    """NIST SP 800-22 Rev 1a §3.4 for M = 128, classes <=4, 5, 6, 7, 8, >=9:
    pi = 0.1174, 0.2430, 0.2493, 0.1752, 0.1027, 0.1124 (as quoted in a NIST-STS
    reimplementation, search-index id 24349965366). Tolerance 1e-4: NIST's printed pi_2 =
    0.2493 is not the rounding of the exact 0.249363 (NIST computed these with an
    approximation), every other value agrees to 4 decimals."""
    computed = _class_probabilities(128, 4, 9)
    np.testing.assert_allclose(
        computed, [0.1174, 0.2430, 0.2493, 0.1752, 0.1027, 0.1124], atol=1e-4
    )


def test_nist_longest_run_worked_example():
    """NIST SP 800-22 Rev 1a §2.4.8: n = 128, M = 8 -> nu = (4, 9, 3, 0), chi2 = 4.882457,
    P-value = 0.180609 (with the exact pi; refs.md section 9). Our per-block longest runs and
    our exact class probabilities reproduce it; tolerance 1e-6 absolute."""
    bits = (
        "11001100000101010110110001001100111000000000001001001101010100010001001111010110"
        "100000001101011111001100111001101101100010110010"
    )
    blocks = [[1 - int(b) for b in bits[i : i + 8]] for i in range(0, 128, 8)]
    # A "losing streak" of the complemented block is a run of ones of the original block.
    result = longest_streak_test(blocks, 0.5)
    longest = np.array(result.longest_by_sequence)
    nu = np.array(
        [np.sum(longest <= 1), np.sum(longest == 2), np.sum(longest == 3), np.sum(longest >= 4)]
    )
    np.testing.assert_array_equal(nu, [4, 9, 3, 0])
    pi = _class_probabilities(8, 1, 4)
    chi2 = float(((nu - 16 * pi) ** 2 / (16 * pi)).sum())
    assert chi2 == pytest.approx(4.882457, abs=1e-6)
    assert stats.chi2.sf(chi2, 3) == pytest.approx(0.180609, abs=1e-6)


def test_longest_run_fair_coin_classic_recursion_and_approximation():
    """Cross-checks for n = 200 fair-coin tosses (runs of heads).

    1. The classic recursion for "no run of m heads in k tosses" used by Schilling (1990),
       A_k = sum_{j<m} 2^-(j+1) A_{k-1-j}, A_k = 1 for k < m (tolerance 1e-12).
    2. The expected longest run against the Gordon-Schilling-Waterman (1986) approximation
       quoted by Schilling (1990), log_{1/p}(n q) + gamma / ln(1/p) - 1/2 = log2(n) - 2/3 for a
       fair coin (6.977 for n = 200); the approximation's error is O(1/n) plus a tiny periodic
       term, so the tolerance is 0.02.
    """
    n = 200
    exact = []
    for m in range(1, 16):
        a = np.ones(n + 1)
        for k in range(m, n + 1):
            a[k] = sum(a[k - 1 - j] * 0.5 ** (j + 1) for j in range(m))
        exact.append(1 - a[n])
    computed = longest_run_probabilities([n], 0.5, np.arange(1, 16))[0]
    np.testing.assert_allclose(computed, exact, atol=1e-12)
    expected = longest_streak_test([[0] * n], 0.5).expected_longest
    assert expected == pytest.approx(math.log2(n) - 2 / 3, abs=0.02)
