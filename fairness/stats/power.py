"""Planning: how many spins a community needs to see a deviation that matters.

Two kinds of answer:

* :func:`spins_needed` answers at the verdict's own threshold: the number of spins after which
  the anytime-valid e-value (:mod:`fairness.stats.anytime`) reaches ``1/alpha`` with the asked
  power when one prize really comes ``ratio`` times as often as the statement allows. It is found
  by simulation (seeded), because the e-value has no closed-form power.
* :func:`chisq_power` / :func:`chisq_sample_size` are the classical fixed-sample answers for the
  Pearson test through the noncentral chi-square distribution (Cohen 1988, ch. 7), kept for
  comparison with textbook planning tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from fairness.stats._distributions import chi2_isf, norm_cdf, norm_isf, norm_ppf
from fairness.stats._result import Result
from fairness.stats.anytime import log_evalues

__all__ = [
    "Plan",
    "alternative_chances",
    "chisq_power",
    "chisq_sample_size",
    "difference_plan",
    "difference_spins",
    "evalue_power",
    "nice_round_up",
    "spins_needed",
]


def chisq_power(effect_size: float, n: float, df: int, alpha: float = 0.05) -> float:
    """Power of Pearson's goodness-of-fit test with Cohen's effect size ``w`` and ``n`` spins.

    ``power = 1 - F_ncx2(chi2_{1-alpha, df}; df, lambda = n w^2)`` (Cohen 1988, section 7.2).
    Valid when the chi-square approximation holds (expected counts of about 5 or more).

    References
    ----------
    1. Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences, 2nd ed., ch. 7.
    """
    if effect_size < 0 or n < 0 or df < 1 or not 0 < alpha < 1:
        raise ValueError("need effect_size >= 0, n >= 0, df >= 1 and 0 < alpha < 1")
    from scipy import stats  # the non-central chi-square is not in scipy.special

    critical = chi2_isf(alpha, df)
    return float(stats.ncx2.sf(critical, df, n * effect_size**2))


def chisq_sample_size(
    effect_size: float, df: int, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Spins for Pearson's test to reach ``power`` at effect size ``w`` (real-valued, as pwr)."""
    if effect_size <= 0:
        raise ValueError("effect_size must be positive")
    if not 0 < power < 1:
        raise ValueError("power must be in (0, 1)")
    from scipy import optimize

    return float(
        optimize.brentq(
            lambda n: chisq_power(effect_size, n, df, alpha) - power, 2.0, 1e12, xtol=1e-10
        )
    )


def alternative_chances(stated, lower, upper, target: int, ratio: float) -> np.ndarray:
    """Chances under the alternative: outcome ``target`` at ``ratio`` times what the statement
    allows (``ratio * lower`` when ``ratio < 1``, ``ratio * upper`` when ``ratio > 1``), the other
    outcomes rescaled in proportion so the chances still sum to 1."""
    stated = np.asarray(stated, dtype=float)
    edge = lower[target] if ratio < 1 else upper[target]
    alt_target = min(max(ratio * edge, 0.0), 1.0)
    others = np.delete(np.arange(len(stated)), target)
    rest = stated[others].sum()
    out = np.empty_like(stated)
    out[target] = alt_target
    out[others] = stated[others] / rest * (1 - alt_target) if rest > 0 else 0.0
    return out


def evalue_power(
    n: int,
    alternative,
    stated,
    lower,
    upper,
    *,
    alpha: float = 0.01,
    n_sim: int = 1000,
    seed: int = 0,
) -> float:
    """Share of simulated campaigns of ``n`` spins under ``alternative`` whose e-value reaches
    ``1/alpha`` at the end (looking only at the end: a lower bound on the power of a community
    that looks after every batch)."""
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(int(n), np.asarray(alternative, dtype=float), size=n_sim)
    log_e, _, _ = log_evalues(counts, stated, lower, upper)
    return float(np.mean(log_e >= np.log(1 / alpha)))


def nice_round_up(n: float) -> int:
    """Round up to two significant figures (1,234 -> 1,300): plans are approximate."""
    if n <= 0 or not math.isfinite(n):
        return int(max(n, 0)) if math.isfinite(n) else n
    magnitude = 10 ** max(math.floor(math.log10(n)) - 1, 0)
    return int(math.ceil(n / magnitude) * magnitude)


@dataclass(frozen=True)
class Plan(Result):
    """How many spins settle the question for one target deviation.

    Attributes
    ----------
    target : str
        Outcome whose deviation is planned for.
    stated, alternative : float
        Its stated chance and the chance under the deviation planned for.
    ratio, power, alpha : float
        The deviation (alternative / allowed), the power asked for and the verdict's level.
    n_required : int or None
        Spins after which the e-value reaches ``1/alpha`` with probability ``power`` under the
        deviation (rounded up to two significant figures); None when it is out of reach
        (more than ``max_spins``).
    n_now : int
        Spins already counted.
    power_now : float
        Power with the spins already counted.
    kind : str
        ``"evalue"``: the e-value against the stated odds (:func:`spins_needed`);
        ``"difference"``: a twofold difference of the target's chance between two halves of
        the spins (segments or periods) for a game that states no odds
        (:func:`difference_plan`); ``stated`` is then the chance measured so far.
    """

    target: str
    stated: float
    alternative: float
    ratio: float
    power: float
    alpha: float
    n_required: int | None
    n_now: int
    power_now: float
    max_spins: int
    kind: str = "evalue"

    @property
    def more_needed(self) -> int | None:
        """Further spins needed (0 when there are enough already)."""
        if self.n_required is None:
            return None
        return max(0, self.n_required - self.n_now)

    @property
    def enough(self) -> bool:
        return self.n_required is not None and self.n_now >= self.n_required

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "target": self.target,
                    "stated": self.stated,
                    "alternative": self.alternative,
                    "ratio": self.ratio,
                    "power": self.power,
                    "alpha": self.alpha,
                    "n_required": self.n_required,
                    "n_now": self.n_now,
                    "more_needed": self.more_needed,
                    "power_now": self.power_now,
                }
            ]
        )


def default_target(stated, values=None) -> int:
    """The rarest valuable prize: among outcomes worth more than the most common one (by stated
    value, when values are given; otherwise all but the most common), the one stated rarest."""
    stated = np.asarray(stated, dtype=float)
    common = int(np.argmax(stated))
    candidates = [i for i in range(len(stated)) if i != common and stated[i] > 0]
    if values is not None:
        values = np.asarray(values, dtype=float)
        if np.all(np.isfinite(values)):
            richer = [i for i in candidates if values[i] > values[common]]
            candidates = richer or candidates
    if not candidates:
        return common
    return min(candidates, key=lambda i: (stated[i], -i))


def spins_needed(
    stated,
    lower=None,
    upper=None,
    *,
    labels=None,
    target: int | str | None = None,
    values=None,
    ratio: float = 0.5,
    power: float = 0.8,
    alpha: float = 0.01,
    n_now: int = 0,
    n_sim: int = 1000,
    seed: int = 0,
    max_spins: int = 50_000_000,
) -> Plan:
    """Spins needed for the verdict's e-value to reach ``1/alpha`` with probability ``power``
    when the ``target`` prize comes ``ratio`` times as often as the statement allows.

    The default target is the rarest valuable prize (:func:`default_target`) and the default
    deviation half its chance, as in the verdict's definition of "enough data". The search
    doubles ``n`` until the simulated power is reached, then bisects to about 3%.
    """
    stated = np.asarray(stated, dtype=float)
    k = len(stated)
    lower = stated.copy() if lower is None else np.asarray(lower, dtype=float)
    upper = stated.copy() if upper is None else np.asarray(upper, dtype=float)
    labels = list(labels) if labels is not None else [str(i) for i in range(k)]
    if isinstance(target, str):
        target = labels.index(target)
    if target is None:
        target = default_target(stated, values)
    if not 0 < power < 1:
        raise ValueError("power must be in (0, 1)")
    if ratio <= 0 or ratio == 1:
        raise ValueError("ratio must be positive and not 1")
    alt = alternative_chances(stated, lower, upper, target, ratio)
    n_required = _search(
        tuple(alt), tuple(stated), tuple(lower), tuple(upper), power, alpha, n_sim, seed, max_spins
    )
    power_now = (
        evalue_power(n_now, alt, stated, lower, upper, alpha=alpha, n_sim=n_sim, seed=seed)
        if n_now > 0
        else 0.0
    )
    return Plan(
        target=labels[target],
        stated=float(stated[target]),
        alternative=float(alt[target]),
        ratio=ratio,
        power=power,
        alpha=alpha,
        n_required=n_required,
        n_now=int(n_now),
        power_now=power_now,
        max_spins=max_spins,
    )


@lru_cache(maxsize=256)
def _search(alt, stated, lower, upper, power, alpha, n_sim, seed, max_spins) -> int | None:
    alt, stated, lower, upper = map(np.asarray, (alt, stated, lower, upper))

    def reaches(n):
        return (
            evalue_power(n, alt, stated, lower, upper, alpha=alpha, n_sim=n_sim, seed=seed) >= power
        )

    # The deviation cannot be told from chance before the target could be seen a few times.
    n = max(int(np.ceil(1.0 / max(min(alt.min(), stated.min()), 1e-12))), 10)
    n = min(n, max_spins)
    low = 0
    while not reaches(n):
        low = n
        if n >= max_spins:
            return None
        n = min(n * 2, max_spins)
    high = n
    while high - low > max(1, 0.03 * high):
        mid = (low + high) // 2
        if reaches(mid):
            high = mid
        else:
            low = mid
    return nice_round_up(high)


def difference_spins(rate: float, *, ratio: float = 2.0, power: float = 0.8,
                     alpha: float = 0.01) -> int | None:
    r"""Spins needed, split equally between two groups, to see one group get an outcome
    ``ratio`` times as often as the other with a two-sided test at ``alpha``.

    The two chances average to ``rate``: :math:`p_1 = 2r / (1 + \text{ratio})`,
    :math:`p_2 = \text{ratio} \cdot p_1`. Per group (normal approximation, no continuity
    correction; Fleiss, Levin & Paik 2003, eq. 4.14; R's ``power.prop.test``):

    .. math:: m = \frac{\left(z_{1-\alpha/2}\sqrt{2\bar p \bar q}
              + z_{\text{power}}\sqrt{p_1 q_1 + p_2 q_2}\right)^2}{(p_2 - p_1)^2}

    Returns ``2 m`` rounded up (None when ``rate`` is 0 or the alternative exceeds 1).
    """
    if not 0 < power < 1 or not 0 < alpha < 1:
        raise ValueError("power and alpha must be in (0, 1)")
    if not rate > 0 or ratio <= 0 or ratio == 1:
        return None
    p1 = 2 * rate / (1 + ratio)
    p2 = ratio * p1
    if p2 >= 1 or p1 >= 1:
        return None
    mean = (p1 + p2) / 2
    z_a = norm_isf(alpha / 2)
    z_b = norm_ppf(power)
    m = (z_a * math.sqrt(2 * mean * (1 - mean))
         + z_b * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2
    return math.ceil(2 * m)


def difference_power(n: int, rate: float, *, ratio: float = 2.0, alpha: float = 0.01) -> float:
    """Power of the two-group comparison of :func:`difference_spins` with ``n`` spins in all."""
    if n <= 1 or not rate > 0:
        return 0.0
    p1 = 2 * rate / (1 + ratio)
    p2 = ratio * p1
    if p2 >= 1:
        return float("nan")
    m = n / 2
    mean = (p1 + p2) / 2
    z_a = norm_isf(alpha / 2)
    top = abs(p2 - p1) * math.sqrt(m) - z_a * math.sqrt(2 * mean * (1 - mean))
    return float(norm_cdf(top / math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))))


def difference_plan(observed, *, labels=None, values=None, ratio: float = 2.0,
                    power: float = 0.8, alpha: float = 0.01) -> Plan:
    """"Enough data" for a game that states no odds: spins for a ``ratio``-fold difference
    in the most valuable outcome seen so far, between two halves of the spins (two segments,
    or before and after a change), with ``power`` at the dependence family's level ``alpha``
    (:func:`difference_spins` at the measured chance).

    The target is the outcome with the highest value among those seen at least once (without
    values: the rarest seen); a prize never seen cannot be compared and is reported apart.
    """
    counts = np.asarray(observed, dtype=float)
    k = len(counts)
    labels = list(labels) if labels is not None else [str(i) for i in range(k)]
    n = int(counts.sum())
    seen = np.flatnonzero(counts > 0)
    if not len(seen):
        return Plan(target=labels[0] if labels else "", stated=float("nan"),
                    alternative=float("nan"), ratio=ratio, power=power, alpha=alpha,
                    n_required=None, n_now=n, power_now=0.0, max_spins=0, kind="difference")
    if values is not None and np.all(np.isfinite(values)):
        values = np.asarray(values, dtype=float)
        target = int(max(seen, key=lambda i: (values[i], -counts[i], -i)))
    else:
        target = int(min(seen, key=lambda i: (counts[i], i)))
    rate = counts[target] / n
    required = difference_spins(rate, ratio=ratio, power=power, alpha=alpha)
    p1 = 2 * rate / (1 + ratio)
    return Plan(target=labels[target], stated=float(rate), alternative=float(ratio * p1),
                ratio=ratio, power=power, alpha=alpha,
                n_required=None if required is None else nice_round_up(required), n_now=n,
                power_now=difference_power(n, rate, ratio=ratio, alpha=alpha),
                max_spins=0, kind="difference")
