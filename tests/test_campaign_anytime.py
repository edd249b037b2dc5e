"""Checking a campaign after every batch keeps the guarantee: an honest campaign checked after
each of 100 batches is accused ("inconsistent": E >= 1/alpha) at most alpha of the time.

Three pieces of evidence, each honest about its own precision:

* **exact**: for a two-outcome wheel the chance that the e-value ever reaches 1/alpha at one of
  100 checks is computed exactly (dynamic programming over the counts) and is at most alpha;
  the computation is itself checked against a simulation where crossings are common;
* **simulated**: 5,000 honest campaigns of the bundled cashback wheel (five outcomes, intervals
  from rounding), each checked after each of 100 batches of 50 spins. The test fails only when
  the number of accused campaigns is above the 99.9% quantile of Binomial(5000, alpha), i.e.
  when the data show the rate is above alpha (it would catch a rate of 2 alpha almost surely).
  ``benchmarks/bench_campaign.py`` runs 50,000 campaigns;
* **the store's path is that path**: the e-value a stored campaign reports after each batch is
  the one these simulations compute from the same counts.

The contrast: a p-value (Pearson's test) looked at after each of the 100 batches accuses an
honest wheel many times more often than its level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom, chi2

import fairness
from fairness.campaign import Campaign
from fairness.campaign.monitor import (
    allowed_null,
    exact_crossing_probability,
    false_alarm_rate,
    log_evalue_paths,
)
from tests.conftest import DATASETS

ALPHA = 0.01
BATCHES = 100
BATCH_SIZE = 50


@pytest.fixture(scope="module")
def wheel():
    return allowed_null(fairness.load_game(DATASETS / "games" / "cashback_wheel.toml"))


@pytest.mark.parametrize("stated", [0.5, 0.05, 0.005])
def test_exact_chance_of_a_false_alarm_over_100_checks_is_at_most_alpha(stated):
    probability = exact_crossing_probability(stated, batches=BATCHES, batch_size=BATCH_SIZE,
                                             alpha=ALPHA)
    assert 0 <= probability <= ALPHA


def test_the_exact_computation_agrees_with_a_simulation():
    # alpha = 0.2 makes crossings common enough to compare: 4,000 campaigns give the rate
    # within about +-0.007 (one standard error); the tolerance is four of them.
    alpha, stated, campaigns = 0.2, 0.05, 4_000
    exact = exact_crossing_probability(stated, batches=BATCHES, batch_size=BATCH_SIZE,
                                       alpha=alpha)
    alarms, n = false_alarm_rate([stated, 1 - stated], campaigns=campaigns, batches=BATCHES,
                                 batch_size=BATCH_SIZE, alpha=alpha, seed=7)
    se = np.sqrt(exact * (1 - exact) / n)
    assert abs(alarms / n - exact) <= 4 * se
    assert exact <= alpha


@pytest.mark.slow
def test_simulated_honest_campaigns_checked_after_every_batch(wheel):
    _, stated, lower, upper = wheel
    campaigns = 5_000
    alarms, n = false_alarm_rate(stated, campaigns=campaigns, batches=BATCHES,
                                 batch_size=BATCH_SIZE, alpha=ALPHA, lower=lower, upper=upper,
                                 seed=2026)
    assert alarms <= binom.ppf(0.999, n, ALPHA), f"{alarms} of {n} honest campaigns accused"
    # and at alpha = 0.1, where a rate at the bound would give about 500 alarms
    alarms_10, _ = false_alarm_rate(stated, campaigns=campaigns, batches=BATCHES,
                                    batch_size=BATCH_SIZE, alpha=0.1, lower=lower,
                                    upper=upper, seed=2027)
    assert alarms_10 <= binom.ppf(0.999, n, 0.1)


def test_a_pvalue_looked_at_after_every_batch_is_not_safe(wheel):
    _, stated, _, _ = wheel
    rng = np.random.default_rng(np.random.SeedSequence(11))
    draws = rng.multinomial(BATCH_SIZE, stated, size=(1_000, BATCHES))
    counts = np.cumsum(draws, axis=1)
    n = counts.sum(axis=2, keepdims=True)
    expected = n * stated
    pearson = ((counts - expected) ** 2 / expected).sum(axis=2)
    pvalues = chi2.sf(pearson, df=len(stated) - 1)
    naive = np.mean(pvalues.min(axis=1) < ALPHA)
    assert naive > 3 * ALPHA  # many times the level: why the verdict uses the e-value
    paths = log_evalue_paths(draws, stated)
    assert np.mean(paths.max(axis=1) >= np.log(1 / ALPHA)) <= naive / 3


def test_the_stored_campaigns_path_is_the_simulated_path(tmp_path, wheel):
    game = fairness.load_game(DATASETS / "games" / "cashback_wheel.toml")
    _, stated, lower, upper = wheel
    rng = np.random.default_rng(np.random.SeedSequence(5))
    draws = rng.multinomial(BATCH_SIZE, stated, size=(1, 6))
    campaign = Campaign.create(tmp_path / "c.sqlite", "honest", game)
    for number, batch in enumerate(draws[0]):
        path = tmp_path / f"batch{number}.csv"
        outcomes = np.repeat(np.array(game.labels), batch)
        pd.DataFrame({"outcome": outcomes,
                      "reporter": [f"m{number}-{i}" for i in range(len(outcomes))]}
                     ).to_csv(path, index=False)
        campaign.add(path)
        result = campaign.check()
        assert result.level != "inconsistent"
    stored = campaign.evalue_path()
    expected = log_evalue_paths(draws, stated, lower, upper)[0] / np.log(10)
    np.testing.assert_allclose(stored["log10"].to_numpy(), expected, rtol=1e-12, atol=1e-12)
    history = campaign.history()
    np.testing.assert_allclose(history["log10_evalue"].to_numpy(), expected, rtol=1e-9,
                               atol=1e-12)
