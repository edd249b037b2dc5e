"""Is the draw the same for everyone, every time? The family of dependence checks.

``analyze()`` calls :func:`check_dependence`; it runs every sequence, personalisation and drift
test that the evidence supports (``fairness.stats.runs`` / ``streaks`` / ``markov`` / ``pity`` /
``scripted`` / ``homogeneity`` / ``drift`` / ``bias``) and corrects them together by Holm's
method, since about eight of them look at the same spins.
A test that needs something the data lack (reporters, order, segments, times) is listed in
``skipped`` with the reason, never silently dropped.

Each test is calibrated on its own (benchmarks/bench_dependence.py); Holm keeps the chance that
an honest, independent, homogeneous wheel gets *any* dependence finding at or below the family
level (``Thresholds.dependence_alpha`` in :mod:`fairness.thresholds`) for one look at the data.
The minimum data each test needs are thresholds too (``Thresholds.min_*``).

Every randomised test draws from its own random stream, keyed by the test's name
(:func:`fairness.stats._montecarlo.keyed_seed`), so the order in which the tests run does not
change any result.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fairness.errors import Message
from fairness.evidence import Evidence
from fairness.logs import (
    BLOCK,
    complete_reporters,
    group_codes,
    reporter_codes,
    sequences_from_spins,
)
from fairness.spec import Game
from fairness.stats._montecarlo import keyed_seed
from fairness.stats.anytime import EValueResult, evalue, evalue_composite
from fairness.stats.bias import ReportingBias, reporting_bias
from fairness.stats.composite import composite_fits, likelihood_ratio_test
from fairness.stats.counting import pair_counts
from fairness.stats.drift import drift_tests
from fairness.stats.fit import FitResult, goodness_of_fit
from fairness.stats.homogeneity import homogeneity_table_test, overdispersion_test
from fairness.stats.markov import markov_dependence_test
from fairness.stats.outcomes import adjust_pvalues
from fairness.stats.pity import pity_test
from fairness.stats.power import default_target
from fairness.stats.runs import combined_runs_test
from fairness.stats.scripted import scripted_start_test
from fairness.stats.sequences import WithinSequencePermutations
from fairness.stats.streaks import longest_streak_test
from fairness.thresholds import DEFAULT, Thresholds

__all__ = ["DependenceReport", "DependenceTest", "SegmentFit", "check_dependence"]

# Cost settings (what the data must have before a test runs: fairness.thresholds).
SIMULATIONS = 1999  # Monte Carlo p-values down to 1/2000, enough for Holm over ~8 tests
# Above this many spins the permutation tests cost seconds each; their asymptotic p-values are
# then valid (large expected counts) and are used instead, where the test says they are valid.
LARGE = 20_000
# Above this many spins with a reporter, the order tests run on a random sample of whole
# reporters holding about this many spins (see _sequence_sample); DependenceReport.sample says so.
SEQUENCE_BUDGET = 1_000_000
SPARSE_SIMULATIONS = 499


@dataclass(frozen=True)
class DependenceTest:
    """One test of the family: its finding code, p-value, Holm-adjusted p-value and details.

    ``params`` holds the numbers a finding's sentence is made from; ``result`` is the
    ``fairness.stats`` result object (with its own ``to_frame()`` and tables).
    """

    code: str
    test: str
    pvalue: float
    p_holm: float
    params: dict[str, Any]
    result: Any = field(repr=False)


@dataclass(frozen=True)
class SegmentFit:
    """The stated-odds fit within one declared segment (new/old client, platform, ...)."""

    segment: str
    n: int
    fit: FitResult
    evidence_value: EValueResult = field(repr=False)


@dataclass(frozen=True)
class DependenceReport:
    """Everything the dependence family found (see the module docstring)."""

    tests: tuple[DependenceTest, ...]
    skipped: tuple[tuple[str, Message], ...]  # (code, why: a catalogue message)
    segments: tuple[SegmentFit, ...]
    bias: ReportingBias | None
    complete: dict[str, Any] | None
    windows: pd.DataFrame | None = field(default=None, repr=False)
    sample: dict[str, int] | None = None

    def to_frame(self) -> pd.DataFrame:
        """One row per test run: code, test, p-value and Holm-adjusted p-value."""
        return pd.DataFrame([{"code": t.code, "test": t.test, "pvalue": t.pvalue,
                              "p_holm": t.p_holm} for t in self.tests],
                            columns=["code", "test", "pvalue", "p_holm"])

    def segments_frame(self) -> pd.DataFrame:
        """Per segment: spins, fit p-value and e-value (with a Bonferroni threshold)."""
        return pd.DataFrame([{"segment": s.segment, "n": s.n, "fit_method": s.fit.method,
                              "fit_pvalue": s.fit.pvalue, "evalue": s.evidence_value.value}
                             for s in self.segments],
                            columns=["segment", "n", "fit_method", "fit_pvalue", "evalue"])

    def skipped_frame(self) -> pd.DataFrame:
        return pd.DataFrame([(code, str(why)) for code, why in self.skipped],
                            columns=["code", "reason"])


def _chances(game: Game, evidence: Evidence) -> np.ndarray:
    """The chances the order tests assume: the stated ones, or for a game with unstated chances
    or group claims the constrained fit to the counts (plus one half each, so that no outcome
    gets chance 0) within every statement (:meth:`fairness.spec.Game.null`): a plug-in."""
    if not game.is_composite:
        return game.stated
    counts = evidence.counts().astype(float)
    mask = game.upper > 0
    out = np.zeros(len(game.labels))
    out[mask] = game.null().mle(counts[mask] + 0.5)
    return out


def _top_code(game: Game, allowed: np.ndarray, chances: np.ndarray | None = None) -> int:
    values = game.values
    stated = np.where(allowed, game.stated if chances is None else chances, 0.0)
    return default_target(stated, values if np.all(np.isfinite(values)) else None)


def check_dependence(evidence: Evidence, game: Game, *, seed: int = 0,
                     thresholds: Thresholds | None = None) -> DependenceReport:
    """Run the dependence family on ``evidence`` (see the module docstring).

    ``seed`` is the analysis seed: each randomised test draws from
    ``keyed_seed(seed, <test name>)``. ``thresholds`` gives the minima and the family level
    (default :data:`fairness.thresholds.DEFAULT`).
    """
    th = DEFAULT if thresholds is None else thresholds
    spins = evidence.spins
    k = len(game.labels)
    allowed = game.allowed()
    stated = _chances(game, evidence)
    base = int(np.argmax(stated))
    top = _top_code(game, allowed.mask, stated)
    raw: list[tuple[str, str, float, dict[str, Any], Any]] = []
    skipped: list[tuple[str, str]] = []
    labels = game.labels
    large = len(spins) > LARGE
    sims = 0 if large else SIMULATIONS

    codes = spins["outcome"].array.codes  # int8 for a few labels: a read-only view, no copy
    with ThreadPoolExecutor(max_workers=1) as worker:
        # The drift scans read only the times and codes: they run beside the order and
        # group tests, on a second core (numpy releases the GIL in its passes).
        drift = worker.submit(_drift_tests, evidence, codes, game, top, sims, seed,
                              th.min_timed_spins, stated)
        reporters, reporter_names = reporter_codes(spins["reporter"])
        reporter_table = _group_table(reporters, codes, len(reporter_names), k)
        reporter_rows = reporter_table[reporter_table.sum(axis=1) >= 2]
        segment_codes, segment_names = group_codes(spins["segment"])
        segment_table = segment_big = None
        if segment_codes.size and segment_codes.max() >= 0:  # any segment (no mask of every row)
            segment_table = _group_table(segment_codes, codes, len(segment_names), k)
            segment_big = np.flatnonzero(segment_table.sum(axis=1) >= th.min_segment_spins)
        reporter_test_runs = bool(reporter_table.sum()) and len(reporter_rows) >= 2
        segment_test_runs = segment_big is not None and len(segment_big) >= 2

        sampled, sample = _sequence_sample(reporters, reporter_table.sum(axis=1),
                                           keyed_seed(seed, "sequence_sample"))
        seqs = sequences_from_spins(spins, min_length=th.min_sequence, rows=sampled,
                                    in_time_order=evidence.time_order is None)
        if len(seqs) >= th.min_reporters:
            wins = seqs.with_codes((seqs.codes != base).astype(np.int64))
            runs = combined_runs_test(wins)
            raw.append(("runs", "runs test (wins vs base prize, per reporter)", runs.pvalue,
                        {"runs": runs.runs, "expected": runs.expected_runs}, runs))
            p_win = float(1 - stated[base])
            streak = longest_streak_test(seqs, p_win, win=[c for c in range(k) if c != base])
            raw.append(("streak", "longest losing streak (exact)", streak.pvalue,
                        {"longest": streak.longest, "expected": streak.expected_longest,
                         "label": labels[base]}, streak))
            # One set of within-reporter permutations serves both order tests.
            draws = (WithinSequencePermutations(
                seqs, sims, seed=keyed_seed(seed, "order_permutations")) if sims else None)
            markov = markov_dependence_test(seqs, k, n_simulations=sims, permutations=draws)
            raw.append(("dependence", "first-order dependence (within-reporter permutation)"
                        if sims else "first-order dependence (chi-square)",
                        _p(markov), {}, markov))
            pity = pity_test(seqs, top, stated=float(stated[top]))
            raw.append(("pity", "pity / anti-pity (logistic slope and gap check)", pity.pvalue,
                        {"label": labels[top], "direction": pity.direction,
                         "longest": pity.longest_gap, "expected": pity.expected_longest_gap}, pity))
            scripted = scripted_start_test(seqs, 3, k_outcomes=k, n_simulations=sims,
                                           permutations=draws)
            raw.append(("scripted_start", "first 3 spins vs the rest", _p(scripted),
                        {"k": 3}, scripted))
        else:
            skipped.append(("sequence", Message("skip.sequence", min_reporters=th.min_reporters,
                                                min_spins=th.min_sequence, have=len(seqs))))

        if reporter_table.sum():
            table = reporter_rows
            if reporter_test_runs:
                name, homo = _reporter_test(table, sims, keyed_seed(seed, "reporter_difference"),
                                            th.min_overdispersion_reporters)
                raw.append(("reporter_difference", name, _p(homo), {"reporters": len(table)}, homo))
        else:
            skipped.append(("reporter_difference", Message("skip.no_reporters")))

        segments: list[SegmentFit] = []
        if segment_table is not None:
            table, big = segment_table, segment_big
            if segment_test_runs:
                names = [str(segment_names[i]) for i in big]
                homo = _homogeneity_table(table[big], sims, keyed_seed(seed, "segment_difference"),
                                          names)
                raw.append(("segment_difference", "same odds in every segment "
                            "(Monte Carlo contingency test)" if homo.n_simulations else
                            "same odds in every segment (chi-square)", _p(homo),
                            _segment_params(table[big], names, labels, allowed.mask), homo))
                order = np.argsort(-table[big].sum(axis=1), kind="stable")
                segments = [_segment_fit(names[i], table[big][i], game,
                                         keyed_seed(seed, f"segment_fit:{names[i]}"))
                            for i in order]
            else:
                skipped.append(("segment_difference", Message("skip.segments",
                                                              min_spins=th.min_segment_spins)))

        drift_raw, drift_skipped, windows = drift.result()
    raw += drift_raw
    skipped += drift_skipped

    for code, _name, p, _, _ in raw:
        if not np.isfinite(p):
            skipped.append((code, Message("skip.not_applicable")))
    raw = [r for r in raw if np.isfinite(r[2])]
    p_holm = adjust_pvalues([r[2] for r in raw], method="holm") if raw else []
    tests = tuple(DependenceTest(code, name, float(p), float(ph), params, result)
                  for (code, name, p, params, result), ph in zip(raw, p_holm, strict=True))

    observed = evidence.counts()
    # Reporting bias is measured against stated chances: none to measure against otherwise.
    bias = reporting_bias(observed[allowed.mask], allowed.stated,
                          labels=list(allowed.labels)) if (
        observed.sum() and not game.is_composite) else None
    complete = _complete_logs(spins, game, reporters, reporter_table, th,
                              keyed_seed(seed, "complete_logs_fit"))
    return DependenceReport(tests=tests, skipped=tuple(skipped), segments=tuple(segments),
                            bias=bias, complete=complete, windows=windows, sample=sample)


def _drift_tests(evidence: Evidence, codes: np.ndarray, game: Game, top: int, sims: int,
                 seed: int, min_timed_spins: int, stated: np.ndarray | None = None
                 ) -> tuple[list, list, pd.DataFrame | None]:
    """The two drift scans (all outcomes; the top prize) as (tests, skipped, windows)."""
    spins = evidence.spins
    k, labels = len(game.labels), game.labels
    if stated is None:
        stated = _chances(game, evidence)
    raw: list[tuple[str, str, float, dict[str, Any], Any]] = []
    skipped: list[tuple[str, str]] = []
    windows = None
    n_timed = evidence.n_timed
    times = None
    if n_timed:
        # In time order once (timed spins come first in evidence.time_order), so that the
        # drift scans below need not sort ten million spins each; a log already in order
        # (the usual case) is used as it is, without copies.
        order = evidence.time_order
        if order is None and n_timed == len(spins):
            times, timed_codes = spins["reported_at"], codes
        else:
            # (in order already: the timed spins are the first n_timed rows)
            rows = np.arange(n_timed) if order is None else order[:n_timed]
            times, timed_codes = spins["reported_at"].iloc[rows], codes[rows]
    if n_timed >= min_timed_spins and times.iloc[0] != times.iloc[-1]:
        scans = ((None, "drift", "change over time (all outcomes)"),
                 (top, "drift_top", f"change over time ('{labels[top]}')"))
        # Both scans from one pass over the spins (fairness.stats.drift.drift_tests).
        drifts = drift_tests(times, timed_codes, k, [outcome for outcome, _, _ in scans],
                             stated=stated, n_simulations=sims,
                             seeds=[keyed_seed(seed, key) for _, key, _ in scans])
        for (outcome, key, test_name), drift in zip(scans, drifts, strict=True):
            # Large data: the scan only locates the change; the p-value is the weekly
            # contingency test's (chi-square), as a permutation scan would cost minutes.
            pvalue = drift.pvalue
            if not sims:
                table = _weekly_table(drift.windows, k, outcome)
                weekly = _homogeneity_table(table[table.sum(axis=1) > 0], 0,
                                            keyed_seed(seed, f"{key}_weekly"))
                pvalue, test_name = _p(weekly), test_name + " - weekly chi-square"
            raw.append(("drift", test_name, pvalue, _drift_params(drift, labels), drift))
            windows = drift.windows if windows is None else windows
    else:
        skipped.append(("drift", Message("skip.drift", min_spins=min_timed_spins,
                                         have=n_timed)))

    return raw, skipped, windows


def _sequence_sample(reporters: np.ndarray, per: np.ndarray, seed: int
                     ) -> tuple[np.ndarray | None, dict[str, int] | None]:
    """Rows of whole reporters drawn at random until SEQUENCE_BUDGET spins, or None for all.

    The order tests regroup every spin by reporter (memory-bound passes over the whole log);
    past a million spins they detect any practical effect on a sample, and a sample chosen
    without looking at the outcomes keeps their null distributions exact.
    """
    per = np.asarray(per).round().astype(np.int64)  # spins of each reporter
    n_reporters = per.size
    total = int(per.sum())
    if total <= SEQUENCE_BUDGET:
        return None, None
    order = np.random.default_rng(seed).permutation(n_reporters)
    take = order[: int(np.searchsorted(np.cumsum(per[order]), SEQUENCE_BUDGET)) + 1]
    # index n_reporters stands for "no reporter" (code -1), never chosen
    chosen = np.zeros(n_reporters + 1, dtype=bool)
    chosen[take] = True
    rows = np.empty(reporters.size, dtype=bool)
    for start in range(0, reporters.size, BLOCK):  # no intp copy of ten million codes
        np.take(chosen, reporters[start: start + BLOCK], out=rows[start: start + BLOCK])
    return rows, {"spins": int(per[take].sum()), "of_spins": total,
                  "reporters": int(np.count_nonzero(per[take])),
                  "of_reporters": int(np.count_nonzero(per))}


def _p(result) -> float:
    """The Monte Carlo p-value, or the asymptotic one when no simulation was run."""
    if getattr(result, "n_simulations", 1) == 0 and hasattr(result, "asymptotic_pvalue"):
        return float(result.asymptotic_pvalue)
    return float(result.pvalue)


def _group_table(groups: np.ndarray, codes: np.ndarray, n_groups: int, k: int) -> np.ndarray:
    """Groups x outcomes count table (rows with group -1, i.e. missing, are left out)."""
    return pair_counts(groups, codes, n_groups, k).astype(float)


def _homogeneity_table(table, sims, seed, names=None):
    """Monte Carlo when asked, else chi-square if Cochran's rule holds, else a cheaper MC."""
    if sims:
        return homogeneity_table_test(table, n_simulations=sims, seed=seed, groups=names)
    quick = homogeneity_table_test(table, n_simulations=0, seed=seed, groups=names)
    if quick.asymptotic_valid:
        return quick
    return homogeneity_table_test(table, n_simulations=SPARSE_SIMULATIONS, seed=seed,
                                  groups=names)


def _reporter_test(table: np.ndarray, sims: int, seed, min_overdispersion_reporters: int
                   ) -> tuple[str, Any]:
    """Same odds for every reporter: the reporters x outcomes table.

    Small data: Monte Carlo over random tables with fixed margins (exact up to simulation
    error). Large data: chi-square where Cochran's rule holds; many reporters with a few spins
    each break it, and random tables cost a second per draw at ten million spins, so the
    C(alpha) overdispersion score test takes over: its normal approximation improves with the
    number of reporters (checked by simulation in tests/test_homogeneity.py) and it is the
    locally most powerful test against chances that vary from person to person.
    """
    name = "same odds for every reporter"
    if sims:
        return (f"{name} (Monte Carlo contingency test)",
                homogeneity_table_test(table, n_simulations=sims, seed=seed))
    quick = homogeneity_table_test(table, n_simulations=0, seed=seed)
    if quick.asymptotic_valid:
        return f"{name} (chi-square)", quick
    if len(table) >= min_overdispersion_reporters:
        return (f"{name} (C(alpha) overdispersion, normal approximation)",
                overdispersion_test(table, n_simulations=0))
    return (f"{name} (Monte Carlo contingency test)",
            homogeneity_table_test(table, n_simulations=SPARSE_SIMULATIONS, seed=seed))


def _segment_params(table: np.ndarray, names, labels, allowed) -> dict[str, Any]:
    """The outcome whose rate differs most between segments, with its highest and lowest."""
    rates = table / table.sum(axis=1, keepdims=True)
    best = None
    for code in range(table.shape[1]):
        if not allowed[code]:
            continue
        column = rates[:, code]
        high, low = column.max(), column.min()
        spread = (high + 1e-3) / (low + 1e-3)
        if best is None or spread > best[0]:
            best = (spread, code, names[int(np.argmax(column))], high,
                    names[int(np.argmin(column))], low)
    if best is None:
        return {}
    _, code, seg_high, high, seg_low, low = best
    return {"label": labels[code], "segment_high": seg_high, "rate_high": float(high),
            "segment_low": seg_low, "rate_low": float(low),
            "ratio": high / low if low > 0 else float("inf")}


def _weekly_table(windows: pd.DataFrame, k: int, outcome: int | None) -> np.ndarray:
    """Weeks x outcomes counts (all outcomes, or the outcome and the rest) from a drift
    result's windows table."""
    counts = windows["count"].to_numpy(dtype=float).reshape(-1, k)
    if outcome is None:
        return counts
    return np.column_stack([counts.sum(axis=1) - counts[:, outcome], counts[:, outcome]])


def _drift_params(drift, labels) -> dict[str, Any]:
    before = np.asarray(drift.rates_before, dtype=float)
    after = np.asarray(drift.rates_after, dtype=float)
    outcomes = list(drift.outcomes)
    idx = int(np.argmax(np.abs(after - before) / np.sqrt(np.maximum(before, 1e-6))))
    name = outcomes[idx]
    label = labels[name] if isinstance(name, (int, np.integer)) and name < len(labels) else name
    when = drift.change_time
    return {"label": str(label), "before": float(before[idx]), "after": float(after[idx]),
            "when": None if when is None or pd.isna(when) else pd.Timestamp(when)}


def _segment_fit(name: str, counts: np.ndarray, game: Game, seed: int) -> SegmentFit:
    allowed = game.allowed()
    counts = np.asarray(counts).round().astype(np.int64)[allowed.mask]
    fit, ev = _fit_and_evalue(game, counts, seed)
    return SegmentFit(segment=name, n=int(counts.sum()), fit=fit, evidence_value=ev)


def _complete_logs(spins: pd.DataFrame, game: Game, reporter: np.ndarray, table: np.ndarray,
                   th: Thresholds, seed: int) -> dict[str, Any] | None:
    """The fit on reporters with complete logs only (:func:`fairness.logs.complete_reporters`:
    the one definition); ``reporter`` holds the reporter code of each spin (-1: none),
    ``table`` the reporters x outcomes counts."""
    if not len(spins) or not reporter.size or reporter.max() < 0:  # nobody to look at
        return None
    complete = complete_reporters(spins, reporter, table.shape[0], th.min_complete_log)
    counts = table[complete].sum(axis=0).round().astype(np.int64)
    if counts.sum() < th.min_complete_spins:
        return None
    allowed = game.allowed()
    fit, ev = _fit_and_evalue(game, counts[allowed.mask], seed)
    return {"n": int(counts.sum()), "reporters": int(complete.sum()),
            "counts": counts, "evalue": ev.value, "fit_pvalue": fit.pvalue}


def _fit_and_evalue(game: Game, counts: np.ndarray, seed: int):
    """Fit test and e-value of counts over the allowed outcomes against the game's statements
    (the polytope of every statement for a game with unstated chances or group claims)."""
    allowed = game.allowed()
    if game.is_composite:
        null = game.null()
        fit = composite_fits(counts, likelihood_ratio_test(counts, null))["auto"]
        ev = evalue_composite(counts, null, allowed.stated, labels=allowed.labels,
                              claim_names=[c.name for c in game.claims])
        return fit, ev
    fit = goodness_of_fit(counts, allowed.stated, method="auto", n_simulations=5000, seed=seed,
                          max_tables=500_000)
    return fit, evalue(counts, allowed.stated, allowed.lower, allowed.upper)
