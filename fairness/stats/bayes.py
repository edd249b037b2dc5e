r"""Bayesian estimates of the chances: Dirichlet posterior, credible intervals, expected prize.

With counts :math:`O_1, \dots, O_k` of a multinomial and a Dirichlet prior with parameters
:math:`\alpha_1, \dots, \alpha_k`, the posterior of the chances is Dirichlet with
concentration :math:`a_i = \alpha_i + O_i` (conjugacy). Each chance on its own is
:math:`\mathrm{Beta}(a_i, A - a_i)` with :math:`A = \sum_j a_j` (the aggregation property of the
Dirichlet), which gives exact credible intervals and :math:`P(\text{chance}_i < \text{stated}_i)`.

The default prior is Jeffreys' prior, :math:`\alpha_i = 1/2`, the Dirichlet(1/2, ..., 1/2) that
is invariant under reparametrisation and whose marginal Beta(1/2, 1/2)-based intervals have
good frequentist coverage for a single proportion [1]_, [2]_. For many outcomes it puts a total
prior weight of ``k / 2`` spins on the table; Berger, Bernardo & Sun [3]_ recommend a smaller
common parameter (about ``1 / k``) as an overall objective prior when ``k`` is large, which can
be passed as ``prior``. A uniform prior is ``prior=1``.

References
----------
1. Jeffreys, H. (1946). An invariant form for the prior probability in estimation problems.
   *Proc. R. Soc. London A* 186, 453-461.
2. Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial proportion.
   *Statistical Science* 16(2), 101-133.
3. Berger, J. O., Bernardo, J. M. & Sun, D. (2015). Overall objective priors. *Bayesian
   Analysis* 10(1), 189-221.
4. Gelman, A., Carlin, J. B., Stern, H. S., Dunson, D. B., Vehtari, A. & Rubin, D. B. (2013).
   *Bayesian Data Analysis*, 3rd ed., sections 2.4 and 3.4. CRC Press.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from fairness.stats._distributions import beta_cdf, beta_ppf
from fairness.stats._result import Result
from fairness.stats._validation import as_count_array, check_level, readonly

__all__ = ["DirichletPosterior", "ValuePosterior", "dirichlet_posterior"]


@dataclass(frozen=True)
class ValuePosterior(Result):
    r"""Posterior of the expected prize value :math:`\sum_i \theta_i v_i`.

    Attributes
    ----------
    mean : float
        Exact posterior mean :math:`\sum_i a_i v_i / A`.
    low, high : float
        Equal-tailed credible interval at ``level``, from seeded Dirichlet draws.
    level : float
        Credibility level.
    prob_below_stated : float or None
        Posterior probability that the expected value is below ``stated_value`` (share of
        draws), or None when no stated value was given.
    stated_value : float or None
        The expected value implied by the stated odds, if given.
    """

    mean: float
    low: float
    high: float
    level: float
    prob_below_stated: float | None
    stated_value: float | None

    def to_frame(self) -> pd.DataFrame:
        """One row with every field."""
        return pd.DataFrame(
            [
                {
                    "mean": self.mean,
                    "low": self.low,
                    "high": self.high,
                    "level": self.level,
                    "prob_below_stated": self.prob_below_stated,
                    "stated_value": self.stated_value,
                }
            ]
        )


@dataclass(frozen=True)
class DirichletPosterior(Result):
    r"""Dirichlet posterior of the chances of a game's outcomes.

    Attributes
    ----------
    prior : numpy.ndarray
        Prior concentration :math:`\alpha_i > 0`.
    observed : numpy.ndarray
        Observed counts :math:`O_i`.
    concentration : numpy.ndarray
        Posterior concentration :math:`a_i = \alpha_i + O_i`.
    """

    prior: np.ndarray
    observed: np.ndarray
    concentration: np.ndarray

    def _rest(self) -> np.ndarray:
        """Second Beta parameter of each marginal, :math:`A - a_i` (0 with a single outcome)."""
        return self.concentration.sum() - self.concentration

    def mean(self) -> np.ndarray:
        r"""Posterior mean of each chance, :math:`a_i / A`."""
        return self.concentration / self.concentration.sum()

    def credible_interval(self, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        r"""Equal-tailed credible interval of each chance from its marginal Beta.

        :math:`[B^{-1}((1-\text{level})/2;\, a_i, A-a_i),\; B^{-1}((1+\text{level})/2;\,
        a_i, A-a_i)]`, computed with :func:`scipy.special.betaincinv`. With a single outcome its
        chance is 1 with certainty and the interval is [1, 1].

        Parameters
        ----------
        level : float
            Credibility level, in (0, 1).

        Returns
        -------
        (low, high) : tuple of numpy.ndarray
        """
        level = check_level(level)
        rest = self._rest()
        certain = rest <= 0.0
        safe_rest = np.where(certain, 1.0, rest)
        low = beta_ppf((1.0 - level) / 2.0, self.concentration, safe_rest)
        high = beta_ppf((1.0 + level) / 2.0, self.concentration, safe_rest)
        low = np.where(certain, 1.0, low)
        high = np.where(certain, 1.0, high)
        return np.asarray(low, dtype=float), np.asarray(high, dtype=float)

    def prob_below(self, stated: Sequence[float] | np.ndarray | float) -> np.ndarray:
        r"""Posterior probability that each chance is below its stated value.

        :math:`P(\theta_i < s_i \mid \text{data}) = F_{\mathrm{Beta}(a_i, A - a_i)}(s_i)`.

        Parameters
        ----------
        stated : array_like or float
            Stated chances, each in [0, 1]; a scalar applies to every outcome.

        Returns
        -------
        numpy.ndarray
        """
        size = self.concentration.size
        try:
            values = np.broadcast_to(np.asarray(stated, dtype=float), (size,))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"stated must be a number or an array of {size} chances") from exc
        if not np.all((values >= 0.0) & (values <= 1.0)):
            raise ValueError("stated must hold probabilities in [0, 1]")
        rest = self._rest()
        certain = rest <= 0.0
        below = beta_cdf(values, self.concentration, np.where(certain, 1.0, rest))
        # a chance that is 1 with certainty is below s only if s > 1, which never happens
        return np.asarray(np.where(certain, 0.0, below), dtype=float)

    def expected_value(
        self,
        values: Sequence[float] | np.ndarray,
        level: float = 0.95,
        n_draws: int = 20_000,
        seed: int = 0,
        stated_value: float | None = None,
    ) -> ValuePosterior:
        r"""Posterior of the expected prize value :math:`\sum_i \theta_i v_i`.

        The mean is exact, :math:`\sum_i a_i v_i / A`. The credible interval and
        ``prob_below_stated`` come from ``n_draws`` draws of the Dirichlet posterior
        (:meth:`numpy.random.Generator.dirichlet` with ``default_rng(seed)``), so they are
        reproducible for a given seed; their Monte Carlo error shrinks as ``1/sqrt(n_draws)``.

        Parameters
        ----------
        values : array_like of float
            Prize value of each outcome (finite).
        level : float
            Credibility level of the interval.
        n_draws : int
            Number of posterior draws (at least 100).
        seed : int
            Seed of the random generator.
        stated_value : float, optional
            Expected value implied by the stated odds, e.g. ``sum(stated * values)``.

        Returns
        -------
        ValuePosterior
        """
        size = self.concentration.size
        try:
            prize = np.asarray(values, dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError("values must be a 1-D array of numbers") from exc
        if prize.shape != (size,):
            raise ValueError(f"values must be 1-D of length {size}, got shape {prize.shape}")
        if not np.all(np.isfinite(prize)):
            raise ValueError("values must be finite for every outcome (a prize value is missing)")
        level = check_level(level)
        if isinstance(n_draws, bool) or not isinstance(n_draws, numbers.Integral):
            raise TypeError(f"n_draws must be an integer, got {type(n_draws).__name__}")
        if n_draws < 100:
            raise ValueError(f"n_draws must be at least 100, got {n_draws}")
        if stated_value is not None:
            if isinstance(stated_value, bool) or not isinstance(stated_value, numbers.Real):
                raise TypeError("stated_value must be a number or None")
            if not np.isfinite(stated_value):
                raise ValueError("stated_value must be finite")
            stated_value = float(stated_value)
        mean = float(self.concentration @ prize / self.concentration.sum())
        rng = np.random.default_rng(seed)
        draws = rng.dirichlet(self.concentration, size=int(n_draws)) @ prize
        low, high = np.quantile(draws, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
        prob_below = None if stated_value is None else float(np.mean(draws < stated_value))
        return ValuePosterior(mean, float(low), float(high), level, prob_below, stated_value)

    def summary(self) -> dict[str, Any]:
        """The posterior's size: outcomes, spins observed and prior weight (per-outcome
        quantities are in :meth:`to_frame`)."""
        return {"outcomes": int(self.concentration.size), "n": int(self.observed.sum()),
                "prior_total": float(self.prior.sum()),
                "concentration_total": float(self.concentration.sum())}

    def to_frame(
        self,
        labels: Sequence[str] | None = None,
        stated: Sequence[float] | np.ndarray | None = None,
        level: float = 0.95,
    ) -> pd.DataFrame:
        """One row per outcome: label, observed, prior, concentration, mean, cred_low, cred_high,
        level and, when ``stated`` is given, stated and prob_below."""
        size = self.concentration.size
        if labels is None:
            names = [str(i) for i in range(size)]
        else:
            names = [str(label) for label in labels]
            if len(names) != size:
                raise ValueError(f"labels must have {size} entries, got {len(names)}")
        low, high = self.credible_interval(level)
        frame = pd.DataFrame(
            {
                "label": names,
                "observed": self.observed,
                "prior": self.prior,
                "concentration": self.concentration,
                "mean": self.mean(),
                "cred_low": low,
                "cred_high": high,
                "level": np.full(size, float(level)),
            }
        )
        if stated is not None:
            frame["stated"] = np.broadcast_to(np.asarray(stated, dtype=float), (size,))
            frame["prob_below"] = self.prob_below(stated)
        return frame


def dirichlet_posterior(
    observed: Sequence[int] | np.ndarray, prior: float | Sequence[float] | np.ndarray = 0.5
) -> DirichletPosterior:
    r"""Dirichlet posterior of the chances after observing counts.

    .. math::

        \theta \mid O \sim \mathrm{Dirichlet}(\alpha_1 + O_1, \dots, \alpha_k + O_k).

    Valid for independent spins with common chances (the multinomial model); exact for any
    number of spins, no large-sample condition.

    Parameters
    ----------
    observed : array_like of int
        Counts of each outcome (at least one outcome).
    prior : float or array_like of float
        Prior concentration, positive; a scalar applies to every outcome. The default 0.5 is
        Jeffreys' prior [1]_; see the module notes for other choices [3]_.

    Returns
    -------
    DirichletPosterior

    References
    ----------
    .. [1] Jeffreys (1946), Proc. R. Soc. London A 186, 453-461.
    .. [3] Berger, Bernardo & Sun (2015), Bayesian Analysis 10, 189-221.
    """
    counts = as_count_array(observed, "observed")
    if counts.size == 0:
        raise ValueError("observed must have at least one outcome")
    try:
        prior_arr = np.asarray(prior, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError("prior must be a positive number or an array of them") from exc
    if prior_arr.ndim > 1 or (prior_arr.ndim == 1 and prior_arr.size != counts.size):
        raise ValueError(
            f"prior must be a number or 1-D of length {counts.size}, got shape {prior_arr.shape}"
        )
    if not np.all(np.isfinite(prior_arr)) or np.any(prior_arr <= 0.0):
        raise ValueError("prior must be positive and finite")
    prior_full = np.array(np.broadcast_to(prior_arr, counts.shape), dtype=float)
    concentration = prior_full + counts
    return DirichletPosterior(
        prior=readonly(prior_full),
        observed=readonly(counts),
        concentration=readonly(concentration),
    )
