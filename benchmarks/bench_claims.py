"""Calibration of the verdict for claims as operators make them (issue 16).

    python benchmarks/bench_claims.py [--campaigns 1000] [--quick]

Target: honest games with unstated outcomes and group claims, each checked after every batch of
50 spins up to 5,000 (100 looks): the share of campaigns ever called ``inconsistent`` (the
e-value against every statement together reaching 1/alpha, alpha = 0.01) is at most alpha.
By Ville's inequality it is for any honest wheel (fairness.stats.composite); the truth is put
on the boundary of what the statements allow, the hardest honest case. Baseline in the same run:
the same campaigns with the e-value computed against the point the truth sits on (a simple
null, exactly a test martingale), whose false-alarm rate is the most any valid e-value of this
family could spend.

A sample of campaigns is re-checked through the full ``analyze()`` + ``verdict()`` to show the
fast path and the verdict agree.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import numpy as np
from scipy import stats

import fairness
from fairness.stats.anytime import CONCENTRATIONS, log_evalues
from fairness.stats.composite import composite_log_evalues

ALPHA = 0.01
BATCH = 50
BATCHES = 100


def shapes():
    """(name, game, true chances over all outcomes): honest, on the boundary of the null."""
    out = []
    issue = fairness.Game.from_dict({"name": "issue wheel", "outcomes": [
        {"label": "1%"}, {"label": "3%"}, {"label": "5%", "percent": 7},
        {"label": "10%"}, {"label": "100%"}],
        "claims": [{"outcomes": ["5%", "10%", "100%"], "odds": "1 in 10", "claim": "at_least"}]})
    # 5% at the bottom of its rounding (6.5%), the group at the bottom of "1 in 10" (1/10.5)
    group = 1 / 10.5
    true = np.array([0.70, 0.0, 0.065, group - 0.065 - 0.001, 0.001])
    true[1] = 1 - true.sum()
    out.append(("one percent, three unstated, an at-least group claim (truth on both edges)",
                issue, true))
    top = fairness.Game.from_dict({"name": "no odds but a cap", "outcomes": [
        {"label": "a"}, {"label": "b"}, {"label": "c"}, {"label": "top"}],
        "claims": [{"outcomes": ["top"], "odds": "1 in 1000", "claim": "at_most"}]})
    out.append(("nothing stated but 'top at most 1 in 1000' (truth at the cap)", top,
                np.array([0.6, 0.3, 0.1 - 1 / 999.5, 1 / 999.5])))
    mixed = fairness.Game.from_dict({"name": "mixed", "outcomes": [
        {"label": "x", "percent": 60}, {"label": "y", "percent": 25}, {"label": "u"},
        {"label": "v"}]})
    out.append(("two rounded percents at their edges, two unstated", mixed,
                np.array([0.595, 0.2545, 0.1, 0.0505])))
    two = fairness.Game.from_dict({"name": "two claims", "outcomes": [
        {"label": "a"}, {"label": "b"}, {"label": "c"}, {"label": "d"}, {"label": "e"}],
        "claims": [{"outcomes": ["c", "d", "e"], "percent": 20, "claim": "at_least"},
                   {"outcomes": ["d", "e"], "percent": 5, "claim": "at_most"}]})
    out.append(("two overlapping group claims, both on their edges", two,
                np.array([0.5, 0.305, 0.14, 0.04, 0.015])))
    return out


def ever_crossed(game, true, campaigns, rng, *, chunk=200):
    """Per campaign: did the e-value ever reach 1/alpha over the looks? (composite, baseline)."""
    allowed = game.allowed()
    null = game.null()
    k = len(true)
    ever = np.zeros(campaigns, dtype=bool)
    ever_point = np.zeros(campaigns, dtype=bool)
    threshold = math.log(1 / ALPHA)
    for start in range(0, campaigns, chunk):
        size = min(chunk, campaigns - start)
        draws = rng.multinomial(BATCH, true, size=(size, BATCHES))
        paths = np.cumsum(draws, axis=1).reshape(-1, k)
        log_e, _, _, _ = composite_log_evalues(paths, null, allowed.stated,
                                               concentrations=CONCENTRATIONS)
        ever[start:start + size] = (log_e.reshape(size, BATCHES) >= threshold).any(axis=1)
        point, _, _ = log_evalues(paths, true)
        ever_point[start:start + size] = (point.reshape(size, BATCHES) >= threshold).any(axis=1)
    return ever, ever_point


def recheck(game, true, rng, n=3) -> bool:
    """Full analyze() + verdict() on a few campaigns: 'inconsistent' iff the e-value path
    crossed at one of the looks (here: the verdict sees the last look's e-value and its path)."""
    ok = True
    for _ in range(n):
        codes = rng.choice(len(true), size=BATCH * BATCHES, p=true)
        evidence = fairness.Evidence.from_outcomes(game, [game.labels[c] for c in codes])
        answer = fairness.verdict(fairness.analyze(evidence, game, alpha=ALPHA,
                                                   dependence=False))
        crossed = answer.analysis.evidence_value.crossed(1 / ALPHA)
        ok &= (answer.level == "inconsistent") == (answer.analysis.evalue >= 1 / ALPHA)
        ok &= answer.level != "inconsistent" or crossed
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="calibration for unstated odds and claims")
    parser.add_argument("--campaigns", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="200 campaigns per wheel")
    args = parser.parse_args(argv)
    campaigns = 200 if args.quick else args.campaigns
    rng = np.random.default_rng(16)
    print(f"Calibration: {campaigns} honest campaigns per wheel, checked after each of "
          f"{BATCHES} batches of {BATCH} spins; target: ever 'inconsistent' <= {ALPHA:.0%}")
    ok = True
    for name, game, true in shapes():
        t0 = time.perf_counter()
        ever, ever_point = ever_crossed(game, true, campaigns, rng)
        alarms = int(ever.sum())
        upper = stats.beta.ppf(0.95, alarms + 1, campaigns - alarms) if alarms < campaigns else 1
        rate = alarms / campaigns
        # pass: the observed rate is at most alpha, or not significantly above it (one-sided
        # exact binomial test at 0.001, so that honest noise in a finite run does not fail it)
        pvalue = stats.binomtest(alarms, campaigns, ALPHA, alternative="greater").pvalue
        passed = rate <= ALPHA or pvalue > 0.001
        ok &= passed
        print(f"  {name}\n    composite e-value: {alarms}/{campaigns} = {rate:.2%} "
              f"(95% upper bound {upper:.2%}); baseline (point null at the truth): "
              f"{int(ever_point.sum())}/{campaigns} = {ever_point.mean():.2%}; "
              f"{time.perf_counter() - t0:.1f} s  {'PASS' if passed else 'FAIL'}")
        agrees = recheck(game, true, rng)
        ok &= agrees
        print(f"    analyze() + verdict() on 3 campaigns agree with the e-value: {agrees}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
