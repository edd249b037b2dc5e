"""Tail p-values shared by the tests: of an exact discrete null distribution, and of a normal
statistic, for the three alternatives.
"""

from __future__ import annotations

import numpy as np

from fairness.stats._distributions import norm_cdf, norm_sf

__all__ = ["normal_pvalue", "tail_pvalue"]


def tail_pvalue(pmf: np.ndarray, observed: int, alternative: str) -> float:
    lower = float(pmf[: observed + 1].sum())
    upper = float(pmf[observed:].sum())
    if alternative == "less":
        return min(1.0, lower)
    if alternative == "greater":
        return min(1.0, upper)
    return min(1.0, 2.0 * min(lower, upper))


def normal_pvalue(z: float, alternative: str) -> float:
    if not np.isfinite(z):
        return float("nan")
    if alternative == "less":
        return float(norm_cdf(z))
    if alternative == "greater":
        return float(norm_sf(z))
    return float(min(1.0, 2.0 * norm_sf(abs(z))))
