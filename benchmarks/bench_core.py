"""Core benchmarks: calibration and power of the verdict, and speed of the statistics.

    python benchmarks/bench_core.py [--campaigns 2000] [--quick]

Targets (issue "Statistical core"):
1. calibration - honest campaigns over several wheel shapes (one with a 0.1% outcome), each
   checked after every 50 spins up to 5,000: share ever called ``inconsistent`` <= 1%;
2. power - top prize stated 1% really paying a third of that: called ``inconsistent`` by 5,000
   spins (checked every 50) in >= 90% of campaigns;
3. speed - goodness_of_fit(method="monte_carlo") with 10^6 simulated tables, k = 10,
   n = 10,000, reported beside scipy.stats.chisquare on the same data; analyze() on 10^6 spins.

``inconsistent`` is decided by the e-value alone (fairness.verdict), so the calibration loop
computes the e-value path directly; a sample of campaigns is re-checked through the full
analyze() + verdict() to show the two agree.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from scipy import stats

import fairness
from fairness.stats.anytime import log_evalues
from fairness.stats.fit import goodness_of_fit

ALPHA = 0.01
LOOK_EVERY = 50
MAX_SPINS = 5_000


def _shapes():
    """Honest wheels: (name, game, true chances). Truth on the stated point or, for rounded
    statements, at the edge of what the rounding allows (the hardest honest case)."""
    shapes = []
    cashback = fairness.Game.from_dict({"name": "cashback counts", "outcomes": [
        {"label": lab, "count": c} for lab, c in
        [("1%", 7000), ("3%", 2000), ("5%", 700), ("10%", 250), ("100%", 50)]]})
    shapes.append(("bank cashback (counts, 0.5% top)", cashback, cashback.stated))
    promo = fairness.Game.from_dict({"name": "promo", "outcomes": [
        {"label": "car", "odds": "1 in 1000", "tolerance": 0},
        {"label": "phone", "odds": "1 in 100", "tolerance": 0},
        {"label": "coupon", "percent": 30, "claim": "at_least"},
        {"label": "nothing", "remainder": True}]})
    true = np.array([0.001, 0.01, 0.30, 0.689])  # the coupon claim exactly at its bound
    shapes.append(("promo (1 in 1000 = 0.1%, at-least claim)", promo, true))
    points = fairness.Game.from_dict({"name": "points", "outcomes": [
        {"label": lab, "percent": p} for lab, p in
        [("50", 60), ("100", 25), ("300", 10), ("1000", 4), ("5000", 1)]]})
    edge = np.array([0.595, 0.2495, 0.0995, 0.0405, 0.0155])  # rounded percents, edge cases
    edge = edge / edge.sum()
    shapes.append(("marketplace points (rounded percents, truth at edge)", points, edge))
    lootbox = fairness.Game.from_dict({"name": "loot box", "outcomes": [
        {"label": lab, "weight": w} for lab, w in
        [("blue", 625), ("purple", 125), ("pink", 25), ("red", 5), ("gold", 2)]]})
    shapes.append(("loot box (weights 625:125:25:5:2)", lootbox, lootbox.stated))
    return shapes


def _ever_crossed(rng, game, true, campaigns):
    stated, lower, upper = game.stated, game.lower, game.upper
    k = len(stated)
    looks = np.arange(LOOK_EVERY, MAX_SPINS + 1, LOOK_EVERY)
    ever = np.zeros(campaigns, dtype=bool)
    final_log_e = np.zeros(campaigns)
    for c in range(campaigns):
        seq = rng.choice(k, size=MAX_SPINS, p=true)
        cum = np.stack([np.cumsum(seq == j) for j in range(k)], axis=1)[looks - 1]
        log_e, _, _ = log_evalues(cum, stated, lower, upper)
        ever[c] = bool((log_e >= np.log(1 / ALPHA)).any())
        final_log_e[c] = log_e[-1]
    return ever, final_log_e


def calibration(campaigns: int, seed: int = 1) -> bool:
    print(f"1. Calibration: {campaigns} honest campaigns per wheel, looks every {LOOK_EVERY} "
          f"spins up to {MAX_SPINS}; target: ever 'inconsistent' <= {ALPHA:.0%}")
    rng = np.random.default_rng(seed)
    ok = True
    total = hits = 0
    for name, game, true in _shapes():
        start = time.perf_counter()
        ever, _ = _ever_crossed(rng, game, true, campaigns)
        rate = ever.mean()
        # one-sided 95% upper bound (Clopper-Pearson) of the false-alarm rate
        upper = stats.beta.ppf(0.95, ever.sum() + 1, campaigns - ever.sum())
        total += campaigns
        hits += ever.sum()
        ok &= rate <= ALPHA
        print(f"   {name:55s} {rate:6.2%}  (95% upper bound {upper:.2%})  "
              f"[{time.perf_counter() - start:.1f} s]")
    print(f"   all wheels: {hits / total:.2%} of {total} campaigns -> "
          f"{'PASS' if ok else 'FAIL'}")
    return ok


def verdict_agreement(samples: int = 40, seed: int = 3) -> bool:
    """The full analyze()+verdict() says 'inconsistent' exactly when the e-value path does."""
    rng = np.random.default_rng(seed)
    _, game, _ = _shapes()[0]
    agree = 0
    for _ in range(samples):
        true = game.stated.copy()
        if rng.random() < 0.5:  # half of them dishonest, so both answers occur
            true[-1] /= 4
            true[0] += game.stated[-1] - true[-1]
        seq = rng.choice(game.labels, size=3000, p=true)
        answer = fairness.verdict(fairness.analyze(fairness.Evidence.from_outcomes(game, seq),
                                                   game, alpha=ALPHA))
        by_evalue = answer.analysis.evalue >= 1 / ALPHA
        agree += (answer.level == "inconsistent") == by_evalue
    print(f"   verdict() agrees with the e-value rule in {agree}/{samples} campaigns")
    return agree == samples


def power(campaigns: int, seed: int = 2) -> bool:
    print("2. Power: top prize stated 1% really pays 1/3 of that; target: 'inconsistent' by "
          f"{MAX_SPINS} spins in >= 90%")
    game = fairness.Game.from_dict({"name": "wheel", "outcomes": [
        {"label": "small", "probability": 0.7, "tolerance": 0},
        {"label": "medium", "probability": 0.2, "tolerance": 0},
        {"label": "large", "probability": 0.09, "tolerance": 0},
        {"label": "top", "probability": 0.01, "tolerance": 0}]})
    true = game.stated.copy()
    true[3] = 0.01 / 3
    true[0] += 0.01 - true[3]
    ever, _ = _ever_crossed(np.random.default_rng(seed), game, true, campaigns)
    print(f"   called inconsistent in {ever.mean():.1%} of {campaigns} campaigns -> "
          f"{'PASS' if ever.mean() >= 0.9 else 'FAIL'}")
    rounded = fairness.Game.from_dict({"name": "wheel", "outcomes": [
        {"label": lab, "percent": p} for lab, p in
        [("small", 70), ("medium", 20), ("large", 9), ("top", 1)]]})
    ever_r, _ = _ever_crossed(np.random.default_rng(seed), rounded, true, campaigns)
    print(f"   (same wheel stated as rounded percents, '1%' allowing 0.5-1.5%: "
          f"{ever_r.mean():.1%} - rounding costs power)")
    return ever.mean() >= 0.9


def speed() -> None:
    print("3. Speed")
    rng = np.random.default_rng(0)
    stated = rng.dirichlet(np.ones(10))
    observed = rng.multinomial(10_000, stated)
    start = time.perf_counter()
    stats.chisquare(observed, stated * observed.sum())
    t_scipy = time.perf_counter() - start
    start = time.perf_counter()
    result = goodness_of_fit(observed, stated, method="monte_carlo", n_simulations=1_000_000,
                             seed=0)
    t_mc = time.perf_counter() - start
    print(f"   goodness_of_fit(monte_carlo, 10^6 tables, k=10, n=10,000): {t_mc:.2f} s "
          f"(p = {result.pvalue:.4f}); scipy.stats.chisquare on the same data: "
          f"{t_scipy * 1e3:.2f} ms (asymptotic p only)")
    game = fairness.Game.from_dict({"name": "big", "outcomes": [
        {"label": lab, "count": c} for lab, c in
        [("1%", 7000), ("3%", 2000), ("5%", 700), ("10%", 250), ("100%", 50)]]})
    seq = rng.choice(game.labels, size=1_000_000, p=game.stated)
    evidence = fairness.Evidence.from_outcomes(game, seq)
    start = time.perf_counter()
    fairness.verdict(fairness.analyze(evidence, game))
    print(f"   analyze() + verdict() on 10^6 spins (counts and order only, so the dependence "
          f"family has nothing to run): {time.perf_counter() - start:.2f} s")
    import pandas as pd

    reporters = rng.integers(0, 5000, size=len(seq)).astype(str)
    times = pd.Timestamp("2026-03-01", tz="UTC") + pd.to_timedelta(
        np.sort(rng.integers(0, 42 * 86_400, size=len(seq))), unit="s")
    evidence = fairness.Evidence.from_outcomes(game, seq, reporter=reporters, reported_at=times)
    start = time.perf_counter()
    fairness.verdict(fairness.analyze(evidence, game))
    print(f"   the same with 5,000 reporters and times (every dependence test runs): "
          f"{time.perf_counter() - start:.2f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="core calibration, power and speed")
    parser.add_argument("--campaigns", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="200 campaigns, for a smoke run")
    args = parser.parse_args(argv)
    campaigns = 200 if args.quick else args.campaigns
    ok = calibration(campaigns)
    ok &= verdict_agreement()
    ok &= power(max(campaigns // 2, 100))
    speed()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
