"""Anytime-valid evidence against stated odds: an e-value that may be checked after every batch.

A community looks at its data again and again. A p-value recomputed after every new batch will
sooner or later cross any fixed threshold even for an honest wheel; an e-process does not: by
Ville's inequality, for an honest wheel the chance that it *ever* reaches ``1/alpha`` is at most
``alpha``, however often one looks.

Construction
------------
Let ``O`` be the counts of the K allowed outcomes after ``n`` spins, and ``H0`` the set of chance
vectors the operator's statement allows (each chance within ``[lower_i, upper_i]``, summing to 1).
The e-value is a fixed mixture of likelihood ratios, each against the *best* null point:

    E = w_0 * mean_c  m_c(O) / sup_{p in H0} L(p; O)
      + sum_i w_i * mean_c  b_{i,c}(O_i) / sup_{p_i in [lower_i, upper_i]} Bin(O_i; n, p_i)

* ``m_c`` is the Dirichlet-multinomial marginal likelihood with prior ``Dirichlet(c * stated)``;
  ``b_{i,c}`` the beta-binomial marginal of outcome i against the rest with prior
  ``Beta(c * stated_i, c * (1 - stated_i))``; ``c`` runs over a grid of concentrations (a prior
  that is sure of the stated odds and priors that are not).
* Every term is at most a test martingale under any ``p in H0`` (replacing ``sup L`` by ``L(p)``
  gives a Bayes factor against the point ``p``, a martingale with mean 1), so the weighted mean
  with weights summing to 1 is an e-process for the composite null [1, 2, 3].
* The per-outcome terms give power against the typical complaint, one prize rarer than stated;
  the joint term against diffuse deviations.

References
----------
1. Ville, J. (1939). Étude critique de la notion de collectif.
2. Grünwald, P., de Heide, R. & Koolen, W. (2024). Safe testing. JRSS B 86(5).
3. Ramdas, A., Grünwald, P., Vovk, V. & Shafer, G. (2023). Game-theoretic statistics and safe
   anytime-valid inference. Statistical Science 38(4).
4. Wasserman, L., Ramdas, A. & Balakrishnan, S. (2020). Universal inference. PNAS 117(29)
   (the ratio of a marginal likelihood to the maximised null likelihood is an e-value).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import betaln, gammaln

from fairness.stats._logsumexp import logsumexp
from fairness.stats._result import Result
from fairness.stats.counting import counts_before

__all__ = ["CONCENTRATIONS", "EValueResult", "evalue", "evalue_composite", "evalue_path",
           "log_evalues", "null_fit"]

# Prior concentrations c: from "anything goes" to "close to the stated odds".
CONCENTRATIONS = (2.0, 20.0, 200.0, 2_000.0, 20_000.0, 200_000.0)
# Share of the joint Dirichlet term; the rest is split over the per-outcome terms.
JOINT_WEIGHT = 0.5
_TINY = 1e-300
# Checkpoints of the path against a polytope null (each needs a constrained maximum likelihood;
# the path is for display and the "ever crossed" check, 250 points show it well).
CHECKPOINTS_COMPOSITE = 250


@dataclass(frozen=True)
class EValueResult(Result):
    """Anytime-valid evidence against the stated odds.

    Attributes
    ----------
    value : float
        The e-value; ``1/alpha`` or more is strong evidence at level ``alpha`` at any look.
    log10 : float
        ``log10(value)`` (kept separately: values can exceed float range).
    n : int
        Spins counted.
    components : pandas.DataFrame
        The e-value of each term (``joint`` and one per outcome) with its weight: which outcome
        carries the evidence.
    path : pandas.DataFrame
        ``n``, ``evalue``, ``log10`` after each checkpoint of the spins in time order (empty when
        the order is unknown).
    """

    value: float
    log10: float
    n: int
    components: pd.DataFrame = field(repr=False)
    path: pd.DataFrame = field(repr=False)
    max_log10: float = float("nan")

    def to_frame(self) -> pd.DataFrame:
        return self.components.copy()

    def crossed(self, threshold: float) -> bool:
        """True when the path ever reached ``threshold`` (valid by Ville's inequality)."""
        return bool(max(self.log10, self.max_log10) >= np.log10(threshold))


def _as_matrix(observed) -> np.ndarray:
    counts = np.asarray(observed)
    if counts.ndim == 1:
        counts = counts[None, :]
    if counts.ndim != 2:
        raise ValueError("observed must be a vector of counts or a matrix of count vectors")
    if np.any(counts < 0) or not np.all(np.isfinite(counts)):
        raise ValueError("observed must be non-negative counts")
    return counts.astype(float)


def _check_bounds(stated, lower, upper, k):
    stated = np.asarray(stated, dtype=float)
    lower = stated.copy() if lower is None else np.asarray(lower, dtype=float)
    upper = stated.copy() if upper is None else np.asarray(upper, dtype=float)
    for name, arr in (("stated", stated), ("lower", lower), ("upper", upper)):
        if arr.shape != (k,):
            raise ValueError(f"{name} must have one entry per outcome ({k})")
    if np.any(lower > upper) or np.any(lower < 0) or np.any(upper > 1):
        raise ValueError("need 0 <= lower <= upper <= 1 for every outcome")
    if lower.sum() > 1 + 1e-9 or upper.sum() < 1 - 1e-9:
        raise ValueError("no chances within [lower, upper] sum to 1")
    if np.any(stated <= 0):
        raise ValueError("stated chances must be positive (drop outcomes the rules forbid)")
    return stated / stated.sum(), lower, upper


def _row_sums(values: np.ndarray) -> np.ndarray:
    """``values.sum(axis=1)`` of a matrix of non-negative numbers, the same numbers faster for
    many short rows (the bisection below sums a thousand rows up to 200 times).

    NumPy adds fewer than 8 entries of a row one after the other, left to right; adding the
    columns in that order does the same additions, without the per-row reduction overhead.
    Rows of 8 or more entries are summed pairwise by NumPy, so they go to ``sum`` itself.
    """
    if not 0 < values.shape[1] < 8:
        return values.sum(axis=1)
    total = values[:, 0].copy()
    for column in range(1, values.shape[1]):
        total += values[:, column]
    return total


def null_fit(observed, lower, upper) -> np.ndarray:
    """The chances within ``[lower, upper]`` (summing to 1) that make ``observed`` most likely.

    Maximises ``sum_i O_i log p_i`` over the box intersected with the simplex. By the KKT
    conditions the optimum is ``p_i = clip(O_i / lam, lower_i, upper_i)`` for the outcomes seen,
    with ``lam`` set so the chances sum to 1; outcomes never seen take what mass is left (their
    value does not change the likelihood). Accepts a matrix of count vectors (one per row).
    The solution errs, if at all, towards a slightly larger likelihood (a smaller e-value).
    """
    counts = _as_matrix(observed)
    lower = np.asarray(lower, dtype=float)
    upper = np.asarray(upper, dtype=float)
    seen = counts > 0
    # Mass the unseen outcomes must keep at least / may take at most.
    unseen_low = np.where(seen, 0.0, lower).sum(axis=1)
    seen_low = np.where(seen, lower, 0.0).sum(axis=1)
    seen_high = np.where(seen, upper, 0.0).sum(axis=1)
    target = np.minimum(1.0 - unseen_low, seen_high)
    target = np.maximum(target, seen_low)

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio_hi = np.where(seen, counts / np.maximum(upper, _TINY), np.inf).min(axis=1)
        ratio_lo = np.where(seen & (lower > 0), counts / np.maximum(lower, _TINY), 0.0).max(axis=1)
    # a row with nothing seen has no upper ratio (min over nothing): any finite start will do
    # (its chances come from the unseen share below), and inf - inf would warn
    ratio_hi = np.where(np.isfinite(ratio_hi), ratio_hi, 1.0)
    log_lo = np.log(np.maximum(ratio_hi, _TINY)) - 1.0
    log_hi = np.log(np.maximum(np.maximum(ratio_lo, counts.sum(axis=1)), 1.0)) + 1.0
    log_hi = np.maximum(log_hi, log_lo + 2.0)

    def mass(log_lam):
        lam = np.exp(log_lam)[:, None]
        p = np.clip(counts / lam, lower, upper)
        return _row_sums(np.where(seen, p, 0.0))

    for _ in range(200):
        mid = 0.5 * (log_lo + log_hi)
        too_much = mass(mid) >= target
        log_lo = np.where(too_much, mid, log_lo)
        log_hi = np.where(too_much, log_hi, mid)
        if np.all(log_hi - log_lo < 1e-13):
            break
    # log_lo keeps mass >= target: the likelihood there is at least the constrained maximum.
    lam = np.exp(log_lo)[:, None]
    chances = np.where(seen, np.clip(counts / lam, lower, upper), 0.0)
    # Give the unseen outcomes their share (does not change the likelihood).
    rest = np.clip(1.0 - chances.sum(axis=1), 0.0, None)
    room = np.where(seen, 0.0, upper - lower)
    base = np.where(seen, 0.0, lower)
    extra = np.clip(rest - base.sum(axis=1), 0.0, None)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(
            room.sum(axis=1, keepdims=True) > 0, room / room.sum(axis=1, keepdims=True), 0.0
        )
    chances = chances + base + np.minimum(extra * share, room)
    return chances[0] if np.asarray(observed).ndim == 1 else chances


def _log_sup_multinomial(counts, lower, upper):
    if np.all(lower == upper):
        p = np.broadcast_to(lower, counts.shape)
    else:
        p = null_fit(counts, lower, upper)
        p = np.atleast_2d(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(counts > 0, counts * np.log(np.maximum(p, _TINY)), 0.0)
    return terms.sum(axis=1)


def _log_dirichlet_marginal(counts, prior, log_gamma=None):
    """log of the Dirichlet-multinomial marginal likelihood, without the multinomial coefficient.

    ``log_gamma``: ``gammaln(prior + counts)`` when it is known already."""
    total_prior = prior.sum()
    if log_gamma is None:
        log_gamma = gammaln(prior + counts)
    return (
        log_gamma.sum(axis=1)
        - gammaln(total_prior + counts.sum(axis=1))
        - gammaln(prior).sum()
        + gammaln(total_prior)
    )


def _distinct_pairs(counts: np.ndarray, n: np.ndarray):
    """For each outcome, the rows holding its distinct (count, n) pairs and, for every row,
    the place of its pair among them; None when that would not save work.

    Simulated campaigns (:func:`fairness.stats.power.evalue_power`) share ``n`` and repeat
    each outcome's count many times: a thousand rows hold a few dozen distinct counts. The
    per-outcome terms are elementwise functions of (count, n), so computing them once per
    distinct pair and gathering gives the very numbers computed row by row.
    """
    rows = counts.shape[0]
    if rows < 64 or n.max(initial=0.0) >= 2.0**26:
        return None  # (few rows; or keys below that would not be exact in float64)
    pairs = []
    for i in range(counts.shape[1]):
        keys = counts[:, i] * 2.0**26 + n  # exact: whole numbers below 2**26
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        if first.size > rows // 4:
            return None
        pairs.append((first, inverse.reshape(-1)))
    return pairs


def _log_sup_binomial(hits, n, lower, upper):
    """log of the binomial likelihood of ``hits`` in ``n`` at its maximum over the chances in
    ``[lower, upper]`` (without the binomial coefficient), elementwise."""
    p_hat = np.clip(hits / np.maximum(n, 1), lower, upper)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            hits > 0, hits * np.log(np.maximum(p_hat, _TINY)), 0.0
        ) + np.where(
            n - hits > 0,
            (n - hits) * np.log(np.maximum(1 - p_hat, _TINY)),
            0.0,
        )


def log_evalues(
    observed,
    stated,
    lower=None,
    upper=None,
    *,
    concentrations=CONCENTRATIONS,
    joint_weight=JOINT_WEIGHT,
):
    """Natural-log e-values of each count vector (rows of ``observed``) and their components.

    Returns ``(log_e, log_components, weights)`` where ``log_components`` has one column for the
    joint term and one per outcome. Vectorised over rows, so it serves paths and simulations.
    """
    counts = _as_matrix(observed)
    k = counts.shape[1]
    stated, lower, upper = _check_bounds(stated, lower, upper, k)
    conc = np.asarray(concentrations, dtype=float)
    n = counts.sum(axis=1)
    pairs = _distinct_pairs(counts, n) if k > 2 else None

    log_c = np.log(len(conc))
    if pairs is None:
        joint = np.stack([_log_dirichlet_marginal(counts, c * stated) for c in conc], axis=1)
    else:  # gammaln(prior + counts) per distinct count, gathered (see _distinct_pairs)
        spread = np.empty((counts.shape[0], k, len(conc)))
        for i, (first, inverse) in enumerate(pairs):
            spread[:, i, :] = gammaln((conc * stated[i])[None, :] + counts[first, i][:, None])[
                inverse]
        joint = np.stack([_log_dirichlet_marginal(counts, c * stated,
                                                  np.ascontiguousarray(spread[:, :, j]))
                          for j, c in enumerate(conc)], axis=1)
    log_joint = logsumexp(joint, axis=1) - log_c - _log_sup_multinomial(counts, lower, upper)

    if k > 2:
        if pairs is None:
            log_sup_bin = _log_sup_binomial(counts, n[:, None], lower, upper)
            a = conc[None, None, :] * stated[None, :, None]
            b = conc[None, None, :] * (1 - stated)[None, :, None]
            marg = (betaln(a + counts[:, :, None], b + (n[:, None] - counts)[:, :, None])
                    - betaln(a, b))
            log_single = logsumexp(marg, axis=2) - log_c - log_sup_bin
        else:  # the same terms per distinct (count, n) pair, gathered
            log_single = np.empty((counts.shape[0], k))
            for i, (first, inverse) in enumerate(pairs):
                hits, total = counts[first, i], n[first]
                a, b = conc * stated[i], conc * (1 - stated[i])
                marg = (betaln(a[None, :] + hits[:, None], b[None, :] + (total - hits)[:, None])
                        - betaln(a, b))
                single = (logsumexp(marg, axis=1) - log_c
                          - _log_sup_binomial(hits, total, lower[i], upper[i]))
                log_single[:, i] = single[inverse]
        weights = np.concatenate([[joint_weight], np.full(k, (1 - joint_weight) / k)])
        log_components = np.column_stack([log_joint, log_single])
    else:  # with two outcomes the per-outcome terms are the joint term again
        weights = np.array([1.0])
        log_components = log_joint[:, None]
    used = weights > 0
    log_e = logsumexp(log_components[:, used] + np.log(weights[used])[None, :], axis=1)
    return log_e, log_components, weights


def evalue(
    observed,
    stated,
    lower=None,
    upper=None,
    *,
    labels=None,
    concentrations=CONCENTRATIONS,
    joint_weight=JOINT_WEIGHT,
    sequence=None,
    checkpoints=1000,
) -> EValueResult:
    """Anytime-valid e-value of the counts ``observed`` against the stated odds.

    Parameters
    ----------
    observed : array_like of int, shape (K,)
        Count of each outcome (outcomes the rules forbid must be left out).
    stated : array_like of float, shape (K,)
        Stated chances (centre of the priors); renormalised to sum to 1.
    lower, upper : array_like of float, optional
        Interval of chances the statement allows for each outcome (default: exactly ``stated``).
    sequence : array_like of int, optional
        Outcome codes of individual spins in time order, for the path. Counts in ``observed``
        beyond those of ``sequence`` (tallies) are taken as seen before the first spin.
    checkpoints : int
        Number of points of the path (all spins when there are fewer).

    Notes
    -----
    Valid for any stopping rule and any number of looks, if the spins are independent draws
    (the null is "independent spins with chances inside the stated intervals"). Reporting bias
    breaks that premise; see the verdict's caveats.
    """
    counts = np.asarray(observed)
    if counts.ndim != 1:
        raise ValueError("observed must be one vector of counts")
    k = counts.shape[0]
    log_e, log_comp, weights = log_evalues(
        counts, stated, lower, upper, concentrations=concentrations, joint_weight=joint_weight
    )
    names = ["joint"] + (list(labels) if labels is not None else [str(i) for i in range(k)])
    names = names[: len(weights)]
    components = pd.DataFrame(
        {
            "term": names,
            "weight": weights,
            "evalue": np.exp(np.minimum(log_comp[0], 700)),
            "log10": log_comp[0] / np.log(10),
        }
    )
    path = evalue_path(
        counts,
        stated,
        lower,
        upper,
        sequence=sequence,
        checkpoints=checkpoints,
        concentrations=concentrations,
        joint_weight=joint_weight,
    )
    max_log10 = float(path["log10"].max()) if len(path) else float(log_e[0] / np.log(10))
    return EValueResult(
        value=float(np.exp(min(log_e[0], 700))),
        log10=float(log_e[0] / np.log(10)),
        n=int(counts.sum()),
        components=components,
        path=path,
        max_log10=max_log10,
    )


def _checkpoint_counts(counts: np.ndarray, sequence, checkpoints: int) -> np.ndarray:
    """Counts of each outcome at each of up to ``checkpoints`` points of ``sequence`` (outcome
    codes in order), the spins not in the sequence (tallies) counted from the start."""
    codes = np.asarray(sequence)
    if not np.issubdtype(codes.dtype, np.integer):  # small codes (int8) stay as they are
        codes = codes.astype(np.int64)
    k = counts.shape[0]
    if codes.size and (codes.min() < 0 or codes.max() >= k):
        raise ValueError(f"sequence holds codes outside 0 .. {k - 1}")
    m = len(codes)
    points = np.unique(np.linspace(1, m, num=min(m, checkpoints)).round().astype(np.int64))
    # Counts of each outcome among the first p spins, for every checkpoint p (no m x k matrix,
    # no cumulative sum over every spin); the last checkpoint is m: all the sequence's counts.
    before = counts_before(codes, points, k)
    base = counts - before[-1]
    if np.any(base < 0):
        raise ValueError("sequence has more spins of an outcome than observed counts")
    return before + base[None, :]


def evalue_path(
    observed,
    stated,
    lower=None,
    upper=None,
    *,
    sequence=None,
    checkpoints=1000,
    concentrations=CONCENTRATIONS,
    joint_weight=JOINT_WEIGHT,
) -> pd.DataFrame:
    """The e-value after each checkpoint of a sequence of spins (see :func:`evalue`)."""
    counts = np.asarray(observed, dtype=np.int64)
    if sequence is None or len(sequence) == 0:
        return pd.DataFrame({"n": pd.Series([], dtype="int64"), "evalue": [], "log10": []})
    matrix = _checkpoint_counts(counts, sequence, checkpoints)
    log_e, _, _ = log_evalues(
        matrix, stated, lower, upper, concentrations=concentrations, joint_weight=joint_weight
    )
    return pd.DataFrame(
        {
            "n": matrix.sum(axis=1),
            "evalue": np.exp(np.minimum(log_e, 700)),
            "log10": log_e / np.log(10),
        }
    )


def evalue_composite(observed, null, centre, *, labels=None, claim_names=None,
                     concentrations=CONCENTRATIONS, joint_weight=JOINT_WEIGHT, sequence=None,
                     checkpoints=CHECKPOINTS_COMPOSITE) -> EValueResult:
    """Anytime-valid e-value against every statement together (a polytope of chances).

    For games with unstated chances or group claims: the joint term divides a Dirichlet
    mixture centred on ``centre`` by the maximum likelihood over ``null``
    (:class:`fairness.stats.composite.Polytope`); per-outcome and per-claim terms do the same
    with beta-binomial mixtures (:func:`fairness.stats.composite.composite_log_evalues`, where
    validity is argued). The path's denominator at each checkpoint is the maximum over the
    null of the likelihood of *all* spins so far, so the path is dominated by a test martingale
    under every null point and Ville's inequality covers every look [1, 4].

    Parameters
    ----------
    observed : array_like of int, shape (K,)
    null : Polytope
    centre : array_like of float, shape (K,)
        Prior centre, a point of the null fixed by the spec alone (``Game.reference``).
    labels, claim_names : sequence of str, optional
        Names of the outcome and claim terms (claims are named ``"claim: <name>"``).
    sequence, checkpoints
        As for :func:`evalue`.
    """
    from fairness.stats.composite import composite_log_evalues

    counts = np.asarray(observed)
    if counts.ndim != 1:
        raise ValueError("observed must be one vector of counts")
    k = counts.shape[0]
    labels = list(labels) if labels is not None else [str(i) for i in range(k)]
    claim_names = list(claim_names) if claim_names is not None else [
        str(j) for j in range(null.n_claims)]
    log_e, log_comp, weights, names = composite_log_evalues(
        counts, null, centre, concentrations=concentrations, joint_weight=joint_weight)
    terms = [n if n == "joint" else labels[n[1]] if n[0] == "outcome"
             else f"claim: {claim_names[n[1]]}" for n in names]
    components = pd.DataFrame({"term": terms, "weight": weights,
                               "evalue": np.exp(np.minimum(log_comp[0], 700)),
                               "log10": log_comp[0] / np.log(10)})
    path = pd.DataFrame({"n": pd.Series([], dtype="int64"), "evalue": [], "log10": []})
    if sequence is not None and len(sequence):
        matrix = _checkpoint_counts(counts, sequence, checkpoints)
        log_path, _, _, _ = composite_log_evalues(
            matrix, null, centre, concentrations=concentrations, joint_weight=joint_weight)
        path = pd.DataFrame({"n": matrix.sum(axis=1), "evalue": np.exp(np.minimum(log_path, 700)),
                             "log10": log_path / np.log(10)})
    max_log10 = float(path["log10"].max()) if len(path) else float(log_e[0] / np.log(10))
    return EValueResult(value=float(np.exp(min(log_e[0], 700))),
                        log10=float(log_e[0] / np.log(10)), n=int(counts.sum()),
                        components=components, path=path, max_log10=max_log10)
