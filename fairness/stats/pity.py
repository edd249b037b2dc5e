"""Pity / anti-pity: does the chance of the top prize depend on the spins since the last one?

:func:`pity_test`  logistic regression of the top-prize indicator on the spins since the last
                   one [6]_, plus a guarantee check (the longest gap against its exact
                   distribution [3]_ [4]_), combined by Bonferroni.

Sequences are given as :class:`~fairness.stats.sequences.Sequences`, a list, or a mapping
reporter -> sequence of 1-D arrays of outcome codes (``0 .. k_outcomes - 1``) in the order of
the spins; ``fairness.logs.sequences_from_spins`` builds them from an Evidence spins table.

References
----------
.. [3] M. F. Schilling (1990). The longest run of heads. *The College Mathematics Journal*
   21(3), 196-207.
.. [4] W. Feller (1968). *An Introduction to Probability Theory and Its Applications*, vol. 1,
   3rd ed., Wiley, chapter XIII.7 (runs of successes, recurrent events).
.. [6] D. W. Hosmer, S. Lemeshow and R. X. Sturdivant (2013). *Applied Logistic Regression*,
   3rd ed., Wiley (likelihood-ratio test of a slope).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from fairness.stats._distributions import chi2_sf
from fairness.stats._pvalues import normal_pvalue
from fairness.stats._result import Result
from fairness.stats.intervals import clopper_pearson
from fairness.stats.sequences import Sequences, as_sequences, longest_runs
from fairness.stats.streaks import expected_max_longest, prob_max_at_least

# Default edges of the "spins since the last top prize" bins in the pity hazard table.
_PITY_BINS = (0, 5, 10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000)

__all__ = [
    "PityResult",
    "pity_test",
]


def _spins_since_last_flat(hits: np.ndarray, seqs: Sequences) -> np.ndarray:
    """For each spin, the spins since the last hit before it in its own sequence (or since the
    sequence's start)."""
    index = np.arange(hits.size, dtype=np.int64)
    start = np.repeat(seqs.starts, seqs.lengths)
    # Each sequence's start - 1 acts as a hit just before it, so the running maximum of the
    # latest hit never reaches back into the previous sequence.
    latest = np.maximum.accumulate(np.where(hits, index, start - 1)) if hits.size else index
    before = np.concatenate(([-1], latest[:-1]))
    firsts = seqs.starts[seqs.lengths > 0]
    before[firsts] = firsts - 1
    return index - before - 1


@dataclass(frozen=True)
class PityResult(Result):
    """Result of :func:`pity_test`.

    Attributes
    ----------
    pvalue : float
        Bonferroni combination ``min(1, 2 min(slope_pvalue, guarantee_pvalue))`` of the two
        checks (the slope p-value alone when there is no stated chance to check against).
    slope, slope_se : float
        Logistic-regression slope of the top-prize indicator on the covariate (``log1p`` or
        linear spins since the last top prize) and its standard error. Positive: pity (the
        chance grows during a drought); negative: anti-pity.
    slope_pvalue : float
        Two-sided likelihood-ratio test of slope = 0 (score test if the fit fails).
    direction : str
        "pity" (chance rises with the drought), "anti-pity" or "none": the sign of the slope,
        or of the score when the fit diverges (e.g. every hit right after a hit).
    odds_ratio : float
        ``exp(slope * ln 2)`` (odds multiplier per doubling of 1 + spins since) for the log
        covariate, ``exp(10 * slope)`` (per 10 spins) for the linear one.
    longest_gap : int
        Longest run of spins without the top prize in any sequence (censored ends included).
    expected_longest_gap : float
        Its expectation under the stated (or pooled observed) chance.
    guarantee_pvalue : float
        ``P(longest gap <= observed)``: small when gaps are cut short, as by a guarantee.
    hazard : pandas.DataFrame
        Empirical chance of the top prize by bins of spins since the last one.
    """

    pvalue: float
    slope: float
    slope_se: float
    slope_pvalue: float
    direction: str
    odds_ratio: float
    covariate: str
    n_hits: int
    n_spins: int
    n_sequences: int
    top_rate: float
    stated: float | None
    longest_gap: int
    expected_longest_gap: float
    guarantee_pvalue: float
    hazard: pd.DataFrame = field(repr=False, compare=False)
    method: str = ""

    @property
    def statistic(self) -> float:
        return self.slope

    def summary(self) -> dict[str, Any]:
        per = "per doubling of spins since" if self.covariate == "log" else "per 10 spins since"
        return {
            "test": "pity",
            "statistic_name": "logistic slope",
            "statistic": float(self.slope),
            "pvalue": float(self.pvalue),
            "effect_name": f"odds ratio {per}",
            "effect": float(self.odds_ratio),
            "direction": self.direction,
            "slope_se": float(self.slope_se),
            "slope_pvalue": float(self.slope_pvalue),
            "longest_gap": int(self.longest_gap),
            "expected_longest_gap": float(self.expected_longest_gap),
            "guarantee_pvalue": float(self.guarantee_pvalue),
            "n_hits": int(self.n_hits),
            "n_spins": int(self.n_spins),
            "n_sequences": int(self.n_sequences),
            "top_rate": float(self.top_rate),
            "stated": float(self.stated) if self.stated is not None else float("nan"),
            "method": self.method,
        }



@dataclass(frozen=True)
class LogisticFit:
    """A fitted binomial logistic regression: ``params`` (intercept, slope), their standard
    errors ``bse``, the fitted chances ``mu`` and whether the iterations ``converged``."""

    params: np.ndarray
    bse: np.ndarray
    mu: np.ndarray
    converged: bool


def logistic_fit(successes: np.ndarray, trials: np.ndarray, x: np.ndarray,
                 max_iter: int = 100, tol: float = 1e-8) -> LogisticFit:
    r"""Binomial logistic regression :math:`\operatorname{logit} \mu_i = b_0 + b_1 x_i` of
    ``successes`` out of ``trials`` at each ``x``, by iteratively reweighted least squares.

    Each step solves the weighted least squares :math:`b = (X^T W X)^{-1} X^T W z` with
    :math:`W = \operatorname{diag}(n_i \mu_i (1 - \mu_i))` and the working response
    :math:`z_i = \eta_i + (y_i / n_i - \mu_i) / (\mu_i (1 - \mu_i))`, from the start
    :math:`\mu_i = (y_i / n_i + 1/2) / 2`, until the deviance changes by at most ``tol``:
    the algorithm, start and stopping rule of statsmodels' ``GLM(family=Binomial()).fit()``
    (McCullagh & Nelder 1989, ch. 2.5 and 4), whose numbers it gives. The standard errors are
    the square roots of the diagonal of :math:`(X^T W X)^{-1}` (the binomial scale is 1).

    With two parameters each step is a 2x2 solve, so a fit costs microseconds; statsmodels is
    not imported for it (its import alone takes longer than ``fairness check``'s statistics
    on a million spins).
    """
    successes = np.asarray(successes, dtype=float)
    trials = np.asarray(trials, dtype=float)
    design = np.column_stack([np.ones(x.size), np.asarray(x, dtype=float)])
    rate = successes / trials
    mu = (rate + 0.5) / 2.0
    eta = special.logit(mu)

    def deviance(mu: np.ndarray) -> float:
        return 2.0 * float(np.sum(special.xlogy(successes, rate / mu)
                                  + special.xlogy(trials - successes, (1.0 - rate) / (1.0 - mu))))

    previous = deviance(mu)
    params = np.full(2, np.nan)
    information = np.full((2, 2), np.nan)
    converged = False
    with np.errstate(all="ignore"):
        for _ in range(max_iter):
            variance = mu * (1.0 - mu)
            weights = trials * variance
            working = eta + (rate - mu) / variance
            information = design.T @ (weights[:, None] * design)
            try:
                params = np.linalg.solve(information, design.T @ (weights * working))
            except np.linalg.LinAlgError:
                break
            eta = design @ params
            mu = special.expit(eta)
            current = deviance(mu)
            if not np.isfinite(current):
                break
            if abs(current - previous) <= tol:
                converged = True
                break
            previous = current
        try:
            bse = np.sqrt(np.diag(np.linalg.inv(information)))
        except np.linalg.LinAlgError:
            bse = np.full(2, np.nan)
    return LogisticFit(params=params, bse=bse, mu=mu, converged=converged)


def _hazard_table(since: np.ndarray, hits: np.ndarray, bins, stated: float | None,
                  level: float) -> pd.DataFrame:
    edges = np.asarray(bins, dtype=float)
    top = float(since.max()) + 1 if since.size else 1.0
    edges = edges[edges < top]
    if edges.size == 0 or edges[0] > 0:
        edges = np.concatenate(([0.0], edges))
    edges = np.append(edges, top)  # the last bin ends at the longest drought seen
    which = np.searchsorted(edges, since, side="right") - 1
    spins = np.bincount(which, minlength=edges.size - 1)[: edges.size - 1]
    hit_counts = np.bincount(which[hits], minlength=edges.size - 1)[: edges.size - 1].astype(float)
    rate = np.divide(hit_counts, spins, out=np.full(spins.shape, np.nan), where=spins > 0)
    low, high = clopper_pearson(hit_counts, np.maximum(spins, 1), level)
    low = np.where(spins > 0, low, np.nan)
    high = np.where(spins > 0, high, np.nan)
    labels = [f"{int(a)}" if b - a == 1 else f"{int(a)}-{int(b) - 1}"
              for a, b in itertools.pairwise(edges)]
    return pd.DataFrame({
        "spins_since": labels,
        "low": edges[:-1].astype(int),
        "high": (edges[1:] - 1).astype(int),
        "spins": spins.astype(int),
        "hits": hit_counts.astype(int),
        "rate": rate,
        "ci_low": low,
        "ci_high": high,
        "stated": np.nan if stated is None else float(stated),
    })


def pity_test(sequences, top_code, *, stated: float | None = None, covariate: str = "log",
              bins=_PITY_BINS, level: float = 0.95) -> PityResult:
    r"""Pity / anti-pity: does the chance of the top prize depend on the spins since the last one?

    For every spin, ``since`` = number of spins since the previous top prize in the same
    sequence, or since the start of the sequence (the reporter's history before the log is not
    known, so drought lengths are counted from the first logged spin: under the null this keeps
    the test valid, since any function of the past is independent of an honest spin; it only
    dilutes the power).

    Two checks:

    1. **Slope.** Logistic regression (:func:`logistic_fit`) of the top-prize indicator on
       :math:`\log(1 + \text{since})` (``covariate="log"``, default: a guarantee after a long
       drought is a steep rise at the end, which the log scale keeps from being dominated by
       the rare long droughts) or on ``since`` (``"linear"``). The slope's two-sided
       likelihood-ratio p-value [6]_ (better than the Wald p-value for rare events; the score
       test when the fit fails, e.g. separation).
    2. **Guarantee.** The longest run without the top prize in any sequence, against its exact
       distribution under the stated chance (:func:`longest_streak_test`, ``"less"``):
       :math:`P(\max_j L_j \le \text{observed})`. A "guaranteed by spin G" mechanic caps every
       gap below G; with an honest wheel long gaps are common.

    ``pvalue`` combines them by Bonferroni, ``min(1, 2 min(p_1, p_2))``; with ``stated=None``
    the guarantee check uses the pooled observed rate (approximate) and ``pvalue`` is the
    slope p-value alone.

    Parameters
    ----------
    sequences : list of array_like of int, or mapping reporter -> array_like
        Outcome codes in spin order.
    top_code : int or iterable of int
        Code(s) of the top prize.
    stated : float, optional
        Stated chance of the top prize (sum over ``top_code``).
    covariate : {"log", "linear"}
    bins : sequence of int
        Left edges of the ``since`` bins of the hazard table.
    level : float
        Confidence level of the hazard intervals (Clopper-Pearson).

    Returns
    -------
    PityResult
    """
    if covariate not in ("log", "linear"):
        raise ValueError(f"covariate must be 'log' or 'linear', not {covariate!r}")
    if stated is not None and not 0.0 < float(stated) < 1.0:
        raise ValueError(f"stated must be in (0, 1), not {stated}")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be in (0, 1), not {level}")
    seqs = as_sequences(sequences)
    seqs = seqs.select(seqs.lengths > 0)
    top = np.atleast_1d(np.asarray(top_code, dtype=np.int64))
    hits = seqs.codes == top[0] if top.size == 1 else np.isin(seqs.codes, top)
    since = _spins_since_last_flat(hits, seqs)
    n_spins = int(hits.size)
    n_hits = int(hits.sum())
    top_rate = n_hits / n_spins if n_spins else float("nan")
    hazard = _hazard_table(since, hits, bins, stated, float(level))

    # The covariate depends on `since` only, so the spins are grouped by it: the binomial
    # likelihood of the groups is the Bernoulli likelihood of the spins, and the fit costs the
    # same for ten million spins as for a thousand.
    spins_at = np.bincount(since)
    values = np.flatnonzero(spins_at)
    trials = spins_at[values].astype(float)
    # Hits per value of `since`: whole numbers, counted (no float copy of every spin's flag).
    successes = np.bincount(since[hits], minlength=spins_at.size)[values].astype(float)
    x = np.log1p(values) if covariate == "log" else values.astype(float)
    # Sign of the score U = sum (x - mean x) * hit: the direction of the trend even when the
    # logistic fit diverges (separation).
    mean_x = float((trials * x).sum() / n_spins) if n_spins else 0.0
    trend = float(((x - mean_x) * successes).sum()) if n_spins else 0.0
    slope = slope_se = float("nan")
    slope_pvalue = float("nan")
    how = ""
    if 0 < n_hits < n_spins and values.size > 1:
        fitted = logistic_fit(successes, trials, x)
        # Separation: the fit "converges" towards an infinite slope, some fitted chances
        # reach 0 or 1; the slope and its likelihood ratio are then not to be trusted.
        separated = np.any((fitted.mu < 1e-8) | (fitted.mu > 1.0 - 1e-8))
        if not fitted.converged or separated or not np.all(np.isfinite(fitted.bse)):
            fitted = None
        if fitted is not None:
            slope = float(fitted.params[1])
            slope_se = float(fitted.bse[1])
            mu = np.clip(fitted.mu, 1e-300, 1.0)
            loglik = float((special.xlogy(successes, mu)
                            + special.xlogy(trials - successes, 1.0 - mu)).sum())
            # The intercept-only log-likelihood in closed form (saves a second fit).
            null_loglik = (n_hits * math.log(top_rate)
                           + (n_spins - n_hits) * math.log(1.0 - top_rate))
            lr = max(2.0 * (loglik - null_loglik), 0.0)
            slope_pvalue = float(chi2_sf(lr, 1))
            how = "logistic regression, likelihood-ratio test"
        else:
            # Score (Cochran-Armitage) test of slope = 0: needs only the null fit.
            rate = n_hits / n_spins
            var = rate * (1 - rate) * float((trials * (x - mean_x) ** 2).sum())
            z = trend / math.sqrt(var) if var > 0 else float("nan")
            slope_pvalue = normal_pvalue(z, "two-sided")
            how = "score test (logistic fit did not converge)"
    else:
        how = "not applicable (no variation in hits or spins since)"
    unit = math.log(2.0) if covariate == "log" else 10.0
    odds_ratio = float(math.exp(slope * unit)) if np.isfinite(slope) else float("nan")

    # Guarantee check: gaps are runs of non-top spins.
    lengths = seqs.lengths
    gaps = longest_runs(~hits, seqs)
    longest_gap = int(gaps.max()) if gaps.size else 0
    check_rate = float(stated) if stated is not None else top_rate
    if n_spins and 0.0 < check_rate < 1.0:
        q = 1.0 - check_rate
        guarantee_pvalue = float(1.0 - prob_max_at_least(lengths, q, [longest_gap + 1])[0])
        expected_gap = expected_max_longest(lengths, q)
    else:
        guarantee_pvalue, expected_gap = float("nan"), float("nan")
    if stated is not None and np.isfinite(guarantee_pvalue):
        candidates = [v for v in (slope_pvalue, guarantee_pvalue) if np.isfinite(v)]
        pvalue = min(1.0, len(candidates) * min(candidates)) if candidates else float("nan")
        how += "; guarantee: exact longest-gap test; combined by Bonferroni"
    else:
        pvalue = slope_pvalue
    reference = slope if np.isfinite(slope) else trend
    direction = "pity" if reference > 0 else ("anti-pity" if reference < 0 else "none")
    return PityResult(pvalue=float(pvalue), slope=slope, slope_se=slope_se, direction=direction,
                      slope_pvalue=slope_pvalue, odds_ratio=odds_ratio, covariate=covariate,
                      n_hits=n_hits, n_spins=n_spins, n_sequences=len(seqs), top_rate=top_rate,
                      stated=None if stated is None else float(stated), longest_gap=longest_gap,
                      expected_longest_gap=expected_gap, guarantee_pvalue=guarantee_pvalue,
                      hazard=hazard, method=how)
