"""Dependence, personalisation and drift benchmarks: false alarms and power (issue 4).

    python benchmarks/bench_dependence.py [--campaigns 1000] [--power-campaigns N]
                                          [--simulations 199] [--jobs J] [--quick]

Targets (issue 4, at alpha = 0.05 per test):
1. calibration - on honest, independent, homogeneous campaigns (60 reporters x 50 spins over six
   weeks, a four-outcome cashback wheel 80 / 15 / 4 / 1 %), every test's false-alarm rate is at
   most 5 % (a campaign count above the one-sided 99.9 % binomial limit for 5 % is a miss);
2. power - (a) two equal segments, top prize 2 % vs 0.5 %, 5,000 spins: homogeneity across
   segments flags >= 80 %; (b) top prize stated 1 %, guaranteed on the 50th spin without it,
   60 reporters x 50 spins: pity test flags >= 90 %; (c) top prize (2 %) vanishing after week 2
   of 6, 3,000 spins: drift test (all outcomes) flags >= 80 %.
Extra rows (no target) show harder variants: a pity counter that started before the log, and a
1 % top prize vanishing.

Monte Carlo p-values use ``--simulations`` draws (valid for any number; 199 gives a smallest
p-value of 0.005). Campaigns are seeded and spread over ``--jobs`` processes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
from scipy import stats

from fairness.stats import (
    combined_runs_test,
    drift_test,
    homogeneity_test,
    longest_streak_test,
    markov_dependence_test,
    overdispersion_test,
    pity_test,
    scripted_start_test,
)

ALPHA = 0.05
WHEEL = np.array([0.80, 0.15, 0.04, 0.01])  # 1 %, 3 %, 10 %, 100 % cashback; code 3 = top
TOP = 3
REPORTERS, SPINS = 60, 50
START = pd.Timestamp("2026-03-02", tz="UTC")
WEEKS = 6

CALIBRATION = (
    "runs (combined, win vs base prize)",
    "longest losing streak (any prize above 1%)",
    "markov dependence",
    "pity (top prize, stated 1%)",
    "scripted start (first 3 spins)",
    "homogeneity across reporters",
    "homogeneity across segments",
    "homogeneity across weeks",
    "overdispersion across reporters",
    "drift (all outcomes)",
    "drift (top prize only)",
)


def _with_top(top: float) -> np.ndarray:
    """The wheel with the top prize at ``top``, the other chances scaled to fill the rest."""
    rest = WHEEL[:TOP] / WHEEL[:TOP].sum() * (1 - top)
    return np.append(rest, top)


def _times(rng: np.random.Generator, n: int) -> pd.Series:
    return pd.Series(START + pd.to_timedelta(rng.uniform(0, 7 * WEEKS, n), unit="D"))


def _honest(seed: int, n_sim: int) -> list[float]:
    rng = np.random.default_rng(seed)
    seqs = [rng.choice(4, size=SPINS, p=WHEEL) for _ in range(REPORTERS)]
    codes = np.concatenate(seqs)
    reporters = np.repeat(np.arange(REPORTERS), SPINS)
    segments = np.where(reporters < REPORTERS // 2, "new", "old")
    # Every reporter's spins in time order, spread over the six weeks.
    times = np.concatenate([np.sort(_times(rng, SPINS).to_numpy()) for _ in range(REPORTERS)])
    weeks = ((pd.Series(times) - START) // pd.Timedelta(days=7)).to_numpy()
    table = np.array([np.bincount(s, minlength=4) for s in seqs])
    return [
        combined_runs_test([(s > 0).astype(int) for s in seqs]).pvalue,
        longest_streak_test(seqs, float(WHEEL[1:].sum()), win=[1, 2, 3]).pvalue,
        markov_dependence_test(seqs, 4, n_simulations=n_sim, seed=seed).pvalue,
        pity_test(seqs, TOP, stated=float(WHEEL[TOP])).pvalue,
        scripted_start_test(seqs, 3, k_outcomes=4, n_simulations=n_sim, seed=seed).pvalue,
        homogeneity_test(reporters, codes, 4, n_simulations=n_sim, seed=seed).pvalue,
        homogeneity_test(segments, codes, 4, n_simulations=n_sim, seed=seed).pvalue,
        homogeneity_test(weeks, codes, 4, n_simulations=n_sim, seed=seed).pvalue,
        overdispersion_test(table, n_simulations=n_sim, seed=seed).pvalue,
        drift_test(times, codes, 4, n_simulations=n_sim, seed=seed).pvalue,
        drift_test(times, codes, 4, outcome=TOP, n_simulations=n_sim, seed=seed).pvalue,
    ]


def _pity_sequence(rng, guarantee: int, offset: int) -> np.ndarray:
    out, since = [], offset
    for _ in range(SPINS):
        hit = since >= guarantee - 1 or rng.random() < WHEEL[TOP]
        out.append(TOP if hit else int(rng.choice(3, p=WHEEL[:TOP] / WHEEL[:TOP].sum())))
        since = 0 if hit else since + 1
    return np.array(out)


def _power(seed: int, n_sim: int) -> list[float]:
    rng = np.random.default_rng(seed)
    # (a) segments: 2,500 spins each, top prize 2 % vs 0.5 %.
    codes = np.concatenate([rng.choice(4, 2500, p=_with_top(0.02)),
                            rng.choice(4, 2500, p=_with_top(0.005))])
    segments = np.repeat(["new", "old"], 2500)
    segment_p = homogeneity_test(segments, codes, 4, n_simulations=n_sim, seed=seed).pvalue
    # (b) pity: guarantee on the 50th spin without the top prize, counter from the log's start;
    # (b') the same with the counter started up to 49 spins before the log.
    pity_p = pity_test([_pity_sequence(rng, 50, 0) for _ in range(REPORTERS)], TOP,
                       stated=float(WHEEL[TOP])).pvalue
    offsets = rng.integers(0, 50, REPORTERS)
    pity_offset_p = pity_test([_pity_sequence(rng, 50, int(o)) for o in offsets], TOP,
                              stated=float(WHEEL[TOP])).pvalue
    # (c) drift: top prize vanishes after week 2 of 6; (c') the same with a 1 % top prize.
    out = [segment_p, pity_p, pity_offset_p]
    for top in (0.02, 0.01):
        times = _times(rng, 3000).sort_values(ignore_index=True)
        early = (times < START + pd.Timedelta(days=14)).to_numpy()
        later = _with_top(0.0)
        codes = np.where(early, rng.choice(4, 3000, p=_with_top(top)),
                         rng.choice(4, 3000, p=later))
        out.append(drift_test(times, codes, 4, n_simulations=n_sim, seed=seed).pvalue)
        out.append(drift_test(times, codes, 4, outcome=TOP, n_simulations=n_sim,
                              seed=seed).pvalue)
    return out


POWER = (
    ("segments: top prize 2% vs 0.5%, 5,000 spins (homogeneity)", 0.80),
    ("pity: guarantee by spin 50, stated 1%, 60 x 50 (pity test)", 0.90),
    ("  same, pity counter started before the log", None),
    ("drift: 2% top prize gone after week 2 of 6, 3,000 spins (all outcomes)", 0.80),
    ("  same, scan on the top prize only", None),
    ("  1% top prize gone after week 2 (all outcomes)", None),
    ("  1% top prize gone after week 2 (top prize only)", None),
)


def _run(func, campaigns: int, n_sim: int, seed: int, jobs: int) -> np.ndarray:
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(campaigns)]
    if jobs <= 1:
        rows = [func(s, n_sim) for s in seeds]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            rows = list(pool.map(func, seeds, [n_sim] * campaigns, chunksize=4))
    return np.array(rows, dtype=float)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--campaigns", type=int, default=1000)
    parser.add_argument("--power-campaigns", type=int, default=None)
    parser.add_argument("--simulations", type=int, default=199)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="100 campaigns of each kind")
    args = parser.parse_args(argv)
    campaigns = 100 if args.quick else args.campaigns
    power_campaigns = args.power_campaigns or (100 if args.quick else min(campaigns, 500))
    missed = []

    started = time.perf_counter()
    pvalues = _run(_honest, campaigns, args.simulations, args.seed, args.jobs)
    limit = int(stats.binom.ppf(0.999, campaigns, ALPHA))
    print(f"calibration: {campaigns} honest campaigns ({REPORTERS} reporters x {SPINS} spins), "
          f"alpha = {ALPHA}, miss when false alarms > {limit} ({limit / campaigns:.3f}); "
          f"{time.perf_counter() - started:.0f} s")
    print(f"  {'test':46s} {'false alarms':>12s} {'rate':>7s}  {'95% CI':>15s}  result")
    for name, column in zip(CALIBRATION, pvalues.T, strict=True):
        finite = column[np.isfinite(column)]
        hits = int(np.count_nonzero(finite <= ALPHA))
        ci = stats.binomtest(hits, max(finite.size, 1)).proportion_ci(0.95)
        ok = hits <= limit
        if not ok:
            missed.append(name)
        na = f" ({column.size - finite.size} n/a)" if finite.size < column.size else ""
        print(f"  {name:46s} {hits:>5d}/{finite.size:<6d} {hits / max(finite.size, 1):7.3f}  "
              f"[{ci.low:.3f}, {ci.high:.3f}]  {'ok' if ok else 'MISSED'}{na}")

    started = time.perf_counter()
    pvalues = _run(_power, power_campaigns, args.simulations, args.seed + 1, args.jobs)
    strict = 1 / (args.simulations + 1)
    print(f"\npower: {power_campaigns} campaigns each, flagged at p <= {ALPHA} (target) and, "
          f"for a family of ~10 tests, at p <= {strict:.4f} (Monte Carlo floor); "
          f"{time.perf_counter() - started:.0f} s")
    for (name, target), column in zip(POWER, pvalues.T, strict=True):
        rate = float(np.mean(column <= ALPHA))
        strict_rate = float(np.mean(column <= strict * (1 + 1e-9)))
        if target is None:
            verdict = "(no target)"
        else:
            verdict = "ok" if rate >= target else "MISSED"
            if rate < target:
                missed.append(name)
        goal = f">= {target:.2f}" if target is not None else ""
        print(f"  {name:72s} {rate:6.3f} {goal:>8s}  {verdict:11s}  strict {strict_rate:5.3f}")
    print("\nmissed: " + ", ".join(missed) if missed else "\nall targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
