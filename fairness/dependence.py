"""Is the draw the same for everyone, every time? The family of dependence checks.

``analyze()`` calls :func:`check_dependence`; it runs every sequence, personalisation and drift
test that the evidence supports (``fairness.stats.sequence`` / ``homogeneity`` / ``bias``) and
corrects them together by Holm's method, since about eight of them look at the same spins.
A test that needs something the data lack (reporters, order, segments, times) is listed in
``skipped`` with the reason, never silently dropped.

Each test is calibrated on its own (benchmarks/bench_dependence.py); Holm keeps the chance that
an honest, independent, homogeneous wheel gets *any* dependence finding at or below the family
level (``DEPENDENCE_ALPHA`` in :mod:`fairness.decision`) for one look at the data.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fairness.evidence import Evidence
from fairness.spec import Game
from fairness.stats.bias import ReportingBias, reporting_bias
from fairness.stats.counting import bincount, pair_counts
from fairness.stats.evalue import EValueResult, evalue
from fairness.stats.fit import FitResult, goodness_of_fit
from fairness.stats.homogeneity import (
    drift_test,
    homogeneity_table_test,
    overdispersion_test,
)
from fairness.stats.outcomes import adjust_pvalues
from fairness.stats.power import default_target
from fairness.stats.sequence import (
    Sequences,
    WithinSequencePermutations,
    combined_runs_test,
    group_codes,
    longest_streak_test,
    markov_dependence_test,
    pity_test,
    scripted_start_test,
    seq_integers,
    seq_numbers,
)

__all__ = ["DependenceReport", "DependenceTest", "SegmentFit", "check_dependence"]

# What the data must have before a test is worth running.
MIN_SEQUENCE = 5  # spins of one reporter for sequence tests
MIN_REPORTERS = 10  # reporters with such sequences
MIN_SEGMENT_SPINS = 20
MIN_TIMED_SPINS = 200
MIN_COMPLETE_SPINS = 100
SIMULATIONS = 1999  # Monte Carlo p-values down to 1/2000, enough for Holm over ~8 tests
# Above this many spins the permutation tests cost seconds each; their asymptotic p-values are
# then valid (large expected counts) and are used instead, where the test says they are valid.
LARGE = 20_000
# Above this many spins with a reporter, the order tests run on a random sample of whole
# reporters holding about this many spins (see _sequence_sample); DependenceReport.sample says so.
SEQUENCE_BUDGET = 1_000_000
# From this many spins the work runs on two cores: analyze() runs this family in a thread
# beside its own tests, and the drift scans here get a thread of their own.
PARALLEL_SPINS = 1_000_000
SPARSE_SIMULATIONS = 499
# Reporters needed before the C(alpha) test's normal approximation is used on large data.
MIN_OVERDISPERSION_REPORTERS = 200


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
    skipped: tuple[tuple[str, str], ...]
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
        return pd.DataFrame(list(self.skipped), columns=["code", "reason"])


def _top_code(game: Game, allowed: np.ndarray) -> int:
    values = game.values
    stated = np.where(allowed, game.stated, 0.0)
    return default_target(stated, values if np.all(np.isfinite(values)) else None)


def check_dependence(evidence: Evidence, game: Game, *, seed: int = 0) -> DependenceReport:
    """Run the dependence family on ``evidence`` (see the module docstring)."""
    spins = evidence.spins
    k = len(game.labels)
    allowed = game.upper > 0
    stated = game.stated
    base = int(np.argmax(stated))
    top = _top_code(game, allowed)
    state = np.random.SeedSequence(seed).generate_state(16)
    seeds = iter(state)  # drawn by the tests in turn
    raw: list[tuple[str, str, float, dict[str, Any], Any]] = []
    skipped: list[tuple[str, str]] = []
    labels = game.labels
    large = len(spins) > LARGE
    sims = 0 if large else SIMULATIONS

    codes = spins["outcome"].cat.codes.to_numpy()  # int8 for a few labels: no copy
    reporter_codes, reporter_names = group_codes(spins["reporter"])
    reporter_table = _group_table(reporter_codes, codes, len(reporter_names), k)
    reporter_rows = reporter_table[reporter_table.sum(axis=1) >= 2]
    segment_codes, segment_names = group_codes(spins["segment"])
    segment_table = segment_big = None
    if (segment_codes >= 0).any():
        segment_table = _group_table(segment_codes, codes, len(segment_names), k)
        segment_big = np.flatnonzero(segment_table.sum(axis=1) >= MIN_SEGMENT_SPINS)
    # Which of the tests before the drift scans run (each draws a seed): decided once, here.
    reporter_test_runs = bool(reporter_table.sum()) and len(reporter_rows) >= 2
    segment_test_runs = segment_big is not None and len(segment_big) >= 2

    def drift_family(drift_seeds):
        return _drift_tests(evidence, codes, game, top, sims, drift_seeds)

    drift_job = None
    if large and len(spins) >= PARALLEL_SPINS:
        # The drift scans run beside the order tests (numpy leaves the interpreter lock free
        # in its long loops), with the seeds they would draw after them: on large data the
        # order tests draw none, the reporter and the segment tests one each.
        drawn_before = int(reporter_test_runs) + int(segment_test_runs)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fairness-drift")
        drift_job = pool.submit(drift_family, iter(state[drawn_before:]))
        pool.shutdown(wait=False)  # (no more work for it: the thread ends with the scans)
    sampled, sample = _sequence_sample(reporter_codes, reporter_table.sum(axis=1), seed)
    seqs = Sequences.from_spins(spins, min_length=MIN_SEQUENCE, rows=sampled)
    if len(seqs) >= MIN_REPORTERS:
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
        draws = WithinSequencePermutations(seqs, sims, seed=next(seeds)) if sims else None
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
        skipped.append(("sequence", f"needs at least {MIN_REPORTERS} reporters with "
                                    f"{MIN_SEQUENCE}+ spins in order (have {len(seqs)})"))

    if reporter_table.sum():
        table = reporter_rows
        if reporter_test_runs:
            name, homo = _reporter_test(table, sims, next(seeds))
            raw.append(("reporter_difference", name, _p(homo), {"reporters": len(table)}, homo))
    else:
        skipped.append(("reporter_difference", "no reporters in the data"))

    segments: list[SegmentFit] = []
    if segment_table is not None:
        table, big = segment_table, segment_big
        if segment_test_runs:
            names = [str(segment_names[i]) for i in big]
            homo = _homogeneity_table(table[big], sims, next(seeds), names)
            raw.append(("segment_difference", "same odds in every segment "
                        "(Monte Carlo contingency test)" if homo.n_simulations else
                        "same odds in every segment (chi-square)", _p(homo),
                        _segment_params(table[big], names, labels, allowed), homo))
            order = np.argsort(-table[big].sum(axis=1), kind="stable")
            segments = [_segment_fit(names[i], table[big][i], game, seed) for i in order]
        else:
            skipped.append(("segment_difference", f"needs two segments with "
                                                  f"{MIN_SEGMENT_SPINS}+ spins"))

    if drift_job is None:
        drift_raw, drift_skipped, windows = drift_family(seeds)
    else:
        drift_raw, drift_skipped, windows = drift_job.result()
    raw += drift_raw
    skipped += drift_skipped

    for code, name, p, _, _ in raw:
        if not np.isfinite(p):
            skipped.append((code, f"{name}: not applicable to these data"))
    raw = [r for r in raw if np.isfinite(r[2])]
    p_holm = adjust_pvalues([r[2] for r in raw], method="holm") if raw else []
    tests = tuple(DependenceTest(code, name, float(p), float(ph), params, result)
                  for (code, name, p, params, result), ph in zip(raw, p_holm, strict=True))

    observed = evidence.counts()
    bias = reporting_bias(observed[allowed], stated[allowed] / stated[allowed].sum(),
                          labels=[label for label, ok in zip(labels, allowed, strict=True)
                                  if ok]) if observed.sum() else None
    return DependenceReport(tests=tests, skipped=tuple(skipped), segments=tuple(segments),
                            bias=bias, complete=_complete_logs(spins, game, reporter_codes,
                                                            reporter_table),
                            windows=windows,
                            sample=sample)


def _drift_tests(evidence: Evidence, codes: np.ndarray, game: Game, top: int, sims: int,
                 seeds) -> tuple[list, list, pd.DataFrame | None]:
    """The two drift scans (all outcomes; the top prize) as (tests, skipped, windows)."""
    spins = evidence.spins
    k, labels, stated = len(game.labels), game.labels, game.stated
    raw: list[tuple[str, str, float, dict[str, Any], Any]] = []
    skipped: list[tuple[str, str]] = []
    windows = None
    timed = spins["reported_at"].notna().to_numpy() if len(spins) else np.array([], bool)
    n_timed = int(timed.sum())
    times = None
    if n_timed:
        # In time order once (timed spins come first in evidence.time_order), so that the
        # drift scans below need not sort ten million spins each; a log already in order
        # (the usual case) is used as it is, without copies.
        order = evidence.time_order
        if order is None and n_timed == len(spins):
            times, timed_codes = spins["reported_at"], codes
        else:
            rows = np.flatnonzero(timed) if order is None else order[:n_timed]
            times, timed_codes = spins["reported_at"].iloc[rows], codes[rows]
    if n_timed >= MIN_TIMED_SPINS and times.iloc[0] != times.iloc[-1]:
        for outcome, test_name in ((None, "change over time (all outcomes)"),
                                   (top, f"change over time ('{labels[top]}')")):
            # Large data: the scan only locates the change; the p-value is the weekly
            # contingency test's (chi-square), as a permutation scan would cost minutes.
            drift = drift_test(times, timed_codes, k, stated=stated, outcome=outcome,
                               n_simulations=sims, seed=next(seeds))
            pvalue = drift.pvalue
            if not sims:
                table = _weekly_table(drift.windows, k, outcome)
                weekly = _homogeneity_table(table[table.sum(axis=1) > 0], 0, next(seeds))
                pvalue, test_name = _p(weekly), test_name + " - weekly chi-square"
            raw.append(("drift", test_name, pvalue, _drift_params(drift, labels), drift))
            windows = drift.windows if windows is None else windows
    else:
        skipped.append(("drift", f"needs {MIN_TIMED_SPINS}+ spins with times "
                                 f"(have {int(timed.sum())})"))

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
    order = np.random.default_rng([int(seed), 0x5E9]).permutation(n_reporters)
    take = order[: int(np.searchsorted(np.cumsum(per[order]), SEQUENCE_BUDGET)) + 1]
    # index n_reporters stands for "no reporter" (code -1), never chosen
    chosen = np.zeros(n_reporters + 1, dtype=bool)
    chosen[take] = True
    rows = chosen[reporters]
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


def _reporter_test(table: np.ndarray, sims: int, seed) -> tuple[str, Any]:
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
    if len(table) >= MIN_OVERDISPERSION_REPORTERS:
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
    allowed = game.upper > 0
    counts = np.asarray(counts).round().astype(np.int64)
    stated = game.stated[allowed] / game.stated[allowed].sum()
    fit = goodness_of_fit(counts[allowed], stated, method="auto", n_simulations=5000, seed=seed,
                          max_tables=500_000)
    ev = evalue(counts[allowed], stated, game.lower[allowed], game.upper[allowed])
    return SegmentFit(segment=name, n=int(counts.sum()), fit=fit, evidence_value=ev)


def _complete_logs(spins: pd.DataFrame, game: Game, reporter: np.ndarray,
                   table: np.ndarray) -> dict[str, Any] | None:
    """The fit on reporters with complete logs only (flagged, or 20+ consecutive spins);
    ``reporter`` holds the reporter code of each spin (-1: none), ``table`` the reporters x
    outcomes counts."""
    if not len(spins):
        return None
    known = reporter >= 0
    if not known.any():
        return None
    # A complete log: a `complete` flag is not carried by Evidence, so reporters whose spins
    # are numbered without gaps (seq 1..m) and who have 20+ of them count as complete.
    seq = seq_integers(spins["seq"])  # (Evidence numbers every spin of a reporter)
    if seq is None:
        seq = seq_numbers(spins["seq"])
        rows = known & np.isfinite(seq)
    else:
        rows = known
    everyone = bool(rows.all())  # the usual case: no copies
    groups, seq = (reporter, seq) if everyone else (reporter[rows], seq[rows])
    m = table.shape[0]
    count = table.sum(axis=1) if everyone else bincount(groups, minlength=m)
    # (reporters without numbered spins keep the start values; count >= 20 leaves them out)
    big, small = (np.iinfo(np.int64).max, np.iinfo(np.int64).min) if seq.dtype == np.int64 \
        else (np.inf, -np.inf)
    low, high = np.full(m, big, dtype=seq.dtype), np.full(m, small, dtype=seq.dtype)
    np.minimum.at(low, groups, seq)
    np.maximum.at(high, groups, seq)
    complete = (count >= 20) & (high - low + 1 == count)
    if everyone:  # every spin is numbered: the reporters' rows of the table are their spins
        counts = table[complete].sum(axis=0).round().astype(np.int64)
    else:
        codes = spins["outcome"].cat.codes.to_numpy()[rows]
        counts = bincount(codes[complete[groups]], minlength=len(game.labels))
    if counts.sum() < MIN_COMPLETE_SPINS:
        return None
    allowed = game.upper > 0
    stated = game.stated[allowed] / game.stated[allowed].sum()
    ev = evalue(counts[allowed], stated, game.lower[allowed], game.upper[allowed])
    fit = goodness_of_fit(counts[allowed], stated, method="auto", n_simulations=5000,
                          max_tables=500_000)
    return {"n": int(counts.sum()), "reporters": int(complete.sum()),
            "counts": counts, "evalue": ev.value, "fit_pvalue": fit.pvalue}
