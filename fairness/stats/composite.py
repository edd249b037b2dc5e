"""The null hypothesis made of every statement together, and the tests against it.

An operator may state some chances (each an interval after rounding, or one-sided), leave others
unstated, and claim shares for groups of outcomes ("every tenth spin wins 5% or more"). The
chances the statements allow form a convex polytope

    P = { p : sum_i p_i = 1,  lower_i <= p_i <= upper_i,  L_j <= sum_{i in G_j} p_i <= U_j },

unstated outcomes having ``[0, 1]``. This module holds that polytope (:class:`Polytope`), the
maximum of the multinomial log-likelihood over it, and the e-value and likelihood-ratio test
against it.

The constrained maximum likelihood
----------------------------------
``l(p) = sum_i O_i log p_i`` is concave and ``P`` is convex, so the maximum is a convex
problem. The e-value divides by ``sup_P L``, so an optimiser that stops short of the maximum
would make the e-value too large: the one error that breaks validity. We therefore never use a
primal optimum in the e-value; we use the Lagrange dual [3, ch. 5]

    g(nu, eta) = nu + sum_j max(eta_j U_j, eta_j L_j)
                 + sum_i max_{p_i in [lower_i, upper_i]} (q_i log p_i - c_i p_i),
    c_i = nu + sum_j eta_j [i in G_j],      q = O / n,

which is at least ``max_P l / n`` for *every* ``(nu, eta)`` (weak duality), and equal to it at
the dual optimum (strong duality: linear constraints, concave objective). The inner maxima are
in closed form (``p_i = clip(q_i / c_i, lower_i, upper_i)``); ``nu`` is set by bisection on
``sum_i p_i = 1`` and each ``eta_j`` by bisection on its claim's subgradient (coordinate
descent, vectorised over rows). However far the bisections stop from the optimum, the value is
an upper bound of the maximum likelihood, so the e-value errs only towards being smaller. The
primal point (:meth:`Polytope.mle`, used for plug-in estimates and reports only) comes from
SLSQP [4] started at the dual's point; tests check that the two agree, and against the closed
form of a single claim on a group.

Validity
--------
The e-value is ``E_n = M_n / sup_{p in P} L_n(p)`` with ``M_n`` a mixture of Dirichlet-
multinomial marginals whose priors are fixed before the data (a predictable mixture: ``M_n`` is
the product of the Bayesian predictive chances of the spins seen so far). For any ``p in P``,
``E_n <= M_n / L_n(p)``, a nonnegative martingale with mean 1 under ``p``; so by Ville's
inequality ``P_p(sup_n E_n >= 1/alpha) <= alpha`` whatever the stopping rule [1, 2]. This is
universal inference's split-free "running" version with the full-data denominator [2, sec. 7].

The fixed-sample likelihood-ratio test uses the same ``sup_P L``. At a null point where the
constraints leave ``d`` free directions (unstated outcomes in no claim: ``d = free - 1``), the
statistic is asymptotically at most chi-square with ``K - 1 - d`` degrees of freedom (the
projection onto the tangent cone is never longer than onto its lineality space [5]); using that
distribution is conservative on the boundary (where the true law is a chi-bar-square).

References
----------
1. Ville, J. (1939). Étude critique de la notion de collectif. Gauthier-Villars.
2. Wasserman, L., Ramdas, A. & Balakrishnan, S. (2020). Universal inference. PNAS 117(29),
   16880-16890.
3. Boyd, S. & Vandenberghe, L. (2004). Convex Optimization. Cambridge University Press.
4. Kraft, D. (1988). A software package for sequential quadratic programming. DFVLR-FB 88-28.
5. Self, S. G. & Liang, K.-Y. (1987). Asymptotic properties of maximum likelihood estimators
   and likelihood ratio tests under nonstandard conditions. JASA 82(398), 605-610.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import betaln, gammaln

from fairness.stats._distributions import chi2_sf
from fairness.stats._logsumexp import logsumexp

__all__ = ["LikelihoodRatio", "Polytope", "composite_fits", "composite_log_evalues",
           "likelihood_ratio_test"]

_TINY = 1e-300
_NU_ITER = 20
_ETA_ITER = 32
_ETA_MIN = 1e-9
_ETA_MAX = 1e7
_SWEEPS = 8


@dataclass(frozen=True, eq=False)
class Polytope:
    """Chances of K outcomes allowed by every statement together (see the module doc).

    Attributes
    ----------
    lower, upper : numpy.ndarray, shape (K,)
        Interval of each chance (``0``, ``1`` when unstated).
    groups : numpy.ndarray, shape (J, K)
        ``groups[j, i]`` is 1 when outcome i belongs to claim j, else 0.
    group_lower, group_upper : numpy.ndarray, shape (J,)
        Interval of each claim's share.
    """

    lower: np.ndarray
    upper: np.ndarray
    groups: np.ndarray
    group_lower: np.ndarray
    group_upper: np.ndarray

    def __post_init__(self):
        k = len(self.lower)
        object.__setattr__(self, "lower", np.asarray(self.lower, dtype=float))
        object.__setattr__(self, "upper", np.asarray(self.upper, dtype=float))
        groups = np.asarray(self.groups, dtype=float).reshape(-1, k)
        object.__setattr__(self, "groups", groups)
        object.__setattr__(self, "group_lower", np.asarray(self.group_lower, float).reshape(-1))
        object.__setattr__(self, "group_upper", np.asarray(self.group_upper, float).reshape(-1))
        if self.upper.shape != (k,) or len(self.group_lower) != len(groups) or len(
                self.group_upper) != len(groups):
            raise ValueError("lower, upper, groups and group bounds must agree in shape")
        if np.any(self.lower > self.upper) or np.any(self.group_lower > self.group_upper):
            raise ValueError("need lower <= upper for every outcome and claim")

    @property
    def k(self) -> int:
        return len(self.lower)

    @property
    def n_claims(self) -> int:
        return len(self.groups)

    @property
    def free(self) -> np.ndarray:
        """Outcomes no statement touches: interval ``[0, 1]`` and in no claim."""
        return (self.lower <= 0) & (self.upper >= 1) & (self.groups.sum(axis=0) == 0)

    @property
    def is_everything(self) -> bool:
        """True when the polytope is the whole simplex (nothing is stated)."""
        return bool(np.all(self.lower <= 0) and np.all(self.upper >= 1) and np.all(
            (self.group_lower <= 0) & (self.group_upper >= 1)))

    def _linear(self):
        """Inequalities ``A p <= b`` of the claims and the bounds, for the LP and SLSQP."""
        a = np.vstack([self.groups, -self.groups]) if self.n_claims else np.zeros((0, self.k))
        b = np.concatenate([self.group_upper, -self.group_lower])
        return a, b

    def feasible(self) -> bool:
        """True when some chances satisfy every statement (a linear program, HiGHS)."""
        from scipy import optimize  # only games with claims need it: loaded when used

        a, b = self._linear()
        res = optimize.linprog(np.zeros(self.k), A_ub=a if len(a) else None,
                               b_ub=b if len(a) else None, A_eq=np.ones((1, self.k)),
                               b_eq=[1.0], bounds=list(zip(self.lower, self.upper, strict=True)),
                               method="highs")
        return bool(res.status == 0)

    def contains(self, chances, tol: float = 1e-9) -> bool:
        p = np.asarray(chances, dtype=float)
        share = self.groups @ p
        return bool(abs(p.sum() - 1) <= tol and np.all(p >= self.lower - tol)
                    and np.all(p <= self.upper + tol)
                    and np.all(share >= self.group_lower - tol)
                    and np.all(share <= self.group_upper + tol))

    # -- the maximum likelihood ---------------------------------------------------------------
    def log_sup(self, observed) -> np.ndarray:
        """An upper bound of ``max_{p in P} sum_i O_i log p_i`` for each row of ``observed``,
        tight to the bisections' precision (the dual value, see the module doc).

        Accepts one count vector or a matrix (one vector per row); returns one value per row.
        ``-inf`` when an outcome with upper bound 0 was seen... never: such outcomes must be
        left out by the caller (they are forbidden).
        """
        counts = _as_matrix(observed)
        value, _ = self._dual(counts)
        return value

    def mle(self, observed) -> np.ndarray:
        """The chances in the polytope that make ``observed`` (one count vector) most likely.

        SLSQP on the concave log-likelihood from the dual's point; outcomes never seen keep
        whatever the constraints leave them. For reports and plug-in estimates only (the
        e-value uses :meth:`log_sup`).
        """
        counts = np.asarray(observed, dtype=float)
        if counts.ndim != 1 or counts.shape != (self.k,):
            raise ValueError(f"observed must be one vector of {self.k} counts")
        _, start = self._dual(counts[None, :])
        return self._slsqp(counts, start[0])

    def project(self, target) -> np.ndarray:
        """The point of the polytope closest to ``target`` in Kullback-Leibler divergence
        ``KL(target || p)``: the maximum likelihood with ``target`` as (fractional) counts.

        A ``target`` that is already in the polytope comes back unchanged.
        """
        target = np.asarray(target, dtype=float)
        if self.contains(target):
            return target.copy()
        return self.mle(target / target.sum())

    def _slsqp(self, counts: np.ndarray, start: np.ndarray) -> np.ndarray:
        n = counts.sum()
        if n <= 0:
            start = np.clip(start, self.lower, self.upper)
        q = counts / max(n, _TINY)
        a, b = self._linear()
        floor = np.where(q > 0, 1e-12, 0.0)
        bounds = list(zip(np.maximum(self.lower, floor), self.upper, strict=True))
        x0 = np.clip(start, [lo for lo, _ in bounds], self.upper)
        cons = [{"type": "eq", "fun": lambda p: p.sum() - 1.0,
                 "jac": lambda p: np.ones_like(p)}]
        if len(a):
            cons.append({"type": "ineq", "fun": lambda p: b - a @ p, "jac": lambda p: -a})

        def neg(p):
            return -float(np.sum(q[q > 0] * np.log(np.maximum(p[q > 0], _TINY))))

        def grad(p):
            return -np.where(q > 0, q / np.maximum(p, 1e-12), 0.0)

        from scipy import optimize

        res = optimize.minimize(neg, x0, jac=grad, bounds=bounds, constraints=cons,
                                method="SLSQP", options={"ftol": 1e-14, "maxiter": 500})
        p = np.clip(res.x, self.lower, self.upper)
        return p / p.sum()

    def _dual(self, counts: np.ndarray):
        """(dual value in log-likelihood units per row, the dual's point per row)."""
        n = counts.sum(axis=1)
        q = counts / np.maximum(n, 1.0)[:, None]
        rows = len(counts)
        eta = np.zeros((rows, self.n_claims))
        nu, p = self._inner(q, eta)
        for _ in range(_SWEEPS if self.n_claims > 1 else 1):
            before = eta
            for j in range(self.n_claims):
                eta = self._coordinate(q, eta, j)
            if self.n_claims == 0 or np.allclose(eta, before, rtol=1e-6, atol=1e-12):
                break  # a sweep that changes nothing: coordinate descent has settled
        nu, p = self._inner(q, eta)
        value = self._g(q, nu, eta)
        return np.where(n > 0, n * value, 0.0), p

    def _shift(self, eta: np.ndarray) -> np.ndarray:
        return eta @ self.groups if self.n_claims else np.zeros((len(eta), self.k))

    def _point(self, q, c):
        """The inner maximisers: ``argmax_{p in [lower, upper]} q log p - c p`` per cell."""
        lo, hi = self.lower[None, :], self.upper[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            inside = np.clip(q / c, lo, hi)
        seen = np.where(c > 0, inside, hi)
        unseen = np.where(c > 0, lo, hi)
        return np.where(q > 0, seen, unseen)

    def _g(self, q, nu, eta):
        c = nu[:, None] + self._shift(eta)
        p = self._point(q, c)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.where(q > 0, q * np.log(np.maximum(p, _TINY)), 0.0)
        inner = (logs - c * p).sum(axis=1)
        claims = np.maximum(eta * self.group_upper[None, :], eta * self.group_lower[None, :])
        return nu + claims.sum(axis=1) + inner

    def _inner(self, q, eta):
        """``nu`` minimising ``g`` for fixed ``eta`` (a root of ``sum p = 1``), and ``p``.

        Safeguarded Newton inside a bracket that always holds the root: ``sum p`` is at least
        ``sum upper >= 1`` when every ``c <= 0`` and below 1 once every ``c`` exceeds
        ``1 / (1 - sum lower)``. Of the points tried, the one with the smallest dual value is
        kept: each is a valid bound, the smallest the tightest.
        """
        shift = self._shift(eta)
        span = np.abs(shift).max(axis=1) if self.k else np.zeros(len(q))
        slack = max(1.0 - float(self.lower.sum()), 1e-12)
        lo = -span - 1.0
        hi = span + 1.0 / slack + 1.0
        x = np.clip(np.ones(len(q)), lo, hi)
        lo_b, up_b = self.lower[None, :], self.upper[None, :]
        for step_number in range(_NU_ITER):
            c = x[:, None] + shift
            p = self._point(q, c)
            total = p.sum(axis=1)
            too_little = total < 1.0  # derivative 1 - sum p > 0: nu too large
            hi = np.where(too_little, x, hi)
            lo = np.where(too_little, lo, x)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = q / c
                interior = (q > 0) & (c > 0) & (ratio > lo_b) & (ratio < up_b)
                slope = -np.where(interior, q / (c * c), 0.0).sum(axis=1)
                step = x - (total - 1.0) / slope
            # Every other step bisects: sum p jumps where an unseen outcome's c crosses 0,
            # and there the minimum is the jump itself, which only halving the bracket finds.
            inside = np.isfinite(step) & (step > lo) & (step < hi) & (step_number % 2 == 0)
            x = np.where(inside, step, 0.5 * (lo + hi))
        best, best_g = x, self._g(q, x, eta)
        # sum p jumps only where an unseen outcome's c crosses 0 (nu = -shift_i): the minimum
        # is a root or one of those points, so trying them all makes the jumps exact.
        unseen = [i for i in range(self.k) if np.any(q[:, i] == 0)]
        for candidate in (lo, hi, *(-shift[:, i] for i in unseen)):
            g = self._g(q, candidate, eta)
            best = np.where(g < best_g, candidate, best)
            best_g = np.minimum(g, best_g)
        return best, self._point(q, best[:, None] + shift)

    def _coordinate(self, q, eta, j):
        """Minimise the dual over ``eta_j`` (others fixed) by bisection on its subgradient."""
        a = self.groups[j]
        lower, upper = self.group_lower[j], self.group_upper[j]
        base = eta.copy()
        base[:, j] = 0.0
        _, p0 = self._inner(q, base)
        share = p0 @ a
        up = share > upper + 1e-15      # the claim's share too high: eta_j > 0
        down = share < lower - 1e-15    # too low: eta_j < 0
        result = base
        if not (up.any() or down.any()):
            return result
        # Bisection on t = log|eta_j| (the multiplier spans many orders of magnitude).
        sign = np.where(up, 1.0, -1.0)
        lo = np.full(len(q), math.log(_ETA_MIN))
        hi = np.full(len(q), math.log(_ETA_MAX))
        bound = np.where(up, upper, lower)
        active = up | down
        for _ in range(_ETA_ITER):
            mid = 0.5 * (lo + hi)
            trial = base.copy()
            trial[:, j] = np.where(active, sign * np.exp(mid), 0.0)
            _, p = self._inner(q, trial)
            grad = sign * (bound - p @ a)  # increasing in |eta_j| until the optimum
            positive = grad > 0
            hi = np.where(positive, mid, hi)
            lo = np.where(positive, lo, mid)
        best = base.copy()
        best[:, j] = np.where(active, sign * np.exp(0.5 * (lo + hi)), 0.0)
        return best


def _as_matrix(observed) -> np.ndarray:
    counts = np.asarray(observed, dtype=float)
    if counts.ndim == 1:
        counts = counts[None, :]
    if counts.ndim != 2 or np.any(counts < 0) or not np.all(np.isfinite(counts)):
        raise ValueError("observed must be non-negative counts (a vector or a matrix of rows)")
    return counts


def _log_dirichlet_marginal(counts, prior):
    total = prior.sum()
    return (gammaln(prior + counts).sum(axis=1) - gammaln(total + counts.sum(axis=1))
            - gammaln(prior).sum() + gammaln(total))


def _log_sup_binomial(k, n, lower, upper):
    """``max_{p in [lower, upper]} k log p + (n - k) log(1 - p)`` elementwise."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.clip(k / np.maximum(n, 1.0), lower, upper)
        return (np.where(k > 0, k * np.log(np.maximum(p, _TINY)), 0.0)
                + np.where(n - k > 0, (n - k) * np.log(np.maximum(1 - p, _TINY)), 0.0))


def composite_log_evalues(observed, null: Polytope, centre, *, concentrations,
                          joint_weight: float = 0.5):
    """Natural-log e-values of each row of ``observed`` against the polytope ``null``.

    ``E = w_0 mean_c m_c(O) / sup_P L(O) + sum_t w_t mean_c b_{t,c}(O_t) / sup_{I_t} Bin(O_t)``

    The joint term is a Dirichlet-multinomial mixture (priors ``Dirichlet(c * centre)``) over
    the maximum likelihood on the polytope (:meth:`Polytope.log_sup`, an upper bound). The
    other terms, one per outcome with a stated interval narrower than ``[0, 1]`` and one per
    claim, are beta-binomial mixtures over the binomial maximum on that outcome's (claim's)
    interval, which contains the polytope's projection: each is at most a test martingale under
    every point of the polytope, and so is their weighted mean (see the module doc).

    Returns
    -------
    (log_e, log_components, weights, names)
        ``names``: ``"joint"``, then ``("outcome", i)`` and ``("claim", j)`` entries.
    """
    counts = _as_matrix(observed)
    k = counts.shape[1]
    centre = np.asarray(centre, dtype=float)
    if centre.shape != (k,) or np.any(centre <= 0):
        raise ValueError("centre must be positive chances, one per outcome")
    centre = centre / centre.sum()
    conc = np.asarray(concentrations, dtype=float)
    n = counts.sum(axis=1)
    log_c = np.log(len(conc))
    joint = np.stack([_log_dirichlet_marginal(counts, c * centre) for c in conc], axis=1)
    log_joint = logsumexp(joint, axis=1) - log_c - null.log_sup(counts)

    terms, names = [], []
    for i in range(k):
        if null.lower[i] <= 0 and null.upper[i] >= 1:
            continue  # unstated: nothing to test on its own
        terms.append((counts[:, i], centre[i], null.lower[i], null.upper[i]))
        names.append(("outcome", i))
    for j in range(null.n_claims):
        a = null.groups[j]
        lo = max(null.group_lower[j], float(null.lower @ a))
        hi = min(null.group_upper[j], float(null.upper @ a))
        terms.append((counts @ a, float(centre @ a), lo, max(hi, lo)))
        names.append(("claim", j))
    if k <= 2 and not null.n_claims:
        terms, names = [], []  # two outcomes: the per-outcome terms are the joint term again
    columns = [log_joint]
    for hits, share, lo, hi in terms:
        share = min(max(share, 1e-12), 1 - 1e-12)
        a = conc * share
        b = conc * (1 - share)
        marg = betaln(a[None, :] + hits[:, None], b[None, :] + (n - hits)[:, None]) - betaln(a, b)
        columns.append(logsumexp(marg, axis=1) - log_c - _log_sup_binomial(hits, n, lo, hi))
    if terms:
        weights = np.concatenate([[joint_weight], np.full(len(terms),
                                                          (1 - joint_weight) / len(terms))])
    else:
        weights = np.array([1.0])
    log_components = np.column_stack(columns)
    log_e = logsumexp(log_components + np.log(weights)[None, :], axis=1)
    return log_e, log_components, weights, ["joint", *names]


@dataclass(frozen=True)
class LikelihoodRatio:
    """The likelihood-ratio test of counts against a polytope (see the module doc)."""

    statistic: float
    df: int
    pvalue: float
    chances: np.ndarray


def likelihood_ratio_test(observed, null: Polytope) -> LikelihoodRatio:
    """``G = 2 (max_simplex l - max_P l)`` with a conservative chi-square calibration.

    ``df = K - 1 - max(free - 1, 0)``, ``free`` the outcomes no statement touches; the
    statistic uses the dual bound of ``max_P l``, so it errs towards being smaller. ``df = 0``
    (nothing stated) gives p = 1.
    """
    counts = np.asarray(observed, dtype=float)
    n = counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        top = float(np.sum(np.where(counts > 0, counts * np.log(counts / max(n, 1.0)), 0.0)))
    bound = float(null.log_sup(counts)[0])
    statistic = max(2.0 * (top - bound), 0.0) if n > 0 else 0.0
    free = int(null.free.sum())
    df = null.k - 1 - max(free - 1, 0)
    pvalue = float(chi2_sf(statistic, df)) if df > 0 else 1.0
    chances = null.mle(counts) if n > 0 else null.project(np.full(null.k, 1.0 / null.k))
    return LikelihoodRatio(statistic=statistic, df=df, pvalue=pvalue, chances=chances)


def composite_fits(observed, ratio_test: LikelihoodRatio) -> dict:
    """The likelihood-ratio test against the polytope as the game's fit (see
    :func:`likelihood_ratio_test`); Pearson's X² at the constrained
    fit with the same degrees of freedom beside it."""
    counts = np.asarray(observed, dtype=np.int64)
    n = int(counts.sum())
    expected = n * ratio_test.chances
    with np.errstate(divide="ignore", invalid="ignore"):
        x2 = float(np.sum(np.where(expected > 0, (counts - expected) ** 2 / expected, 0.0)))
    from fairness.stats.fit import FitResult

    df = ratio_test.df
    w = float(np.sqrt(x2 / n)) if n else 0.0
    lr = FitResult(statistic=ratio_test.statistic, pvalue=ratio_test.pvalue, df=df,
                   method="g", n=n, observed=counts, expected=expected, effect_size=w,
                   statistic_name="G (against every statement)",
                   note="likelihood ratio against the polytope of every statement; "
                        "chi-square with conservative degrees of freedom")
    pearson = FitResult(statistic=x2, pvalue=float(chi2_sf(x2, df)) if df > 0 else 1.0,
                        df=df, method="pearson", n=n, observed=counts, expected=expected,
                        effect_size=w, statistic_name="X2 (at the constrained fit)")
    return {"g": lr, "pearson": pearson, "auto": lr}
