"""``analyze()``: the single entry point that runs every test the evidence supports.

It returns a frozen :class:`Analysis`; decision numbers live in :mod:`fairness.thresholds`,
levels and words in :mod:`fairness.decision`.
Surfaces (CLI, app, notebooks) show what this returns and compute nothing of their own.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fairness.dependence import DependenceReport, check_dependence
from fairness.evidence import Evidence
from fairness.spec import Game
from fairness.stats._montecarlo import keyed_seed
from fairness.stats.anytime import (
    CONCENTRATIONS,
    EValueResult,
    evalue,
    evalue_composite,
    log_evalues,
    null_fit,
)
from fairness.stats.bayes import DirichletPosterior, ValuePosterior, dirichlet_posterior
from fairness.stats.composite import (
    composite_fits,
    composite_log_evalues,
    likelihood_ratio_test,
)
from fairness.stats.fit import FitResult, goodness_of_fit
from fairness.stats.intervals import binomial_interval
from fairness.stats.outcomes import (
    OutcomeTable,
    ZeroHits,
    adjust_pvalues,
    interval_pvalue,
    never_seen_bound,
    outcome_table,
    zero_hits,
)
from fairness.stats.power import Plan, default_target, difference_plan, spins_needed
from fairness.stats.value import ValueResult, expected_value_test
from fairness.thresholds import DEFAULT, Thresholds

__all__ = ["Analysis", "analyze", "claim_table", "game_log_evalues"]

# Cost caps for the fixed-sample tests run on every analysis.
_MAX_EXACT_TABLES = 2_000_000
_MC_SIMULATIONS = 20_000


@dataclass(frozen=True)
class Analysis:
    """Everything ``analyze()`` found, for one game and one body of evidence.

    Attributes
    ----------
    game : Game
    labels : tuple of str
        All outcomes of the game, in spec order.
    observed : numpy.ndarray
        Count of each outcome (spins and tallies).
    n_spins, n_reporters : int
    allowed : tuple of str
        Outcomes the rules allow (stated chance above 0); the fit tests run on these.
    null_chances : numpy.ndarray
        Chances of the allowed outcomes within the stated intervals that fit the data best
        (the stated point when the statement is exact); the fixed-sample tests use them.
    fit : FitResult
        Overall goodness of fit (method chosen by sample size, see ``goodness_of_fit``).
    fits : dict of str to FitResult
        Pearson, G (Williams) and, when small, exact or Monte Carlo tests.
    outcomes : OutcomeTable
        Per-outcome tests and intervals (Holm / BH corrected).
    evidence_value : EValueResult
        Anytime-valid e-value and its path over time.
    posterior : DirichletPosterior
        Bayesian estimate of each chance.
    value : ValueResult or None
        Observed vs stated mean prize (when every outcome has a value).
    value_posterior : ValuePosterior or None
    plan : Plan
        Spins needed to catch the rarest valuable prize at half its allowed chance.
    forbidden : pandas.DataFrame
        Outcomes the rules forbid that were seen: ``label``, ``count``, ``reporters``.
    pool : pandas.DataFrame or None
        For a finite prize pool: ``label``, ``fund``, ``observed``, ``exceeded``.
    zero : dict of str to ZeroHits
        Allowed outcomes never seen.
    summary : dict
        The evidence's accounting (read, used, rejected, ...).
    dependence : DependenceReport or None
        Sequence, personalisation, drift and reporting-bias checks (None when not run).
    thresholds : Thresholds
        The decision numbers used (planning target, minima); the verdict uses them too.
    mode : str
        ``"stated"``: every chance stated, no group claim (the classic test);
        ``"partial"``: some chances unstated or group claims made: the null is every statement
        together (:meth:`fairness.spec.Game.null`); ``"none"``: nothing stated, the verdict rests
        on the dependence family (the same draw for everyone, at all times).
    claims : pandas.DataFrame
        One row per group claim (:func:`claim_table`): observed share with its 95% interval,
        ratio to the claim, exact p-value of the claim's interval, Holm-corrected.
    never_seen : dict of str to float
        Outcomes shown without a stated chance and never seen: the 95% upper bound of their
        chance (:func:`fairness.stats.outcomes.never_seen_bound`).
    """

    game: Game
    labels: tuple[str, ...]
    observed: np.ndarray
    n_spins: int
    n_reporters: int
    n_individual: int
    allowed: tuple[str, ...]
    null_chances: np.ndarray
    fit: FitResult
    fits: dict[str, FitResult]
    outcomes: OutcomeTable
    evidence_value: EValueResult
    posterior: DirichletPosterior
    value: ValueResult | None
    value_posterior: ValuePosterior | None
    plan: Plan
    forbidden: pd.DataFrame
    pool: pd.DataFrame | None
    zero: dict[str, ZeroHits]
    summary: dict[str, Any]
    period: tuple[Any, Any]
    alpha: float
    seed: int
    dependence: DependenceReport | None = field(default=None, repr=False)
    thresholds: Thresholds = field(default=DEFAULT, repr=False)
    extras: dict[str, Any] = field(default_factory=dict, repr=False)
    mode: str = "stated"
    claims: pd.DataFrame = field(default_factory=lambda: claim_table(None, None), repr=False)
    never_seen: dict[str, float] = field(default_factory=dict)

    @property
    def evalue(self) -> float:
        return self.evidence_value.value

    def to_frame(self) -> pd.DataFrame:
        """One row per outcome: stated, observed, tests, intervals and the posterior."""
        table = pd.DataFrame({"label": self.labels, "stated": self.game.stated,
                              "lower": self.game.lower, "upper": self.game.upper,
                              "observed": self.observed})
        per = self.outcomes.to_frame().drop(columns=["stated", "lower", "upper", "observed"],
                                            errors="ignore")
        table = table.merge(per, on="label", how="left")
        post = self.posterior.to_frame(labels=list(self.allowed), level=0.95)
        post = post.rename(columns={c: f"posterior_{c}" for c in post.columns if c != "label"})
        table = table.merge(post, on="label", how="left")
        # Every outcome's estimate, stated or not: the share seen and its exact 95% interval.
        table.insert(table.columns.get_loc("observed") + 1, "is_stated",
                     [o.is_stated for o in self.game.outcomes])
        table["rate_low"] = table["ci_low"]
        table["rate_high"] = table["ci_high"]
        return table

    def fits_frame(self) -> pd.DataFrame:
        return pd.concat([f.to_frame() for f in self.fits.values()], ignore_index=True)

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        head = (f"<p><b>{self.game.name}</b>: {self.n_spins} spins, e-value "
                f"{self.evalue:.3g}, fit p = {self.fit.pvalue:.3g}</p>")
        return head + self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.4g}")


def analyze(evidence: Evidence, game: Game, *, alpha: float = 0.01, seed: int = 0,
            dependence: bool = True, thresholds: Thresholds | None = None) -> Analysis:
    """Run every test the evidence supports and return an :class:`Analysis`.

    Parameters
    ----------
    evidence : Evidence
        Spins and tallies (from ``fairness.ingest`` or ``Evidence.from_counts``).
    game : Game
        The stated odds.
    alpha : float
        Level of the verdict: the e-value must reach ``1/alpha`` for "inconsistent".
    seed : int
        Seed of every simulation (Monte Carlo p-values, planning, posterior draws): the same
        inputs give the same analysis. Each randomised test draws from its own stream, keyed
        by the test's name (:func:`fairness.stats._montecarlo.stream`).
    dependence : bool
        Run the sequence / personalisation / drift family (:mod:`fairness.dependence`); it
        needs reporters, order or times and costs a few seconds on large data.
    thresholds : Thresholds, optional
        Decision numbers (:mod:`fairness.thresholds`); default :data:`fairness.thresholds.DEFAULT`.
    """
    if not isinstance(evidence, Evidence):
        raise TypeError("evidence must be an Evidence (use fairness.ingest or from_counts)")
    if not isinstance(game, Game):
        raise TypeError("game must be a Game (use load_game)")
    if tuple(evidence.labels) != game.labels:
        raise ValueError("evidence was read for a different game (outcome labels differ)")
    if not 0 < alpha < 1:
        raise ValueError("alpha must be in (0, 1)")
    if thresholds is None:
        thresholds = DEFAULT
    elif not isinstance(thresholds, Thresholds):
        raise TypeError("thresholds must be a fairness.thresholds.Thresholds")

    # Found once here, before three threads ask for it (Python 3.12 and later do not lock a
    # cached_property, so each would sort ten million times of an unordered log)
    evidence.time_order  # noqa: B018
    with ThreadPoolExecutor(max_workers=1) as worker:
        # The dependence family reads the whole log in numpy passes that release the GIL, so
        # the rest of the analysis runs beside it on a second core (10M spins, fresh
        # processes: 0.62 s instead of 0.80, median of five). Each test draws from its own
        # keyed stream: the results do not depend on which runs first.
        family = (worker.submit(check_dependence, evidence, game, seed=seed,
                                thresholds=thresholds) if dependence else None)
        found = _estimates(evidence, game, alpha, seed, thresholds)
        return Analysis(**found, dependence=None if family is None else family.result())


def _estimates(evidence: Evidence, game: Game, alpha: float, seed: int,
               thresholds: Thresholds) -> dict[str, Any]:
    """Every field of :class:`Analysis` but ``dependence``: the fit tests, e-value,
    estimates, plan and claims."""
    observed = evidence.counts()
    n = int(observed.sum())
    allowed = game.allowed()
    obs_allowed = observed[allowed.mask]
    stated_allowed, lower, upper = allowed.stated, allowed.lower, allowed.upper

    composite = game.is_composite
    mode = "stated" if not composite else "partial" if game.has_odds else "none"
    polytope = game.null() if composite else None
    if composite:
        ratio_test = likelihood_ratio_test(obs_allowed, polytope)
        null = ratio_test.chances
        fits = composite_fits(obs_allowed, ratio_test)
    else:
        null = stated_allowed if game.is_exact else null_fit(obs_allowed, lower, upper)
        fits = _fits(obs_allowed, null, seed)
    fit = fits["auto"]

    per_outcome = outcome_table(observed, game.stated, game.lower, game.upper,
                                labels=list(game.labels), level=0.95)

    codes = evidence.ordered_codes()
    if not len(codes):
        sequence = None
    elif allowed.mask.all():  # the usual game: every outcome can occur, codes as they are
        sequence = codes
    else:  # forbidden outcomes leave the sequence; the rest are renumbered
        sequence = allowed.index[codes[allowed.mask[codes]]]
    if composite:
        ev = evalue_composite(obs_allowed, polytope, stated_allowed, labels=allowed.labels,
                              claim_names=[c.name for c in game.claims], sequence=sequence)
    else:
        ev = evalue(obs_allowed, stated_allowed, lower, upper, labels=allowed.labels,
                    sequence=sequence)

    posterior = dirichlet_posterior(obs_allowed)
    values = allowed.values
    value = value_post = None
    if allowed.has_values and len(values) > 1 and not composite:
        value = expected_value_test(obs_allowed, stated_allowed, values)
        value_post = posterior.expected_value(values, seed=keyed_seed(seed, "value_posterior"),
                                              stated_value=float(stated_allowed @ values))

    if _plans_by_difference(game):
        plan = difference_plan(obs_allowed, labels=allowed.labels,
                               values=allowed.values if allowed.has_values else None,
                               power=thresholds.plan_power, alpha=thresholds.dependence_alpha)
    else:
        plan = plan_spins(game, ratio=thresholds.plan_ratio, power=thresholds.plan_power,
                          alpha=alpha, n_now=n, seed=seed)

    stated_flags = {o.label: o.is_stated for o in game.outcomes}
    zero = {label: zero_hits(n, float(s))
            for label, s, k in zip(allowed.labels, stated_allowed, obs_allowed, strict=True)
            if k == 0 and n > 0 and stated_flags[label]}
    never_seen = {label: never_seen_bound(n, thresholds.never_seen_level)
                  for label, k in zip(allowed.labels, obs_allowed, strict=True)
                  if k == 0 and n > 0 and not stated_flags[label]}

    return dict(
        game=game,
        labels=game.labels,
        observed=observed,
        n_spins=n,
        n_reporters=evidence.n_reporters,
        n_individual=len(evidence.spins),
        allowed=allowed.labels,
        null_chances=null,
        fit=fit,
        fits={k: v for k, v in fits.items() if k != "auto"},
        outcomes=per_outcome,
        evidence_value=ev,
        posterior=posterior,
        value=value,
        value_posterior=value_post,
        plan=plan,
        forbidden=_forbidden(evidence, game),
        pool=_pool(observed, game),
        zero=zero,
        summary=dict(evidence.summary),
        period=evidence.period,
        alpha=alpha,
        seed=seed,
        thresholds=thresholds,
        mode=mode,
        claims=claim_table(game, observed, alpha=alpha),
        never_seen=never_seen,
    )


def plan_spins(game: Game, *, ratio: float, power: float, alpha: float, n_now: int = 0,
               seed: int = 0, target: str | None = None) -> Plan:
    """Spins needed for the verdict's e-value to catch ``target`` (default: the rarest valuable
    prize) at ``ratio`` times its allowed chance with probability ``power``
    (:func:`fairness.stats.spins_needed` on the game's allowed outcomes).

    ``analyze()`` and ``fairness plan`` both call this, with the same random stream, so the
    number a check reports and the number the planner gives are the same.
    """
    allowed = game.allowed()
    if target is not None and target not in allowed.labels:
        raise ValueError(f"target: unknown outcome {target!r} (the game has: "
                         f"{', '.join(allowed.labels)})")
    if game.is_composite and target is None:
        # Only a stated outcome can come at "half its allowed chance": choose among those.
        stated_only = np.where([o.is_stated for o in game.outcomes], game.reference, 0.0)
        target = allowed.labels[default_target(
            stated_only[allowed.mask], allowed.values if allowed.has_values else None)]
    return spins_needed(allowed.stated, allowed.lower, allowed.upper, labels=allowed.labels,
                        target=target, values=allowed.values if allowed.has_values else None,
                        ratio=ratio, power=power, alpha=alpha, n_now=n_now,
                        seed=keyed_seed(seed, "plan"))


def _plans_by_difference(game: Game) -> bool:
    """True when "enough data" means seeing a twofold difference between groups or periods:
    nothing stated, or only group claims (no single outcome with a stated chance to halve)."""
    return not game.has_odds or not any(
        o.is_stated and o.upper > 0 and o.lower < 1 for o in game.outcomes)


def game_log_evalues(game: Game, counts) -> np.ndarray:
    """Natural-log e-values of rows of counts over the game's allowed outcomes, against every
    statement of the game (the e-value ``analyze()`` reports, without its path)."""
    allowed = game.allowed()
    counts = np.asarray(counts)
    if game.is_composite:
        log_e, _, _, _ = composite_log_evalues(counts, game.null(), allowed.stated,
                                               concentrations=CONCENTRATIONS)
    else:
        log_e, _, _ = log_evalues(counts, allowed.stated, allowed.lower, allowed.upper)
    return log_e


def claim_table(game: Game | None, observed, *, alpha: float = 0.01,
                level: float = 0.95) -> pd.DataFrame:
    """One row per group claim of ``game``: what was claimed and what was seen.

    Columns: ``claim`` (the operator's words or the labels), ``outcomes`` (labels joined by
    ", "), ``written``, ``kind`` (exact / at_least / at_most), ``stated``, ``lower``,
    ``upper`` (the share the claim allows), ``observed`` (spins giving one of the outcomes),
    ``n``, ``rate``, ``rate_low``, ``rate_high`` (exact Clopper-Pearson interval at ``level``),
    ``ratio`` (rate / stated), ``pvalue`` (exact test of the claim's interval,
    :func:`fairness.stats.outcomes.interval_pvalue`), ``p_holm`` (Holm across claims) and
    ``broken`` (``p_holm < alpha``).
    """
    columns = ["claim", "outcomes", "written", "kind", "stated", "lower", "upper", "observed",
               "n", "rate", "rate_low", "rate_high", "ratio", "pvalue", "p_holm", "broken"]
    if game is None or not game.claims:
        return pd.DataFrame(columns=columns)
    counts = np.asarray(observed, dtype=np.int64)
    n = int(counts.sum())
    rows = []
    for c in game.claims:
        hits = int(sum(counts[game.labels.index(label)] for label in c.outcomes))
        low, high = binomial_interval(hits, n, level, "clopper-pearson") if n else (0.0, 1.0)
        rate = hits / n if n else np.nan
        rows.append({"claim": c.name, "outcomes": ", ".join(c.outcomes), "written": c.written,
                     "kind": c.claim, "stated": c.stated, "lower": c.lower, "upper": c.upper,
                     "observed": hits, "n": n, "rate": rate, "rate_low": low, "rate_high": high,
                     "ratio": rate / c.stated if c.stated > 0 else np.nan,
                     "pvalue": interval_pvalue(hits, n, c.lower, c.upper) if n else 1.0})
    table = pd.DataFrame(rows, columns=columns)
    table["p_holm"] = adjust_pvalues(table["pvalue"].to_numpy(float), "holm")
    table["broken"] = table["p_holm"] < alpha
    return table


def _fits(observed, null, seed) -> dict[str, FitResult]:
    fits = {
        "pearson": goodness_of_fit(observed, null, method="pearson"),
        "g": goodness_of_fit(observed, null, method="g", williams=True),
    }
    auto = goodness_of_fit(observed, null, method="auto", n_simulations=_MC_SIMULATIONS,
                           seed=keyed_seed(seed, "goodness_of_fit"), max_tables=_MAX_EXACT_TABLES)
    if auto.method not in fits:
        fits[auto.method] = auto
    fits["auto"] = auto
    return fits


def _forbidden(evidence: Evidence, game: Game) -> pd.DataFrame:
    rows = []
    counts = evidence.counts()
    for i, outcome in enumerate(game.outcomes):
        if not outcome.forbidden or counts[i] == 0:
            continue
        spins = evidence.spins[evidence.spins["outcome"] == outcome.label]
        reporters = int(spins["reporter"].dropna().nunique())
        anonymous = int(counts[i] - spins["reporter"].notna().sum())
        rows.append({"label": outcome.label, "count": int(counts[i]), "reporters": reporters,
                     "anonymous": anonymous})
    return pd.DataFrame(rows, columns=["label", "count", "reporters", "anonymous"])


def _pool(observed, game: Game) -> pd.DataFrame | None:
    if not game.pool:
        return None
    funds = np.array([o.count if o.count is not None else np.inf for o in game.outcomes])
    return pd.DataFrame({"label": game.labels, "fund": funds, "observed": observed,
                         "exceeded": observed > funds})
