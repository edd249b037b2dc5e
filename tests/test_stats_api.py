"""The public surface of fairness.stats, the shared result behaviour, Thresholds and
Game.allowed()."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import fairness.stats as fs
from fairness import Evidence, Game, analyze, verdict
from fairness.thresholds import DEFAULT, Thresholds

TESTS = ["goodness_of_fit", "evalue", "evalue_path", "null_fit", "runs_test",
         "combined_runs_test", "longest_streak_test", "markov_dependence_test", "pity_test",
         "scripted_start_test", "homogeneity_test", "homogeneity_table_test",
         "overdispersion_test", "drift_test", "reporting_bias", "binomial_test",
         "interval_pvalue", "adjust_pvalues", "zero_hits", "outcome_table",
         "simultaneous_intervals", "dirichlet_posterior", "expected_value_test",
         "spins_needed", "chisq_power", "chisq_sample_size"]


@pytest.mark.parametrize("name", TESTS)
def test_every_test_is_a_function_of_fairness_stats(name):
    assert name in fs.__all__ and name in dir(fs)
    assert callable(getattr(fs, name)) and not isinstance(getattr(fs, name), type(fs))


def test_evalue_is_the_function_and_anytime_the_module():
    import fairness.stats.anytime as anytime

    assert fs.evalue is anytime.evalue
    assert fs.evalue([10, 10], [0.5, 0.5]).value > 0


def _results():
    rng = np.random.default_rng(0)
    seqs = [rng.choice(3, size=40, p=[0.7, 0.2, 0.1]) for _ in range(12)]
    times = pd.Series(pd.Timestamp("2026-03-01", tz="UTC")
                      + pd.to_timedelta(np.sort(rng.integers(0, 30 * 86400, 480)), unit="s"))
    codes = np.concatenate(seqs)
    return [
        fs.goodness_of_fit([30, 12, 8], [0.6, 0.25, 0.15]),
        fs.evalue([30, 12, 8], [0.6, 0.25, 0.15]),
        fs.binomial_test(3, 50, 0.1),
        fs.zero_hits(100, 0.01),
        fs.runs_test(rng.integers(0, 2, 50)),
        fs.combined_runs_test([s != 0 for s in seqs]),
        fs.longest_streak_test(seqs, 0.3, win=[1, 2]),
        fs.markov_dependence_test(seqs, 3, n_simulations=99),
        fs.pity_test(seqs, 2, stated=0.1),
        fs.scripted_start_test(seqs, 3, k_outcomes=3, n_simulations=99),
        fs.homogeneity_table_test([[20, 5], [18, 7]], n_simulations=99),
        fs.overdispersion_test(np.array([[5, 1], [4, 2], [6, 0]]), n_simulations=99),
        fs.drift_test(times, codes, 3, n_simulations=99),
        fs.expected_value_test([30, 12, 8], [0.6, 0.25, 0.15], [1, 3, 10]),
        fs.reporting_bias([30, 12, 8], [0.6, 0.25, 0.15]),
    ]


def test_every_result_has_summary_to_frame_and_html():
    for result in _results():
        summary = result.summary()
        assert isinstance(summary, dict) and summary, type(result).__name__
        frame = result.to_frame()
        assert isinstance(frame, pd.DataFrame) and len(frame) >= 1
        assert "<table" in result._repr_html_()
        assert dataclasses.is_dataclass(result)
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.__setattr__(dataclasses.fields(result)[0].name, None)


def test_importing_fairness_stats_needs_no_scipy():
    import subprocess
    import sys

    code = ("import sys, fairness.stats; assert 'scipy.stats' not in sys.modules; "
            "fairness.stats.runs_test; assert 'scipy' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_thresholds_live_in_one_place_and_are_checked():
    from fairness import analysis, dependence
    from fairness.decision import Thresholds as VerdictThresholds

    assert VerdictThresholds is Thresholds
    assert not hasattr(analysis, "PLAN_RATIO") and not hasattr(dependence, "MIN_REPORTERS")
    assert DEFAULT.plan_ratio == 0.5 and DEFAULT.plan_power == 0.8
    assert DEFAULT.dependence_alpha == 0.01 and DEFAULT.min_complete_log == 20
    with pytest.raises(ValueError, match="plan_power"):
        Thresholds(plan_power=1.5)
    with pytest.raises(TypeError, match="min_reporters"):
        Thresholds(min_reporters=2.5)
    with pytest.raises(ValueError, match="suspicious_evalue"):
        Thresholds(suspicious_evalue=0.5)


def test_analysis_and_verdict_use_the_thresholds_given():
    game = Game.from_dict({"name": "w", "outcomes": [
        {"label": "a", "percent": 90}, {"label": "b", "percent": 10}]})
    evidence = Evidence.from_outcomes(game, ["a"] * 170 + ["b"] * 30,
                                      reporter=[f"u{i % 20}" for i in range(200)])
    strict = Thresholds(plan_power=0.95, min_reporters=50)
    loose = analyze(evidence, game)
    tight = analyze(evidence, game, thresholds=strict)
    assert tight.thresholds is strict and loose.thresholds is DEFAULT
    assert tight.plan.power == 0.95 and loose.plan.power == 0.8
    assert any(code == "sequence" for code, _ in tight.dependence.skipped)
    assert not any(code == "sequence" for code, _ in loose.dependence.skipped)
    # the verdict reads the analysis's thresholds unless told otherwise
    assert verdict(tight).level == verdict(tight, thresholds=strict).level
    with pytest.raises(TypeError, match="thresholds"):
        analyze(evidence, game, thresholds={"plan_power": 0.9})


def test_game_allowed_renormalises_the_allowed_outcomes():
    game = Game.from_dict({"name": "w", "outcomes": [
        {"label": "a", "percent": 60}, {"label": "never", "probability": 0},
        {"label": "b", "percent": 40, "value": 5}]})
    allowed = game.allowed()
    assert allowed.labels == ("a", "b")
    np.testing.assert_array_equal(allowed.mask, [True, False, True])
    assert allowed.stated.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(allowed.stated, [0.6, 0.4])
    np.testing.assert_array_equal(allowed.index, [0, -1, 1])
    assert not allowed.has_values and np.isnan(allowed.values[0]) and allowed.values[1] == 5
    np.testing.assert_array_equal(allowed.upper, game.upper[[0, 2]])
