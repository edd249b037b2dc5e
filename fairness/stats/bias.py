"""Reporting bias: how selective would posting have to be to explain what is seen?

Crowdsourced spins over-represent what people like to post (a big win) or complain about (a
losing streak). :func:`reporting_bias` turns each outcome's deviation into the one number a
reader can judge: how many times more (or less) often people who got that outcome would have to
post it than people who got anything else, if the wheel were honest.
:func:`fairness.logs.complete_logs` (the analysis layer: it reads a spins table) selects
reporters whose logs are complete, so the analysis can be repeated on data that selective
posting cannot distort.

References
----------
.. [1] C. J. Clopper and E. S. Pearson (1934). The use of confidence or fiducial limits
   illustrated in the case of the binomial. *Biometrika* 26(4), 404-413.
.. [2] J. B. Copas and H. G. Li (1997). Inference for non-random samples. *JRSS B* 59(1),
   55-95 (selection on the outcome; the propensity-ratio form used here is the simplest case).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fairness.stats._distributions import binomial_pvalue
from fairness.stats._result import Result
from fairness.stats.intervals import clopper_pearson

__all__ = ["ReportingBias", "reporting_bias"]


def _propensity_ratio(share: np.ndarray, stated: np.ndarray) -> np.ndarray:
    """``r = q (1 - p) / (p (1 - q))``, with 0 and inf at the edges."""
    share = np.asarray(share, dtype=float)
    stated = np.asarray(stated, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = share * (1 - stated) / (stated * (1 - share))
    ratio = np.where(share <= 0, 0.0, ratio)
    ratio = np.where((share >= 1) & (stated < 1), np.inf, ratio)
    return np.where((stated <= 0) | (stated >= 1), np.nan, ratio)


@dataclass(frozen=True)
class ReportingBias(Result):
    """Result of :func:`reporting_bias`: one row per outcome (see :meth:`to_frame`)."""

    labels: tuple = field(repr=False)
    observed: np.ndarray = field(repr=False, compare=False)
    stated: np.ndarray = field(repr=False, compare=False)
    share: np.ndarray = field(repr=False, compare=False)
    ratio: np.ndarray = field(repr=False, compare=False)
    ci_low: np.ndarray = field(repr=False, compare=False)
    ci_high: np.ndarray = field(repr=False, compare=False)
    pvalue: np.ndarray = field(repr=False, compare=False)
    n: int = 0
    level: float = 0.95

    @property
    def deviates(self) -> np.ndarray:
        """True where the interval of the ratio excludes 1 (the share's interval excludes the
        stated chance)."""
        return (np.asarray(self.ci_low) > 1) | (np.asarray(self.ci_high) < 1)

    def to_frame(self) -> pd.DataFrame:
        """Per outcome: stated, observed, share, ratio with its interval, p-value, deviates,
        direction ("over-posted" when ratio > 1)."""
        ratio = np.asarray(self.ratio, dtype=float)
        direction = np.where(ratio > 1, "over-posted", np.where(ratio < 1, "under-posted", "even"))
        direction = np.where(np.isnan(ratio), "undefined", direction)
        return pd.DataFrame({
            "outcome": list(self.labels),
            "stated": self.stated,
            "observed": np.asarray(self.observed, dtype=int),
            "share": self.share,
            "ratio": ratio,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "pvalue": self.pvalue,
            "deviates": self.deviates,
            "direction": direction,
            "level": self.level,
        })

    def summary(self) -> dict[str, Any]:
        """The most extreme deviating outcome (largest |log ratio| among those that deviate)."""
        ratio = np.asarray(self.ratio, dtype=float)
        with np.errstate(divide="ignore"):
            size = np.abs(np.log(np.where(ratio > 0, ratio, np.nan)))
        size = np.where(self.deviates & np.isfinite(size), size, -1.0)
        method = "propensity ratio (odds of observed vs stated share), Clopper-Pearson"
        if size.size == 0 or size.max() < 0:
            return {"test": "reporting_bias", "statistic_name": "propensity ratio",
                    "statistic": float("nan"), "pvalue": float("nan"), "effect_name":
                    "propensity ratio", "effect": float("nan"), "outcome": None, "n": self.n,
                    "method": method}
        i = int(np.argmax(size))
        return {"test": "reporting_bias", "statistic_name": "propensity ratio",
                "statistic": float(ratio[i]), "pvalue": float(self.pvalue[i]),
                "effect_name": "propensity ratio", "effect": float(ratio[i]),
                "ci_low": float(self.ci_low[i]), "ci_high": float(self.ci_high[i]),
                "outcome": self.labels[i], "n": int(self.n), "method": method}


def reporting_bias(observed, stated, *, labels: Sequence[str] | None = None,
                   level: float = 0.95) -> ReportingBias:
    r"""The reporting-propensity ratio that would explain each outcome's deviation on its own.

    Suppose the wheel is honest (outcome :math:`i` has chance :math:`p_i`) and people who got
    :math:`i` post their spin :math:`r_i` times as often as people who got anything else. The
    share of :math:`i` among posted spins is then

    .. math::

        q_i = \frac{p_i r_i}{p_i r_i + (1 - p_i)}
        \quad\Longleftrightarrow\quad
        r_i = \frac{q_i (1 - p_i)}{p_i (1 - q_i)},

    the odds ratio of observed to stated share. Each outcome is treated alone (the others are
    posted at one common rate). The interval maps the Clopper-Pearson interval of :math:`q_i`
    [1]_ through this increasing function; the p-value is the exact two-sided binomial test of
    :math:`q_i = p_i` (equivalently :math:`r_i = 1`). ``r = 2`` reads "people who got this
    outcome would have to post 2 times as often as the rest". Outcomes with stated chance 0 or
    1 get NaN (no propensity can make a forbidden outcome appear).

    Parameters
    ----------
    observed : array_like of int
        Observed count of each outcome.
    stated : array_like of float
        Stated chances (renormalised to sum to 1).
    labels : sequence of str, optional
    level : float
        Confidence level.

    Returns
    -------
    ReportingBias
    """
    observed = np.asarray(observed)
    if observed.ndim != 1 or observed.size < 2:
        raise ValueError("observed must be a 1-D array of at least two counts")
    if not np.issubdtype(observed.dtype, np.number):
        raise TypeError(f"observed must hold counts, not {observed.dtype}")
    if np.any(observed < 0) or np.any(observed != np.round(observed)):
        raise ValueError("observed must hold whole-number counts >= 0")
    observed = observed.astype(np.int64)
    stated = np.asarray(stated, dtype=float).reshape(-1)
    if stated.size != observed.size:
        raise ValueError(f"stated must have {observed.size} entries, not {stated.size}")
    if np.any(~np.isfinite(stated)) or np.any(stated < 0) or abs(stated.sum() - 1) > 1e-6:
        raise ValueError(f"stated must be chances >= 0 summing to 1 (sum is {stated.sum():.6g})")
    stated = stated / stated.sum()
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be in (0, 1), not {level}")
    names = tuple(labels) if labels is not None else tuple(range(observed.size))
    if len(names) != observed.size:
        raise ValueError(f"labels must have {observed.size} entries")
    n = int(observed.sum())
    if n == 0:
        raise ValueError("observed must contain at least one spin")
    share = observed / n
    # Clopper-Pearson limits of the share (beta quantiles; 0 and 1 at the edges).
    share_low, share_high = clopper_pearson(observed, n, float(level))
    pvalue = np.array([
        binomial_pvalue(int(k), n, float(p)) if 0 < p < 1 else np.nan
        for k, p in zip(observed, stated, strict=True)
    ])
    return ReportingBias(labels=names, observed=observed, stated=stated, share=share,
                         ratio=_propensity_ratio(share, stated),
                         ci_low=_propensity_ratio(share_low, stated),
                         ci_high=_propensity_ratio(share_high, stated), pvalue=pvalue, n=n,
                         level=float(level))
