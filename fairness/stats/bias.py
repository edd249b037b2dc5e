"""Reporting bias: how selective would posting have to be to explain what is seen?

Crowdsourced spins over-represent what people like to post (a big win) or complain about (a
losing streak). :func:`reporting_bias` turns each outcome's deviation into the one number a
reader can judge: how many times more (or less) often people who got that outcome would have to
post it than people who got anything else, if the wheel were honest. :func:`complete_logs`
selects reporters whose logs are complete (flagged in the data, or long unbroken runs of
spins), so the analysis can be repeated on data that selective posting cannot distort.

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
from scipy import stats

__all__ = ["ReportingBias", "complete_logs", "complete_spins", "reporting_bias"]


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
class ReportingBias:
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
    alpha = 1 - float(level)
    # Clopper-Pearson limits of the share (beta quantiles; 0 and 1 at the edges).
    share_low = np.where(observed > 0, stats.beta.ppf(alpha / 2, observed, n - observed + 1), 0.0)
    share_high = np.where(observed < n, stats.beta.isf(alpha / 2, observed + 1, n - observed),
                          1.0)
    pvalue = np.array([
        stats.binomtest(int(k), n, float(p)).pvalue if 0 < p < 1 else np.nan
        for k, p in zip(observed, stated, strict=True)
    ])
    return ReportingBias(labels=names, observed=observed, stated=stated, share=share,
                         ratio=_propensity_ratio(share, stated),
                         ci_low=_propensity_ratio(share_low, stated),
                         ci_high=_propensity_ratio(share_high, stated), pvalue=pvalue, n=n,
                         level=float(level))


def _longest_consecutive(seq: np.ndarray) -> int:
    """Longest run of consecutive integers in a sorted array of sequence numbers."""
    if seq.size == 0:
        return 0
    values = np.unique(seq)
    breaks = np.flatnonzero(np.diff(values) != 1)
    bounds = np.concatenate(([-1], breaks, [values.size - 1]))
    return int(np.diff(bounds).max())


def complete_logs(spins: pd.DataFrame, min_consecutive: int = 20) -> pd.DataFrame:
    """Which reporters have complete logs?

    A reporter's log is taken as complete when

    * the spins table has a ``complete`` column and it is true for the reporter (every flagged
      row; the flag is the reporter's own statement, e.g. "all my spins since joining"), or
    * otherwise, the reporter has at least ``min_consecutive`` spins with consecutive ``seq``
      numbers (no gaps). Without a usable ``seq`` the reporter's number of spins is used.

    A reporter who posts every spin of a run is not choosing what to post, so outcomes from
    complete logs are free of selective reporting (not of who chose to start logging).

    Parameters
    ----------
    spins : pandas.DataFrame
        An Evidence spins table (``reporter``, optionally ``seq`` and ``complete``).
    min_consecutive : int

    Returns
    -------
    pandas.DataFrame
        One row per reporter: ``reporter``, ``spins``, ``longest_consecutive``, ``flagged``
        (from ``complete``; NA without the column), ``complete`` (bool), ``reason``.
    """
    if not isinstance(spins, pd.DataFrame):
        raise TypeError("spins must be a pandas DataFrame")
    if "reporter" not in spins:
        raise ValueError("spins has no 'reporter' column")
    if isinstance(min_consecutive, bool) or not isinstance(min_consecutive, (int, np.integer)):
        raise TypeError("min_consecutive must be an integer")
    if min_consecutive < 1:
        raise ValueError(f"min_consecutive must be >= 1, not {min_consecutive}")
    frame = spins[spins["reporter"].notna()]
    has_flag = "complete" in spins
    rows = []
    for reporter, group in frame.groupby("reporter", sort=True):
        seq = pd.to_numeric(group["seq"], errors="coerce") if "seq" in group else None
        if seq is not None and seq.notna().all():
            longest = _longest_consecutive(seq.to_numpy(dtype=np.int64))
        else:
            longest = len(group)
        flagged = pd.NA
        if has_flag:
            flag = group["complete"].map(_as_flag)
            flagged = bool(flag.notna().any() and flag.dropna().all())
        if has_flag and flagged:
            complete, reason = True, "flagged complete"
        elif has_flag and group["complete"].map(_as_flag).notna().any():
            complete, reason = False, "flagged incomplete"
        elif longest >= min_consecutive:
            complete, reason = True, f"at least {min_consecutive} consecutive spins"
        else:
            complete, reason = False, f"fewer than {min_consecutive} consecutive spins"
        rows.append({"reporter": reporter, "spins": len(group), "longest_consecutive": longest,
                     "flagged": flagged, "complete": complete, "reason": reason})
    return pd.DataFrame(rows, columns=["reporter", "spins", "longest_consecutive", "flagged",
                                       "complete", "reason"])


def _as_flag(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer, float)):
        return bool(value)
    text = str(value).strip().casefold()
    if text in {"1", "true", "yes", "y", "да", "complete", "полный"}:
        return True
    if text in {"0", "false", "no", "n", "нет", ""}:
        return False
    return None


def complete_spins(spins: pd.DataFrame, min_consecutive: int = 20) -> pd.DataFrame:
    """The rows of ``spins`` from reporters with complete logs (see :func:`complete_logs`)."""
    table = complete_logs(spins, min_consecutive)
    keep = set(table.loc[table["complete"], "reporter"])
    return spins[spins["reporter"].isin(keep)]
