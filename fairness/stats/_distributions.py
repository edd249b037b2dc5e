"""The probability functions of the checks, computed with :mod:`scipy.special`.

Why not ``scipy.stats``: importing it takes 0.5-1 s on our 2-core machines (it rewrites the
docstrings of several hundred functions as it loads; statsmodels imports it too), a fifth of
``fairness check`` on ten million spins, and each call of a distribution object spends
50-100 µs checking and broadcasting its arguments, which a batch of small campaigns pays
thousands of times. The functions here call the same special functions that ``scipy.stats``
calls underneath (Boost's incomplete beta and gamma functions and their inverses, Cephes'
normal distribution), so they give the same numbers; ``tests/test_distributions.py`` checks
each against ``scipy.stats`` and R. Code that needs more of ``scipy.stats`` (random tables,
the non-central chi-square) imports it in the function that uses it.

The binomial probabilities follow Loader's saddle-point form [1]_, as R's ``dbinom`` does: it
is accurate to a few units of rounding for any ``n``, where the textbook
``lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + ...`` loses about ``n * 1e-16`` in its
cancellation (3e-8 at ten million spins, more than the relative tolerance of 1e-7 with which
the two-sided exact test decides which counts are as likely as the observed one).

References
----------
.. [1] C. Loader (2000). Fast and accurate computation of binomial probabilities.
   https://www.r-project.org/doc/reports/CLoader-dbinom-2002.pdf
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

__all__ = ["beta_cdf", "beta_isf", "beta_ppf", "binom_cdf", "binom_logpmf", "binom_sf",
           "binomial_pvalue", "chi2_isf", "chi2_sf", "norm_cdf", "norm_isf", "norm_pdf",
           "norm_ppf", "norm_sf", "poisson_logpmf"]

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


# -- normal --------------------------------------------------------------------------------------

def norm_cdf(x):
    """P(Z <= x) for a standard normal Z."""
    return special.ndtr(x)


def norm_sf(x):
    """P(Z > x) for a standard normal Z (no cancellation for large x)."""
    return special.ndtr(-np.asarray(x, dtype=float))


def norm_ppf(q):
    """The ``q`` quantile of the standard normal."""
    return special.ndtri(q)


def norm_isf(q):
    """The ``1 - q`` quantile of the standard normal, accurate for small ``q``."""
    return -special.ndtri(q)


def norm_pdf(x):
    """The standard normal density exp(-x²/2) / sqrt(2 pi)."""
    x = np.asarray(x, dtype=float)
    return np.exp(-0.5 * x * x - _LOG_SQRT_2PI)


# -- chi-square ----------------------------------------------------------------------------------

def chi2_sf(x, df):
    """P(X > x) for X chi-square with ``df`` degrees of freedom: Q(df/2, x/2), the regularised
    upper incomplete gamma function."""
    return special.chdtrc(df, x)


def chi2_isf(q, df):
    """The ``x`` with P(X > x) = q for X chi-square with ``df`` degrees of freedom."""
    return 2.0 * special.gammainccinv(np.asarray(df, dtype=float) / 2.0, q)


# -- beta ----------------------------------------------------------------------------------------

def beta_cdf(x, a, b):
    """P(B <= x) for B ~ Beta(a, b): the regularised incomplete beta function I_x(a, b)."""
    return special.betainc(a, b, x)


def beta_ppf(q, a, b):
    """The ``q`` quantile of Beta(a, b)."""
    return special.betaincinv(a, b, q)


def beta_isf(q, a, b):
    """The ``1 - q`` quantile of Beta(a, b), accurate for small ``q``."""
    return special.betainccinv(a, b, q)


# -- binomial ------------------------------------------------------------------------------------

def binom_cdf(k, n, p):
    """P(X <= k) for X ~ Binomial(n, p), k, n whole numbers: 1 - I_p(k + 1, n - k) for
    0 <= k < n (0 below 0, 1 from n on)."""
    return _binomial_tail(k, n, p, upper=False)


def binom_sf(k, n, p):
    """P(X > k) for X ~ Binomial(n, p): I_p(k + 1, n - k) for 0 <= k < n (1 below 0, 0 from
    n on)."""
    return _binomial_tail(k, n, p, upper=True)


def _binomial_tail(k, n, p, upper: bool):
    k, n, p = np.broadcast_arrays(np.floor(np.asarray(k, dtype=float)),
                                  np.asarray(n, dtype=float), np.asarray(p, dtype=float))
    inside = (k >= 0) & (k < n)
    incomplete_beta = special.betainc if upper else special.betaincc
    with np.errstate(invalid="ignore"):
        value = incomplete_beta(np.where(inside, k + 1.0, 1.0), np.where(inside, n - k, 1.0), p)
    below, above = (1.0, 0.0) if upper else (0.0, 1.0)
    return np.where(k < 0, below, np.where(k >= n, above, value))[()]


def _stirling_error(n: float) -> float:
    """log(n!) - log(sqrt(2 pi n) (n/e)^n), the error of Stirling's formula (0 at n = 0).

    Up to 15 directly from ``lgamma`` (small numbers: nothing to cancel), above by its
    asymptotic series 1/(12n) - 1/(360n³) + 1/(1260n⁵) - 1/(1680n⁷) + 1/(1188n⁹), as in
    Loader (2000).
    """
    if n == 0:
        return 0.0
    if n <= 15:
        return math.lgamma(n + 1.0) - (n + 0.5) * math.log(n) + n - _LOG_SQRT_2PI
    inv2 = 1.0 / (n * n)
    return (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (
        1.0 / 1680 - inv2 / 1188)))) / n


def _deviance(x: float, mean: float) -> float:
    """x log(x / mean) + mean - x, the "deviance" term of Loader (2000), summed as a series in
    v = (x - mean) / (x + mean) when x is near ``mean`` (where the plain form cancels)."""
    if abs(x - mean) >= 0.1 * (x + mean):
        return x * math.log(x / mean) + mean - x
    v = (x - mean) / (x + mean)
    total = (x - mean) * v
    term = 2.0 * x * v
    for j in range(1, 200):  # |v| < 0.1: each term is 100 times smaller than the one before
        term *= v * v
        step = term / (2 * j + 1)
        if total + step == total:
            break
        total += step
    return total


def binom_logpmf(k: int, n: int, p: float) -> float:
    """log P(X = k) for X ~ Binomial(n, p), by Loader's saddle-point formula [1]_:

    P(X = k) = exp(e(n) - e(k) - e(n - k) - D(k, np) - D(n - k, nq)) sqrt(n / (2 pi k (n - k)))

    with e the Stirling error and D(x, m) = x log(x/m) + m - x; at the ends (1 - p)^n and p^n,
    in the form that keeps their precision. -inf outside 0..n.
    """
    q = 1.0 - p
    if k < 0 or k > n or (p == 0.0 and k > 0) or (p == 1.0 and k < n):
        return -math.inf
    if p == 0.0 or p == 1.0:
        return 0.0
    if k == 0:
        return -_deviance(n, n * q) - n * p if p < 0.1 else n * math.log1p(-p)
    if k == n:
        return -_deviance(n, n * p) - n * q if q < 0.1 else n * math.log(p)
    return (_stirling_error(n) - _stirling_error(k) - _stirling_error(n - k)
            - _deviance(k, n * p) - _deviance(n - k, n * q)
            - 0.5 * (2.0 * _LOG_SQRT_2PI + math.log(k) + math.log1p(-k / n)))


_TIES = math.log1p(1e-7)  # counts this much (relative) more likely still count as as likely


def binomial_pvalue(k: int, n: int, p: float, alternative: str = "two-sided") -> float:
    """P-value of the exact binomial test of "the chance is ``p``" after ``k`` hits in ``n``.

    ``"less"``: P(X <= k); ``"greater"``: P(X >= k); ``"two-sided"``: the probability of
    every count no more likely than ``k`` (with a relative tolerance of 1e-7 for ties), the
    rule of R's ``binom.test`` and ``scipy.stats.binomtest``. The counts on the far side of the
    mode that are as unlikely as ``k`` are found by bisection (the probabilities fall away
    from the mode), so the cost is ~log2(n) probabilities whatever ``n``.
    """
    if alternative == "less":
        return float(min(1.0, binom_cdf(k, n, p)))
    if alternative == "greater":
        return float(min(1.0, binom_sf(k - 1, n, p)))
    if p == 0.0 or p == 1.0:
        return 1.0 if k == round(p * n) else 0.0
    mean = p * n
    if k == mean:
        return 1.0
    threshold = binom_logpmf(k, n, p) + _TIES

    def likely(i: int) -> bool:  # as likely as k, or more
        return binom_logpmf(i, n, p) > threshold

    if k < mean:
        # The other side: the first count from the mode up that is no more likely than k.
        lo, hi = math.ceil(mean), n + 1
        while lo < hi:
            mid = (lo + hi) // 2
            if likely(mid):
                lo = mid + 1
            else:
                hi = mid
        return float(min(1.0, binom_cdf(k, n, p) + binom_sf(lo - 1, n, p)))
    # The other side: the last count below the mode that is no more likely than k.
    lo, hi = -1, math.floor(mean)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if likely(mid):
            hi = mid - 1
        else:
            lo = mid
    return float(min(1.0, binom_cdf(lo, n, p) + binom_sf(k - 1, n, p)))


# -- Poisson -------------------------------------------------------------------------------------

def poisson_logpmf(k, mu):
    """log P(Y = k) for Y ~ Poisson(mu): k log(mu) - mu - log(k!)."""
    k = np.asarray(k, dtype=float)
    return special.xlogy(k, mu) - mu - special.gammaln(k + 1.0)
